"""``fhcheck init``: start a new evidence file that lists every item of a framework version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fhcheck.cli.exitcodes import OK
from fhcheck.cli.shared import Force, Output, Quiet

if TYPE_CHECKING:
    import datetime as dt

    from fhcheck.catalogue import Catalogue


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    local_authority: str = typer.Option(
        "", "--local-authority", "-l", metavar="NAME", help="The local authority's name."
    ),
    framework: str | None = typer.Option(
        None, "--framework", "-f", help="Framework version to list the items of (default: the latest)."
    ),
    output: Output = None,
    force: Force = False,
    assessed_on: str | None = typer.Option(
        None, "--assessed-on", metavar="YYYY-MM-DD", help="The file's assessment date (default: today)."
    ),
    file_format: str = typer.Option(
        "yaml",
        "--format",
        metavar="yaml|xlsx",
        help="yaml (an evidence file) or xlsx (an evidence workbook, needs -o).",
    ),
    from_evidence: Path | None = typer.Option(
        None, "--from", metavar="EVIDENCE", help="With --format xlsx: fill the workbook from this evidence file."
    ),
    schema_ref: str | None = typer.Option(
        None,
        "--schema",
        metavar="PATH-OR-URL",
        help="What the '# yaml-language-server: $schema=' line points at (default: evidence-VERSION.schema.json "
        "beside the file; write it with 'fhcheck schema -o').",
    ),
    quiet: Quiet = False,
) -> int:
    """Write a new evidence file: every item as a commented stub with its criterion text, valid as it is.

    No status is filled in for you: items stay commented out, and are assessed as missing,
    until you record them. An existing file is never replaced without --force.
    """
    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import latest_version

    _check_format(file_format)
    if from_evidence is not None:
        return _workbook_from_evidence(from_evidence, file_format, output, force, quiet)
    name = _checked_name(local_authority)
    from fhcheck.cli.shared import assessment_day

    day = assessment_day(assessed_on)
    _check_schema_ref(schema_ref)
    catalogue = default_store().get(framework or latest_version())
    if file_format == "xlsx":
        return _workbook(catalogue, name, day, output, force, quiet)
    return _yaml(catalogue, name, day, schema_ref, output, force, quiet)


def _check_format(file_format: str) -> None:
    """Refuse an unknown --format before anything is read or written."""
    from fhcheck.errors import UsageError

    if file_format not in ("yaml", "xlsx"):
        raise UsageError(f"found --format {file_format!r}; expected yaml or xlsx")


def _workbook_from_evidence(evidence: Path, file_format: str, output: Path | None, force: bool, quiet: bool) -> int:
    """--from fills a workbook from an existing evidence file, so it needs --format xlsx and -o."""
    from fhcheck.errors import UsageError

    if file_format != "xlsx" or output is None:
        raise UsageError(
            "found --from without --format xlsx -o FILE; "
            "expected e.g. --from evidence.yaml --format xlsx -o ours.xlsx"
        )
    from fhcheck.cli.workbook import write_from_yaml

    write_from_yaml(evidence, output, force=force, quiet=quiet)
    return OK


def _checked_name(local_authority: str) -> str:
    """The local authority's name, stripped; refused when missing or not one line of printable text."""
    from fhcheck.errors import UsageError

    if not local_authority:
        raise UsageError(
            "found no --local-authority; expected the local authority's name, e.g. -l 'Exampleshire County Council'"
        )
    from fhcheck.safe_text import visible

    name = local_authority.strip()
    if not name or visible(name) != name:  # a control, bidi or zero-width character, or one YAML refuses (U+FFFE)
        raise UsageError(
            f"found local authority name {local_authority!r}; expected a name on one line of printable "
            "text, e.g. 'Exampleshire County Council'"
        )
    return name


def _check_schema_ref(schema_ref: str | None) -> None:
    """Refuse a --schema that is blank or would break out of its one comment line."""
    from fhcheck.errors import UsageError

    if schema_ref is not None and (not schema_ref.strip() or any(ord(ch) < 32 for ch in schema_ref)):
        raise UsageError(f"found --schema {schema_ref!r}; expected a file path or URL on one line")


def _yaml(
    catalogue: Catalogue,
    name: str,
    day: dt.date,
    schema_ref: str | None,
    output: Path | None,
    force: bool,
    quiet: bool,
) -> int:
    """The evidence file: every item as a commented stub; a file written says how to get its schema."""
    import sys

    from fhcheck.cli.shared import emit
    from fhcheck.output import check_writable
    from fhcheck.scaffold import scaffold

    if output is not None and str(output) != "-":
        check_writable(output, force=force)
    emit(scaffold(catalogue, name, day, schema_ref), output, force=force)
    if output is not None and str(output) != "-" and not quiet:
        ref = schema_ref or f"evidence-{catalogue.version}.schema.json"
        sys.stderr.write(
            f"wrote {output}: {len(catalogue.items)} items of framework {catalogue.version} to fill in.\n"
            f"For checks as you type, write the schema it names: fhcheck schema --framework {catalogue.version} "
            f"--output {output.parent / ref if '://' not in ref else ref}\n"
        )
    return OK


def _workbook(catalogue: Catalogue, name: str, day: dt.date, output: Path | None, force: bool, quiet: bool) -> int:
    """The evidence workbook template: every item of the version as a row to fill in."""
    import sys

    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import emit
    from fhcheck.errors import UsageError
    from fhcheck.output import check_writable
    from fhcheck.workbook.template import workbook_bytes

    if output is None:
        raise UsageError("found --format xlsx without --output; expected -o FILE.xlsx")
    if str(output) != "-":
        check_writable(output, force=force)
    about = {"fhcheck": 1, "framework": catalogue.version, "local_authority": name, "assessed_on": day}
    emit(workbook_bytes(catalogue, list(default_store().kinds), about), output, force=force)
    if str(output) != "-" and not quiet:
        sys.stderr.write(
            f"wrote {output}: {len(catalogue.items)} items of framework {catalogue.version} to fill in; "
            f"then run: fhcheck assess {output}\n"
        )
    return OK
