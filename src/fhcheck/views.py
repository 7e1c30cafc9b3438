"""What each kind of renderer is handed: values built from the result records, above them.

A run's :class:`Report` carries what some renderers show that is computed from every result
(the regional view, the board paper), computed before rendering
(:func:`fhcheck.report.registry.prepare`); :class:`Compared`, :class:`RegisterView` and
:class:`FeedView` are what the comparison, programmes and feed renderers lay out. They live
here, not in :mod:`fhcheck.results`, because they hold records of the modules that read
results (:mod:`fhcheck.board`, :mod:`fhcheck.regional_view`, :mod:`fhcheck.comparison`): one layer
above, so no module imports one that imports it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from fhcheck.results import FileResult, FileSummary, InvalidFile, Overview, Stage, run_passed

if TYPE_CHECKING:
    from fhcheck.board import BoardPaper
    from fhcheck.catalogue import Catalogue
    from fhcheck.comparison import Comparison
    from fhcheck.evidence import EvidenceFile
    from fhcheck.oruk import FeedAnalysis
    from fhcheck.regional_view import RegionalView
    from fhcheck.register_judgements import Judgement


class Report(NamedTuple):
    """Everything one run decided: what renderers render and the CLI turns into an exit status."""

    results: tuple[FileResult, ...]
    invalid: tuple[InvalidFile, ...] = ()
    fail_under: Stage = "minimum"
    tool_version: str = ""
    #: what some renderers show that is computed from every result, computed before rendering
    #: (:func:`fhcheck.report.registry.prepare`): the regional view of several files, the board paper
    regional: RegionalView | None = None
    paper: BoardPaper | None = None

    @property
    def passed(self) -> bool:
        return run_passed(self.invalid, self.results)

    def overview(self) -> Overview:
        """The run as a streamed report opens (each file's summary), from the whole report."""
        summaries = tuple(FileSummary.of(r) for r in self.results)
        return Overview(summaries, self.invalid, self.fail_under, self.tool_version)


class Compared(NamedTuple):
    """What ``fhcheck compare`` renders: the comparison, and the board paper of NEW with it
    when a chosen format shows one (computed before rendering)."""

    comparison: Comparison
    paper: BoardPaper | None = None


class RegisterView(NamedTuple):
    """What ``fhcheck programmes`` renders: a file's register and how the framework's items judge it."""

    file: str
    evidence: EvidenceFile
    catalogue: Catalogue
    judged: list[Judgement]


class FeedView(NamedTuple):
    """What ``fhcheck feed`` renders: the analysis of a saved feed, and how many problems to list."""

    file: str
    analysis: FeedAnalysis
    max_problems: int = 50
