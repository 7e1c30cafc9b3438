"""Two assessments of one local authority, then and now: what moved, in frozen records.

``fhcheck compare OLD NEW`` and ``fhcheck assess --baseline REF`` both come here with two
finished :class:`~fhcheck.results.FileResult` records. Nothing is re-evaluated: verdicts,
roll-ups and stages are the engine's; this module only lines them up and classifies each
difference, so that a table, a JSON record and a pull-request comment all say the same.

Verdict order
-------------
"Improved" and "regressed" need an order of verdicts. Four ranks, best first:

3. ``met``, ``not_applicable`` — satisfied: the only verdicts that count (docs/contract.md).
2. ``partially_met`` — not satisfied, but a current, declared position that part of the
   criterion is in place.
1. ``stale``, ``needs_review`` — a claim of met whose proof no longer stands: the evidence
   is older than the item's window, or was carried from an older framework whose wording
   changed and has not been checked. Something was in place; nothing current shows it.
   Ranked below ``partially_met`` because nothing current backs the claim.
0. ``not_met``, ``unevidenced``, ``missing`` — nothing counts: declared not met, claimed
   without usable evidence, or not in the file.

A move to a higher rank is ``improved``, to a lower one ``regressed``. A change within a
rank (``not_met`` -> ``missing``, ``met`` -> ``not_applicable``) is ``changed``: listed,
neither better nor worse. Two moves get their own names because a board acts on them
differently: ``newly_stale`` (now ``stale``, not stale then, and not a step up — e.g.
``met`` -> ``stale``: the evidence has aged out) and ``newly_overdue`` (a declared-unmet
item whose plan has passed its due date now but had not then, whatever the verdict did
otherwise, unless it also fell a rank for another reason, which is ``regressed``).
``regressed``, ``newly_stale`` and ``newly_overdue`` are all *worse*; a comparison has
regressed when any item is worse, or the file's stage, or any sub-criterion's or key
criterion's minimum expectations, went down.

Across framework versions
-------------------------
When the files name different versions, each item of the new file is compared with the
items of the old file that it stands for: the same identifier where both versions have it
(docs/contract.md: an identifier is never reused for a different criterion), plus the old
identifiers its criteria file ``replaces``, composed step by step along the ``previous``
chain when versions are further apart. A merged item is compared with the lowest-ranked of
the items it replaces (it is only as satisfied as its weakest part). Old items that no new
item stands for, and new items that stand for no old item, are listed as unmapped rather
than guessed at. Sub-criteria and key criteria are matched by identifier (both versions
share 1.1-5.2 and 1-5); their "then" is the old file's roll-up against its own framework.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from fhcheck.results import Count, FileResult, ItemResult, KeyCriterionResult, Stage, SubcriterionResult, Verdict

if TYPE_CHECKING:
    from fhcheck.catalogue import CriteriaStore

ItemChangeKind = Literal["improved", "regressed", "newly_stale", "newly_overdue", "changed"]
Scope = Literal["key_criterion", "subcriterion"]
Side = Literal["old", "new"]

ITEM_CHANGE_KINDS: tuple[ItemChangeKind, ...] = ("regressed", "newly_stale", "newly_overdue", "improved", "changed")
WORSE: frozenset[str] = frozenset({"regressed", "newly_stale", "newly_overdue"})

#: The verdict order the module docstring explains: higher is better.
VERDICT_RANK: dict[str, int] = {
    "met": 3,
    "not_applicable": 3,
    "partially_met": 2,
    "stale": 1,
    "needs_review": 1,
    "not_met": 0,
    "unevidenced": 0,
    "missing": 0,
}
STAGE_RANK: dict[str, int] = {"none": 0, "basic": 1, "minimum": 2, "developed": 3}


@dataclass(frozen=True)
class ItemChange:
    """One item whose verdict (or overdue state) differs between the two files.

    ``id`` is the identifier in the new file; ``then_ids`` the old file's identifiers it
    was compared with (``(id,)`` within one framework version), and ``then`` the verdict
    it was compared with (the lowest-ranked of them when several were merged).
    """

    id: str
    then_ids: tuple[str, ...]
    kind: ItemChangeKind
    then: Verdict
    now: Verdict
    then_reasons: tuple[str, ...]
    now_reasons: tuple[str, ...]
    then_overdue: bool
    now_overdue: bool
    tier: str
    subcriterion: str
    key_criterion: str
    text: str

    @property
    def worse(self) -> bool:
        return self.kind in WORSE

    @property
    def remapped(self) -> bool:
        """Compared with other identifiers than its own (a ``replaces`` link across versions)."""
        return self.then_ids != (self.id,)


@dataclass(frozen=True)
class CriterionChange:
    """A sub-criterion or key criterion, then and now; ``None`` where that side lacks it."""

    scope: Scope
    id: str
    title: str
    then_minimum_met: bool | None
    now_minimum_met: bool | None
    then_stage: Stage | None
    now_stage: Stage | None
    then_go_further: Count | None
    now_go_further: Count | None

    @property
    def changed(self) -> bool:
        return (self.then_minimum_met, self.then_stage, self.then_go_further) != (
            self.now_minimum_met,
            self.now_stage,
            self.now_go_further,
        )

    @property
    def worse(self) -> bool:
        """Minimum expectations no longer met, or a lower stage (absent on either side is never worse)."""
        if self.then_stage is None or self.now_stage is None:
            return False
        return bool(self.then_minimum_met and not self.now_minimum_met) or (
            STAGE_RANK[self.now_stage] < STAGE_RANK[self.then_stage]
        )


@dataclass(frozen=True)
class Link:
    """A new identifier compared with other old identifiers, through the criteria's ``replaces``."""

    new: str
    old: tuple[str, ...]


