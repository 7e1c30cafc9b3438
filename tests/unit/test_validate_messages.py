"""The exact ``FILE:LINE:COL: ...`` line for each kind of invalid evidence file.

Each test writes a small file, validates it as ``fhcheck validate`` would (load ->
parse_evidence -> cited documents) and compares the full list of problem lines, so a
message that moves, changes wording or hides another problem fails here.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.errors import InputError
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse
from fhcheck.results import InvalidFile
from helpers import KNOWN_VERSIONS, versions_with

HEADER = """\
fhcheck: 1
framework: "2025"
local_authority: Testshire County Council
assessed_on: 2025-10-01
"""
KINDS = (
    "publication, web_page, strategy, governance, minutes, data_sharing_agreement, survey, dataset, "
    "workforce_plan, training_record, policy, budget, evaluation, coproduction, case_study, service_directory, "
    "partnership_agreement, needs_assessment, role_profile, supervision_record"
)
STATUSES = "one of met, partially_met, not_met or not_applicable"
ITEM_KEYS = "status, evidence, note, justification, approved_by, review_by, plan, due, owner, carried_from"
EVIDENCE_KEYS = "title, url, path, kind, date, owner, sha256"


def problems(text: str) -> list[str]:
    """Every problem line of an evidence file given as text (dedented), named ev.yaml."""
    try:
        doc = parse(textwrap.dedent(text), "ev.yaml")
        parse_evidence(doc, default_store())
    except InputError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def items(*lines: str) -> str:
    """HEADER and an ``items:`` mapping whose LINES are indented under it; the first is line 6."""
    return HEADER + "items:\n" + "".join(f"  {line}\n" for line in lines)


def evidence(*lines: str) -> str:
    """HEADER and item 1.1.B1, met, whose ``evidence:`` holds LINES; the first is line 9."""
    return items("1.1.B1:", "  status: met", "  evidence:", *(f"    {line}" for line in lines))


def test_a_valid_file_may_leave_out_items() -> None:
    assert problems(HEADER) == []


def test_unknown_top_level_key() -> None:
    assert problems(HEADER + "colour: blue\n") == [
        "ev.yaml:5:1: unknown key colour; expected one of fhcheck, framework, local_authority, assessed_on, "
        "items, programmes, funding_stream, retired"
    ]


# --- the header: HEADER with OLD replaced by NEW ------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "Testshire County Council", "Yes",
            [
                "ev.yaml:3:18: found Yes (a YAML 1.1 boolean: quote it if you mean the word); "
                "expected text (put it in quotes if it is meant as text)"
            ],
            id="yaml-11-boolean-as-local-authority",
        ),
        pytest.param("Testshire County Council", '"No"', [], id="quoted-yaml-11-word-is-text"),
        pytest.param(
            "2025-10-01", "2025-02-30",
            ["ev.yaml:4:14: found '2025-02-30', which is not a calendar date; expected a real date YYYY-MM-DD"],
            id="impossible-date",
        ),
        pytest.param(
            "2025-10-01", "2025-10-01 09:30:00",
            [
                "ev.yaml:4:14: found the date and time 2025-10-01T09:30:00; expected a date written YYYY-MM-DD, "
                "without a time"
            ],
            id="datetime-instead-of-date",
        ),
        pytest.param("2025-10-01", '"2025-10-01"', [], id="quoted-date-is-accepted"),
        pytest.param(
            '"2025"', '"2030"',
            [f"ev.yaml:2:12: found framework version '2030'; expected one of {KNOWN_VERSIONS}"],
            id="unknown-framework-version-lists-the-known-ones",
        ),
        pytest.param('"2025"', "2025", [], id="unquoted-framework-version-is-accepted"),
        pytest.param(
            "fhcheck: 1", "fhcheck: 2", ["ev.yaml:1:10: found format version 2; expected one of 1"],
            id="unknown-format-version",
        ),
        pytest.param(
            "fhcheck: 1", "fhcheck: true",
            ["ev.yaml:1:10: found format version the boolean true; expected one of 1"],
            id="boolean-format-version",
        ),
    ],
)
def test_header(old: str, new: str, expected: list[str]) -> None:
    assert problems(HEADER.replace(old, new)) == expected


# --- items: HEADER, then items: with these lines --------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(["1.1.B1:", "  status: not_met"], [], id="a-valid-file-has-no-problems"),
        pytest.param(
            ["1.1.B1:", "  status: not_met", "  comment: soon"],
            [f"ev.yaml:8:5: unknown key comment; expected one of {ITEM_KEYS}"],
            id="unknown-key-lists-the-allowed-keys",
        ),
        pytest.param(
            [
                "1.1.B1:",
                "  status: not_met",
                "  carried_from:",
                '    framework: "2022"',
                "    items: [1.1.B1]",
                "    change: reworded",
                "    by: migrate",
            ],
            ["ev.yaml:12:7: unknown key by; expected one of framework, items, change, reviewed"],
            id="unknown-key-in-carried-from",
        ),
        pytest.param(
            [
                "1.1.D1:",
                "  status: partially_met",
                "  carried_from:",
                '    framework: "2022"',
                "    items: []",
                "    change: moved",
                "    reviewed: yes",
            ],
            [
                "ev.yaml:10:14: found a list; expected at least 1 entry",
                "ev.yaml:11:15: found 'moved'; expected one of reworded, merged, split or replaced",
                "ev.yaml:12:17: found yes (a YAML 1.1 boolean: quote it if you mean the word); expected true or false",
            ],
            id="carried-from-with-bad-values",
        ),
        pytest.param(
            ["1.1.B9:", "  status: not_met"],
            [
                "ev.yaml:6:3: unknown identifier 1.1.B9; expected an identifier of framework 2025 "
                "(see 'fhcheck criteria list --framework 2025') (did you mean '1.1.B4'?)"
            ],
            id="unknown-identifier-with-a-close-match",
        ),
        pytest.param(
            ["9.9.Z1:", "  status: not_met"],
            [
                "ev.yaml:6:3: unknown identifier 9.9.Z1; expected an identifier of framework 2025 "
                "(see 'fhcheck criteria list --framework 2025')"
            ],
            id="unknown-identifier-without-a-close-match",
        ),
        pytest.param(
            ["2.4.G4:", "  status: not_met"],
            [
                "ev.yaml:6:3: identifier 2.4.G4 exists only in framework 2022; expected an identifier of framework "
                "2025 (carry the file across with 'fhcheck migrate')"
            ],
            id="identifier-only-in-framework-2022",
        ),
        pytest.param(
            ["1.1.B1:", "  status: done"], [f"ev.yaml:7:13: found 'done'; expected {STATUSES}"], id="bad-status"
        ),
        pytest.param(
            ["1.1.B1:", "  status: no"],
            [f"ev.yaml:7:13: found no (a YAML 1.1 boolean: quote it if you mean the word); expected {STATUSES}"],
            id="yaml-11-boolean-as-status",
        ),
        pytest.param(
            ["1.1.B1:", "  status: not_met", "  due: 20260331"],
            ["ev.yaml:8:10: found the number 20260331; expected a date written YYYY-MM-DD"],
            id="number-instead-of-date",
        ),
        pytest.param(
            ["- 1.1.B1"], ["ev.yaml:6:3: found a list; expected a mapping of keys to values"], id="items-as-a-list"
        ),
        pytest.param(
            ["1.1.B1: met"], ["ev.yaml:6:11: found 'met'; expected a mapping of keys to values"], id="item-as-a-word"
        ),
        pytest.param(
            ["1.1.B1:", "  note: soon"],
            ["ev.yaml:7:5: status is missing; expected status in this mapping"],
            id="missing-status-points-at-the-item-mapping",
        ),
        # duplicate keys, which the loader refuses before validation (DESIGN: errors with a location)
        pytest.param(
            ["1.1.B1:", "  status: met", "  status: not_met"],
            ["ev.yaml:8:5: duplicate key 'status' (first at line 7); expected each key once"],
            id="duplicate-key",
        ),
        pytest.param(
            ["1.1.B1:", "  status: met", "1.1.B1:", "  status: not_met"],
            ["ev.yaml:8:3: duplicate key '1.1.B1' (first at line 6); expected each key once"],
            id="duplicate-item",
        ),
    ],
)
def test_items(lines: list[str], expected: list[str]) -> None:
    assert problems(items(*lines)) == expected


def test_identifier_only_in_framework_2025() -> None:
    text = HEADER.replace('"2025"', '"2022"') + "items:\n  2.4.G5:\n    status: not_met\n"
    assert problems(text) == [
        f"ev.yaml:6:3: identifier 2.4.G5 exists only in framework {versions_with('2.4.G5')}; expected an identifier of framework 2022 "
        "(carry the file across with 'fhcheck migrate')"
    ]


# --- evidence entries: item 1.1.B1, met, with these lines under evidence: (from line 9) -------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["- title: Offer", "  url: https://example.gov.uk/offer", "  published: 2025-06-01"],
            [f"ev.yaml:11:9: unknown key published; expected one of {EVIDENCE_KEYS}"],
            id="unknown-key-lists-the-allowed-keys",
        ),
        pytest.param(
            ["- title: Offer", "  url: https://example.gov.uk/offer", "  date: 2025-13-01"],
            ["ev.yaml:11:15: found '2025-13-01', which is not a calendar date; expected a real date YYYY-MM-DD"],
            id="impossible-date",
        ),
        pytest.param(
            ["- title: Offer", "  kind: publication"],
            ["ev.yaml:9:9: found neither url nor path; expected at least one of url or path"],
            id="without-url-or-path",
        ),
        pytest.param(
            ["- title: Offer", "  url: www.example.gov.uk/offer"],
            ["ev.yaml:10:14: found 'www.example.gov.uk/offer'; expected a web address starting https:// or http://"],
            id="bad-url",
        ),
        pytest.param(
            ["- title: Offer", "  url: https://example.gov.uk/offer", "  sha256: 68bc435d"],
            ["ev.yaml:11:17: found '68bc435d'; expected the 64 hexadecimal digits of a SHA-256 digest"],
            id="bad-sha256",
        ),
        # a digest can only be checked against a document in the repository, so a URL-only entry may not carry one
        pytest.param(
            [
                "- title: Offer",
                "  url: https://example.gov.uk/offer",
                "  sha256: 68bc435d2f9adf43c6fba916af3583aec4fd8127b267046277a71742b3b38977",
            ],
            ["ev.yaml:9:9: found sha256 without a path; expected sha256 only on an entry that cites a path"],
            id="sha256-without-a-path",
        ),
        pytest.param(
            ["- title: Offer", "  url: https://example.gov.uk/offer", "  kind: report"],
            [f"ev.yaml:11:15: found kind 'report'; expected one of {KINDS} (did you mean 'evaluation'?)"],
            id="unknown-kind",
        ),
        pytest.param(
            ['- title: ""', "  url: https://example.gov.uk/offer"],
            ["ev.yaml:9:16: found an empty string; expected non-empty text"],
            id="empty-title",
        ),
        pytest.param(
            ["- url: https://example.gov.uk/offer", "  kind: publication"],
            ["ev.yaml:9:9: title is missing; expected title in this mapping"],
            id="missing-title-points-at-the-entry",
        ),
        # a bad kind must not hide the missing url/path of the same entry
        pytest.param(
            ["- title: Offer", "  kind: report"],
            [
                "ev.yaml:9:9: found neither url nor path; expected at least one of url or path",
                f"ev.yaml:10:15: found kind 'report'; expected one of {KINDS} (did you mean 'evaluation'?)",
            ],
            id="every-problem-of-one-entry-is-reported",
        ),
        pytest.param(
            ["title: Offer", "url: https://example.gov.uk/offer"],
            ["ev.yaml:9:7: found a mapping; expected a list"],
            id="evidence-as-a-mapping",
        ),
    ],
)
def test_evidence_entry(lines: list[str], expected: list[str]) -> None:
    assert problems(evidence(*lines)) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [("- fhcheck: 1\n", "a list"), ("fhcheck\n", "'fhcheck'"), ("42\n", "the number 42")],
)
def test_non_mapping_top_level(text: str, found: str) -> None:
    assert problems(text) == [
        f"ev.yaml:1:1: found {found} at the top of the file; expected a mapping with fhcheck, framework, "
        "local_authority, assessed_on and items"
    ]


def test_missing_top_level_fields_point_at_the_top_mapping() -> None:
    text = 'fhcheck: 1\nframework: "2025"\nitems: {}\n'
    assert problems(text) == [
        "ev.yaml:1:1: assessed_on is missing; expected assessed_on in this mapping",
        "ev.yaml:1:1: local_authority is missing; expected local_authority in this mapping",
    ]


def test_every_problem_of_a_file_is_reported_in_file_order() -> None:
    text = """\
