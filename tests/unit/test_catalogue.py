"""The criteria catalogue model: shipped files load; malformed ones fail at FILE:LINE:COL."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fhcheck.catalogue import LETTERS, CriteriaStore, default_criteria_dir, default_store
from fhcheck.errors import CriteriaError, UsageError
from helpers import CRITERIA, KNOWN_VERSIONS, VERSIONS

ID = re.compile(r"^[1-5]\.[1-6]\.[BDG][1-9][0-9]*$")


def test_versions_are_discovered_from_file_names() -> None:
    assert default_store().versions() == sorted(p.stem for p in CRITERIA.glob("[0-9][0-9][0-9][0-9].yaml"))
    assert default_store().versions()[:2] == ["2022", "2025"]


@pytest.mark.parametrize("version", VERSIONS)
def test_shipped_catalogue_shape(version: str) -> None:
    catalogue = default_store().get(version)
    assert list(catalogue.key_criteria) == ["1", "2", "3", "4", "5"]
    assert len(catalogue.subcriteria) == 20
    assert all(ID.match(item_id) for item_id in catalogue.items)
    areas = {key: catalogue.delivery_area_of(key) for key in catalogue.key_criteria}
    assert areas == {"1": "access", "2": "connection", "3": "connection", "4": "connection", "5": "relationships"}


@pytest.mark.parametrize("version", VERSIONS)
def test_numbering_is_in_framework_order_within_each_group(version: str) -> None:
    catalogue = default_store().get(version)
    for sub in catalogue.subcriteria.values():
        for letter in LETTERS:
            numbers = [int(i.id.rsplit(".", 1)[1][1:]) for i in sub.items if i.letter == letter]
            assert numbers == sorted(numbers), (sub.id, letter, numbers)


def test_every_replaces_link_resolves_and_kinds_are_known() -> None:
    store = default_store()
    new, old = store.get("2025"), store.get("2022")
    links = [(item.id, old_id) for item in new.iter_items() for old_id in item.replaces]
    assert links, "2025 declares replaces links"
    assert all(old_id in old.items for _, old_id in links)
    for version in store.versions():
        for item in store.get(version).iter_items():
            assert set(item.requires_kinds) <= set(store.kinds)


def test_levels_and_tiers_come_from_the_letter() -> None:
    catalogue = default_store().get("2022")
    assert (catalogue.items["1.1.B1"].level, catalogue.items["1.1.B1"].tier) == ("basic", "minimum")
    assert (catalogue.items["2.2.D8"].level, catalogue.items["2.2.D8"].tier) == ("developed", "minimum")
    assert (catalogue.items["2.5.G5"].level, catalogue.items["2.5.G5"].tier) == ("developed", "go_further")


def test_conditional_item_quotes_its_condition() -> None:
    assert default_store().get("2025").items["1.3.D3"].conditional == "in larger and rural areas"


def test_unknown_version_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match=f"unknown framework version '2030'; expected one of {KNOWN_VERSIONS}"):
        default_store().get("2030")


@pytest.fixture
def criteria_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "criteria"
    shutil.copytree(default_criteria_dir(), folder)
    return folder


def _break(folder: Path, version: str, old: str, new: str) -> None:
    path = folder / f"{version}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(folder: Path, version: str, fragment: str) -> int:
    lines = (folder / f"{version}.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


def test_duplicate_identifier_is_named_with_its_line(criteria_copy: Path) -> None:
    _break(criteria_copy, "2022", "- id: 1.1.B2", "- id: 1.1.B1")
    line = _line_of(criteria_copy, "2022", "- id: 1.1.B1")
    with pytest.raises(CriteriaError) as caught:
        CriteriaStore(criteria_copy).get("2022")
    second = [n for n, text in enumerate((criteria_copy / "2022.yaml").read_text().splitlines(), 1) if "- id: 1.1.B1" in text][1]
    assert f"2022.yaml:{second}:" in str(caught.value)
    assert f"duplicate identifier 1.1.B1 (first at line {line})" in str(caught.value)


def test_unknown_evidence_kind_is_named_with_its_line(criteria_copy: Path) -> None:
    _break(criteria_copy, "2022", "requires_kinds: [survey]", "requires_kinds: [gossip]")
    line = _line_of(criteria_copy, "2022", "requires_kinds: [gossip]")
    with pytest.raises(CriteriaError, match=rf"2022\.yaml:{line}:\d+: unknown evidence kind 'gossip'; expected one of publication"):
        CriteriaStore(criteria_copy).get("2022")


def test_replaces_link_to_an_identifier_the_older_version_lacks(criteria_copy: Path) -> None:
    text = (criteria_copy / "2025.yaml").read_text(encoding="utf-8")
    first = re.search(r"replaces: \[([0-9.BDG]+)", text)
    assert first is not None
    _break(criteria_copy, "2025", first.group(0), "replaces: [9.9.B9")
    line = _line_of(criteria_copy, "2025", "replaces: [9.9.B9")
    with pytest.raises(CriteriaError, match=rf"2025\.yaml:{line}:\d+: replaces 9\.9\.B9, which framework 2022 does not have"):
        CriteriaStore(criteria_copy).get("2025")


def test_links_are_checked_only_when_asked_for(criteria_copy: Path) -> None:
    """Assessing a 2025 file reads no 2022 criteria; diff, migrate and compare do, and see a break."""
    (criteria_copy / "2022.yaml").write_text("framework: [unclosed\n", encoding="utf-8")
    store = CriteriaStore(criteria_copy)
    assert len(store.get("2025", links=False).items) == 124
    with pytest.raises(CriteriaError, match=r"2022\.yaml:2:1: YAML syntax error"):
        store.get("2025")


def test_replaces_without_a_previous_version(criteria_copy: Path) -> None:
    text = (criteria_copy / "2025.yaml").read_text(encoding="utf-8")
    (criteria_copy / "2025.yaml").write_text(text.replace('previous: "2022"\n', ""), encoding="utf-8")
    line = next(n for n, row in enumerate(text.replace('previous: "2022"\n', "").splitlines(), 1) if "replaces: [" in row)
    with pytest.raises(CriteriaError, match=rf"2025\.yaml:{line}:\d+: replaces needs a 'previous' version to refer to"):
        CriteriaStore(criteria_copy).get("2025", links=False)


def test_malformed_identifier_and_unknown_key(criteria_copy: Path) -> None:
    _break(criteria_copy, "2022", "- id: 1.1.B1", "- id: 1.1.X1")
    _break(criteria_copy, "2022", "defaults:\n  freshness_months: 36", "defaults:\n  freshness_months: 36\n  colour: blue")
    with pytest.raises(CriteriaError) as caught:
        CriteriaStore(criteria_copy).get("2022")
    message = str(caught.value)
    assert "found identifier '1.1.X1'; expected <sub-criterion>.<B|D|G><n>" in message
    assert re.search(r"2022\.yaml:\d+:3: unknown key colour", message)


def test_file_name_and_framework_must_agree(criteria_copy: Path) -> None:
    shutil.copy(criteria_copy / "2022.yaml", criteria_copy / "2023.yaml")
    store = CriteriaStore(criteria_copy)
    assert store.versions() == sorted([*VERSIONS, "2023"])
    with pytest.raises(CriteriaError, match=r"2023\.yaml:\d+:\d+: found framework '2022'; expected '2023'"):
        store.get("2023")


def test_a_new_version_is_one_new_file(criteria_copy: Path) -> None:
    text = (criteria_copy / "2025.yaml").read_text(encoding="utf-8")
    text = text.replace('framework: "2025"', 'framework: "2027"').replace('previous: "2022"', 'previous: "2025"')
    text = re.sub(r"\n\s*replaces: \[[^\]]*\]", "", text)
    (criteria_copy / "2027.yaml").write_text(text, encoding="utf-8")
    store = CriteriaStore(criteria_copy)
    assert store.versions()[-1] == "2027"
    assert len(store.get("2027").items) == len(store.get("2025").items)
