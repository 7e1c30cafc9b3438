"""Small helpers every command uses: the console, writing output, defaults."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console


def latest_version() -> str:
    from fhcheck.catalogue import default_store

    return default_store().versions()[-1]


#: what --quiet means, the same on every command (README "Commands" says it once too)
QUIET_HELP = (
    "Print nothing on standard output and no confirmation lines: only problems (standard error), "
    "files named with --output or FORMAT:FILE, and the exit status."
)


def _quiet(ctx: typer.Context, value: bool) -> bool:
    """Under --quiet, standard output is a null device until the command ends.

    Done here, once, so every command means the same by it: whatever a command would print
    on standard output (a report, a table, data asked for with ``-o -``) is dropped, while
    standard error, files written and the exit status are untouched. Commands also skip
    their confirmation lines on standard error (``wrote FILE``) when ``quiet`` is true.
    """
    if value:
        before = sys.stdout
        null = open(os.devnull, "w", encoding="utf-8")  # closed when the command ends
        sys.stdout = null

        def restore() -> None:
            sys.stdout = before
            null.close()

        ctx.call_on_close(restore)
    return value


#: options several commands share, declared once: ``max_bytes: MaxBytes = DEFAULT_MAX_BYTES``,
#: ``warn_days: WarnDays = DEFAULT_WARN_DAYS``, ``color: Color = None`` (fhcheck.limits)
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse evidence files larger than this.")]
WarnDays = Annotated[
    int, typer.Option("--warn-days", min=0, help="Warn about evidence or exemptions lapsing within this many days.")
]
Color = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Force colour on or off (default: on for a terminal, off under NO_COLOR)."),
]

#: the --quiet option every command declares as ``quiet: Quiet = False``
Quiet = Annotated[bool, typer.Option("--quiet", "-q", callback=_quiet, help=QUIET_HELP)]

#: files a command writes: ``force: Force = False``, ``output: Output = None``
Force = Annotated[bool, typer.Option("--force", help="Replace output files that already exist.")]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.")
]
#: ``framework: Framework = None``: the latest version when not given
Framework = Annotated[str | None, typer.Option("--framework", "-f", help="Framework version (default: the latest).")]
JOBS_HELP = (
    "Assess in N processes; output is the same, in the same order, for any N. Default: one per core "
    "(at most 8) from 40 files up, else 1."
)
#: ``jobs: Jobs = None``
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", metavar="N", min=1, help=JOBS_HELP)]
#: ``paths: EvidencePaths``: what ``assess`` and ``validate`` read
EvidencePaths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...",
        help="Evidence files, folders searched for *.yaml/*.yml, or - for one file on standard input.",
    ),
]


def _format_option(
    kind: str, default: str | None = "table", short: bool = True, metavar: str = "FORMAT", tail: str = "."
) -> Any:
    """``--format`` of one kind of output: its choices and help are written from the renderer registry."""
    from fhcheck.report.registry import format_help

    flags = ("--format", "-F") if short else ("--format",)
    return typer.Option(*flags, metavar=metavar, help=format_help(kind, default) + tail)


#: ``--format`` of each kind, e.g. ``fmt: DiffFormat = "table"``
AssessFormats = Annotated[
    list[str],
    _format_option(
        "assessment",
        metavar="FORMAT[:FILE]",
        tail="; repeat to write several reports in one run, e.g. --format table --format sarif:report.sarif.",
    ),
]
CompareFormat = Annotated[str, _format_option("comparison")]
DiffFormat = Annotated[str, _format_option("diff")]
ExportFormat = Annotated[str, _format_option("criteria", default=None, short=False)]
ProgrammesFormat = Annotated[str, _format_option("programmes")]
FeedFormat = Annotated[str, _format_option("feed")]


def color_wanted(color: bool | None, stream: object = None) -> bool:
    """--color/--no-color wins; then NO_COLOR (https://no-color.org); then FORCE_COLOR; then
    TERM=dumb (a terminal that shows escape codes as text) means none; then whether it is a terminal."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    target = stream if stream is not None else sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


def console(color: bool | None = None, stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    wanted = color_wanted(color, stream)
    return Console(
        file=stream,
        force_terminal=wanted,
        no_color=not wanted,
        highlight=False,
        soft_wrap=False,
        width=None if wanted else 120,
    )


def emit(text: str | bytes, output: Path | None, *, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Print to stdout, or write atomically to ``output``.

    Bytes (an xlsx workbook) go to stdout only when it is redirected: on a terminal they
    would be noise, so that is a usage error naming the fix.
    """
    if output is None or str(output) == "-":
        if isinstance(text, bytes):
            from fhcheck.errors import UsageError

            if sys.stdout.isatty():
                raise UsageError(
                    "a binary report (xlsx, docx) cannot be shown on a terminal; expected FORMAT:FILE (e.g. "
                    "--format xlsx:assessment.xlsx) or --output FILE"
                )
            sys.stdout.flush()
            try:
                sys.stdout.buffer.write(text)
                sys.stdout.buffer.flush()
            except BrokenPipeError:  # the reader stopped reading: not an error of the run
                from fhcheck.cli.pipe import reader_gone

                reader_gone()
            return
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from fhcheck.output import write_atomic

    write_atomic(output, text, force=force, inputs=inputs)


def print_problems(invalid: Iterable[object]) -> None:
    """Every problem of every invalid file on stderr, one ``FILE:LINE:COL: ...`` line each."""
    from fhcheck.safe_text import ci_line

    for file in invalid:
        for problem in file.problems:  # type: ignore[attr-defined]
            sys.stderr.write(f"{ci_line(str(problem))}\n")


def assessment_day(assessed_on: str | None) -> dt.date:
    """--assessed-on as a date (today when not given), refused unless written YYYY-MM-DD.

    One spelling for every command that takes it (``init``, ``feed``), in the house shape.
    """
    import datetime as dt

    from fhcheck.errors import UsageError

    if assessed_on is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(assessed_on)
    except ValueError:
        raise UsageError(f"found --assessed-on {assessed_on!r}; expected a date written YYYY-MM-DD") from None
