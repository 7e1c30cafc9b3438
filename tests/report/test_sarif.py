"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning.

The output is validated against the official OASIS ``sarif-schema-2.1.0.json`` (vendored
under tests/schemas/sarif with its licence), and against ``GITHUB_REQUIREMENTS`` below: our
transcription of what GitHub's "SARIF support for code scanning" documentation says an
upload must and may contain (required properties, enumerations, limits). The content is
then checked against the report: a rule per item, a result per unsatisfied item at its
line (a missing item at ``items:``), the level by tier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fhcheck.errors import Location
from fhcheck.report.sarif import SCHEMA_URI, SarifRenderer, artifact_uri
from fhcheck.views import Report

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
            if item.satisfied and item.verdict != "not_applicable":
                continue
            result = next(results)
            assert result["ruleId"] == f"{file.framework}/{item.id}"
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["level"] == ("error" if item.tier == "minimum" else "note")
            assert ("suppressions" in result) == (item.verdict == "not_applicable")
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
    assert rules["2025/1.1.G1"]["defaultConfiguration"]["level"] == "note"


def test_invalid_files_are_results_of_their_own_rule(ci_report: Report) -> None:
    run = render(ci_report)["runs"][0]
    invalid = [r for r in run["results"] if r["ruleId"] == "invalid-evidence"]
    problems = [(bad.file, p) for bad in ci_report.invalid for p in bad.problems]
    assert len(invalid) == len(problems)
    for result, (file, problem) in zip(invalid, problems, strict=False):
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == file
        assert physical["region"]["startLine"] == problem.location.line
        assert result["message"]["text"] == problem.message and result["level"] == "error"


def line_hashes(report: Report) -> list[str]:
    results = render(report)["runs"][0]["results"]
    return [r["partialFingerprints"]["primaryLocationLineHash"] for r in results if r["ruleId"] != "invalid-evidence"]


def test_fingerprints_identify_file_and_rule_not_line(ci_report: Report) -> None:
    prints = line_hashes(ci_report)
    assert len(prints) == len(set(prints))
    moved = ci_report._replace(
        results=tuple(
            file._replace(
                items=tuple(i._replace(location=Location(i.location.file, i.location.line + 5, 1)) for i in file.items),
            )
            for file in ci_report.results
        ),
    )
    assert line_hashes(moved) == prints
    assert all(len(p) == 18 and p.endswith(":1") for p in prints)


def test_line_hashes_ignore_the_line_text_and_how_the_file_was_named(ci_report: Report, tmp_path: Any) -> None:
    """Renaming an entry or editing the first item changes neither location nor hash; a
    file named ./x.yaml or by its absolute path is the same file as x.yaml."""
    import os

    prints = line_hashes(ci_report)
    for spelling in (lambda f: "./" + f, lambda f: os.path.join(os.getcwd(), f)):
        renamed = ci_report._replace(
            results=tuple(
                file._replace(
                    file=spelling(file.file),
                    items=tuple(i._replace(text="reworded", location=i.location._replace(file="")) for i in file.items),
                )
                for file in ci_report.results
            )
        )
        assert line_hashes(renamed) == prints
        results = render(renamed)["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert {"failing.yaml", "passing.yaml"} <= uris
        assert not any(uri.startswith(("file:", "./", "/")) for uri in uris)


def test_a_changed_verdict_is_a_new_alert(ci_report: Report) -> None:
    first = next(f for f in ci_report.results if any(not i.satisfied for i in f.items))
    index = next(n for n, i in enumerate(first.items) if not i.satisfied)
    changed_item = first.items[index]._replace(verdict="stale" if first.items[index].verdict != "stale" else "missing")
    changed = first._replace(items=first.items[:index] + (changed_item,) + first.items[index + 1 :])
    report = ci_report._replace(results=(changed,) + ci_report.results[1:])
    before, after = line_hashes(ci_report), line_hashes(report)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1


def test_an_accepted_exemption_is_a_suppressed_result_with_its_justification(ci_report: Report) -> None:
    results = render(ci_report)["runs"][0]["results"]
    exempt = next(r for r in results if r["ruleId"] == "2025/1.3.D3" and r["properties"]["verdict"] == "not_applicable")
    assert exempt["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "Compact urban borough; every home is within walking distance of a hub.",
        }
    ]
    assert all("suppressions" not in r for r in results if r.get("properties", {}).get("verdict") != "not_applicable")


def test_a_file_meeting_every_minimum_raises_no_warnings(ci_report: Report) -> None:
    passing = next(f for f in ci_report.results if f.minimum_met)
    results = render(ci_report._replace(results=(passing,), invalid=()))["runs"][0]["results"]
    assert {r["level"] for r in results if "suppressions" not in r} == {"note"}


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
        ("evidence/../la.yaml", "la.yaml"),
        ("/srv/elsewhere/la.yaml", "file:///srv/elsewhere/la.yaml"),
        ("C:\\repo\\la.yaml", "file:///C:/repo/la.yaml"),
    ],
)
def test_artifact_uris(path: str, uri: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(path) == uri


def test_an_absolute_path_inside_the_repository_is_relative(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "evidence" / "la.yaml")) == "evidence/la.yaml"


def test_hostile_text_is_carried_verbatim(hostile: Report, hostile_text: str) -> None:
    log = render(hostile)
    result = log["runs"][0]["results"][0]
    shown = hostile_text.replace("\x01", "\\x01").replace("\x1b", "\\x1b")  # controls visible, never raw
    assert result["message"]["text"].startswith(f"1.1.B1 not_met: {shown}; line one\nline two")
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]["text"] == shown


OFFICIAL = Path(__file__).resolve().parents[1] / "schemas" / "sarif" / "sarif-schema-2.1.0.json"


@pytest.mark.parametrize("report_name", ["ci_report", "repo_report", "hostile"])
def test_valid_against_the_official_sarif_2_1_0_schema(report_name: str, request: pytest.FixtureRequest) -> None:
    schema = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    log = render(request.getfixturevalue(report_name))
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["$schema"] == schema["id"] == SCHEMA_URI


def test_the_official_schema_rejects_a_bad_suppression(ci_report: Report) -> None:
    schema = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    log = render(ci_report)
    suppressed = next(r for r in log["runs"][0]["results"] if "suppressions" in r)
    suppressed["suppressions"][0]["kind"] = "accepted"  # a status, not a kind
    assert not jsonschema.Draft4Validator(schema).is_valid(log)


def test_a_piece_is_ascii_and_the_log_is_its_pieces_written(ci_report: Report) -> None:
    """Pieces wait in a UTF-8 spool: a file name not UTF-8 on disk (a lone surrogate) must
    spool too, and come back out as the whole log writes it."""
    import io

    odd = ci_report.results[0]._replace(file="caf\udce9.yaml")
    report = ci_report._replace(results=(odd, *ci_report.results[1:]))
    renderer = SarifRenderer()
    pieces = [renderer.piece(result) for result in report.results]
    assert all(piece.isascii() and piece.count("\n") == 3 for piece in pieces)
    out = io.StringIO()
    renderer.write(out, report.overview(), pieces)
    assert out.getvalue() == renderer.render(report)
    run = json.loads(out.getvalue())["runs"][0]
    assert run["properties"]["files"][0]["file"] == "caf<U+DCE9>.yaml"
