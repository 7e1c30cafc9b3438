"""One pipeline for every source of an evidence file (issue 15): a file on disk, standard input
and text read elsewhere (a git revision) are judged alike, with the same limits."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from fhcheck.assessment import AssessOptions, assess_file, assess_text
from fhcheck.catalogue import default_store
from fhcheck.results import FileResult, InvalidFile
from helpers import cli, many_entries

ROOT = Path(__file__).resolve().parents[2]
REPO = ROOT / "tests" / "fixtures" / "ci" / "repo"
HEADER = 'fhcheck: 1\nframework: "2025"\nlocal_authority: Brookfield Borough Council\nassessed_on: 2025-10-01\nitems:\n'
pytestmark = pytest.mark.usefixtures("plain_output")


def test_text_read_elsewhere_is_judged_as_the_same_file_on_disk() -> None:
    path = REPO / "passing.yaml"
    on_disk = assess_file(path, "passing.yaml", default_store(), AssessOptions())
    from_text = assess_text(path.read_bytes(), "passing.yaml", path, default_store(), AssessOptions())
    assert isinstance(on_disk, FileResult) and from_text == on_disk
    assert assess_text(path.read_text(), "passing.yaml", path, default_store(), AssessOptions()) == on_disk


def test_text_over_max_bytes_is_refused_before_it_is_parsed() -> None:
    outcome = assess_text(b"x" * 2000, "HEAD:ev.yaml", REPO / "ev.yaml", default_store(), AssessOptions(max_bytes=1000))
    assert isinstance(outcome, InvalidFile)
    assert [str(p) for p in outcome.problems] == [
        "HEAD:ev.yaml: file is 2,000 bytes; expected at most 1,000 bytes (raise the limit with --max-bytes)"
    ]


def test_text_holds_as_many_values_as_max_bytes_allows() -> None:
    text = many_entries(HEADER, 6_500)
    refused = assess_text(text, "ev.yaml", REPO / "ev.yaml", default_store(), AssessOptions())
    assert isinstance(refused, InvalidFile)
    assert refused.problems[0].message.startswith("the file holds more than 50,000 values;")
    raised = AssessOptions(max_bytes=10 * 1024 * 1024)
    assert isinstance(assess_text(text, "ev.yaml", REPO / "ev.yaml", default_store(), raised), FileResult)


def test_standard_input_holds_as_many_values_as_max_bytes_allows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = many_entries(HEADER, 6_500).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    status, out, err = cli(capsys, "assess", "-", "--fail-under", "none")
    assert status == 2 and "-:22258:9: the file holds more than 50,000 values" in out + err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    status, out, err = cli(capsys, "assess", "-", "--max-bytes", str(10 * 1024 * 1024), "--fail-under", "none")
    assert (status, err) == (0, "") and "Brookfield Borough Council" in out
