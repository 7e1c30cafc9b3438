"""The rules engine: (catalogue, evidence, document facts) -> verdicts and roll-ups. No I/O.

Claims are never taken on trust. Each item gets exactly one verdict from the first rule in
``ITEM_RULES`` that decides it; the rules read only the criteria's rule data
(``requires_kinds``, freshness window, ``conditional``, ``checks``) and the file's claims.
Only ``met`` and an accepted ``not_applicable`` satisfy an item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from fhcheck.catalogue import FUNDING_STREAMS, Catalogue, Item
from fhcheck.checks import CheckContext
from fhcheck.dates import last_fresh_day, months_before
from fhcheck.documents import Facts
from fhcheck.errors import Location
from fhcheck.evidence import EvidenceEntry, EvidenceFile, ItemEntry
from fhcheck.load import Document
from fhcheck.results import (
    SATISFIED,
    EvidenceRef,
    FileResult,
    ItemResult,
    Stage,
    Verdict,
    stage_reaches,
)
from fhcheck.rollup import roll_up, stage_of_items


class Settings(NamedTuple):
    """Per-run choices that change verdicts or pass/fail."""

    warn_days: int = 60
    fail_under: Stage = "minimum"


class Context(NamedTuple):
    """What every rule may read about one item."""

    item: Item
    entry: ItemEntry
    evidence: EvidenceFile
    catalogue: Catalogue
    assessed_on: dt.date
    facts: Facts
    settings: Settings
    #: the item's freshness window in months (its own, else the framework's default)
    window: int = 0
    #: evidence dated before this day is stale for this item
    cutoff: dt.date = dt.date.min
    #: the last day by which the file's funding stream expects the minimum expectations met (criteria ``deadlines``)
    deadline: dt.date | None = None


Decision = tuple[Verdict, list[str]]
Rule = Callable[[Context], Decision | None]


# --- item rules, in the order they are tried ---------------------------------------------


def carried_unreviewed(ctx: Context) -> Decision | None:
    carried = ctx.entry.carried_from
    if carried is None or carried.reviewed:
        return None
    return (
        "needs_review",
        [
            f"carried from framework {carried.framework} ({', '.join(carried.items)}, {carried.change}); the "
            "criterion's wording changed, so check the evidence against it and set carried_from.reviewed: true"
        ],
    )


def exemption(ctx: Context) -> Decision | None:
    entry, item = ctx.entry, ctx.item
    if entry.status != "not_applicable":
        return None
    if not item.conditional:
        return ("not_met", ["not applicable is accepted only for conditional items; this item applies everywhere"])
    if not entry.justification:
        return (
            "not_met",
            [f"not applicable needs a justification of why the condition ({item.conditional}) does not hold"],
        )
    if entry.review_by is not None and entry.review_by < ctx.assessed_on:
        return (
            "not_met",
            [f"exemption lapsed on {entry.review_by.isoformat()} (review_by); review it or record the item"],
        )
    return ("not_applicable", [f"not applicable: {entry.justification}"])


def declared_unmet(ctx: Context) -> Decision | None:
    entry = ctx.entry
    if entry.status not in ("not_met", "partially_met"):
        return None
    reasons = ["claimed partially met" if entry.status == "partially_met" else "claimed not met"]
    if entry.plan is None:
        reasons.append("no plan is recorded")
    else:
        reasons.append(f"plan: {entry.plan}")
    if entry.due is not None and plan_overdue(entry, ctx.assessed_on):
        reasons.append(f"plan due {entry.due.isoformat()} is overdue")
    return (entry.status, reasons)


def plan_overdue(entry: ItemEntry, assessed_on: dt.date) -> bool:
    """A declared-unmet item whose plan was due before the assessment date."""
    return entry.status in ("not_met", "partially_met") and entry.due is not None and entry.due < assessed_on


def claimed_met(ctx: Context) -> Decision | None:
    """Met only with at least one entry that counts: readable, of a required kind, dated and fresh."""
    entry = ctx.entry
    if not entry.evidence:
        return ("unevidenced", ["claimed met but no evidence is cited"])
    window, cutoff = ctx.window, ctx.cutoff
    blocking: list[str] = []
    stale_dates: list[dt.date] = []
    for index, cited in enumerate(entry.evidence):
        problem = _entry_problem(ctx, index, cited)
        if problem:
            blocking.append(problem)
            continue
        assert cited.date is not None
        if cited.date < cutoff:
            stale_dates.append(cited.date)
            continue
        entry_failures = _entry_check_failures(ctx, index)
        if entry_failures:  # this entry does not count; another may still carry the item
            blocking.extend(entry_failures)
            continue
        failures = _check_failures(ctx)
        if failures:
            return ("unevidenced", failures)
        return ("met", [])
    if stale_dates:
        newest = max(stale_dates)
        return (
            "stale",
            [
                f"newest evidence {newest.isoformat()} is older than the {window}-month window "
                f"(evidence must be dated on or after {cutoff.isoformat()})"
            ]
            + blocking,
        )
    return ("unevidenced", blocking)


def _entry_problem(ctx: Context, index: int, cited: EvidenceEntry) -> str:
    """Why one evidence entry cannot count, or '' when it can (freshness aside)."""
    label = f"evidence {cited.title!r}"
    fact = ctx.facts.get((ctx.item.id, index))
    if fact is not None and fact.state != "ok":
        return f"{label} ({_place(fact.location)}): {fact.detail}"
    required = ctx.item.requires_kinds
    if required and cited.kind is None:
        return f"{label} has no kind; this item needs one of {', '.join(required)}"
    if required and cited.kind not in required:
        return f"{label} is of kind {cited.kind}; this item needs one of {', '.join(required)}"
    if cited.date is None:
        return f"{label} has no date; evidence must be dated to show it is within the {ctx.window}-month window"
    if cited.date > ctx.assessed_on:
        return f"{label} is dated {cited.date.isoformat()}, after the assessment date {ctx.assessed_on.isoformat()}"
    return ""


def check_context(ctx: Context, check: str) -> CheckContext:
    """What the machine check named ``check`` may read about the item (:mod:`fhcheck.checks`)."""
    item_id = ctx.item.id
    facts = ctx.facts
    cited = ctx.entry.evidence
    gathered = []
    for index in range(len(cited)):
        fact = facts.get((item_id, index))
        gathered.append(fact.gathered_by(check) if fact is not None else None)
    return CheckContext(
        item_id, ctx.assessed_on, ctx.window, ctx.cutoff, ctx.evidence.programmes,
        tuple(one.path for one in cited), tuple(gathered),
    )


def _entry_check_failures(ctx: Context, index: int) -> list[str]:
    """Why the item's machine checks will not count the cited entry at ``index`` (a failing feed).

    Judged per entry so a check never lowers a verdict that other evidence earned: the entry
    is passed over, and decides the verdict only when no other entry carries the item.
    """
    reasons: list[str] = []
    for check, params in ctx.catalogue.checks_of(ctx.item):
        if check.entry is not None:
            reasons.extend(check.entry(check_context(ctx, check.name), params, index))
    return reasons


def _check_failures(ctx: Context) -> list[str]:
    """Item-wide failures of the declared machine checks (criteria ``checks``): only conditions that
    more evidence can lift, such as a register the item requires and the file lacks."""
    reasons: list[str] = []
    for check, params in ctx.catalogue.checks_of(ctx.item):
        if check.run is not None:
            reasons.extend(check.run(check_context(ctx, check.name), params))
    return reasons


def _check_notes(ctx: Context) -> list[str]:
    """What passing machine checks want a reader to know (mixed findings, feed completeness)."""
    notes: list[str] = []
    for check, params in ctx.catalogue.checks_of(ctx.item):
        if check.notes is not None:
            notes.extend(check.notes(check_context(ctx, check.name), params))
    return notes


#: The item rules in the order they are tried; the first that returns a decision wins.
ITEM_RULES: tuple[Rule, ...] = (carried_unreviewed, exemption, declared_unmet, claimed_met)


def decide(ctx: Context) -> Decision:
    for rule in ITEM_RULES:
        decision = rule(ctx)
        if decision is not None:
            return decision
    raise AssertionError(f"no rule decided {ctx.item.id}")  # pragma: no cover - claimed_met always decides


def fresh_until(ctx: Context) -> tuple[dt.date, dt.date] | None:
    """(the last fresh day, the newest date) of a met item's usable evidence, or None when none is dated."""
    dates = [
        cited.date
        for index, cited in enumerate(ctx.entry.evidence)
        if cited.date is not None and not _entry_problem(ctx, index, cited)
    ]
    if not dates:
        return None
    newest = max(dates)
    return last_fresh_day(newest, ctx.window), newest


