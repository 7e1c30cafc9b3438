"""JUnit as GitLab's own parser reads it: which file GitLab shows for each test case.

``gitlab_cases`` mirrors GitLab's JUnit parser, gitlabhq/gitlabhq at commit
d23f0cff3ca412a36fcefbb25dc4b36d2941a7de, ``lib/gitlab/ci/parsers/test/junit.rb``::

    root = XmlConverter.new(xml_data).to_h
    ...
    all_cases(node['testsuites'], root, &blk) unless parent          # one top-level testsuites
    each_case(node['testcase'], node['name'], &blk) if parent         # tc['suite_name'] = suite name
    all_cases(node['testsuite'], root, &blk)                          # nested testsuite allowed
    ...
    ::Gitlab::Ci::Reports::TestCase.new(
      suite_name: data['suite_name'] || test_suite.name,
      classname: data['classname'], name: data['name'], file: data['file'],
      execution_time: data['time'], status: status, ...)

with status ``failed`` when ``data.key?('failure')``, else ``error`` for ``error``, else
``skipped`` for ``skipped``, else ``success``. ``XmlConverter`` (lib/gitlab/xml_converter.rb)
is ActiveSupport's ``XMLConverter`` over Nokogiri's ``to_hash``
(activesupport ``xml_mini/nokogiri.rb``), which puts child elements and attributes in the
same hash, so ``data['file']`` is a ``file`` attribute or a ``<file>`` child, its key with
``-`` made ``_`` (``normalize_keys``)::

    children.each do |c|
      if c.element?
        c.to_hash(node_hash)
      ...
    attribute_nodes.each { |a| node_hash[a.node_name] = a.value }

``junit-10.xsd`` allows neither on ``<testcase>``: ``--format junit`` gives GitLab no file,
``--format junit-gitlab`` adds ``testcase@file``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from fhcheck.report.junit import GitlabJunitRenderer, JunitRenderer
from fhcheck.report.registry import get as get_renderer_of
from fhcheck.views import Report

JUNIT_10 = Path(__file__).resolve().parents[1] / "schemas" / "jenkins-xunit" / "junit-10.xsd"


def local(name: str) -> str:
    """Nokogiri's ``name``/``node_name``: the local name, without a namespace."""
    return name.rsplit("}", 1)[-1].replace("-", "_")


def to_hash(node: ET.Element) -> dict[str, Any]:
    """Nokogiri ``to_hash`` + ``normalize_keys``: children, then attributes, in one hash."""
    data: dict[str, Any] = {}
    for child in node:
        value: Any = to_hash(child) if len(child) or child.attrib else (child.text or "")
        key = local(child.tag)
        data[key] = [*data[key], value] if isinstance(data.get(key), list) else (
            [data[key], value] if key in data else value
        )  # fmt: skip
    for name, value in node.attrib.items():
        data[local(name)] = value
    return data


def gitlab_cases(xml: str) -> list[dict[str, Any]]:
    """What GitLab keeps of each test case: suite, classname, name, file, status."""
    root = ET.fromstring(xml.encode("utf-8"))
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    cases = []
    for suite in suites:
        for node in suite.findall("testcase"):
            data = to_hash(node)
            status = next((s for s, key in STATUS if key in data), "success")
            cases.append(
                {"suite_name": suite.get("name"), "classname": data.get("classname"), "name": data.get("name"),
                 "file": data.get("file"), "status": status}
            )  # fmt: skip
    return cases


STATUS = (("failed", "failure"), ("error", "error"), ("skipped", "skipped"))


def test_gitlab_sees_no_file_in_the_junit_10_report(ci_report: Report) -> None:
    cases = gitlab_cases(JunitRenderer().render(ci_report))
    assert cases and all(case["file"] is None for case in cases)


def test_junit_gitlab_gives_every_case_its_file(ci_report: Report) -> None:
    cases = gitlab_cases(GitlabJunitRenderer().render(ci_report))
    files = {result.file for result in ci_report.results} | {bad.file for bad in ci_report.invalid}
    assert {case["file"] for case in cases} == files
    for case in cases:
        assert case["file"] == case["suite_name"]  # each item lives in its suite's file
    by_name = {(c["suite_name"], c["name"]): c for c in cases}
    failing = ci_report.results[0]
    for item in failing.items:
        expected = "failed" if not item.satisfied and item.tier == "minimum" else (
            "skipped" if not item.satisfied else "success"
        )  # fmt: skip
        assert by_name[(failing.file, item.id)]["status"] == expected


def test_junit_gitlab_is_junit_plus_the_file_attribute(ci_report: Report) -> None:
    plain = ET.fromstring(JunitRenderer().render(ci_report).encode("utf-8"))
    gitlab = ET.fromstring(GitlabJunitRenderer().render(ci_report).encode("utf-8"))
    for case in gitlab.iter("testcase"):
        assert case.attrib.pop("file")
    assert ET.tostring(plain) == ET.tostring(gitlab)


def test_junit_gitlab_is_a_registered_format(ci_report: Report) -> None:
    assert isinstance(get_renderer_of("assessment", "junit-gitlab"), GitlabJunitRenderer)


@pytest.mark.parametrize(
    "change",
    [
        lambda case: case.set("file", "failing.yaml"),
        lambda case: ET.SubElement(case, "file").__setattr__("text", "failing.yaml"),
        lambda case: case.set("{urn:fhcheck}file", "failing.yaml"),
        lambda case: ET.SubElement(case, "{urn:fhcheck}file").__setattr__("text", "failing.yaml"),
    ],
    ids=["attribute", "child", "namespaced-attribute", "namespaced-child"],
)
def test_every_way_gitlab_reads_a_file_breaks_junit_10(ci_report: Report, change: Any) -> None:
    """Why there are two formats: each form that gives GitLab ``data['file']`` is invalid."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(JUNIT_10))
    root = ET.fromstring(JunitRenderer().render(ci_report).encode("utf-8"))
    case = next(root.iter("testcase"))
    change(case)
    text = ET.tostring(root, encoding="unicode")
    assert gitlab_cases(text)[0]["file"] == "failing.yaml"
    assert not schema.is_valid(text)
