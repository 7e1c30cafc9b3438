"""Many local authorities at once: the matrix a regional adviser reads to decide where to help.

From the finished results of several evidence files (one per local authority, typically)
this builds, without deciding anything anew:

- a matrix of authorities by sub-criterion: whether each meets its minimum expectations,
  with its basic + developed items met/total and its 'go further' options met/total;
- per sub-criterion, how many authorities meet its minimum expectations;
- per item, how many authorities satisfy it, and which do not.

Files on different framework versions share the sub-criteria 1.1-5.2; an item counts only
among the authorities whose framework has it (``assessed``). Pure: results in, frozen
records out; :mod:`fhcheck.report.regional` draws them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from fhcheck.results import Count, FileResult, Stage


@dataclass(frozen=True)
class Column:
    """A sub-criterion of the matrix."""

    id: str
    title: str
    key_criterion: str


@dataclass(frozen=True)
class Cell:
    """One authority's standing on one sub-criterion."""

    minimum_met: bool
    basic: Count
    developed: Count
    go_further: Count

    @property
    def minimum(self) -> Count:
        """Basic and developed items together: the minimum expectations."""
        return Count(self.basic.met + self.developed.met, self.basic.total + self.developed.total)


@dataclass(frozen=True)
class Row:
    """One evidence file: ``label`` names the authority, told apart by year or file when it appears twice."""

    label: str
    local_authority: str
    file: str
    framework: str
    assessed_on: dt.date
    stage: Stage
    minimum_met: bool
    cells: tuple[Cell | None, ...]  # aligned with RegionalView.columns; None where the framework lacks it


@dataclass(frozen=True)
class ColumnTally:
    """How many authorities meet one sub-criterion's minimum expectations."""

    id: str
    minimum_met: int
    assessed: int


@dataclass(frozen=True)
class ItemTally:
    """How many authorities satisfy one item, of those whose framework has it."""

    id: str
    tier: str
    subcriterion: str
    text: str
    satisfied: int
    assessed: int
    not_satisfied_by: tuple[str, ...]  # row labels, in row order

    @property
    def share(self) -> float:
        return self.satisfied / self.assessed if self.assessed else 0.0


@dataclass(frozen=True)
class RegionalView:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    column_tallies: tuple[ColumnTally, ...]
    items: tuple[ItemTally, ...]
    frameworks: tuple[str, ...]

    def least_satisfied(self, tier: str = "minimum", limit: int = 10) -> tuple[ItemTally, ...]:
        """The items of ``tier`` the fewest authorities satisfy (ties in framework order): where help goes first."""
        chosen = [item for item in self.items if item.tier == tier and item.satisfied < item.assessed]
        return tuple(sorted(chosen, key=lambda item: item.share)[:limit])


def _sub_key(ident: str) -> tuple[tuple[int, int | str], ...]:
    """Numeric order (1.2 before 1.10); a part that is not a number sorts after the numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in ident.split("."))


def _item_key(ident: str) -> tuple[tuple[int, int | str], ...]:
    """Sub-criterion order, then B, D, G, then the number: framework order."""
    head, _, last = ident.rpartition(".")
    letter, number = last[:1], last[1:]
    tier = (0, "BDG".index(letter)) if letter and letter in "BDG" else (1, letter)
    return (*_sub_key(head), tier, (0, int(number)) if number.isdigit() else (1, number))


def _labels(results: Sequence[FileResult]) -> list[str]:
    """Authority names, with the assessment year (then the file, then a number) added where a name repeats."""
    names = [r.local_authority for r in results]
    labels = [
        f"{r.local_authority} ({r.assessed_on.year})" if names.count(r.local_authority) > 1 else r.local_authority
        for r in results
    ]
    labels = [
        f"{r.local_authority} ({r.file})" if labels.count(label) > 1 else label
        for label, r in zip(labels, results, strict=False)
    ]
    seen: dict[str, int] = {}
    unique = []
    for label in labels:  # the same file given twice: number the repeats
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return unique


def regional_view(results: Sequence[FileResult]) -> RegionalView:
    """The authority-by-sub-criterion matrix and the per-item tallies of ``results``."""
    # titles from the newest framework that has the sub-criterion or item
    newest_first = sorted(results, key=lambda r: r.framework, reverse=True)
    columns: dict[str, Column] = {}
    texts: dict[str, tuple[str, str, str]] = {}
    for result in newest_first:
        for key in result.key_criteria:
            for sub in key.subcriteria:
                columns.setdefault(sub.id, Column(sub.id, sub.title, key.id))
        for item in result.items:
            texts.setdefault(item.id, (item.tier, item.subcriterion, item.text))
    ordered = tuple(sorted(columns.values(), key=lambda c: _sub_key(c.id)))
    labels = _labels(results)

    rows = []
    for label, result in zip(labels, results, strict=False):
        subs = {sub.id: Cell(sub.minimum_met, sub.basic, sub.developed, sub.go_further) for sub in result.subcriteria}
        cells = tuple(subs.get(c.id) for c in ordered)
        rows.append(
            Row(label, result.local_authority, result.file, result.framework, result.assessed_on, result.stage,
                result.minimum_met, cells)
        )

    tallies = tuple(
        ColumnTally(
            column.id,
            sum(1 for row in rows if (cell := row.cells[index]) is not None and cell.minimum_met),
            sum(1 for row in rows if row.cells[index] is not None),
        )
        for index, column in enumerate(ordered)
    )

    satisfied: dict[str, int] = {}
    assessed: dict[str, int] = {}
    missing: dict[str, list[str]] = {}
    for label, result in zip(labels, results, strict=False):
        for item in result.items:
            assessed[item.id] = assessed.get(item.id, 0) + 1
            if item.satisfied:
                satisfied[item.id] = satisfied.get(item.id, 0) + 1
            else:
                missing.setdefault(item.id, []).append(label)
    items = tuple(
        ItemTally(
            ident, *texts[ident], satisfied.get(ident, 0), assessed[ident], tuple(missing.get(ident, ()))
        )
        for ident in sorted(assessed, key=_item_key)
    )
    frameworks = tuple(sorted({r.framework for r in results}))
    return RegionalView(ordered, tuple(rows), tallies, items, frameworks)
