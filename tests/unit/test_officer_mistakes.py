"""Issue 17: the mistakes officers really make, each answered at its own line and column.

One case per row of the issue's table; each asserts the exact position and the words
that name the cause (and the suggested fix), not just that the file is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import textwrap
from pathlib import Path

import pytest

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.results import FileResult, InvalidFile
from fhcheck.suggest import suggest
from tests.helpers import cli
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


@pytest.mark.parametrize(
    ("found", "meant"), [("Publication", "publication"), ("web page", "web_page"), ("report", "evaluation")]
)
def test_kind_near_misses(found: str, meant: str) -> None:
    [message] = problems(evidence("- title: Plan", "  url: https://example.org/plan", f"  kind: {found}"))
    assert message.startswith(f"ev.yaml:11:15: found kind {found!r}; expected one of publication, web_page, ")
    assert message.endswith(f"(did you mean {meant!r}?)")


def test_key_near_misses_at_every_level() -> None:
    text = HEADER.replace("local_authority:", "local_authorty:") + "items:\n  1.1.B1:\n    staus: met\n"
    assert problems(text) == [
        "ev.yaml:1:1: local_authority is missing; expected local_authority in this mapping",
        "ev.yaml:3:1: unknown key local_authorty; expected one of fhcheck, framework, local_authority, assessed_on, "
        "items, programmes, funding_stream, retired (did you mean 'local_authority'?)",
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


def _cited(tmp_path: Path, path: str) -> list[str]:
    """The problems of an evidence file in ``evidence/mistakes/`` of a repository citing ``path``."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "Policies").mkdir(parents=True)
    (tmp_path / "docs" / "Policies" / "X.txt").write_text("policy\n", encoding="utf-8")
    (tmp_path / "docs" / "policies.txt").write_text("policies\n", encoding="utf-8")
    folder = tmp_path / "evidence" / "mistakes"
    folder.mkdir(parents=True)
    file = folder / "ev.yaml"
    file.write_text(textwrap.dedent(evidence("- title: Policy", f"  path: '{path}'")), encoding="utf-8")
    outcome = assess_file(file, "ev.yaml", default_store(), AssessOptions(validate_only=True))
    return [str(p) for p in getattr(outcome, "problems", ())] + [
        f"{w.location}: {w.message}" for w in getattr(outcome, "findings", ())
    ]


def test_a_path_relative_to_the_wrong_folder_gets_the_right_one(tmp_path: Path) -> None:
    assert _cited(tmp_path, "docs/Policies/X.txt") == [
        "ev.yaml:10:15: cited document docs/Policies/X.txt does not exist (paths are relative to the evidence "
        "file's folder, evidence/mistakes/; did you mean ../../docs/Policies/X.txt?); expected an existing, "
        "unchanged document"
    ]


def test_a_path_with_other_capitals_gets_the_real_spelling(tmp_path: Path) -> None:
    assert _cited(tmp_path, "../../docs/policies/x.txt") == [
        "ev.yaml:10:15: cited document ../../docs/policies/x.txt does not exist (it exists with different "
        "capitals: ../../docs/Policies/X.txt); expected an existing, unchanged document"
    ]


def test_a_windows_path_gets_the_same_verdict_everywhere_and_its_forward_slash_form(tmp_path: Path) -> None:
    assert _cited(tmp_path, "..\\..\\docs\\Policies\\X.txt") == [
        "ev.yaml:10:15: cited path ..\\..\\docs\\Policies\\X.txt uses backslashes, which only Windows reads as "
        "folders (write it ../../docs/Policies/X.txt, which works on every system); expected an existing, "
        "unchanged document"
    ]


def test_a_folder_instead_of_a_file_names_a_file_inside_it(tmp_path: Path) -> None:
    assert _cited(tmp_path, "../../docs/Policies") == [
        "ev.yaml:10:15: cited path ../../docs/Policies is not a file (it is a folder; cite a file inside it, "
        "such as ../../docs/Policies/X.txt); expected an existing, unchanged document"
    ]


def test_a_changed_document_shows_digests_that_visibly_differ(tmp_path: Path) -> None:
    actual = hashlib.sha256(b"now\n").hexdigest()
    signed = actual[:20] + ("0" if actual[20] != "0" else "1") + actual[21:]  # the same first 20 digits
    (tmp_path / "x.txt").write_text("now\n", encoding="utf-8")
    file = tmp_path / "ev.yaml"
    file.write_text(evidence("- title: X", "  path: x.txt", f"  sha256: {signed}"), encoding="utf-8")
    outcome = assess_file(file, "ev.yaml", default_store(), AssessOptions(validate_only=True))
    assert isinstance(outcome, InvalidFile) and outcome.with_findings
    assert [str(p) for p in outcome.problems] == [
        f"ev.yaml:10:15: cited document x.txt has changed since sign-off (sha256 {actual[:24]}…, "
        f"signed off as {signed[:24]}…); expected an existing, unchanged document"
    ]


FINDINGS_FILE = """\
fhcheck: 1
framework: "2025"
local_authority: Testshire County Council
assessed_on: 2025-10-01
items:
  1.1.B1:
    status: met
    evidence:
      - title: Offer page
        url: https://example.org/offer
        kind: web_page
        date: 2025-09-01
      - title: Old leaflet
        path: docs/leaflet.pdf
        kind: publication
        date: 2025-09-01
      - title: Board paper
        url: https://example.org/paper
        kind: publication
        date: 2026-09-01
  1.1.B2:
    status: not_met
    plan: Brand the network
    due: 2025-11-15
    owner: Head of Early Help
"""


