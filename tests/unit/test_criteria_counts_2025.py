"""Item counts, identifier rules and links to 2022 for criteria/2025.yaml.

The expected counts were counted by hand from ../shared/seeds/framework-2025.txt (third
iteration, 2025-26), bullet by bullet, independently of the YAML file: B = Level 1 basic
model, D = Level 2 developed model under "Minimum expectations" (blue box), G = Level 2
developed model under "'Go further' options". The "N/A" bullet (3.2, Level 2 minimum) is no
item; sub-criteria saying "We have not provided any 'go further' options here" (1.3, 1.5,
2.2, 3.4) have no G items. Bullets whose wrap is interrupted by a blank line (2.3 D2, 2.5 B3
and B4) count once each; all eight Level 2 bullets of 2.2, on both sides of a page break,
are minimum expectations; the 2.5 go-further bullet that starts a new page counts as the
fourth of that list; the 3.1 go-further paragraph, two 2022 bullets run together on one
line in 2025, counts once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from helpers import CRITERIA, CriteriaFileRules, criteria_items, subcriteria

CRITERIA_FILE = CRITERIA / "2025.yaml"
PREVIOUS_FILE = CRITERIA / "2022.yaml"

EXPECTED_COUNTS = {
    "1.1": {"B": 4, "D": 2, "G": 2},
    "1.2": {"B": 4, "D": 2, "G": 1},
    "1.3": {"B": 2, "D": 3, "G": 0},
    "1.4": {"B": 2, "D": 1, "G": 4},
    "1.5": {"B": 3, "D": 1, "G": 0},
    "1.6": {"B": 2, "D": 1, "G": 1},
    "2.1": {"B": 4, "D": 1, "G": 1},
    "2.2": {"B": 3, "D": 8, "G": 0},
    "2.3": {"B": 2, "D": 2, "G": 2},
    "2.4": {"B": 1, "D": 1, "G": 3},
    "2.5": {"B": 4, "D": 4, "G": 5},
    "3.1": {"B": 3, "D": 1, "G": 1},
    "3.2": {"B": 1, "D": 0, "G": 2},
    "3.3": {"B": 2, "D": 1, "G": 2},
    "3.4": {"B": 2, "D": 1, "G": 0},
    "4.1": {"B": 2, "D": 2, "G": 1},
    "4.2": {"B": 3, "D": 2, "G": 3},
    "4.3": {"B": 3, "D": 2, "G": 4},
    "5.1": {"B": 1, "D": 1, "G": 3},
    "5.2": {"B": 1, "D": 2, "G": 2},
}
EXPECTED_TOTAL = 124

# Decided by reading the two seeds side by side (see the comments in criteria/2025.yaml).
EXPECTED_REPLACES = {
    "2.4.G5": ["2.4.G3", "2.4.G4"],  # merged go-further items
    "3.1.G3": ["3.1.G1", "3.1.G2"],  # two go-further bullets run together as one
}
EXPECTED_NEW = {"3.1.D1", "3.2.G2"}  # new in 2025, replacing nothing
EXPECTED_REMOVED: set[str] = set()  # 2022 ids neither kept nor replaced
# Shared identifiers whose rule data deliberately differs from 2022 (commented in the file).
RULE_DATA_CHANGED = {"5.2.D1"}

RULE_KEYS = ("requires_kinds", "freshness_months", "conditional")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> dict:
    return _load(CRITERIA_FILE)


@pytest.fixture(scope="module")
def previous() -> dict[str, dict]:
    old = _load(PREVIOUS_FILE)
    return {item["id"]: item for _, item in criteria_items(old)}


def _by_id(data: dict) -> dict[str, dict]:
    return {item["id"]: item for _, item in criteria_items(data)}


def _comment_before(item_id: str) -> str:
    """The comment lines immediately above `- id: <item_id>` in the raw file."""
    lines = CRITERIA_FILE.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == f"- id: {item_id}")
    comment: list[str] = []
    for line in reversed(lines[:at]):
        if not line.strip().startswith("#"):
            break
        comment.append(line)
    return "\n".join(reversed(comment))


class TestRulesOfEveryCriteriaFile(CriteriaFileRules):
    """The checks of tests/helpers.py that every criteria file passes, against this file's hand counts."""

    EXPECTED_COUNTS = EXPECTED_COUNTS
    EXPECTED_TOTAL = EXPECTED_TOTAL


def test_header(data: dict) -> None:
    assert data["framework"] == "2025"
    assert data["previous"] == "2022"
    assert data["source"] == "framework-2025.txt"
    assert re.fullmatch(r"\d{4}-\d{2}", data["published"])
    assert data["defaults"] == {"freshness_months": 36}
    areas = {a["id"]: (a["title"], a["key_criteria"]) for a in data["delivery_areas"]}
    assert areas == {
        "access": ("Access", ["1"]),
        "connection": ("Connection", ["2", "3", "4"]),
        "relationships": ("Relationships", ["5"]),
    }


