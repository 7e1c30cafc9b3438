"""``fhcheck compare OLD NEW`` end to end: formats, files, exit statuses and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import cli, installed_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compare"
OLD = str(FIXTURES / "brookfield-2024.yaml")
NEW = str(FIXTURES / "brookfield-2025.yaml")
pytestmark = pytest.mark.usefixtures("plain_output")


def test_a_regression_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "compare", OLD, NEW)
    assert (status, err) == (1, "")
    assert "1 regressed · 1 newly stale · 1 newly overdue · 2 improved · 1 changed" in out


def test_informational_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "compare", OLD, NEW, "--informational")[0] == 0
    assert cli(capsys, "compare", OLD, NEW, "--no-fail-on-regression")[0] == 0


def test_only_improvements_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "compare", NEW, NEW, "--format", "json")
    assert status == 0
    assert json.loads(out)["items"] == []


def test_json_across_versions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(
        capsys, "compare", str(FIXTURES / "brookfield-2022.yaml"), str(FIXTURES / "brookfield-2025-merged.yaml"), "-F", "json"
    )
    record = json.loads(out)
    assert status == 1
    assert (record["old"]["framework"], record["new"]["framework"], record["across_versions"]) == ("2022", "2025", True)
    assert [(i["id"], i["change"], i["then_ids"]) for i in record["items"]] == [
        ("2.4.G5", "improved", ["2.4.G3", "2.4.G4"]),
        ("3.1.G3", "regressed", ["3.1.G1", "3.1.G2"]),
    ]
    assert [u["id"] for u in record["unmapped"]] == ["3.1.D1", "3.2.G2"]


def test_markdown_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "delta.md"
    status, out, _ = cli(capsys, "compare", OLD, NEW, "--format", "markdown", "--output", str(target))
    assert (status, out) == (1, "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Family hubs assessment compared\n")
    assert "- The new file moves **1.1.B1** from `not_met` to `met`." in text
    status, _, err = cli(capsys, "compare", OLD, NEW, "--format", "markdown", "--output", str(target))
    assert status == 2 and "already exists" in err
    assert cli(capsys, "compare", OLD, NEW, "-F", "markdown", "-o", str(target), "--force")[0] == 1


def test_an_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "compare", OLD, NEW, "--format", "xml")
    assert (status, out) == (2, "")
    assert err == "fhcheck: unknown format 'xml'; expected one of table, json, markdown, html\n"


def test_an_invalid_file_exits_2_with_located_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('fhcheck: 1\nframework: "2025"\nlocal_authority: X\nassessed_on: 2025-10-01\nitems:\n  9.9.B1: {}\n')
    status, out, err = cli(capsys, "compare", OLD, str(bad))
    assert (status, out) == (2, "")
    assert err.startswith(f"{bad}:6:3: ")


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = cli(capsys, "compare", OLD, str(tmp_path / "nope.yaml"))
    assert status == 2 and "no such file" in err


def test_through_the_installed_entry_point() -> None:
    command = installed_script("fhcheck")
    args = [command] if command else [sys.executable, "-m", "fhcheck"]
    done = subprocess.run(
        [*args, "compare", OLD, NEW, "--format", "markdown"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr
    assert "This change" not in done.stdout and "The new file lets **1.1.B3** go stale" in done.stdout


def test_html_is_the_board_paper_with_the_changes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "compare", OLD, NEW, "--format", "html", "--informational")
    assert status == 0 and out.startswith("<!DOCTYPE html>")
    changes = out[out.index("Changes since the previous assessment"):out.index("Top risks")]
    assert "Worse than at the previous assessment (1 October 2024) in some places." in changes
    assert "2 expectations improved, 3 got worse." in changes
    assert '<th scope="row">1.1.B2</th><td>Met</td><td>No evidence that counts</td><td>Worse</td>' in changes
    assert '<th scope="row">2.3.D1</th><td>Not met</td><td>Not met (plan overdue)</td><td>Worse</td>' in changes
    assert '<th scope="row">1.1.B1</th><td>Not met</td><td>Met</td><td>Better</td>' in changes
