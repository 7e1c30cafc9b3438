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

from collections import defaultdict

import pytest
import yaml

from helpers import CRITERIA, CriteriaFileRules, criteria_items, subcriteria

CRITERIA_FILE = CRITERIA / "2022.yaml"

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


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(CRITERIA_FILE.read_text(encoding="utf-8"))


class TestRulesOfEveryCriteriaFile(CriteriaFileRules):
    """The checks of tests/helpers.py that every criteria file passes, against this file's hand counts."""

    EXPECTED_COUNTS = EXPECTED_COUNTS
    EXPECTED_TOTAL = EXPECTED_TOTAL


def test_key_criteria_and_subcriteria(data: dict) -> None:
    assert data["framework"] == "2022"
    assert [k["id"] for k in data["key_criteria"]] == ["1", "2", "3", "4", "5"]
    sub_ids = [s["id"] for s in subcriteria(data)]
    assert sub_ids == list(EXPECTED_COUNTS)
    for key in data["key_criteria"]:
        for sub in key["subcriteria"]:
            assert isinstance(sub["id"], str)
            assert sub["id"].split(".")[0] == key["id"]


def test_numbered_contiguously_in_file_order(data: dict) -> None:
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for sub_id, item in criteria_items(data):
        last = item["id"].rsplit(".", 1)[1]
        numbers[(sub_id, last[0])].append(int(last[1:]))
    bad = {group: ns for group, ns in numbers.items() if ns != list(range(1, len(ns) + 1))}
    assert bad == {}
