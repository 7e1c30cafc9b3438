"""fhcheck.oruk as a package: the names callers import, and each field family hubs need counted once."""

from __future__ import annotations

from typing import Any

import pytest

import fhcheck.oruk
from fhcheck.oruk import FIELDS, analyse_feed
from fhcheck.oruk.services import FIELD_TESTS


def test_every_field_has_one_test_in_report_order() -> None:
    assert list(FIELD_TESTS) == list(FIELDS)


@pytest.mark.parametrize(
    ("service", "carried"),
    [
        ({"email": "a@b.example"}, {"contacts"}),
        ({"phones": [{}]}, {"contacts"}),
        ({"service_at_locations": [{"id": "l"}]}, {"locations"}),
        ({"eligibilitys": [{"eligibility": "x"}]}, {"eligibility"}),
        ({"eligibilitys": ["not an object"]}, set()),
        ({"attributes": [{"link_type": "Eligibility"}]}, {"eligibility"}),
        ({"minimum_age": 0}, {"age_range"}),
        ({"eligibilitys": [{"maximum_age": 19}]}, {"eligibility", "age_range"}),
        ({"holiday_schedules": [{}]}, {"opening_times"}),
        ({"attributes": [{"taxonomy_term_id": "t"}]}, {"taxonomy"}),
        ({"attributes": [{"taxonomy_term": {}}]}, {"taxonomy"}),
        ({"service_taxonomys": [{}]}, {"taxonomy"}),
        ({"description": "  "}, set()),
        ({"description": "Stay and play"}, {"description"}),
    ],
)
def test_what_counts_as_carrying_a_field(service: dict[str, Any], carried: set[str]) -> None:
    analysis = analyse_feed([{"id": "s", "name": "n", **service}])
    assert {c.field for c in analysis.completeness if c.present} == carried


def test_the_names_callers_import_are_still_fhcheck_oruks() -> None:
    names = {"FIELDS", "FeedAnalysis", "FeedProblem", "Completeness", "Assurance", "analyse_feed", "analyse_pages",
             "unreadable", "detect", "STANDARD", "V1", "V1_RULES", "MAX_SERVICES", "_plainly_valid",
             "_service_validator"}
    assert names <= set(vars(fhcheck.oruk))
