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

Two versions of the standard are read, and the analysis names the one it found and why:

- **Open Referral UK 1.0** (the initial version, which most English local authorities'
  directories serve and the ORUK validator and dashboard check): Spring-style pages
  ``totalElements``, ``totalPages``, ``number``, ``size``, ``first``, ``last``, ``content``;
  services carry ``assured_date``, ``attending_type``, ``deliverable_type``, ``eligibilitys``,
  ``regular_schedules``, ``service_taxonomys``... Checked (see :data:`V1_RULES`): the page's
  integers and Booleans, ``id`` and ``name`` on every service, ``status`` one of the four
  statuses, ``url``/``email``/``assured_date`` shapes, a nested ``organization`` with
  ``id`` and ``name``.
- **HSDS-UK 3.0** (the profile consulted on in 2024): pages ``total_items``... ``contents``;
  each service validated with ``jsonschema`` against the profile's compiled
  ``service_list.json`` (vendored in ``fhcheck/oruk_schemas`` with its licence).

Saved copies come as one page, a bare array of services (concatenated ``content``
arrays), or several pages; :func:`analyse_pages` reads several as one directory.

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

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeGuard

STANDARD = "Open Referral UK 3.0"
V1 = "Open Referral UK 1.0"
EITHER = "Open Referral UK 1.0 or 3.0"
#: more services than any directory holds; with the 32 MB file limit, 335 bytes a service
MAX_SERVICES = 100_000
V1_PAGE_INTEGERS: dict[str, str] = {
    "totalElements": "the total number of services",
    "totalPages": "the total number of pages",
    "number": "the number of this page",
    "size": "the page size",
}
V1_PAGE_BOOLEANS: dict[str, str] = {"first": "whether this is the first page", "last": "whether this is the last page"}
#: Service fields only ORUK 1.0 uses: a bare array carrying one of them is 1.0
V1_ONLY: tuple[str, ...] = (
    "attending_type", "attending_access", "deliverable_type", "eligibilitys", "regular_schedules",
    "holiday_schedules", "service_taxonomys", "service_areas_v1", "cost_options_v1",
)
#: ...and fields only HSDS-UK 3.0 uses
V3_ONLY: tuple[str, ...] = ("organization_id", "attributes", "schedules", "assurer_email", "last_modified", "alert")
#: The ORUK 1.0 rules fhcheck applies to each service (docs/programmes-and-directories.md says where from)
V1_RULES: tuple[str, ...] = (
    "id: required, non-empty text, unique in the feed",
    "name: required, non-empty text",
    "status: if given, one of active, inactive, defunct, temporarily closed",
    "url, email, description, attending_type, deliverable_type: if given, text",
    "assured_date: if given, a date (YYYY-MM-DD, optionally with a time)",
    "organization: if given, an object with id and name",
    "contacts, service_at_locations, eligibilitys, regular_schedules, service_taxonomys: if given, arrays of objects",
)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>|&(?:[a-zA-Z]+|#\d+);")
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
    "eligibility": "eligibility_description, an eligibilitys entry (1.0), or an eligibility attribute (3.0)",
    "age_range": "minimum_age or maximum_age (on the service, or an eligibilitys entry in 1.0)",
    "opening_times": "a schedules entry (3.0), or regular_schedules / holiday_schedules (1.0)",
    "taxonomy": "an attribute with a taxonomy term (3.0), or a service_taxonomys entry (1.0)",
    "description": "a non-empty description",
}
#: the keys that carry each field; a feed where no service has any of them is a list
#: response that does not show the field, which is not the same as the field missing
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "contacts": ("email", "contacts", "phones"),
    "locations": ("service_at_locations",),
    "eligibility": ("eligibility_description", "eligibilitys", "attributes"),
    "age_range": ("minimum_age", "maximum_age", "eligibilitys"),
    "opening_times": ("schedules", "regular_schedules", "holiday_schedules"),
    "taxonomy": ("attributes", "service_taxonomys"),
    "description": ("description",),
}
#: 1.6.D1: services for children and young people aged 0 to 19, or up to 25 with SEND
AGES_0_19 = range(0, 20)
AGES_0_25 = range(0, 26)

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_ABSOLUTE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


