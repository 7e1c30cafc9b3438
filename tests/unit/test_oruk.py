"""Open Referral UK feeds: conformance with JSON paths, completeness, reading, and the check."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.checks import CheckContext
from fhcheck.checks.service_directory import ServiceDirectoryParams, service_directory_entry, service_directory_notes
from fhcheck.errors import InputError, Location
from fhcheck.jsonfeed import read_feed
from fhcheck.oruk import FIELDS, FeedAnalysis, analyse_feed, analyse_pages, unreadable
from fhcheck.results import FileResult
from fhcheck.rules import CHECKS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "oruk"
PAGE = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def problems(analysis: FeedAnalysis) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in analysis.problems]


def completeness(analysis: FeedAnalysis) -> dict[str, tuple[int, int, float | None]]:
    return {c.field: (c.present, c.total, c.percent) for c in analysis.completeness}


def service(index: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=index + 1)),
        "name": f"Service {index}",
        "url": f"https://familyhubs.example.gov.uk/services/{index}",
        "status": "active",
        **extra,
    }


def page(services: list[Any], **header: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "total_items": len(services), "total_pages": 1 if services else 0, "page_number": 1, "size": len(services),
        "first_page": True, "last_page": True, "empty": not services,
    }
    base.update(header)
    return {**base, "contents": services}


# --- conformance -------------------------------------------------------------------------------


def test_a_conforming_feed_has_no_problems_and_reports_completeness() -> None:
    analysis = analyse_feed(fixture("conforming.json"))
    assert analysis.conforms and problems(analysis) == [] and analysis.warnings == ()
    assert (analysis.services, analysis.total_items, analysis.page_number, analysis.total_pages) == (4, 4, 1, 1)
    assert completeness(analysis) == {
        "contacts": (2, 4, 50.0),
        "locations": (2, 4, 50.0),
        "eligibility": (1, 4, 25.0),
        "age_range": (2, 4, 50.0),
        "opening_times": (0, 4, None),
        "taxonomy": (2, 4, 50.0),
        "description": (1, 4, 25.0),
    }
    assert analysis.summary() == (
        "conforms to Open Referral UK 3.0; 4 services; completeness: contacts 50% (2/4), locations 50% (2/4), "
        "eligibility 25% (1/4), age_range 50% (2/4), opening_times not shown in this list response, taxonomy 50% "
        "(2/4), description 25% (1/4)"
    )
    assert analysis.detected == "an HSDS-UK 3.0 page (it has contents, total_items, total_pages, page_number)"


def test_missing_required_fields_are_reported_at_their_paths() -> None:
    analysis = analyse_feed(fixture("missing-required.json"))
    # The vendored service_list schema (uk-profile ecdfabf) requires id, name, status; url is optional there.
    assert problems(analysis) == [
        ("$.contents[1].name", "found an empty string; expected the service's name as non-empty text"),
        ("$.contents[1].status", "found 'open'; expected one of active, inactive, defunct, temporarily closed"),
        ("$.contents[2].id", "missing; expected the service's identifier (required by Open Referral UK 3.0)"),
        ("$.contents[2].organization.description",
         "missing; expected the organization's description (required by Open Referral UK 3.0)"),
        ("$.contents[2].status", "found null; expected text"),
    ]
    assert not analysis.conforms


def test_a_bare_array_of_services_is_read_as_a_saved_export() -> None:
    """Saved ORUK copies are often the concatenated content arrays (issue 18)."""
    analysis = analyse_feed(fixture("not-paginated.json"))
    assert problems(analysis) == [] and analysis.services == 1
    assert (analysis.standard, analysis.shape) == ("Open Referral UK 1.0", "a bare array of services")
    assert analysis.detected == ("a bare array of services with no field only one version uses; read as Open "
                                 "Referral UK 1.0, whose saved exports are concatenated content arrays")


def test_an_object_without_the_page_header_is_not_paginated() -> None:
    analysis = analyse_feed({"contents": [service(0)]})
    assert [path for path, _ in problems(analysis)] == [f"$.{key}" for key in PAGE]
    assert problems(analysis)[0] == (
        "$.total_items",
        "missing; expected a whole number, the total number of services (every Open Referral UK 3.0 list response "
        "is paginated)",
    )
    assert analysis.services == 1  # the services are still analysed


def test_services_under_another_key_are_not_contents() -> None:
    data = page([]) | {"items": [service(0)]}
    del data["contents"]
    assert problems(analyse_feed(data)) == [("$.contents", "missing; expected the array of services in this page")]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("total_items", "4", "found '4'; expected a whole number 0 or more, the total number of services"),
        ("size", True, "found true; expected a whole number 0 or more, the number of services in this page"),
        ("page_number", -1, "found the number -1; expected a whole number 0 or more, the number of this page"),
        ("total_pages", 1.5, "found the number 1.5; expected a whole number 0 or more, the total number of pages"),
        ("empty", "false", "found 'false'; expected true or false, whether the result set is empty"),
        ("first_page", 1, "found the number 1; expected true or false, whether this is the first page"),
    ],
)
def test_page_header_types(key: str, value: Any, message: str) -> None:
    data = page([service(0)])
    data[key] = value
    assert problems(analyse_feed(data)) == [(f"$.{key}", message)]


def test_an_empty_feed_conforms_and_has_nothing_to_be_complete() -> None:
    analysis = analyse_feed(fixture("empty.json"))
    assert analysis.conforms and analysis.services == 0
    assert {c.field: c.percent for c in analysis.completeness} == dict.fromkeys(FIELDS)
    assert "contacts n/a (0/0)" in analysis.summary()


def test_the_empty_flag_must_match_the_contents() -> None:
    assert problems(analyse_feed(page([service(0)], empty=True))) == [
        ("$.empty", "found true, but contents holds 1 services; expected false")
    ]
    assert problems(analyse_feed(page([], empty=False))) == [
        ("$.empty", "found false, but there are no services; expected true")
    ]


def test_header_contradictions() -> None:
    assert problems(analyse_feed(page([service(0), service(1)], total_items=1, size=2))) == [
        ("$.total_items", "found 1, fewer than the 2 services in contents; expected the total number of services")
    ]
    assert problems(analyse_feed(page([service(0)], page_number=3, total_pages=2, total_items=30))) == [
        ("$.page_number", "found page 3 of 2; expected a page number within total_pages")
    ]


def test_contents_must_hold_service_objects() -> None:
    assert problems(analyse_feed(page(["Stay and Play"]))) == [
        ("$.contents[0]", "found 'Stay and Play'; expected a service object")
    ]
    assert problems(analyse_feed({**page([]), "contents": {"0": service(0)}})) == [
        ("$.contents", "found an object; expected the array of services")
    ]


def test_service_ids_are_unique() -> None:
    twin = service(0)
    assert problems(analyse_feed(page([service(0), twin]))) == [
        ("$.contents[1].id", f"duplicate service id {twin['id']!r} (first at $.contents[0]); expected a unique "
                             "identifier per service")
    ]


def test_child_arrays_and_ages_have_their_types() -> None:
    data = page([service(0, contacts="reception", service_at_locations=[{"location": {}}], attributes=[42],
                         minimum_age="5")])
    assert problems(analyse_feed(data)) == [
        ("$.contents[0].attributes[0]", "found the number 42; expected an object"),
        ("$.contents[0].contacts", "found 'reception'; expected an array"),
        ("$.contents[0].minimum_age", "found '5'; expected a number"),
        ("$.contents[0].service_at_locations[0].id", "missing; expected its identifier (required by Open Referral UK 3.0)"),
    ]


def test_absent_child_arrays_are_conformant() -> None:
    """A list response 'need not contain arrays of child entities': only completeness drops."""
    analysis = analyse_feed(page([service(0), service(1, contacts=None, attributes=None)]))
    assert analysis.conforms
    assert completeness(analysis)["contacts"] == (0, 2, 0.0)


def test_warnings_do_not_break_conformance() -> None:
    services = [service(0, id="svc-1", url="familyhubs.example.gov.uk/a"), service(1, id="svc-2"),
                service(2, minimum_age=19, maximum_age=5)]
    analysis = analyse_feed(page(services, size=50, total_items=120, total_pages=3))
    assert analysis.conforms
    assert [(w.path, w.message) for w in analysis.warnings] == [
        ("$.size", "found 50, but contents holds 3 services (the standard defines size as the number of services in "
                   "this page)"),
        ("$", "this copy is page 1 of 3: 3 of 120 services; conformance and completeness cover these services only"),
        ("$.contents[2].minimum_age", "minimum_age 19 is above maximum_age 5"),
        ("$.contents[0].id", "service id is not a UUID (the standard gives id the uuid format): 2 services, the first here"),
        ("$.contents[0].url", "service url is not an absolute web address (http:// or https://): 1 service"),
    ]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"email": "hub@example.gov.uk"}, "contacts"),
        ({"contacts": [{"id": "c"}]}, "contacts"),
        ({"phones": [{"id": "p", "number": "01234 567890"}]}, "contacts"),
        ({"service_at_locations": [{"id": "s"}]}, "locations"),
        ({"eligibility_description": "Families with children under 5"}, "eligibility"),
        ({"attributes": [{"id": "a", "link_type": "eligibility"}]}, "eligibility"),
        ({"maximum_age": 19}, "age_range"),
        ({"minimum_age": 0}, "age_range"),
        ({"attributes": [{"id": "a", "taxonomy_term": {"id": "t", "taxonomy": "esd"}}]}, "taxonomy"),
        ({"attributes": [{"id": "a", "taxonomy_term_id": "t"}]}, "taxonomy"),
    ],
)
def test_what_counts_as_present(extra: dict[str, Any], field: str) -> None:
    analysis = analyse_feed(page([service(0, **extra), service(1)]))
    assert analysis.conforms
    assert {f: c[0] for f, c in completeness(analysis).items()} == {f: int(f == field) for f in FIELDS}


@pytest.mark.parametrize(
    "extra",
    [{"email": "  "}, {"contacts": []}, {"service_at_locations": []}, {"eligibility_description": ""},
     {"attributes": [{"id": "a", "link_type": "audience"}]}, {"minimum_age": None}],
)
def test_empty_values_are_not_present(extra: dict[str, Any]) -> None:
    assert all(c[0] == 0 for c in completeness(analyse_feed(page([service(0, **extra)]))).values())


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_any_json_is_analysed_without_error(data: Any) -> None:
    analysis = analyse_feed(data)
    assert analysis.conforms is (not analysis.problems)
    assert all(p.path.startswith("$") for p in analysis.problems)


@given(st.lists(st.sampled_from(["id", "name", "status"]), unique=True))
def test_every_required_service_field_is_required(dropped: list[str]) -> None:
    svc = service(0)
    for key in dropped:
        del svc[key]
    paths = [p for p, _ in problems(analyse_feed(page([svc])))]
    assert paths == [f"$.contents[0].{key}" for key in ("id", "name", "status") if key in dropped]


# --- a large feed --------------------------------------------------------------------------------


def large_feed(count: int) -> dict[str, Any]:
    services = []
    for index in range(count):
        extra: dict[str, Any] = {"description": "A family hub service " * 5}
        if index % 2 == 0:
            extra["contacts"] = [{"id": str(uuid.UUID(int=10**6 + index)), "name": "Reception", "email": "r@x.org"}]
        if index % 3 == 0:
            extra["service_at_locations"] = [{"id": str(uuid.UUID(int=2 * 10**6 + index)),
                                              "location": {"id": "l", "name": "Hub"}}]
        if index % 4 == 0:
            extra.update(minimum_age=0, maximum_age=19, eligibility_description="Families in Exampleshire")
        if index % 5 == 0:
            extra["attributes"] = [{"id": str(uuid.UUID(int=3 * 10**6 + index)),
                                    "taxonomy_term": {"id": "t", "taxonomy": "esd", "term": "Parenting"}}]
        extra["organization"] = {"id": "o", "name": "Exampleshire", "description": "The council"}
        services.append(service(index, **extra))
    return page(services)


def test_a_large_feed_is_analysed_completely(tmp_path: Path) -> None:
    """Timing lives in benchmarks/feed.py; here only that nothing is skipped or capped."""
    feed = tmp_path / "services.json"
    feed.write_text(json.dumps(large_feed(5000)), encoding="utf-8")
    data = read_feed(feed, "services.json")
    analysis = analyse_feed(data)
    assert analysis.conforms and analysis.services == 5000
    assert completeness(analysis) == {
        "contacts": (2500, 5000, 50.0),
        "locations": (1667, 5000, 33.3),
        "eligibility": (1250, 5000, 25.0),
        "age_range": (1250, 5000, 25.0),
        "opening_times": (0, 5000, None),
        "taxonomy": (1000, 5000, 20.0),
        "description": (5000, 5000, 100.0),
    }


def test_a_large_broken_feed_keeps_every_problem() -> None:
    data = large_feed(3000)
    for svc in data["contents"]:
        del svc["status"]
    analysis = analyse_feed(data)
    assert len(analysis.problems) == 3000
    assert analysis.problems[-1].path == "$.contents[2999].status"


# --- reading ----------------------------------------------------------------------------------------


def located(path: Path, display: str = "feed.json", **kw: Any) -> tuple[Location, str]:
    with pytest.raises(InputError) as caught:
        read_feed(path, display, **kw)
    problem = caught.value.problems[0]
    return problem.location, problem.message


def test_json_syntax_errors_are_located() -> None:
    assert located(FIXTURES / "invalid-syntax.json") == (
        Location("feed.json", 4, 16),
        "not valid JSON (Expecting property name enclosed in double quotes); expected the saved JSON response of a "
        "/services endpoint",
    )


def test_feeds_are_size_limited(tmp_path: Path) -> None:
    feed = tmp_path / "f.json"
    feed.write_text(json.dumps(page([service(0)])), encoding="utf-8")
    location, message = located(feed, max_bytes=10)
    assert location == Location("feed.json") and message.startswith("feed is ") and "expected at most 10 bytes" in message


def test_non_standard_json_is_refused(tmp_path: Path) -> None:
    feed = tmp_path / "f.json"
    feed.write_text('{"total_items": NaN}', encoding="utf-8")
    assert located(feed)[1] == "NaN is not valid JSON; expected standard JSON numbers"
    feed.write_bytes(b'{"name": "caf\xe9"}')
    assert "is not UTF-8" in located(feed)[1]
    assert located(tmp_path / "missing.json")[1] == "no such file; expected a saved JSON feed"


def test_unreadable_feeds_become_a_problem_at_the_root() -> None:
    analysis = unreadable("feed.json:1:2: not valid JSON")
    assert problems(analysis) == [("$", "feed.json:1:2: not valid JSON")] and analysis.services == 0


# --- the service_directory check, through the whole pipeline -------------------------------------------

EVIDENCE = """\
fhcheck: 1
framework: "2025"
local_authority: Exampleshire County Council
assessed_on: 2025-10-01
items:
  3.1.D1:
    status: met
    evidence:
{entries}"""
FEED_ENTRY = """\
      - title: Family hub service directory (Open Referral UK /services)
        path: {path}
        kind: service_directory
        date: 2025-09-01
