"""The framework's criteria, one validated catalogue per version file in ``criteria/``.

The criteria files alone say what each item needs (text, tier, evidence kinds, freshness,
conditions, links to the previous version, machine checks). This module validates them
with pydantic when they load and answers questions about them; it never evaluates evidence.
Versions are discovered from the file names, so a new framework version is one new file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from fhcheck.errors import CriteriaError, InputError, Location, Problem, UsageError
from fhcheck.load import Document, load
from fhcheck.validate import problems_from

if TYPE_CHECKING:
    from fhcheck.checks import Check

Level = Literal["basic", "developed"]
#: The funding streams an evidence file may name (its optional ``funding_stream`` key), with their titles.
FundingStream = Literal["transformation_fund", "start_for_life"]
FUNDING_STREAMS: dict[str, str] = {
    "transformation_fund": "Family Hubs Transformation Fund",
    "start_for_life": "Family Hubs and Start for Life programme",
}
Tier = Literal["minimum", "go_further"]

#: What each identifier letter means: (level, tier). The single source of that mapping.
LETTERS: dict[str, tuple[Level, Tier]] = {
    "B": ("basic", "minimum"),
    "D": ("developed", "minimum"),
    "G": ("developed", "go_further"),
}
ITEM_ID = re.compile(r"^([1-9])\.([1-9][0-9]?)\.([BDG])([1-9][0-9]*)$")
VERSION_FILE = re.compile(r"^[0-9]{4}(?:[.-][0-9A-Za-z]+)*$")
KINDS_FILE = "evidence-kinds.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(_Frozen):
    """One bullet of the framework: a minimum expectation or a 'go further' option."""

    id: str
    text: str = Field(min_length=1)
    requires_kinds: tuple[str, ...] = ()
    freshness_months: int | None = Field(default=None, ge=1, le=240)
    conditional: str | None = Field(default=None, min_length=1)
    replaces: tuple[str, ...] = ()
    checks: tuple[dict[str, Any], ...] = ()
    #: a reviewer's signed statement that this rewording of the previous version's item asks
    #: for the same evidence; ``diff`` then classes it editorial and ``migrate`` keeps the entry
    meaning_unchanged: bool = False
    meaning_unchanged_reason: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"^[^\n]+$")

    @model_validator(mode="after")
    def _reason_with_declaration(self) -> Item:
        if self.meaning_unchanged and not self.meaning_unchanged_reason:
            raise ValueError(
                "found meaning_unchanged: true without meaning_unchanged_reason; expected a one-line reason"
            )
        if self.meaning_unchanged_reason and not self.meaning_unchanged:
            raise ValueError("found meaning_unchanged_reason without meaning_unchanged: true; expected both or neither")
        return self

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ITEM_ID.match(value):
            raise ValueError(f"found identifier {value!r}; expected <sub-criterion>.<B|D|G><n>, e.g. 1.1.B1")
        return value

    @property
    def letter(self) -> str:
        return self.id.rsplit(".", 1)[1][0]

    @property
    def level(self) -> Level:
        return LETTERS[self.letter][0]

    @property
    def tier(self) -> Tier:
        return LETTERS[self.letter][1]

    @property
    def subcriterion(self) -> str:
        return self.id.rsplit(".", 1)[0]

    @property
    def key_criterion(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def is_minimum(self) -> bool:
        return self.tier == "minimum"


class Subcriterion(_Frozen):
    id: str = Field(pattern=r"^[1-9]\.[1-9][0-9]?$")
    title: str = Field(min_length=1)
    items: tuple[Item, ...]

    @model_validator(mode="after")
    def _items_belong_here(self) -> Subcriterion:
        for index, item in enumerate(self.items):
            if item.subcriterion != self.id:
                raise ValueError(f"items.{index}: item {item.id} is listed under sub-criterion {self.id}")
        return self


class KeyCriterion(_Frozen):
    id: str = Field(pattern=r"^[1-9]$")
    statement: str = Field(min_length=1)
    subcriteria: tuple[Subcriterion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _subcriteria_belong_here(self) -> KeyCriterion:
        for sub in self.subcriteria:
            if sub.id.split(".")[0] != self.id:
                raise ValueError(f"sub-criterion {sub.id} is listed under key criterion {self.id}")
        return self


class DeliveryArea(_Frozen):
    id: Literal["access", "connection", "relationships"]
    title: str
    key_criteria: tuple[str, ...] = Field(min_length=1)


class Defaults(_Frozen):
    freshness_months: int = Field(default=36, ge=1, le=240)


class Deadline(_Frozen):
    """When a funding stream's authorities are expected to meet the minimum expectations, in the seed's words."""

    by: str = Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")  # a month: the deadline is its last day
    quote: str = Field(min_length=1)

    @property
    def last_day(self) -> dt.date:
        year, month = int(self.by[:4]), int(self.by[5:])
        first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)


class CriteriaFile(_Frozen):
    """The on-disk shape of ``criteria/<version>.yaml``."""

    framework: str
    title: str
    published: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$")
    source: str
    previous: str | None = None
    defaults: Defaults = Defaults()
    delivery_areas: tuple[DeliveryArea, ...]
    key_criteria: tuple[KeyCriterion, ...] = Field(min_length=1)
    #: funding stream -> when its authorities are expected to meet the minimum expectations
    deadlines: dict[FundingStream, Deadline] = Field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    """A validated framework version with indexes for look-ups."""

    version: str
    spec: CriteriaFile
    items: dict[str, Item]
    subcriteria: dict[str, Subcriterion]
    key_criteria: dict[str, KeyCriterion]
    kinds: dict[str, str]
    path: Path
    #: item id -> its machine checks with their parameters, validated once when the file loads
    checks: dict[str, tuple[tuple[Check[Any], BaseModel], ...]] = dataclasses.field(default_factory=dict)
    #: key criterion id -> the delivery area it belongs to
    areas: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def previous(self) -> str | None:
        return self.spec.previous

    def freshness_months(self, item: Item) -> int:
        return item.freshness_months or self.spec.defaults.freshness_months

    def delivery_area_of(self, key_id: str) -> str:
        return self.areas[key_id]  # every key criterion has one: guaranteed by validation

    def checks_of(self, item: Item) -> tuple[tuple[Check[Any], BaseModel], ...]:
        """The item's machine checks, each with its validated parameters."""
        return self.checks.get(item.id, ())

    def iter_items(self) -> Iterator[Item]:
        return iter(self.items.values())


