"""``--format json``: the shape DESIGN.md fixes for users' pipelines, plus useful extras."""

from __future__ import annotations

import json
from typing import Any

from fhcheck.results import Count, FileResult, Report


def _count(count: Count) -> dict[str, int]:
    return {"met": count.met, "total": count.total}


def file_record(result: FileResult) -> dict[str, Any]:
    return {
        "file": result.file,
        "framework": result.framework,
        "local_authority": result.local_authority,
        "assessed_on": result.assessed_on.isoformat(),
        "stage": result.stage,
        "minimum_met": result.minimum_met,
        "passed": result.passed,
        "counts": {
            "basic": _count(result.basic),
            "developed": _count(result.developed),
            "go_further": _count(result.go_further),
        },
        "verdicts": result.verdict_counts(),
        "key_criteria": [
            {
                "id": key.id,
                "delivery_area": key.delivery_area,
                "minimum_met": key.minimum_met,
                "basic": _count(key.basic),
                "developed": _count(key.developed),
                "go_further": _count(key.go_further),
            }
            for key in result.key_criteria
        ],
        "subcriteria": [
            {
                "id": sub.id,
                "title": sub.title,
                "minimum_met": sub.minimum_met,
                "basic": _count(sub.basic),
                "developed": _count(sub.developed),
                "go_further": _count(sub.go_further),
            }
            for sub in result.subcriteria
        ],
        "items": [
            {
                "id": item.id,
                "verdict": item.verdict,
                "reasons": list(item.reasons),
                "warnings": list(item.warnings),
                "satisfied": item.satisfied,
                "level": item.level,
                "tier": item.tier,
                "status": item.status,
                "line": item.location.line,
                "column": item.location.column,
            }
            for item in result.items
        ],
    }


def report_record(report: Report) -> dict[str, Any]:
    return {
        "fhcheck": report.tool_version,
        "fail_under": report.fail_under,
        "passed": report.passed,
        "results": [file_record(result) for result in report.results],
        "errors": [
            {"file": p.location.file, "line": p.location.line, "column": p.location.column, "message": p.message}
            for invalid in report.invalid
            for p in invalid.problems
        ],
    }


class JsonRenderer:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report) -> str:
        return json.dumps(report_record(report), indent=2, ensure_ascii=False) + "\n"
