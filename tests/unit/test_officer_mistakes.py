"""Issue 17: the mistakes officers really make, each answered at its own line and column.

One case per row of the issue's table; each asserts the exact position and the words
that name the cause (and the suggested fix), not just that the file is refused.
"""

from __future__ import annotations

import pytest

from fhcheck.suggest import suggest
from tests.unit.test_validate_messages import HEADER, evidence, items, problems

STATUSES = ("met", "partially_met", "not_met", "not_applicable")


def test_a_non_breaking_space_after_a_colon_is_named_where_it_is() -> None:
    text = items("1.1.B1:", "  status: met", "  owner:\u00a0Jane Smith", "  note: checked")
    assert problems(text) == [
        "ev.yaml:8:11: found a non-breaking space (U+00A0) where a plain space is needed; expected a plain space here"
    ]


def test_curly_quotes_around_a_title_with_a_colon_are_named() -> None:
    text = evidence("- title: \u201cHub plan: 2025\u201d", "  url: https://example.org/plan")
    assert problems(text) == [
        "ev.yaml:9:16: found a curly opening double quote (U+201C); expected a straight \" (YAML treats only "
        "straight quotes as quotes: retype \u201c...\u201d as \"...\")"
    ]


def test_a_key_with_a_trailing_space_is_quoted_and_corrected() -> None:
    text = evidence("- title: Plan", "  url: https://example.org/plan", "  'date ': 2025-06-10")
    assert problems(text) == [
        "ev.yaml:11:9: unknown key 'date ' (with a trailing space); expected one of title, url, path, kind, date, "
        "owner, sha256 (did you mean 'date'?)"
    ]


def test_a_lower_case_identifier_suggests_the_basic_item_not_a_go_further_one() -> None:
    assert problems(items("1.1.b1:", "  status: met")) == [
        "ev.yaml:6:3: unknown identifier 1.1.b1; expected an identifier of framework 2025 "
        "(see 'fhcheck criteria list --framework 2025') (did you mean '1.1.B1'?)"
    ]


@pytest.mark.parametrize(
    ("found", "meant"),
    [("not met", "not_met"), ("N/A", "not_applicable"), ("Met", "met"), ("in progress", "partially_met")],
)
def test_status_near_misses(found: str, meant: str) -> None:
    assert problems(items("1.1.B1:", f"  status: {found}")) == [
        f"ev.yaml:7:13: found {found!r}; expected one of met, partially_met, not_met or not_applicable "
        f"(did you mean {meant!r}?)"
    ]


@pytest.mark.parametrize(("found", "meant"), [("Publication", "publication"), ("web page", "web_page"), ("report", "evaluation")])
def test_kind_near_misses(found: str, meant: str) -> None:
    [message] = problems(evidence("- title: Plan", "  url: https://example.org/plan", f"  kind: {found}"))
    assert message.startswith(f"ev.yaml:11:15: found kind {found!r}; expected one of publication, web_page, ")
    assert message.endswith(f"(did you mean {meant!r}?)")


def test_key_near_misses_at_every_level() -> None:
    text = HEADER.replace("local_authority:", "local_authorty:") + "items:\n  1.1.B1:\n    staus: met\n"
    assert problems(text) == [
        "ev.yaml:1:1: local_authority is missing; expected local_authority in this mapping",
        "ev.yaml:3:1: unknown key local_authorty; expected one of fhcheck, framework, local_authority, assessed_on, "
        "items, programmes, retired (did you mean 'local_authority'?)",
        "ev.yaml:7:5: status is missing; expected status in this mapping",
        "ev.yaml:7:5: unknown key staus; expected one of status, evidence, note, justification, approved_by, "
        "review_by, plan, due, owner, carried_from (did you mean 'status'?)",
    ]


def test_a_framework_version_near_miss() -> None:
    [message] = problems(HEADER.replace('framework: "2025"', "framework: FY2025"))
    assert message.startswith("ev.yaml:2:12: found framework version 'FY2025'; expected one of ")
    assert message.endswith("(did you mean '2025'?)")


@pytest.mark.parametrize(
    ("found", "meant"),
    [
        ("1.1.B01", "1.1.B1"),
        ("1.1B1", "1.1.B1"),
        ("1.1.b1", "1.1.B1"),
        ("1.1.B9", "1.1.B4"),
        ("staus", "status"),
        ("local authority", "local_authority"),
    ],
)
def test_suggest_ranks_the_obvious_fix_first(found: str, meant: str) -> None:
    vocabulary = ["1.1.G1", "1.1.B1", "1.1.B2", "1.1.B4", "1.2.B1", "status", "local_authority"]
    assert suggest(found, vocabulary) == meant


def test_suggest_offers_nothing_for_a_distant_word() -> None:
    assert suggest("banana", STATUSES) is None
