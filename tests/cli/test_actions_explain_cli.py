"""``fhcheck actions`` (table, csv, ics) and ``fhcheck explain FILE ID`` (text, json), end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
WESTMOOR = str(EXAMPLES / "westmoor-2025-mistakes.yaml")
EXAMPLESHIRE = str(EXAMPLES / "exampleshire-2025.yaml")


def test_actions_table_soonest_first_across_files(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "actions", EXAMPLESHIRE, WESTMOOR, "--no-color")
    assert status == 0 and err == ""
    lines = [line for line in out.splitlines() if "│" in line and "Council" in line]
    assert "31 March 2025 (overdue)" in lines[0] and "2.3.D1" in lines[0] and "Westmoor" in lines[0]
    assert "20 November 2025" in out and "30 September 2026" in out and "no date set" in out
    assert out.index("31 March 2025") < out.index("20 November 2025") < out.index("30 September 2026") \
        < out.index("no date set")


def test_actions_within_widens_the_horizon(capsys: pytest.CaptureFixture[str]) -> None:
    _, short, _ = cli(capsys, "actions", EXAMPLESHIRE, "--within", "30d", "--format", "csv")
    _, wide, _ = cli(capsys, "actions", EXAMPLESHIRE, "--within", "12w", "--format", "csv")
    assert "1.1.B3" not in short and "1.1.B3" in wide  # evidence lapses on 20 November 2025, 50 days on
    status, _, err = cli(capsys, "actions", EXAMPLESHIRE, "--within", "soon")
    assert status == 2 and "expected a number of days or weeks such as 90d or 12w" in err


def test_actions_csv_never_carries_a_formula(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "la.yaml"
    evidence.write_text(
        'fhcheck: 1\nframework: "2025"\nlocal_authority: "=HYPERLINK(\\"http://x\\")"\nassessed_on: 2025-10-01\n'
        "items:\n  1.1.B1:\n    status: not_met\n    plan: '@SUM(A1)'\n    due: 2026-01-31\n    owner: '+44 Officer'\n",
        encoding="utf-8",
    )
    status, out, _ = cli(capsys, "actions", str(evidence), "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    first = rows[0]
    assert first["Item"] == "1.1.B1" and first["Due"] == "2026-01-31" and first["Due (written)"] == "31 January 2026"
    assert first["Action"] == "'@SUM(A1)" and first["Owner"] == "'+44 Officer"
    assert first["Local authority"].startswith("'=")
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_actions_calendar_one_all_day_entry_per_dated_action(capsys: pytest.CaptureFixture[str]) -> None:
    from icalendar import Calendar

    status, out, _ = cli(capsys, "actions", EXAMPLESHIRE, WESTMOOR, "--format", "ics")
    assert status == 0 and out.startswith("BEGIN:VCALENDAR\r\n")
    events = Calendar.from_ical(out).walk("VEVENT")
    _, table, _ = cli(capsys, "actions", EXAMPLESHIRE, WESTMOOR, "--format", "csv")
    dated = [row for row in csv.DictReader(io.StringIO(table)) if row["Due"]]
    assert len(events) == len(dated) == 4
    assert [str(event["UID"]) for event in events] == [row["UID"] for row in dated]
    assert len({str(event["UID"]) for event in events}) == len(events)
    first = events[0]
    assert first.decoded("DTSTART").isoformat() == "2025-03-31" and "VALUE=DATE" in first.to_ical().decode()
    assert str(first["SUMMARY"]).endswith("(overdue)")
    assert not list(Calendar.from_ical(out).walk("VALARM"))  # never a notification
    _, again, _ = cli(capsys, "actions", EXAMPLESHIRE, WESTMOOR, "--format", "ics")
    assert again == out  # re-importing gives the same entries, not new ones


def test_explain_says_why_each_entry_counts_or_not(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "explain", WESTMOOR, "1.1.B3")
    assert status == 0
    assert "1.1.B3 (Level 1 (basic) minimum expectation; sub-criterion 1.1 Comms, information and brand" in out
    assert "Verdict: stale (Evidence out of date); not satisfied" in out
    assert "Evidence window: 12 months, so evidence must be dated on or after 1 October 2024; kinds accepted: survey." \
        in out
    assert "does not count: dated 30 June 2023, before the cut-off 1 October 2024 of the item's 12-month window" in out
    assert "To satisfy it:" in out and "of kind survey, dated between 1 October 2024 and 1 October 2025" in out


def test_explain_exemption_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "explain", WESTMOOR, "1.3.D3", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["item_id"] == "1.3.D3" and data["verdict"] == "not_met" and data["status"] == "not_applicable"
    assert data["exemption"]["accepted"] is False and data["conditional"] == "in larger and rural areas"
    assert data["cutoff"] == "2022-10-01" and data["window_months"] == 36
    assert any("record it as not applicable with a justification" in step for step in data["to_satisfy"])


def test_explain_met_item_counts(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "explain", EXAMPLESHIRE, "1.1.B1")
    assert status == 0 and "Verdict: met (Met); satisfied" in out
    assert "counts: of a kind this item accepts, dated 1 June 2025" in out and "To satisfy it" not in out


def test_explain_unknown_item_and_invalid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(capsys, "explain", WESTMOOR, "1.1.B99")
    assert status == 2 and "unknown item '1.1.B99'; expected an identifier of framework 2025 such as" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text('fhcheck: 1\nframework: "2025"\nlocal_authority: X\nassessed_on: 2025-10-01\nitems:\n'
                   "  1.1.B1:\n    status: done\n", encoding="utf-8")
    status, _, err = cli(capsys, "explain", str(bad), "1.1.B1")
    assert status == 2 and f"{bad}:7:13: found 'done'; expected one of met" in err