fhcheck: 1
framework: "2025"
local_authority: no
assessed_on: 2025-13-45
colour: blue
items:
  1.1.B1:
    status: no
    evidence:
      - title: Offer
        url: https://example.gov.uk/offer
        kind: report
  1.2.B1:
    status: met
    evidence:
      - title: Hub
        url: ftp://example.gov.uk/hub
  2.4.G4:
    status: met
  1.1.B9:
    status: met
"""
    assert problems(text) == [
        "ev.yaml:3:18: found no (a YAML 1.1 boolean: quote it if you mean the word); expected text (put it in "
        "quotes if it is meant as text)",
        "ev.yaml:4:14: found '2025-13-45', which is not a calendar date; expected a real date YYYY-MM-DD",
        "ev.yaml:5:1: unknown key colour; expected one of fhcheck, framework, local_authority, assessed_on, "
        "items, programmes, funding_stream, retired",
        f"ev.yaml:8:13: found no (a YAML 1.1 boolean: quote it if you mean the word); expected {STATUSES}",
        f"ev.yaml:12:15: found kind 'report'; expected one of {KINDS} (did you mean 'evaluation'?)",
        "ev.yaml:17:14: found 'ftp://example.gov.uk/hub'; expected a web address starting https:// or http://",
        "ev.yaml:18:3: identifier 2.4.G4 exists only in framework 2022; expected an identifier of framework 2025 "
        "(carry the file across with 'fhcheck migrate')",
        "ev.yaml:20:3: unknown identifier 1.1.B9; expected an identifier of framework 2025 "
        "(see 'fhcheck criteria list --framework 2025') (did you mean '1.1.B4'?)",
    ]


# --- cited documents, checked by validate but not by the schema ------------------------------


def _validate_file(tmp_path: Path, text: str) -> list[str]:
    file = tmp_path / "ev.yaml"
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    outcome = assess_file(file, "ev.yaml", default_store(), AssessOptions(validate_only=True))
    assert isinstance(outcome, InvalidFile)
    return [str(problem) for problem in outcome.problems]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(
            "../offer.pdf",
            [
                "ev.yaml:10:15: path '../offer.pdf' leads outside the evidence file's folder; "
                "expected a document inside it"
            ],
            id="path-outside-the-folder",
        ),
        pytest.param(
            "docs/offer.pdf",
            ["ev.yaml:10:15: cited document docs/offer.pdf does not exist; expected an existing, unchanged document"],
            id="missing-document-is-a-validation-problem",
        ),
    ],
)
def test_cited_document(tmp_path: Path, path: str, expected: list[str]) -> None:
    assert _validate_file(tmp_path, evidence("- title: Offer", f"  path: {path}")) == expected
