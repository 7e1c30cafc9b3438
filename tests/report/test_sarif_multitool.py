"""``--format sarif`` against Microsoft's SARIF validator, and the rules it asked us to fix.

The validator is the SARIF Multitool (npm ``@microsoft/sarif-multitool-linux``, a
self-contained binary; ``npm install --prefix /tmp/sarif-mt @microsoft/sarif-multitool-linux``).
Point ``FHCHECK_SARIF_MULTITOOL`` at its ``Sarif.Multitool`` to run the first test; without it
the test is skipped. The rest are plain Python and pin, one each, the rules fixed after it
ran (docs/ci.md, "What Microsoft's SARIF validator says"): they fail on the old output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from fhcheck.report.sarif import SarifRenderer, rule_name
from fhcheck.views import Report

MULTITOOL = os.environ.get("FHCHECK_SARIF_MULTITOOL", "")
#: SARIF2012 in the validator: a friendly name is one Pascal-case identifier (no "_", no two
#: capitals in a row; Item1P1PB4 is refused, Item1Dot1DotB4 accepted)
PASCAL_CASE = re.compile(r"^(?:[A-Z][a-z0-9]+)+[A-Z]?[0-9]*$")


def validate(sarif: Path, kinds: str, out: Path) -> list[dict[str, Any]]:
    """The validator's findings (its own SARIF log) for one file and rule kinds."""
    completed = subprocess.run(
        # the file first: a list option (--rule-kind, --level, --log) takes every word after it
        [MULTITOOL, "validate", str(sarif), "--output", str(out),
         "--rule-kind", kinds, "--level", "Error;Warning;Note", "--log", "ForceOverwrite"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    log = json.loads(out.read_text(encoding="utf-8"))
    return [result for run in log["runs"] for result in run.get("results", [])]


@pytest.mark.skipif(not MULTITOOL or not Path(MULTITOOL).is_file(), reason="FHCHECK_SARIF_MULTITOOL not set")
@pytest.mark.parametrize("report_name", ["ci_report", "repo_report", "hostile"])
def test_microsofts_validator_finds_nothing_github_or_the_spec_would_refuse(
    report_name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """GitHub's ingestion rules (``Ghas``: GH1xxx, GH2012) find nothing at all; the SARIF rules
    raise no error or warning except SARIF2005 on the golden files' placeholder version, and
    only the notes docs/ci.md lists as left alone, never the pinned ones."""
    report: Report = request.getfixturevalue(report_name)
    sarif = tmp_path / "fhcheck.sarif"
    sarif.write_text(SarifRenderer().render(report), encoding="utf-8")
    assert validate(sarif, "Ghas", tmp_path / "ghas.sarif") == []
    findings = validate(sarif, "Sarif", tmp_path / "sarif.sarif")
    loud = {(f["ruleId"], f.get("level", "warning")) for f in findings if f.get("level") in (None, "error", "warning")}
    assert loud <= ({("SARIF2005", "warning")} if report.tool_version == "<version>" else set())
    notes = {f["ruleId"] for f in findings if f.get("level") == "note"}
    assert notes <= {"SARIF2002", "SARIF2003", "SARIF2006", "SARIF2009", "SARIF2010", "SARIF2011", "SARIF2012"}
    named = [f for f in findings if f["message"].get("id") == "Note_FriendlyNameNotAPascalIdentifier"]
    assert named == []  # SARIF2012: every rule's name is Pascal-case
    azure = {f["ruleId"] for f in validate(sarif, "GHAzDO", tmp_path / "ghazdo.sarif")}
    assert azure <= {"GHAzDO1014"}  # automationDetails: left to the upload step's category


@pytest.mark.parametrize(
    ("item_id", "name"), [("1.1.B4", "Item1Dot1DotB4"), ("2.11.G1", "Item2Dot11DotG1"), ("11.1.G1", "Item11Dot1DotG1")]
)
def test_rule_names_are_pascal_case_and_keep_the_dots_apart(item_id: str, name: str) -> None:
    """SARIF2012: ``Item1_1_B4`` was not a Pascal-case identifier."""
    assert rule_name(item_id) == name
    assert PASCAL_CASE.match(name)
    assert not PASCAL_CASE.match("Item1_1_B4")


@pytest.mark.parametrize("report_name", ["ci_report", "repo_report", "hostile"])
def test_every_rule_name_is_pascal_case(report_name: str, request: pytest.FixtureRequest) -> None:
    """SARIF2012, over whole reports (the ``invalid-evidence`` rule included)."""
    log = json.loads(SarifRenderer().render(request.getfixturevalue(report_name)))
    names = [rule["name"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert names and all(PASCAL_CASE.match(name) for name in names), names


def test_the_driver_has_a_full_name_with_the_version(repo_report: Report) -> None:
    """GHAzDO1018: GitHub Advanced Security for Azure DevOps requires ``tool.driver.fullName``."""
    driver = json.loads(SarifRenderer().render(repo_report))["runs"][0]["tool"]["driver"]
    assert driver["fullName"] == "fhcheck 9.9.9"
