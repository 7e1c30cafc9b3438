"""``fhcheck assess`` and ``fhcheck validate``.

``assess`` parses its options into one :class:`AssessRequest` (every usage error is found
there, before any file is read) and hands it to :func:`run_assess`; writing the chosen
reports is :mod:`fhcheck.cli.reports`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from fhcheck.cli.assess_request import AssessRequest
from fhcheck.cli.exitcodes import BELOW_THRESHOLD, OK, USAGE, WITH_FINDINGS
from fhcheck.cli.shared import AssessFormats, Color, EvidencePaths, Force, Jobs, MaxBytes, Output, Quiet, WarnDays
from fhcheck.limits import DEFAULT_MAX_BYTES, DEFAULT_WARN_DAYS

if TYPE_CHECKING:
    from fhcheck.assessment import AssessOptions
    from fhcheck.baseline import Baseline
    from fhcheck.cli.reports import PieceSpool
    from fhcheck.report import FilePieces
    from fhcheck.results import FileResult, InvalidFile, Overview
    from fhcheck.views import Report

T = TypeVar("T")
STAGE_CHOICES = ("none", "basic", "minimum", "developed")


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("validate")(validate)


def assess(
    paths: EvidencePaths,
    formats: AssessFormats = [],  # noqa: B006 - typer reads the default, never mutates it
    output: Output = None,
    force: Force = False,
    fail_under: str = typer.Option(
        "minimum",
        "--fail-under",
        metavar="STAGE",
        help="Exit 1 when a file is below this stage: none, basic, minimum, developed.",
    ),
    warn_days: WarnDays = DEFAULT_WARN_DAYS,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    color: Color = None,
    baseline: str | None = typer.Option(
        None, "--baseline", metavar="REF",
        help="Also compare each file with itself at git revision REF (read with git, never checked out) and print "
        "what moved as Markdown after the report.",
    ),
    baseline_output: Path | None = typer.Option(
        None, "--baseline-output", metavar="FILE", help="Write the --baseline delta to FILE instead."
    ),
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> int:
    """Assess evidence files against the framework and report what is met."""
    request = AssessRequest(
        paths, [], force, fail_under, warn_days, max_bytes, color, baseline, baseline_output, jobs, quiet
    )
    return run_assess(parse_request(request, formats, output))


def parse_request(request: AssessRequest, formats: list[str], output: Path | None) -> AssessRequest:
    """The request with its reports chosen, or the usage error that stops the run before any work."""
    from fhcheck.cli.compare import check_baseline
    from fhcheck.errors import UsageError
    from fhcheck.output import check_writable

    if request.fail_under not in STAGE_CHOICES:
        raise UsageError(
            f"unknown stage {request.fail_under!r} for --fail-under; expected one of {', '.join(STAGE_CHOICES)}"
        )
    chosen = _parse_formats(formats, output)
    if request.quiet:  # the report that would go to standard output is not rendered at all
        chosen = [(name, target) for name, target in chosen if target is not None and str(target) != "-"]
    for _, target in chosen:
        if target is not None:
            check_writable(target, force=request.force, inputs=request.inputs)
    check_baseline(request.baseline, chosen, request.baseline_output, request.force, request.inputs)
    return request._replace(chosen=chosen)


def run_assess(request: AssessRequest) -> int:
    """Assess every file, write every chosen report, and say by the exit status whether all passed."""
    import contextlib

    from fhcheck.cli.compare import emit_baseline
    from fhcheck.cli.reports import PieceSpool, needs_report, write_reports
    from fhcheck.cli.shared import color_wanted, print_problems
    from fhcheck.report import FilePieces, registry

    classes = {name: registry.renderer_class("assessment", name) for name, _ in request.chosen}
    streamed = list(dict.fromkeys(name for name, _ in request.chosen if classes[name].streams))
    colors = {name: target is None and color_wanted(request.color) for name, target in request.chosen}
    keep = any(needs_report(found) for found in classes.values()) or request.baseline is not None
    pieces = FilePieces(tuple((name, colors[name]) for name in streamed), keep_results=keep)
    with contextlib.ExitStack() as cleanup:
        spools = {name: cleanup.enter_context(PieceSpool()) for name in streamed}
        overview, report = _assessed(request, pieces, spools)
        compared = _baselines(request.baseline, list(report.results), request) if request.baseline else None
        delta = _delta_text(compared) if compared is not None else None
        print_problems(report.invalid)
        write_reports(request, colors, overview, report, spools, compared)
    if delta is not None and not (request.quiet and request.baseline_output is None):
        emit_baseline(delta, request.baseline_output, request.force, request.inputs)
    if report.invalid:
        return USAGE
    return OK if overview.passed else BELOW_THRESHOLD


def _options(request: AssessRequest) -> AssessOptions:
    from fhcheck.assessment import AssessOptions

    return AssessOptions.from_command(request.warn_days, request.max_bytes, request.fail_under)  # type: ignore[arg-type]


def _assessed(request: AssessRequest, pieces: FilePieces, spools: dict[str, PieceSpool]) -> tuple[Overview, Report]:
    """Every file through the pipeline: streamed pieces into their spools, summaries and results kept."""
    from fhcheck import __version__
    from fhcheck.assessment import map_outcomes
    from fhcheck.catalogue import default_store
    from fhcheck.cli.collector import released_after_first
    from fhcheck.results import FileSummary, InvalidFile, Overview
    from fhcheck.views import Report

    files: list[FileSummary] = []
    results: list[FileResult] = []
    invalid: list[InvalidFile] = []
    outcomes = map_outcomes(request.paths, default_store(), _options(request), pieces.render_file, jobs=request.jobs)
    for done in _with_progress(released_after_first(outcomes)):
        if isinstance(done.outcome, InvalidFile):
            invalid.append(done.outcome)
            continue
        files.append(done.outcome)
        for spool, piece in zip(spools.values(), done.pieces, strict=False):
            spool.add(piece)
        if done.result is not None:
            results.append(done.result)
    fail_under = request.fail_under
    overview = Overview(tuple(files), tuple(invalid), fail_under, __version__)  # type: ignore[arg-type]
    return overview, Report(tuple(results), tuple(invalid), fail_under, __version__)  # type: ignore[arg-type]


def _baselines(ref: str, results: list[FileResult], request: AssessRequest) -> list[Baseline]:
    """Each file against itself at git revision ``ref`` (a bad REF is a usage error)."""
    from fhcheck.baseline import baselines
    from fhcheck.catalogue import default_store

    return baselines(ref, results, default_store(), _options(request))


def _delta_text(compared: list[Baseline]) -> str:
    from fhcheck.report.compare_markdown import render_baseline

    return render_baseline(compared)


def _parse_formats(values: list[str], output: Path | None) -> list[tuple[str, Path | None]]:
    """``FORMAT`` or ``FORMAT:FILE``, each at most once to stdout; ``--output`` names the stdout one's file."""
    from fhcheck.errors import UsageError
    from fhcheck.report.registry import check

    chosen: list[tuple[str, Path | None]] = []
    for value in values or ["table"]:
        name, _, target = value.partition(":")
        check("assessment", name, " (optionally FORMAT:FILE)")
        chosen.append((name, Path(target) if target else None))
    to_stdout = [name for name, target in chosen if target is None]
    if len(to_stdout) > 1 and output is None:
        raise UsageError(
            f"formats {', '.join(to_stdout)} would all print to standard output; expected at most one "
            "(write the others with FORMAT:FILE)"
        )
    if output is not None:
        if len(to_stdout) != 1:
            raise UsageError(
                "--output names the file of the one format without :FILE; expected exactly one such format"
            )
        chosen = [(name, output if target is None else target) for name, target in chosen]
    import os

    seen: dict[str, Path] = {}
    for _, path in chosen:
        if path is None or str(path) == "-":
            continue
        real = os.path.realpath(path)  # sub/../out.json and a link to it are the same file
        if real in seen:
            raise UsageError(
                f"two formats write to the same file ({seen[real]} and {path}); expected one file per format"
            )
        seen[real] = path
    return chosen


