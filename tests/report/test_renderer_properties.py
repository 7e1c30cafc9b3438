"""Every CI format accepts any report: arbitrary text (markup, separators, newlines, control
characters, any Unicode), any verdicts and counts, any number of files and invalid files,
and still produces output its consumers can read."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fhcheck.errors import Location, Problem
from fhcheck.report.registry import render_report
from fhcheck.results import VERDICTS, Count, FileResult, InvalidFile, ItemResult, KeyCriterionResult, SubcriterionResult
from fhcheck.views import Report

text = st.text(max_size=40)
names = st.text(min_size=1, max_size=30)
lines = st.integers(min_value=0, max_value=10_000)
counts = st.builds(lambda met, extra: Count(met, met + extra), st.integers(0, 50), st.integers(0, 50))


@st.composite
def items(draw: st.DrawFn, file: str) -> ItemResult:
    letter = draw(st.sampled_from("BDG"))
    verdict = draw(st.sampled_from(VERDICTS))
    return ItemResult(
        id=f"{draw(st.integers(1, 5))}.{draw(st.integers(1, 6))}.{letter}{draw(st.integers(1, 12))}",
        verdict=verdict,
        reasons=tuple(draw(st.lists(text, max_size=3))),
        warnings=tuple(draw(st.lists(text, max_size=2))),
        level="basic" if letter == "B" else "developed",
        tier="go_further" if letter == "G" else "minimum",
        subcriterion="1.1",
        key_criterion="1",
        text=draw(text),
        status=None,
        location=Location(file, draw(lines), draw(lines)),
        satisfied=draw(st.booleans()),
    )


@st.composite
def files(draw: st.DrawFn) -> FileResult:
    file = draw(names)
    found = tuple(draw(st.lists(items(file), max_size=6)))
    sub = SubcriterionResult("1.1", draw(text), draw(counts), draw(counts), draw(counts), draw(st.booleans()))
    key = KeyCriterionResult(
        "1", draw(text), draw(text), draw(counts), draw(counts), draw(counts), draw(st.booleans()), (sub,)
    )
    return FileResult(
        file=file,
        framework=draw(st.sampled_from(["2022", "2025", "2030-a"])),
        framework_title=draw(text),
        local_authority=draw(text),
        assessed_on=draw(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
        stage=draw(st.sampled_from(["none", "basic", "minimum", "developed"])),
        minimum_met=draw(st.booleans()),
        items=found,
        key_criteria=(key,),
        items_location=Location(file, draw(lines), draw(lines)),
        passed=draw(st.booleans()),
    )


@st.composite
def invalid_files(draw: st.DrawFn) -> InvalidFile:
    file = draw(names)
    problems = draw(st.lists(st.builds(lambda line, col, message: Problem(Location(file, line, col), message), lines, lines, text), min_size=1, max_size=3))
    return InvalidFile(file, tuple(problems))


reports = st.builds(
    Report,
    st.lists(files(), max_size=3).map(tuple),
    st.lists(invalid_files(), max_size=2).map(tuple),
    st.sampled_from(["none", "basic", "minimum", "developed"]),
    st.text(max_size=8),
)
COMMAND = re.compile(r"^::(error|warning|notice)(?: [^:\r\n]*)?::[^\r\n]*$")
EMPTY = Report((), ())


def unsatisfied(report: Report) -> int:
    return sum(1 for file in report.results for item in file.items if not item.satisfied)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
@example(EMPTY)
def test_junit_is_always_well_formed(report: Report) -> None:
    root = ET.fromstring(render_report("junit", report).encode("utf-8"))
    assert len(root.findall("testsuite")) == len(report.results) + len(report.invalid)
    assert int(root.get("failures", "-1")) == sum(
        1 for f in report.results for i in f.items if not i.satisfied and i.tier == "minimum"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
@example(EMPTY)
def test_sarif_is_json_with_a_result_per_unsatisfied_item_and_problem(report: Report) -> None:
    run = json.loads(render_report("sarif", report))["runs"][0]
    problems = sum(len(bad.problems) for bad in report.invalid)
    exempt = sum(
        1 for file in report.results for item in file.items if item.satisfied and item.verdict == "not_applicable"
    )
    assert len(run["results"]) == unsatisfied(report) + exempt + problems
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"].get("region")
        assert region is None or region["startLine"] >= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
@example(EMPTY)
@example(Report((), (InvalidFile("bad.yaml", (Problem(Location("bad.yaml", 1, 1), "wrong"),)),), "none", "1.0"))
def test_streamed_sarif_is_the_text_json_dumps_writes_of_the_whole_log(report: Report) -> None:
    """SARIF is written a file at a time, but byte for byte as ``json.dumps(log, indent=2,
    ensure_ascii=False)`` wrote the whole log: every list at its depth, empty ones as ``[]``."""
    text = render_report("sarif", report)
    assert isinstance(text, str)
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
@example(EMPTY)
def test_github_prints_one_well_formed_command_per_line(report: Report) -> None:
    out = render_report("github", report)
    commands = out.split("\n")
    assert commands.pop() == ""  # the runner reads lines split at LF only
    assert all(COMMAND.match(line) for line in commands)
    warnings = sum(len(item.warnings) for file in report.results for item in file.items)
    problems = sum(len(bad.problems) for bad in report.invalid)
    assert len(commands) == len(report.results) + unsatisfied(report) + warnings + problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
@example(EMPTY)
def test_markdown_table_rows_stay_single_lines(report: Report) -> None:
    out = render_report("markdown", report)
    assert "\r" not in out.replace("\r\n", "\n")
    for line in out.split("\n"):
        if line.startswith("| "):
            assert line.endswith(" |")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
@example(EMPTY)
def test_html_never_carries_markup_from_the_report(report: Report) -> None:
    out = render_report("html", report)
    assert "<script" not in out.lower()
    assert out.count("<section") == out.count("</section>")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", out)
