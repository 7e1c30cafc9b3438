"""Renderers: one module per format, each turning a finished value into text (or bytes).

Every format of every kind is listed once, in :mod:`fhcheck.report.registry`. Renderers
never compute verdicts, totals or exit statuses; they are imported only when their format
is chosen, so start-up pays only for what a run prints.

Assessment formats whose class ``streams`` are also written a file at a time: each file's
piece is rendered where the file is assessed (:class:`FilePieces`, in a worker process when
there are several) and the run keeps only the pieces' text and each file's summary, so
memory stays flat however many files a regional team assesses. The others need every
result at once (a regional view, totals in a header) and get the whole, prepared
:class:`~fhcheck.results.Report`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol, TextIO

if TYPE_CHECKING:  # the result records are imported where a file is rendered, not with the registry
    from fhcheck.results import FileResult, FileSummary, InvalidFile, Overview


class StreamingRenderer(Protocol):
    """A renderer whose report is its pieces, one per file in order, around an opening it
    writes from the run's :class:`Overview`; ``render`` is the same text in one string."""

    def piece(self, result: FileResult) -> str: ...

    def write(self, out: TextIO, overview: Overview, pieces: Iterable[str]) -> None: ...


def get_streaming_renderer(name: str, *, color: bool = False) -> StreamingRenderer:
    """The assessment renderer of ``name``, which must stream (a usage error otherwise)."""
    from fhcheck.errors import UsageError
    from fhcheck.report import registry

    renderer = registry.get("assessment", name, color=color)
    if not renderer.streams:
        streaming = [n for n in registry.names("assessment") if registry.renderer_class("assessment", n).streams]
        raise UsageError(f"format {name!r} is not written a file at a time; expected one of {', '.join(streaming)}")
    return renderer  # type: ignore[return-value]


class Rendered(NamedTuple):
    """One file as a run keeps it: its summary (or why it is invalid), its piece of each
    streamed report, and the whole result only when some other report needs it."""

    outcome: FileSummary | InvalidFile
    pieces: tuple[str, ...] = ()
    result: FileResult | None = None


class FilePieces(NamedTuple):
    """Turns an assessed file into what the run keeps of it (:meth:`render_file`).

    That is called where the file was assessed, in a worker process when there are several,
    so it holds only names and flags: it is sent there and builds its renderers itself.
    """

    #: (format, colour) of each streamed report, in the order they are written
    formats: tuple[tuple[str, bool], ...] = ()
    #: keep the whole result too, for reports that need every result at once
    keep_results: bool = False

    def render_file(self, outcome: FileResult | InvalidFile) -> Rendered:
        from fhcheck.results import FileSummary, InvalidFile

        if isinstance(outcome, InvalidFile):
            return Rendered(outcome)
        pieces = tuple(get_streaming_renderer(name, color=color).piece(outcome) for name, color in self.formats)
        return Rendered(FileSummary.of(outcome), pieces, outcome if self.keep_results else None)