class FeedProblem(NamedTuple):
    """One finding at a JSON path of the feed (a NamedTuple: a broken feed makes many)."""

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
    #: False when no service carries any key of the field: a list response need not show it
    shown: bool = True

    @property
    def percent(self) -> float | None:
        """None for a page without services, or a field the list does not show."""
        return None if self.total == 0 or not self.shown else round(100 * self.present / self.total, 1)

    def __str__(self) -> str:
        if not self.shown and self.total:
            return f"{self.field} not shown in this list response"
        percent = self.percent
        shown = "n/a" if percent is None else f"{percent:g}%"
        return f"{self.field} {shown} ({self.present}/{self.total})"


@dataclass(frozen=True)
class Assurance:
    """How recently records were assured (``assured_date``), counted from the assessment date."""

    within_3_months: int
    within_12_months: int
    dated: int
    total: int

    def __str__(self) -> str:
        if not self.total:
            return "assured: n/a"
        return (f"assured within 3 months {self._share(self.within_3_months)}, within 12 months "
                f"{self._share(self.within_12_months)} ({self.dated}/{self.total} dated)")

    def _share(self, count: int) -> str:
        return f"{round(100 * count / self.total, 1):g}%"


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
    #: why the analysis took the feed for this version, and the shape it was saved in
    detected: str = ""
    shape: str = "one page"
    assurance: Assurance | None = None
    #: the ages 0-25 that no service's age range covers (1.6.D1: 0-19, or 0-25 with SEND)
    ages_uncovered: tuple[int, ...] = ()
    #: False when no service states an age range, so coverage cannot be judged
    ages_stated: bool = False

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

    def age_coverage(self) -> str:
        """Whether the services' age ranges together cover 0-19 and 0-25 (1.6.D1)."""
        if not self.ages_stated:
            return "age coverage: no service states an age range"
        gaps = set(self.ages_uncovered)
        first = "covered" if not gaps & set(AGES_0_19) else "gaps at " + _ranges(sorted(gaps & set(AGES_0_19)))
        send = "covered" if not gaps else "gaps at " + _ranges(sorted(gaps))
        return f"age coverage: 0-19 {first}; 0-25 (with SEND) {send}"


def _ranges(ages: list[int]) -> str:
    parts: list[str] = []
    start = prev = ages[0]
    for age in [*ages[1:], -2]:
        if age != prev + 1:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = age
        prev = age
    return ", ".join(parts)


def unreadable(message: str) -> FeedAnalysis:
    """The analysis of a feed that could not be read or parsed: one problem at the root."""
    return FeedAnalysis((FeedProblem("$", message),), (), 0, _completeness({}, 0, set()))


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


class _Version(NamedTuple):
    """One version's page shape: where the services are and what the header must hold."""

    standard: str
    contents: str
    integers: dict[str, str]
    booleans: dict[str, str]
    total: str
    number: str
    pages: str
    empty: str | None


VERSION_3 = _Version(STANDARD, "contents", PAGE_INTEGERS, PAGE_BOOLEANS, "total_items", "page_number",
                     "total_pages", "empty")
VERSION_1 = _Version(V1, "content", V1_PAGE_INTEGERS, V1_PAGE_BOOLEANS, "totalElements", "number", "totalPages",
                     None)


def detect(data: Any) -> tuple[_Version, str] | str:
    """The version a parsed feed follows and why; else what was found, for the refusal."""
    if isinstance(data, dict):
        v3 = [k for k in ("contents", *PAGE_INTEGERS, "first_page", "last_page") if k in data]
        v1 = [k for k in ("content", *V1_PAGE_INTEGERS, *V1_PAGE_BOOLEANS) if k in data and k != "size"]
        if v3 and len(v3) >= len(v1):
            return VERSION_3, f"an HSDS-UK 3.0 page (it has {', '.join(v3[:4])})"
        if v1:
            return VERSION_1, f"an Open Referral UK 1.0 page (it has {', '.join(v1[:4])})"
        keys = ", ".join(sorted(str(k) for k in data)[:8]) or "no keys"
        return (f"found an object with {keys}; expected a saved /services response: an {V1} page (totalElements, "
                f"totalPages, number, size, first, last, content), an HSDS-UK 3.0 page (total_items, total_pages, "
                f"page_number, size, first_page, last_page, empty, contents) or a bare array of services")
    if isinstance(data, list):
        services = [s for s in data if isinstance(s, dict)]
        v1 = sorted({k for s in services for k in V1_ONLY if k in s})
        v3 = sorted({k for s in services for k in V3_ONLY if k in s})
        if v3 and not v1:
            return VERSION_3, f"a bare array of HSDS-UK 3.0 services (they carry {', '.join(v3[:3])})"
        if v1:
            return VERSION_1, f"a bare array of {V1} services (they carry {', '.join(v1[:3])})"
        if services and not v3:
            return VERSION_1, (f"a bare array of services with no field only one version uses; read as {V1}, "
                               "whose saved exports are concatenated content arrays")
        return f"found {describe(data)} holding no service objects; expected a bare array of services"
    return (f"found {describe(data)}; expected a saved /services response: an {V1} or HSDS-UK 3.0 page, or a "
            "bare array of services")


