"""The change model: matching by identifier and ``replaces`` only, the editorial classifier, word diffs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fhcheck.catalogue import Catalogue, CriteriaStore, default_store
from fhcheck.framework_diff import Change, Diff, WordOp, diff_versions, is_editorial, word_diff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"


@pytest.fixture(scope="module")
def real() -> Diff:
    store = default_store()
    return diff_versions(store.get("2022"), store.get("2025"))


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> CriteriaStore:
    """Two small versions exercising every kind of change, including split, removal and a moved item."""
    folder = tmp_path_factory.mktemp("criteria")
    for name in ("2030.yaml", "2031.yaml"):
        shutil.copy(FIXTURES / "criteria" / name, folder / name)
    shutil.copy(default_store().directory / "evidence-kinds.yaml", folder / "evidence-kinds.yaml")
    return CriteriaStore(folder)


def by_new(diff: Diff, ident: str) -> Change:
    [found] = [c for c in diff.changes if c.scope == "item" and ident in c.new]
    return found


def touching(diff: Diff, ident: str) -> list[Change]:
    return [c for c in diff.changes if c.scope == "item" and (ident in c.new or ident in c.old)]


def shape(change: Change) -> tuple[object, ...]:
    return (change.change, change.scope, change.old, change.new, change.editorial)


# --- the real 2022 -> 2025 change record ---------------------------------------------


def test_counts_2022_to_2025(real: Diff) -> None:
    assert real.counts() == {
        "added": 2,
        "removed": 0,
        "reworded_editorial": 51,
        "reworded_substantive": 22,
        "merged": 2,
        "split": 0,
    }


def test_new_3_1_d1_is_added(real: Diff) -> None:
    change = by_new(real, "3.1.D1")
    assert shape(change) == ("added", "item", (), ("3.1.D1",), None)
    assert change.new_texts == (default_store().get("2025").items["3.1.D1"].text,)
    assert change.words == ()


def test_added_items_are_exactly_3_1_d1_and_3_2_g2(real: Diff) -> None:
    assert [c.new for c in real.changes if c.change == "added"] == [("3.1.D1",), ("3.2.G2",)]


def test_the_2_4_go_further_items_are_merged(real: Diff) -> None:
    change = by_new(real, "2.4.G5")
    assert shape(change) == ("merged", "item", ("2.4.G3", "2.4.G4"), ("2.4.G5",), None)
    old = default_store().get("2022")
    assert change.old_texts == (old.items["2.4.G3"].text, old.items["2.4.G4"].text)
    assert touching(real, "2.4.G3") == [change]
    assert touching(real, "2.4.G4") == [change]


def test_merges_are_exactly_the_two_the_criteria_file_declares(real: Diff) -> None:
    assert [(c.old, c.new) for c in real.changes if c.change == "merged"] == [
        (("2.4.G3", "2.4.G4"), ("2.4.G5",)),
        (("3.1.G1", "3.1.G2"), ("3.1.G3",)),
    ]


def test_re_pointed_front_door_1_2_b3_is_a_substantive_rewording(real: Diff) -> None:
    change = by_new(real, "1.2.B3")
    assert shape(change) == ("reworded", "item", ("1.2.B3",), ("1.2.B3",), False)
    assert not change.identifier_changed
    assert change.words == (
        WordOp(
            "equal",
            "There is a phone line that families can call for queries relating to services in the family hub "
            "network, to support families who cannot access digital information. Where required, enquiries are "
            "connected into the local",
        ),
        WordOp("delete", "Family Information Service and local Multi-Agency Safeguarding Hub (MASH)."),
        WordOp("insert", "single or multi-agency \u2018front door\u2019."),
    )


def test_an_item_unchanged_word_for_word_is_not_listed(real: Diff) -> None:
    store = default_store()
    assert store.get("2022").items["1.1.B3"].text == store.get("2025").items["1.1.B3"].text
    assert touching(real, "1.1.B3") == []


def test_an_item_changed_only_in_number_range_style_is_editorial(real: Diff) -> None:
    change = by_new(real, "1.1.B2")
    assert shape(change) == ("reworded", "item", ("1.1.B2",), ("1.1.B2",), True)
    assert change.words == (
        WordOp("equal", "The area is using clear branding for the family hub network going beyond"),
        WordOp("delete", "0-5,"),
        WordOp("insert", "0 to 5,"),
        WordOp("equal", "including services for older children and young people."),
    )


def test_statements_and_titles_are_compared(real: Diff) -> None:
    others = [shape(c) for c in real.changes if c.scope != "item"]
    assert others == [
        ("reworded", "key_criterion", ("2",), ("2",), True),
        ("reworded", "key_criterion", ("3",), ("3",), True),
        ("reworded", "subcriterion", ("3.1",), ("3.1",), True),
        ("reworded", "key_criterion", ("4",), ("4",), True),
        ("reworded", "key_criterion", ("5",), ("5",), True),
    ]


def test_substantive_changes_come_first_then_framework_order(real: Diff) -> None:
    flags = [c.substantive for c in real.changes]
    assert flags == sorted(flags, reverse=True)
    order = list(default_store().get("2025").items)
    for group in (True, False):
        firsts = [order.index(c.new[0]) for c in real.changes if c.scope == "item" and c.substantive is group]
        assert firsts == sorted(firsts)


def test_only_filters_by_substance_and_key_criterion(real: Diff) -> None:
    substantive = real.only(substantive=True)
    assert all(c.editorial is not True for c in substantive.changes)
    assert len(substantive.changes) == 2 + 2 + 22
    three = real.only(key_criterion="3")
    assert {c.key_criteria for c in three.changes} == {("3",)}
    assert [c.new for c in three.changes if c.change != "reworded"] == [("3.1.D1",), ("3.1.G3",), ("3.2.G2",)]


# --- every kind of change, on two small versions ---------------------------------------


def test_every_kind_of_change_in_order(synthetic_store: CriteriaStore) -> None:
    diff = diff_versions(synthetic_store.get("2030"), synthetic_store.get("2031"))
    assert [shape(c) for c in diff.changes] == [
        ("reworded", "key_criterion", ("1",), ("1",), False),
        ("reworded", "subcriterion", ("1.1",), ("1.1",), False),
        ("removed", "item", ("1.1.G1",), (), None),
        ("added", "item", (), ("1.1.B3",), None),
        ("split", "item", ("1.2.B2",), ("1.2.B3", "1.2.B4"), None),
        ("merged", "item", ("2.1.D1", "2.1.D2"), ("2.1.D3",), None),
        ("removed", "subcriterion", ("2.2",), (), None),
        ("removed", "item", ("2.2.B1",), (), None),
        ("added", "subcriterion", (), ("2.3",), None),
        ("added", "item", (), ("2.3.B1",), None),
        ("reworded", "item", ("1.1.B2",), ("1.1.B2",), True),
        ("reworded", "item", ("1.2.B1",), ("1.2.D1",), True),
        ("reworded", "subcriterion", ("2.1",), ("2.1",), True),
    ]
    moved = diff.changes[11]
    assert moved.identifier_changed
    assert moved.words == (WordOp("equal", "There is a phone line that families can call."),)
    assert diff.counts() == {
        "added": 2,
        "removed": 2,
        "reworded_editorial": 2,
        "reworded_substantive": 0,
        "merged": 1,
        "split": 1,
    }


def test_identical_versions_have_no_changes(synthetic_store: CriteriaStore) -> None:
    catalogue: Catalogue = synthetic_store.get("2030")
    assert diff_versions(catalogue, catalogue).changes == ()


# --- the editorial classifier ---------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("seldom heard families", "seldom-heard families"),
        ("co-ordinate services", "coordinate services"),
        ("0-19 (25 with SEND)", "0 to 19 (25 with SEND)"),
        ("0\u201319 (25 with SEND)", "0 to 19 (25 with SEND)"),
        ("0 \u2013 19", "0-19"),
        ("going beyond 0-5, including", "going beyond 0 to 5, including"),
        ("tend to be for 0-5s", "tend to be for 0 to 5s"),
        ("a universal 'front door', shared", "a universal \u2018front door\u2019, shared"),
        ("the Health and Wellbeing Board", "the health and wellbeing board"),
        ("for example a designated web page", "for example, a designated web page"),
        ("life, and building", "life and, building"),
        ("users' needs", "users\u2019 needs"),
        ("data  sharing\u00a0routes", "data sharing routes"),
        ("and/or cohort", "and or cohort"),
        ("1,000 families", "1000 families"),
        ("health & wellbeing", "health and wellbeing"),
        ("The offer.", "The offer"),
    ],
)
def test_editorial(old: str, new: str) -> None:
    assert is_editorial(old, new)
    assert is_editorial(new, old)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a real word change next to a punctuation change
        ("for example customer satisfaction surveys", "for example, by customer satisfaction surveys"),
        ("services, and", "services, or"),
        ("individual (for example adolescents)", "individuals (for example adolescents)"),
        # numbers
        ("0-19 (25 with SEND)", "0-19 (24 with SEND)"),
        ("0-19", "0 to 18"),
        ("0-19", "0-1 9"),
        ("children aged 2", "children aged 3"),
        ("1.5 hours", "15 hours"),
        ("12 months", "1 2 months"),
        # joining two words across a space is not hyphenation
        ("a care giver", "acare giver"),
        ("seldom heard families", "seldomheard families"),  # no hyphen on either side
        ("the rapist", "therapist"),
        ("families, and", "familiesand"),
        # words added or removed
        ("Some senior leaders", "Senior leaders"),
        ("staff and professional time", "staff and have professional time"),
    ],
)
def test_substantive(old: str, new: str) -> None:
    assert not is_editorial(old, new)
    assert not is_editorial(new, old)


words = st.lists(st.sampled_from(["the", "family", "hub", "0-19", "0 to 19", "seldom-heard", "seldom heard", "a", ","]))


@given(st.text(max_size=60))
@example("0-19 (25 with SEND)")
def test_a_text_is_editorially_equal_to_itself(text: str) -> None:
    assert is_editorial(text, text)


@given(st.text(max_size=40), st.text(max_size=40))
@example("seldom heard", "seldom-heard")
@example("0-5", "0 to 5")
def test_editorial_is_symmetric(a: str, b: str) -> None:
    assert is_editorial(a, b) == is_editorial(b, a)


@given(words, words)
@example(["seldom heard"], ["seldom-heard"])
def test_word_diff_rebuilds_both_texts(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), " ".join(b)
    ops = word_diff(old, new)
    assert " ".join(op.text for op in ops if op.op != "insert").split() == old.split()
    assert " ".join(op.text for op in ops if op.op != "delete").split() == new.split()
    assert all(op.text for op in ops)
    assert all(x.op != y.op for x, y in zip(ops, ops[1:], strict=False))
