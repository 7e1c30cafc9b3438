"""``fhcheck.comparison``: the verdict order, the classification of moves, and pairs of files with known moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.comparison import (
    ITEM_CHANGE_KINDS,
    VERDICT_RANK,
    Comparison,
    classify,
    compare_results,
    stage_of,
)
from fhcheck.lineage import links_between
from fhcheck.report import compare_json, compare_markdown, compare_table
from fhcheck.results import VERDICTS, Count, FileResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compare"


def assess(name: str) -> FileResult:
    result = assess_file(FIXTURES / name, name, default_store(), AssessOptions())
    assert isinstance(result, FileResult), result
    return result


def moves(comparison: Comparison) -> list[tuple[str, str, str, str]]:
    return [(c.id, c.kind, c.then, c.now) for c in comparison.items]


# --- the verdict order and classification -------------------------------------------------


def test_every_verdict_has_a_rank_and_satisfied_ranks_highest() -> None:
    assert set(VERDICT_RANK) == set(VERDICTS)
    assert VERDICT_RANK["met"] == VERDICT_RANK["not_applicable"] == max(VERDICT_RANK.values())
    assert VERDICT_RANK["met"] > VERDICT_RANK["partially_met"] > VERDICT_RANK["stale"] > VERDICT_RANK["not_met"]
    assert VERDICT_RANK["stale"] == VERDICT_RANK["needs_review"]
    assert VERDICT_RANK["not_met"] == VERDICT_RANK["unevidenced"] == VERDICT_RANK["missing"]


@pytest.mark.parametrize(
    ("then", "now", "then_overdue", "now_overdue", "expected"),
    [
        ("not_met", "met", False, False, "improved"),
        ("missing", "not_applicable", False, False, "improved"),
        ("stale", "partially_met", False, False, "improved"),
        ("not_met", "stale", False, False, "improved"),  # evidence found, if old: a step up
        ("met", "unevidenced", False, False, "regressed"),
        ("partially_met", "not_met", False, False, "regressed"),
        ("met", "stale", False, False, "newly_stale"),
        ("partially_met", "stale", False, False, "newly_stale"),
        ("needs_review", "stale", False, False, "newly_stale"),
        ("not_met", "not_met", False, True, "newly_overdue"),
        ("missing", "not_met", False, True, "newly_overdue"),
        ("met", "not_met", False, True, "regressed"),  # fell a rank: the overdue plan is incidental
        ("not_met", "missing", False, False, "changed"),
        ("met", "not_applicable", False, False, "changed"),
        ("met", "met", False, False, None),
        ("not_met", "not_met", True, True, None),
        ("not_met", "not_met", True, False, None),  # a plan no longer overdue is not a move
    ],
)
def test_classify(then: str, now: str, then_overdue: bool, now_overdue: bool, expected: str | None) -> None:
    assert classify(then, now, then_overdue, now_overdue) == expected  # type: ignore[arg-type]


verdicts = st.sampled_from(VERDICTS)


@given(verdicts, verdicts, st.booleans(), st.booleans())
@example("met", "stale", False, False)
@example("not_met", "stale", False, False)
def test_a_move_and_its_reverse_never_both_improve(then: str, now: str, a: bool, b: bool) -> None:
    forward = classify(then, now, a, b)  # type: ignore[arg-type]
    backward = classify(now, then, b, a)  # type: ignore[arg-type]
    assert forward in (*ITEM_CHANGE_KINDS, None)
    if forward == "improved":
        assert backward in ("regressed", "newly_stale", "newly_overdue")
    if then != now:
        assert forward is not None, "every verdict change is listed"


@pytest.mark.parametrize(
    ("counts", "stage"),
    [
        (((2, 2), (3, 3), (1, 1)), "developed"),
        (((2, 2), (3, 3), (0, 1)), "minimum"),
        (((2, 2), (2, 3), (1, 1)), "basic"),
        (((1, 2), (3, 3), (1, 1)), "none"),
        (((2, 2), (0, 0), (0, 0)), "developed"),
    ],
)
def test_stage_of_a_roll_up_follows_the_file_rule(counts: tuple[tuple[int, int], ...], stage: str) -> None:
    assert stage_of(*(Count(*c) for c in counts)) == stage


# --- one framework version --------------------------------------------------------------


def test_known_moves_within_one_version() -> None:
    comparison = compare_results(assess("brookfield-2024.yaml"), assess("brookfield-2025.yaml"))
    assert moves(comparison) == [
        ("1.1.B1", "improved", "not_met", "met"),
        ("1.1.B2", "regressed", "met", "unevidenced"),
        ("1.1.B3", "newly_stale", "met", "stale"),
        ("1.1.B4", "changed", "not_met", "missing"),
        ("1.3.D3", "improved", "missing", "not_applicable"),
        ("2.3.D1", "newly_overdue", "not_met", "not_met"),
    ]
    overdue = comparison.items[-1]
    assert (overdue.then_overdue, overdue.now_overdue) == (False, True)
    assert overdue.now_reasons[-1] == "plan due 2025-03-31 is overdue"
    assert comparison.items[1].now_reasons == ("claimed met but no evidence is cited",)
    assert comparison.regressed
    assert comparison.counts() == {"regressed": 1, "newly_stale": 1, "newly_overdue": 1, "improved": 2, "changed": 1}
    assert not comparison.links and not comparison.unmapped and not comparison.notes
    assert all(not change.remapped for change in comparison.items)


def test_roll_ups_then_and_now_cover_every_subcriterion_and_key_criterion() -> None:
    comparison = compare_results(assess("brookfield-2024.yaml"), assess("brookfield-2025.yaml"))
    assert [k.id for k in comparison.key_criteria] == ["1", "2", "3", "4", "5"]
    assert len(comparison.subcriteria) == 20
    sub = {s.id: s for s in comparison.subcriteria}["1.1"]
    assert (sub.then_minimum_met, sub.now_minimum_met, sub.then_stage, sub.now_stage) == (False, False, "none", "none")
    assert (comparison.then_stage, comparison.now_stage) == ("none", "none")


def test_the_same_file_twice_has_no_moves() -> None:
    result = assess("brookfield-2025.yaml")
    comparison = compare_results(result, result)
    assert comparison.items == () and not comparison.regressed
    assert not any(c.changed for c in (*comparison.key_criteria, *comparison.subcriteria))


def test_the_reverse_pair_regresses_where_the_forward_one_improved() -> None:
    comparison = compare_results(assess("brookfield-2025.yaml"), assess("brookfield-2024.yaml"))
    assert moves(comparison)[0] == ("1.1.B1", "regressed", "met", "not_met")
    assert ("1.1.B3", "improved", "stale", "met") in moves(comparison)
    assert any("before the old one" in note for note in comparison.notes)


def test_a_roll_up_that_stops_meeting_its_minimum_is_a_regression() -> None:
    store = default_store()
    full = assess_file(Path("examples/exampleshire-2025.yaml"), "full", store, AssessOptions())
    assert isinstance(full, FileResult) and full.minimum_met
    sub = next(s for s in full.subcriteria if s.id == "1.1")
    dropped = full._replace(
        minimum_met=False,
        stage="basic",
        key_criteria=tuple(
            k._replace(
                minimum_met=k.id != "1",
                subcriteria=tuple(
                    s._replace(minimum_met=s.id != "1.1", developed=Count(0, s.developed.total)) if s.id == "1.1" else s
                    for s in k.subcriteria
                ),
            )
            for k in full.key_criteria
        ),
    )
    comparison = compare_results(full, dropped)
    assert comparison.items == ()  # no item record moved: only the roll-ups did
    worse = [c.id for c in (*comparison.key_criteria, *comparison.subcriteria) if c.worse]
    assert worse == ["1", "1.1"] and sub.minimum_met
    assert comparison.stage_worse and comparison.regressed


# --- across framework versions ------------------------------------------------------------


def test_replaces_links_map_2022_to_2025() -> None:
    links = links_between(default_store(), "2022", "2025")
    assert links["2.4.G5"] == {"2.4.G3", "2.4.G4"}
    assert links["3.1.G3"] == {"3.1.G1", "3.1.G2"}
    assert links["1.1.B1"] == {"1.1.B1"}
    assert links["3.1.D1"] == frozenset() and links["3.2.G2"] == frozenset()


def test_replaces_links_invert_when_the_old_file_is_on_the_later_framework() -> None:
    links = links_between(default_store(), "2025", "2022")
    assert links["2.4.G3"] == links["2.4.G4"] == {"2.4.G5"}
    assert links["3.1.G1"] == {"3.1.G3"}
    assert links["1.1.B1"] == {"1.1.B1"}


def test_known_moves_across_framework_versions() -> None:
    comparison = compare_results(assess("brookfield-2022.yaml"), assess("brookfield-2025-merged.yaml"), default_store())
    assert comparison.across_versions
    assert [(c.id, c.then_ids, c.kind, c.then, c.now) for c in comparison.items] == [
        # merged from a met G3 and an unmet G4: compared with the weaker, not_met
        ("2.4.G5", ("2.4.G3", "2.4.G4"), "improved", "not_met", "met"),
        # 3.1.G1 and G2 were met in 2022; the merged 3.1.G3 is not in the 2025 file
        ("3.1.G3", ("3.1.G1", "3.1.G2"), "regressed", "met", "missing"),
    ]
    assert [(link.new, link.old) for link in comparison.links] == [
        ("2.4.G5", ("2.4.G3", "2.4.G4")),
        ("3.1.G3", ("3.1.G1", "3.1.G2")),
    ]
    assert [(u.id, u.side, u.verdict) for u in comparison.unmapped] == [
        ("3.1.D1", "new", "missing"),
        ("3.2.G2", "new", "missing"),
    ]
    assert comparison.notes[0].startswith("framework 2022 then, 2025 now: items are matched by identifier")
    assert comparison.regressed


def test_across_versions_backwards_reports_the_dropped_items_as_unmapped() -> None:
    comparison = compare_results(assess("brookfield-2025-merged.yaml"), assess("brookfield-2022.yaml"), default_store())
    assert [(u.id, u.side) for u in comparison.unmapped] == [("3.1.D1", "old"), ("3.2.G2", "old")]
    # both 2022 halves stand for the 2025 G5 that was met; each fell to its own verdict
    # both 2022 halves of 2025's G5 (met) are compared with it: G3 stays met, G4 falls
    assert [(c.id, c.then_ids, c.kind, c.then, c.now) for c in comparison.items if c.key_criterion in "23"] == [
        ("2.4.G4", ("2.4.G5",), "regressed", "met", "not_met"),
        ("3.1.G1", ("3.1.G3",), "improved", "missing", "met"),
        ("3.1.G2", ("3.1.G3",), "improved", "missing", "met"),
    ]


# --- renderers -------------------------------------------------------------------------------


def test_markdown_says_one_sentence_per_move() -> None:
    comparison = compare_results(assess("brookfield-2024.yaml"), assess("brookfield-2025.yaml"))
    text = compare_markdown.render(comparison)
    assert "- The new file moves **1.1.B1** from `not_met` to `met`." in text
    assert "- The new file lets **1.1.B3** go stale (was `met`): newest evidence 2024-06-01 is older than" in text
    assert "- The new file lets the plan for **2.3.D1** go overdue (`not_met`): claimed not met; plan: " in text
    assert "- The new file moves **1.1.B4** sideways from `not_met` to `missing`: not in the evidence file." in text
    assert "- The new file moves **1.3.D3** from `missing` to `not_applicable`: not applicable: Compact urban " \
        "borough; every family lives within walking distance of a hub." in text
    assert "Stage **none** \u2192 **none** \u00b7 minimum met no \u2192 no \u00b7 items: 1 regressed, 1 newly stale" in text
    assert "| 1.1 | Comms, information and brand | **no** | **no** | none | none | 0/2 | 0/2 |  |" in text


def test_markdown_names_the_replaces_links_across_versions() -> None:
    comparison = compare_results(assess("brookfield-2022.yaml"), assess("brookfield-2025-merged.yaml"))
    text = compare_markdown.render(comparison)
    assert "moves **2.4.G5** (was 2.4.G3 + 2.4.G4 in 2022) from `not_met` to `met`." in text
    assert "- 2.4.G5 (2025) stands for 2.4.G3 + 2.4.G4 (2022)" in text
    assert "- new in framework 2025: 3.1.D1 (`missing`), 3.2.G2 (`missing`)" in text
    assert "> **Note:** framework 2022 then, 2025 now" in text


def test_json_record_shape() -> None:
    comparison = compare_results(assess("brookfield-2022.yaml"), assess("brookfield-2025-merged.yaml"))
    record = json.loads(compare_json.render(comparison, "9.9"))
    assert record["fhcheck"] == "9.9"
    assert record["old"] == {
        "file": "brookfield-2022.yaml",
        "framework": "2022",
        "local_authority": "Brookfield Borough Council",
        "assessed_on": "2023-10-01",
        "stage": "none",
        "minimum_met": False,
    }
    assert record["across_versions"] is True and record["regressed"] is True
    assert record["items"][0] == {
        "id": "2.4.G5",
        "then_ids": ["2.4.G3", "2.4.G4"],
        "change": "improved",
        "worse": False,
        "then": "not_met",
        "now": "met",
        "then_reasons": ["claimed not met", "plan: Report on families' journeys to early help"],
        "now_reasons": [],
        "then_overdue": False,
        "now_overdue": False,
        "tier": "go_further",
        "subcriterion": "2.4",
        "key_criterion": "2",
    }
    assert record["subcriteria"][0]["then"] == {"minimum_met": False, "stage": "none", "go_further": {"met": 0, "total": 2}}
    assert record["links"] == [{"new": "2.4.G5", "old": ["2.4.G3", "2.4.G4"]}, {"new": "3.1.G3", "old": ["3.1.G1", "3.1.G2"]}]


def test_table_lists_the_moves_in_plain_text() -> None:
    comparison = compare_results(assess("brookfield-2024.yaml"), assess("brookfield-2025.yaml"))
    text = compare_table.render(comparison, color=False, width=300)
    assert "\x1b[" not in text
    assert "stage none \u2192 none \u00b7 minimum met no \u2192 no" in text
    assert "1 regressed \u00b7 1 newly stale \u00b7 1 newly overdue \u00b7 2 improved \u00b7 1 changed" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "1.1.B2 regressed met \u2192 unevidenced claimed met but no evidence is cited" in lines
    assert "2.3.D1 newly overdue not_met \u2192 not_met (overdue) claimed not met; plan: Family hubs named as a budget " \
        "priority in the 2025-26 budget round; plan due 2025-03-31 is overdue" in lines


def test_renderers_escape_what_comes_from_a_users_file() -> None:
    old, new = assess("brookfield-2024.yaml"), assess("brookfield-2025.yaml")
    new = new._replace(local_authority="<b>Brook|field</b> [x](y)")
    comparison = compare_results(old, new)
    text = compare_markdown.render(comparison)
    assert "<b>" not in text and "\\<b\\>Brook\\|field\\</b\\> \\[x\\](y)" in text
    # rich markup in a name is shown as written, not interpreted
    assert "<b>Brook|field</b> [x](y)" in compare_table.render(comparison, width=200)
