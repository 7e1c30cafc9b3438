"""Renderers: one module per format, each turning a finished Report into text.

Renderers never compute verdicts, totals or exit statuses; they are imported only when
their format is chosen, so start-up pays only for what a run prints.

The formats in ``STREAMING`` are also written a file at a time: each file's piece is
rendered where the file is assessed (:class:`FilePieces`, in a worker process when there
are several) and the run keeps only the pieces' text and each file's summary, so memory
stays flat however many files a regional team assesses. The others need every result at
once (a regional view, totals in a header) and get the whole :class:`Report`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import NamedTuple, Protocol, TextIO

from fhcheck.errors import UsageError
from fhcheck.results import FileResult, FileSummary, InvalidFile, Overview, Report


class Renderer(Protocol):
    def render(self, report: Report) -> str | bytes: ...


class StreamingRenderer(Renderer, Protocol):
    """A renderer whose report is its pieces, one per file in order, around an opening it
    writes from the run's :class:`Overview`; ``render`` is the same text in one string."""

    def piece(self, result: FileResult) -> str: ...

    def write(self, out: TextIO, overview: Overview, pieces: Iterable[str]) -> None: ...


#: formats whose renderer is a StreamingRenderer
STREAMING = frozenset({"table", "json"})


#: format name -> "module:class"; the single list of formats ``assess --format`` accepts.
RENDERERS: dict[str, str] = {
    "table": "fhcheck.report.table:TableRenderer",
    "json": "fhcheck.report.json:JsonRenderer",
    "markdown": "fhcheck.report.markdown:MarkdownRenderer",
    "junit": "fhcheck.report.junit:JunitRenderer",
    "sarif": "fhcheck.report.sarif:SarifRenderer",
    "codeclimate": "fhcheck.report.codeclimate:CodeclimateRenderer",
    "github": "fhcheck.report.github:GithubRenderer",
    "html": "fhcheck.report.html:HtmlRenderer",
    "xlsx": "fhcheck.report.xlsx:XlsxRenderer",
    "docx": "fhcheck.report.docx:DocxRenderer",
    "junit-gitlab": "fhcheck.report.junit:GitlabJunitRenderer",
}


def get_renderer(name: str, *, color: bool = False) -> Renderer:
    """The renderer for a format name; an unknown name is a usage error listing the known ones."""
    target = RENDERERS.get(name)
    if target is None:
        raise UsageError(f"unknown format {name!r}; expected one of {', '.join(RENDERERS)}")
    module_name, class_name = target.split(":")
    renderer_class = getattr(importlib.import_module(module_name), class_name)
    return renderer_class(color=color)  # type: ignore[no-any-return]


def get_streaming_renderer(name: str, *, color: bool = False) -> StreamingRenderer:
    if name not in STREAMING:
        raise UsageError(
            f"format {name!r} is not written a file at a time; expected one of {', '.join(sorted(STREAMING))}"
        )
    return get_renderer(name, color=color)  # type: ignore[return-value]


class Rendered(NamedTuple):
    """One file as a run keeps it: its summary (or why it is invalid), its piece of each
    streamed report, and the whole result only when some other report needs it."""

    outcome: FileSummary | InvalidFile
    pieces: tuple[str, ...] = ()
    result: FileResult | None = None


class FilePieces(NamedTuple):
    """Turns an assessed file into what the run keeps of it (:meth:`kept`).

    That is called where the file was assessed, in a worker process when there are several,
    so it holds only names and flags: it is sent there and builds its renderers itself.
    """

    #: (format, colour) of each streamed report, in the order they are written
    formats: tuple[tuple[str, bool], ...] = ()
    #: keep the whole result too, for reports that need every result at once
    keep_results: bool = False

    def kept(self, outcome: FileResult | InvalidFile) -> Rendered:
        if isinstance(outcome, InvalidFile):
            return Rendered(outcome)
        pieces = tuple(get_streaming_renderer(name, color=color).piece(outcome) for name, color in self.formats)
        return Rendered(FileSummary.of(outcome), pieces, outcome if self.keep_results else None)
