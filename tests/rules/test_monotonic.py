"""Adding evidence never lowers a verdict: the rule every machine check must keep (issue 18).

Generated evidence files cite policies, strategies and saved feeds (conforming, failing,
empty, missing), fresh, stale, future and undated, with or without a programme register
whose programmes count or do not. For every item of the framework, adding one evidence
entry, or one register entry, must leave its verdict where it was or raise it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.results import FileResult

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "oruk"

#: higher is better; verdicts the status decides (not_met, needs_review...) never move with evidence
RANK = {"met": 3, "not_applicable": 3, "stale": 2, "unevidenced": 1}

#: items whose checks read feeds or the register, and one without checks
ITEMS = ("3.1.D1", "3.1.G3", "2.5.B1", "2.5.G1", "1.1.B1")
KINDS = ("policy", "strategy", "service_directory", "evaluation", "dataset", "data_sharing_agreement", None)
DATES = ("2025-09-01", "2025-03-01", "2019-01-01", "2026-01-01", None)
TARGETS = (
    "url",
    "feeds/conforming.json",
    "feeds/missing-required.json",
    "feeds/empty.json",
    "feeds/not-paginated.json",
    "feeds/invalid-syntax.json",
    "feeds/absent.json",
)
RATINGS = ("4+", "3", "3*", "2+", "NE")
READ_ON = ("2025-06-01", "2019-01-02")
SERVICES = ("North Hub", "South Hub", "East Hub")

entries = st.tuples(st.sampled_from(KINDS), st.sampled_from(DATES), st.sampled_from(TARGETS))
programmes = st.tuples(
    st.sampled_from(RATINGS), st.sampled_from(READ_ON), st.lists(st.sampled_from(SERVICES), unique=True, max_size=3)
)
files = st.tuples(
    st.dictionaries(st.sampled_from(ITEMS), st.lists(entries, max_size=3), min_size=1),
    st.none() | st.lists(programmes, max_size=3),
)


@pytest.fixture(scope="module")
def repo() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="fhcheck-monotonic-"))
    (folder / ".git").mkdir()
    (folder / "feeds").mkdir()
    for feed in FEEDS.glob("*.json"):
        shutil.copy(feed, folder / "feeds" / feed.name)
    yield folder
    shutil.rmtree(folder)


def render(items: dict[str, list[tuple[Any, ...]]], register: list[tuple[Any, ...]] | None) -> str:
    lines = ['fhcheck: 1', 'framework: "2025"', "local_authority: Exampleshire", "assessed_on: 2025-10-01", "items:"]
    for item_id, cited in items.items():
        lines += [f"  {item_id}:", "    status: met", "    evidence:" if cited else "    evidence: []"]
        for number, (kind, date, target) in enumerate(cited):
            lines.append(f"      - title: Document {number}")
            where = f"https://example.gov.uk/{number}" if target == "url" else target
            lines.append(f"        url: {where}" if target == "url" else f"        path: {where}")
            if kind is not None:
                lines.append(f"        kind: {kind}")
            if date is not None:
                lines.append(f"        date: {date}")
    if register is not None:
        lines.append("programmes:" if register else "programmes: []")
        for number, (rating, read_on, delivered_by) in enumerate(register):
            lines += [
                f"  - name: Programme {number}",
                f"    guidebook: https://guidebook.foundations.org.uk/programme/p{number}",
                f'    evidence_rating: "{rating}"',
                "    cost_rating: 2",
                f"    rating_read_on: {read_on}",
                f"    delivered_by: [{', '.join(delivered_by)}]",
            ]
    return "\n".join(lines) + "\n"


def verdicts(repo: Path, text: str, name: str) -> dict[str, str]:
    path = repo / name
    path.write_text(text, encoding="utf-8")
    result = assess_file(path, name, default_store(), AssessOptions())
    assert isinstance(result, FileResult), getattr(result, "problems", None)
    return {item.id: item.verdict for item in result.items}


def never_lower(before: dict[str, str], after: dict[str, str]) -> None:
    lowered = {i: (before[i], after[i]) for i in before if RANK.get(after[i], 0) < RANK.get(before[i], 0)}
    assert lowered == {}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files, st.sampled_from(ITEMS), entries, st.integers(min_value=0, max_value=3))
def test_adding_an_evidence_entry_never_lowers_a_verdict(
    repo: Path, file: Any, item_id: str, added: tuple[Any, ...], position: int
) -> None:
    items, register = file
    before = verdicts(repo, render(items, register), "before.yaml")
    grown = dict(items)
    cited = list(grown.get(item_id, []))
    cited.insert(min(position, len(cited)), added)
    grown[item_id] = cited
    if item_id in items:  # a new item is 'missing' before: not a verdict evidence lowered
        never_lower(before, verdicts(repo, render(grown, register), "after.yaml"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files, programmes)
def test_adding_a_register_entry_never_lowers_a_verdict(repo: Path, file: Any, added: tuple[Any, ...]) -> None:
    items, register = file
    before = verdicts(repo, render(items, register), "before.yaml")
    never_lower(before, verdicts(repo, render(items, [*(register or []), added]), "after.yaml"))


def test_the_reproduced_cases_are_among_those_the_property_covers(repo: Path) -> None:
    """3.1.D1: policy met, policy + failing feed met; 2.5.B1: strategy met, strategy + a 2+ register met."""
    policy = ("policy", "2025-09-01", "url")
    feed = ("service_directory", "2025-09-01", "feeds/missing-required.json")
    strategy = ("strategy", "2025-09-01", "url")
    assert verdicts(repo, render({"3.1.D1": [policy, feed]}, None), "d1.yaml")["3.1.D1"] == "met"
    assert verdicts(repo, render({"2.5.B1": [strategy]}, [("2+", "2025-06-01", ["North Hub"])]), "b1.yaml")[
        "2.5.B1"
    ] == "met"
