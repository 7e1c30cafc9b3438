"""Open Referral UK: what a saved ``/services`` response says about a service directory.

Item 3.1.D1 of the 2025 framework asks for data standards "such as the Open Referral UK
data standard". An evidence entry of kind ``service_directory`` may cite a saved copy of a
directory's ``/services`` response (a JSON file in the evidence repository); this module
analyses the parsed JSON, offline, and reports

- conformance problems, each at a JSON path such as ``$.contents[3].name``: the page shape
  the standard defines and the fields it requires of every service;
- warnings: inconsistencies that do not break the shape (``size`` that is not the number
  of services in the page, identifiers that are not UUIDs, ...);
- completeness: the share of services that carry what family hubs need to signpost
  families (contacts, locations, eligibility, age range, taxonomy).

It is a pure function over parsed JSON; reading the file is :mod:`fhcheck.references`'s job.

Specification followed — Open Referral UK 3.0, the UK profile of HSDS 3.0 (read from the
published sources, not fetched at run time):

- Page shape: HSDS 3.0 API reference, "Lists" (openreferral/specification,
  ``docs/hsds/api_reference.md``, commit 125f253e): endpoints returning lists, such as
  ``/services``, "must be paginated", and the response "must include" ``total_items``,
  ``total_pages``, ``page_number``, ``size``, ``first_page``, ``last_page`` and ``empty``,
  followed by the array of entities (``contents``). Types from the ``Page`` schema of the
  UK profile's OpenAPI document (OpenReferralUK/uk-profile ``schema/openapi.json``,
  ``info.version`` "3.0", commit 6eee0e49): the first four integers, the last three
  Booleans; ``size`` is "the number of entities in the current page".
- Service: ``/services`` items are ``schema/compiled/service_list.json`` (same commit):
  required ``id``, ``name``, ``status``, ``url`` (also in ``schema/service.json`` and, via
  ``allOf``, in ``schema/compiled/service.json``, commit bc932046); ``status`` one of
  active, inactive, defunct, temporarily closed; ``id`` has format uuid and "each service
  must have a unique identifier". A nested ``organization`` requires ``id``, ``name``,
  ``description``. Items of ``contacts``, ``service_at_locations`` and ``attributes``
  require ``id`` (compiled ``service.json``; the standalone ``contact.json`` at commit
  6eee0e49 also lists ``url``, which is not a contact property, so it is not enforced).
  A list response "need not contain arrays of child entities (e.g. service contacts)", so
  absent child arrays are a completeness matter, never a conformance problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

STANDARD = "Open Referral UK 3.0"
PAGE_INTEGERS: dict[str, str] = {
    "total_items": "the total number of services",
    "total_pages": "the total number of pages",
    "page_number": "the number of this page",
    "size": "the number of services in this page",
}
PAGE_BOOLEANS: dict[str, str] = {
    "first_page": "whether this is the first page",
    "last_page": "whether this is the last page",
    "empty": "whether the result set is empty",
}
SERVICE_REQUIRED: dict[str, str] = {
    "id": "identifier",
    "name": "name",
    "status": "status",
    "url": "web address",
}
STATUSES: tuple[str, ...] = ("active", "inactive", "defunct", "temporarily closed")
ORGANIZATION_REQUIRED: tuple[str, ...] = ("id", "name", "description")
CHILD_ARRAYS: tuple[str, ...] = ("contacts", "service_at_locations", "attributes")

#: The fields family hubs need, in report order, with what counts as present.
FIELDS: dict[str, str] = {
    "contacts": "an email, or a contact or phone entry",
    "locations": "at least one service_at_locations entry",
    "eligibility": "eligibility_description, or an attribute whose link_type is eligibility",
    "age_range": "minimum_age or maximum_age",
    "taxonomy": "at least one attribute with a taxonomy term",
}

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_ABSOLUTE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class FeedProblem:
    """One finding at a JSON path of the feed."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Completeness:
    """How many of the page's services carry one field family hubs need."""

    field: str
    present: int
    total: int

    @property
    def percent(self) -> float | None:
        """None for a page without services: there is nothing to be complete."""
        return None if self.total == 0 else round(100 * self.present / self.total, 1)

    def __str__(self) -> str:
        percent = self.percent
        shown = "n/a" if percent is None else f"{percent:g}%"
        return f"{self.field} {shown} ({self.present}/{self.total})"


@dataclass(frozen=True)
class FeedAnalysis:
    """What a saved ``/services`` response says: conformance, warnings and completeness."""

    problems: tuple[FeedProblem, ...]
    warnings: tuple[FeedProblem, ...]
    services: int
    completeness: tuple[Completeness, ...]
    total_items: int | None = None
    page_number: int | None = None
    total_pages: int | None = None
    standard: str = STANDARD

    @property
    def conforms(self) -> bool:
        return not self.problems

    def completeness_of(self, field: str) -> Completeness:
        for entry in self.completeness:
            if entry.field == field:
                return entry
        raise KeyError(field)

    def summary(self) -> str:
        """One line for reasons and headers."""
        verdict = (
            f"conforms to {self.standard}"
            if self.conforms
            else f"does not conform to {self.standard} ({len(self.problems)} problems)"
        )
        fields = ", ".join(str(c) for c in self.completeness)
        return f"{verdict}; {self.services} services; completeness: {fields}"


