"""The one place ``replaces`` links are followed: compare, diff and history read them here."""

from __future__ import annotations

import pytest

from fhcheck.catalogue import default_store
from fhcheck.criteria_view import history
from fhcheck.errors import UsageError
from fhcheck.framework_diff import diff_versions
from fhcheck.lineage import chain, links_between, step_links, successive, successors

STORE = default_store()
LINKED = [v for v in STORE.versions() if STORE.get(v).previous is not None]


@pytest.mark.parametrize("version", LINKED)
def test_a_step_is_the_same_identifier_plus_what_the_item_replaces(version: str) -> None:
    after = STORE.get(version)
    before = STORE.get(after.previous or "")
    links = step_links(before, after)
    assert set(links) == set(after.items)
    for item in after.iter_items():
        expected = set(item.replaces) | ({item.id} if item.id in before.items else set())
        assert links[item.id] == frozenset(expected)


@pytest.mark.parametrize("version", LINKED)
def test_every_merge_and_split_of_the_diff_is_a_link(version: str) -> None:
    after = STORE.get(version)
    before = STORE.get(after.previous or "")
    links = step_links(before, after)
    for change in diff_versions(before, after).changes:
        if change.change in ("merged", "split"):
            for new_id in change.new:
                assert links[new_id] <= set(change.old)
                assert links[new_id]


@pytest.mark.parametrize("version", LINKED)
def test_links_invert_going_back(version: str) -> None:
    earlier = STORE.get(version).previous or ""
    forward = links_between(STORE, earlier, version)
    backward = links_between(STORE, version, earlier)
    for new_id, olds in forward.items():
        for old_id in olds:
            assert new_id in backward[old_id]


def test_a_version_chains_to_itself_and_back_through_previous() -> None:
    latest = STORE.versions()[-1]
    assert chain(STORE, latest, latest) == [latest]
    for version in LINKED:
        assert chain(STORE, STORE.get(version).previous or "", version) == [version, STORE.get(version).previous]


def test_versions_not_on_one_chain_are_a_usage_error() -> None:
    first = STORE.versions()[0]
    latest = STORE.versions()[-1]
    with pytest.raises(UsageError, match="does not follow"):
        chain(STORE, latest, first)  # the first version follows nothing


def test_history_names_the_successors_lineage_finds() -> None:
    version = LINKED[-1]
    catalogue = STORE.get(version)
    merged = next(item for item in catalogue.iter_items() if len(item.replaces) > 1)
    old_id = merged.replaces[0]
    assert merged.id in successors(catalogue, old_id)
    assert f"{version}: replaced by {', '.join(successors(catalogue, old_id))}" in history(STORE, old_id)


@pytest.mark.parametrize("version", LINKED)
def test_successive_gives_the_pair_one_step_apart_and_refuses_the_reverse(version: str) -> None:
    earlier = STORE.get(version).previous or ""
    before, after = successive(STORE, earlier, version)
    assert (before.version, after.version) == (earlier, version)
    with pytest.raises(UsageError, match=f"found framework {earlier}, which is older than {version}"):
        successive(STORE, version, earlier)
    with pytest.raises(UsageError, match=f"found framework {version} twice"):
        successive(STORE, version, version)
