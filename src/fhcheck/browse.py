"""The criteria catalogue as people and programs read it: list, show and export.

Renders from the catalogue alone; nothing here knows about evidence.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fhcheck.catalogue import Catalogue, CriteriaStore, Item

EXPORT_FORMATS = ("json", "yaml", "csv", "markdown")
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
    records = [item_record(catalogue, item) for item in catalogue.iter_items()]
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {
                    **record,
                    "requires_kinds": " ".join(record["requires_kinds"]),
                    "replaces": " ".join(record["replaces"]),
                    "conditional": record["conditional"] or "",
                }
            )
        return buffer.getvalue()
    if fmt == "markdown":
        return export_markdown(catalogue)
    raise ValueError(fmt)  # pragma: no cover - the CLI offers only EXPORT_FORMATS


def export_markdown(catalogue: Catalogue) -> str:
    lines = [f"# {catalogue.title} ({catalogue.version})", ""]
    for key in catalogue.spec.key_criteria:
        lines += [f"## Key criterion {key.id}", "", key.statement, ""]
        for sub in key.subcriteria:
            lines += [
                f"### {sub.id} {sub.title}",
                "",
                "| Id | Level | Tier | Criterion | Evidence kinds |",
                "|---|---|---|---|---|",
            ]
            for item in sub.items:
                text = item.text.replace("|", "\\|")
                if item.conditional:
                    text += f" *(conditional: {item.conditional})*"
                kinds = ", ".join(item.requires_kinds) or "any"
                lines.append(f"| {item.id} | {item.level} | {TIER_LABEL[item.tier]} | {text} | {kinds} |")
            lines.append("")
    return "\n".join(lines)


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
