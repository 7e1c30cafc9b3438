"""``fhcheck assess -`` and ``fhcheck validate -``: one evidence file from standard input,
its cited documents resolved from the current folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPO = ROOT / "tests" / "fixtures" / "ci" / "repo"


def fhcheck(*args: str, stdin: bytes, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "fhcheck", *args], input=stdin, capture_output=True, timeout=120, check=False, cwd=cwd
    )
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def test_assess_reads_standard_input_with_documents_from_the_current_folder() -> None:
    done = fhcheck("assess", "-", "--format", "json", stdin=(REPO / "passing.yaml").read_bytes(), cwd=REPO)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    expected = json.loads(fhcheck("assess", "passing.yaml", "--format", "json", stdin=b"", cwd=REPO).stdout)
    assert [r["file"] for r in data["results"]] == ["-"]
    assert data["results"][0]["items"] == expected["results"][0]["items"]


def test_validate_reads_standard_input_and_names_it_dash(tmp_path: Path) -> None:
    done = fhcheck("validate", "-", stdin=(REPO / "passing.yaml").read_bytes(), cwd=REPO)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == "-: valid (framework 2025, Brightwater Borough Council)"
    elsewhere = fhcheck("validate", "-", stdin=(REPO / "passing.yaml").read_bytes(), cwd=tmp_path)
    assert elsewhere.returncode == 1  # valid, with findings: a missing document is a finding on its item
    assert "cited document docs/board-minutes.md does not exist" in elsewhere.stderr
    assert elsewhere.stderr.endswith("0 valid, 1 valid with findings, 0 invalid\n")
    assert elsewhere.stderr.startswith("-:")


def test_bad_input_on_standard_input_is_located() -> None:
    done = fhcheck("validate", "-", stdin=b"x: [\n", cwd=REPO)
    assert done.returncode == 2
    assert done.stderr.startswith("-:2:1: YAML syntax error")
    assert "Traceback" not in done.stderr


def test_standard_input_at_most_once_and_never_in_a_worker() -> None:
    twice = fhcheck("validate", "-", "-", stdin=(REPO / "passing.yaml").read_bytes(), cwd=REPO)
    assert twice.returncode == 2 and "-: standard input named twice; expected '-' at most once" in twice.stderr
    piped = (REPO / "passing.yaml").read_bytes()
    jobs = fhcheck("assess", "-", "failing.yaml", "--jobs", "2", "--format", "json", stdin=piped, cwd=REPO)
    assert [r["file"] for r in json.loads(jobs.stdout)["results"]] == ["-", "failing.yaml"]


def test_too_much_on_standard_input_is_refused() -> None:
    done = fhcheck("validate", "-", "--max-bytes", "100", stdin=(REPO / "passing.yaml").read_bytes(), cwd=REPO)
    assert done.returncode == 2 and done.stderr.startswith("-:")


def test_assess_quiet_prints_nothing_but_problems_and_keeps_the_status(tmp_path: Path) -> None:
    failing = fhcheck("assess", "failing.yaml", "--quiet", stdin=b"", cwd=REPO)
    assert (failing.returncode, failing.stdout, failing.stderr) == (1, "", "")
    report = tmp_path / "r.json"
    args = ("assess", "-q", "passing.yaml", "--format", f"json:{report}", "--format", "table")
    passing = fhcheck(*args, stdin=b"", cwd=REPO)
    assert (passing.returncode, passing.stdout) == (0, "")
    assert json.loads(report.read_text(encoding="utf-8"))["passed"] is True
    invalid = fhcheck("assess", "-q", "../invalid/bad.yaml", stdin=b"", cwd=REPO)
    assert invalid.returncode == 2 and invalid.stdout == ""
    assert invalid.stderr.startswith("../invalid/bad.yaml:9:13: found 'done'")
