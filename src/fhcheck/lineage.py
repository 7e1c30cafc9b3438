"""Following ``replaces`` links between framework versions, in one place.

A criteria file names the version it follows (``previous``) and, item by item, the earlier
identifiers each item stands for (``replaces``); an item also stands for the earlier item
of its own identifier, when there is one (docs/contract.md: an identifier is never reused
for a different criterion). Comparing assessments across versions, the framework diff and
an identifier's history all read the links through these functions, so they agree on what
a link is. The checks that the links name real items live where criteria files are
validated (:mod:`fhcheck.catalogue`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fhcheck.catalogue import Catalogue, CriteriaStore


def step_links(before: Catalogue, after: Catalogue) -> dict[str, frozenset[str]]:
    """Each identifier of ``after`` -> the identifiers of ``before`` it stands for (one step)."""
    links: dict[str, frozenset[str]] = {}
    for item in after.iter_items():
        olds = set(item.replaces)
        if item.id in before.items:
            olds.add(item.id)
        links[item.id] = frozenset(olds)
    return links


def chain(store: CriteriaStore, earlier: str, later: str) -> list[str]:
    """The versions from ``later`` back to ``earlier`` along ``previous`` links, both included.

    Versions not on one ``previous`` chain are a usage error: there is no link to follow.
    """
    from fhcheck.errors import UsageError

    versions = [later]
    while versions[-1] != earlier:
        previous = store.get(versions[-1]).previous
        if previous is None or previous in versions:
            raise UsageError(
                f"framework {later} does not follow {earlier} through 'previous' links; expected two versions "
                "of one line of criteria files"
            )
        versions.append(previous)
    return versions


def links_between(store: CriteriaStore, old_version: str, new_version: str) -> dict[str, frozenset[str]]:
    """new identifier -> the old identifiers it stands for (itself, and what it ``replaces``).

    Works in either direction: when the "old" version is the later framework, the links of
    the later catalogue are inverted. Versions further apart are composed one ``previous``
    step at a time.
    """
    if old_version == new_version:
        return {item_id: frozenset({item_id}) for item_id in store.get(new_version).items}
    versions = store.versions()
    forward = versions.index(old_version) < versions.index(new_version)
    earlier, later = (old_version, new_version) if forward else (new_version, old_version)
    steps = chain(store, earlier, later)
    # later id -> earlier ids, composing each step from the latest backwards
    mapping: dict[str, frozenset[str]] = {i: frozenset({i}) for i in store.get(later).items}
    for newer, older in zip(steps, steps[1:], strict=False):
        step = step_links(store.get(older), store.get(newer))
        mapping = {i: frozenset(o for mid in mids for o in step.get(mid, ())) for i, mids in mapping.items()}
    if forward:
        return mapping
    inverted: dict[str, set[str]] = {i: set() for i in store.get(earlier).items}
    for later_id, earlier_ids in mapping.items():
        for earlier_id in earlier_ids:
            inverted.setdefault(earlier_id, set()).add(later_id)
    return {i: frozenset(olds) for i, olds in inverted.items()}


def successive(store: CriteriaStore, old: str, new: str) -> tuple[Catalogue, Catalogue]:
    """The two catalogues, when ``new`` directly follows ``old``: ``replaces`` links point one version back.

    The framework diff and migration work one step at a time; any other pair is a usage error
    naming the version that does follow ``old``.
    """
    from fhcheck.errors import UsageError

    before, after = store.get(old), store.get(new)
    if after.previous == before.version:
        return before, after
    versions = store.versions()
    following = [v for v in versions if store.get(v).previous == before.version]
    if before.version == after.version:
        found = f"found framework {old} twice"
    elif versions.index(after.version) < versions.index(before.version):
        raise UsageError(
            f"found framework {new}, which is older than {old}; expected the older version first ({new} {old})"
        )
    else:
        found = f"found framework {new}, which does not directly follow {old}"
    if following:
        expected = f"expected the version after {old}, {following[0]} (versions are compared one step at a time)"
    else:
        expected = f"expected a version after {old}, but {old} is the latest"
    raise UsageError(f"{found}; {expected}")


def successors(catalogue: Catalogue, item_id: str) -> list[str]:
    """The items of ``catalogue`` that name ``item_id`` (of its previous version) in ``replaces``."""
    return [item.id for item in catalogue.iter_items() if item_id in item.replaces]
