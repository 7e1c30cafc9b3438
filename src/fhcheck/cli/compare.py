"""``fhcheck compare OLD NEW``, and the ``--baseline REF`` delta that ``fhcheck assess`` prints.

Both assess two versions of one local authority's evidence the same way and hand the two
results to :func:`fhcheck.compare.compare_results`; this module only wires options,
prints, and turns "anything regressed" into an exit status.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fhcheck.cli.exitcodes import BELOW_THRESHOLD, OK, USAGE
from fhcheck.cli.shared import Color, MaxBytes, Quiet, WarnDays
from fhcheck.limits import DEFAULT_MAX_BYTES, DEFAULT_WARN_DAYS
from fhcheck.report.registry import format_help

if TYPE_CHECKING:
    from fhcheck.assessment import Options
    from fhcheck.catalogue import CriteriaStore
    from fhcheck.results import FileResult



def register(app: typer.Typer) -> None:
    app.command("compare")(compare)


def compare(
    old: Path = typer.Argument(
        ..., metavar="OLD", help="The earlier evidence file (an earlier year, or before a change)."
    ),
    new: Path = typer.Argument(..., metavar="NEW", help="The later evidence file of the same local authority."),
    fmt: str = typer.Option(
        "table", "--format", "-F", metavar="FORMAT",
        help=format_help("comparison") + ".",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace OUTPUT if it exists."),
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
    import shutil

    from fhcheck import __version__
    from fhcheck.assessment import Options, assess_file
    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import color_wanted, emit, print_problems
    from fhcheck.compare import compare_results
    from fhcheck.evaluate import Settings
    from fhcheck.output import check_writable
    from fhcheck.report import registry
    from fhcheck.results import Compared, InvalidFile

    renderer_class = registry.renderer_class("comparison", fmt)
    to_file = output is not None and str(output) != "-"
    if to_file:
        assert output is not None
        check_writable(output, force=force, inputs=[old, new])
    store = default_store()
    options = Options(Settings(warn_days=warn_days), max_bytes)
    results = [assess_file(path, str(path), store, options) for path in (old, new)]
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
        from fhcheck.results import Report

        value = Compared(
            comparison, board_paper(Report((after,), tool_version=__version__), {after.file: comparison}, warn_days)
        )
    colored = False if to_file else color_wanted(color)
    width = shutil.get_terminal_size((120, 24)).columns if colored else 120
    renderer = renderer_class(color=colored, width=width, version=__version__)
    emit(renderer.render(value), output, force=force, inputs=[old, new])
    if comparison.regressed and not informational:
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


def baseline_text(ref: str, results: list[FileResult], store: CriteriaStore, options: Options) -> str:
    """The Markdown delta of every assessed file against itself at ``ref`` (usage error: bad REF)."""
    from fhcheck.gitrev import baselines
    from fhcheck.report.compare_markdown import render_baseline

    return render_baseline(baselines(ref, results, store, options))


def emit_baseline(text: str, baseline_output: Path | None, force: bool, inputs: list[Path]) -> None:
    """After the report on stdout (a blank line between), or to ``--baseline-output``."""
    import sys

    from fhcheck.cli.shared import emit

    if baseline_output is None or str(baseline_output) == "-":
        sys.stdout.write("\n")
        emit(text, None)
    else:
        emit(text, baseline_output, force=force, inputs=inputs)

