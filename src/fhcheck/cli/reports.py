"""Writing the reports ``assess`` chose: streamed ones piece by piece, the others whole, and
the side outputs some formats declare.

Which is which is each renderer's capabilities (:mod:`fhcheck.report.registry`), never a
format's name; what they show that is a computation is prepared before (``registry.prepare``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from fhcheck.baseline import Baseline
    from fhcheck.cli.assess_request import AssessRequest
    from fhcheck.report import StreamingRenderer
    from fhcheck.report.registry import Renderer
    from fhcheck.results import Overview
    from fhcheck.views import Report


def needs_report(renderer: type[Renderer]) -> bool:
    """Whether a run must keep every result for this format: it does not stream, or it has a
    side output this run writes (the GitHub step summary, under Actions)."""
    import os

    side = renderer.side_output is not None and bool(os.environ.get(renderer.side_output))
    return not renderer.streams or side


def write_reports(
    request: AssessRequest,
    colors: dict[str, bool],
    overview: Overview,
    report: Report,
    spools: dict[str, PieceSpool],
    compared: list[Baseline] | None,
) -> None:
    """Every chosen report, in the order chosen, each to its file or standard output."""
    from fhcheck import __version__
    from fhcheck.cli.shared import emit
    from fhcheck.report import registry

    classes = [registry.renderer_class("assessment", name) for name, _ in request.chosen]
    whole = [found for found in classes if needs_report(found)]
    if whole:  # the regional view and board paper, decided once, with the baseline and warning window
        report = registry.prepare(report, whole, compared or [], request.warn_days)
    force, inputs = request.force, request.inputs
    for name, target in request.chosen:
        renderer = registry.get("assessment", name, color=colors[name], version=__version__)
        if name in spools:
            emit_streamed(renderer, overview, spools[name], target, force=force, inputs=inputs)  # type: ignore[arg-type]
        else:
            emit(renderer.render(report), target, force=force, inputs=inputs)
        if renderer.side_output:
            whole_at = [str(path) for kind, path in request.chosen if kind == renderer.side_output_full and path]
            append_side_output(renderer, report, whole_at[0] if whole_at else None)


class PieceSpool:
    """The pieces of one streamed report, in order, in memory while small and in a temporary
    file beyond that: a report of thousands of files never sits in memory whole."""

    MEMORY = 8 * 1024 * 1024

    def __init__(self) -> None:
        import tempfile

        # surrogatepass: a file name that is not UTF-8 on disk reaches a piece as a lone
        # surrogate (os.fsdecode); past MEMORY it must still go to the file and come back
        self.file = tempfile.SpooledTemporaryFile(
            max_size=self.MEMORY, mode="w+", encoding="utf-8", newline="", errors="surrogatepass"
        )
        self.sizes: list[int] = []

    def add(self, piece: str) -> None:
        self.file.write(piece)
        self.sizes.append(len(piece))

    def __iter__(self) -> Iterator[str]:
        self.file.seek(0)
        for size in self.sizes:
            yield self.file.read(size)

    def __enter__(self) -> PieceSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


def emit_streamed(
    writer: StreamingRenderer,
    overview: Overview,
    spool: PieceSpool,
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


def append_side_output(renderer: object, report: object, full_report: str | None) -> None:
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
