"""``fhcheck compare --format json``: one object a pipeline can act on.

``{"fhcheck": VERSION, "old": {...}, "new": {...}, "regressed": bool, "items": [...], ...}``:
``items`` lists only items whose verdict (or overdue state) changed, each with ``change``
(``improved``|``regressed``|``newly_stale``|``newly_overdue``|``changed``), ``then`` and
``now`` verdicts and their reasons; ``key_criteria`` and ``subcriteria`` list every
roll-up with its minimum-met and stage then and now (``null`` where one framework lacks it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fhcheck.report.registry import Renderer

if TYPE_CHECKING:
    from fhcheck.comparison import Comparison, CriterionChange
    from fhcheck.results import Count
    from fhcheck.views import Compared


def _count(count: Count | None) -> dict[str, int] | None:
    return None if count is None else {"met": count.met, "total": count.total}


def _criterion(record: CriterionChange) -> dict[str, Any]:
    return {
        "id": record.id,
        "title": record.title,
        "then": {
            "minimum_met": record.then_minimum_met,
            "stage": record.then_stage,
            "go_further": _count(record.then_go_further),
        },
        "now": {
            "minimum_met": record.now_minimum_met,
            "stage": record.now_stage,
            "go_further": _count(record.now_go_further),
        },
        "changed": record.changed,
        "worse": record.worse,
    }


def comparison_record(comparison: Comparison, version: str = "") -> dict[str, Any]:
    def side(which: str) -> dict[str, Any]:
        old = which == "old"
        return {
            "file": comparison.old_file if old else comparison.new_file,
            "framework": comparison.old_framework if old else comparison.new_framework,
            "local_authority": comparison.old_local_authority if old else comparison.new_local_authority,
            "assessed_on": (comparison.old_assessed_on if old else comparison.new_assessed_on).isoformat(),
            "stage": comparison.then_stage if old else comparison.now_stage,
            "minimum_met": comparison.then_minimum_met if old else comparison.now_minimum_met,
        }

    return {
        "fhcheck": version,
        "old": side("old"),
        "new": side("new"),
        "across_versions": comparison.across_versions,
        "regressed": comparison.regressed,
        "counts": comparison.counts(),
        "items": [
            {
                "id": change.id,
                "then_ids": list(change.then_ids),
                "change": change.kind,
                "worse": change.worse,
                "then": change.then,
                "now": change.now,
                "then_reasons": list(change.then_reasons),
                "now_reasons": list(change.now_reasons),
                "then_overdue": change.then_overdue,
                "now_overdue": change.now_overdue,
                "tier": change.tier,
                "subcriterion": change.subcriterion,
                "key_criterion": change.key_criterion,
            }
            for change in comparison.items
        ],
        "key_criteria": [_criterion(record) for record in comparison.key_criteria],
        "subcriteria": [_criterion(record) for record in comparison.subcriteria],
        "links": [{"new": link.new, "old": list(link.old)} for link in comparison.links],
        "unmapped": [
            {"id": u.id, "side": u.side, "verdict": u.verdict, "tier": u.tier} for u in comparison.unmapped
        ],
        "notes": list(comparison.notes),
    }


def render(comparison: Comparison, version: str = "") -> str:
    return json.dumps(comparison_record(comparison, version), indent=2, ensure_ascii=False) + "\n"


class CompareJsonRenderer(Renderer):
    def render(self, value: Compared) -> str:
        return render(value.comparison, self.version)
