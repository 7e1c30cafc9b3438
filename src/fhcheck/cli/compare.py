"""``fhcheck compare OLD NEW``, and the ``--baseline REF`` delta that ``fhcheck assess`` prints.

Both assess two versions of one local authority's evidence the same way and hand the two
results to :func:`fhcheck.comparison.compare_results`; this module only wires options,
prints, and turns "anything regressed" into an exit status.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typer

from fhcheck.cli.exitcodes import BELOW_THRESHOLD, OK, USAGE
from fhcheck.cli.shared import Color, CompareFormat, Force, MaxBytes, Output, Quiet, WarnDays
from fhcheck.limits import DEFAULT_MAX_BYTES, DEFAULT_WARN_DAYS

if TYPE_CHECKING:
    pass



def register(app: typer.Typer) -> None:
    app.command("compare")(compare)


class CompareRequest(NamedTuple):
    """One ``compare`` command line: what :func:`run_compare` does."""

    old: Path
    new: Path
    fmt: str
    output: Path | None
    force: bool
    informational: bool
    warn_days: int
    max_bytes: int
    color: bool | None


def compare(
    old: Path = typer.Argument(
        ..., metavar="OLD", help="The earlier evidence file (an earlier year, or before a change)."
    ),
    new: Path = typer.Argument(..., metavar="NEW", help="The later evidence file of the same local authority."),
    fmt: CompareFormat = "table",
    output: Output = None,
    force: Force = False,
    informational: bool = typer.Option(
        False, "--informational", "--no-fail-on-regression", help="Exit 0 even when something regressed."
    ),
    warn_days: WarnDays = DEFAULT_WARN_DAYS,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    color: Color = None,
    quiet: Quiet = False,
) -> int:
    """Compare two assessments of one local authority: stage then and now, and every item that moved.

    Exit 1 when anything regressed (an item, a sub-criterion, a key criterion or the stage), unless --informational.
    """
    return run_compare(CompareRequest(old, new, fmt, output, force, informational, warn_days, max_bytes, color))


def run_compare(request: CompareRequest) -> int:
    """Assess both files the same way, render what moved, and exit 1 on a regression."""
    import shutil

    from fhcheck import __version__
    from fhcheck.assessment import AssessOptions, assess_file
    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import color_wanted, emit, print_problems
    from fhcheck.comparison import compare_results
    from fhcheck.output import check_writable
    from fhcheck.report import registry
    from fhcheck.results import InvalidFile
    from fhcheck.views import Compared

    renderer_class = registry.renderer_class("comparison", request.fmt)
    inputs = [request.old, request.new]
    to_file = request.output is not None and str(request.output) != "-"
    if to_file:
        assert request.output is not None
        check_writable(request.output, force=request.force, inputs=inputs)
    store = default_store()
    options = AssessOptions.from_command(request.warn_days, request.max_bytes)
    results = [assess_file(path, str(path), store, options) for path in inputs]
    invalid = [r for r in results if isinstance(r, InvalidFile)]
    if invalid:
        print_problems(invalid)
        return USAGE
    before, after = results
    assert not isinstance(before, InvalidFile) and not isinstance(after, InvalidFile)
    comparison = compare_results(before, after, store)
    value = Compared(comparison)
    if renderer_class.needs_paper:  # the board paper of NEW, with what changed since OLD
        from fhcheck.board import board_paper
        from fhcheck.views import Report

        paper = board_paper(Report((after,), tool_version=__version__), {after.file: comparison}, request.warn_days)
        value = Compared(comparison, paper)
    colored = False if to_file else color_wanted(request.color)
    width = shutil.get_terminal_size((120, 24)).columns if colored else 120
    renderer = renderer_class(color=colored, width=width, version=__version__)
    emit(renderer.render(value), request.output, force=request.force, inputs=inputs)
    if comparison.regressed and not request.informational:
        return BELOW_THRESHOLD
    return OK


# --- assess --baseline REF --------------------------------------------------------------


def check_baseline(
    ref: str | None,
    formats: list[tuple[str, Path | None]],
    baseline_output: Path | None,
    force: bool,
    inputs: list[Path],
) -> None:
    """Before any work: the delta needs a REF, and somewhere to go that does not corrupt a machine format."""
    from fhcheck.errors import UsageError
    from fhcheck.output import check_writable
    from fhcheck.report.registry import renderer_class

    if ref is None:
        if baseline_output is not None:
            raise UsageError("--baseline-output names where the --baseline delta goes; expected --baseline REF too")
        return
    stdout = [name for name, target in formats if target is None]
    if baseline_output is not None and str(baseline_output) != "-":
        if any(target is not None and target == baseline_output for _, target in formats):
            raise UsageError("--baseline-output names a file a report already writes; expected its own file")
        check_writable(baseline_output, force=force, inputs=inputs)
        return
    if stdout and not renderer_class("assessment", stdout[0]).baseline_delta_follows:
        raise UsageError(
            f"--baseline prints its Markdown delta after the report on standard output, which is {stdout[0]}; "
            "expected --baseline-output FILE (or the report written with FORMAT:FILE)"
        )


def emit_baseline(text: str, baseline_output: Path | None, force: bool, inputs: list[Path]) -> None:
    """After the report on stdout (a blank line between), or to ``--baseline-output``."""
    import sys

    from fhcheck.cli.shared import emit

    if baseline_output is None or str(baseline_output) == "-":
        sys.stdout.write("\n")
        emit(text, None)
    else:
        emit(text, baseline_output, force=force, inputs=inputs)