def analyse_feed(data: Any, assessed_on: dt.date | None = None) -> FeedAnalysis:
    """Conformance problems, warnings and completeness of one parsed ``/services`` response."""
    return analyse_pages([("", data)], assessed_on)


def analyse_pages(pages: Sequence[tuple[str, Any]], assessed_on: dt.date | None = None) -> FeedAnalysis:
    """Several saved pages (or arrays) of one directory, analysed as one feed.

    Each page is named by its label (a file name; '' for a single feed) in the paths of
    what is found in it. Every page must follow the same version.
    """
    problems: list[FeedProblem] = []
    warnings: list[FeedProblem] = []
    version: _Version | None = None
    detected = ""
    services: list[tuple[str, Any]] = []
    headers: list[dict[str, Any]] = []
    shapes: set[str] = set()
    for label, data in pages:
        root = f"{label}$" if label else "$"
        found = detect(data)
        if isinstance(found, str):
            problems.append(FeedProblem(root, found))
            continue
        page_version, why = found
        if version is None:
            version, detected = page_version, why
        elif page_version is not version:
            problems.append(FeedProblem(root, f"found {why}; expected every page in {version.standard}, as the first"))
            continue
        if isinstance(data, list):
            shapes.add("a bare array of services")
            services.extend((f"{root}[{i}]", s) for i, s in enumerate(data))
            continue
        shapes.add("one page")
        page = _page_header(data, problems, page_version, root)
        contents = _contents(data, problems, page_version, root)
        _page_consistency(page, len(contents), problems, warnings, page_version, root, single=len(pages) == 1)
        headers.append(page)
        services.extend((f"{root}.{page_version.contents}[{i}]", s) for i, s in enumerate(contents))
    if version is None:
        return FeedAnalysis(tuple(problems), (), 0, _completeness({}, 0, set()), standard=EITHER,
                            detected="neither version")
    if len(services) > MAX_SERVICES:
        problem = FeedProblem("$", f"found {len(services):,} services; expected at most {MAX_SERVICES:,} (the "
                              "largest English directories list some thousands; a feed of more is not a "
                              "saved /services response fhcheck can judge)")
        return FeedAnalysis((problem,), (), len(services), _completeness({}, 0, set()), standard=version.standard,
                            detected=detected)
    if len(pages) == 1:
        shape = " and ".join(sorted(shapes))
    elif shapes == {"one page"}:
        shape = f"{len(pages)} page files"
    else:
        shape = f"{len(pages)} files ({' and '.join(sorted(shapes))})"
    return _analyse_services(version, detected, shape, services, headers, problems, warnings, assessed_on)


