"""``fhcheck assess`` and ``fhcheck validate``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

import typer

from fhcheck.cli.exitcodes import BELOW_THRESHOLD, OK, USAGE, WITH_FINDINGS
from fhcheck.cli.shared import Color, MaxBytes, Quiet, WarnDays
from fhcheck.limits import DEFAULT_MAX_BYTES, DEFAULT_WARN_DAYS
from fhcheck.report.registry import format_help

if TYPE_CHECKING:
    from fhcheck.report import StreamingRenderer
    from fhcheck.results import FileResult, InvalidFile, Overview

T = TypeVar("T")
STAGE_CHOICES = ("none", "basic", "minimum", "developed")
FORMAT_HELP = (
    format_help("assessment") + "; repeat to write several reports in one run, e.g. "
    "--format table --format sarif:report.sarif."
)
JOBS_HELP = (
    "Assess in N processes; output is the same, in the same order, for any N. Default: one per core "
    "(at most 8) from 40 files up, else 1."
)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("validate")(validate)


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


def assess(
    paths: list[str] = typer.Argument(
        ...,
        metavar="PATH...",
        help="Evidence files, folders searched for *.yaml/*.yml, or - for one file on standard input.",
    ),
    formats: list[str] = typer.Option(
        [], "--format", "-F", metavar="FORMAT[:FILE]",
        help=FORMAT_HELP,
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to FILE instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace output files that already exist."),
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
    jobs: int | None = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help=JOBS_HELP),
    quiet: Quiet = False,
) -> int:
    """Assess evidence files against the framework and report what is met."""
    from fhcheck import __version__
    from fhcheck.assessment import Options, map_outcomes
    from fhcheck.catalogue import default_store
    from fhcheck.cli.collector import released_after_first
    from fhcheck.cli.shared import color_wanted, emit, print_problems
    from fhcheck.errors import UsageError
    from fhcheck.evaluate import Settings
    from fhcheck.report import FilePieces, registry
    from fhcheck.results import FileSummary, InvalidFile, Overview, Report

    if fail_under not in STAGE_CHOICES:
        raise UsageError(f"unknown stage {fail_under!r} for --fail-under; expected one of {', '.join(STAGE_CHOICES)}")
    chosen = _parse_formats(formats, output)
    if quiet:  # the report that would go to standard output is not rendered at all
        chosen = [(name, target) for name, target in chosen if target is not None and str(target) != "-"]
    inputs = [Path(p) for p in paths]
    from fhcheck.output import check_writable

    for _, target in chosen:
        if target is not None:
            check_writable(target, force=force, inputs=inputs)
    from fhcheck.cli.compare import check_baseline, emit_baseline

    check_baseline(baseline, chosen, baseline_output, force, inputs)
    options = Options(Settings(warn_days=warn_days, fail_under=fail_under), max_bytes)  # type: ignore[arg-type]
    colors = {name: target is None and color_wanted(color) for name, target in chosen}
    classes = {name: registry.renderer_class("assessment", name) for name, _ in chosen}
    streamed = [name for name, _ in chosen if classes[name].streams]
    whole = [name for name, _ in chosen if not classes[name].streams]
    pieces = FilePieces(
        tuple((name, colors[name]) for name in streamed), keep_results=bool(whole) or baseline is not None
    )
    with contextlib.ExitStack() as cleanup:
        spools = {name: cleanup.enter_context(_Spool()) for name in streamed}
        files: list[FileSummary] = []
        results: list[FileResult] = []
        invalid: list[InvalidFile] = []
        for done in _with_progress(
            released_after_first(map_outcomes(paths, default_store(), options, pieces.render_file, jobs=jobs))
        ):
            if isinstance(done.outcome, InvalidFile):
                invalid.append(done.outcome)
                continue
            files.append(done.outcome)
            for name, piece in zip(streamed, done.pieces, strict=False):
                spools[name].add(piece)
            if done.result is not None:
                results.append(done.result)
        overview = Overview(tuple(files), tuple(invalid), fail_under, __version__)  # type: ignore[arg-type]
        report = Report(tuple(results), tuple(invalid), fail_under, __version__)  # type: ignore[arg-type]
        compared = _baselines(baseline, results, options) if baseline is not None else None
        delta = _delta_text(compared) if compared is not None else None
        print_problems(invalid)
        if whole:  # the regional view and board paper, decided once, with the baseline and warning window
            report = registry.prepare(report, [classes[name] for name in whole], compared or [], warn_days)
        for name, target in chosen:
            renderer = registry.get("assessment", name, color=colors[name], version=__version__)
            if name in spools:
                _emit_streamed(renderer, overview, spools[name], target, force=force, inputs=inputs)  # type: ignore[arg-type]
                continue
            emit(renderer.render(report), target, force=force, inputs=inputs)
            if renderer.side_output:
                full = next((str(path) for kind, path in chosen if kind == renderer.side_output_full and path), None)
                _append_side_output(renderer, report, full)
    if delta is not None and not (quiet and baseline_output is None):
        emit_baseline(delta, baseline_output, force, inputs)
    if invalid:
        return USAGE
    return OK if overview.passed else BELOW_THRESHOLD


def _baselines(ref: str, results: list[FileResult], options: object) -> list[object]:
    """Each file against itself at git revision ``ref`` (a bad REF is a usage error)."""
    from fhcheck.catalogue import default_store
    from fhcheck.gitrev import baselines

    return list(baselines(ref, results, default_store(), options))  # type: ignore[arg-type]


def _delta_text(compared: list[object]) -> str:
    from fhcheck.report.compare_markdown import render_baseline

    return render_baseline(compared)  # type: ignore[arg-type]


class _Spool:
    """The pieces of one streamed report, in order, in memory while small and in a temporary
    file beyond that: a report of thousands of files never sits in memory whole."""

    MEMORY = 8 * 1024 * 1024

    def __init__(self) -> None:
        import tempfile

        self.file = tempfile.SpooledTemporaryFile(max_size=self.MEMORY, mode="w+", encoding="utf-8", newline="")
        self.sizes: list[int] = []

    def add(self, piece: str) -> None:
        self.file.write(piece)
        self.sizes.append(len(piece))

    def __iter__(self) -> Iterator[str]:
        self.file.seek(0)
        for size in self.sizes:
            yield self.file.read(size)

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


def _emit_streamed(
    writer: StreamingRenderer,
    overview: Overview,
    spool: _Spool,
    target: Path | None,
    *,
    force: bool,
    inputs: list[Path],
) -> None:
    """A streamed report piece by piece, to stdout or into the temporary file that is then
    renamed into place (:func:`fhcheck.output.write_atomic_with`): never whole in memory."""
    import io
    import sys

    from fhcheck.output import write_atomic_with

    if target is None or str(target) == "-":
        writer.write(sys.stdout, overview, spool)
        sys.stdout.flush()
        return

    def fill(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        writer.write(text, overview, spool)
        text.flush()
        text.detach()  # the handle is closed by its owner

    write_atomic_with(target, fill, force=force, inputs=inputs)


def validate(
    paths: list[str] = typer.Argument(
        ...,
        metavar="PATH...",
        help="Evidence files, folders searched for *.yaml/*.yml, or - for one file on standard input.",
    ),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    quiet: Quiet = False,
    jobs: int | None = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help=JOBS_HELP),
) -> int:
    """Check evidence files' shape, identifiers and cited documents, without assessing them.

    Exit status 0: every file is valid. 1: valid, with findings (a cited document is missing,
    unreadable or changed since sign-off; 'assess' shows it on its item). 2: a file is invalid
    (YAML syntax, the evidence format, an unknown identifier, a path leading outside the
    repository), so fhcheck cannot read it as evidence.
    """
    from fhcheck.assessment import Options, map_outcomes
    from fhcheck.catalogue import default_store
    from fhcheck.cli.collector import released_after_first
    from fhcheck.cli.shared import print_problems
    from fhcheck.results import InvalidFile

    checked = 0
    invalid: list[InvalidFile] = []
    with_findings: list[InvalidFile] = []
    options = Options(max_bytes=max_bytes, validate_only=True)
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


def _append_side_output(renderer: object, report: object, full_report: str | None) -> None:
    """Where a renderer has a side output (``--format github``: its Markdown summary, appended to
    ``$GITHUB_STEP_SUMMARY`` under GitHub Actions), append it to the file its variable names.

    That file is one the runner creates for each step and documents as append-only, so
    appending to it never touches anything a user wrote. This is the one place a run writes
    it; the renderer cuts it to the host's limit with a pointer to ``full_report``.
    """
    import os

    variable = renderer.side_output  # type: ignore[attr-defined]
    summary = os.environ.get(variable)
    if not summary:
        return
    from fhcheck.errors import UsageError

    try:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(renderer.side_text(report, full_report))  # type: ignore[attr-defined]
    except OSError as exc:
        raise UsageError(
            f"{variable}={summary}: cannot be appended to ({exc.strerror or type(exc).__name__}); "
            "expected the file the runner creates for the step"
        ) from None
