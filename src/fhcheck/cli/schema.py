"""``fhcheck schema``: the JSON Schema of the evidence file, for editors and peer validators."""

from __future__ import annotations

import typer

from fhcheck.cli.exitcodes import OK
from fhcheck.cli.shared import Force, Output, Quiet


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)


def schema(
    framework: str | None = typer.Option(
        None, "--framework", "-f", help="Framework version whose identifiers the schema lists (default: the latest)."
    ),
    output: Output = None,
    force: Force = False,
    quiet: Quiet = False,
) -> int:
    """Print the JSON Schema of evidence files for a framework version.

    Point an editor at it with a first line '# yaml-language-server: $schema=FILE-OR-URL'
    to get completion and checks while typing, or check files with any JSON Schema tool.
    """
    import json

    from fhcheck import __version__
    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import emit, latest_version
    from fhcheck.schema import evidence_schema

    store = default_store()
    catalogue = store.get(framework or latest_version())
    text = json.dumps(evidence_schema(catalogue, store.kinds, __version__), indent=2, ensure_ascii=False) + "\n"
    emit(text, output, force=force)
    return OK