def unreadable(message: str) -> FeedAnalysis:
    """The analysis of a feed that could not be read or parsed: one problem at the root."""
    return FeedAnalysis((FeedProblem("$", message),), (), 0, _completeness({}, 0))


def describe(value: Any) -> str:
    """A JSON value as messages name it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown) if value else "an empty string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__  # pragma: no cover - json.loads yields nothing else


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def analyse_feed(data: Any) -> FeedAnalysis:
    """Conformance problems, warnings and completeness of a parsed ``/services`` response."""
    if not isinstance(data, dict):
        hint = (
            " (a bare array of services is not the paginated response the standard defines)"
            if isinstance(data, list)
            else ""
        )
        return FeedAnalysis(
            (FeedProblem("$", f"found {describe(data)}{hint}; expected an {STANDARD} page: an object with "
                         f"{', '.join([*PAGE_INTEGERS, *PAGE_BOOLEANS])} and contents"),),
            (),
            0,
            _completeness({}, 0),
        )
    problems: list[FeedProblem] = []
    warnings: list[FeedProblem] = []
    page = _page_header(data, problems)
    services = _contents(data, problems)
    counts = dict.fromkeys(FIELDS, 0)
    seen_ids: dict[str, int] = {}
    not_uuid: list[str] = []
    not_url: list[str] = []
    for index, service in enumerate(services):
        where = f"$.contents[{index}]"
        if not isinstance(service, dict):
            problems.append(FeedProblem(where, f"found {describe(service)}; expected a service object"))
            continue
        _check_service(service, where, index, problems, warnings, seen_ids, not_uuid, not_url)
        _count_fields(service, counts)
    _aggregate(warnings, not_uuid, "service id is not a UUID (the standard gives id the uuid format)")
    _aggregate(warnings, not_url, "service url is not an absolute web address (http:// or https://)")
    _page_consistency(page, len(services), problems, warnings)
    return FeedAnalysis(
        tuple(problems),
        tuple(warnings),
        len(services),
        _completeness(counts, sum(isinstance(s, dict) for s in services)),
        total_items=page.get("total_items"),
        page_number=page.get("page_number"),
        total_pages=page.get("total_pages"),
    )


def _page_header(data: dict[str, Any], problems: list[FeedProblem]) -> dict[str, Any]:
    """The pagination properties every list response must include, type-checked."""
    page: dict[str, Any] = {}
    for key, meaning in PAGE_INTEGERS.items():
        if key not in data:
            problems.append(FeedProblem(f"$.{key}", f"missing; expected a whole number, {meaning} (every "
                                        f"{STANDARD} list response is paginated)"))
        elif not _is_int(data[key]) or data[key] < 0:
            problems.append(FeedProblem(f"$.{key}", f"found {describe(data[key])}; expected a whole number "
                                        f"0 or more, {meaning}"))
        else:
            page[key] = data[key]
    for key, meaning in PAGE_BOOLEANS.items():
        if key not in data:
            problems.append(FeedProblem(f"$.{key}", f"missing; expected true or false, {meaning} (every "
                                        f"{STANDARD} list response is paginated)"))
        elif not isinstance(data[key], bool):
            problems.append(FeedProblem(f"$.{key}", f"found {describe(data[key])}; expected true or false, {meaning}"))
        else:
            page[key] = data[key]
    return page


def _contents(data: dict[str, Any], problems: list[FeedProblem]) -> list[Any]:
    if "contents" not in data:
        problems.append(FeedProblem("$.contents", "missing; expected the array of services in this page"))
        return []
    contents = data["contents"]
    if not isinstance(contents, list):
        problems.append(FeedProblem("$.contents", f"found {describe(contents)}; expected the array of services"))
        return []
    return contents


def _check_service(
    service: dict[str, Any],
    where: str,
    index: int,
    problems: list[FeedProblem],
    warnings: list[FeedProblem],
    seen_ids: dict[str, int],
    not_uuid: list[str],
    not_url: list[str],
) -> None:
    for key, label in SERVICE_REQUIRED.items():
        value = service.get(key)
        if value is None:
            problems.append(FeedProblem(f"{where}.{key}", f"missing; expected the service's {label} "
                                        f"(required by {STANDARD})"))
        elif not _text(value):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(value)}; expected the service's "
                                        f"{label} as non-empty text"))
    status = service.get("status")
    if _text(status) and status not in STATUSES:
        problems.append(FeedProblem(f"{where}.status", f"found {describe(status)}; expected one of "
                                    f"{', '.join(STATUSES)}"))
    service_id = service.get("id")
    if _text(service_id):
        first = seen_ids.setdefault(service_id, index)
        if first != index:
            problems.append(FeedProblem(f"{where}.id", f"duplicate service id {service_id!r} (first at "
                                        f"$.contents[{first}]); expected a unique identifier per service"))
        if not _UUID.match(service_id):
            not_uuid.append(f"{where}.id")
    url = service.get("url")
    if _text(url) and not _ABSOLUTE_URL.match(url):
        not_url.append(f"{where}.url")
    organization = service.get("organization")
    if organization is not None:
        if not isinstance(organization, dict):
            problems.append(FeedProblem(f"{where}.organization", f"found {describe(organization)}; expected an "
                                        "organization object"))
        else:
            for key in ORGANIZATION_REQUIRED:
                if not _text(organization.get(key)):
                    problems.append(FeedProblem(f"{where}.organization.{key}", _required(organization.get(key),
                                                f"the organization's {key}")))
    for key in CHILD_ARRAYS:
        children = service.get(key)
        if children is None:
            continue
        if not isinstance(children, list):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(children)}; expected an array"))
            continue
        for number, child in enumerate(children):
            if not isinstance(child, dict):
                problems.append(FeedProblem(f"{where}.{key}[{number}]", f"found {describe(child)}; expected an object"))
            elif not _text(child.get("id")):
                problems.append(FeedProblem(f"{where}.{key}[{number}].id", _required(child.get("id"), "its identifier")))
    ages = {}
    for key in ("minimum_age", "maximum_age"):
        value = service.get(key)
        if value is None:
            continue
        if not _is_number(value):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(value)}; expected a number of years"))
        else:
            ages[key] = value
    if len(ages) == 2 and ages["minimum_age"] > ages["maximum_age"]:
        warnings.append(FeedProblem(f"{where}.minimum_age", f"minimum_age {ages['minimum_age']:g} is above "
                                    f"maximum_age {ages['maximum_age']:g}"))


def _required(value: Any, label: str) -> str:
    if value is None:
        return f"missing; expected {label} (required by {STANDARD})"
    return f"found {describe(value)}; expected {label} as non-empty text"


def _count_fields(service: dict[str, Any], counts: dict[str, int]) -> None:
    attributes = [a for a in _items(service.get("attributes")) if isinstance(a, dict)]
    if _text(service.get("email")) or _items(service.get("contacts")) or _items(service.get("phones")):
        counts["contacts"] += 1
    if _items(service.get("service_at_locations")):
        counts["locations"] += 1
    if _text(service.get("eligibility_description")) or any(
        isinstance(a.get("link_type"), str) and "eligib" in a["link_type"].lower() for a in attributes
    ):
        counts["eligibility"] += 1
    if _is_number(service.get("minimum_age")) or _is_number(service.get("maximum_age")):
        counts["age_range"] += 1
    if any(isinstance(a.get("taxonomy_term"), dict) or _text(a.get("taxonomy_term_id")) for a in attributes):
        counts["taxonomy"] += 1


def _completeness(counts: dict[str, int], total: int) -> tuple[Completeness, ...]:
    return tuple(Completeness(field, counts.get(field, 0), total) for field in FIELDS)


def _aggregate(warnings: list[FeedProblem], paths: Iterable[str], what: str) -> None:
    """One warning for a pattern across services, so a large feed does not bury the report."""
    paths = list(paths)
    if paths:
        count = "1 service" if len(paths) == 1 else f"{len(paths)} services, the first here"
        warnings.append(FeedProblem(paths[0], f"{what}: {count}"))


def _page_consistency(page: dict[str, Any], count: int, problems: list[FeedProblem], warnings: list[FeedProblem]) -> None:
    """The header must describe the page it heads; contradictions are problems, oddities warnings."""
    empty = page.get("empty")
    if empty is True and count > 0:
        problems.append(FeedProblem("$.empty", f"found true, but contents holds {count} services; expected false"))
    if empty is False and count == 0 and page.get("total_items", 0) == 0:
        problems.append(FeedProblem("$.empty", "found false, but there are no services; expected true"))
    total_items = page.get("total_items")
    if total_items is not None and total_items < count:
        problems.append(FeedProblem("$.total_items", f"found {total_items}, fewer than the {count} services in "
                                    "contents; expected the total number of services"))
    total_pages, number = page.get("total_pages"), page.get("page_number")
    if total_pages and number is not None and number > total_pages:
        problems.append(FeedProblem("$.page_number", f"found page {number} of {total_pages}; expected a page "
                                    "number within total_pages"))
    size = page.get("size")
    if size is not None and size != count:
        warnings.append(FeedProblem("$.size", f"found {size}, but contents holds {count} services (the standard "
                                    "defines size as the number of services in this page)"))
    if total_items is not None and total_items > count:
        where = f"page {number} of {total_pages}" if number is not None and total_pages else "one page"
        warnings.append(FeedProblem("$", f"this copy is {where}: {count} of {total_items} services; conformance "
                                    "and completeness cover these services only"))
