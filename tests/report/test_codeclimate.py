"""``--format codeclimate``: GitLab Code Quality. GitLab publishes no JSON Schema for the
report, so REQUIRED below is written from its documentation ("Code Quality report format":
an array of objects with description, check_name, fingerprint, severity one of info, minor,
major, critical, blocker, location.path and location.lines.begin) and checked with jsonschema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from fhcheck.report.codeclimate import CodeclimateRenderer
from fhcheck.views import Report

REQUIRED = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "not": {"pattern": "^(/|\\./|file:)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def render(report: Report) -> list[dict[str, Any]]:
    data = json.loads(CodeclimateRenderer().render(report))
    assert isinstance(data, list)
    return data


@pytest.mark.parametrize("report_name", ["ci_report", "repo_report", "hostile"])
def test_meets_gitlabs_documented_format(report_name: str, request: pytest.FixtureRequest) -> None:
    issues = render(request.getfixturevalue(report_name))
    jsonschema.validate(issues, REQUIRED)
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(fingerprints) == len(set(fingerprints))


def test_one_issue_per_unsatisfied_item_with_severity_by_tier(repo_report: Report) -> None:
    issues = iter(render(repo_report))
    for file in repo_report.results:
        for item in file.items:
            if item.satisfied:
                continue
            issue = next(issues)
            assert issue["check_name"] == f"fhcheck/{file.framework}/{item.id}"
            assert issue["severity"] == ("major" if item.tier == "minimum" else "info")
            assert issue["description"] == f"{item.id} {item.verdict}: {'; '.join(item.reasons)}"
            where = file.items_location if item.verdict == "missing" else item.location
            assert issue["location"] == {"path": file.file, "lines": {"begin": where.line}}
    assert next(issues, None) is None


def test_invalid_files_are_blockers_at_the_problem(ci_report: Report) -> None:
    blockers = [issue for issue in render(ci_report) if issue["severity"] == "blocker"]
    problems = [(bad.file, p) for bad in ci_report.invalid for p in bad.problems]
    assert [(b["location"]["path"], b["location"]["lines"]["begin"], b["description"]) for b in blockers] == [
        (file, p.location.line, p.message) for file, p in problems
    ]


def test_fingerprints_ignore_lines_text_and_spelling_of_the_path(ci_report: Report) -> None:
    prints = [issue["fingerprint"] for issue in render(ci_report) if issue["severity"] != "blocker"]
    moved = ci_report._replace(
        results=tuple(
            file._replace(
                file="./" + file.file,
                items=tuple(
                    i._replace(text="reworded", location=i.location._replace(line=i.location.line + 3))
                    for i in file.items
                ),
            )
            for file in ci_report.results
        )
    )
    assert [issue["fingerprint"] for issue in render(moved) if issue["severity"] != "blocker"] == prints


def test_assess_writes_it(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from fhcheck.cli import main

    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "fixtures" / "ci" / "repo")
    target = tmp_path / "gl-code-quality-report.json"
    with pytest.raises(SystemExit) as ended:
        main(["assess", "passing.yaml", "--format", f"codeclimate:{target}"])
    assert ended.value.code == 0
    issues = json.loads(target.read_text(encoding="utf-8"))
    assert issues and {issue["severity"] for issue in issues} == {"info"}  # only open 'go further' options
