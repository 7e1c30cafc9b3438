"""The exact ``FILE:LINE:COL: ...`` line for each kind of invalid evidence file.

Each test writes a small file, validates it as ``fhcheck validate`` would (load ->
parse_evidence -> cited documents) and compares the full list of problem lines, so a
message that moves, changes wording or hides another problem fails here.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fhcheck.assessment import Options, assess_file
from fhcheck.catalogue import default_store
from fhcheck.errors import InputError
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse
from fhcheck.results import InvalidFile

HEADER = """\
fhcheck: 1
framework: "2025"
local_authority: Testshire County Council
assessed_on: 2025-10-01
"""
KINDS = (
    "publication, web_page, strategy, governance, minutes, data_sharing_agreement, survey, dataset, "
    "workforce_plan, training_record, policy, budget, evaluation, coproduction, case_study, service_directory"
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


def test_a_valid_file_has_no_problems() -> None:
    assert problems(HEADER + "items:\n  1.1.B1:\n    status: not_met\n") == []


def test_a_valid_file_may_leave_out_items() -> None:
    assert problems(HEADER) == []


def test_unknown_top_level_key() -> None:
    assert problems(HEADER + "colour: blue\n") == [
        "ev.yaml:5:1: unknown key colour; expected one of fhcheck, framework, local_authority, assessed_on, "
        "items, programmes, retired"
    ]


def test_unknown_key_in_an_item_lists_the_allowed_keys() -> None:
    text = HEADER + "items:\n  1.1.B1:\n    status: not_met\n    comment: soon\n"
    assert problems(text) == [f"ev.yaml:8:5: unknown key comment; expected one of {ITEM_KEYS}"]


def test_unknown_key_in_an_evidence_entry_lists_the_allowed_keys() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        url: https://example.gov.uk/offer
        published: 2025-06-01
"""
    assert problems(text) == [f"ev.yaml:11:9: unknown key published; expected one of {EVIDENCE_KEYS}"]


def test_unknown_key_in_carried_from() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: not_met
    carried_from:
      framework: "2022"
      items: [1.1.B1]
      change: reworded
      by: migrate
"""
    assert problems(text) == [
        "ev.yaml:12:7: unknown key by; expected one of framework, items, change, reviewed"
    ]


def test_unknown_identifier_with_a_close_match() -> None:
    text = HEADER + "items:\n  1.1.B9:\n    status: not_met\n"
    assert problems(text) == [
        "ev.yaml:6:3: unknown identifier 1.1.B9; expected an identifier of framework 2025 such as 1.1.B4 "
        "(see 'fhcheck criteria list --framework 2025')"
    ]


def test_unknown_identifier_without_a_close_match() -> None:
    text = HEADER + "items:\n  9.9.Z1:\n    status: not_met\n"
    assert problems(text) == [
        "ev.yaml:6:3: unknown identifier 9.9.Z1; expected an identifier of framework 2025 "
        "(see 'fhcheck criteria list --framework 2025')"
    ]


def test_identifier_only_in_framework_2022() -> None:
    text = HEADER + "items:\n  2.4.G4:\n    status: not_met\n"
    assert problems(text) == [
        "ev.yaml:6:3: identifier 2.4.G4 exists only in framework 2022; expected an identifier of framework 2025 "
        "(carry the file across with 'fhcheck migrate')"
    ]


def test_identifier_only_in_framework_2025() -> None:
    text = HEADER.replace('"2025"', '"2022"') + "items:\n  2.4.G5:\n    status: not_met\n"
    assert problems(text) == [
        "ev.yaml:6:3: identifier 2.4.G5 exists only in framework 2025; expected an identifier of framework 2022 "
        "(carry the file across with 'fhcheck migrate')"
    ]


def test_bad_status() -> None:
    text = HEADER + "items:\n  1.1.B1:\n    status: done\n"
    assert problems(text) == [f"ev.yaml:7:13: found 'done'; expected {STATUSES}"]


def test_yaml_11_boolean_as_status() -> None:
    text = HEADER + "items:\n  1.1.B1:\n    status: no\n"
    assert problems(text) == [
        f"ev.yaml:7:13: found no (a YAML 1.1 boolean: quote it if you mean the word); expected {STATUSES}"
    ]


def test_yaml_11_boolean_as_local_authority() -> None:
    text = HEADER.replace("Testshire County Council", "Yes")
    assert problems(text) == [
        "ev.yaml:3:18: found Yes (a YAML 1.1 boolean: quote it if you mean the word); "
        "expected text (put it in quotes if it is meant as text)"
    ]


def test_quoted_yaml_11_word_is_text() -> None:
    assert problems(HEADER.replace("Testshire County Council", '"No"')) == []


def test_impossible_date() -> None:
    text = HEADER.replace("2025-10-01", "2025-02-30")
    assert problems(text) == [
        "ev.yaml:4:14: found '2025-02-30', which is not a calendar date; expected a real date YYYY-MM-DD"
    ]


def test_impossible_date_in_evidence() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        url: https://example.gov.uk/offer
        date: 2025-13-01
"""
    assert problems(text) == [
        "ev.yaml:11:15: found '2025-13-01', which is not a calendar date; expected a real date YYYY-MM-DD"
    ]


