"""``--format junit``: JUnit XML as GitLab and Jenkins read it.

No registry package ships a JUnit XML schema (XSD) that could be installed for the tests
(the Jenkins xunit-plugin ``junit-10.xsd`` lives only in source trees), so the output is
checked the way its consumers read it: parsed by junitparser (a real JUnit reader) and by
the standard library, for the structure GitLab's and Jenkins' parsers use — ``testsuites``
> ``testsuite`` (name, tests, failures, errors, skipped) > ``testcase`` (name, classname,
file, line, time) with a ``failure``, ``error`` or ``skipped`` child carrying ``message``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped
from junitparser import TestSuite as JUnitSuite  # not "Test...": pytest 8.0 would try to collect it

from fhcheck.report.junit import JunitRenderer
from fhcheck.views import Report


def parse(text: str) -> JUnitXml:
    return JUnitXml.fromstring(text.encode("utf-8"))


def test_matches_the_golden_file(ci_report: Report, golden: Any, golden_text: Any) -> None:
    assert golden.render("junit", ci_report) == golden_text("junit")


def test_one_suite_per_file_and_one_case_per_item(repo_report: Report) -> None:
    xml = parse(JunitRenderer().render(repo_report))
    suites = list(xml)
    assert [suite.name for suite in suites] == [result.file for result in repo_report.results]
    for suite, result in zip(suites, repo_report.results, strict=False):
        assert isinstance(suite, JUnitSuite)
        assert [case.name for case in suite] == [item.id for item in result.items]
        assert suite.tests == len(result.items)


def test_unsatisfied_minimum_items_fail_with_verdict_and_reasons(repo_report: Report) -> None:
    xml = parse(JunitRenderer().render(repo_report))
    for suite, result in zip(xml, repo_report.results, strict=False):
        items = {item.id: item for item in result.items}
        failed = {case.name: case.result[0] for case in suite if case.result and isinstance(case.result[0], Failure)}
        expected = {item.id for item in result.items if not item.satisfied and item.tier == "minimum"}
        assert set(failed) == expected
        assert suite.failures == len(expected)
        for item_id, failure in failed.items():
            item = items[item_id]
            assert failure.message == f"{item.verdict}: {'; '.join(item.reasons)}"
            assert failure.type == item.verdict
            where = result.items_location if item.verdict == "missing" else item.location
            assert failure.text.startswith(
                f"at {result.file}:{where.line}\n"
                f"{item.id} ({item.level}, minimum expectation): {item.text}\nverdict: {item.verdict}"
            )


def test_open_go_further_options_are_skipped_and_satisfied_items_pass(repo_report: Report) -> None:
    xml = parse(JunitRenderer().render(repo_report))
    for suite, result in zip(xml, repo_report.results, strict=False):
        by_id = {case.name: case for case in suite}
        for item in result.items:
            case = by_id[item.id]
            if item.satisfied:
                assert case.is_passed, item.id
            elif item.tier == "go_further":
                assert case.is_skipped and isinstance(case.result[0], Skipped)
                assert case.result[0].message.startswith(f"go further option not satisfied: {item.verdict}")
        assert suite.skipped == sum(1 for i in result.items if not i.satisfied and i.tier == "go_further")
        assert suite.errors == 0


def test_totals_on_testsuites_add_up(ci_report: Report) -> None:
    xml = parse(JunitRenderer().render(ci_report))
    suites = list(xml)
    assert xml.tests == sum(s.tests for s in suites)
    assert xml.failures == sum(s.failures for s in suites)
    assert xml.errors == sum(s.errors for s in suites) == len(ci_report.invalid)
    assert xml.skipped == sum(s.skipped for s in suites)


def test_cases_say_where_the_item_is_and_missing_items_at_items(ci_report: Report) -> None:
    root = ET.fromstring(JunitRenderer().render(ci_report).encode("utf-8"))
    failing = ci_report.results[0]
    cases = {case.get("name"): case for case in root.find("testsuite").iter("testcase")}  # type: ignore[union-attr]
    for item in failing.items:
        case = cases[item.id]
        assert case.get("file") is None and case.get("line") is None  # not in junit-10.xsd
        assert case.get("time") == "0"
        if not item.satisfied:
            text = next(iter(case)).text or ""
            line = failing.items_location.line if item.verdict == "missing" else item.location.line
            assert text.startswith(f"at failing.yaml:{line}\n")
    assert (next(iter(cases["1.1.B4"])).text or "").startswith(f"at failing.yaml:{failing.items_location.line}\n")


def test_classname_is_not_split_at_the_dot_of_the_subcriterion(ci_report: Report) -> None:
    """Jenkins splits a classname at its last dot: package ``fhcheck``, class ``1․1 Title``."""
    root = ET.fromstring(JunitRenderer().render(ci_report).encode("utf-8"))
    failing = ci_report.results[0]
    titles = {sub.id: sub.title for sub in failing.subcriteria}
    for case in root.find("testsuite").iter("testcase"):  # type: ignore[union-attr]
        item = next(i for i in failing.items if i.id == case.get("name"))
        name = case.get("classname", "")
        package, _, cls = name.rpartition(".")
        assert package == "fhcheck"
        assert cls == f"{item.subcriterion} {titles[item.subcriterion]}".replace(".", "\u2024")
        assert cls.startswith(item.subcriterion.replace(".", "\u2024") + " ")


JUNIT_10 = Path(__file__).resolve().parents[1] / "schemas" / "jenkins-xunit" / "junit-10.xsd"


@pytest.mark.parametrize("report_name", ["ci_report", "repo_report", "hostile"])
def test_valid_against_the_jenkins_xunit_junit_10_schema(report_name: str, request: pytest.FixtureRequest) -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(JUNIT_10))
    text = JunitRenderer().render(request.getfixturevalue(report_name))
    schema.validate(text)


def test_the_junit_10_schema_rejects_what_it_did_before(ci_report: Report) -> None:
    """The attributes the old output carried are what made it invalid: the check can fail."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(JUNIT_10))
    root = ET.fromstring(JunitRenderer().render(ci_report).encode("utf-8"))
    root.set("skipped", "1")
    assert not schema.is_valid(ET.tostring(root, encoding="unicode"))
    root.attrib.pop("skipped")
    next(root.iter("testcase")).set("file", "failing.yaml")
    assert not schema.is_valid(ET.tostring(root, encoding="unicode"))