def validate(
    paths: EvidencePaths,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    quiet: Quiet = False,
    jobs: Jobs = None,
) -> int:
    """Check evidence files' shape, identifiers and cited documents, without assessing them.

    Exit status 0: every file is valid. 1: valid, with findings (a cited document is missing,
    unreadable or changed since sign-off; 'assess' shows it on its item). 2: a file is invalid
    (YAML syntax, the evidence format, an unknown identifier, a path leading outside the
    repository), so fhcheck cannot read it as evidence.
    """
    from fhcheck.assessment import AssessOptions, map_outcomes
    from fhcheck.catalogue import default_store
    from fhcheck.cli.collector import released_after_first
    from fhcheck.cli.shared import print_problems
    from fhcheck.results import InvalidFile

    checked = 0
    invalid: list[InvalidFile] = []
    with_findings: list[InvalidFile] = []
    options = AssessOptions(max_bytes=max_bytes, validate_only=True)
    for outcome in released_after_first(map_outcomes(paths, default_store(), options, _validity, jobs=jobs)):
        checked += 1
        if isinstance(outcome, InvalidFile):
            (with_findings if outcome.with_findings else invalid).append(outcome)
        elif not quiet:
            typer.echo(outcome)
    print_problems(with_findings)
    print_problems(invalid)
    if not quiet:
        valid = checked - len(invalid) - len(with_findings)
        found = f"{len(with_findings)} valid with findings, " if with_findings else ""
        typer.echo(f"{valid} valid, {found}{len(invalid)} invalid", err=bool(invalid or with_findings))
    return USAGE if invalid else WITH_FINDINGS if with_findings else OK


def _validity(outcome: FileResult | InvalidFile) -> str | InvalidFile:
    """What ``validate`` prints of a valid file (computed where the file was checked), or why it is not."""
    from fhcheck.results import InvalidFile

    if isinstance(outcome, InvalidFile):
        return outcome
    pending = outcome.verdict_counts()["needs_review"]
    noun = "1 item carried by migrate awaits" if pending == 1 else f"{pending} items carried by migrate await"
    awaiting = f"; {noun} review (set carried_from.reviewed: true)" if pending else ""
    from fhcheck.safe_text import ci_line

    notices = "".join(f"\n{ci_line(str(notice))}" for notice in outcome.notices)
    return (
        ci_line(f"{outcome.file}: valid (framework {outcome.framework}, {outcome.local_authority}){awaiting}")
        + notices
    )


def _with_progress(outcomes: Iterable[T]) -> Iterator[T]:
    """A progress line on stderr only when stderr is a terminal; CI logs stay clean."""
    import sys

    if not sys.stderr.isatty():
        yield from outcomes
        return
    count = 0
    for outcome in outcomes:
        count += 1
        if count >= 20 and count % 10 == 0:
            sys.stderr.write(f"\rassessed {count} files...")
            sys.stderr.flush()
        yield outcome
    if count >= 20:
        sys.stderr.write("\r" + " " * 40 + "\r")