def test_datetime_instead_of_date() -> None:
    text = HEADER.replace("2025-10-01", "2025-10-01 09:30:00")
    assert problems(text) == [
        "ev.yaml:4:14: found the date and time 2025-10-01T09:30:00; expected a date written YYYY-MM-DD, "
        "without a time"
    ]


def test_number_instead_of_date() -> None:
    text = HEADER + "items:\n  1.1.B1:\n    status: not_met\n    due: 20260331\n"
    assert problems(text) == ["ev.yaml:8:10: found the number 20260331; expected a date written YYYY-MM-DD"]


def test_quoted_date_is_accepted() -> None:
    assert problems(HEADER.replace("2025-10-01", '"2025-10-01"')) == []


def test_evidence_without_url_or_path() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        kind: publication
"""
    assert problems(text) == ["ev.yaml:9:9: found neither url nor path; expected at least one of url or path"]


def test_bad_url() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        url: www.example.gov.uk/offer
"""
    assert problems(text) == [
        "ev.yaml:10:14: found 'www.example.gov.uk/offer'; expected a web address starting https:// or http://"
    ]


def test_bad_sha256() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        url: https://example.gov.uk/offer
        sha256: 68bc435d
"""
    assert problems(text) == [
        "ev.yaml:11:17: found '68bc435d'; expected the 64 hexadecimal digits of a SHA-256 digest"
    ]


def test_sha256_without_a_path() -> None:
    """A digest can only be checked against a document in the repository, so a URL-only entry may not carry one."""
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        url: https://example.gov.uk/offer
        sha256: 68bc435d2f9adf43c6fba916af3583aec4fd8127b267046277a71742b3b38977
"""
    assert problems(text) == [
        "ev.yaml:9:9: found sha256 without a path; expected sha256 only on an entry that cites a path"
    ]


def test_unknown_kind() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        url: https://example.gov.uk/offer
        kind: report
"""
    assert problems(text) == [f"ev.yaml:11:15: found kind 'report'; expected one of {KINDS}"]


def test_empty_title() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: ""
        url: https://example.gov.uk/offer
"""
    assert problems(text) == ["ev.yaml:9:16: found an empty string; expected non-empty text"]


def test_unknown_framework_version_lists_the_known_ones() -> None:
    text = HEADER.replace('"2025"', '"2030"')
    assert problems(text) == ["ev.yaml:2:12: found framework version '2030'; expected one of 2022, 2025"]


def test_unquoted_framework_version_is_accepted() -> None:
    assert problems(HEADER.replace('"2025"', "2025")) == []


def test_unknown_format_version() -> None:
    text = HEADER.replace("fhcheck: 1", "fhcheck: 2")
    assert problems(text) == ["ev.yaml:1:10: found format version 2; expected one of 1"]


def test_boolean_format_version() -> None:
    text = HEADER.replace("fhcheck: 1", "fhcheck: true")
    assert problems(text) == ["ev.yaml:1:10: found format version the boolean true; expected one of 1"]


@pytest.mark.parametrize(
    ("text", "found"),
    [("- fhcheck: 1\n", "a list"), ("fhcheck\n", "'fhcheck'"), ("42\n", "the number 42")],
)
def test_non_mapping_top_level(text: str, found: str) -> None:
    assert problems(text) == [
        f"ev.yaml:1:1: found {found} at the top of the file; expected a mapping with fhcheck, framework, "
        "local_authority, assessed_on and items"
    ]


def test_items_as_a_list() -> None:
    text = HEADER + "items:\n  - 1.1.B1\n"
    assert problems(text) == ["ev.yaml:6:3: found a list; expected a mapping of keys to values"]


