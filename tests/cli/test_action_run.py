"""The composite action run as GitHub's runner runs it, on an evidence repository as councils
keep them: evidence files under ``evidence/`` beside a docs site (``mkdocs.yml``), workflow
files and vendored packages (``node_modules/``), none of which is evidence.

Each ``run:`` step is executed in order with ``bash --noprofile --norc -eo pipefail`` (the
runner's bash), its ``env:`` rendered from the inputs and earlier steps' outputs, and the
runner's files (``GITHUB_STEP_SUMMARY``, ``GITHUB_OUTPUT``, ``RUNNER_TEMP``). Steps that
``uses:`` another action (setup-python, upload-sarif) and the install step are not run:
fhcheck is already installed here, and they need GitHub itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ci"
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@pytest.fixture
def council_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "council"
    (repo / "evidence" / "hubs").mkdir(parents=True)
    shutil.copy(FIXTURES / "repo" / "failing.yaml", repo / "evidence" / "failing.yaml")
    shutil.copy(FIXTURES / "repo" / "passing.yaml", repo / "evidence" / "passing.yaml")
    shutil.copy(FIXTURES / "repo" / "hubs" / "northgate-2022.yaml", repo / "evidence" / "hubs" / "northgate-2022.yaml")
    shutil.copytree(FIXTURES / "repo" / "docs", repo / "docs")  # the documents the evidence cites
    shutil.copytree(FIXTURES / "repo" / "docs", repo / "evidence" / "docs")
    (repo / "mkdocs.yml").write_text("site_name: Family hubs\nnav:\n  - index.md\n", encoding="utf-8")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "site.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (repo / "node_modules" / "left-pad").mkdir(parents=True)
    (repo / "node_modules" / "left-pad" / "config.yaml").write_text("name: left-pad\n", encoding="utf-8")
    (repo / ".git").mkdir()
    return repo


class Runner:
    """Just enough of the runner for this composite action: inputs with their defaults,
    ``${{ inputs.X }}`` and ``${{ steps.ID.outputs.X }}``, and the ``if:`` of the last step."""

    def __init__(self, repo: Path, tmp: Path, inputs: dict[str, str]) -> None:
        self.repo = repo
        self.inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()} | inputs
        self.outputs: dict[str, dict[str, str]] = {}
        self.summary = tmp / "step_summary.md"
        self.summary.write_text("", encoding="utf-8")
        self.temp = tmp / "runner-temp"
        self.temp.mkdir()
        self.stdout = ""

    def value(self, expression: str) -> str:
        if expression.startswith("inputs."):
            return self.inputs[expression.removeprefix("inputs.")]
        match = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
        if match:
            return self.outputs.get(match[1], {}).get(match[2], "")
        raise AssertionError(f"this test runner cannot evaluate {expression!r}")

    def render(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.value(m[1]), text)

    def wanted(self, step: dict[str, Any]) -> bool:
        condition = step.get("if")
        if condition is None:
            return True
        match = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+) != '(.*)'\s*\}\}", condition)
        assert match, f"this test runner cannot evaluate {condition!r}"
        return self.value(f"steps.{match[1]}.outputs.{match[2]}") != match[3]

    def run(self) -> int:
        bash = shutil.which("bash")
        if bash is None or shutil.which("fhcheck") is None:
            pytest.skip("needs bash and an installed fhcheck entry point, as the action has")
        status = 0
        for step in ACTION["runs"]["steps"]:
            if "uses" in step or step.get("name") == "Install fhcheck" or not self.wanted(step):
                continue
            output = self.temp / f"output-{len(self.outputs)}"
            output.touch()
            env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "FHCHECK_"))}
            env |= {name: self.render(str(value)) for name, value in step.get("env", {}).items()}
            env |= {
                "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": str(self.repo),
                "GITHUB_STEP_SUMMARY": str(self.summary),
                "GITHUB_OUTPUT": str(output),
                "RUNNER_TEMP": str(self.temp),
                "NO_COLOR": "1",
            }
            done = subprocess.run(
                [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                capture_output=True, text=True, timeout=300, check=False, cwd=self.repo, env=env,
            )
            self.stdout += done.stdout
            assert "Traceback" not in done.stderr, done.stderr
            if "id" in step:
                self.outputs[step["id"]] = dict(
                    line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
                )
            status = done.returncode
            if status != 0:
                return status
        return status


def test_the_default_assesses_evidence_only_and_summarises_once(council_repo: Path, tmp_path: Path) -> None:
    runner = Runner(council_repo, tmp_path, {"upload-sarif": "true"})
    assert runner.run() == 1  # a failing file: the job fails with fhcheck's status
    assert runner.outputs["assess"]["exit-code"] == "1"
    annotated = set(re.findall(r"^::\w+ file=([^,]+)", runner.stdout, re.M))
    assert annotated == {"evidence/failing.yaml", "evidence/passing.yaml", "evidence/hubs/northgate-2022.yaml"}
    assert "mkdocs.yml" not in runner.stdout and "node_modules" not in runner.stdout and ".github" not in runner.stdout
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.count("# Family hubs assessment") == 1
    assert "3 evidence files assessed" in summary
    sarif_file = Path(runner.outputs["assess"]["sarif-file"])
    assert sarif_file.parent == runner.temp / "fhcheck"  # reports under RUNNER_TEMP, not in the checkout
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(sarif_file.read_text(encoding="utf-8"))["runs"][0]["results"]
    }
    assert uris == {"evidence/failing.yaml", "evidence/passing.yaml", "evidence/hubs/northgate-2022.yaml"}
    assert "::error title=fhcheck::an evidence file is below the fail-under stage" in runner.stdout
    assert not (council_repo / "fhcheck.sarif").exists()


def test_summary_false_writes_no_summary(council_repo: Path, tmp_path: Path) -> None:
    runner = Runner(council_repo, tmp_path, {"summary": "false", "paths": "evidence/passing.yaml"})
    assert runner.run() == 0
    assert runner.summary.read_text(encoding="utf-8") == ""


def test_globs_are_expanded_and_one_matching_nothing_is_an_error(council_repo: Path, tmp_path: Path) -> None:
    runner = Runner(council_repo, tmp_path, {"paths": "evidence/p*.yaml\nevidence/**/north*.yaml", "format": "junit"})
    assert runner.run() == 1
    annotated = set(re.findall(r"^::\w+ file=([^,]+)", runner.stdout, re.M))
    assert annotated == {"evidence/passing.yaml", "evidence/hubs/northgate-2022.yaml"}
    assert (runner.temp / "fhcheck" / "fhcheck.xml").exists()

    (tmp_path / "again").mkdir()
    mistyped = Runner(council_repo, tmp_path / "again", {"paths": "evidnce/*.yaml"})
    assert mistyped.run() == 2
    assert mistyped.outputs["assess"]["exit-code"] == "2"


def test_the_action_pins_what_it_uses_to_commits() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for target, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", target), target
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), comment


def test_the_docs_workflows_pin_current_actions_and_never_append_the_summary_twice() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    uses = [u for u in re.findall(r"uses:\s*(\S+)(.*)", text) if not u[0].startswith("fhcheck/")]
    assert len(uses) >= 5
    node24 = {"actions/checkout": 5, "actions/setup-python": 6, "actions/upload-artifact": 5, "github/codeql-action": 4}
    for target, comment in uses:
        name, _, sha = target.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", sha), target
        major = int(re.fullmatch(r"\s*# v(\d+)\.\d+\.\d+", comment)[1])  # type: ignore[index]
        owner_repo = "/".join(name.split("/")[:2])
        assert major >= node24[owner_repo], f"{target}: older than the first Node 24 release"
    assert ">> \"$GITHUB_STEP_SUMMARY\"" not in text


def test_the_gitlab_snippet_is_valid_against_gitlabs_ci_schema_and_reports_code_quality() -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "schemas" / "gitlab" / "ci.json").read_text(encoding="utf-8"))
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("# .gitlab-ci.yml"))
    pipeline = yaml.safe_load(block)
    jsonschema.Draft7Validator(schema).validate(pipeline)
    job = pipeline["fhcheck"]
    assert job["artifacts"]["reports"] == {"junit": "fhcheck.xml", "codequality": "gl-code-quality-report.json"}
    assert "--format codeclimate:gl-code-quality-report.json" in " ".join(job["script"])
    broken = json.loads(json.dumps(pipeline))
    broken["fhcheck"]["artifacts"]["when"] = "sometimes"
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)
