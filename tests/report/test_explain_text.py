"""The helpers behind ``fhcheck explain``'s text: each missing field is named, never left blank."""

from __future__ import annotations

import datetime as dt

from fhcheck.report.explain import _exemption_line, _plan_line


def test_exemption_line_names_missing_fields() -> None:
    bare = {"accepted": False, "condition": None, "justification": "", "approved_by": None, "review_by": None}
    assert _exemption_line(bare) == (
        "Exemption (not accepted): condition none; justification none; approved by not recorded; "
        "review by not set"
    )
    full = {
        "accepted": True, "condition": "no_site", "justification": "rural", "approved_by": "DCS",
        "review_by": dt.date(2026, 3, 1),
    }
    assert _exemption_line(full) == (
        "Exemption (accepted): condition no_site; justification rural; approved by DCS; review by 1 March 2026"
    )


def test_plan_line_flags_overdue_and_missing_date() -> None:
    assert _plan_line({"plan": None, "owner": None, "due": None, "overdue": True}) == (
        "Plan: none; owner not recorded; due no date set"
    )
    overdue = {"plan": "hire", "owner": "Ann", "due": dt.date(2025, 3, 31), "overdue": True}
    assert _plan_line(overdue) == "Plan: hire; owner Ann; due 31 March 2025 (overdue)"
    on_time = {**overdue, "overdue": False}
    assert _plan_line(on_time) == "Plan: hire; owner Ann; due 31 March 2025"
