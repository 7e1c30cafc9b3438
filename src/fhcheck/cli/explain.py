"""``fhcheck explain FILE ID``: one item in full, and why it has its verdict."""

from __future__ import annotations

from pathlib import Path

import typer

from fhcheck.cli.exitcodes import OK
from fhcheck.cli.shared import Quiet, WarnDays
from fhcheck.limits import DEFAULT_WARN_DAYS


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)


def explain(
    file: Path = typer.Argument(..., metavar="FILE", help="The evidence file."),
    item_id: str = typer.Argument(..., metavar="ID", help="The item, e.g. 1.2.B3."),
    fmt: str = typer.Option("text", "--format", "-F", metavar="FORMAT", help="text (default) or json."),
    warn_days: WarnDays = DEFAULT_WARN_DAYS,
    quiet: Quiet = False,
) -> int:
    """Explain one item: its criterion, the status claimed, whether and why each piece of evidence counts,
    the exemption or plan, and what would make it satisfied."""
    from fhcheck import __version__
    from fhcheck.catalogue import default_store
    from fhcheck.errors import UsageError
    from fhcheck.evaluate import Settings
    from fhcheck.explain import explain_item
    from fhcheck.report import explain as layout

    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}; expected text or json")
    found = explain_item(file, str(file), item_id.strip(), default_store(), Settings(warn_days=warn_days))
    typer.echo(layout.render_text(found) if fmt == "text" else layout.render_json(found, __version__), nl=False)
    return OK