def _analyse_services(
    version: _Version,
    detected: str,
    shape: str,
    services: list[tuple[str, Any]],
    headers: list[dict[str, Any]],
    problems: list[FeedProblem],
    warnings: list[FeedProblem],
    assessed_on: dt.date | None,
) -> FeedAnalysis:
    counts = dict.fromkeys(FIELDS, 0)
    carried: set[str] = set()
    seen_ids: dict[str, str] = {}
    patterns: dict[str, list[str]] = {}
    schema = _service_schema() if version is VERSION_3 else None
    assured: list[dt.date] = []
    ages = [0] * 26
    ages_stated = False
    objects = 0
    for where, service in services:
        if not isinstance(service, dict):
            problems.append(FeedProblem(where, f"found {describe(service)}; expected a service object"))
            continue
        objects += 1
        carried.update(service.keys() & _ALL_FIELD_KEYS)
        found: list[FeedProblem] = []
        if schema is not None:
            _schema_problems(schema, service, where, found)
            _check_service_v3(service, where, found, warnings)
        else:
            _check_service_v1(service, where, found)
        _common(service, where, found, seen_ids, patterns)
        problems.extend(sorted(found, key=lambda p: p.path))  # one service's findings in field order
        _count_fields(service, counts)
        day = _date_of(service.get("assured_date"))
        if day is not None:
            assured.append(day)
        span = _age_span(service)
        if span is not None:
            ages_stated = True
            low, high = span
            for age in range(max(0, low), min(25, high) + 1):
                ages[age] += 1
    for what, paths in patterns.items():
        _aggregate(warnings, paths, what)
    shown = {field for field, keys in FIELD_KEYS.items() if carried & set(keys)}
    first = headers[0] if headers else {}
    return FeedAnalysis(
        tuple(problems),
        tuple(warnings),
        len(services),
        _completeness(counts, objects, shown),
        total_items=first.get(version.total),
        page_number=first.get(version.number) if len(headers) == 1 else None,
        total_pages=first.get(version.pages),
        standard=version.standard,
        detected=detected,
        shape=shape,
        assurance=_assurance(assured, objects, assessed_on),
        ages_uncovered=tuple(age for age, n in enumerate(ages) if n == 0) if ages_stated else (),
        ages_stated=ages_stated,
    )


_ALL_FIELD_KEYS = frozenset(k for keys in FIELD_KEYS.values() for k in keys)


def _assurance(days: list[dt.date], total: int, assessed_on: dt.date | None) -> Assurance | None:
    if assessed_on is None:
        return None
    from fhcheck.dates import months_before

    three, twelve = months_before(assessed_on, 3), months_before(assessed_on, 12)
    return Assurance(
        sum(three <= d <= assessed_on for d in days), sum(twelve <= d <= assessed_on for d in days), len(days), total
    )


def _date_of(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _age_span(service: dict[str, Any]) -> tuple[int, int] | None:
    """The ages a service states it serves: its own minimum/maximum, or its 1.0 eligibilitys."""
    spans = [service, *(e for e in _items(service.get("eligibilitys")) if isinstance(e, dict))]
    lows = [e["minimum_age"] for e in spans if _is_number(e.get("minimum_age"))]
    highs = [e["maximum_age"] for e in spans if _is_number(e.get("maximum_age"))]
    if not lows and not highs:
        return None
    low = int(min(lows)) if lows else 0
    high = int(max(highs)) if highs and max(highs) > 0 else 25
    return (low, high) if abs(low) < 1000 and abs(high) < 1000 else None


def _service_schema() -> dict[str, Any]:
    """The compiled HSDS-UK 3.0 ``service_list`` schema (vendored), read once per process."""
    global _SCHEMA
    if _SCHEMA is None:
        import json
        from importlib.resources import files

        _SCHEMA = json.loads(files("fhcheck").joinpath("oruk_schemas", "service_list.json").read_text("utf-8"))
    return _SCHEMA


def _service_validator() -> Any:
    """A jsonschema validator of :func:`_service_schema`, built (and jsonschema imported) only
    when a service needs its problems worded."""
    global _VALIDATOR
    if _VALIDATOR is None:
        from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

        _VALIDATOR = Draft202012Validator(_service_schema())
    return _VALIDATOR


_SCHEMA: dict[str, Any] | None = None
_VALIDATOR: Any = None


#: JSON Schema keywords :func:`_plainly_valid` evaluates; any other validation keyword in the
#: vendored schema sends every service to jsonschema
_QUICK_KEYWORDS = frozenset({"type", "properties", "required", "enum", "items"})
#: keywords that only annotate (the compiled schema carries Frictionless table metadata) or
#: that the validator is not asked to assert (format: no format checker; ids get a warning)
_ANNOTATIONS = frozenset({"name", "title", "description", "example", "examples", "core", "constraints", "path",
                          "datapackage_metadata", "datapackage_type", "tabular_required", "format", "$schema", "$id",
                          "default", "order"})
_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "number": (int, float), "integer": (int,),
                                       "object": (dict,), "array": (list,), "boolean": (bool,)}


