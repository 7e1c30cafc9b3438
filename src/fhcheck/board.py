"""What a board paper shows, decided once before any renderer sees it.

The HTML and Word board papers (:mod:`fhcheck.report.html`, :mod:`fhcheck.report.docx`)
and ``compare --format html`` only lay out the records built here: the position in plain
English, a rating per key criterion, the changes since a previous assessment, the top
risks, the action tracker (:mod:`fhcheck.actions`) and the detail per key criterion.

The rating rule (red, amber, green per key criterion)
-----------------------------------------------------
Only minimum expectations (basic and developed items) count; go-further options are
options and never lower a rating.

* **Green**: every minimum expectation of the key criterion is satisfied (met, or an
  accepted exemption).
* **Red**: some *basic* expectation is not satisfied and has no in-date plan (no plan, no
  due date, or a due date before the assessment date).
* **Amber**: anything else: the basic expectations are satisfied or planned for in time,
  but some minimum expectation is not yet satisfied.

Top risks
---------
Plans past their due date; evidence that goes out of date, and exemptions that lapse,
within the warning window; exemptions that are not accepted (the item does not allow one,
no justification is given, or its review date has passed). Overdue plans first, then by
date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from fhcheck.actions import DEFAULT_WITHIN_DAYS, Action, actions_of, horizon_of, uk_date
from fhcheck.results import Count, FileResult, InvalidFile, ItemResult, KeyCriterionResult, Stage

if TYPE_CHECKING:
    from fhcheck.baseline import Baseline
    from fhcheck.comparison import Comparison
    from fhcheck.regional_view import RegionalView

Rag = Literal["red", "amber", "green"]


class Run(Protocol):
    """What a board paper is made from: a run's results (a :class:`fhcheck.views.Report`).

    Named by shape, not imported: the report carries the paper once it is made, so the
    two modules would otherwise import each other.
    """

    @property
    def results(self) -> tuple[FileResult, ...]: ...
    @property
    def invalid(self) -> tuple[InvalidFile, ...]: ...
    @property
    def tool_version(self) -> str: ...
    @property
    def regional(self) -> RegionalView | None: ...


RAG_LABEL: dict[Rag, str] = {"green": "Green", "amber": "Amber", "red": "Red"}

#: the stage as a board reads it
POSITION: dict[Stage, str] = {
    "none": "Working towards Level 1",
    "basic": "Level 1 (basic) reached; working towards Level 2",
    "minimum": "Level 2 (developed) reached",
    "developed": "Level 2 (developed) reached, with every go-further option",
}
#: verdicts in plain English (the engine's names are for files and machines)
VERDICT_TEXT: dict[str, str] = {
    "met": "Met",
    "not_applicable": "Does not apply (accepted)",
    "partially_met": "Partly met",
    "not_met": "Not met",
    "missing": "Not recorded",
    "unevidenced": "No evidence that counts",
    "stale": "Evidence out of date",
    "needs_review": "To be checked against new wording",
}
RiskKind = Literal["overdue_plan", "evidence_lapses", "exemption_lapses", "exemption_refused"]
RISK_ORDER: dict[RiskKind, int] = {
    "overdue_plan": 0, "exemption_refused": 1, "evidence_lapses": 2, "exemption_lapses": 3,
}
TOP_RISKS = 6
LINK_SCHEMES = ("https://", "http://")
#: the evidence file's own words in the engine's reasons, and how a board paper says them
_FIELD_WORDS = (
    (" (review_by)", ""),
    ("; review it or record the item", ""),
    (" and set carried_from.reviewed: true", ""),
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def plain(text: str) -> str:
    """A reason as a board reads it: ISO dates written the UK way, field names left out."""

    def written(match: re.Match[str]) -> str:
        try:
            return uk_date(dt.date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    text = _ISO_DATE.sub(written, text)
    for field_words, plain_words in _FIELD_WORDS:
        text = text.replace(field_words, plain_words)
    return text


def link_of(url: str | None) -> str | None:
    """The address a title may link to: only ``https:`` and ``http:`` ones, never another scheme."""
    if url is None or not url.lower().startswith(LINK_SCHEMES) or any(c.isspace() for c in url):
        return None
    return url


class Rating(NamedTuple):
    key_id: str
    delivery_area: str
    statement: str
    rag: Rag
    #: why, in one sentence
    reason: str
    basic: Count
    developed: Count
    go_further: Count

    @property
    def label(self) -> str:
        return RAG_LABEL[self.rag]


class Risk(NamedTuple):
    kind: RiskKind
    item_id: str
    summary: str
    date: dt.date | None
    owner: str | None


class ItemChangeLine(NamedTuple):
    item_id: str
    then: str
    now: str
    worse: bool


class Changes(NamedTuple):
    """What moved since the previous assessment (from :func:`fhcheck.comparison.compare_results`)."""

    then_assessed_on: dt.date
    then_position: str
    now_position: str
    #: one sentence: better, worse or the same
    headline: str
    improved: int
    worse: int
    items: tuple[ItemChangeLine, ...]


class EvidenceLine(NamedTuple):
    title: str
    link: str | None
    date: str
    owner: str | None
    kind: str | None


class ItemLine(NamedTuple):
    item_id: str
    text: str
    level: str
    verdict: str
    verdict_text: str
    satisfied: bool
    reasons: tuple[str, ...]
    owner: str | None
    dates: str
    evidence: tuple[EvidenceLine, ...]


class KeyDetail(NamedTuple):
    rating: Rating
    key: KeyCriterionResult
    minimum: tuple[ItemLine, ...]
    options_taken: tuple[ItemLine, ...]
    options_open: tuple[str, ...]


class TrackerRow(NamedTuple):
    """A row of the board paper's action tracker: one dated or planned action, or the
    unplanned minimum expectations of one key criterion together (``fhcheck actions``
    lists those one by one)."""

    items: str
    summary: str
    owner: str
    due: str
    overdue: bool


class AuthorityPaper(NamedTuple):
    file: str
    local_authority: str
    framework: str
    framework_title: str
    assessed_on: dt.date
    headline: str
    #: the position sentence: "Working towards Level 1: 47 of 49 basic ..."
    position: str
    basic: Count
    developed: Count
    go_further: Count
    ratings: tuple[Rating, ...]
    changes: Changes | None
    risks: tuple[Risk, ...]
    #: risks beyond the top ones (all are in the action tracker)
    more_risks: int
    actions: tuple[Action, ...]
    tracker: tuple[TrackerRow, ...]
    details: tuple[KeyDetail, ...]
    warn_days: int
    #: the funding stream's deadline sentence (evaluate.funding_deadline), None without one
    deadline: str | None = None

    @property
    def assessed_on_text(self) -> str:
        return uk_date(self.assessed_on)


class BoardPaper(NamedTuple):
    authorities: tuple[AuthorityPaper, ...]
    invalid: tuple[InvalidFile, ...] = ()
    regional: RegionalView | None = None
    tool_version: str = ""

    @property
    def title(self) -> str:
        names = sorted({paper.local_authority for paper in self.authorities})
        return "Family hubs: board paper" + (f" for {names[0]}" if len(names) == 1 else "")


# --- building -----------------------------------------------------------------------------


def position_of(result: FileResult) -> str:
    basic, developed, further = result.basic, result.developed, result.go_further
    return (
        f"{POSITION[result.stage]}: {basic.met} of {basic.total} basic and {developed.met} of {developed.total} "
        f"developed minimum expectations met; {further.met} of {further.total} go-further options"
    )


def _in_date_plan(item: ItemResult, assessed_on: dt.date) -> bool:
    return bool(item.plan) and item.due is not None and item.due >= assessed_on


def rating_of(key: KeyCriterionResult, items: Sequence[ItemResult], assessed_on: dt.date) -> Rating:
    """The documented rule (module docstring) for one key criterion."""
    gaps = [item for item in items if item.tier == "minimum" and not item.satisfied]
    unplanned_basic = [item.id for item in gaps if item.level == "basic" and not _in_date_plan(item, assessed_on)]
    rag: Rag
    if not gaps:
        rag, reason = "green", "Every minimum expectation is met."
    elif unplanned_basic:
        rag = "red"
        noun = "expectation" if len(unplanned_basic) == 1 else "expectations"
        reason = f"{len(unplanned_basic)} basic {noun} not met without an in-date plan ({id_list(unplanned_basic)})."
    else:
        rag = "amber"
        noun = "expectation" if len(gaps) == 1 else "expectations"
        planned = sum(_in_date_plan(item, assessed_on) for item in gaps)
        reason = f"{len(gaps)} minimum {noun} not yet met; {planned} with an in-date plan."
    return Rating(key.id, key.delivery_area, key.statement, rag, reason, key.basic, key.developed, key.go_further)


def risks_of(result: FileResult, warn_days: int) -> list[Risk]:
    horizon = horizon_of(result.assessed_on, warn_days)
    found: list[Risk] = []
    for item in result.items:
        if item.overdue and item.due is not None:
            found.append(Risk("overdue_plan", item.id, f"The plan for {item.id} was due on {uk_date(item.due)}"
                              + (f": {item.plan}" if item.plan else ""), item.due, item.owner))
        if item.status == "not_applicable" and item.verdict != "not_applicable":
            found.append(Risk("exemption_refused", item.id, f"The exemption claimed for {item.id} is not accepted: "
                              + "; ".join(plain(r) for r in item.reasons), None, item.owner))
        if item.verdict == "met" and item.fresh_until is not None and item.fresh_until <= horizon:
            found.append(Risk("evidence_lapses", item.id, f"The evidence for {item.id} goes out of date after "
                              f"{uk_date(item.fresh_until)}", item.fresh_until, item.owner))
        if item.verdict == "not_applicable" and item.review_by is not None and item.review_by <= horizon:
            found.append(Risk("exemption_lapses", item.id, f"The exemption for {item.id} is due for review by "
                              f"{uk_date(item.review_by)}", item.review_by, item.owner))
    return sorted(found, key=lambda r: (RISK_ORDER[r.kind], r.date or dt.date.max, r.item_id))


def changes_of(comparison: Comparison) -> Changes:
    from fhcheck.comparison import STAGE_RANK

    then, now = comparison.then_stage, comparison.now_stage
    worse = [item for item in comparison.items if item.worse]
    improved = [item for item in comparison.items if item.kind == "improved"]
    if STAGE_RANK[now] > STAGE_RANK[then]:
        headline = f"Better than at the previous assessment ({uk_date(comparison.old_assessed_on)})."
    elif comparison.regressed:
        headline = f"Worse than at the previous assessment ({uk_date(comparison.old_assessed_on)}) in some places."
    elif improved:
        headline = f"The same level as at the previous assessment ({uk_date(comparison.old_assessed_on)}), " \
                   "with some expectations newly met."
    else:
        headline = f"No change since the previous assessment ({uk_date(comparison.old_assessed_on)})."
    lines = tuple(
        ItemChangeLine(
            item.id, VERDICT_TEXT[item.then], VERDICT_TEXT[item.now] + (" (plan overdue)" if item.now_overdue else ""),
            item.worse,
        )
        for item in [*worse, *improved]
    )
    return Changes(
        comparison.old_assessed_on, POSITION[then], POSITION[now], headline, len(improved), len(worse), lines
    )


def id_list(ids: Sequence[str], limit: int = 6) -> str:
    """Identifiers for a sentence: the first few, then how many more."""
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"


def tracker_of(actions: Sequence[Action]) -> tuple[TrackerRow, ...]:
    """Dated and planned actions one per row, soonest first; then, per key criterion, the
    minimum expectations with no plan in one row, so that the tracker stays on a page.
    Actions with the same plan, owner and due date share a row."""
    grouped: dict[tuple[str, str, str | None, dt.date | None, bool], list[Action]] = {}
    for action in actions:
        if action.kind != "no_plan":
            same = (action.kind, action.summary, action.owner, action.due, action.overdue)
            grouped.setdefault(same, []).append(action)
    rows = [
        TrackerRow(", ".join(a.item_id for a in same), same[0].summary, same[0].owner or "not recorded",
                   same[0].due_text, same[0].overdue)
        for same in grouped.values()
    ]
    unplanned: dict[str, list[str]] = {}
    for action in actions:
        if action.kind == "no_plan":
            unplanned.setdefault(action.item_id.split(".")[0], []).append(action.item_id)
    for key, ids in unplanned.items():
        noun = "expectation" if len(ids) == 1 else "expectations"
        rows.append(
            TrackerRow(
                id_list(ids, 4), f"Key criterion {key}: {len(ids)} minimum {noun} with no plan; agree a plan, "
                "an owner and a due date", "not recorded", "no date set", False,
            )
        )
    return tuple(rows)


def _evidence_line(ref: object) -> EvidenceLine:
    from fhcheck.results import EvidenceRef

    assert isinstance(ref, EvidenceRef)
    return EvidenceLine(ref.title, link_of(ref.url), uk_date(ref.date) if ref.date else "undated", ref.owner, ref.kind)


def _dates(item: ItemResult) -> str:
    parts = []
    if item.due is not None:
        parts.append(f"due {uk_date(item.due)}" + (" (overdue)" if item.overdue else ""))
    if item.review_by is not None:
        parts.append(f"review by {uk_date(item.review_by)}")
    if item.fresh_until is not None:
        parts.append(f"evidence current until {uk_date(item.fresh_until)}")
    return "; ".join(parts)


def item_line(item: ItemResult) -> ItemLine:
    return ItemLine(
        item.id, item.text, item.level, item.verdict, VERDICT_TEXT[item.verdict], item.satisfied,
        tuple(plain(reason) for reason in (*item.reasons, *item.warnings)),
        item.owner, _dates(item), tuple(_evidence_line(ref) for ref in item.evidence),
    )


def authority_paper(
    result: FileResult, comparison: Comparison | None = None, warn_days: int = DEFAULT_WITHIN_DAYS
) -> AuthorityPaper:
    by_key: dict[str, list[ItemResult]] = {}
    for item in result.items:
        by_key.setdefault(item.key_criterion, []).append(item)
    ratings = tuple(rating_of(key, by_key.get(key.id, []), result.assessed_on) for key in result.key_criteria)
    details = tuple(
        KeyDetail(
            rating,
            key,
            tuple(item_line(i) for i in by_key.get(key.id, []) if i.tier == "minimum"),
            tuple(item_line(i) for i in by_key.get(key.id, []) if i.tier != "minimum" and i.satisfied),
            tuple(i.id for i in by_key.get(key.id, []) if i.tier != "minimum" and not i.satisfied),
        )
        for rating, key in zip(ratings, result.key_criteria, strict=True)
    )
    risks = risks_of(result, warn_days)
    actions = actions_of(result, warn_days)
    return AuthorityPaper(
        file=result.file,
        local_authority=result.local_authority,
        framework=result.framework,
        framework_title=result.framework_title,
        deadline=result.deadline,
        assessed_on=result.assessed_on,
        headline=POSITION[result.stage],
        position=position_of(result),
        basic=result.basic,
        developed=result.developed,
        go_further=result.go_further,
        ratings=ratings,
        changes=changes_of(comparison) if comparison is not None else None,
        risks=tuple(risks[:TOP_RISKS]),
        more_risks=max(0, len(risks) - TOP_RISKS),
        actions=tuple(actions),
        tracker=tracker_of(actions),
        details=details,
        warn_days=warn_days,
    )


def board_paper(
    report: Run,
    comparisons: dict[str, Comparison] | None = None,
    warn_days: int = DEFAULT_WITHIN_DAYS,
) -> BoardPaper:
    """The board paper of a run; ``comparisons`` maps a file to its comparison with a previous assessment."""
    comparisons = comparisons or {}
    regional = report.regional  # computed once, before rendering, when the run prepared it
    if regional is None and len(report.results) > 1:
        from fhcheck.regional_view import regional_view

        regional = regional_view(report.results)
    papers = tuple(authority_paper(r, comparisons.get(r.file), warn_days) for r in report.results)
    return BoardPaper(papers, report.invalid, regional, report.tool_version)


def comparisons_of(baselines: Iterable[Baseline]) -> dict[str, Comparison]:
    """The files ``--baseline`` could compare, by file (new or invalid baselines have none)."""
    return {baseline.file: baseline.comparison for baseline in baselines if baseline.comparison is not None}