def test_invalid_files_are_suites_with_an_error(ci_report: Report) -> None:
    xml = parse(JunitRenderer().render(ci_report))
    invalid = [suite for suite in xml if suite.name in {bad.file for bad in ci_report.invalid}]
    assert len(invalid) == 2
    for suite, bad in zip(invalid, ci_report.invalid, strict=False):
        (case,) = list(suite)
        (error,) = case.result
        assert isinstance(error, Error)
        assert error.message.startswith(f"invalid evidence file ({len(bad.problems)} problem")
        assert error.text.splitlines() == [str(problem) for problem in bad.problems]


def test_file_properties_carry_stage_and_pass_fail(repo_report: Report) -> None:
    root = ET.fromstring(JunitRenderer().render(repo_report).encode("utf-8"))
    for suite, result in zip(root.iter("testsuite"), repo_report.results, strict=False):
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties == {
            "local_authority": result.local_authority,
            "framework": result.framework,
            "assessed_on": "2025-10-01",
            "stage": result.stage,
            "minimum_met": str(result.minimum_met).lower(),
            "passed": str(result.passed).lower(),
        }


def test_warnings_of_satisfied_items_go_to_system_out(repo_report: Report) -> None:
    xml = parse(JunitRenderer().render(repo_report))
    passing = list(xml)[2]
    outputs = {case.name: case.system_out for case in passing if case.system_out}
    warned = [item for item in repo_report.results[2].items if item.warnings and item.satisfied]
    assert warned and all(outputs[item.id].endswith(f"warning: {item.warnings[-1]}") for item in warned)


def test_hostile_text_stays_well_formed_and_round_trips(hostile: Report, hostile_text: str) -> None:
    text = JunitRenderer().render(hostile)
    root = ET.fromstring(text.encode("utf-8"))  # raises on any ill-formed byte
    clean = hostile_text.replace("\x01", "\\x01").replace("\x1b", "\\x1b")  # visible, never raw
    properties = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert properties["local_authority"] == clean
    failure = root.find(".//failure")
    assert failure is not None and failure.get("message", "").startswith(f"not_met: {clean}; line one\nline two")
    assert parse(text).errors == 1


@pytest.mark.parametrize("report_name", ["repo_report", "ci_report"])
def test_declares_utf8_and_parses_as_bytes(report_name: str, request: pytest.FixtureRequest) -> None:
    text = JunitRenderer().render(request.getfixturevalue(report_name))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="fhcheck" ')
    ET.fromstring(text.encode("utf-8"))
