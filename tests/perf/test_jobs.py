"""``--jobs``: any number of processes writes the same bytes, in the same order, with the same
exit status; streamed reports (json, table) are the whole report, however they were spooled.

No timing here: speed and memory are measured by ``benchmarks/run.py`` only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from fhcheck.assessment import AUTO_JOBS_FROM, AssessOptions, assess_paths, worker_count
from fhcheck.catalogue import default_store

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("json", "table", "markdown", "junit", "sarif", "github", "html")


class _Fhcheck:
    """``fhcheck.cli.main`` in the shape CliRunner invokes, so the exit status is the real one."""

    name = "fhcheck"

    def main(self, args: Iterable[str] = (), prog_name: str | None = None, **_: Any) -> None:
        from fhcheck.cli import main

        main(list(args))


def run(*args: str) -> Result:
    env: dict[str, str | None] = {"NO_COLOR": "1", "FORCE_COLOR": None}
    return CliRunner().invoke(_Fhcheck(), list(args), catch_exceptions=False, env=env)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Several authorities' files in nested folders, one of them not valid YAML, one citing a
    missing document: the walk order, the invalid file's place and every verdict kind matter."""
    top = tmp_path_factory.mktemp("region")
    shutil.copytree(ROOT / "examples", top / "a-examples")
    shutil.copytree(ROOT / "tests" / "fixtures" / "assess", top / "b-fixtures")
    (top / "b-fixtures" / "c-broken.yaml").write_text("fhcheck: 1\nitems: [\n", encoding="utf-8")
    (top / "d-empty.yml").write_text("# nothing yet\n", encoding="utf-8")
    return top


def _outputs(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_processes_write_the_same_bytes_as_one(region: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(region)
    one = _outputs(run("assess", ".", "--format", fmt, "--jobs", "1"))
    two = _outputs(run("assess", ".", "--format", fmt, "--jobs", "2"))
    assert one[0] == 2  # an invalid file: the valid ones are still reported
    assert "c-broken.yaml" in one[2] and "d-empty.yml" in one[2]
    assert two == one


def test_more_processes_than_files_and_several_formats_at_once(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(region)
    args = ("assess", "a-examples", "b-fixtures/hillford-2022.yaml", "--fail-under", "none", "--format", "json")
    one = run(*args, "--format", "sarif:one.sarif", "--format", "table:one.txt", "--jobs", "1")
    many = run(*args, "--format", "sarif:many.sarif", "--format", "table:many.txt", "--jobs", "7")
    assert _outputs(many) == _outputs(one)
    assert one.exit_code == 0
    for suffix in ("sarif", "txt"):
        assert (region / f"many.{suffix}").read_bytes() == (region / f"one.{suffix}").read_bytes()


def test_validate_in_two_processes_prints_the_same(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(region)
    one = _outputs(run("validate", ".", "--jobs", "1"))
    assert one[0] == 2
    assert _outputs(run("validate", ".", "--jobs", "2")) == one


def test_streamed_json_is_one_valid_document_in_walk_order(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(region)
    result = run("assess", ".", "--format", "json", "--jobs", "2")
    document = json.loads(result.stdout)
    assert [r["file"] for r in document["results"]] == [
        "a-examples/exampleshire-2025.yaml",
        "a-examples/northbury-2022.yaml",
        "a-examples/westmoor-2025-mistakes.yaml",
        "b-fixtures/hillford-2022.yaml",
        "b-fixtures/riverside-2025.yaml",
    ]
    assert document["passed"] is False
    assert {e["file"] for e in document["errors"]} == {"b-fixtures/c-broken.yaml", "d-empty.yml"}


def test_a_spool_that_overflows_to_disk_writes_the_same_report(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fhcheck.cli import reports

    monkeypatch.chdir(region)
    in_memory = _outputs(run("assess", ".", "--format", "json", "--format", "table:t1.txt"))
    monkeypatch.setattr(reports.PieceSpool, "MEMORY", 1000)  # every piece after the first goes to a temporary file
    on_disk = _outputs(run("assess", ".", "--format", "json", "--format", "table:t2.txt"))
    assert on_disk == in_memory
    assert (region / "t2.txt").read_bytes() == (region / "t1.txt").read_bytes()


def test_the_streamed_report_is_the_renderers_whole_report(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a run writes piece by piece is exactly ``render`` of the whole Report."""
    from fhcheck import __version__
    from fhcheck.report.registry import render_report
    from fhcheck.results import FileResult, InvalidFile
    from fhcheck.views import Report

    monkeypatch.chdir(region)
    outcomes = list(assess_paths(["."], default_store(), AssessOptions()))
    report = Report(
        tuple(o for o in outcomes if isinstance(o, FileResult)),
        tuple(o for o in outcomes if isinstance(o, InvalidFile)),
        "minimum",
        __version__,
    )
    for fmt in ("json", "table"):
        assert run("assess", ".", "--format", fmt).stdout == render_report(fmt, report)
    assert render_report("json", report) == json.dumps(_record(report), indent=2, ensure_ascii=False) + "\n"


def _record(report: Any) -> Any:
    from fhcheck.report.json import report_record

    return report_record(report)


def test_without_jobs_many_files_use_every_core_and_write_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = (ROOT / "examples" / "northbury-2022.yaml").read_text(encoding="utf-8")
    shutil.copytree(ROOT / "examples" / "docs", tmp_path / "docs")
    for number in range(AUTO_JOBS_FROM):
        (tmp_path / f"la-{number:03d}.yaml").write_text(source.replace("Northbury", f"Authority {number:03d}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    automatic = _outputs(run("assess", ".", "--format", "json"))
    assert automatic == _outputs(run("assess", ".", "--format", "json", "--jobs", "1"))
    assert len(json.loads(automatic[1])["results"]) == AUTO_JOBS_FROM


@pytest.mark.parametrize(
    ("jobs", "files", "cores", "expected"),
    [
        (1, 500, 8, 1),
        (4, 500, 2, 2),  # never more than the cores (--jobs 100000 would start a process per file)
        (100000, 500, 2, 2),
        (4, 3, 8, 3),  # never more than there are files
        (2, 0, 8, 1),
        (None, AUTO_JOBS_FROM - 1, 8, 1),
        (None, AUTO_JOBS_FROM, 2, 2),
        (None, 5000, 64, 8),
        (None, 5000, 1, 1),
    ],
)
def test_worker_count(jobs: int | None, files: int, cores: int, expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert worker_count(jobs, files) == expected


def test_jobs_must_be_positive() -> None:
    result = run("assess", "examples", "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_a_real_process_with_two_jobs(region: Path) -> None:
    args = [sys.executable, "-m", "fhcheck", "assess", ".", "--format", "json"]
    env = {**os.environ, "NO_COLOR": "1"}
    one = subprocess.run([*args, "--jobs", "1"], capture_output=True, text=True, cwd=region, env=env, timeout=300, check=False)
    two = subprocess.run([*args, "--jobs", "2"], capture_output=True, text=True, cwd=region, env=env, timeout=300, check=False)
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr) == (2, one.stdout, one.stderr)
    assert "Traceback" not in two.stderr
