"""``fhcheck programmes`` and ``fhcheck feed`` end to end: output, exit statuses, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import cli

ROOT = Path(__file__).resolve().parents[2]
PROGRAMMES = ROOT / "tests" / "fixtures" / "programmes"
ORUK = ROOT / "tests" / "fixtures" / "oruk"
pytestmark = pytest.mark.usefixtures("plain_output")


def rows(out: str) -> dict[str, list[str]]:
    """Table rows by programme name (first line of each row), cells stripped."""
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            if cells[0] and cells[1]:
                found[cells[0]] = cells
    return found


# --- fhcheck programmes ----------------------------------------------------------------------


def test_programmes_prints_the_register_as_judged(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "programmes", str(PROGRAMMES / "register.yaml"))
    assert (status, err) == (0, "")
    assert out.startswith("Programme register — Exampleshire County Council, assessed on 2025-10-01 (framework 2025, ")
    assert ("Evidence-based for 2.5.B1, 2.5.G1: rated 3 or above, rating read on or after 2023-10-01 (24-month "
            "window), delivered by a service. Cost ratings are reported, never judged.") in " ".join(out.split())
    table = rows(out)
    # name: rating, cost, read on, evidence-based
    assert {name: (c[1], c[3], c[4], c[6]) for name, c in table.items()} == {
        "Incredible": ("4+", "2 (£100–£499)", "2025-06-01", "yes"),
        "Family": ("3", "5 (over £2,000)", "2023-10-01", "yes"),
        "Parents as": ("3*", "not rated", "2025-06-01", "yes"),
        "Mellow": ("2+", "3 (£500–£999)", "2025-06-01", "no"),
        "Baby Steps": ("NE", "2 (£100–£499)", "2025-06-01", "no"),
        "Home-Start": ("NL2", "1 (under £100)", "2025-06-01", "no"),
        "Triple P": ("3+", "2 (£100–£499)", "2023-09-30", "no"),
        "Video": ("4", "4 (£1,000–£2,000)", "2025-06-01", "no"),
    }
    assert "3 of 8 programmes count as evidence-based\n" in out
    assert "  NE: no effect: the best evidence shows no effect or a negative impact\n" in out
    assert "  *: mixed findings" in out


def test_programmes_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "programmes", str(PROGRAMMES / "register.yaml"), "--format", "json")
    assert (status, err) == (0, "")
    payload = json.loads(out)
    assert (payload["framework"], payload["assessed_on"], payload["register"]) == ("2025", "2025-10-01", True)
    first = payload["programmes"][0]
    assert first == {
        "name": "Incredible Years Preschool",
        "guidebook": "https://guidebook.foundations.org.uk/programme/incredible-years-preschool",
        "evidence_rating": "4+",
        "level": "4+",
        "mixed_findings": False,
        "meaning": "meets level 4, with a third study and at least one study independent of the provider",
        "cost_rating": 2,
        "cost_meaning": "medium-low cost (£100–£499)",
        "rating_read_on": "2025-06-01",
        "delivered_by": ["Northtown Family Hub", "Southtown Family Hub"],
    }
    [judgement] = payload["judgements"]
    assert {k: judgement[k] for k in ("items", "min_rating", "freshness_months", "read_on_or_after", "satisfied")} == {
        "items": ["2.5.B1", "2.5.G1"], "min_rating": "3", "freshness_months": 24,
        "read_on_or_after": "2023-10-01", "satisfied": True,
    }
    standings = {p["name"]: (p["evidence_based"], p["reasons"], p["notes"]) for p in judgement["programmes"]}
    assert standings["Baby Steps"] == (False, ["programme 'Baby Steps' rated NE (no effect) does not count as "
                                               "evidence-based"], [])
    assert standings["Parents as First Teachers"][0] is True and len(standings["Parents as First Teachers"][2]) == 1
    assert standings["Video Interaction Guidance"][1] == [
        "programme 'Video Interaction Guidance' is not delivered by any service (delivered_by is empty)"
    ]


def test_min_rating_overrides_the_criteria(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "programmes", str(PROGRAMMES / "register.yaml"), "--min-rating", "4", "-F", "json")
    assert status == 0
    counted = [p["name"] for p in json.loads(out)["judgements"][0]["programmes"] if p["evidence_based"]]
    assert counted == ["Incredible Years Preschool"]


def test_a_register_where_nothing_counts_says_the_items_cannot_be_met(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "programmes", str(PROGRAMMES / "failing.yaml"))
    assert status == 0  # a report, not a verdict: assess decides
    assert "0 of 4 programmes count as evidence-based; 2.5.B1, 2.5.G1 cannot be met on this register.\n" in out


def test_a_file_without_a_register(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ev.yaml"
    path.write_text('fhcheck: 1\nframework: "2025"\nlocal_authority: X\nassessed_on: 2025-10-01\n', encoding="utf-8")
    status, out, _ = cli(capsys, "programmes", str(path))
    assert status == 0
    assert "No programme register: the file has no programmes: list." in out


def test_an_invalid_register_is_exit_2_with_located_messages(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ev.yaml"
    path.write_text(
        'fhcheck: 1\nframework: "2025"\nlocal_authority: X\nassessed_on: 2025-10-01\nprogrammes:\n'
        "  - name: Incredible Years\n    guidebook: https://g.example/iy\n    evidence_rating: 5\n"
        "    cost_rating: 2\n    rating_read_on: 2025-06-01\n",
        encoding="utf-8",
    )
    status, out, err = cli(capsys, "programmes", str(path))
    assert (status, out) == (2, "")
    assert err.startswith(f"{path}:8:22: found the number 5; expected an evidence rating as the Foundations Guidebook")


def test_an_unknown_min_rating_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(capsys, "programmes", str(PROGRAMMES / "register.yaml"), "--min-rating", "NE")
    assert status == 2
    assert err == "fhcheck: unknown level 'NE' for --min-rating; expected one of 2, 2+, 3, 3+, 4, 4+\n"


# --- fhcheck feed ------------------------------------------------------------------------------


def test_feed_conforming_exits_0_with_completeness(capsys: pytest.CaptureFixture[str]) -> None:
    path = ORUK / "conforming.json"
    status, out, err = cli(capsys, "feed", str(path))
    assert (status, err) == (0, "")
    assert out.startswith(f"{path}: conforms to Open Referral UK 3.0 (4 services)\n")
    assert out.splitlines()[1] == ("  read as Open Referral UK 3.0: an HSDS-UK 3.0 page (it has contents, total_items, "
                                   "total_pages, page_number); saved as one page")
    cells = {c[0]: c[1:3] for c in (
        [x.strip() for x in line.strip("│").split("│")] for line in out.splitlines() if line.startswith("│")) if c[0]}
    assert cells == {
        "contacts": ["50%", "2/4"], "locations": ["50%", "2/4"], "eligibility": ["25%", "1/4"],
        "age_range": ["50%", "2/4"], "opening_times": ["not shown", "0/4"], "taxonomy": ["50%", "2/4"],
        "description": ["25%", "1/4"],
    }


def test_feed_that_does_not_conform_exits_1_listing_json_paths(capsys: pytest.CaptureFixture[str]) -> None:
    path = ORUK / "missing-required.json"
    status, out, _ = cli(capsys, "feed", str(path), "--max-problems", "2", "--assessed-on", "2025-10-01")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"{path}: does not conform to Open Referral UK 3.0 (5 problems, 3 services)"
    assert lines[2:7] == [
        "  assured within 3 months 0%, within 12 months 0% (0/3 dated)",
        "  age coverage: no service states an age range",
        f"  {path}: $.contents[1].name: found an empty string; expected the service's name as non-empty text",
        f"  {path}: $.contents[1].status: found 'open'; expected one of active, inactive, defunct, temporarily closed",
        "  ... and 3 more problems (raise --max-problems to list them)",
    ]


def test_feed_bare_array_and_empty(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "feed", str(ORUK / "not-paginated.json"), "-F", "json")
    payload = json.loads(out)
    assert status == 0 and payload["conforms"] is True and payload["standard"] == "Open Referral UK 1.0"
    assert payload["shape"] == "a bare array of services"
    status, out, _ = cli(capsys, "feed", str(ORUK / "v1-page.json"), "-F", "json", "--assessed-on", "2025-10-01")
    payload = json.loads(out)
    assert status == 0 and payload["assured"] == {"within_3_months": 1, "within_12_months": 2, "dated": 2, "total": 3}
    assert payload["ages_uncovered"] == []
    status, out, _ = cli(capsys, "feed", str(ORUK / "empty.json"), "-F", "json")
    payload = json.loads(out)
    assert status == 0 and payload["services"] == 0
    assert payload["completeness"][0] == {
        "field": "contacts", "percent": None, "present": 0, "total": 0, "shown": False}


def test_feed_json_follows_its_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "feed", str(ORUK / "conforming.json"), "--format", "json")
    payload = json.loads(out)
    assert status == 0
    assert list(payload) == ["file", "standard", "detected", "shape", "conforms", "services", "total_items",
                             "page_number", "total_pages", "problems", "warnings", "completeness", "assured",
                             "ages_uncovered"]
    assert [c["field"] for c in payload["completeness"]] == ["contacts", "locations", "eligibility", "age_range",
                                                               "opening_times", "taxonomy", "description"]


def test_feed_reads_a_folder_of_pages_or_several_files(capsys: pytest.CaptureFixture[str]) -> None:
    folder = ORUK / "v1-pages"
    status, out, _ = cli(capsys, "feed", str(folder), "-F", "json")
    payload = json.loads(out)
    assert (status, payload["services"], payload["shape"]) == (0, 3, "2 page files")
    status, out, _ = cli(capsys, "feed", str(folder / "page-0.json"), str(folder / "page-1.json"), "-F", "json")
    assert json.loads(out)["services"] == 3


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: Path("/dev/zero"), "/dev/zero: is a device or socket, not a file; expected a saved JSON feed (a "
                                      "regular file)\n"),
        (lambda d: (os.mkfifo(d / "f.json"), d / "f.json")[1], "f.json: is a FIFO (named pipe); expected a saved JSON "
                                                               "feed (a regular file)\n"),
        (lambda d: (d / "nan.json").write_text('{"content": NaN}') and d / "nan.json",
         "nan.json: NaN is not valid JSON; expected standard JSON numbers\n"),
    ],
)
def test_feed_hostile_inputs_exit_2_with_one_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Any, message: str
) -> None:
    status, out, err = cli(capsys, "feed", str(make(tmp_path)))
    assert (status, out) == (2, "") and err.endswith(message) and err.count("\n") == 1


def test_feed_of_100_mb_is_refused_from_its_size(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    status, _, err = cli(capsys, "feed", str(big))
    assert status == 2 and err == (f"{big}: feed is 104,857,600 bytes; expected at most 33,554,432 bytes (a saved "
                                   "/services response of a few thousand services is well under it)\n")


def test_feed_unreadable_is_exit_2_with_line_and_column(capsys: pytest.CaptureFixture[str]) -> None:
    path = ORUK / "invalid-syntax.json"
    status, out, err = cli(capsys, "feed", str(path))
    assert (status, out) == (2, "")
    assert err == (f"{path}:4:16: not valid JSON (Expecting property name enclosed in double quotes); expected the "
                   "saved JSON response of a /services endpoint\n")


def test_feed_missing_file_and_bad_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = cli(capsys, "feed", str(tmp_path / "nope.json"))
    assert status == 2 and err.endswith("nope.json: no such file; expected a saved JSON feed\n")
    status, _, err = cli(capsys, "feed", str(ORUK / "empty.json"), "--format", "xml")
    assert status == 2 and err == "fhcheck: unknown format 'xml'; expected one of table, json\n"


def test_python_m_fhcheck_programmes(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "fhcheck", "programmes", str(PROGRAMMES / "failing.yaml"), "--format", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["judgements"][0]["satisfied"] is False


def test_feed_refuses_a_day_not_written_yyyy_mm_dd_as_init_does(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = cli(capsys, "feed", str(ORUK / "v1-page.json"), "--assessed-on", "01/10/2025")
    assert status == 2
    assert err == "fhcheck: found --assessed-on '01/10/2025'; expected a date written YYYY-MM-DD\n"