@dataclass(frozen=True)
class Unmapped:
    """An item only one side has a counterpart for: new in the later framework, or dropped by it."""

    id: str
    side: Side
    verdict: Verdict
    tier: str


@dataclass(frozen=True)
class Comparison:
    """Everything that differs between an old and a new assessment of one local authority."""

    old_file: str
    new_file: str
    old_framework: str
    new_framework: str
    old_local_authority: str
    new_local_authority: str
    old_assessed_on: dt.date
    new_assessed_on: dt.date
    then_stage: Stage
    now_stage: Stage
    then_minimum_met: bool
    now_minimum_met: bool
    key_criteria: tuple[CriterionChange, ...]
    subcriteria: tuple[CriterionChange, ...]
    items: tuple[ItemChange, ...]
    links: tuple[Link, ...] = ()
    unmapped: tuple[Unmapped, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def across_versions(self) -> bool:
        return self.old_framework != self.new_framework

    @property
    def stage_worse(self) -> bool:
        return STAGE_RANK[self.now_stage] < STAGE_RANK[self.then_stage]

    @property
    def regressed(self) -> bool:
        """Anything got worse: an item, a roll-up, or the file's stage (what makes ``compare`` exit 1)."""
        return (
            self.stage_worse
            or (self.then_minimum_met and not self.now_minimum_met)
            or any(item.worse for item in self.items)
            or any(c.worse for c in (*self.key_criteria, *self.subcriteria))
        )

    def of_kind(self, kind: ItemChangeKind) -> tuple[ItemChange, ...]:
        return tuple(item for item in self.items if item.kind == kind)

    def counts(self) -> dict[str, int]:
        """Items per change kind, every kind present (0 when none), in ``ITEM_CHANGE_KINDS`` order."""
        return {kind: len(self.of_kind(kind)) for kind in ITEM_CHANGE_KINDS}


# --- classification ---------------------------------------------------------------------


def classify(then: Verdict, now: Verdict, then_overdue: bool, now_overdue: bool) -> ItemChangeKind | None:
    """The kind of one item's move, or ``None`` when nothing a reader acts on changed."""
    up = VERDICT_RANK[now] - VERDICT_RANK[then]
    newly_overdue = now_overdue and not then_overdue
    if then == now:
        return "newly_overdue" if newly_overdue else None
    if now == "stale" and up <= 0:
        return "newly_stale"
    if up < 0:
        return "regressed"
    if up > 0:
        return "improved"
    return "newly_overdue" if newly_overdue else "changed"


def stage_of(basic: Count, developed: Count, go_further: Count) -> Stage:
    """A roll-up's stage by the file rule (docs/contract.md), applied to one sub- or key criterion."""
    if basic.complete and developed.complete and go_further.complete:
        return "developed"
    if basic.complete and developed.complete:
        return "minimum"
    if basic.complete:
        return "basic"
    return "none"


# --- the comparison ---------------------------------------------------------------------


def compare_results(old: FileResult, new: FileResult, store: CriteriaStore | None = None) -> Comparison:
    """Line up two assessments item by item and roll-up by roll-up.

    ``store`` is needed only when the two files are on different framework versions (for
    the ``replaces`` links); within one version, identifiers match themselves.
    """
    if old.framework == new.framework:
        links: Mapping[str, frozenset[str]] = {item.id: frozenset({item.id}) for item in new.items}
    else:
        if store is None:
            from fhcheck.catalogue import default_store

            store = default_store()
        from fhcheck.lineage import links_between

        links = links_between(store, old.framework, new.framework)
    old_items = {item.id: item for item in old.items}
    old_order = {item.id: index for index, item in enumerate(old.items)}
    changes: list[ItemChange] = []
    used_links: list[Link] = []
    unmapped: list[Unmapped] = []
    seen_old: set[str] = set()
    for item in new.items:
        counterparts = sorted((o for o in links.get(item.id, ()) if o in old_items), key=old_order.__getitem__)
        if not counterparts:
            unmapped.append(Unmapped(item.id, "new", item.verdict, item.tier))
            continue
        seen_old.update(counterparts)
        if tuple(counterparts) != (item.id,):
            used_links.append(Link(item.id, tuple(counterparts)))
        then = _weakest(old_items[o] for o in counterparts)
        then_overdue = any(old_items[o].overdue for o in counterparts)
        kind = classify(then.verdict, item.verdict, then_overdue, item.overdue)
        if kind is None:
            continue
        changes.append(
            ItemChange(
                id=item.id,
                then_ids=tuple(counterparts),
                kind=kind,
                then=then.verdict,
                now=item.verdict,
                then_reasons=then.reasons,
                now_reasons=item.reasons,
                then_overdue=then_overdue,
                now_overdue=item.overdue,
                tier=item.tier,
                subcriterion=item.subcriterion,
                key_criterion=item.key_criterion,
                text=item.text,
            )
        )
    unmapped.extend(
        Unmapped(item.id, "old", item.verdict, item.tier) for item in old.items if item.id not in seen_old
    )
    return Comparison(
        old_file=old.file,
        new_file=new.file,
        old_framework=old.framework,
        new_framework=new.framework,
        old_local_authority=old.local_authority,
        new_local_authority=new.local_authority,
        old_assessed_on=old.assessed_on,
        new_assessed_on=new.assessed_on,
        then_stage=old.stage,
        now_stage=new.stage,
        then_minimum_met=old.minimum_met,
        now_minimum_met=new.minimum_met,
        key_criteria=_criteria("key_criterion", old.key_criteria, new.key_criteria),
        subcriteria=_criteria("subcriterion", old.subcriteria, new.subcriteria),
        items=tuple(changes),
        links=tuple(used_links),
        unmapped=tuple(unmapped),
        notes=tuple(_notes(old, new)),
    )


def _weakest(items: Iterable[ItemResult]) -> ItemResult:
    """The lowest-ranked item (the first in framework order among equals)."""
    return min(items, key=lambda item: VERDICT_RANK[item.verdict])


def _criteria(
    scope: Scope,
    old: Iterable[KeyCriterionResult | SubcriterionResult],
    new: Iterable[KeyCriterionResult | SubcriterionResult],
) -> tuple[CriterionChange, ...]:
    """Every roll-up of either side, matched by identifier, in the new file's order (old-only ones last)."""
    before = {r.id: r for r in old}
    after = {r.id: r for r in new}
    order = list(after) + [i for i in before if i not in after]
    records = []
    for ident in order:
        b, a = before.get(ident), after.get(ident)
        either = a if a is not None else b
        assert either is not None
        title = either.title if isinstance(either, SubcriterionResult) else either.statement
        records.append(
            CriterionChange(
                scope=scope,
                id=ident,
                title=title,
                then_minimum_met=b.minimum_met if b is not None else None,
                now_minimum_met=a.minimum_met if a is not None else None,
                then_stage=stage_of(b.basic, b.developed, b.go_further) if b is not None else None,
                now_stage=stage_of(a.basic, a.developed, a.go_further) if a is not None else None,
                then_go_further=b.go_further if b is not None else None,
                now_go_further=a.go_further if a is not None else None,
            )
        )
    return tuple(records)


def _notes(old: FileResult, new: FileResult) -> list[str]:
    """What a reader should know before trusting the comparison."""
    notes = []
    if old.framework != new.framework:
        notes.append(
            f"framework {old.framework} then, {new.framework} now: items are matched by identifier and the "
            f"criteria's 'replaces' links; sub-criteria compare each file against its own framework"
        )
    if old.local_authority.strip().casefold() != new.local_authority.strip().casefold():
        notes.append(
            f"local authority is {old.local_authority!r} then and {new.local_authority!r} now; expected two "
            "assessments of one local authority"
        )
    if new.assessed_on < old.assessed_on:
        notes.append(
            f"the new file was assessed on {new.assessed_on.isoformat()}, before the old one "
            f"({old.assessed_on.isoformat()}); is the order of OLD and NEW right?"
        )
    return notes
