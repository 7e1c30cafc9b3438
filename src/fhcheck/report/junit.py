"""``--format junit``: JUnit XML, the test report GitLab, Jenkins, Azure DevOps and most CI
servers show beside a pipeline.

One ``<testsuite>`` per evidence file and one ``<testcase>`` per framework item, so a CI
test tab lists every item with its verdict:

- a satisfied item passes (an accepted ``not_applicable`` says why in ``<system-out>``);
- an unsatisfied minimum item is a ``<failure>`` whose message is the verdict and reasons;
- an unsatisfied 'go further' option is ``<skipped>`` with the same message: optional, not
  failed, but still visible;
- an invalid evidence file is a suite with one ``<error>`` test case listing its problems.

The file is valid against the Jenkins xUnit plugin's ``junit-10.xsd``, which has no
``testcase@file``/``@line`` and no ``testsuites@skipped``; the item's place in the evidence
file is the first line of each failure's text instead. GitLab reads a test case's name,
classname, time, failure/error/skipped and system-out, and takes its file only from a
``file`` attribute or child of ``<testcase>`` (its parser merges the two), which the schema
forbids: no form valid under ``junit-10.xsd`` gives GitLab a file, so ``--format
junit-gitlab`` (:class:`GitlabJunitRenderer`) is the same report with ``testcase@file``. Jenkins
splits a classname at its last dot into package and class, so the classname is
``fhcheck.<sub-criterion> <title>`` with the dots of ``1.1`` written as U+2024 ONE DOT
LEADER (which looks the same): package ``fhcheck``, class ``1․1 Comms, ...``.
Verdicts and satisfaction are read from the report, never decided here.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from fhcheck.report.registry import Renderer
from fhcheck.results import FileResult, InvalidFile, ItemResult, Overview
from fhcheck.views import Report

TIER_LABEL = {"minimum": "minimum expectation", "go_further": "go further option"}
#: what stands for "." inside a class name, so Jenkins does not split "1.1" into package and class
DOT_LEADER = "\u2024"


def classname(subcriterion: str, title: str) -> str:
    """``fhcheck.1․1 Title``: Jenkins shows package ``fhcheck`` and the sub-criterion whole."""
    return clean("fhcheck." + f"{subcriterion} {title}".strip().replace(".", DOT_LEADER))


def clean(text: str) -> str:
    """XML-legal text, hidden characters visible and no workflow command: CI logs print JUnit failures."""
    from fhcheck.safe_text import no_commands, xml_text

    return no_commands(xml_text(text))


def case_file(path: str) -> str:
    """The file as GitLab links it: relative to the repository root, ``/`` separators."""
    from fhcheck.report.sarif import repository_path

    return clean(repository_path(path))


def describe(item: ItemResult) -> str:
    """The failure message: verdict and reasons on one line, what CI lists show first."""
    reasons = "; ".join(item.reasons)
    return clean(f"{item.verdict}: {reasons}" if reasons else item.verdict)


def details(item: ItemResult, where: str = "") -> str:
    """The failure body: where the item is, the criterion's full text, then every reason on a
    line of its own."""
    lines = [f"at {where}"] if where else []
    lines += [
        f"{item.id} ({item.level}, {TIER_LABEL.get(item.tier, item.tier)}): {item.text}",
        f"verdict: {item.verdict}",
    ]
    lines += [f"- {reason}" for reason in item.reasons]
    lines += [f"warning: {warning}" for warning in item.warnings]
    return clean("\n".join(lines))


class JunitRenderer(Renderer):
    """Streams: each file's ``<testsuite>`` is a piece, and the ``<testsuites>`` totals are
    summed from the pieces' own attributes, so the run keeps no result for them."""

    streams = True
    #: whether each test case names its file (``testcase@file``): only ``junit-gitlab``
    CASE_FILE = False

    def piece(self, result: FileResult) -> str:
        """One file's ``<testsuite>``, indented as it stands inside ``<testsuites>``."""
        return _element_text(self._suite(result))

    def write(self, out: TextIO, overview: Overview, pieces: Iterable[str]) -> None:
        """The same document as :meth:`render`; ``pieces`` is read twice (totals, then text)."""
        invalid = [_element_text(self._invalid(bad)) for bad in overview.invalid]
        totals = {"tests": 0, "failures": 0, "errors": 0}
        for suite in itertools.chain(pieces, invalid):
            opening = suite[: suite.index(">")]
            for key in totals:
                found = re.search(f' {key}="([0-9]+)"', opening)
                totals[key] += int(found.group(1)) if found else 0
        attributes = " ".join(f'{key}="{value}"' for key, value in totals.items())
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="fhcheck" {attributes} time="0"')
        if not overview.files and not invalid:
            out.write(" />\n")
            return
        out.write(">")
        for suite in itertools.chain(pieces, invalid):
            out.write("\n  ")
            out.write(suite)
        out.write("\n</testsuites>\n")

    def render(self, report: Report) -> str:
        root = ET.Element("testsuites", {"name": "fhcheck"})
        totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for result in report.results:
            suite = self._suite(result)
            root.append(suite)
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
        for bad in report.invalid:
            root.append(self._invalid(bad))
            totals["tests"] += 1
            totals["errors"] += 1
        for key, value in totals.items():
            if key != "skipped":  # junit-10.xsd has no testsuites@skipped; each suite has its own
                root.set(key, str(value))
        root.set("time", "0")
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def _suite(self, result: FileResult) -> ET.Element:
        titles = {sub.id: sub.title for sub in result.subcriteria}
        cases: list[ET.Element] = []
        failures = skipped = 0
        for item in result.items:
            case = ET.Element(
                "testcase",
                {
                    "name": clean(item.id),
                    "classname": classname(item.subcriterion, titles.get(item.subcriterion, "")),
                    "time": "0",
                },
            )
            location = result.items_location if item.verdict == "missing" else item.location
            where = f"{location.file or result.file}:{max(location.line, 1)}"
            if self.CASE_FILE:
                case.set("file", case_file(location.file or result.file))
            if not item.satisfied and item.tier == "minimum":
                failure = ET.SubElement(case, "failure", {"message": describe(item), "type": clean(item.verdict)})
                failure.text = details(item, where)
                failures += 1
            elif not item.satisfied:
                skip = ET.SubElement(
                    case, "skipped", {"message": clean(f"go further option not satisfied: {describe(item)}")}
                )
                skip.text = details(item, where)
                skipped += 1
            elif item.reasons or item.warnings:
                out = ET.SubElement(case, "system-out")
                out.text = details(item)
            cases.append(case)
        suite = ET.Element(
            "testsuite",
            {
                "name": clean(result.file),
                "tests": str(len(cases)),
                "failures": str(failures),
                "errors": "0",
                "skipped": str(skipped),
                "time": "0",
            },
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("local_authority", result.local_authority),
            ("framework", result.framework),
            ("assessed_on", result.assessed_on.isoformat()),
            ("stage", result.stage),
            ("minimum_met", str(result.minimum_met).lower()),
            ("passed", str(result.passed).lower()),
        ):
            ET.SubElement(properties, "property", {"name": name, "value": clean(value)})
        suite.extend(cases)
        return suite

    def _invalid(self, bad: InvalidFile) -> ET.Element:
        suite = ET.Element(
            "testsuite",
            {"name": clean(bad.file), "tests": "1", "failures": "0", "errors": "1", "skipped": "0", "time": "0"},
        )
        first = bad.problems[0] if bad.problems else None
        case = ET.SubElement(
            suite,
            "testcase",
            {"name": "valid evidence file", "classname": "fhcheck.invalid", "time": "0"},
        )
        if self.CASE_FILE:
            case.set("file", case_file(bad.file))
        count = len(bad.problems)
        message = f"invalid evidence file ({count} problem{'s' if count != 1 else ''})"
        if first is not None:
            message += f": {first}"
        error = ET.SubElement(case, "error", {"message": clean(message), "type": "invalid"})
        error.text = clean("\n".join(str(problem) for problem in bad.problems))
        return suite


def _element_text(element: ET.Element) -> str:
    """An element as :meth:`JunitRenderer.render` writes it one level inside the root."""
    ET.indent(element, level=1)
    return ET.tostring(element, encoding="unicode")


class GitlabJunitRenderer(JunitRenderer):
    """``--format junit-gitlab``: ``junit`` plus ``testcase@file``, the one place GitLab's
    parser reads a test case's file from (``data['file']`` of the case's attributes and
    child elements, lib/gitlab/ci/parsers/test/junit.rb); ``junit-10.xsd`` allows neither
    such an attribute nor such a child, so this variant is for GitLab alone."""

    CASE_FILE = True
