"""The pieces of ``fhcheck compare`` on a terminal: a verdict in the moves grid, and a roll-up table's columns."""

from __future__ import annotations

from fhcheck.comparison import CriterionChange
from fhcheck.report.compare_table import _criteria_table, _verdict


def test_verdict_is_marked_only_when_overdue() -> None:
    assert _verdict("not_met", True) == "not_met (overdue)"
    assert _verdict("met", False) == "met"


def _record(scope: str) -> CriterionChange:
    return CriterionChange(scope, "2.3", "A [title]", True, False, "minimum", "basic", None, None)  # type: ignore[arg-type]


def test_sub_criteria_table_has_a_title_column_and_key_criteria_do_not() -> None:
    sub = _criteria_table("Sub-criteria", [_record("subcriterion")])
    key = _criteria_table("Key criteria", [_record("key_criterion")])
    assert [c.header for c in sub.columns][:3] == ["Id", "Title", "Min. met then"]
    assert [c.header for c in key.columns][:2] == ["Id", "Min. met then"]
    assert len(sub.columns) == 9 and len(key.columns) == 8 and sub.row_count == key.row_count == 1
    assert [c.header for c in _criteria_table("Sub-criteria", []).columns][:2] == ["Id", "Min. met then"]