def _plainly_valid(schema: dict[str, Any], value: Any) -> bool:
    """True only when ``value`` certainly satisfies ``schema``; False means "ask jsonschema".

    A speed-up, not a second validator: it reads the same vendored schema, evaluates only the
    keywords in :data:`_QUICK_KEYWORDS`, and defers anything else (or any doubt) to jsonschema,
    which alone words the problems. An 800-service 3.0 feed goes from ~0.3 s to ~10 ms.
    """
    for keyword in schema:
        if keyword not in _QUICK_KEYWORDS and keyword not in _ANNOTATIONS:
            return False
    kind = schema.get("type")
    if kind is not None:
        kinds = _TYPES.get(kind) if isinstance(kind, str) else None
        if kinds is None or isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            return False
        if kind == "integer" and isinstance(value, float):
            return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, dict):
        if any(key not in value for key in schema.get("required", ())):
            return False
        for key, sub in schema.get("properties", {}).items():
            if key in value and not _plainly_valid(sub, value[key]):
                return False
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return all(_plainly_valid(schema["items"], item) for item in value)
    return True


def _schema_problems(schema: dict[str, Any], service: dict[str, Any], where: str, problems: list[FeedProblem]) -> None:
    """The schema's findings as located messages: 'missing; expected ...', 'found ...; expected ...'."""
    if _plainly_valid(schema, service):
        return
    validator = _service_validator()
    reported: set[str] = set()
    for error in validator.iter_errors(service):
        path = where + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        if path in reported and error.validator != "required":
            continue  # null status: "expected text" says it; "one of ..." would say it twice
        reported.add(path)
        if error.validator == "required":
            key = str(error.message).split("'")[1] if "'" in str(error.message) else "?"
            owner = "organization's" if path.endswith(".organization") else "service's"
            label = SERVICE_REQUIRED.get(key, key) if owner == "service's" else key
            problems.append(FeedProblem(f"{path}.{key}", f"missing; expected the {owner} {label} (required by "
                                        f"{STANDARD})"))
        elif error.validator == "enum":
            problems.append(FeedProblem(path, f"found {describe(error.instance)}; expected one of "
                                        f"{', '.join(str(v) for v in error.validator_value)}"))
        elif error.validator == "type":
            expected = _a(error.validator_value)
            problems.append(FeedProblem(path, f"found {describe(error.instance)}; expected {expected}"))
        else:
            problems.append(FeedProblem(path, f"found {describe(error.instance)}; expected {error.message}"))


def _a(kind: Any) -> str:
    names: dict[str, str] = {"string": "text", "number": "a number", "integer": "a whole number", "object": "an object",
             "array": "an array", "boolean": "true or false"}
    kinds = [str(k) for k in (kind if isinstance(kind, list) else [kind])]
    return " or ".join(names.get(k, k) for k in kinds)


def _page_header(data: dict[str, Any], problems: list[FeedProblem], version: _Version, root: str) -> dict[str, Any]:
    """The pagination properties every list response of the version must include, type-checked."""
    page: dict[str, Any] = {}
    booleans = dict(version.booleans)
    if version.empty is not None:
        booleans[version.empty] = "whether the result set is empty"
    for key, meaning in version.integers.items():
        if key not in data:
            problems.append(FeedProblem(f"{root}.{key}", f"missing; expected a whole number, {meaning} (every "
                                        f"{version.standard} list response is paginated)"))
        elif not _is_int(data[key]) or data[key] < 0:
            problems.append(FeedProblem(f"{root}.{key}", f"found {describe(data[key])}; expected a whole number "
                                        f"0 or more, {meaning}"))
        else:
            page[key] = data[key]
    for key, meaning in booleans.items():
        if key not in data:
            problems.append(FeedProblem(f"{root}.{key}", f"missing; expected true or false, {meaning} (every "
                                        f"{version.standard} list response is paginated)"))
        elif not isinstance(data[key], bool):
            problems.append(FeedProblem(f"{root}.{key}", f"found {describe(data[key])}; expected true or false, "
                                        f"{meaning}"))
        else:
            page[key] = data[key]
    return page


