"""fhcheck in CI, end to end: every format from one ``assess`` run on a repository of evidence
files (one passing, two failing), the exit statuses, the composite action, the pre-commit
hooks (through the real ``pre-commit try-repo``) and the snippets in docs/ci.md (checked
against the GitHub workflow and GitLab CI schemas that check-jsonschema ships).

The renderers' content is tested in detail in tests/report/; here the question is whether
the command line wires them together as CI needs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from fhcheck.report.registry import names
from helpers import installed_script

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ci"
FORMATS = ("table", "json", "markdown", "junit", "sarif", "codeclimate", "github", "html")
ANSI = "\x1b["


class _Fhcheck:
    """``fhcheck.cli.main`` as CliRunner invokes it, so exit statuses are the real ones."""

    name = "fhcheck"

    def main(self, args: Iterable[str] = (), prog_name: str | None = None, **_: Any) -> None:
        from fhcheck.cli import main

        main(list(args))


def run(*args: str) -> Result:
    env = {"NO_COLOR": None, "FORCE_COLOR": None, "GITHUB_STEP_SUMMARY": None}
    return CliRunner().invoke(_Fhcheck(), list(args), catch_exceptions=False, env=env)  # type: ignore[arg-type]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture evidence repository (a git work tree), as the working directory."""
    target = tmp_path / "evidence-repo"
    shutil.copytree(FIXTURES / "repo", target)
    (target / ".git").mkdir()
    monkeypatch.chdir(target)
    return target


def tool(name: str) -> list[str]:
    found = installed_script(name)
    if found:
        return [found]
    module = name.replace("-", "_")
    return [sys.executable, "-m", module]


# --- one run, every report ------------------------------------------------------------------


def test_one_run_writes_every_format(repo: Path) -> None:
    result = run(
        "assess", ".",
        "--format", "table",
        "--format", "json:report.json",
        "--format", "markdown:summary.md",
        "--format", "junit:report.xml",
        "--format", "sarif:report.sarif",
        "--format", "github:annotations.txt",
        "--format", "html:board.html",
    )
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    assert ANSI not in result.stdout and "Brightwater Borough Council" in result.stdout
    data = json.loads((repo / "report.json").read_text(encoding="utf-8"))
    files = [r["file"] for r in data["results"]]
    assert files == ["failing.yaml", "hubs/northgate-2022.yaml", "passing.yaml"]
    assert [r["passed"] for r in data["results"]] == [False, False, True]
    open_items = [(r["file"], i) for r in data["results"] for i in r["items"] if not i["satisfied"]]

    junit = ET.fromstring((repo / "report.xml").read_bytes())
    assert [s.get("name") for s in junit.iter("testsuite")] == files
    assert int(junit.get("failures", "0")) == sum(1 for _, i in open_items if i["tier"] == "minimum")
    skipped = sum(int(suite.get("skipped", "0")) for suite in junit.iter("testsuite"))
    assert skipped == sum(1 for _, i in open_items if i["tier"] == "go_further")

    sarif = json.loads((repo / "report.sarif").read_text(encoding="utf-8"))
    results = [r for r in sarif["runs"][0]["results"] if "suppressions" not in r]  # accepted exemptions are suppressed
    assert len(results) == len(open_items)
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"].split("/")[1]) for r in results] == [
        (file, item["id"]) for file, item in open_items
    ]
    assert sarif["runs"][0]["tool"]["driver"]["version"] == data["fhcheck"]

    annotations = (repo / "annotations.txt").read_text(encoding="utf-8").splitlines()
    errors = [line for line in annotations if line.startswith("::error ")]
    assert len(errors) == 2 + sum(1 for _, i in open_items if i["tier"] == "minimum")  # + two failing files' standing
    assert sum(1 for line in annotations if line.startswith("::notice ")) == 1

    summary = (repo / "summary.md").read_text(encoding="utf-8")
    assert summary == run("assess", ".", "--format", "markdown").stdout

    board = (repo / "board.html").read_text(encoding="utf-8")
    assert board.count("<svg ") == 1 and "<script" not in board  # the regional heat map; the paper itself is tables
    assert "Rating per key criterion" in board and "Action tracker" in board


def test_each_format_prints_to_stdout_alone(repo: Path) -> None:
    for name in FORMATS:
        result = run("assess", "passing.yaml", "--format", name)
        assert result.exit_code == 0, (name, result.stderr)
        assert result.stdout and ANSI not in result.stdout, name