"""
POLICY_ENTRY = """\
      - title: Data standards policy
        url: https://example.gov.uk/data-standards
        kind: policy
        date: 2025-03-01
"""


def assess_d1(tmp_path: Path, *entries: str, feeds: dict[str, Any] | None = None) -> tuple[str, list[str]]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    for name, data in (feeds or {}).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    path = tmp_path / "evidence.yaml"
    path.write_text(EVIDENCE.format(entries="".join(entries)), encoding="utf-8")
    result = assess_file(path, "evidence.yaml", default_store(), AssessOptions())
    assert isinstance(result, FileResult), getattr(result, "problems", None)
    found = next(i for i in result.items if i.id == "3.1.D1")
    return found.verdict, list(found.reasons)


def test_a_conforming_feed_meets_3_1_d1(tmp_path: Path) -> None:
    entry = FEED_ENTRY.format(path="feeds/services.json")
    assert assess_d1(tmp_path, entry, feeds={"feeds/services.json": fixture("conforming.json")}) == ("met", [])


FAILING_FEED_REASON = (
    "service directory feed 'feeds/services.json' does not conform to Open Referral UK 3.0 (5 problems): "
    "$.contents[1].name: found an empty string; expected the service's name as non-empty text; "
    "$.contents[1].status: found 'open'; expected one of active, inactive, defunct, temporarily closed; "
    "$.contents[2].id: missing; expected the service's identifier (required by Open Referral UK 3.0); "
    "and 2 more ('fhcheck feed feeds/services.json' lists them all)"
)


def test_a_feed_that_does_not_conform_does_not_meet_3_1_d1_when_the_verdict_rests_on_it(tmp_path: Path) -> None:
    entry = FEED_ENTRY.format(path="feeds/services.json")
    verdict, reasons = assess_d1(tmp_path, entry, feeds={"feeds/services.json": fixture("missing-required.json")})
    assert (verdict, reasons) == ("unevidenced", [FAILING_FEED_REASON])


def test_a_failing_feed_beside_a_policy_is_a_warning_never_a_lower_verdict(tmp_path: Path) -> None:
    """The reproduced case of issue 18: policy alone is met, so policy plus a work-in-progress feed is too."""
    entry = FEED_ENTRY.format(path="feeds/services.json")
    for entries in ((POLICY_ENTRY, entry), (entry, POLICY_ENTRY)):
        feeds = {"feeds/services.json": fixture("missing-required.json")}
        verdict, reasons = assess_d1(tmp_path, *entries, feeds=feeds)
        assert (verdict, reasons) == ("met", [])
        assert d1_warnings(tmp_path) == [
            "the cited feed 'feeds/services.json' does not yet conform to Open Referral UK 3.0: 5 problems; "
            "'fhcheck feed feeds/services.json' lists them (other evidence carries this item)"
        ]


def d1_warnings(tmp_path: Path) -> list[str]:
    result = assess_file(tmp_path / "evidence.yaml", "evidence.yaml", default_store(), AssessOptions())
    assert isinstance(result, FileResult)
    return list(next(i for i in result.items if i.id == "3.1.D1").warnings)


def test_a_bare_array_of_services_meets_3_1_d1_with_its_version_named(tmp_path: Path) -> None:
    entry = FEED_ENTRY.format(path="services.json")
    assert assess_d1(tmp_path, entry, feeds={"services.json": fixture("not-paginated.json")}) == ("met", [])
    assert d1_warnings(tmp_path)[0].startswith(
        "service directory feed 'services.json' conforms to Open Referral UK 1.0; 1 services;")


def test_a_feed_that_is_neither_version_is_refused_with_what_was_found(tmp_path: Path) -> None:
    entry = FEED_ENTRY.format(path="services.json")
    verdict, reasons = assess_d1(tmp_path, entry, feeds={"services.json": {"items": [], "count": 0}})
    assert (verdict, reasons) == ("unevidenced", [
        "service directory feed 'services.json' does not conform to Open Referral UK 1.0 or 3.0 (1 problems): $: "
        "found an object with count, items; expected a saved /services response: an Open Referral UK 1.0 page "
        "(totalElements, totalPages, number, size, first, last, content), an HSDS-UK 3.0 page (total_items, total_pages, page_number, "
        "size, first_page, last_page, empty, contents) or a bare array of services"
    ])


def test_an_empty_feed_does_not_meet_3_1_d1(tmp_path: Path) -> None:
    entry = FEED_ENTRY.format(path="services.json")
    assert assess_d1(tmp_path, entry, feeds={"services.json": fixture("empty.json")}) == (
        "unevidenced",
        ["service directory feed 'services.json' lists no services; expected the services a family can be directed to"],
    )


def test_an_unparsable_feed_is_named_with_its_line_and_column(tmp_path: Path) -> None:
    entry = FEED_ENTRY.format(path="services.json")
    raw = (FIXTURES / "invalid-syntax.json").read_text(encoding="utf-8")
    assert assess_d1(tmp_path, entry, feeds={"services.json": raw}) == (
        "unevidenced",
        ["service directory feed 'services.json' does not conform to Open Referral UK 3.0 (1 problems): $: "
         "services.json:4:16: not valid JSON (Expecting property name enclosed in double quotes); expected the saved "
         "JSON response of a /services endpoint"],
    )


def test_considering_the_standard_needs_no_feed(tmp_path: Path) -> None:
    assert assess_d1(tmp_path, POLICY_ENTRY) == ("met", [])


def test_only_json_service_directory_entries_are_analysed(tmp_path: Path) -> None:
    entry = FEED_ENTRY.format(path="directory.pdf").replace("service_directory", "service_directory")
    assert assess_d1(tmp_path, entry, feeds={"directory.pdf": "not json at all"}) == ("met", [])


def test_3_1_d1_and_g3_declare_the_check_in_2025_only() -> None:
    def declared(version: str) -> list[str]:
        return [i.id for i in default_store().get(version).iter_items()
                if any(c["kind"] == "service_directory" for c in i.checks)]

    assert declared("2025") == ["3.1.D1", "3.1.G3"]
    assert declared("2022") == []


def ctx_with(analysis: FeedAnalysis | None) -> CheckContext:
    """3.1.D1 citing one feed, as the engine shows it to the check after the documents phase."""
    return CheckContext("3.1.D1", ASSESSED_ON, 24, dt.date(2023, 10, 1), None, ("feeds/services.json",), (analysis,))


def test_completeness_is_judged_only_where_criteria_ask() -> None:
    analysis = analyse_feed(fixture("conforming.json"))
    assert service_directory_entry(ctx_with(analysis), ServiceDirectoryParams(), 0) == []
    params = ServiceDirectoryParams.model_validate({"min_completeness": {"contacts": 50, "eligibility": 30}})
    assert service_directory_entry(ctx_with(analysis), params, 0) == [
        "service directory feed 'feeds/services.json': eligibility is 25% complete (1 of 4 services); this item "
        "expects at least 30%"
    ]
    empty = ctx_with(fixture_analysis("empty.json"))
    assert service_directory_entry(empty, ServiceDirectoryParams(allow_empty=True), 0) == []


def fixture_analysis(name: str) -> FeedAnalysis:
    return analyse_feed(fixture(name))


def test_notes_report_completeness() -> None:
    notes = service_directory_notes(ctx_with(fixture_analysis("conforming.json")), ServiceDirectoryParams())
    assert notes == ["service directory feed 'feeds/services.json' " + fixture_analysis("conforming.json").summary()]
    assert service_directory_notes(ctx_with(None), ServiceDirectoryParams()) == []


def test_service_directory_params_are_validated() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        ServiceDirectoryParams.model_validate({"min_completeness": {"phone": 50}})
    with pytest.raises(ValidationError):
        ServiceDirectoryParams.model_validate({"min_completeness": {"contacts": 150}})
    assert CHECKS["service_directory"].params is ServiceDirectoryParams


def test_a_feed_cited_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fhcheck.jsonfeed as jsonfeed

    calls: list[str] = []
    original = jsonfeed.read_feed

    def counting(path: Path, display: str, max_bytes: int = jsonfeed.MAX_FEED_BYTES) -> Any:
        calls.append(display)
        return original(path, display, max_bytes)

    monkeypatch.setattr(jsonfeed, "read_feed", counting)  # where the service_directory check's gather reads it
    entry = FEED_ENTRY.format(path="services.json")
    assert assess_d1(tmp_path, entry, entry, feeds={"services.json": copy.deepcopy(fixture("conforming.json"))}) == (
        "met", []
    )
    assert calls == ["services.json"]


# --- Open Referral UK 1.0, and the shapes saved copies take (issue 18) -------------------------------

ASSESSED_ON = dt.date(2025, 10, 1)


def test_an_oruk_1_0_page_is_read_and_named() -> None:
    analysis = analyse_feed(fixture("v1-page.json"), ASSESSED_ON)
    assert analysis.conforms and analysis.services == 3
    assert (analysis.standard, analysis.shape) == ("Open Referral UK 1.0", "one page")
    assert analysis.detected == "an Open Referral UK 1.0 page (it has content, totalElements, totalPages, number)"
    assert (analysis.total_items, analysis.page_number, analysis.total_pages) == (3, 0, 1)
    assert [(w.path, w.message) for w in analysis.warnings] == [
        ("$.content[1].description", "HTML left in the service description (families see the tags): 1 service")]


def test_a_1_0_list_response_names_what_it_does_not_show_instead_of_scoring_it_missing() -> None:
    analysis = analyse_feed(fixture("v1-page.json"), ASSESSED_ON)
    locations = analysis.completeness_of("locations")
    assert (locations.shown, locations.percent, str(locations)) == (False, None, "locations not shown in this list "
                                                                                "response")
    assert analysis.completeness_of("contacts").percent == 100.0
    assert analysis.completeness_of("opening_times").percent == 33.3


def test_assured_dates_are_counted_within_3_and_12_months_of_the_assessment() -> None:
    analysis = analyse_feed(fixture("v1-page.json"), ASSESSED_ON)
    assert str(analysis.assurance) == "assured within 3 months 33.3%, within 12 months 66.7% (2/3 dated)"
    assert analyse_feed(fixture("v1-page.json")).assurance is None  # no assessment date: nothing to count from


def test_age_coverage_of_1_6_d1() -> None:
    covered = "age coverage: 0-19 covered; 0-25 (with SEND) covered"
    assert analyse_feed(fixture("v1-page.json")).age_coverage() == covered
    narrow = [service(0, minimum_age=0, maximum_age=5), service(1, minimum_age=11, maximum_age=19)]
    assert analyse_feed(page(narrow)).age_coverage() == (
        "age coverage: 0-19 gaps at 6-10; 0-25 (with SEND) gaps at 6-10, 20-25")
    assert analyse_feed(page([service(0)])).age_coverage() == "age coverage: no service states an age range"


@pytest.mark.parametrize("name", ["v1-page.json", "v1-array.json"])
def test_the_same_services_as_a_page_or_a_bare_array_are_judged_alike(name: str) -> None:
    analysis = analyse_feed(fixture(name), ASSESSED_ON)
    assert analysis.conforms and analysis.standard == "Open Referral UK 1.0" and analysis.services == 3
    assert completeness(analysis) == completeness(analyse_feed(fixture("v1-page.json"), ASSESSED_ON))


def test_several_pages_are_one_directory() -> None:
    pages = [(f"{p.name}:", json.loads(p.read_text("utf-8"))) for p in sorted((FIXTURES / "v1-pages").iterdir())]
    analysis = analyse_pages(pages, ASSESSED_ON)
    assert analysis.conforms and analysis.services == 3 and analysis.shape == "2 page files"
    assert analysis.warnings[0].path == "page-0.json:$.content[1].description"


def test_pages_of_different_versions_are_refused() -> None:
    analysis = analyse_pages([("a.json:", fixture("v1-page.json")), ("b.json:", fixture("conforming.json"))])
    assert problems(analysis)[0] == ("b.json:$", "found an HSDS-UK 3.0 page (it has contents, total_items, "
                                     "total_pages, page_number); expected every page in Open Referral UK 1.0, as the "
                                     "first")


def test_1_0_rules_are_checked_at_their_paths() -> None:
    assert problems(analyse_feed(fixture("v1-broken.json"))) == [
        ("$[1].assured_date", "found 'last week'; expected a date YYYY-MM-DD"),
        ("$[1].id", "missing; expected the service's identifier (required by Open Referral UK 1.0)"),
        ("$[1].name", "found an empty string; expected the service's name as non-empty text"),
        ("$[1].organization.id", "missing; expected the organization's id (required by Open Referral UK 1.0)"),
        ("$[1].status", "found 'open'; expected one of active, inactive, defunct, temporarily closed"),
        ("$[2].id", "duplicate service id '3f2a1b6c-0000-4000-8000-000000000001' (first at $[0]); expected a unique "
                    "identifier per service"),
    ]


def test_a_bare_array_of_3_0_services_is_read_as_3_0() -> None:
    analysis = analyse_feed([service(0, attributes=[]), service(1, status="open")])
    assert analysis.standard == "Open Referral UK 3.0" and analysis.shape == "a bare array of services"
    assert problems(analysis) == [("$[1].status", "found 'open'; expected one of active, inactive, defunct, "
                                   "temporarily closed")]


def test_a_3_0_service_is_validated_against_the_vendored_schema() -> None:
    analysis = analyse_feed(page([service(0, minimum_age="five", organization={"id": "o", "name": "x"})]))
    assert problems(analysis) == [
        ("$.contents[0].minimum_age", "found 'five'; expected a number"),
        ("$.contents[0].organization.description",
         "missing; expected the organization's description (required by Open Referral UK 3.0)"),
    ]


def test_the_vendored_schema_and_its_licence_travel_in_the_package() -> None:
    from importlib.resources import files

    folder = files("fhcheck").joinpath("oruk_schemas")
    assert json.loads(folder.joinpath("service_list.json").read_text("utf-8"))["required"] == ["id", "name", "status"]
    assert "Creative Commons" in folder.joinpath("LICENSE").read_text("utf-8")


# --- hostile feeds: one message each, before anything large is built ----------------------------------


def test_devices_and_fifos_are_refused_before_opening(tmp_path: Path) -> None:
    assert located(Path("/dev/zero"))[1] == "is a device or socket, not a file; expected a saved JSON feed (a " \
                                            "regular file)"
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)  # nobody writes: opening it would wait for ever
    assert located(fifo)[1] == "is a FIFO (named pipe); expected a saved JSON feed (a regular file)"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{"content": [], "x": 1e400}', (0, 0), "the number 1e400 is too large to represent; expected standard "
                                                       "JSON numbers"),
        ('{"content": [], "x": -Infinity}', (0, 0), "-Infinity is not valid JSON; expected standard JSON numbers"),
        ('{"content": [{"id": "a",\n "id": "b"}]}', (2, 2), "duplicate key 'id' in one object; expected each key once "
                                                         "(a reader would silently keep only the last)"),
        ("[" * 65 + "]" * 65, (1, 65), "JSON nesting is deeper than 64 levels; expected a saved /services response "
                                       "(a few levels deep)"),
        ("[" + ",".join(["{}"] * 100_001) + "]", (0, 0), "feed holds more than 100,000 services; expected a "
         "saved /services response (the largest English directories list some thousands)"),
    ],
)
def test_hostile_feeds_get_one_message(tmp_path: Path, text: str, where: tuple[Any, Any], message: str) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(text, encoding="utf-8")
    location, found = located(feed)
    assert ((location.line, location.column), found) == (where, message)


def test_deep_nesting_inside_strings_is_not_nesting(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([service(0, description="[" * 500 + '\\"{')]), encoding="utf-8")
    assert analyse_feed(read_feed(feed, "feed.json")).conforms


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5)
    | st.sampled_from(["active", "inactive", "x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "name", "description"]), inner),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from(["id", "name", "status", "url", "minimum_age", "organization", "email",
                                        "fees", "other"]), json_values))
def test_the_quick_path_never_passes_what_jsonschema_refuses(service_data: dict[str, Any]) -> None:
    from fhcheck.oruk import _plainly_valid, _service_validator

    validator = _service_validator()
    if _plainly_valid(validator.schema, service_data):
        assert list(validator.iter_errors(service_data)) == []


@pytest.mark.parametrize("as_page", [False, True])
def test_a_real_sized_1_0_export_is_analysed_service_by_service_by_3_1_d1(tmp_path: Path, as_page: bool) -> None:
    """Done when of issue 18: ~800 ORUK 1.0 services, as a bare array or one page, meet 3.1.D1 by name."""
    services = fixture("v1-array.json")
    export = []
    for index in range(800):
        one = copy.deepcopy(services[index % 3])
        one["id"] = str(uuid.UUID(int=index + 1))
        export.append(one)
    data: Any = export
    if as_page:
        data = {"totalElements": 800, "totalPages": 1, "number": 0, "size": 800, "first": True, "last": True,
                "content": export}
    entry = FEED_ENTRY.format(path="directory.json")
    assert assess_d1(tmp_path, entry, feeds={"directory.json": data}) == ("met", [])
    note = d1_warnings(tmp_path)[0]
    assert note.startswith("service directory feed 'directory.json' conforms to Open Referral UK 1.0; 800 services; "
                           "completeness: contacts 100% (800/800), locations not shown in this list response")


@pytest.mark.parametrize(("count", "refused"), [(3, False), (4, True)])
def test_services_are_counted_at_their_level_not_by_every_bracket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, refused: bool
) -> None:
    """Nested children and the page header's siblings are not services; the limit is on services."""
    import fhcheck.jsonfeed as jsonfeed

    monkeypatch.setattr(jsonfeed, "MAX_FEED_SERVICES", 3)
    nested = {"contacts": [{"id": "c", "phones": [{"id": "p"}]}], "organization": {"id": "o", "name": "[{"}}
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"totalElements": count, "content": [service(i, **nested) for i in range(count)]}),
                    encoding="utf-8")
    if refused:
        assert located(feed)[1].startswith("feed holds more than 3 services;")
    else:
        assert len(read_feed(feed, "feed.json")["content"]) == 3
