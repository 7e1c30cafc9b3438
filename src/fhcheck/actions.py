"""Everything that needs doing, from finished assessments: the action list behind the board
paper's tracker, ``fhcheck actions`` and its calendar.

Nothing is re-evaluated: each action is read off an item's verdict, plan, owner and dates
as :mod:`fhcheck.evaluate` recorded them. Four kinds, each with one date (or none):

``plan``
    an item declared not met or partly met with a plan; dated by the plan's due date, and
    ``overdue`` when that was before the assessment date.
``no_plan``
    a minimum expectation (basic or developed) that is not satisfied and has no plan; undated.
``evidence_lapses``
    a met item whose newest usable evidence goes out of its window on or before the horizon;
    dated by the last day it is still fresh.
``exemption_lapses``
    an accepted exemption whose review date is on or before the horizon; dated by it.

The horizon is counted from each file's assessment date (the day its verdicts are true of),
``within_days`` ahead: by default the warning window, as the engine's "coming up" warnings.
Actions are listed soonest first (overdue first, undated last), then by item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Literal, NamedTuple

from fhcheck.results import FileResult, ItemResult

ActionKind = Literal["plan", "no_plan", "evidence_lapses", "exemption_lapses"]
DEFAULT_WITHIN_DAYS = 60
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


#: what an unsatisfied minimum expectation with no plan needs first, by verdict
NO_PLAN_SUMMARY = {
    "missing": "Record this expectation in the evidence file, with evidence or a plan",
    "unevidenced": "Cite evidence that counts (the right kind, dated, and readable), or record a plan",
    "stale": "Renew the evidence (it is out of date), or record a plan",
    "needs_review": "Check the evidence carried from the previous framework against the new wording",
    "not_met": "Agree a plan, an owner and a due date",
    "partially_met": "Agree a plan, an owner and a due date",
}


def uk_date(day: dt.date) -> str:
    """A date the way people in England write it: 27 November 2026 (no locale involved)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class Action(NamedTuple):
    """One thing to do, with who and by when, as every action format shows it."""

    local_authority: str
    file: str
    item_id: str
    kind: ActionKind
    #: what to do, in plain English
    summary: str
    owner: str | None
    due: dt.date | None
    overdue: bool
    tier: str
    level: str
    text: str
    #: the same action of the same authority keeps its identifier when dates or wording change
    uid: str

    @property
    def due_text(self) -> str:
        if self.due is None:
            return "no date set"
        return uk_date(self.due) + (" (overdue)" if self.overdue else "")


def action_uid(local_authority: str, item_id: str, kind: str) -> str:
    """A stable identifier for calendars: the same authority, item and kind give the same UID,
    so re-importing a calendar updates its entries instead of duplicating them. A name that
    holds a lone surrogate (a file name not in UTF-8, say) is hashed by its code points."""
    key = f"{local_authority}\x1f{item_id}\x1f{kind}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(key).hexdigest()[:32]
    return f"{digest}@fhcheck"


def horizon_of(assessed_on: dt.date, within_days: int) -> dt.date:
    try:
        return assessed_on + dt.timedelta(days=within_days)
    except OverflowError:
        return dt.date.max


def actions_of(result: FileResult, within_days: int = DEFAULT_WITHIN_DAYS) -> list[Action]:
    """The actions of one assessed file, soonest first."""
    horizon = horizon_of(result.assessed_on, within_days)
    found = [action for item in result.items if (action := _action(result, item, horizon)) is not None]
    return sort_actions(found)


def actions_across(results: Iterable[FileResult], within_days: int = DEFAULT_WITHIN_DAYS) -> list[Action]:
    """The actions of many files in one list, soonest first."""
    return sort_actions([action for result in results for action in actions_of(result, within_days)])


def sort_actions(actions: Iterable[Action]) -> list[Action]:
    return sorted(
        actions,
        key=lambda a: (a.due is None, a.due or dt.date.max, a.local_authority, _item_key(a.item_id), a.kind),
    )


def _item_key(ident: str) -> tuple[tuple[int, int | str], ...]:
    """1.2.B10 after 1.2.B9: numbers compared as numbers."""
    parts: list[tuple[int, int | str]] = []
    for part in ident.split("."):
        digits = part.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        prefix = part[: len(part) - len(digits)]
        if prefix:
            parts.append((1, prefix))
        parts.append((0, int(digits)) if digits.isdigit() else (1, digits))
    return tuple(parts)


def _owner(item: ItemResult) -> str | None:
    """The item's owner, else the owner of its newest dated evidence entry."""
    if item.owner:
        return item.owner
    dated = sorted((ref for ref in item.evidence if ref.owner), key=lambda ref: ref.date or dt.date.min, reverse=True)
    return dated[0].owner if dated else None


def _action(result: FileResult, item: ItemResult, horizon: dt.date) -> Action | None:
    kind: ActionKind
    if not item.satisfied and item.status in ("not_met", "partially_met") and item.plan:
        kind, due, summary = "plan", item.due, item.plan
    elif not item.satisfied and item.tier == "minimum":
        kind, due = "no_plan", None
        summary = NO_PLAN_SUMMARY.get(item.verdict, "Agree a plan, an owner and a due date")
    elif item.verdict == "met" and item.fresh_until is not None and item.fresh_until <= horizon:
        kind, due = "evidence_lapses", item.fresh_until
        summary = f"Renew the evidence: it goes out of date after {uk_date(item.fresh_until)}"
    elif item.verdict == "not_applicable" and item.review_by is not None and item.review_by <= horizon:
        kind, due = "exemption_lapses", item.review_by
        summary = f"Review the exemption by {uk_date(item.review_by)}"
    else:
        return None
    return Action(
        local_authority=result.local_authority,
        file=result.file,
        item_id=item.id,
        kind=kind,
        summary=summary,
        owner=_owner(item),
        due=due,
        overdue=kind == "plan" and due is not None and due < result.assessed_on,
        tier=item.tier,
        level=item.level,
        text=item.text,
        uid=action_uid(result.local_authority, item.id, kind),
    )