def test_output_names_the_file_of_the_one_stdout_format(repo: Path) -> None:
    result = run("assess", "passing.yaml", "--format", "sarif", "--format", "junit:r.xml", "--output", "r.sarif")
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads((repo / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert ET.fromstring((repo / "r.xml").read_bytes()).get("failures") == "0"


def test_a_passing_repository_exits_0_with_no_failures_anywhere(repo: Path) -> None:
    result = run("assess", "passing.yaml", "--format", "github", "--format", "junit:r.xml", "--format", "sarif:r.sarif")
    assert result.exit_code == 0
    assert not [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert ET.fromstring((repo / "r.xml").read_bytes()).get("failures") == "0"
    results = json.loads((repo / "r.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    levels = {r["level"] for r in results if "suppressions" not in r}
    assert levels == {"note"}  # only open 'go further' options, beside suppressed accepted exemptions


def test_fail_under_decides_the_exit_status_not_the_format(repo: Path) -> None:
    assert run("assess", ".", "--format", "junit", "--fail-under", "none").exit_code == 0
    assert run("assess", ".", "--format", "sarif", "--fail-under", "basic").exit_code == 1


def test_invalid_files_exit_2_and_are_still_reported_with_the_valid_ones(repo: Path) -> None:
    shutil.copytree(FIXTURES / "invalid", repo / "invalid")
    result = run("assess", ".", "--format", "github", "--format", "junit:r.xml", "--format", "sarif:r.sarif")
    assert result.exit_code == 2
    assert "invalid/bad.yaml:9:13: found 'done'" in result.stderr
    assert "::error file=invalid/bad.yaml,line=9,col=13,title=fhcheck%3A invalid evidence file::found 'done'" in result.stdout
    suites = [s.get("name") for s in ET.fromstring((repo / "r.xml").read_bytes()).iter("testsuite")]
    assert "invalid/bad.yaml" in suites and "passing.yaml" in suites
    rules = {r["ruleId"] for r in json.loads((repo / "r.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]}
    assert "invalid-evidence" in rules


def test_an_existing_report_is_refused_before_anything_is_written(repo: Path) -> None:
    (repo / "r.xml").write_text("old\n", encoding="utf-8")
    result = run("assess", ".", "--format", "sarif:r.sarif", "--format", "junit:r.xml")
    assert result.exit_code == 2
    assert result.stderr == "fhcheck: r.xml: already exists; expected a new file (use --force to replace it)\n"
    assert not (repo / "r.sarif").exists() and (repo / "r.xml").read_text(encoding="utf-8") == "old\n"
    assert run("assess", ".", "--format", "sarif:r.sarif", "--format", "junit:r.xml", "--force").exit_code == 1


def test_an_unknown_format_lists_the_known_ones(repo: Path) -> None:
    result = run("assess", ".", "--format", "pdf")
    assert result.exit_code == 2
    known = ", ".join(names("assessment"))
    assert known.startswith("table, json, markdown, junit, sarif") and known.endswith("docx, junit-gitlab")
    assert result.stderr == f"fhcheck: unknown format 'pdf'; expected one of {known} (optionally FORMAT:FILE)\n"


def test_help_lists_the_formats() -> None:
    result = run("assess", "--help")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.replace("\u2502", " ").split())  # rich draws the help in a box
    for name in (
        "json, markdown, junit, sarif, codeclimate (GitLab Code Quality), github",
        "html",
        "junit-gitlab (junit with each case's file, for GitLab)",
    ):
        assert name in flat


def test_a_real_process_prints_annotations(repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fhcheck", "assess", "failing.yaml", "--format", "github"],
        capture_output=True, text=True, timeout=120, check=False, cwd=repo,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=failing.yaml,line=1,col=1,title=fhcheck%3A below minimum::")


# --- the composite action ---------------------------------------------------------------------


ACTION = ROOT / "action.yml"


def test_action_is_valid_against_the_github_actions_schema() -> None:
    done = subprocess.run(
        [*tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_passes_inputs_to_scripts_only_through_the_environment() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "fail-under", "format", "upload-sarif"}
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_action_assess_step_annotates_summarises_and_reports_the_status(repo: Path, tmp_path: Path) -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    script = next(step["run"] for step in action["runs"]["steps"] if step.get("id") == "assess")
    bash = shutil.which("bash")
    fhcheck = installed_script("fhcheck")
    if bash is None or fhcheck is None:
        pytest.skip("needs bash and an installed fhcheck entry point, as the action has")
    summary, output, temp = tmp_path / "summary.md", tmp_path / "output", tmp_path / "runner-temp"
    summary.write_text("earlier step\n", encoding="utf-8")
    output.touch()
    temp.mkdir()
    env = {
        **os.environ,
        "FHCHECK_PATHS": "failing.yaml\npassing.yaml  hubs",
        "FHCHECK_FAIL_UNDER": "minimum",
        "FHCHECK_FORMATS": "junit:fhcheck.xml html:fhcheck.html",
        "FHCHECK_SUMMARY": "true",
        "FHCHECK_UPLOAD_SARIF": "true",
        "FHCHECK_SARIF_FILE": "",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(temp),
        "NO_COLOR": "1",
        # the runner has the installed fhcheck on PATH, as a virtual environment's bin/ need not be here
        "PATH": os.pathsep.join((str(Path(fhcheck).parent), os.environ.get("PATH", ""))),
    }
    done = subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        capture_output=True, text=True, timeout=300, check=False, cwd=repo, env=env,
    )
    assert done.returncode == 0, done.stderr  # the status is passed on, for a later step to fail with
    assert done.stdout.startswith("::error file=failing.yaml,line=1,col=1,")
    assert dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines()) == {
        "exit-code": "1",
        "sarif-file": str(temp / "fhcheck" / "fhcheck.sarif"),
        "reports-dir": str(temp / "fhcheck"),
    }
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# Family hubs assessment\n\n3 evidence files assessed")
    assert text.count("# Family hubs assessment") == 1  # written once, by fhcheck alone
    assert json.loads((temp / "fhcheck" / "fhcheck.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (repo / "fhcheck.xml").exists() and (repo / "fhcheck.html").exists()


# --- docs/ci.md snippets ----------------------------------------------------------------------


def snippets() -> dict[str, list[str]]:
    """The YAML blocks of docs/ci.md by the file their first-line comment names."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        found.setdefault(block.splitlines()[0].lstrip("# ").split()[0], []).append(block)
    return found


@pytest.mark.parametrize(
    ("name", "schema"),
    [(".github/workflows/evidence.yml", "vendor.github-workflows"), (".gitlab-ci.yml", "vendor.gitlab-ci")],
)
def test_ci_snippets_are_valid_pipelines(name: str, schema: str, tmp_path: Path) -> None:
    blocks = snippets()[name]
    files = []
    for index, block in enumerate(blocks):
        files.append(tmp_path / f"{index}-{Path(name).name}")
        files[-1].write_text(block, encoding="utf-8")
    done = subprocess.run(
        [*tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_snippets_run_the_formats_this_fhcheck_has() -> None:
    from fhcheck.report.registry import names

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in re.findall(r"--format (\w+)", text):
        assert name in names("assessment")
    workflow = yaml.safe_load(snippets()[".github/workflows/evidence.yml"][0])
    uses = [step.get("uses", "") for step in workflow["jobs"]["fhcheck"]["steps"]]
    assert any(use.startswith("fhcheck/fhcheck@") for use in uses)


# --- pre-commit --------------------------------------------------------------------------------


def pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install pre-commit to run the hook tests)")
    return tool("pre-commit")


def test_hooks_manifest_is_valid() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["fhcheck-validate", "fhcheck-assess"]
    assert all(hook["language"] == "python" and hook["types"] == ["yaml"] for hook in hooks)
    done = subprocess.run(
        [*pre_commit(), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_config_snippet_is_valid(tmp_path: Path) -> None:
    (block,) = snippets()[".pre-commit-config.yaml"]
    config = yaml.safe_load(block)
    assert [hook["id"] for hook in config["repos"][0]["hooks"]] == ["fhcheck-validate", "fhcheck-assess"]
    (tmp_path / ".pre-commit-config.yaml").write_text(block, encoding="utf-8")
    done = subprocess.run(
        [*pre_commit(), "validate-config", str(tmp_path / ".pre-commit-config.yaml")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hooks_through_pre_commit_try_repo(tmp_path: Path) -> None:
    """The hooks as a user's repository runs them: try-repo builds a virtualenv and pip-installs
    this checkout into it, which needs the package index; without it the test is skipped."""
    command = pre_commit()
    git = shutil.which("git")
    if git is None:
        pytest.skip("try-repo needs git")
    sample = tmp_path / "sample"
    (sample / "evidence" / "docs").mkdir(parents=True)
    shutil.copy(FIXTURES / "repo" / "passing.yaml", sample / "evidence" / "passing.yaml")
    shutil.copy(FIXTURES / "repo" / "failing.yaml", sample / "evidence" / "failing.yaml")
    shutil.copy(FIXTURES / "repo" / "docs" / "board-minutes.md", sample / "evidence" / "docs" / "board-minutes.md")
    (sample / "notes.yaml").write_text("not: evidence\n", encoding="utf-8")  # outside evidence/: not checked
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "evidence"]):
        subprocess.run([git, *args], cwd=sample, check=True, capture_output=True, env=env, timeout=60)
    done = subprocess.run(
        [*command, "try-repo", str(ROOT), "--all-files", "--color", "never"],
        cwd=sample, capture_output=True, text=True, timeout=900, check=False, env=env,
    )
    out = done.stdout + done.stderr
    if "Installing environment" in out and ("CalledProcessError" in out or "An unexpected error" in out):
        pytest.skip("pre-commit could not install fhcheck into its environment (package index unreachable?)")
    assert done.returncode == 1, out
    assert re.search(r"^fhcheck validate\.+Passed$", out, re.M), out
    assert re.search(r"^fhcheck assess\.+Failed$", out, re.M), out
    assert "exit code: 1" in out and "Fenmoor" in out and "notes.yaml" not in out
