"""The pieces of the compare Markdown: a move's table row, the notes block's spacing, a worse criterion."""

from __future__ import annotations

import dataclasses

from fhcheck.comparison import CriterionChange, ItemChange
from fhcheck.report.compare_markdown import _move_row, _note_lines, _worse_line

CHANGE = ItemChange(
    id="2.3.D1", then_ids=("2.3.D1",), kind="regressed", then="met", now="not_met",
    then_reasons=(), now_reasons=("no evidence | dated",), then_overdue=False, now_overdue=True,
    tier="go_further", subcriterion="2.3", key_criterion="2", text="Something",
)


def test_move_row_marks_overdue_and_escapes_reasons() -> None:
    row = _move_row(CHANGE, "2025")
    assert row[1:5] == ["regressed", "go further", "`met`", "`not_met` (overdue)"]
    assert row[5] == "" and row[6] == "no evidence \\| dated"


def test_move_row_names_the_old_identifiers_when_remapped() -> None:
    remapped = dataclasses.replace(CHANGE, then_ids=("2.3.B1", "2.3.B2"), tier="minimum")
    row = _move_row(remapped, "2022")
    assert row[0] == "**2.3.D1** (was 2.3.B1 + 2.3.B2 in 2022)" and row[2] == "minimum"


def test_note_lines_add_a_blank_line_only_when_there_are_notes() -> None:
    class Notes:
        notes: tuple[str, ...] = ()

    assert _note_lines(Notes()) == []  # type: ignore[arg-type]
    Notes.notes = ("framework differs",)
    assert _note_lines(Notes()) == ["> **Note:** framework differs", ""]  # type: ignore[arg-type]


def test_worse_line_tells_a_lost_minimum_from_a_lower_stage() -> None:
    lost = CriterionChange("subcriterion", "2.3", "Title", True, False, "minimum", "basic", None, None)
    assert _worse_line(lost) == "- Sub-criterion 2.3 no longer meets its minimum expectations."
    fell = CriterionChange("key_criterion", "2", "Statement", True, True, "developed", "minimum", None, None)
    assert _worse_line(fell) == "- Key criterion 2 falls from developed to minimum."
