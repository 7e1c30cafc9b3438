"""Item counts and identifier rules for criteria/2022.yaml.

The expected counts were counted by hand from ../shared/seeds/framework-2022.md (Annex E,
August 2022), bullet by bullet, independently of the YAML file: B = Level 1 basic model,
D = Level 2 developed model under "Minimum expectations" (blue box), G = Level 2 developed
model under "Go further options". "N/A" bullets (3.1 and 3.2, Level 2 minimum) are no item;
sub-criteria saying "We have not provided any go further options here" (1.3, 1.5, 2.2, 3.4)
have no G items. Two bullets broken by a page break (2.3 go further, 2.5 go further) count
once each; all eight Level 2 bullets of 2.2 are minimum expectations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CRITERIA_FILE = ROOT / "criteria" / "2022.yaml"
KINDS_FILE = ROOT / "criteria" / "evidence-kinds.yaml"

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
    "2.4": {"B": 1, "D": 1, "G": 4},
    "2.5": {"B": 4, "D": 4, "G": 5},
    "3.1": {"B": 3, "D": 0, "G": 2},
    "3.2": {"B": 1, "D": 0, "G": 1},
    "3.3": {"B": 2, "D": 1, "G": 2},
    "3.4": {"B": 2, "D": 1, "G": 0},
    "4.1": {"B": 2, "D": 2, "G": 1},
    "4.2": {"B": 3, "D": 2, "G": 3},
    "4.3": {"B": 3, "D": 2, "G": 4},
    "5.1": {"B": 1, "D": 1, "G": 3},
    "5.2": {"B": 1, "D": 2, "G": 2},
}
EXPECTED_TOTAL = 124

ID_RE = re.compile(r"^[1-5]\.[1-6]\.[BDG][1-9][0-9]*$")


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(CRITERIA_FILE.read_text(encoding="utf-8"))


def _subs(data: dict) -> list[dict]:
    return [sub for key in data["key_criteria"] for sub in key["subcriteria"]]


def _items(data: dict) -> list[tuple[str, dict]]:
    return [(sub["id"], item) for sub in _subs(data) for item in sub["items"]]


def test_hand_counted_table_is_consistent() -> None:
    assert sum(sum(c.values()) for c in EXPECTED_COUNTS.values()) == EXPECTED_TOTAL


def test_key_criteria_and_subcriteria(data: dict) -> None:
    assert data["framework"] == "2022"
    assert [k["id"] for k in data["key_criteria"]] == ["1", "2", "3", "4", "5"]
    sub_ids = [s["id"] for s in _subs(data)]
    assert sub_ids == list(EXPECTED_COUNTS)
    for key in data["key_criteria"]:
        for sub in key["subcriteria"]:
            assert isinstance(sub["id"], str)
            assert sub["id"].split(".")[0] == key["id"]


def test_counts_per_subcriterion_and_letter(data: dict) -> None:
    counts: dict[str, dict[str, int]] = {
        sub["id"]: {"B": 0, "D": 0, "G": 0} for sub in _subs(data)
    }
    for sub_id, item in _items(data):
        letter = item["id"].split(".")[2][0]
        counts[sub_id][letter] += 1
    assert counts == EXPECTED_COUNTS
    assert len(_items(data)) == EXPECTED_TOTAL


def test_ids_unique_and_well_formed(data: dict) -> None:
    ids = [item["id"] for _, item in _items(data)]
    assert all(isinstance(i, str) for i in ids)
    assert [i for i in ids if not ID_RE.match(i)] == []
    assert len(ids) == len(set(ids))


def test_item_id_prefix_is_its_subcriterion(data: dict) -> None:
    wrong = [item["id"] for sub_id, item in _items(data) if item["id"].rsplit(".", 1)[0] != sub_id]
    assert wrong == []


def test_numbered_contiguously_in_file_order(data: dict) -> None:
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for sub_id, item in _items(data):
        last = item["id"].rsplit(".", 1)[1]
        numbers[(sub_id, last[0])].append(int(last[1:]))
    bad = {group: ns for group, ns in numbers.items() if ns != list(range(1, len(ns) + 1))}
    assert bad == {}


def test_letters_in_framework_order_within_subcriterion(data: dict) -> None:
    # The framework lists Level 1, then Level 2 minimum, then go further, in every sub-criterion.
    for sub in _subs(data):
        letters = [item["id"].rsplit(".", 1)[1][0] for item in sub["items"]]
        assert letters == sorted(letters, key="BDG".index), sub["id"]


def test_requires_kinds_are_in_the_vocabulary(data: dict) -> None:
    kinds = set(yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))["kinds"])
    unknown = {
        item["id"]: k
        for _, item in _items(data)
        for k in item["requires_kinds"]
        if k not in kinds
    }
    assert unknown == {}
