"""The criteria catalogue as people and programs read it: list, show and export.

Renders from the catalogue alone; nothing here knows about evidence.
"""

from __future__ import annotations

from typing import Any

from fhcheck.catalogue import Catalogue, CriteriaStore, Item

TIER_LABEL = {"minimum": "minimum", "go_further": "go further"}


def item_record(catalogue: Catalogue, item: Item) -> dict[str, Any]:
    """One item as the export contract shapes it (docs/contract.md), plus its rule data."""
    sub = catalogue.subcriteria[item.subcriterion]
    return {
        "id": item.id,
        "key_criterion": item.key_criterion,
        "subcriterion": item.subcriterion,
        "subcriterion_title": sub.title,
        "delivery_area": catalogue.delivery_area_of(item.key_criterion),
        "level": item.level,
        "tier": item.tier,
        "text": item.text,
        "requires_kinds": list(item.requires_kinds),
        "freshness_months": catalogue.freshness_months(item),
        "conditional": item.conditional,
        "replaces": list(item.replaces),
    }


def export(catalogue: Catalogue, fmt: str) -> str:
    """Every item in one of the criteria export formats (the renderers are in :mod:`fhcheck.report.criteria_export`)."""
    from fhcheck.report import registry

    text = registry.get("criteria", fmt).render(catalogue)
    assert isinstance(text, str)
    return text


def tier_counts(items: tuple[Item, ...] | list[Item]) -> dict[str, int]:
    counts = {"B": 0, "D": 0, "G": 0}
    for item in items:
        counts[item.letter] += 1
    return counts


def history(store: CriteriaStore, item_id: str) -> list[str]:
    """How an identifier fares across versions: where it exists and what replaced it."""
    from fhcheck.lineage import successors

    lines = []
    for version in store.versions():
        catalogue = store.get(version)
        if item_id in catalogue.items:
            lines.append(f"{version}: present")
        replaced_by = successors(catalogue, item_id)
        if replaced_by:
            lines.append(f"{version}: replaced by {', '.join(replaced_by)}")
        replaced = catalogue.items.get(item_id)
        if replaced is not None and replaced.replaces:
            lines.append(f"{version}: replaces {', '.join(replaced.replaces)} of {catalogue.previous}")
    return lines