def _contents(data: dict[str, Any], problems: list[FeedProblem], version: _Version, root: str) -> list[Any]:
    key = version.contents
    if key not in data:
        problems.append(FeedProblem(f"{root}.{key}", "missing; expected the array of services in this page"))
        return []
    contents = data[key]
    if not isinstance(contents, list):
        problems.append(FeedProblem(f"{root}.{key}", f"found {describe(contents)}; expected the array of services"))
        return []
    return contents


def _check_service_v3(
    service: dict[str, Any], where: str, problems: list[FeedProblem], warnings: list[FeedProblem]
) -> None:
    """What the list schema does not say: child arrays' ids (compiled service.json) and age order."""
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
                problems.append(FeedProblem(f"{where}.{key}[{number}].id",
                                            _required(child.get("id"), "its identifier")))
    low, high = service.get("minimum_age"), service.get("maximum_age")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        warnings.append(FeedProblem(f"{where}.minimum_age", f"minimum_age {low:g} is above maximum_age {high:g}"))


V1_TEXT: tuple[str, ...] = ("url", "email", "description", "attending_type", "attending_access", "deliverable_type")
V1_ARRAYS: tuple[str, ...] = ("contacts", "service_at_locations", "eligibilitys", "regular_schedules",
                              "service_taxonomys")


def _check_service_v1(service: dict[str, Any], where: str, problems: list[FeedProblem]) -> None:
    """The ORUK 1.0 rules of :data:`V1_RULES`."""
    for key in ("id", "name"):
        if service.get(key) is None:
            problems.append(FeedProblem(f"{where}.{key}", f"missing; expected the service's {SERVICE_REQUIRED[key]} "
                                        f"(required by {V1})"))
    status = service.get("status")
    if status is not None and status not in STATUSES:
        problems.append(FeedProblem(f"{where}.status", f"found {describe(status)}; expected one of "
                                    f"{', '.join(STATUSES)}"))
    for key in V1_TEXT:
        value = service.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(value)}; expected text"))
    assured = service.get("assured_date")
    if assured is not None and _date_of(assured) is None:
        problems.append(FeedProblem(f"{where}.assured_date", f"found {describe(assured)}; expected a date "
                                    "YYYY-MM-DD"))
    organization = service.get("organization")
    if organization is not None:
        if not isinstance(organization, dict):
            problems.append(FeedProblem(f"{where}.organization", f"found {describe(organization)}; expected an "
                                        "organization object"))
        else:
            for key in ("id", "name"):
                if not _text(organization.get(key)):
                    problems.append(FeedProblem(f"{where}.organization.{key}", _required(
                        organization.get(key), f"the organization's {key}", V1)))
    for key in V1_ARRAYS:
        children = service.get(key)
        if children is not None and (not isinstance(children, list) or not all(isinstance(c, dict) for c in children)):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(children)}; expected an array of objects"))


def _common(
    service: dict[str, Any], where: str, problems: list[FeedProblem], seen_ids: dict[str, str],
    patterns: dict[str, list[str]],
) -> None:
    """Both versions: non-empty names, unique ids, UUIDs, web addresses, HTML left in text."""
    for key in ("id", "name"):
        value = service.get(key)
        if value is not None and not _text(value):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(value)}; expected the service's "
                                        f"{SERVICE_REQUIRED[key]} as non-empty text"))
    service_id = service.get("id")
    if _text(service_id):
        first = seen_ids.setdefault(service_id, where)
        if first != where:
            problems.append(FeedProblem(f"{where}.id", f"duplicate service id {service_id!r} (first at "
                                        f"{first}); expected a unique identifier per service"))
        if not _UUID.match(service_id):
            patterns.setdefault("service id is not a UUID (the standard gives id the uuid format)", []).append(
                f"{where}.id")
    url = service.get("url")
    if _text(url) and not _ABSOLUTE_URL.match(url):
        patterns.setdefault("service url is not an absolute web address (http:// or https://)", []).append(
            f"{where}.url")
    if "description" in service and not _text(service.get("description")):
        patterns.setdefault("service description is empty", []).append(f"{where}.description")
    for key in ("name", "description"):
        value = service.get(key)
        if isinstance(value, str) and _HTML.search(value):
            patterns.setdefault(f"HTML left in the service {key} (families see the tags)", []).append(
                f"{where}.{key}")


