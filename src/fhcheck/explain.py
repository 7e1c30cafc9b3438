"""One item in full, for ``fhcheck explain FILE ID``: why it has the verdict it has.

The file is assessed as ``assess`` would (the verdict is the engine's, never recomputed
here); then the engine's own per-entry test (:func:`fhcheck.evaluate._entry_problem`), its
freshness cut-off and its machine checks are applied to each evidence entry of the one
item, so the explanation can say of every entry whether it counts and why, and what would
make the item satisfied.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any, NamedTuple

from fhcheck.actions import uk_date
from fhcheck.board import VERDICT_TEXT
from fhcheck.catalogue import CriteriaStore
from fhcheck.dates import last_fresh_day, months_before
from fhcheck.errors import InputError, UsageError
from fhcheck.evaluate import (
    Context,
    Settings,
    _check_failures,
    _entry_problem,
    evaluate,
)
from fhcheck.results import ItemResult


class EvidenceCheck(NamedTuple):
    title: str
    url: str | None
    path: str | None
    kind: str | None
    date: dt.date | None
    owner: str | None
    counts: bool
    #: why it counts or not, in one sentence
    why: str
    line: int


class Explanation(NamedTuple):
    file: str
    local_authority: str
    framework: str
    assessed_on: dt.date
    item_id: str
    text: str
    level: str
    tier: str
    subcriterion: str
    subcriterion_title: str
    key_criterion: str
    conditional: str | None
    requires_kinds: tuple[str, ...]
    window_months: int
    #: evidence dated before this day is out of date for this item
    cutoff: dt.date
    machine_checks: tuple[str, ...]
    status: str | None
    verdict: str
    verdict_text: str
    satisfied: bool
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    evidence: tuple[EvidenceCheck, ...]
    #: failures of the machine checks, when an entry would otherwise count
    check_failures: tuple[str, ...]
    exemption: dict[str, Any] | None
    plan: dict[str, Any] | None
    to_satisfy: tuple[str, ...]
    line: int

    def as_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, tuple) and hasattr(value, "_asdict"):
                return {k: plain(v) for k, v in value._asdict().items()}
            if isinstance(value, (tuple, list)):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value

        return plain(self)  # type: ignore[no-any-return]


def explain_item(
    path: Path, display: str, item_id: str, store: CriteriaStore, settings: Settings | None = None
) -> Explanation:
    """Assess ``path`` and explain ``item_id``; an invalid file is an InputError, an unknown item a UsageError."""
    from fhcheck.documents import check_documents
    from fhcheck.evidence import parse_evidence
    from fhcheck.load import load

    doc = load(path, display)
    evidence, catalogue = parse_evidence(doc, store)
    facts, problems = check_documents(evidence, doc, path, catalogue)
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.location.line, p.location.column)))
    item = catalogue.items.get(item_id)
    if item is None:
        close = difflib.get_close_matches(item_id, list(catalogue.items), n=1, cutoff=0.6)
        hint = f" such as {close[0]}" if close else ""
        raise UsageError(f"unknown item {item_id!r}; expected an identifier of framework {catalogue.version}{hint}")
    settings = settings or Settings()
    result = evaluate(catalogue, evidence, doc, facts, settings)
    found: ItemResult = next(r for r in result.items if r.id == item_id)
    window = catalogue.freshness_months(item)
    cutoff = months_before(evidence.assessed_on, window)
    entry = evidence.items.get(item_id)
    checks = tuple(check.summary for check, _ in catalogue.checks_of(item))
    cited: list[EvidenceCheck] = []
    failures: list[str] = []
    exemption = plan = None
    if entry is not None:
        ctx = Context(item, entry, evidence, catalogue, evidence.assessed_on, facts, settings, window, cutoff)
        for index, one in enumerate(entry.evidence):
            problem = _entry_problem(ctx, index, one)
            if problem:
                counts, why = False, problem
            else:
                assert one.date is not None
                if one.date < cutoff:
                    counts = False
                    why = (f"dated {uk_date(one.date)}, before the cut-off {uk_date(cutoff)} of the item's "
                           f"{window}-month window")
                else:
                    counts = True
                    why = (f"of a kind this item accepts, dated {uk_date(one.date)} (on or after the cut-off "
                           f"{uk_date(cutoff)}; fresh until {uk_date(last_fresh_day(one.date, window))})")
            where = doc.where(("items", item_id, "evidence", index))
            cited.append(
                EvidenceCheck(one.title, one.url, one.path, one.kind, one.date, one.owner, counts, why, where.line)
            )
        if any(c.counts for c in cited):
            failures = _check_failures(ctx)
        if entry.status == "not_applicable":
            exemption = {
                "condition": item.conditional,
                "justification": entry.justification,
                "approved_by": entry.approved_by,
                "review_by": entry.review_by,
                "accepted": found.verdict == "not_applicable",
            }
        if entry.plan is not None or entry.due is not None or entry.owner is not None:
            plan = {"plan": entry.plan, "due": entry.due, "owner": entry.owner, "overdue": found.overdue}
    return Explanation(
        file=result.file,
        local_authority=result.local_authority,
        framework=result.framework,
        assessed_on=result.assessed_on,
        item_id=item_id,
        text=item.text,
        level=item.level,
        tier=item.tier,
        subcriterion=item.subcriterion,
        subcriterion_title=catalogue.subcriteria[item.subcriterion].title,
        key_criterion=item.key_criterion,
        conditional=item.conditional,
        requires_kinds=item.requires_kinds,
        window_months=window,
        cutoff=cutoff,
        machine_checks=checks,
        status=found.status,
        verdict=found.verdict,
        verdict_text=VERDICT_TEXT[found.verdict],
        satisfied=found.satisfied,
        reasons=found.reasons,
        warnings=found.warnings,
        evidence=tuple(cited),
        check_failures=tuple(failures),
        exemption=exemption,
        plan=plan,
        to_satisfy=tuple(_to_satisfy(found, result.assessed_on, item.requires_kinds, cutoff, checks, item.conditional)),
        line=found.location.line,
    )


def _to_satisfy(
    found: ItemResult, assessed_on: dt.date, kinds: tuple[str, ...], cutoff: dt.date, checks: tuple[str, ...],
    conditional: str | None,
) -> list[str]:
    """What would make the item satisfied, from its verdict and the criteria's rule data."""
    if found.satisfied:
        return []
    kind = f" of kind {' or '.join(kinds)}" if kinds else ""
    cite = (
        f"Record it as met with at least one evidence entry{kind}, dated between {uk_date(cutoff)} and "
        f"{uk_date(assessed_on)}, citing a web address or a document in the repository"
    )
    steps: list[str] = []
    if found.verdict == "needs_review":
        steps.append(
            "Check the evidence carried from the previous framework against this wording, then mark it reviewed"
        )
    elif found.verdict in ("missing", "not_met", "partially_met", "unevidenced", "stale"):
        steps.append(cite)
    if checks:
        steps.append("The cited evidence must also pass: " + "; ".join(checks))
    if conditional and found.verdict != "needs_review":
        steps.append(f"Or, if the condition ({conditional}) does not hold here, record it as not applicable with a "
                     "justification and a review date")
    return steps