def _horizon(ctx: Context) -> dt.date:
    try:
        return ctx.assessed_on + dt.timedelta(days=ctx.settings.warn_days)
    except OverflowError:  # a huge --warn-days or a date near 9999: everything is within the horizon
        return dt.date.max


def coming_up(ctx: Context, verdict: Verdict, fresh: tuple[dt.date, dt.date] | None) -> list[str]:
    """What will lapse or fall due within the warning window: exemptions, fresh evidence, plans.

    Only these belong under "Coming up"; a missing or changed document is a finding now.
    ``fresh`` is :func:`fresh_until` of a met item.
    """
    horizon = _horizon(ctx)
    entry = ctx.entry
    upcoming = []
    if verdict == "not_applicable" and entry.review_by is not None and entry.review_by <= horizon:
        upcoming.append(f"exemption lapses after {entry.review_by.isoformat()} (review_by)")
    if verdict == "met" and fresh is not None and fresh[0] <= horizon:
        upcoming.append(f"evidence goes stale after {fresh[0].isoformat()} (newest is {fresh[1].isoformat()})")
    due = entry.due
    if entry.status in ("not_met", "partially_met") and due is not None and ctx.assessed_on <= due <= horizon:
        owner = f", owner {entry.owner}" if entry.owner else ""
        upcoming.append(f"plan due {due.isoformat()}{owner}")
    return upcoming


