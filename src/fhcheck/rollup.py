"""Item verdicts rolled up: counts per sub-criterion and key criterion, and the file's stage.

Pure over the item results; its own module so the rules engine (:mod:`fhcheck.evaluate`)
stays the rules.
"""

from __future__ import annotations

from fhcheck.catalogue import LETTERS, Catalogue
from fhcheck.results import Count, ItemResult, KeyCriterionResult, Stage, SubcriterionResult

#: (level, tier) -> the identifier letter of the items of that kind (catalogue.LETTERS turned round)
_LETTER: dict[tuple[str, str], str] = {kind: letter for letter, kind in LETTERS.items()}


def _tally(results: list[ItemResult]) -> dict[tuple[str, str], list[int]]:
    """[satisfied, total] per (sub-criterion or key criterion, letter), in one pass over the items."""
    tally: dict[tuple[str, str], list[int]] = {}
    for result in results:
        letter = _LETTER[(result.level, result.tier)]
        for group in (result.subcriterion, result.key_criterion):
            counts = tally.get((group, letter))
            if counts is None:
                counts = tally[(group, letter)] = [0, 0]
            counts[0] += result.satisfied
            counts[1] += 1
    return tally


def _count(tally: dict[tuple[str, str], list[int]], group: str, letter: str) -> Count:
    met, total = tally.get((group, letter), (0, 0))
    return Count(met, total)


def roll_up(catalogue: Catalogue, results: list[ItemResult]) -> tuple[KeyCriterionResult, ...]:
    """Each key criterion and its sub-criteria: satisfied of total per letter, and whether the minimum is met."""
    tally = _tally(results)
    keys = []
    for key in catalogue.spec.key_criteria:
        subs = []
        for sub in key.subcriteria:
            basic, developed = _count(tally, sub.id, "B"), _count(tally, sub.id, "D")
            subs.append(
                SubcriterionResult(
                    id=sub.id,
                    title=sub.title,
                    basic=basic,
                    developed=developed,
                    go_further=_count(tally, sub.id, "G"),
                    minimum_met=basic.complete and developed.complete,
                )
            )
        keys.append(
            KeyCriterionResult(
                id=key.id,
                statement=key.statement,
                delivery_area=catalogue.delivery_area_of(key.id),
                basic=_count(tally, key.id, "B"),
                developed=_count(tally, key.id, "D"),
                go_further=_count(tally, key.id, "G"),
                minimum_met=all(s.minimum_met for s in subs),
                subcriteria=tuple(subs),
            )
        )
    return tuple(keys)


def stage_of_items(results: list[ItemResult]) -> Stage:
    """developed: every item satisfied; minimum: every B and D; basic: every B; else none."""
    unmet = {_LETTER[(r.level, r.tier)] for r in results if not r.satisfied}
    if not unmet:
        return "developed"
    if unmet == {"G"}:
        return "minimum"
    if "B" not in unmet:
        return "basic"
    return "none"
