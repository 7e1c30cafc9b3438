"""``fhcheck criteria``: browse and export the framework's criteria."""

from __future__ import annotations

import typer

from fhcheck.cli.exitcodes import OK
from fhcheck.cli.shared import ExportFormat, Force, Framework, Output, Quiet, console, emit, latest_version

criteria_app = typer.Typer(
    help="Browse and export the framework's criteria.", no_args_is_help=True, rich_markup_mode=None
)


def register(app: typer.Typer) -> None:
    app.add_typer(criteria_app, name="criteria")


@criteria_app.command("list")
def list_criteria(
    framework: Framework = None,
    quiet: Quiet = False,
) -> int:
    """Every key criterion and sub-criterion, with item counts per tier."""
    from rich.table import Table

    from fhcheck.catalogue import default_store
    from fhcheck.criteria_view import tier_counts

    catalogue = default_store().get(framework or latest_version())
    out = console()
    out.print(f"[bold]{catalogue.title}[/bold] — framework {catalogue.version}")
    totals = tier_counts(list(catalogue.iter_items()))
    out.print(
        f"{len(catalogue.key_criteria)} key criteria, {len(catalogue.subcriteria)} sub-criteria, "
        f"{len(catalogue.items)} items: {totals['B']} basic, {totals['D']} developed minimum, "
        f"{totals['G']} go further"
    )
    for key in catalogue.spec.key_criteria:
        table = Table(
            title=f"Key criterion {key.id} ({catalogue.delivery_area_of(key.id)}): {key.statement}",
            title_justify="left",
            expand=False,
        )
        table.add_column("Sub", style="bold")
        table.add_column("Title")
        table.add_column("Basic", justify="right")
        table.add_column("Developed", justify="right")
        table.add_column("Go further", justify="right")
        for sub in key.subcriteria:
            counts = tier_counts(sub.items)
            table.add_row(sub.id, sub.title, str(counts["B"]), str(counts["D"]), str(counts["G"]))
        out.print(table)
    return OK


@criteria_app.command("show")
def show(
    item_id: str = typer.Argument(
        ..., metavar="ID", help="An item (1.1.B1), sub-criterion (1.1) or key criterion (1)."
    ),
    framework: Framework = None,
    quiet: Quiet = False,
) -> int:
    """The full text and rule data of an item, sub-criterion or key criterion."""
    from rich.markup import escape

    from fhcheck.catalogue import default_store
    from fhcheck.criteria_view import TIER_LABEL, history
    from fhcheck.errors import UsageError

    store = default_store()
    catalogue = store.get(framework or latest_version())
    out = console()
    if item_id in catalogue.key_criteria:
        key = catalogue.key_criteria[item_id]
        out.print(
            f"[bold]Key criterion {key.id}[/bold] ({catalogue.delivery_area_of(key.id)}): {escape(key.statement)}"
        )
        for sub in key.subcriteria:
            out.print(f"  {sub.id} {escape(sub.title)} ({len(sub.items)} items)")
        return OK
    if item_id in catalogue.subcriteria:
        sub = catalogue.subcriteria[item_id]
        out.print(f"[bold]{sub.id} {escape(sub.title)}[/bold]")
        for item in sub.items:
            out.print(f"  [bold]{item.id}[/bold] ({item.level}, {TIER_LABEL[item.tier]}) {escape(item.text)}")
        return OK
    found = catalogue.items.get(item_id)
    if found is None:
        elsewhere = store.versions_with(item_id)
        hint = f"; it exists in framework {', '.join(elsewhere)}" if elsewhere else ""
        raise UsageError(
            f"unknown identifier {item_id!r} in framework {catalogue.version}{hint}; expected an item such as "
            f"1.1.B1, a sub-criterion such as 1.1 or a key criterion 1-{len(catalogue.key_criteria)} "
            "(see 'fhcheck criteria list')"
        )
    item = found
    sub = catalogue.subcriteria[item.subcriterion]
    rows = [
        ("Item", item.id),
        ("Framework", catalogue.version),
        ("Sub-criterion", f"{sub.id} {sub.title}"),
        ("Level", item.level),
        ("Tier", TIER_LABEL[item.tier]),
        ("Evidence kinds", ", ".join(item.requires_kinds) or "any kind"),
        ("Freshness", f"{catalogue.freshness_months(item)} months"),
        ("Conditional", item.conditional or "no"),
    ]
    for label, value in rows:
        out.print(f"[bold]{label + ':':<16}[/bold]{escape(value)}")
    out.print()
    out.print(escape(item.text))
    out.print()
    for line in history(store, item.id):
        out.print(f"[dim]{escape(line)}[/dim]")
    return OK


@criteria_app.command("export")
def export_cmd(
    framework: Framework = None,
    fmt: ExportFormat = "json",
    output: Output = None,
    force: Force = False,
    quiet: Quiet = False,
) -> int:
    """Every item with its rule data, in framework order, for other tools."""
    from fhcheck.catalogue import default_store
    from fhcheck.criteria_view import export
    from fhcheck.report.registry import check

    check("criteria", fmt)
    catalogue = default_store().get(framework or latest_version())
    emit(export(catalogue, fmt), output, force=force)
    return OK


@criteria_app.command("kinds")
def kinds(quiet: Quiet = False) -> int:
    """The controlled vocabulary of evidence kinds."""
    from fhcheck.catalogue import default_store

    out = console()
    for name, description in default_store().kinds.items():
        out.print(f"[bold]{name:<24}[/bold]{description}")
    return OK