def expiry_warnings(ctx: Context, verdict: Verdict, fresh: tuple[dt.date, dt.date] | None = None) -> list[str]:
    """What will lapse within the warning window, so a team sees expiry before the board does.

    ``fresh`` is :func:`fresh_until` of a met item, when the caller has it already.
    """
    horizon = _horizon(ctx)
    entry = ctx.entry
    warnings = []
    if verdict == "not_applicable" and entry.review_by is not None and entry.review_by <= horizon:
        warnings.append(f"exemption lapses after {entry.review_by.isoformat()} (review_by)")
    if verdict == "met" and ctx.item.checks:
        warnings.extend(_check_notes(ctx))
    if verdict == "met":  # another entry carries the item, but a cited document still needs attention
        for index, cited in enumerate(entry.evidence):
            fact = ctx.facts.get((ctx.item.id, index))
            if fact is not None and fact.state != "ok":
                warnings.append(f"evidence {cited.title!r} ({_place(fact.location)}): {fact.detail}")
    if verdict == "met":
        if fresh is None:
            fresh = fresh_until(ctx)
        if fresh is not None and fresh[0] <= horizon:
            warnings.append(f"evidence goes stale after {fresh[0].isoformat()} (newest is {fresh[1].isoformat()})")
    return warnings


def deadline_findings(ctx: Context, verdict: Verdict) -> list[str]:
    """An unmet minimum item is a finding when its funding stream's deadline has passed or its plan falls after it."""
    deadline = ctx.deadline
    if deadline is None or not ctx.item.is_minimum or verdict in SATISFIED:
        return []
    stream = FUNDING_STREAMS[ctx.evidence.funding_stream or ""]
    if ctx.assessed_on > deadline:
        return [_past_deadline(stream, deadline)]
    due = ctx.entry.due
    if due is not None and due > deadline:
        return [f"plan due {due.isoformat()} is after the {stream} deadline ({deadline.isoformat()})"]
    return []


def _past_deadline(stream: str, deadline: dt.date) -> str:
    return f"minimum item not met after the {stream} deadline ({deadline.isoformat()})"


def funding_deadline(catalogue: Catalogue, evidence: EvidenceFile) -> tuple[dt.date | None, str | None]:
    """The file's funding-stream deadline and the sentence reports show for it (None, None without one)."""
    stream = evidence.funding_stream
    rule = catalogue.spec.deadlines.get(stream) if stream else None
    if stream is None or rule is None:
        return None, None
    day = rule.last_day
    left = (day - evidence.assessed_on).days
    state = "passed" if left < 0 else f"{left} days after this assessment"
    return day, f"{FUNDING_STREAMS[stream]}: minimum expectations due by {day.isoformat()} ({state}): {rule.quote}"


# --- the whole file ---------------------------------------------------------------------


