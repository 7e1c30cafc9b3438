"""A closed pipe means the reader stopped reading: fhcheck stops writing, says nothing, and
exits with the status the run would have had (0, 1 or 2), however many files it assesses.

Each run writes more than a pipe holds (64 KiB on Linux) to a reader that takes one line
and closes its end, so the write that follows really meets EPIPE.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSING = ROOT / "examples" / "exampleshire-2025.yaml"
FAILING = ROOT / "examples" / "westmoor-2025-mistakes.yaml"
COPIES = 8  # 8 x 10 KB of table at least: past the pipe's buffer


@pytest.fixture
def invalid(tmp_path: Path) -> Path:
    bad = tmp_path / "broken.yaml"
    bad.write_text("x: [\n", encoding="utf-8")
    return bad


def closed_after_first_line(*args: str | Path) -> tuple[int, str, bytes]:
    """Run fhcheck with stdout a real pipe whose reader reads one line, then closes its end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "fhcheck", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    process.stderr.close()
    return process.wait(timeout=120), stderr, first


def test_a_passing_run_exits_0_when_the_reader_stops() -> None:
    status, stderr, first = closed_after_first_line("assess", *[PASSING] * COPIES)
    assert first
    assert (status, stderr) == (0, "")


def test_a_failing_run_exits_1_when_the_reader_stops() -> None:
    status, stderr, _ = closed_after_first_line("assess", *[FAILING] * COPIES)
    assert (status, stderr) == (1, "")


def test_the_files_after_the_point_the_pipe_closed_still_decide_the_status() -> None:
    """The one failing file is last, far beyond the line the reader took."""
    status, stderr, _ = closed_after_first_line("assess", *[PASSING] * COPIES, FAILING)
    assert (status, stderr) == (1, "")


def test_an_invalid_file_still_exits_2_with_only_its_problem_on_stderr(invalid: Path) -> None:
    status, stderr, _ = closed_after_first_line("assess", *[PASSING] * COPIES, invalid)
    assert status == 2
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{invalid}:2:1: YAML syntax error"), stderr
    assert "Traceback" not in stderr and "Broken pipe" not in stderr


def test_reports_written_to_files_are_still_written_after_the_pipe_closes(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    status, stderr, _ = closed_after_first_line("assess", *[FAILING] * COPIES, "--format", "table", "--format", f"json:{out}")
    assert (status, stderr) == (1, "")
    assert out.read_text(encoding="utf-8").startswith("{")


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="needs bash and head")
@pytest.mark.parametrize(("last", "expected"), [("passing", 0), ("failing", 1), ("invalid", 2)])
def test_head_1_in_a_shell_pipeline_keeps_the_status(last: str, expected: int, invalid: Path, tmp_path: Path) -> None:
    path = {"passing": PASSING, "failing": FAILING, "invalid": invalid}[last]
    files = " ".join(f"'{file}'" for file in [*[PASSING] * COPIES, path])
    status = tmp_path / "status"
    script = (
        f"set -o pipefail; '{sys.executable}' -m fhcheck assess --format json {files} | head -1 >/dev/null; "
        f"echo \"${{PIPESTATUS[0]}}\" > '{status}'"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert status.read_text(encoding="utf-8").strip() == str(expected), done
    if last == "invalid":
        assert done.stderr.startswith(f"{invalid}:2:1: YAML syntax error") and done.stderr.count("\n") == 1, done
    else:
        assert done.stderr == ""
