"""The board paper's decisions (fhcheck.board) and the action list (fhcheck.actions): the rating
rule, risks, tracker grouping, UK dates, links, and actions soonest first with stable UIDs."""

from __future__ import annotations

import datetime as dt

from fhcheck.actions import action_uid, actions_of, uk_date
from fhcheck.board import link_of, plain, rating_of, risks_of, tracker_of
from fhcheck.errors import Location
from fhcheck.results import Count, FileResult, ItemResult, KeyCriterionResult

DAY = dt.date(2025, 10, 1)
KEY = KeyCriterionResult("1", "statement", "access", Count(0, 0), Count(0, 0), Count(0, 0), False, ())


def item(ident: str, verdict: str = "met", **fields: object) -> ItemResult:
    letter = ident.rsplit(".", 1)[1][0]
    level = "basic" if letter == "B" else "developed"
    tier = "go_further" if letter == "G" else "minimum"
    base = dict(
        id=ident, verdict=verdict, reasons=(), warnings=(), level=level, tier=tier,
        subcriterion=ident.rsplit(".", 1)[0],
        key_criterion=ident.split(".")[0], text=f"text of {ident}", status=fields.pop("status", "met"),
        location=Location("f.yaml", 3, 3), satisfied=verdict in ("met", "not_applicable"),
    )
    base.update(fields)
    return ItemResult(**base)  # type: ignore[arg-type]


def file_of(*items: ItemResult) -> FileResult:
    return FileResult("f.yaml", "2025", "Framework", "Testshire", DAY, "none", False, items, (KEY,),
                      Location("f.yaml", 1, 1), False)


def test_uk_dates() -> None:
    assert uk_date(dt.date(2026, 11, 27)) == "27 November 2026"
    assert plain("evidence goes stale after 2026-02-01 (newest is 2025-02-01)") == \
        "evidence goes stale after 1 February 2026 (newest is 1 February 2025)"
    assert plain("exemption lapsed on 2025-01-01 (review_by); review it or record the item") == \
        "exemption lapsed on 1 January 2025"


def test_links_only_for_web_addresses() -> None:
    assert link_of("https://a.example/x") == "https://a.example/x"
    assert link_of("HTTP://a.example/x") == "HTTP://a.example/x"
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//a.example", None, "https://a b"):
        assert link_of(bad) is None


def test_green_when_every_minimum_expectation_is_met_whatever_the_options() -> None:
    rating = rating_of(KEY, [item("1.1.B1"), item("1.1.D1"), item("1.1.G1", "missing", status=None)], DAY)
    assert rating.rag == "green" and rating.reason == "Every minimum expectation is met."


def test_amber_when_gaps_are_developed_or_planned_in_time() -> None:
    developed_gap = [item("1.1.B1"), item("1.1.D1", "missing", status=None)]
    assert rating_of(KEY, developed_gap, DAY).rag == "amber"
    planned = [item("1.1.B1", "not_met", status="not_met", plan="Do it", due=DAY)]
    rating = rating_of(KEY, planned, DAY)
    assert rating.rag == "amber" and rating.reason == "1 minimum expectation not yet met; 1 with an in-date plan."


def test_red_when_a_basic_gap_has_no_in_date_plan() -> None:
    for gap in (
        item("1.1.B1", "missing", status=None),
        item("1.1.B1", "not_met", status="not_met", plan="Do it"),  # no due date
        item("1.1.B1", "not_met", status="not_met", plan="Do it", due=DAY - dt.timedelta(days=1), overdue=True),
    ):
        rating = rating_of(KEY, [gap, item("1.1.D1")], DAY)
        assert rating.rag == "red"
        assert rating.reason == "1 basic expectation not met without an in-date plan (1.1.B1)."


def test_risks_overdue_first_then_refused_exemptions_then_lapsing() -> None:
    result = file_of(
        item("1.1.B1", fresh_until=DAY + dt.timedelta(days=30)),
        item("1.1.B2", fresh_until=DAY + dt.timedelta(days=61)),  # beyond the window
        item("1.1.D1", "not_met", status="not_met", plan="Fix", due=dt.date(2025, 3, 31), overdue=True),
        item("1.1.D2", "not_met", status="not_applicable", reasons=("exemption lapsed on 2025-01-01 (review_by)",)),
        item("1.3.D3", "not_applicable", status="not_applicable", review_by=DAY + dt.timedelta(days=10)),
    )
    risks = risks_of(result, 60)
    assert [(r.kind, r.item_id) for r in risks] == [
        ("overdue_plan", "1.1.D1"), ("exemption_refused", "1.1.D2"),
        ("evidence_lapses", "1.1.B1"), ("exemption_lapses", "1.3.D3"),
    ]
    assert risks[0].summary == "The plan for 1.1.D1 was due on 31 March 2025: Fix"
    assert risks[1].summary == "The exemption claimed for 1.1.D2 is not accepted: exemption lapsed on 1 January 2025"


def test_actions_soonest_first_with_owners_and_stable_uids() -> None:
    result = file_of(
        item("1.1.B1", fresh_until=DAY + dt.timedelta(days=30)),
        item("1.1.B2", "missing", status=None),
        item("1.1.D1", "not_met", status="not_met", plan="Fix", due=dt.date(2026, 3, 31), owner="Head of Hubs"),
        item("1.1.D2", "partially_met", status="partially_met", plan="Late", due=dt.date(2025, 3, 31), overdue=True),
        item("1.1.G1", "missing", status=None),  # an option: never an action unless planned
    )
    actions = actions_of(result, 60)
    assert [(a.item_id, a.kind, a.due, a.overdue) for a in actions] == [
        ("1.1.D2", "plan", dt.date(2025, 3, 31), True),
        ("1.1.B1", "evidence_lapses", dt.date(2025, 10, 31), False),
        ("1.1.D1", "plan", dt.date(2026, 3, 31), False),
        ("1.1.B2", "no_plan", None, False),
    ]
    assert actions[2].owner == "Head of Hubs" and actions[0].due_text == "31 March 2025 (overdue)"
    assert actions[2].uid == action_uid("Testshire", "1.1.D1", "plan") == actions_of(result, 60)[2].uid
    assert actions_of(result, 10)[1].item_id == "1.1.D1"  # the lapsing evidence is beyond a 10-day horizon


def test_tracker_groups_same_plan_and_unplanned_per_key_criterion() -> None:
    result = file_of(
        item("1.1.D1", "not_met", status="not_met", plan="Roll out", due=dt.date(2026, 3, 31)),
        item("1.2.D1", "not_met", status="not_met", plan="Roll out", due=dt.date(2026, 3, 31)),
        item("1.1.B1", "missing", status=None),
        item("1.1.B2", "missing", status=None),
    )
    rows = tracker_of(actions_of(result, 60))
    assert [(r.items, r.summary, r.due) for r in rows] == [
        ("1.1.D1, 1.2.D1", "Roll out", "31 March 2026"),
        ("1.1.B1, 1.1.B2", "Key criterion 1: 2 minimum expectations with no plan; agree a plan, an owner and a "
         "due date", "no date set"),
    ]


def test_an_action_uid_is_made_for_a_name_holding_a_lone_surrogate() -> None:
    """A name decoded from bytes that are not UTF-8 keeps a stable UID instead of crashing the calendar."""
    from fhcheck.actions import action_uid

    uid = action_uid("Bad \udcff name", "1.1.B1", "plan")
    assert uid == action_uid("Bad \udcff name", "1.1.B1", "plan")
    assert uid != action_uid("Bad name", "1.1.B1", "plan") and uid.endswith("@fhcheck")
