"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning.

No registry package ships the official ``sarif-schema-2.1.0.json`` (checked: sarif-om,
sarif-tools, jschema-to-python, sarif-pydantic, pysarif), so the output is validated with
jsonschema against ``GITHUB_REQUIREMENTS`` below: our transcription of what GitHub's
"SARIF support for code scanning" documentation says an upload must and may contain
(required properties, enumerations, limits), not the OASIS schema itself. The content is
then checked against the report: a rule per item, a result per unsatisfied item at its
line (a missing item at ``items:``), the level by tier.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from fhcheck.errors import Location
from fhcheck.report.sarif import SCHEMA_URI, SarifRenderer, artifact_uri
from fhcheck.results import Report

MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}}
GITHUB_REQUIREMENTS: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["$schema", "version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string", "minLength": 1},
                                    "version": {"type": "string"},
                                    "semanticVersion": {"type": "string"},
                                    "informationUri": {"type": "string", "format": "uri"},
                                    "rules": {
                                        "type": "array",
                                        "maxItems": 25000,
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription", "fullDescription", "help"],
                                            "properties": {
                                                "id": {"type": "string", "minLength": 1},
                                                "name": {"type": "string"},
                                                "shortDescription": MESSAGE,
                                                "fullDescription": MESSAGE,
                                                "help": MESSAGE,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {"enum": ["none", "note", "warning", "error"]}
                                                    },
                                                },
                                                "properties": {
                                                    "type": "object",
                                                    "properties": {
                                                        "tags": {
                                                            "type": "array",
                                                            "maxItems": 20,
                                                            "items": {"type": "string"},
                                                        }
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "results": {
                        "type": "array",
                        "maxItems": 25000,
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "kind": {"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]},
                                "message": MESSAGE,
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "maxItems": 1000,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                        "properties": {"uri": {"type": "string", "format": "uri-reference"}},
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {"type": "integer", "minimum": 1},
                                                            "startColumn": {"type": "integer", "minimum": 1},
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                                "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    },
}


def render(report: Report) -> dict[str, Any]:
    return json.loads(SarifRenderer().render(report))  # type: ignore[no-any-return]


def validate(log: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(GITHUB_REQUIREMENTS, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)


def test_matches_the_golden_file(ci_report: Report, golden: Any, golden_text: Any) -> None:
    assert golden.render("sarif", ci_report) == golden_text("sarif")


@pytest.mark.parametrize("report_name", ["repo_report", "ci_report", "hostile"])
def test_meets_github_code_scanning_requirements(report_name: str, request: pytest.FixtureRequest) -> None:
    log = render(request.getfixturevalue(report_name))
    validate(log)
    assert log["$schema"] == SCHEMA_URI and log["version"] == "2.1.0"


def test_the_requirements_schema_rejects_what_github_would(repo_report: Report) -> None:
    """The transcription above must have teeth: broken logs fail it."""
    broken = render(repo_report)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = render(repo_report)
    del broken["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_one_rule_per_item_of_each_framework_with_its_text_as_help(repo_report: Report) -> None:
    driver = render(repo_report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "fhcheck" and driver["version"] == "9.9.9"
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    expected: dict[str, str] = {}
    for result in repo_report.results:
        for item in result.items:
            expected.setdefault(f"{result.framework}/{item.id}", item.text)
    assert ids == list(expected)
    assert "2022/1.1.B1" in ids and "2025/1.1.B1" in ids
    for rule in rules:
        assert rule["fullDescription"]["text"] == expected[rule["id"]]
        assert rule["help"]["text"].startswith(expected[rule["id"]] + "\n\n")


def test_one_result_per_unsatisfied_item_at_its_line_with_level_by_tier(repo_report: Report) -> None:
    run = render(repo_report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = iter(run["results"])
    for file in repo_report.results:
        for item in file.items:
            if item.satisfied:
                continue
            result = next(results)
            assert result["ruleId"] == f"{file.framework}/{item.id}"
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["level"] == ("error" if item.tier == "minimum" else "warning")
            assert result["kind"] == "fail"
            assert result["message"]["text"] == f"{item.id} {item.verdict}: {'; '.join(item.reasons)}"
            where = file.items_location if item.verdict == "missing" else item.location
            physical = result["locations"][0]["physicalLocation"]
            assert physical["artifactLocation"]["uri"] == file.file
            assert (physical["region"]["startLine"], physical["region"]["startColumn"]) == (where.line, where.column)
            assert result["properties"]["verdict"] == item.verdict
    assert next(results, None) is None


def test_a_missing_item_is_located_at_the_items_key(ci_report: Report) -> None:
    run = render(ci_report)["runs"][0]
    missing = next(r for r in run["results"] if r["ruleId"] == "2025/1.1.B4")
    region = missing["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (7, 1)  # 'items:' in failing.yaml


def test_rule_levels_follow_the_tier(repo_report: Report) -> None:
    rules = {rule["id"]: rule for rule in render(repo_report)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["2025/1.1.B1"]["defaultConfiguration"]["level"] == "error"
    assert rules["2025/1.1.D1"]["defaultConfiguration"]["level"] == "error"
    assert rules["2025/1.1.G1"]["defaultConfiguration"]["level"] == "warning"


def test_invalid_files_are_results_of_their_own_rule(ci_report: Report) -> None:
    run = render(ci_report)["runs"][0]
    invalid = [r for r in run["results"] if r["ruleId"] == "invalid-evidence"]
    problems = [(bad.file, p) for bad in ci_report.invalid for p in bad.problems]
    assert len(invalid) == len(problems)
    for result, (file, problem) in zip(invalid, problems):
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == file
        assert physical["region"]["startLine"] == problem.location.line
        assert result["message"]["text"] == problem.message and result["level"] == "error"


def test_fingerprints_identify_file_and_rule_not_line(ci_report: Report) -> None:
    results = render(ci_report)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["fhcheck/v1"] for r in results if r["ruleId"] != "invalid-evidence"]
    assert len(prints) == len(set(prints))
    moved = ci_report._replace(
        results=tuple(
            file._replace(
                items=tuple(i._replace(location=Location(i.location.file, i.location.line + 5, 1)) for i in file.items),
            )
            for file in ci_report.results
        ),
    )
    again = [r["partialFingerprints"]["fhcheck/v1"] for r in render(moved)["runs"][0]["results"] if r["ruleId"] != "invalid-evidence"]
    assert again == prints


def test_run_properties_say_where_each_file_stands(repo_report: Report) -> None:
    properties = render(repo_report)["runs"][0]["properties"]
    assert properties["failUnder"] == "minimum" and properties["passed"] is False
    assert [(f["file"], f["stage"], f["passed"]) for f in properties["files"]] == [
        (r.file, r.stage, r.passed) for r in repo_report.results
    ]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("evidence/la.yaml", "evidence/la.yaml"),
        ("./la.yaml", "la.yaml"),
        ("la dir/a,b:c%.yaml", "la%20dir/a%2Cb%3Ac%25.yaml"),
        ("evidence\\la.yaml", "evidence/la.yaml"),
        ("/srv/repo/la.yaml", "file:///srv/repo/la.yaml"),
        ("C:\\repo\\la.yaml", "file:///C:/repo/la.yaml"),
    ],
)
def test_artifact_uris(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_hostile_text_is_carried_verbatim(hostile: Report, hostile_text: str) -> None:
    log = render(hostile)
    result = log["runs"][0]["results"][0]
    shown = hostile_text.replace("\x01", "\\x01").replace("\x1b", "\\x1b")  # controls visible, never raw
    assert result["message"]["text"].startswith(f"1.1.B1 not_met: {shown}; line one\nline two")
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]["text"] == shown
