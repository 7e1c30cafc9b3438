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

It is a pure function over parsed JSON; reading the file is :mod:`fhcheck.documents`'s job.

The package, one job a module: :mod:`~fhcheck.oruk.records` (the standard's words and the
records returned), :mod:`~fhcheck.oruk.pages` (which version, and the page header),
:mod:`~fhcheck.oruk.services` (one service's checks, completeness, ages and assurance),
:mod:`~fhcheck.oruk.schema` (HSDS-UK 3.0 services against the vendored schema); this module
reads the pages and services through them into one :class:`FeedAnalysis`.

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
from collections.abc import Sequence
from typing import Any

from fhcheck.describe import describe
from fhcheck.oruk.pages import VERSION_1 as VERSION_1
from fhcheck.oruk.pages import VERSION_3 as VERSION_3
from fhcheck.oruk.pages import _contents, _page_consistency, _page_header, _Version
from fhcheck.oruk.pages import detect as detect
from fhcheck.oruk.records import _ALL_FIELD_KEYS, _completeness
from fhcheck.oruk.records import AGES_0_19 as AGES_0_19
from fhcheck.oruk.records import AGES_0_25 as AGES_0_25
from fhcheck.oruk.records import CHILD_ARRAYS as CHILD_ARRAYS
from fhcheck.oruk.records import EITHER as EITHER
from fhcheck.oruk.records import FIELD_KEYS as FIELD_KEYS
from fhcheck.oruk.records import FIELDS as FIELDS
from fhcheck.oruk.records import MAX_SERVICES as MAX_SERVICES
from fhcheck.oruk.records import ORGANIZATION_REQUIRED as ORGANIZATION_REQUIRED
from fhcheck.oruk.records import PAGE_BOOLEANS as PAGE_BOOLEANS
from fhcheck.oruk.records import PAGE_INTEGERS as PAGE_INTEGERS
from fhcheck.oruk.records import SERVICE_REQUIRED as SERVICE_REQUIRED
from fhcheck.oruk.records import STANDARD as STANDARD
from fhcheck.oruk.records import STATUSES as STATUSES
from fhcheck.oruk.records import V1 as V1
from fhcheck.oruk.records import V1_ONLY as V1_ONLY
from fhcheck.oruk.records import V1_PAGE_BOOLEANS as V1_PAGE_BOOLEANS
from fhcheck.oruk.records import V1_PAGE_INTEGERS as V1_PAGE_INTEGERS
from fhcheck.oruk.records import V1_RULES as V1_RULES
from fhcheck.oruk.records import V3_ONLY as V3_ONLY
from fhcheck.oruk.records import Assurance as Assurance
from fhcheck.oruk.records import Completeness as Completeness
from fhcheck.oruk.records import FeedAnalysis as FeedAnalysis
from fhcheck.oruk.records import FeedProblem as FeedProblem
from fhcheck.oruk.records import unreadable as unreadable
from fhcheck.oruk.schema import _plainly_valid as _plainly_valid
from fhcheck.oruk.schema import _schema_problems, _service_schema
from fhcheck.oruk.schema import _service_validator as _service_validator
from fhcheck.oruk.services import V1_ARRAYS as V1_ARRAYS
from fhcheck.oruk.services import V1_TEXT as V1_TEXT
from fhcheck.oruk.services import (
    _age_span,
    _aggregate,
    _assurance,
    _check_service_v1,
    _check_service_v3,
    _common,
    _count_fields,
    _date_of,
)


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
            problems.append(FeedProblem(where, f"found {describe(service, json=True)}; expected a service object"))
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