def test_key_criteria_and_subcriteria(data: dict) -> None:
    assert [k["id"] for k in data["key_criteria"]] == ["1", "2", "3", "4", "5"]
    assert [s["id"] for s in subcriteria(data)] == list(EXPECTED_COUNTS)
    for key in data["key_criteria"]:
        assert key["statement"].strip()
        for sub in key["subcriteria"]:
            assert isinstance(sub["id"], str)
            assert sub["id"].split(".")[0] == key["id"]
            assert sub["title"].strip()


def test_texts_are_single_clean_strings(data: dict) -> None:
    bad = [
        item["id"]
        for _, item in criteria_items(data)
        if not isinstance(item["text"], str)
        or item["text"] != item["text"].strip()
        or re.search(r"\s{2,}|\n|•", item["text"])
    ]
    assert bad == []


def test_freshness_and_conditions(data: dict) -> None:
    for _, item in criteria_items(data):
        assert item.get("freshness_months", 12) in (12, 24), item["id"]
        if "conditional" in item:
            assert item["conditional"] in item["text"], item["id"]
    checked = {item["id"]: [c["kind"] for c in item["checks"]] for _, item in criteria_items(data) if "checks" in item}
    assert checked == {
        "2.5.B1": ["programme_register"],
        "2.5.G1": ["programme_register"],
        "3.1.D1": ["service_directory"],
        "3.1.G3": ["service_directory"],
    }


def test_replaces_name_identifiers_of_2022(data: dict, previous: dict[str, dict]) -> None:
    links = {item["id"]: item["replaces"] for _, item in criteria_items(data) if "replaces" in item}
    assert links == EXPECTED_REPLACES
    unknown = [old for olds in links.values() for old in olds if old not in previous]
    assert unknown == []


def test_replacing_items_have_new_identifiers(data: dict, previous: dict[str, dict]) -> None:
    assert [i for i in EXPECTED_REPLACES if i in previous] == []


def test_kept_ids_not_replaced_elsewhere_unless_split(data: dict) -> None:
    """A 2025 id that is also a 2022 id is the same criterion, so no other item may claim
    to replace it, except a split, which must say so in its comment."""
    ids = set(_by_id(data))
    for item_id, item in _by_id(data).items():
        for old in item.get("replaces", []):
            if old in ids and old != item_id:
                assert "split" in _comment_before(item_id).lower(), (item_id, old)


def test_every_2022_id_is_kept_replaced_or_removed(data: dict, previous: dict[str, dict]) -> None:
    current = set(_by_id(data))
    replaced = {old for olds in EXPECTED_REPLACES.values() for old in olds}
    assert set(previous) - current - replaced == EXPECTED_REMOVED
    assert current - set(previous) == EXPECTED_NEW | set(EXPECTED_REPLACES)


def _group_and_number(item_id: str) -> tuple[str, int]:
    """("2.4.G", 5) for "2.4.G5": the (sub-criterion, letter) group and the number."""
    cut = item_id.rindex(".") + 2
    return item_id[:cut], int(item_id[cut:])


def test_new_numbers_follow_the_highest_2022_number(data: dict, previous: dict[str, dict]) -> None:
    highest: dict[str, int] = defaultdict(int)
    for old in previous:
        group, number = _group_and_number(old)
        highest[group] = max(highest[group], number)
    added: dict[str, list[int]] = defaultdict(list)
    for new in EXPECTED_NEW | set(EXPECTED_REPLACES):
        group, number = _group_and_number(new)
        added[group].append(number)
    for group, numbers in added.items():
        start = highest[group] + 1
        assert sorted(numbers) == list(range(start, start + len(numbers))), group


def test_replaced_items_are_commented(data: dict) -> None:
    for item_id in EXPECTED_REPLACES:
        assert _comment_before(item_id).strip(), item_id


def test_shared_ids_keep_2022_rule_data(data: dict, previous: dict[str, dict]) -> None:
    differ = {
        item_id
        for item_id, item in _by_id(data).items()
        if item_id in previous
        and any(item.get(k) != previous[item_id].get(k) for k in RULE_KEYS)
    }
    assert differ == RULE_DATA_CHANGED
    for item_id in RULE_DATA_CHANGED:
        assert "rule data" in _comment_before(item_id).lower(), item_id


def test_spot_check_data_standards_item(data: dict, previous: dict[str, dict]) -> None:
    item = _by_id(data)["3.1.D1"]
    assert "Open Referral UK" in item["text"]
    assert "3.1.D1" not in previous
    assert "replaces" not in item
    assert "service_directory" in item["requires_kinds"]


def test_spot_check_merged_outcomes_go_further(data: dict) -> None:
    merged = [
        item
        for sub_id, item in criteria_items(data)
        if sub_id == "2.4" and item["id"].startswith("2.4.G") and len(item.get("replaces", [])) >= 2
    ]
    assert [m["id"] for m in merged] == ["2.4.G5"]
    assert "family help" in merged[0]["text"]


def test_spot_check_front_door(data: dict) -> None:
    item = _by_id(data)["1.2.B3"]
    assert "single or multi-agency ‘front door’" in item["text"]
    assert "Multi-Agency Safeguarding Hub" not in item["text"]


def test_spot_check_conditional_outreach(data: dict) -> None:
    conditional = {i["id"]: i["conditional"] for _, i in criteria_items(data) if "conditional" in i}
    assert conditional == {"1.3.D3": "in larger and rural areas"}