def _outcome(tmp_path: Path, validate_only: bool) -> object:
    file = tmp_path / "ev.yaml"
    file.write_text(FINDINGS_FILE, encoding="utf-8")
    return assess_file(file, "ev.yaml", default_store(), AssessOptions(validate_only=validate_only))


def test_validate_reports_a_missing_document_located_as_a_finding_not_invalid(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path, validate_only=True)
    assert isinstance(outcome, InvalidFile) and outcome.with_findings
    assert [str(p) for p in outcome.problems] == [
        "ev.yaml:14:15: cited document docs/leaflet.pdf does not exist; expected an existing, unchanged document"
    ]


def test_assess_shows_findings_with_the_item_and_plans_due_soon_under_coming_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _outcome(tmp_path, validate_only=False)
    assert isinstance(result, FileResult)
    offer, brand = result.items[0], result.items[1]
    assert offer.verdict == "met"
    assert offer.warnings == (
        "evidence 'Old leaflet' (line 14): cited document docs/leaflet.pdf does not exist",
        "entry at line 20 is dated 2026-09-01, after the assessment date 2025-10-01 — a typo?",
    )
    assert offer.upcoming == ()
    assert brand.upcoming == ("plan due 2025-11-15, owner Head of Early Help",)
    _, text, _ = cli(capsys, "assess", str(tmp_path / "ev.yaml"))
    text = " ".join(text.split())  # the table wraps to the terminal
    findings, coming = text.split("Findings")[1].split("Coming up")
    assert "1.1.B1" in findings and "docs/leaflet.pdf does not exist" in findings and "1.1.B2" not in findings
    assert "1.1.B2" in coming and "plan due 2025-11-15, owner Head of Early Help" in coming
    assert "leaflet" not in coming


def test_validate_exits_1_valid_with_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ev.yaml").write_text(FINDINGS_FILE, encoding="utf-8")
    status, out, err = cli(capsys, "validate", str(tmp_path / "ev.yaml"))
    assert status == 1
    assert err.splitlines() == [
        f"{tmp_path / 'ev.yaml'}:14:15: cited document docs/leaflet.pdf does not exist; "
        "expected an existing, unchanged document",
        "0 valid, 1 valid with findings, 0 invalid",
    ]


def test_items_left_as_an_empty_mapping_points_at_the_braces() -> None:
    text = HEADER + "items: {}\n\n  # uncommented from fhcheck init:\n  1.1.B1:\n    status: met\n"
    assert problems(text) == [
        "ev.yaml:5:8: found 'items: {}' (an empty mapping) with entries indented below it; "
        "expected 'items:' on its own (change 'items: {}' to 'items:')"
    ]


@pytest.mark.parametrize(
    "before",
    [pytest.param([], id="first-item"), pytest.param(["1.1.B2:", "  status: not_met"], id="after-another-item")],
)
def test_one_item_written_as_a_list_entry_is_pointed_at(before: list[str]) -> None:
    lines = [*before, "- 1.1.B1:", "  status: met", "1.1.B3:", "  status: not_met"]
    assert problems(items(*lines)) == [
        f"ev.yaml:{6 + len(before)}:3: found a list entry '- 1.1.B1:' where the entries around it are keys; "
        "expected '1.1.B1:' without the '- '"
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("10/06/2025", "(did you mean 2025-06-10?)"),
        ("45818", "(45818 looks like a spreadsheet date number: 2025-06-10?)"),
    ],
)
def test_dates_officers_type_get_the_date_they_meant(written: str, hint: str) -> None:
    text = evidence("- title: Plan", "  url: https://example.org/plan", f"  date: {written}")
    [message] = problems(text)
    assert message.startswith("ev.yaml:11:15: found ")
    assert message.endswith(f"; expected a date written YYYY-MM-DD {hint}")


def test_a_sharepoint_address_with_spaces_names_the_spaces() -> None:
    url = "https://westmoor.sharepoint.com/sites/Family Hubs/plan.docx"
    assert problems(evidence("- title: Plan", f"  url: {url}")) == [
        f"ev.yaml:10:14: found {url!r}, a web address with spaces in it; expected a web address without spaces "
        f"(write each space as %20, {url.replace(' ', '%20')}, or copy the link from the browser's address bar)"
    ]


def test_an_assessment_dated_after_today_is_warned_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = dt.date.today() + dt.timedelta(days=400)
    file = tmp_path / "ev.yaml"
    file.write_text(HEADER.replace("2025-10-01", later.isoformat()) + "items: {}\n", encoding="utf-8")
    status, out, _ = cli(capsys, "validate", str(file))
    assert status == 0
    assert out.splitlines()[1] == (
        f"{file}:4:14: found assessed_on {later.isoformat()}, later than today ({dt.date.today().isoformat()}); "
        "expected the day of the assessment (evidence goes stale, and plans fall due, counted from it)"
    )
    _, table, _ = cli(capsys, "assess", str(file))
    assert f"warning: {file}:4:14: found assessed_on {later.isoformat()}, later than today" in " ".join(table.split())
