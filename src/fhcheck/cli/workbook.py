"""``fhcheck import`` and ``fhcheck export-workbook``: evidence moved between a workbook and YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from fhcheck.cli.exitcodes import OK
from fhcheck.cli.shared import Force, Quiet
from fhcheck.limits import DEFAULT_MAX_BYTES


def register(app: typer.Typer) -> None:
    app.command("import")(import_workbook)
    app.command("export-workbook")(export_workbook)


def import_workbook(
    workbook: Path = typer.Argument(..., metavar="WORKBOOK", help="An evidence workbook (.xlsx)."),
    output: Path = typer.Option(..., "--output", "-o", help="The evidence file to write (- for stdout)."),
    force: Force = False,
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse larger workbooks."),
    quiet: Quiet = False,
) -> int:
    """Convert an evidence workbook to an evidence file (YAML) that gives the same verdicts.

    The workbook is validated first: nothing is written unless it is valid. Each item is
    written under its criterion text (a comment); blank items are left out. An existing
    file is never replaced without --force.
    """
    import sys

    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import emit
    from fhcheck.evidence import parse_evidence
    from fhcheck.output import check_writable
    from fhcheck.workbook.convert import evidence_yaml
    from fhcheck.workbook.reader import read_workbook

    if str(output) != "-":
        check_writable(output, force=force, inputs=[workbook])
    doc = read_workbook(workbook, str(workbook), max_bytes)
    _, catalogue = parse_evidence(doc, default_store())
    emit(evidence_yaml(doc.data, catalogue, workbook.name), output, force=force, inputs=[workbook])
    if str(output) != "-" and not quiet:
        sys.stderr.write(f"wrote {output}: {len(doc.data.get('items') or {})} items from {workbook}\n")
    return OK


def export_workbook(
    evidence: Path = typer.Argument(..., metavar="EVIDENCE", help="An evidence file (YAML)."),
    output: Path = typer.Option(..., "--output", "-o", help="The workbook to write (.xlsx)."),
    force: Force = False,
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse larger evidence files."),
    quiet: Quiet = False,
) -> int:
    """Write an evidence workbook filled from an evidence file (the template of 'init --format xlsx')."""
    write_from_yaml(evidence, output, force=force, max_bytes=max_bytes, quiet=quiet)
    return OK


def write_from_yaml(
    evidence: Path, output: Path, *, force: bool, max_bytes: int = DEFAULT_MAX_BYTES, quiet: bool = False
) -> None:
    """Validate ``evidence`` and write it as a workbook to ``output`` (shared with ``init --from``)."""
    import sys

    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import emit
    from fhcheck.evidence import parse_evidence
    from fhcheck.load import load
    from fhcheck.output import check_writable
    from fhcheck.workbook.template import workbook_bytes

    if str(output) != "-":
        check_writable(output, force=force, inputs=[evidence])
    store = default_store()
    doc = load(evidence, str(evidence), max_bytes)
    _, catalogue = parse_evidence(doc, store)
    _refuse_unkept(doc.data, evidence)
    emit(workbook_bytes(catalogue, list(store.kinds), doc.data), output, force=force, inputs=[evidence])
    if str(output) != "-" and not quiet:
        sys.stderr.write(f"wrote {output}: {len(doc.data.get('items') or {})} items from {evidence}\n")


def _refuse_unkept(data: dict[str, Any], source: Path) -> None:
    """Keys a workbook has no column for are refused, never silently dropped."""
    from fhcheck.errors import UsageError

    if data.get("retired"):
        raise UsageError(
            f"{source}: has retired items, which a workbook does not keep; expected a file without 'retired'"
        )
    carried = [item_id for item_id, entry in (data.get("items") or {}).items() if "carried_from" in entry]
    if carried:
        raise UsageError(
            f"{source}: item {carried[0]} has carried_from (set by 'fhcheck migrate'), which a workbook does not keep; "
            "expected it reviewed and removed first"
        )
