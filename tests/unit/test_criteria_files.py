"""Every criteria/<version>.yaml, checked against its source text and its hand counts.

The versions come from the catalogue, so a new framework version is checked the moment its
file is added. The facts counted or decided by hand from each source (items per
sub-criterion and letter, replaced, new and removed identifiers, conditions, checks) are
data in criteria/sources/hand-counts.yaml; a version with no entry there is still checked
against every rule that needs none.

Faithfulness: item texts, statements and titles are normalised the same way as the source
(markup, links, footnote markers, quotes, dashes, hyphens and whitespace removed) and must
then occur in it. Page furniture is stripped from the source only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from fhcheck.catalogue import default_store
from helpers import CRITERIA, ITEM_ID, criteria_items, subcriteria

SOURCES = CRITERIA / "sources"
VERSIONS = default_store().versions()
HAND_COUNTS: dict[str, dict[str, Any]] = yaml.safe_load((SOURCES / "hand-counts.yaml").read_text(encoding="utf-8"))
COUNTED = [v for v in VERSIONS if v in HAND_COUNTS]
#: versions with a previous version: their links and shared rule data are checked against it
FOLLOWING = [v for v in COUNTED if VERSIONS.index(v) > 0 and "replaces" in HAND_COUNTS[v]]
RULE_KEYS = ("requires_kinds", "freshness_months", "conditional")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES_AND_SPACE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2022]+")


def _load(version: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CRITERIA / f"{version}.yaml").read_text(encoding="utf-8"))
    return data


def _by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for _, item in criteria_items(data)}


def _strip_source_furniture(text: str) -> str:
    """Remove what the conversion (Markdown, or PDF to text) added around the framework's words."""
    text = re.sub(r"<sup>.*?</sup>", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*https?://\S+\s*$", "", text, flags=re.M)
    # page numbers standing alone on a line
    text = re.sub(r"^\s*\d{1,2}\s*$", "", text, flags=re.M)
    # footnote markers of a PDF extraction come out glued to the word they annotate
    # ("Children7,", "framework1"); the framework never writes a number directly after a
    # letter, so one or two digits between a letter and a space, punctuation or line end
    # are a marker
    return re.sub(r"(?<=[A-Za-z])\d{1,2}(?=[\s,.;:)]|$)", "", text, flags=re.M)


def normalise(text: str) -> str:
    text = text.translate(_QUOTES).replace("\\", "")
    text = re.sub(r"[*`]", "", text)
    return _DASHES_AND_SPACE.sub("", text)


def _comment_before(version: str, item_id: str) -> str:
    """The comment lines immediately above `- id: <item_id>` in the raw file."""
    lines = (CRITERIA / f"{version}.yaml").read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == f"- id: {item_id}")
    comment: list[str] = []
    for line in reversed(lines[:at]):
        if not line.strip().startswith("#"):
            break
        comment.append(line)
    return "\n".join(reversed(comment))


