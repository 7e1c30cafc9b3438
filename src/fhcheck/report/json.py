"""``--format json``: the shape docs/contract.md fixes for users' pipelines, plus useful extras.

The report is ``json.dumps(report_record(report), indent=2, ensure_ascii=False)``, byte
for byte, but written a file at a time: each file's record is rendered where the file is
assessed (:meth:`JsonRenderer.piece`, in a worker process when there are several) and
the run only joins the pieces (:meth:`JsonRenderer.write`), so it never holds every
file's record at once. The standard library indents JSON with a pure-Python encoder;
:func:`dumps` writes the same text several times faster.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from fhcheck.report.registry import Renderer
from fhcheck.results import Count, FileResult, InvalidFile, Overview
from fhcheck.views import Report

_encode_text = json.encoder.encode_basestring  # the C escaper json.dumps uses with ensure_ascii=False
_STEP = "  "


def _count(count: Count) -> dict[str, int]:
    return {"met": count.met, "total": count.total}


def file_record(result: FileResult) -> dict[str, Any]:
    record = _file_record(result)
    if result.deadline is not None:  # only for a file on a funding stream with a deadline
        record["deadline"] = result.deadline
    return record


def _file_record(result: FileResult) -> dict[str, Any]:
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
                **({"cell": item.location.cell} if item.location.cell else {}),
            }
            for item in result.items
        ],
    }


def error_records(invalid: Iterable[InvalidFile]) -> list[dict[str, Any]]:
    return [
        {
            "file": p.location.file,
            "line": p.location.line,
            "column": p.location.column,
            **({"cell": p.location.cell} if p.location.cell else {}),
            "message": p.message,
        }
        for one in invalid
        for p in one.problems
    ]


def report_record(report: Report) -> dict[str, Any]:
    return {
        "fhcheck": report.tool_version,
        "fail_under": report.fail_under,
        "passed": report.passed,
        "results": [file_record(result) for result in report.results],
        "errors": error_records(report.invalid),
    }


def dumps(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` as it reads ``level`` levels deep.

    Nested lines are indented as they would be inside ``level`` enclosing containers; the
    first line is not (it follows a key or a list's indentation).
    """
    parts: list[str] = []
    _dump(value, "\n" + _STEP * level, parts)
    return "".join(parts)


def _dump(value: Any, newline: str, parts: list[str]) -> None:
    """Append ``value``'s JSON; ``newline`` is a line break plus the indentation of its level."""
    if isinstance(value, str):
        parts.append(_encode_text(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + _STEP
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON keys here are text; found {type(key).__name__}")
            parts.append(separator)
            parts.append(_encode_text(key))
            parts.append(": ")
            _dump(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + _STEP
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _dump(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:  # floats and anything unexpected: exactly as the standard library writes them
        parts.append(json.dumps(value))


class JsonRenderer(Renderer):
    streams = True

    def render(self, report: Report) -> str:
        from io import StringIO

        out = StringIO()
        self.write(out, report.overview(), (self.piece(result) for result in report.results))
        return out.getvalue()

    def piece(self, result: FileResult) -> str:
        """One file's record as it stands in the ``results`` list: two levels deep."""
        return _STEP * 2 + dumps(file_record(result), 2)

    def write(self, out: TextIO, overview: Overview, pieces: Iterable[str]) -> None:
        """The whole report, with the files' pieces in order; ``passed`` comes first, so the
        pieces must all be done before anything is written."""
        out.write(
            "{\n"
            f'  "fhcheck": {_encode_text(overview.tool_version)},\n'
            f'  "fail_under": {_encode_text(overview.fail_under)},\n'
            f'  "passed": {"true" if overview.passed else "false"},\n'
            '  "results": ['
        )
        separator = "\n"
        for piece in pieces:
            out.write(separator)
            out.write(piece)
            separator = ",\n"
        out.write("],\n" if separator == "\n" else "\n  ],\n")
        out.write(f'  "errors": {dumps(error_records(overview.invalid), 1)}\n}}\n')
