"""Reports the renderer tests share: the fixture repository, and one built by hand from
hostile text (markup, separators, control characters) that every format must carry safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from fhcheck.errors import Location, Problem
from fhcheck.results import Count, FileResult, InvalidFile, ItemResult, KeyCriterionResult, SubcriterionResult
from fhcheck.views import Report
from helpers import golden_script

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = golden_script("update.py", "golden_ci_update")


@pytest.fixture(scope="session")
def golden() -> Any:
    """tests/golden/update.py: the report the golden files render, and how they are normalised."""
    return GOLDEN


@pytest.fixture(scope="session")
def ci_report() -> Report:
    """failing.yaml, passing.yaml and the two invalid files, as the golden files render them."""
    report = GOLDEN.build_report()
    assert isinstance(report, Report)
    return report


@pytest.fixture(scope="session")
def repo_report() -> Report:
    """Every file of the fixture repository: one passing, two failing, frameworks 2022 and 2025."""
    import contextlib

    from fhcheck.assessment import AssessOptions, assess_paths
    from fhcheck.catalogue import default_store

    with contextlib.chdir(GOLDEN.REPO):
        outcomes = list(assess_paths(["."], default_store(), AssessOptions()))
    results = tuple(o for o in outcomes if isinstance(o, FileResult))
    assert len(results) == len(outcomes) == 3
    return Report(results, (), "minimum", "9.9.9")


HOSTILE = 'Fen <script>alert("x")</script> & Co | *bold* _it_ `code` [link](http://x) %0A 50% a,b:c \x01\x1b[31m'


def hostile_report() -> Report:
    """One file whose every text is hostile, one invalid file: what any format must survive."""
    file = "la dir/a,b:c%.yaml"
    at = Location(file, 7, 3)
    items = (
        ItemResult(
            id="1.1.B1", verdict="not_met", reasons=(HOSTILE, "line one\nline two\r\nthree"), warnings=(),
            level="basic", tier="minimum", subcriterion="1.1", key_criterion="1", text=HOSTILE, status="not_met",
            location=at, satisfied=False,
        ),
        ItemResult(
            id="1.1.G1", verdict="missing", reasons=("not in the evidence file",), warnings=(),
            level="developed", tier="go_further", subcriterion="1.1", key_criterion="1", text="Go further <b>",
            status=None, location=Location(file, 5, 1), satisfied=False,
        ),
        ItemResult(
            id="1.1.D1", verdict="met", reasons=(), warnings=("evidence goes stale on 2025-11-01 % soon",),
            level="developed", tier="minimum", subcriterion="1.1", key_criterion="1", text="Developed ]]> --",
            status="met", location=Location(file, 9, 3), satisfied=True,
        ),
    )
    sub = SubcriterionResult("1.1", HOSTILE, Count(0, 1), Count(1, 1), Count(0, 1), False)
    key = KeyCriterionResult("1", HOSTILE, "access", Count(0, 1), Count(1, 1), Count(0, 1), False, (sub,))
    result = FileResult(
        file=file, framework="2025", framework_title="Family Hub Model Framework", local_authority=HOSTILE,
        assessed_on=dt.date(2025, 10, 1), stage="none", minimum_met=False, items=items, key_criteria=(key,),
        items_location=Location(file, 5, 1), passed=False,
    )
    bad = InvalidFile("bad,file:%.yaml", (Problem(Location("bad,file:%.yaml", 3, 5), f"found {HOSTILE}; expected text"),))
    return Report((result,), (bad,), "minimum", "1.0")


@pytest.fixture
def hostile() -> Report:
    return hostile_report()


@pytest.fixture(scope="session")
def hostile_text() -> str:
    return HOSTILE


@pytest.fixture(scope="session")
def golden_text() -> Any:
    """The committed golden output of a format (written only by tests/golden/update.py)."""

    def read(name: str) -> str:
        return (ROOT / "tests" / "golden" / GOLDEN.FILES[name]).read_text(encoding="utf-8")

    return read
