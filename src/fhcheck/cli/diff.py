"""``fhcheck diff`` and ``fhcheck migrate``: what changed between framework versions, and carrying a file across."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typer

from fhcheck.cli.exitcodes import OK
from fhcheck.cli.shared import Color, DiffFormat, Force, MaxBytes, Output, Quiet
from fhcheck.limits import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from fhcheck.catalogue import CriteriaStore
    from fhcheck.framework_diff import Diff
    from fhcheck.migrate import Summary



def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
    app.command("migrate")(migrate)


def build_diff(old: str, new: str, *, substantive_only: bool = False, key_criterion: str | None = None) -> Diff:
    from fhcheck.catalogue import default_store
    from fhcheck.errors import UsageError
    from fhcheck.framework_diff import diff_versions
    from fhcheck.lineage import successive

    before, after = successive(default_store(), old, new)
    if (
        key_criterion is not None
        and key_criterion not in after.key_criteria
        and key_criterion not in before.key_criteria
    ):
        known = sorted(set(after.key_criteria) | set(before.key_criteria))
        raise UsageError(f"unknown key criterion {key_criterion!r}; expected one of {', '.join(known)}")
    return diff_versions(before, after).only(substantive=substantive_only, key_criterion=key_criterion)


class DiffRequest(NamedTuple):
    """One ``diff`` command line: what :func:`run_diff` does."""

    old: str
    new: str
    fmt: str
    substantive_only: bool
    key_criterion: str | None
    output: Path | None
    force: bool
    color: bool | None


def diff(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier framework version, e.g. 2022."),
    new: str = typer.Argument(..., metavar="NEW", help="The later framework version, e.g. 2025."),
    fmt: DiffFormat = "table",
    substantive_only: bool = typer.Option(
        False, "--substantive-only", help="Leave out editorial rewordings (punctuation, case, hyphens, number ranges)."
    ),
    key_criterion: str | None = typer.Option(
        None, "--key-criterion", "-k", metavar="N", help="Only changes touching this key criterion (1-5)."
    ),
    output: Output = None,
    force: Force = False,
    color: Color = None,
    quiet: Quiet = False,
) -> int:
    """Compare two framework versions item by item, with a word diff of every rewording."""
    return run_diff(DiffRequest(old, new, fmt, substantive_only, key_criterion, output, force, color))


def run_diff(request: DiffRequest) -> int:
    import shutil

    from fhcheck.cli.shared import color_wanted, emit
    from fhcheck.output import check_writable
    from fhcheck.report import registry

    registry.check("diff", request.fmt)
    to_file = request.output is not None and str(request.output) != "-"
    if to_file:
        assert request.output is not None
        check_writable(request.output, force=request.force)
    changes = build_diff(
        request.old, request.new, substantive_only=request.substantive_only, key_criterion=request.key_criterion
    )
    colored = False if to_file else color_wanted(request.color)
    width = shutil.get_terminal_size((120, 24)).columns if colored else 120
    text = registry.get("diff", request.fmt, color=colored, width=width).render(changes)
    emit(text, request.output, force=request.force)
    return OK


def migrate(
    file: Path = typer.Argument(..., metavar="FILE", help="The evidence file to carry across (never modified)."),
    to: str = typer.Option(..., "--to", metavar="VERSION", help="The framework version to carry it to, e.g. 2025."),
    output: Path = typer.Option(
        ..., "--output", "-o", metavar="OUT", help="The new evidence file to write ('-' for stdout)."
    ),
    force: Force = False,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    quiet: Quiet = False,
) -> int:
    """Carry an evidence file to another framework version, marking what needs review."""
    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import emit
    from fhcheck.errors import UsageError
    from fhcheck.evidence import parse_evidence
    from fhcheck.framework_diff import diff_versions
    from fhcheck.load import parse, read_text
    from fhcheck.migrate import migrate_text
    from fhcheck.output import check_writable

    store = default_store()
    display = str(file)
    text = read_text(file, display, max_bytes)
    _, source = parse_evidence(parse(text, display), store)
    target = store.get(to)
    if target.version == source.version:
        raise UsageError(f"{display}: is already framework {source.version}; expected --to a later version")
    versions = store.versions()
    if versions.index(target.version) < versions.index(source.version):
        raise UsageError(
            f"{display}: is framework {source.version} and --to {target.version} is older; expected a later "
            "version (migrate carries a file forward only)"
        )
    from fhcheck.lineage import successive

    before, after = successive(store, source.version, target.version)
    to_stdout = str(output) == "-"
    if not to_stdout:
        check_writable(output, force=force, inputs=[file])
    result = migrate_text(text, diff_versions(before, after), after)
    _self_check(result.text, display, store, after.version)
    try:
        emit(result.text, output, force=force, inputs=[file])
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"{output}: cannot be written ({reason}); expected a writable file path") from None
    if not quiet:  # the summary confirms what was written: items awaiting review are marked in the file itself
        lines = summary_lines(result.summary, display, "standard output" if to_stdout else str(output))
        typer.echo("\n".join(lines), err=to_stdout)
    return OK


def _self_check(text: str, display: str, store: CriteriaStore, version: str) -> None:
    """A migration that produced an invalid file is a bug: never write it."""
    from fhcheck.errors import InputError
    from fhcheck.evidence import parse_evidence
    from fhcheck.load import parse

    try:
        _, catalogue = parse_evidence(parse(text, f"{display} (migrated)"), store)
    except InputError as exc:
        raise RuntimeError(f"the migrated file would not be valid: {exc}") from None
    if catalogue.version != version:  # pragma: no cover - defensive
        raise RuntimeError(f"the migrated file names framework {catalogue.version}, not {version}")


def summary_lines(summary: Summary, source: str, target: str) -> list[str]:
    """What was carried, what needs review and what is new, in the order a person acts on them."""

    def ids(values: tuple[str, ...]) -> str:
        return ": " + ", ".join(values) if values else ""

    lines = [
        f"Carried {source} (framework {summary.source}) to {target} (framework {summary.target}).",
        f"  unchanged, kept as they were: {len(summary.unchanged)}{ids(summary.unchanged)}",
        f"  reworded editorially, kept as they were: {len(summary.editorial)}{ids(summary.editorial)}",
        f"  need review (carried_from.reviewed: false, assessed needs_review): {len(summary.review)}",
    ]
    for carried in summary.review:
        words = f": {carried.words}" if carried.words else ""
        lines.append(f"    {carried.new:<8} {carried.change} from {summary.source} {', '.join(carried.old)}{words}")
    lines.append(
        f"  new in {summary.target}, commented-out stubs (assessed missing until filled in): "
        f"{len(summary.new)}{ids(summary.new)}"
    )
    lines.append(
        f"  dropped by {summary.target}, kept under retired: \"{summary.source}\" (not assessed): "
        f"{len(summary.retired)}{ids(summary.retired)}"
    )
    return lines