class CriteriaStore:
    """The criteria files in one folder; each version is validated once, then reused."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def versions(self) -> list[str]:
        """Every version with a file here, oldest first."""
        if not self.directory.is_dir():
            raise CriteriaError(f"{self.directory}: criteria folder not found; expected the criteria/ folder")
        return sorted(p.stem for p in self.directory.glob("*.yaml") if VERSION_FILE.match(p.stem))

    @functools.cached_property
    def kinds(self) -> dict[str, str]:
        """The controlled vocabulary: evidence kind -> one-line description."""
        path = self.directory / KINDS_FILE
        doc = _load_criteria_yaml(path)
        try:
            vocab = _KindsFile.model_validate(doc.data)
        except ValidationError as exc:
            raise CriteriaError(_messages(problems_from(exc, doc))) from None
        return dict(vocab.kinds)

    def get(self, version: str, *, links: bool = True) -> Catalogue:
        """The catalogue of ``version``; an unknown version is a usage error listing the known ones.

        ``links=False`` skips checking the ``previous``/``replaces`` links against the older
        version's file: assessing evidence never follows them, and loading and validating a
        second criteria file cost every one-file run ~12 ms (a few percent). Whatever
        follows the links (diff, migrate, compare, ``criteria``) asks for them checked.
        """
        catalogue, _ = self._own(str(version))
        if links:
            self._check_links(catalogue.version)
        return catalogue

    @functools.cache  # noqa: B019 - a store lives as long as the process
    def _own(self, version: str) -> tuple[Catalogue, Document]:
        known = self.versions()
        if version not in known:
            raise UsageError(f"unknown framework version {version!r}; expected one of {', '.join(known)}")
        return self._build(version)

    @functools.cache  # noqa: B019
    def _check_links(self, version: str) -> None:
        catalogue, doc = self._own(version)
        problems = _link_problems(catalogue.spec, version, doc, self)
        if problems:
            raise CriteriaError(_messages(problems))

    def _build(self, version: str) -> tuple[Catalogue, Document]:
        path = self.directory / f"{version}.yaml"
        doc = _load_criteria_yaml(path)
        try:
            spec = CriteriaFile.model_validate(doc.data)
        except ValidationError as exc:
            raise CriteriaError(_messages(problems_from(exc, doc))) from None
        problems = _consistency_problems(spec, version, doc, self)
        if problems:
            raise CriteriaError(_messages(problems))
        items = {item.id: item for key in spec.key_criteria for sub in key.subcriteria for item in sub.items}
        subs = {sub.id: sub for key in spec.key_criteria for sub in key.subcriteria}
        keys = {key.id: key for key in spec.key_criteria}
        areas: dict[str, str] = {key_id: area.id for area in spec.delivery_areas for key_id in area.key_criteria}
        checks = {item.id: _checks(item) for item in items.values() if item.checks}
        return Catalogue(version, spec, items, subs, keys, self.kinds, path, checks, areas), doc

    def versions_with(self, item_id: str) -> list[str]:
        """The versions in which an identifier exists (for 'exists only in 2022' messages)."""
        return [v for v in self.versions() if item_id in self.get(v, links=False).items]


class _KindsFile(_Frozen):
    kinds: dict[str, str] = Field(min_length=1)

    @field_validator("kinds")
    @classmethod
    def _names(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"found kind name {name!r}; expected lower_snake_case")
        return value


def _load_criteria_yaml(path: Path) -> Document:
    try:
        return load(path)
    except InputError as exc:
        raise CriteriaError(str(exc)) from None


def _messages(problems: list[Problem]) -> str:
    return "\n".join(f"{p} (criteria file)" for p in problems)


def _consistency_problems(spec: CriteriaFile, version: str, doc: Document, store: CriteriaStore) -> list[Problem]:
    """Checks that span the whole file (or two files), which field validators cannot see."""
    problems: list[Problem] = []
    if spec.framework != version:
        problems.append(
            Problem(
                doc.where(("framework",)), f"found framework {spec.framework!r}; expected {version!r} (the file name)"
            )
        )
    ids = [k.id for k in spec.key_criteria]
    if sorted(set(ids)) != ids:
        problems.append(
            Problem(doc.where(("key_criteria",)), f"found key criteria {ids}; expected unique ids in order")
        )
    covered = sorted(k for area in spec.delivery_areas for k in area.key_criteria)
    if covered != sorted(ids):
        problems.append(
            Problem(
                doc.where(("delivery_areas",)),
                f"delivery areas cover key criteria {covered}; expected each of {ids} exactly once",
            )
        )
    seen: dict[str, Location] = {}
    for path, item in _item_paths(spec):
        here = doc.where((*path, "id"))
        if item.id in seen:
            problems.append(Problem(here, f"duplicate identifier {item.id} (first at line {seen[item.id].line})"))
        seen[item.id] = here
        for j, kind in enumerate(item.requires_kinds):
            if kind not in store.kinds:
                problems.append(
                    Problem(
                        doc.where((*path, "requires_kinds", j)),
                        f"unknown evidence kind {kind!r}; expected one of {', '.join(store.kinds)}",
                    )
                )
        if spec.previous is None:
            problems.extend(
                Problem(doc.where((*path, "replaces", j)), "replaces needs a 'previous' version to refer to")
                for j in range(len(item.replaces))
            )
        problems.extend(_check_specs(item, doc, path))
    return problems


def _item_paths(spec: CriteriaFile) -> Iterator[tuple[tuple[Any, ...], Item]]:
    """Every item with its key path in the file (for locating problems)."""
    for k, key in enumerate(spec.key_criteria):
        for s, sub in enumerate(key.subcriteria):
            for i, item in enumerate(sub.items):
                yield ("key_criteria", k, "subcriteria", s, "items", i), item


def _link_problems(spec: CriteriaFile, version: str, doc: Document, store: CriteriaStore) -> list[Problem]:
    """The ``previous`` version exists and is another file, and every ``replaces`` names one of its items."""
    if spec.previous is None:
        return []
    if spec.previous not in store.versions() or spec.previous == version:
        return [
            Problem(doc.where(("previous",)), f"found previous version {spec.previous!r}; expected an older version")
        ]
    previous = store.get(spec.previous)
    declared = [
        Problem(
            doc.where((*path, "meaning_unchanged")),
            f"found meaning_unchanged on {item.id}, which is not a rewording of one {previous.version} item; "
            f"expected it only on an item that keeps a {previous.version} identifier or replaces exactly one",
        )
        for path, item in _item_paths(spec)
        if item.meaning_unchanged and item.id not in previous.items and len(item.replaces) != 1
    ]
    return declared + [
        Problem(
            doc.where((*path, "replaces", j)),
            f"replaces {old}, which framework {previous.version} does not have; "
            f"expected an identifier of {previous.version}",
        )
        for path, item in _item_paths(spec)
        for j, old in enumerate(item.replaces)
        if old not in previous.items
    ]


def _check_specs(item: Item, doc: Document, path: tuple[Any, ...]) -> list[Problem]:
    """Machine checks are validated against their kind's parameter model when the file loads."""
    from fhcheck.rules import CHECKS

    problems: list[Problem] = []
    for j, spec in enumerate(item.checks):
        kind = spec.get("kind")
        where = doc.where((*path, "checks", j))
        if kind not in CHECKS:
            problems.append(
                Problem(where, f"unknown check kind {kind!r}; expected one of {', '.join(CHECKS) or '(none)'}")
            )
            continue
        params = {k: v for k, v in spec.items() if k != "kind"}
        try:
            CHECKS[kind].params.model_validate(params)
        except ValidationError as exc:
            problems.extend(problems_from(exc, doc, prefix=(*path, "checks", j)))
    return problems


def _checks(item: Item) -> tuple[tuple[Check[Any], BaseModel], ...]:
    """An item's checks with their parameters (already known to be valid: see _check_specs)."""
    from fhcheck.rules import CHECKS

    return tuple(
        (
            CHECKS[spec["kind"]],
            CHECKS[spec["kind"]].params.model_validate({k: v for k, v in spec.items() if k != "kind"}),
        )
        for spec in item.checks
    )


def default_criteria_dir() -> Path:
    """Inside an installed wheel the criteria travel as package data; in a checkout they sit at the root."""
    packaged = Path(__file__).resolve().parent / "criteria"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "criteria"


@functools.lru_cache(maxsize=1)
def default_store() -> CriteriaStore:
    return CriteriaStore(default_criteria_dir())
