"""``fhcheck compare`` on a terminal: stage then and now, the roll-ups, and every move.

Coloured when the terminal wants it, plain text otherwise; decides nothing (the records
come from :mod:`fhcheck.comparison`), and words each move as the Markdown delta does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fhcheck.report.compare_markdown import KIND_LABEL, item_label
from fhcheck.report.registry import Renderer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from fhcheck.comparison import Comparison, CriterionChange
    from fhcheck.views import Compared

KIND_STYLE = {
    "improved": "green",
    "regressed": "bold red",
    "newly_stale": "yellow",
    "newly_overdue": "yellow",
    "changed": "dim",
}
ARROW = "\u2192"


def _met(value: bool | None) -> str:
    if value is None:
        return "[dim]-[/dim]"
    return "[green]yes[/green]" if value else "[red]no[/red]"


def _criterion_row(record: CriterionChange) -> list[str]:
    def stage(value: str | None) -> str:
        return "-" if value is None else value

    def gf(value: object) -> str:
        return "-" if value is None or getattr(value, "total", 0) == 0 else str(value)

    if record.worse:
        mark = "[bold red]worse[/bold red]"
    elif record.changed:
        mark = "[cyan]changed[/cyan]"
    else:
        mark = ""
    return [
        _met(record.then_minimum_met),
        _met(record.now_minimum_met),
        stage(record.then_stage),
        stage(record.now_stage),
        gf(record.then_go_further),
        gf(record.now_go_further),
        mark,
    ]


def render(comparison: Comparison, *, color: bool = False, width: int = 120) -> str:
    """Print each part of the comparison into one buffered console, in reading order."""
    from fhcheck.report.table import buffer_console

    buffer = io.StringIO()
    out = buffer_console(buffer, color, width)
    _print_heading(out, comparison)
    for title, records in (("Key criteria", comparison.key_criteria), ("Sub-criteria", comparison.subcriteria)):
        out.print()
        out.print(_criteria_table(title, records))
    out.print()
    _print_moves(out, comparison)
    if comparison.links:
        _print_links(out, comparison)
    if comparison.unmapped:
        _print_unmapped(out, comparison)
    out.print()
    return buffer.getvalue()


def _print_heading(out: Console, comparison: Comparison) -> None:
    """The two files, the stage and minimum then and now, the counts per kind of move, and the notes."""
    from fhcheck.safe_text import rich_text as escape

    out.rule(f"[bold]{escape(comparison.new_local_authority)}[/bold]", style="dim")
    out.print(
        f"then {escape(comparison.old_file)} · framework {escape(comparison.old_framework)} · assessed on "
        f"{comparison.old_assessed_on.isoformat()}"
    )
    out.print(
        f"now  {escape(comparison.new_file)} · framework {escape(comparison.new_framework)} · assessed on "
        f"{comparison.new_assessed_on.isoformat()}"
    )
    stage_style = "bold red" if comparison.stage_worse else "bold"
    out.print(
        f"stage [{stage_style}]{comparison.then_stage} {ARROW} {comparison.now_stage}[/] · minimum met "
        f"{_met(comparison.then_minimum_met)} {ARROW} {_met(comparison.now_minimum_met)}"
    )
    counts = comparison.counts()
    out.print(" · ".join(f"[{KIND_STYLE[kind]}]{n} {KIND_LABEL[kind]}[/]" for kind, n in counts.items()))
    for note in comparison.notes:
        out.print(f"[yellow]note:[/yellow] {escape(note)}")


def _criteria_table(title: str, records: Sequence[CriterionChange]) -> Table:
    """One roll-up table; sub-criteria carry their titles, key criteria (long statements) do not."""
    from rich.table import Table

    from fhcheck.safe_text import rich_text as escape

    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("Id", no_wrap=True)
    if records and records[0].scope == "subcriterion":
        table.add_column("Title")
    for column in ("Min. met then", "now", "Stage then", "now", "Go further then", "now", ""):
        table.add_column(column, no_wrap=True)
    for record in records:
        head = [record.id] + ([escape(record.title)] if record.scope == "subcriterion" else [])
        table.add_row(*head, *_criterion_row(record))
    return table


def _print_moves(out: Console, comparison: Comparison) -> None:
    """Every moved item as a grid row (label, kind, verdicts then and now, why), or a line saying none moved."""
    from rich.table import Table

    from fhcheck.safe_text import rich_text as escape

    if not comparison.items:
        out.print("No item's verdict changed.")
        return
    out.print(f"[bold]What moved[/bold]: {len(comparison.items)} items")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for change in comparison.items:
        why = "; ".join(change.now_reasons if change.now != "met" else ())
        grid.add_row(
            f"  {escape(item_label(change, comparison.old_framework, markdown=False))}",
            f"[{KIND_STYLE[change.kind]}]{KIND_LABEL[change.kind]}[/]",
            f"{_verdict(change.then, change.then_overdue)} {ARROW} {_verdict(change.now, change.now_overdue)}",
            escape(why),
        )
    out.print(grid)


def _verdict(value: str, overdue: bool) -> str:
    """A verdict as the moves grid shows it, marked when its plan was overdue."""
    return f"{value}{' (overdue)' if overdue else ''}"


def _print_links(out: Console, comparison: Comparison) -> None:
    """Which new item stands for which old ones, so a cross-version move can be traced."""
    out.print("\n[bold]Compared through 'replaces' links[/bold]")
    for link in comparison.links:
        out.print(
            f"  {link.new} ({comparison.new_framework}) stands for "
            f"{' + '.join(link.old)} ({comparison.old_framework})"
        )


def _print_unmapped(out: Console, comparison: Comparison) -> None:
    """Items with no counterpart, new ones first, so nothing silently drops out of the comparison."""
    from fhcheck.safe_text import rich_text as escape

    out.print("\n[bold]Not compared[/bold] (no counterpart in the other framework)")
    for side, framework, what in (
        ("new", comparison.new_framework, "new in"),
        ("old", comparison.old_framework, "dropped after"),
    ):
        chosen = [f"{u.id} ({u.verdict})" for u in comparison.unmapped if u.side == side]
        if chosen:
            out.print(f"  {what} framework {escape(framework)}: {', '.join(chosen)}")


class CompareTableRenderer(Renderer):
    def render(self, value: Compared) -> str:
        return render(value.comparison, color=self.color, width=self.width or 120)
