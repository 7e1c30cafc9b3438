"""``fhcheck criteria export``: every item with its rule data, for other tools.

The records are :func:`fhcheck.criteria_view.item_record` (the shape docs/contract.md fixes); each
class here writes them in one format.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fhcheck.catalogue import Catalogue
from fhcheck.report.registry import Renderer


def records(catalogue: Catalogue) -> list[dict[str, Any]]:
    from fhcheck.criteria_view import item_record

    return [item_record(catalogue, item) for item in catalogue.iter_items()]


class CriteriaJsonRenderer(Renderer):
    def render(self, value: Catalogue) -> str:
        return json.dumps(records(value), indent=2, ensure_ascii=False) + "\n"


class CriteriaYamlRenderer(Renderer):
    def render(self, value: Catalogue) -> str:
        import yaml

        return yaml.safe_dump(records(value), sort_keys=False, allow_unicode=True, width=100)


class CriteriaCsvRenderer(Renderer):
    """One row per item; lists are space-separated and a missing condition is empty."""

    def render(self, value: Catalogue) -> str:
        found = records(value)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(found[0]), lineterminator="\n")
        writer.writeheader()
        for record in found:
            writer.writerow(
                {
                    **record,
                    "requires_kinds": " ".join(record["requires_kinds"]),
                    "replaces": " ".join(record["replaces"]),
                    "conditional": record["conditional"] or "",
                }
            )
        return buffer.getvalue()


class CriteriaMarkdownRenderer(Renderer):
    """Per key criterion and sub-criterion, a table of its items."""

    def render(self, value: Catalogue) -> str:
        from fhcheck.criteria_view import TIER_LABEL

        catalogue = value
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
