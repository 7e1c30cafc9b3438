"""The helpers ``compare`` is built from: item grouping and the change one linked group makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fhcheck.catalogue import Catalogue, CriteriaStore, default_store
from fhcheck.framework_diff import _group_change, _item_groups

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Catalogue]:
    """The two small versions of the migrate fixtures (every kind of change)."""
    folder = tmp_path_factory.mktemp("criteria")
    for name in ("2030.yaml", "2031.yaml"):
        shutil.copy(FIXTURES / "criteria" / name, folder / name)
    shutil.copy(default_store().directory / "evidence-kinds.yaml", folder / "evidence-kinds.yaml")
    store = CriteriaStore(folder)
    return store.get("2030"), store.get("2031")


def test_item_groups_link_identity_and_replaces(versions: tuple[Catalogue, Catalogue]) -> None:
    old, new = versions
    groups, members = _item_groups(old, new)
    merged = sorted(members[groups.find(("new", "2.1.D3"))])
    assert merged == [("new", "2.1.D3"), ("old", "2.1.D1"), ("old", "2.1.D2")]
    assert sorted(members[groups.find(("old", "1.1.G1"))]) == [("old", "1.1.G1")]
    assert sorted(members[groups.find(("new", "1.2.D1"))]) == [("new", "1.2.D1"), ("old", "1.2.B1")]


def test_an_unchanged_pair_makes_no_change(versions: tuple[Catalogue, Catalogue]) -> None:
    old, new = versions
    same = next(i for i in new.items if i in old.items and old.items[i].text == new.items[i].text)
    assert _group_change(old, new, [same], [same]) is None


def test_group_change_kinds(versions: tuple[Catalogue, Catalogue]) -> None:
    old, new = versions
    added = _group_change(old, new, [], ["1.1.B3"])
    assert added is not None and (added.change, added.old, added.new) == ("added", (), ("1.1.B3",))
    assert added.new_texts == (new.items["1.1.B3"].text,)
    moved = _group_change(old, new, ["1.2.B1"], ["1.2.D1"])
    assert moved is not None and (moved.change, moved.editorial, moved.identifier_changed) == ("reworded", True, True)
    split = _group_change(old, new, ["1.2.B2"], ["1.2.B3", "1.2.B4"])
    assert split is not None and (split.change, split.old_texts) == ("split", (old.items["1.2.B2"].text,))
    merged = _group_change(old, new, ["2.1.D1", "2.1.D2"], ["2.1.D3"])
    assert merged is not None and (merged.change, merged.new) == ("merged", ("2.1.D3",))


def test_a_recut_to_as_many_items_is_a_split(versions: tuple[Catalogue, Catalogue]) -> None:
    old, new = versions
    recut = _group_change(old, new, ["2.1.D1", "2.1.D2"], ["1.2.B3", "1.2.B4"])
    assert recut is not None and recut.change == "split"