def test_item_as_a_word() -> None:
    text = HEADER + "items:\n  1.1.B1: met\n"
    assert problems(text) == ["ev.yaml:6:11: found 'met'; expected a mapping of keys to values"]


def test_evidence_as_a_mapping() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      title: Offer
      url: https://example.gov.uk/offer
"""
    assert problems(text) == ["ev.yaml:9:7: found a mapping; expected a list"]


def test_carried_from_with_bad_values() -> None:
    text = HEADER + """\
items:
  1.1.D1:
    status: partially_met
    carried_from:
      framework: "2022"
      items: []
      change: moved
      reviewed: yes
"""
    assert problems(text) == [
        "ev.yaml:10:14: found a list; expected at least 1 entry",
        "ev.yaml:11:15: found 'moved'; expected one of reworded, merged, split or replaced",
        "ev.yaml:12:17: found yes (a YAML 1.1 boolean: quote it if you mean the word); expected true or false",
    ]


def test_missing_top_level_fields_point_at_the_top_mapping() -> None:
    text = 'fhcheck: 1\nframework: "2025"\nitems: {}\n'
    assert problems(text) == [
        "ev.yaml:1:1: assessed_on is missing; expected assessed_on in this mapping",
        "ev.yaml:1:1: local_authority is missing; expected local_authority in this mapping",
    ]


def test_missing_status_points_at_the_item_mapping() -> None:
    text = HEADER + "items:\n  1.1.B1:\n    note: soon\n"
    assert problems(text) == ["ev.yaml:7:5: status is missing; expected status in this mapping"]


def test_missing_title_points_at_the_evidence_entry() -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - url: https://example.gov.uk/offer
        kind: publication
"""
    assert problems(text) == ["ev.yaml:9:9: title is missing; expected title in this mapping"]


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
        "items, programmes, retired",
        f"ev.yaml:8:13: found no (a YAML 1.1 boolean: quote it if you mean the word); expected {STATUSES}",
        f"ev.yaml:12:15: found kind 'report'; expected one of {KINDS}",
        "ev.yaml:17:14: found 'ftp://example.gov.uk/hub'; expected a web address starting https:// or http://",
        "ev.yaml:18:3: identifier 2.4.G4 exists only in framework 2022; expected an identifier of framework 2025 "
        "(carry the file across with 'fhcheck migrate')",
        "ev.yaml:20:3: unknown identifier 1.1.B9; expected an identifier of framework 2025 such as 1.1.B4 "
        "(see 'fhcheck criteria list --framework 2025')",
    ]


def test_every_problem_of_one_evidence_entry_is_reported() -> None:
    """A bad kind must not hide the missing url/path of the same entry."""
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        kind: report
"""
    assert problems(text) == [
        "ev.yaml:9:9: found neither url nor path; expected at least one of url or path",
        f"ev.yaml:10:15: found kind 'report'; expected one of {KINDS}",
    ]


# --- duplicate keys, which the loader refuses before validation (DESIGN: errors with a location) ---


def test_duplicate_key() -> None:
    text = HEADER + "items:\n  1.1.B1:\n    status: met\n    status: not_met\n"
    assert problems(text) == ["ev.yaml:8:5: duplicate key 'status' (first at line 7); expected each key once"]


def test_duplicate_item() -> None:
    text = HEADER + "items:\n  1.1.B1:\n    status: met\n  1.1.B1:\n    status: not_met\n"
    assert problems(text) == ["ev.yaml:8:3: duplicate key '1.1.B1' (first at line 6); expected each key once"]


# --- cited documents, checked by validate but not by the schema ------------------------------


def _validate_file(tmp_path: Path, text: str) -> list[str]:
    evidence = tmp_path / "ev.yaml"
    evidence.write_text(textwrap.dedent(text), encoding="utf-8")
    outcome = assess_file(evidence, "ev.yaml", default_store(), Options(validate_only=True))
    assert isinstance(outcome, InvalidFile)
    return [str(problem) for problem in outcome.problems]


def test_path_outside_the_folder(tmp_path: Path) -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        path: ../offer.pdf
"""
    assert _validate_file(tmp_path, text) == [
        "ev.yaml:10:15: path '../offer.pdf' leads outside the evidence file's folder; "
        "expected a document inside it"
    ]


def test_missing_document_is_a_validation_problem(tmp_path: Path) -> None:
    text = HEADER + """\
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer
        path: docs/offer.pdf
"""
    assert _validate_file(tmp_path, text) == [
        "ev.yaml:10:15: cited document docs/offer.pdf does not exist; expected an existing, unchanged document"
    ]
