"""``fhcheck diff --format json``: the contract's shape, plus texts and the word diff.

docs/contract.md fixes ``{"old", "new", "changes": [{"change", "old", "new", "editorial"?}]}``;
everything else here is an addition pipelines may use but need not.
"""

from __future__ import annotations

import json
from typing import Any

from fhcheck.framework_diff import Change, Diff
from fhcheck.report.registry import Renderer


def change_record(change: Change) -> dict[str, Any]:
    """One change; ``editorial``, ``identifier_changed`` and ``words`` only for rewordings."""
    record: dict[str, Any] = {
        "change": change.change,
        "scope": change.scope,
        "old": list(change.old),
        "new": list(change.new),
    }
    if change.change == "reworded":
        record["editorial"] = bool(change.editorial)
        record["identifier_changed"] = change.identifier_changed
        if change.declared is not None:
            record["meaning_unchanged_reason"] = change.declared
    record["old_texts"] = list(change.old_texts)
    record["new_texts"] = list(change.new_texts)
    if change.change == "reworded":
        record["words"] = [{"op": op.op, "text": op.text} for op in change.words]
    return record


def render(diff: Diff) -> str:
    payload = {
        "old": diff.old,
        "new": diff.new,
        "summary": diff.counts(),
        "changes": [change_record(c) for c in diff.changes],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


class DiffJsonRenderer(Renderer):
    def render(self, value: Diff) -> str:
        return render(value)
