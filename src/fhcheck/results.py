"""The finished assessment: frozen records that every renderer reads and none computes.

Verdicts, roll-ups, stages and pass/fail are decided in :mod:`fhcheck.evaluate`; the
records here carry them, plus what a renderer needs to show them without a catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal, NamedTuple

from fhcheck.errors import Location, Problem

Verdict = Literal[
    "met", "partially_met", "not_met", "missing", "unevidenced", "stale", "not_applicable", "needs_review"
]
Stage = Literal["none", "basic", "minimum", "developed"]

VERDICTS: tuple[Verdict, ...] = (
    "met", "partially_met", "not_met", "missing", "unevidenced", "stale", "not_applicable", "needs_review"
)
SATISFIED: frozenset[str] = frozenset({"met", "not_applicable"})
STAGES: tuple[Stage, ...] = ("none", "basic", "minimum", "developed")


def stage_reaches(stage: Stage, threshold: Stage) -> bool:
    """Whether ``stage`` is at or above ``threshold`` (``none`` is always reached)."""
    return STAGES.index(stage) >= STAGES.index(threshold)


class Count(NamedTuple):
    """Satisfied items out of all items of one kind; ``0/0`` where the framework has none."""

    met: int
    total: int

    def __str__(self) -> str:
        return f"{self.met}/{self.total}"

    @property
    def complete(self) -> bool:
        return self.met == self.total


class EvidenceRef(NamedTuple):
    """A cited evidence entry as the file states it (whether it counts is in the verdict)."""

    title: str
    url: str | None = None
    path: str | None = None
    kind: str | None = None
    date: dt.date | None = None
    owner: str | None = None


class ItemResult(NamedTuple):
    id: str
    verdict: Verdict
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    level: str
    tier: str
    subcriterion: str
    key_criterion: str
    text: str
    status: str | None
    location: Location
    satisfied: bool
    evidence_count: int = 0
    due: dt.date | None = None
    owner: str | None = None
    #: a declared not_met/partially_met item whose plan was due before ``assessed_on``
    overdue: bool = False
    evidence: tuple[EvidenceRef, ...] = ()
    #: the plan recorded for a declared not_met/partially_met item
    plan: str | None = None
    #: when an exemption (``not_applicable``) is next reviewed
    review_by: dt.date | None = None
    #: the last assessment date on which a met item's newest usable evidence is still fresh
    fresh_until: dt.date | None = None
    #: the warnings that will lapse or fall due (also in ``warnings``); the rest are findings now
    upcoming: tuple[str, ...] = ()


class SubcriterionResult(NamedTuple):
    id: str
    title: str
    basic: Count
    developed: Count
    go_further: Count
    minimum_met: bool

    @property
    def minimum(self) -> Count:
        """Basic and developed items together: the minimum expectations, as charts and summaries show them."""
        return Count(self.basic.met + self.developed.met, self.basic.total + self.developed.total)


class KeyCriterionResult(NamedTuple):
    id: str
    statement: str
    delivery_area: str
    basic: Count
    developed: Count
    go_further: Count
    minimum_met: bool
    subcriteria: tuple[SubcriterionResult, ...]

    @property
    def minimum(self) -> Count:
        """Basic and developed items together: the minimum expectations, as charts and summaries show them."""
        return Count(self.basic.met + self.developed.met, self.basic.total + self.developed.total)


class FileResult(NamedTuple):
    """One evidence file's assessment."""

    file: str
    framework: str
    framework_title: str
    local_authority: str
    assessed_on: dt.date
    stage: Stage
    minimum_met: bool
    items: tuple[ItemResult, ...]
    key_criteria: tuple[KeyCriterionResult, ...]
    items_location: Location
    passed: bool
    #: the funding-stream deadline as reports state it (evaluate.funding_deadline), None without one
    deadline: str | None = None
    #: warnings about the file as a whole, located (an ``assessed_on`` later than today)
    notices: tuple[Problem, ...] = ()

    @property
    def subcriteria(self) -> tuple[SubcriterionResult, ...]:
        return tuple(sub for key in self.key_criteria for sub in key.subcriteria)

    @property
    def basic(self) -> Count:
        return _sum(k.basic for k in self.key_criteria)

    @property
    def developed(self) -> Count:
        return _sum(k.developed for k in self.key_criteria)

    @property
    def go_further(self) -> Count:
        return _sum(k.go_further for k in self.key_criteria)

    @property
    def minimum(self) -> Count:
        """Basic and developed items together: the minimum expectations, as charts and summaries show them."""
        return Count(self.basic.met + self.developed.met, self.basic.total + self.developed.total)

    def verdict_counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
        for item in self.items:
            counts[item.verdict] += 1
        return counts


def _sum(counts: object) -> Count:
    met = total = 0
    for count in counts:  # type: ignore[attr-defined]
        met += count.met
        total += count.total
    return Count(met, total)


class InvalidFile(NamedTuple):
    """A file that could not be assessed, with every problem found in it."""

    file: str
    problems: tuple[Problem, ...]
    #: ``fhcheck validate`` only: the file is valid and these are findings on its items
    #: (a missing, unreadable or changed cited document), exit 1 rather than 2
    with_findings: bool = False


class FileSummary(NamedTuple):
    """What a report needs of an assessed file before its details: pass/fail and a summary row.

    Many files' reports are written a file at a time; a run keeps only these.
    """

    file: str
    local_authority: str
    framework: str
    stage: Stage
    minimum_met: bool
    passed: bool
    go_further: Count
    minimum: Count = Count(0, 0)

    @classmethod
    def of(cls, result: FileResult) -> FileSummary:
        return cls(
            result.file, result.local_authority, result.framework, result.stage, result.minimum_met, result.passed,
            result.go_further, result.minimum,
        )


class Overview(NamedTuple):
    """A run as its report opens: every assessed file's summary, the invalid files, the threshold."""

    files: tuple[FileSummary, ...]
    invalid: tuple[InvalidFile, ...] = ()
    fail_under: Stage = "minimum"
    tool_version: str = ""

    @property
    def passed(self) -> bool:
        return run_passed(self.invalid, self.files)


def run_passed(invalid: tuple[InvalidFile, ...], files: Iterable[FileResult | FileSummary]) -> bool:
    """A run passes when every file is valid and at or above the --fail-under stage."""
    return not invalid and all(file.passed for file in files)


