"""``fhcheck assess`` end to end: finding files, the JSON contract, output files, colour,
several files at once, the golden reports, and one real process of each kind.

Most runs are in-process (click's CliRunner around ``fhcheck.cli.main``, so exit statuses
are the real ones); two run as subprocesses, as ``python -m fhcheck`` and as the installed
``fhcheck`` entry point.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from fhcheck import __version__
from fhcheck.catalogue import default_store
from helpers import KNOWN_VERSIONS, golden_script, installed_script

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "assess"
ANSI = "\x1b["


GOLDEN = golden_script("update_assess.py", "update_assess")


class _Fhcheck:
    """``fhcheck.cli.main`` in the shape CliRunner invokes, so the exit status is the real one."""

    name = "fhcheck"

    def main(self, args: Iterable[str] = (), prog_name: str | None = None, **_: Any) -> None:
        from fhcheck.cli import main

        main(list(args))


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    environment: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None, **(env or {})}
    return CliRunner().invoke(_Fhcheck(), list(args), catch_exceptions=False, env=environment)  # type: ignore[arg-type]


EVIDENCE = """\
fhcheck: 1
framework: "{framework}"
local_authority: {name}
assessed_on: 2025-10-01
items:
  1.1.B1:
    status: met
    evidence:
      - title: Start for Life offer
        url: https://example.gov.uk/start-for-life
        kind: publication
        date: 2025-06-01
"""


def evidence(path: Path, name: str = "Testshire County Council", framework: str = "2025") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EVIDENCE.format(name=name, framework=framework), encoding="utf-8")
    return path


def files_assessed(result: Result) -> list[str]:
    return [record["file"] for record in json.loads(result.stdout)["results"]]


# --- finding files ----------------------------------------------------------------------


def test_directory_walking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recursive, *.yaml and *.yml, hidden folders and files skipped, names sorted, loops cut."""
    top = tmp_path / "evidence"
    for name in ("b.yml", "a.yaml", "Z.yaml", "sub/c.yaml", "sub/deeper/d.yml", "sub2/e.yaml",
                 ".hidden/h.yaml", "sub/.git/g.yaml", ".f.yaml"):
        evidence(top / name)
    (top / "notes.txt").write_text("not evidence\n", encoding="utf-8")
    (top / "evidence.yaml.bak").write_text("not evidence\n", encoding="utf-8")
    os.symlink("..", top / "sub" / "loop")  # back to the top: must not be walked again
    os.symlink(top / "sub2", top / "sub" / "zz-second-route")  # sub2 by another route: once only
    monkeypatch.chdir(tmp_path)
    result = run("assess", "evidence", "--format", "json", "--fail-under", "none")
    assert result.exit_code == 0, result.stderr
    assert files_assessed(result) == [
        "evidence/Z.yaml",
        "evidence/a.yaml",
        "evidence/b.yml",
        "evidence/sub/c.yaml",
        "evidence/sub/deeper/d.yml",
        "evidence/sub/zz-second-route/e.yaml",
    ]