def evaluate(
    catalogue: Catalogue,
    evidence: EvidenceFile,
    doc: Document,
    facts: Facts,
    settings: Settings = Settings(),
) -> FileResult:
    """Verdicts for every item of the framework, rolled up to sub-criteria, key criteria and stage."""
    items_location = doc.where(("items",), key=True)
    results: list[ItemResult] = []
    cutoffs: dict[int, dt.date] = {}  # freshness window -> first fresh day: a few windows serve every item
    deadline, deadline_line = funding_deadline(catalogue, evidence)
    for item in catalogue.iter_items():
        entry = evidence.items.get(item.id)
        if entry is None:
            findings = []
            if deadline is not None and item.is_minimum and evidence.assessed_on > deadline:
                findings.append(_past_deadline(FUNDING_STREAMS[evidence.funding_stream or ""], deadline))
            results.append(_result(item, "missing", ["not in the evidence file"], findings, None, items_location))
            continue
        window = catalogue.freshness_months(item)
        cutoff = cutoffs.get(window)
        if cutoff is None:
            cutoff = cutoffs[window] = months_before(evidence.assessed_on, window)
        ctx = Context(
            item, entry, evidence, catalogue, evidence.assessed_on, facts, settings, window, cutoff, deadline
        )
        verdict, reasons = decide(ctx)
        fresh = fresh_until(ctx) if verdict == "met" else None
        warnings = expiry_warnings(ctx, verdict, fresh) + deadline_findings(ctx, verdict)
        upcoming = coming_up(ctx, verdict, fresh)
        warnings += [w for w in upcoming if w not in warnings]
        if verdict == "met":  # otherwise the reasons already say it
            warnings += _dated_after_assessment(entry, item.id, evidence.assessed_on, doc)
        results.append(
            _result(item, verdict, reasons, warnings, entry, doc.where(("items", item.id), key=True),
                    plan_overdue(entry, evidence.assessed_on), fresh[0] if fresh else None)._replace(
                        upcoming=tuple(upcoming)
                    )
        )
    keys = roll_up(catalogue, results)
    stage = stage_of_items(results)
    return FileResult(
        file=doc.file,
        framework=catalogue.version,
        framework_title=catalogue.title,
        local_authority=evidence.local_authority,
        assessed_on=evidence.assessed_on,
        stage=stage,
        minimum_met=all(k.minimum_met for k in keys),
        items=tuple(results),
        key_criteria=keys,
        items_location=items_location,
        passed=stage_reaches(stage, settings.fail_under),
        deadline=deadline_line,
    )


def _dated_after_assessment(entry: ItemEntry, item_id: str, assessed_on: dt.date, doc: Document) -> list[str]:
    """Evidence dated after ``assessed_on`` never counts: name each entry, since it is usually a typo."""
    return [
        f"entry at line {doc.where(('items', item_id, 'evidence', index, 'date')).line} is dated "
        f"{cited.date.isoformat()}, after the assessment date {assessed_on.isoformat()} — a typo?"
        for index, cited in enumerate(entry.evidence)
        if cited.date is not None and cited.date > assessed_on
    ]


def _result(
    item: Item, verdict: Verdict, reasons: list[str], warnings: list[str], entry: ItemEntry | None, where: Location,
    overdue: bool = False,
    fresh_until: dt.date | None = None,
) -> ItemResult:
    return ItemResult(
        id=item.id,
        verdict=verdict,
        reasons=tuple(reasons),
        warnings=tuple(warnings),
        level=item.level,
        tier=item.tier,
        subcriterion=item.subcriterion,
        key_criterion=item.key_criterion,
        text=item.text,
        status=entry.status if entry else None,
        location=where,
        satisfied=verdict in SATISFIED,
        evidence_count=len(entry.evidence) if entry else 0,
        due=entry.due if entry else None,
        owner=entry.owner if entry else None,
        overdue=overdue,
        evidence=tuple(EvidenceRef(e.title, e.url, e.path, e.kind, e.date, e.owner) for e in entry.evidence)
        if entry else (),
        plan=entry.plan if entry else None,
        review_by=entry.review_by if entry and entry.status == "not_applicable" else None,
        fresh_until=fresh_until,
    )


def _place(location: Location) -> str:
    """Where an evidence entry is, within its file: ``line 12``, or a workbook's ``Evidence!A7``."""
    return location.cell or f"line {location.line}"