def _required(value: Any, label: str, standard: str = STANDARD) -> str:
    if value is None:
        return f"missing; expected {label} (required by {standard})"
    return f"found {describe(value)}; expected {label} as non-empty text"


def _count_fields(service: dict[str, Any], counts: dict[str, int]) -> None:
    attributes = [a for a in _items(service.get("attributes")) if isinstance(a, dict)]
    eligibilitys = [e for e in _items(service.get("eligibilitys")) if isinstance(e, dict)]
    if _text(service.get("email")) or _items(service.get("contacts")) or _items(service.get("phones")):
        counts["contacts"] += 1
    if _items(service.get("service_at_locations")):
        counts["locations"] += 1
    if _text(service.get("eligibility_description")) or eligibilitys or any(
        isinstance(a.get("link_type"), str) and "eligib" in a["link_type"].lower() for a in attributes
    ):
        counts["eligibility"] += 1
    if _age_span(service) is not None:
        counts["age_range"] += 1
    if _items(service.get("schedules")) or _items(service.get("regular_schedules")) or _items(
        service.get("holiday_schedules")
    ):
        counts["opening_times"] += 1
    if _items(service.get("service_taxonomys")) or any(
        isinstance(a.get("taxonomy_term"), dict) or _text(a.get("taxonomy_term_id")) for a in attributes
    ):
        counts["taxonomy"] += 1
    if _text(service.get("description")):
        counts["description"] += 1


def _completeness(counts: dict[str, int], total: int, shown: set[str]) -> tuple[Completeness, ...]:
    return tuple(Completeness(field, counts.get(field, 0), total, field in shown) for field in FIELDS)


def _aggregate(warnings: list[FeedProblem], paths: Iterable[str], what: str) -> None:
    """One warning for a pattern across services, so a large feed does not bury the report."""
    paths = list(paths)
    if paths:
        count = "1 service" if len(paths) == 1 else f"{len(paths)} services, the first here"
        warnings.append(FeedProblem(paths[0], f"{what}: {count}"))


def _page_consistency(
    page: dict[str, Any], count: int, problems: list[FeedProblem], warnings: list[FeedProblem], version: _Version,
    root: str, single: bool = True,
) -> None:
    """The header must describe the page it heads; contradictions are problems, oddities warnings."""
    empty = page.get(version.empty) if version.empty else None
    total_key, number_key, pages_key = version.total, version.number, version.pages
    if empty is True and count > 0:
        problems.append(FeedProblem(f"{root}.empty", f"found true, but contents holds {count} services; "
                                    "expected false"))
    if empty is False and count == 0 and page.get(total_key, 0) == 0:
        problems.append(FeedProblem(f"{root}.empty", "found false, but there are no services; expected true"))
    total_items = page.get(total_key)
    if total_items is not None and total_items < count:
        problems.append(FeedProblem(f"{root}.{total_key}", f"found {total_items}, fewer than the {count} services "
                                    f"in {version.contents}; expected the total number of services"))
    total_pages, number = page.get(pages_key), page.get(number_key)
    # Spring pages count from 0; HSDS-UK pages from 1
    last_number = total_pages - 1 if version is VERSION_1 and total_pages else total_pages
    if total_pages and number is not None and last_number is not None and number > last_number:
        problems.append(FeedProblem(f"{root}.{number_key}", f"found page {number} of {total_pages}; expected a page "
                                    f"number within {pages_key}"))
    size = page.get("size")
    if version is VERSION_3 and size is not None and size != count:
        warnings.append(FeedProblem(f"{root}.size", f"found {size}, but contents holds {count} services (the "
                                    "standard defines size as the number of services in this page)"))
    if single and total_items is not None and total_items > count:
        shown = number + 1 if version is VERSION_1 and number is not None else number
        where = f"page {shown} of {total_pages}" if shown is not None and total_pages else "one page"
        warnings.append(FeedProblem(root, f"this copy is {where}: {count} of {total_items} services; conformance "
                                    "and completeness cover these services only"))
