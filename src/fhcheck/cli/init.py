"""``fhcheck init``: start a new evidence file that lists every item of a framework version."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from fhcheck.cli.exitcodes import OK


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    local_authority: str = typer.Option(..., "--local-authority", "-l", metavar="NAME", help="The local authority's name."),
    framework: Optional[str] = typer.Option(
        None, "--framework", "-f", help="Framework version to list the items of (default: the latest)."
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the new file to FILE instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it already exists."),
    assessed_on: Optional[str] = typer.Option(
        None, "--assessed-on", metavar="YYYY-MM-DD", help="The file's assessment date (default: today)."
    ),
    schema_ref: Optional[str] = typer.Option(
        None,
        "--schema",
        metavar="PATH-OR-URL",
        help="What the '# yaml-language-server: $schema=' line points at (default: evidence-VERSION.schema.json "
        "beside the file; write it with 'fhcheck schema -o').",
    ),
) -> int:
    """Write a new evidence file: every item as a commented stub with its criterion text, valid as it is.

    No status is filled in for you: items stay commented out, and are assessed as missing,
    until you record them. An existing file is never replaced without --force.
    """
    import datetime as dt
    import sys

    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import emit, latest_version
    from fhcheck.errors import UsageError
    from fhcheck.output import check_writable
    from fhcheck.scaffold import scaffold

    from fhcheck.safe_text import visible

    name = local_authority.strip()
    if not name or visible(name) != name:  # a control, bidi or zero-width character, or one YAML refuses (U+FFFE)
        raise UsageError(
            f"found local authority name {local_authority!r}; expected a name on one line of printable "
            "text, e.g. 'Exampleshire County Council'"
        )
    day = dt.date.today()
    if assessed_on is not None:
        try:
            day = dt.date.fromisoformat(assessed_on)
        except ValueError:
            raise UsageError(f"found --assessed-on {assessed_on!r}; expected a date written YYYY-MM-DD") from None
    if schema_ref is not None and (not schema_ref.strip() or any(ord(ch) < 32 for ch in schema_ref)):
        raise UsageError(f"found --schema {schema_ref!r}; expected a file path or URL on one line")
    catalogue = default_store().get(framework or latest_version())
    if output is not None and str(output) != "-":
        check_writable(output, force=force)
    emit(scaffold(catalogue, name, day, schema_ref), output, force=force)
    if output is not None and str(output) != "-":
        ref = schema_ref or f"evidence-{catalogue.version}.schema.json"
        sys.stderr.write(
            f"wrote {output}: {len(catalogue.items)} items of framework {catalogue.version} to fill in.\n"
            f"For checks as you type, write the schema it names: fhcheck schema --framework {catalogue.version} "
            f"--output {output.parent / ref if '://' not in ref else ref}\n"
        )
    return OK