# --- rules every criteria file follows ----------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_header(version: str) -> None:
    data = _load(version)
    assert data["framework"] == version
    assert (SOURCES / data["source"]).is_file(), "the source text lives in criteria/sources/"
    assert re.fullmatch(r"\d{4}-\d{2}", data["published"])
    older = VERSIONS[: VERSIONS.index(version)]
    assert data["previous"] in ([None] if not older else older)
    areas = {a["id"]: (a["title"], a["key_criteria"]) for a in data["delivery_areas"]}
    assert areas == {
        "access": ("Access", ["1"]),
        "connection": ("Connection", ["2", "3", "4"]),
        "relationships": ("Relationships", ["5"]),
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_key_criteria_and_subcriteria(version: str) -> None:
    data = _load(version)
    assert [k["id"] for k in data["key_criteria"]] == ["1", "2", "3", "4", "5"]
    for key in data["key_criteria"]:
        assert key["statement"].strip()
        for sub in key["subcriteria"]:
            assert isinstance(sub["id"], str)
            assert sub["id"].split(".")[0] == key["id"]
            assert sub["title"].strip()


@pytest.mark.parametrize("version", VERSIONS)
def test_ids_unique_well_formed_and_in_their_subcriterion(version: str) -> None:
    items = criteria_items(_load(version))
    ids = [item["id"] for _, item in items]
    assert [i for i in ids if not isinstance(i, str) or not ITEM_ID.match(i)] == []
    assert len(ids) == len(set(ids))
    assert [item["id"] for sub_id, item in items if item["id"].rsplit(".", 1)[0] != sub_id] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_letters_in_framework_order_within_subcriterion(version: str) -> None:
    # The framework lists Level 1, then Level 2 minimum, then go further, in every sub-criterion.
    for sub in subcriteria(_load(version)):
        letters = [item["id"].rsplit(".", 1)[1][0] for item in sub["items"]]
        assert letters == sorted(letters, key="BDG".index), sub["id"]


@pytest.mark.parametrize("version", VERSIONS)
def test_texts_are_single_clean_strings(version: str) -> None:
    bad = [
        item["id"]
        for _, item in criteria_items(_load(version))
        if not isinstance(item["text"], str)
        or item["text"] != item["text"].strip()
        or re.search(r"\s{2,}|\n|•", item["text"])
    ]
    assert bad == []


@pytest.mark.parametrize("version", VERSIONS)
def test_rule_data_is_in_the_vocabulary_and_the_text(version: str) -> None:
    kinds = set(default_store().kinds)
    for _, item in criteria_items(_load(version)):
        assert [k for k in item["requires_kinds"] if k not in kinds] == [], item["id"]
        assert isinstance(item.get("freshness_months", 1), int) and item.get("freshness_months", 1) > 0
        if "conditional" in item:
            assert item["conditional"] in item["text"], item["id"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("part", ["items", "statements and titles"])
def test_every_text_occurs_in_its_source(version: str, part: str) -> None:
    data = _load(version)
    source = (SOURCES / data["source"]).read_text(encoding="utf-8")
    haystack = normalise(_strip_source_furniture(source))
    if part == "items":
        texts = {item["id"]: item["text"] for _, item in criteria_items(data)}
    else:
        texts = {k["id"]: k["statement"] for k in data["key_criteria"]}
        texts |= {s["id"]: s["title"] for s in subcriteria(data)}
    assert [i for i, text in texts.items() if normalise(text) not in haystack] == []


# --- against the hand counts ------------------------------------------------------------


@pytest.mark.parametrize("version", COUNTED)
def test_hand_counted_table_is_consistent(version: str) -> None:
    facts = HAND_COUNTS[version]
    assert sum(sum(c.values()) for c in facts["counts"].values()) == facts["total"]


@pytest.mark.parametrize("version", COUNTED)
def test_counts_per_subcriterion_and_letter(version: str) -> None:
    data = _load(version)
    counts: dict[str, dict[str, int]] = {sub["id"]: {"B": 0, "D": 0, "G": 0} for sub in subcriteria(data)}
    for sub_id, item in criteria_items(data):
        counts[sub_id][item["id"].rsplit(".", 1)[1][0]] += 1
    assert counts == HAND_COUNTS[version]["counts"]
    assert len(criteria_items(data)) == HAND_COUNTS[version]["total"]


@pytest.mark.parametrize("version", COUNTED)
def test_conditions_and_checks(version: str) -> None:
    data = _load(version)
    conditional = {i["id"]: i["conditional"] for _, i in criteria_items(data) if "conditional" in i}
    assert conditional == HAND_COUNTS[version]["conditional"]
    checked = {i["id"]: [c["kind"] for c in i["checks"]] for _, i in criteria_items(data) if "checks" in i}
    assert checked == HAND_COUNTS[version]["checks"]


@pytest.mark.parametrize("version", [v for v in COUNTED if HAND_COUNTS[v].get("items_numbered_from_1_in_order")])
def test_numbered_contiguously_in_file_order(version: str) -> None:
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for sub_id, item in criteria_items(_load(version)):
        last = item["id"].rsplit(".", 1)[1]
        numbers[(sub_id, last[0])].append(int(last[1:]))
    assert {group: ns for group, ns in numbers.items() if ns != list(range(1, len(ns) + 1))} == {}


# --- a version against the one before it -------------------------------------------------


def _previous(version: str) -> dict[str, dict[str, Any]]:
    return _by_id(_load(_load(version)["previous"]))


@pytest.mark.parametrize("version", FOLLOWING)
def test_replaces_name_identifiers_of_the_previous_version(version: str) -> None:
    expected = HAND_COUNTS[version]["replaces"]
    links = {item["id"]: item["replaces"] for _, item in criteria_items(_load(version)) if "replaces" in item}
    assert links == expected
    previous = _previous(version)
    assert [old for olds in links.values() for old in olds if old not in previous] == []
    # a replacing item takes a new identifier, and says why in a comment
    assert [i for i in expected if i in previous] == []
    assert [i for i in expected if not _comment_before(version, i).strip()] == []


@pytest.mark.parametrize("version", FOLLOWING)
def test_kept_ids_not_replaced_elsewhere_unless_split(version: str) -> None:
    """An identifier shared with the previous version is the same criterion, so no other item
    may claim to replace it, except a split, which must say so in its comment."""
    items = _by_id(_load(version))
    for item_id, item in items.items():
        for old in item.get("replaces", []):
            if old in items and old != item_id:
                assert "split" in _comment_before(version, item_id).lower(), (item_id, old)


@pytest.mark.parametrize("version", FOLLOWING)
def test_every_previous_id_is_kept_replaced_or_removed(version: str) -> None:
    facts = HAND_COUNTS[version]
    current, previous = set(_by_id(_load(version))), set(_previous(version))
    replaced = {old for olds in facts["replaces"].values() for old in olds}
    assert previous - current - replaced == set(facts["removed"])
    assert current - previous == set(facts["new"]) | set(facts["replaces"])


def _group_and_number(item_id: str) -> tuple[str, int]:
    """("2.4.G", 5) for "2.4.G5": the (sub-criterion, letter) group and the number."""
    cut = item_id.rindex(".") + 2
    return item_id[:cut], int(item_id[cut:])


@pytest.mark.parametrize("version", FOLLOWING)
def test_new_numbers_follow_the_highest_previous_number(version: str) -> None:
    facts = HAND_COUNTS[version]
    highest: dict[str, int] = defaultdict(int)
    for old in _previous(version):
        group, number = _group_and_number(old)
        highest[group] = max(highest[group], number)
    added: dict[str, list[int]] = defaultdict(list)
    for new in set(facts["new"]) | set(facts["replaces"]):
        group, number = _group_and_number(new)
        added[group].append(number)
    for group, numbers in added.items():
        start = highest[group] + 1
        assert sorted(numbers) == list(range(start, start + len(numbers))), group


@pytest.mark.parametrize("version", FOLLOWING)
def test_shared_ids_keep_the_previous_rule_data(version: str) -> None:
    previous = _previous(version)
    differ = {
        item_id
        for item_id, item in _by_id(_load(version)).items()
        if item_id in previous and any(item.get(k) != previous[item_id].get(k) for k in RULE_KEYS)
    }
    assert differ == set(HAND_COUNTS[version]["rule_data_changed"])
    for item_id in differ:
        assert "rule data" in _comment_before(version, item_id).lower(), item_id


# --- what particular texts say (facts of one published version) ---------------------------


def test_2025_data_standards_item_is_new() -> None:
    item = _by_id(_load("2025"))["3.1.D1"]
    assert "Open Referral UK" in item["text"]
    assert "3.1.D1" not in _by_id(_load("2022"))
    assert "replaces" not in item
    assert "service_directory" in item["requires_kinds"]


def test_2025_merged_outcomes_go_further() -> None:
    merged = [
        item
        for sub_id, item in criteria_items(_load("2025"))
        if sub_id == "2.4" and item["id"].startswith("2.4.G") and len(item.get("replaces", [])) >= 2
    ]
    assert [m["id"] for m in merged] == ["2.4.G5"]
    assert "family help" in merged[0]["text"]


def test_2025_front_door() -> None:
    item = _by_id(_load("2025"))["1.2.B3"]
    assert "single or multi-agency ‘front door’" in item["text"]
    assert "Multi-Agency Safeguarding Hub" not in item["text"]


def test_sources_readme_names_every_source_and_the_licence() -> None:
    readme = (SOURCES / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in readme and "Crown copyright" in readme
    for version in VERSIONS:
        assert f"`{_load(version)['source']}`" in readme, version


#: a file beside the clone (the folder the criteria were once read from, or the original
#: contract), written in pieces so that this module does not name it itself
OUTSIDE = re.compile("|".join((r"\.\./" + "shared/", "shared/" + "seeds", "DESIGN" + r"\.md")))


def test_no_file_outside_the_repository_is_named() -> None:
    """A user's clone has nothing beside it: code, tests, docs and criteria name no file outside."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("src", "tests", "docs", "criteria", "benchmarks", "examples")
        for path in (root / folder).rglob("*")
        if path.is_file() and path.suffix in {".py", ".md", ".yaml", ".yml", ".txt", ".toml"}
        and OUTSIDE.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