def test_files_and_folders_are_assessed_in_the_order_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / "z.yaml")
    evidence(tmp_path / "dir" / "b.yaml")
    evidence(tmp_path / "dir" / "a.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("assess", "z.yaml", "dir", "--format", "json", "--fail-under", "none")
    assert files_assessed(result) == ["z.yaml", "dir/a.yaml", "dir/b.yaml"]


def test_a_hidden_folder_given_explicitly_is_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / ".evidence" / "a.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("assess", ".evidence", "--format", "json", "--fail-under", "none")
    assert files_assessed(result) == [".evidence/a.yaml"]


def test_folder_without_evidence_files_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.txt").write_text("nothing\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("assess", "empty")
    assert result.exit_code == 2
    assert result.stderr == "empty: folder holds no .yaml or .yml files; expected evidence files\n"


# --- the JSON contract (docs/contract.md) ------------------------------------------------------


def test_json_output_follows_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("assess", "tests/fixtures/assess/riverside-2025.yaml", "tests/fixtures/assess/hillford-2022.yaml",
                 "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["fhcheck"] == __version__
    assert isinstance(report["results"], list) and len(report["results"]) == 2
    for record, version in zip(report["results"], ("2025", "2022"), strict=False):
        catalogue = default_store().get(version)
        assert record["file"].startswith("tests/fixtures/assess/")
        assert record["framework"] == version
        assert isinstance(record["local_authority"], str)
        assert record["stage"] in ("none", "basic", "minimum", "developed")
        assert isinstance(record["minimum_met"], bool)
        assert [item["id"] for item in record["items"]] == list(catalogue.items)
        for item in record["items"]:
            assert item["verdict"] in (
                "met", "partially_met", "not_met", "missing", "unevidenced", "stale", "not_applicable", "needs_review"
            )
            assert isinstance(item["reasons"], list) and all(isinstance(r, str) for r in item["reasons"])
        assert [sub["id"] for sub in record["subcriteria"]] == list(catalogue.subcriteria)
        assert [key["id"] for key in record["key_criteria"]] == ["1", "2", "3", "4", "5"]
        for group in (*record["subcriteria"], *record["key_criteria"]):
            assert isinstance(group["minimum_met"], bool)
    first = {item["id"]: item for item in report["results"][0]["items"]}
    assert first["1.1.B3"]["verdict"] == "stale"
    assert first["1.3.D3"]["verdict"] == "not_applicable"
    assert first["5.1.B1"]["verdict"] == "needs_review"


def test_json_output_of_an_invalid_file_lists_its_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.yaml").write_text("fhcheck: 1\nframework: '2031'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("assess", "bad.yaml", "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["results"] == []
    assert report["errors"] == [
        {"file": "bad.yaml", "line": 1, "column": 1, "message": "assessed_on is missing; expected assessed_on in this mapping"},
        {"file": "bad.yaml", "line": 1, "column": 1,
         "message": "local_authority is missing; expected local_authority in this mapping"},
        {"file": "bad.yaml", "line": 2, "column": 12,
         "message": f"found framework version '2031'; expected one of {KNOWN_VERSIONS}"},
    ]


# --- --output ------------------------------------------------------------------------------


def test_output_writes_the_report_and_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / "ev.yaml")
    monkeypatch.chdir(tmp_path)
    first = run("assess", "ev.yaml", "--format", "json", "--output", "report.json", "--fail-under", "none")
    assert (first.exit_code, first.stdout, first.stderr) == (0, "", "")
    written = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert json.loads(written)["results"][0]["file"] == "ev.yaml"

    (tmp_path / "report.json").write_text("keep me\n", encoding="utf-8")
    again = run("assess", "ev.yaml", "--format", "json", "--output", "report.json")
    assert again.exit_code == 2
    assert again.stderr == "fhcheck: report.json: already exists; expected a new file (use --force to replace it)\n"
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "keep me\n"

    forced = run("assess", "ev.yaml", "--format", "json", "--output", "report.json", "--force", "--fail-under", "none")
    assert forced.exit_code == 0
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == written


def test_output_never_overwrites_an_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / "ev.yaml")
    before = (tmp_path / "ev.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("assess", "ev.yaml", "--output", "ev.yaml", "--force")
    assert result.exit_code == 2
    assert result.stderr == "fhcheck: ev.yaml: is one of the inputs; expected a different output file\n"
    assert (tmp_path / "ev.yaml").read_text(encoding="utf-8") == before


def test_format_with_file_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / "ev.yaml")
    (tmp_path / "report.json").write_text("keep me\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("assess", "ev.yaml", "--format", "table", "--format", "json:report.json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "keep me\n"


def test_several_formats_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / "ev.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("assess", "ev.yaml", "--format", "table", "--format", "json:report.json", "--color")
    assert result.exit_code == 1
    assert "Testshire County Council" in result.stdout and ANSI in result.stdout
    written = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert ANSI not in written and json.loads(written)["results"][0]["stage"] == "none"


# --- colour ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "env", "coloured"),
    [
        ((), {}, False),  # not a terminal
        (("--color",), {}, True),
        (("--no-color",), {}, False),
        ((), {"NO_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        (("--color",), {"NO_COLOR": "1"}, True),  # the flag wins
        (("--no-color",), {"FORCE_COLOR": "1"}, False),
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ],
)
def test_ansi_codes_only_when_asked(
    tmp_path: Path, flags: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    path = evidence(tmp_path / "ev.yaml")
    result = run("assess", str(path), *flags, env=env)  # type: ignore[arg-type]
    assert result.exit_code == 1
    assert (ANSI in result.stdout) is coloured
    assert "Testshire County Council" in result.stdout


def test_json_and_files_are_never_coloured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / "ev.yaml")
    monkeypatch.chdir(tmp_path)
    assert ANSI not in run("assess", "ev.yaml", "--format", "json", "--color").stdout
    run("assess", "ev.yaml", "--color", "--output", "report.txt")
    assert ANSI not in (tmp_path / "report.txt").read_text(encoding="utf-8")


# --- several files ---------------------------------------------------------------------


def test_several_files_print_the_summary_table_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence(tmp_path / "north.yaml", "Northshire Council")
    evidence(tmp_path / "south.yaml", "Southshire Council", framework="2022")
    monkeypatch.chdir(tmp_path)
    result = run("assess", "north.yaml", "south.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].rstrip() == "2 evidence files"
    summary_end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    rows = [line for line in lines[:summary_end] if line.startswith("│")]
    assert [row.split("│")[1].strip() for row in rows] == ["north.yaml", "south.yaml"]
    assert [row.split("│")[3].strip() for row in rows] == ["2025", "2022"]
    first_file = next(i for i, line in enumerate(lines) if "Northshire Council" in line and "─" in line)
    assert summary_end < first_file
    assert result.stdout.index("north.yaml · framework 2025") < result.stdout.index("south.yaml · framework 2022")


def test_one_file_has_no_summary_table(tmp_path: Path) -> None:
    result = run("assess", str(evidence(tmp_path / "ev.yaml")))
    assert "evidence files" not in result.stdout
    assert result.stdout.lstrip().startswith("─")


def test_long_file_names_are_never_cut_in_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = Path("regions/north-east/local-authorities/exampleshire-county-council/family-hubs-evidence-2025.yaml")
    evidence(tmp_path / deep)
    evidence(tmp_path / "b.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("assess", str(deep), "b.yaml")
    summary = result.stdout.split("└", 1)[0]
    cells = "".join(line.split("│")[1].strip() for line in summary.splitlines() if line.startswith("│"))
    assert str(deep) in cells
    assert "…" not in summary


# --- golden reports ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(GOLDEN.FORMATS))
@pytest.mark.parametrize("name", list(GOLDEN.RUNS))
def test_golden_report(fmt: str, name: str) -> None:
    """Byte for byte; after a deliberate change run ``python tests/golden/update_assess.py``."""
    expected = GOLDEN.golden_path(fmt, name).read_text(encoding="utf-8")
    assert GOLDEN.render(fmt, GOLDEN.RUNS[name]) == expected


def test_golden_reports_cover_every_example() -> None:
    examples = {f"examples/{path.name}" for path in (ROOT / "examples").glob("*.y*ml")}
    covered = {path for paths in GOLDEN.RUNS.values() for path in paths}
    assert examples <= covered


def test_golden_fixture_exercises_every_verdict() -> None:
    record = json.loads(GOLDEN.golden_path("json", "riverside-2025").read_text(encoding="utf-8"))["results"][0]
    assert {item["verdict"] for item in record["items"]} == {
        "met", "partially_met", "not_met", "missing", "unevidenced", "stale", "not_applicable", "needs_review"
    }
    assert any(item["warnings"] for item in record["items"])


# --- real processes ---------------------------------------------------------------------


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "NO_COLOR")}
    return {**env, "NO_COLOR": "1"}


def test_python_dash_m_fhcheck() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fhcheck", "assess", "tests/fixtures/assess/riverside-2025.yaml", "--format", "json",
         "--fail-under", "none"],
        capture_output=True, text=True, cwd=ROOT, env=_environment(), check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == GOLDEN.golden_path("json", "riverside-2025").read_text(encoding="utf-8")
    below = subprocess.run(
        [sys.executable, "-m", "fhcheck", "assess", "tests/fixtures/assess/riverside-2025.yaml", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, env=_environment(), check=False,
    )
    assert below.returncode == 1


def test_installed_entry_point() -> None:
    fhcheck = installed_script("fhcheck")
    assert fhcheck is not None, "pip install -e '.[test]' installs the fhcheck console script"
    done = subprocess.run(
        [fhcheck, "assess", "examples", "--fail-under", "none"],
        capture_output=True, text=True, cwd=ROOT, env=_environment(), check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == GOLDEN.golden_path("table", "examples-folder").read_text(encoding="utf-8")
    invalid = subprocess.run(
        [fhcheck, "validate", "tests/fixtures/assess/does-not-exist.yaml"],
        capture_output=True, text=True, cwd=ROOT, env=_environment(), check=False,
    )
    assert invalid.returncode == 2
    assert invalid.stderr == (
        "tests/fixtures/assess/does-not-exist.yaml: no such file or folder; expected an evidence file or a folder "
        "of them\n0 valid, 1 invalid\n"
    )
