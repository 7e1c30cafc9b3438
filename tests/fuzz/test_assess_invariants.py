"""Invariants of assessment over generated evidence files (hypothesis).

Files are generated as text and go through the real loader, validator and engine: random
subsets of real identifiers of either framework, random statuses, evidence entries of
random kinds dated around the freshness window, optional justifications, exemption review
dates, plans and carried-from markers. Some files start from "every item of these letters
met" so that every stage is reached, not only ``none``. For each file:

- every catalogue item appears exactly once in ``items``, in framework order;
- the stage, minimum_met and every sub-criterion's and key criterion's minimum_met are
  exactly what the verdicts allow (recomputed here from docs/contract.md, not from the engine);
- a ``met`` item has an entry dated within its window, not after ``assessed_on``, of a
  required kind (or any kind where none is required);
- an accepted ``not_applicable`` is a conditional item with a justification;
- evaluation is deterministic and independent of the order of items in the file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from fhcheck.catalogue import Catalogue, default_store
from fhcheck.evaluate import evaluate
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse
from fhcheck.results import FileResult

STORE = default_store()
VERSIONS = STORE.versions()
KINDS = sorted(STORE.kinds)
STATUSES = ("met", "met", "met", "partially_met", "not_met", "not_applicable")
STAGES = ("none", "basic", "minimum", "developed")
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the pure-Python dumper is 4x slower


def cutoff(day: dt.date, months: int) -> dt.date:
    """assessed_on minus ``months`` calendar months, clamped to the month's end (written afresh)."""
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@st.composite
def evidence_entries(draw: st.DrawFn, assessed_on: dt.date, index: int) -> list[dict[str, Any]]:
    entries = []
    for n in range(draw(st.integers(min_value=0, max_value=3))):
        entry: dict[str, Any] = {"title": f"Document {index}.{n}", "url": f"https://example.gov.uk/{index}/{n}"}
        kind = draw(st.one_of(st.none(), st.sampled_from(KINDS)))
        if kind is not None:
            entry["kind"] = kind
        if draw(st.integers(min_value=0, max_value=9)):  # mostly dated
            entry["date"] = assessed_on + dt.timedelta(days=draw(st.integers(min_value=-1300, max_value=20)))
        entries.append(entry)
    return entries


@st.composite
def item_entries(draw: st.DrawFn, item_id: str, index: int, assessed_on: dt.date) -> dict[str, Any]:
    entry: dict[str, Any] = {"status": draw(st.sampled_from(STATUSES))}
    cited = draw(evidence_entries(assessed_on, index))
    empty_list: bool = draw(st.booleans())  # `evidence: []` as well as no evidence key
    if cited or empty_list:
        entry["evidence"] = cited
    if draw(st.booleans()):
        entry["justification"] = "Does not apply here."
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        entry["review_by"] = assessed_on + dt.timedelta(days=draw(st.integers(min_value=-30, max_value=120)))
    if draw(st.booleans()):
        entry["plan"] = "A plan"
        entry["due"] = assessed_on + dt.timedelta(days=draw(st.integers(min_value=-200, max_value=200)))
    if draw(st.integers(min_value=0, max_value=5)) == 0:
        entry["carried_from"] = {"framework": "2022", "items": [item_id], "change": "reworded",
                                 "reviewed": draw(st.booleans())}
    return entry


def met_entry(catalogue: Catalogue, item_id: str, assessed_on: dt.date) -> dict[str, Any]:
    item = catalogue.items[item_id]
    kind = item.requires_kinds[0] if item.requires_kinds else "publication"
    return {"status": "met", "evidence": [{"title": "Fresh", "url": "https://example.gov.uk/fresh", "kind": kind,
                                           "date": assessed_on}]}


@st.composite
def evidence_files(draw: st.DrawFn) -> dict[str, Any]:
    version = draw(st.sampled_from(VERSIONS))
    catalogue = STORE.get(version)
    ids = list(catalogue.items)
    assessed_on = draw(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 12, 31)))
    items: dict[str, Any] = {}
    letters = draw(st.sampled_from(("", "B", "BD", "BDG")))
    for item_id in ids:  # a baseline that reaches a stage, then random entries on top
        if catalogue.items[item_id].letter in letters:
            items[item_id] = met_entry(catalogue, item_id, assessed_on)
    chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=6 if letters else 40))
    for index, item_id in enumerate(chosen):
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            items.pop(item_id, None)
        else:
            items[item_id] = draw(item_entries(item_id, index, assessed_on))
    order = draw(st.permutations(list(items)))
    return {
        "fhcheck": 1,
        "framework": version,
        "local_authority": "Fuzzshire Council",
        "assessed_on": assessed_on,
        "items": {item_id: items[item_id] for item_id in order},
    }


def assess(data: dict[str, Any]) -> tuple[FileResult, Catalogue]:
    doc = parse(yaml.dump(data, Dumper=_Dumper, sort_keys=False), "fuzz.yaml")
    evidence, catalogue = parse_evidence(doc, STORE)
    first = evaluate(catalogue, evidence, doc, {})
    assert outcome(evaluate(catalogue, evidence, doc, {})) == outcome(first), "evaluation is not deterministic"
    return first, catalogue


def outcome(result: FileResult) -> Any:
    """Everything a report shows, without the file positions that reordering moves."""
    return (
        result.stage,
        result.minimum_met,
        result.key_criteria,
        [(i.id, i.verdict, i.reasons, tuple(map(unplaced, i.warnings)), i.satisfied) for i in result.items],
    )


def unplaced(text: str) -> str:
    """A warning without the line it names ("entry at line 20 is dated ..."): reordering moves it."""
    return re.sub(r"\bline [0-9]+\b", "line N", text)


def expected_stage(satisfied: dict[str, bool]) -> str:
    def every(letters: str) -> bool:
        return all(ok for item_id, ok in satisfied.items() if item_id.rsplit(".", 1)[1][0] in letters)

    return "developed" if every("BDG") else "minimum" if every("BD") else "basic" if every("B") else "none"


FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(data=evidence_files(), seed=st.randoms(use_true_random=False))
@example(
    data={"fhcheck": 1, "framework": "2025", "local_authority": "Fuzzshire Council",
          "assessed_on": dt.date(2024, 2, 29),
          "items": {"1.1.B3": {"status": "met", "evidence": [
              {"title": "Survey", "url": "https://example.gov.uk/s", "kind": "survey", "date": dt.date(2023, 2, 28)}]}}},
    seed=__import__("random").Random(0),
)
def test_assessment_invariants(data: dict[str, Any], seed: Any) -> None:
    result, catalogue = assess(data)
    entries = data["items"]
    event(f"stage {result.stage}")  # --hypothesis-show-statistics: every stage is reached

    # Every catalogue item exactly once, in framework order; missing exactly when absent.
    assert [item.id for item in result.items] == list(catalogue.items)
    for item in result.items:
        assert (item.verdict == "missing") == (item.id not in entries)
        assert item.satisfied == (item.verdict in ("met", "not_applicable"))

    # The stage and every minimum_met are exactly what the verdicts allow.
    satisfied = {item.id: item.satisfied for item in result.items}
    assert result.stage == expected_stage(satisfied)
    assert result.minimum_met == (STAGES.index(result.stage) >= STAGES.index("minimum"))
    for key in result.key_criteria:
        for sub in key.subcriteria:
            own = [i for i in result.items if i.subcriterion == sub.id and i.id.rsplit(".", 1)[1][0] in "BD"]
            assert sub.minimum_met == all(i.satisfied for i in own)
        assert key.minimum_met == all(sub.minimum_met for sub in key.subcriteria)

    for item in result.items:
        rules = catalogue.items[item.id]
        if item.verdict == "met":
            # A met item always has fresh evidence of a kind that counts.
            window = catalogue.freshness_months(rules)
            earliest = cutoff(data["assessed_on"], window)
            assert any(
                cited.get("date") is not None
                and earliest <= cited["date"] <= data["assessed_on"]
                and (not rules.requires_kinds or cited.get("kind") in rules.requires_kinds)
                for cited in entries[item.id].get("evidence", [])
            ), (item.id, entries[item.id])
            assert entries[item.id]["status"] == "met"
        if item.verdict == "not_applicable":
            assert rules.conditional and entries[item.id].get("justification")
            review_by = entries[item.id].get("review_by")
            assert review_by is None or review_by >= data["assessed_on"]
        if item.verdict == "needs_review":
            assert entries[item.id]["carried_from"]["reviewed"] is False
        if item.id in entries and item.verdict in ("partially_met", "not_met") and rules.conditional is None:
            assert entries[item.id]["status"] in ("partially_met", "not_met", "not_applicable")

    # Deterministic (checked in assess), and independent of the order of items in the file.
    shuffled_ids = list(entries)
    seed.shuffle(shuffled_ids)
    shuffled, _ = assess({**data, "items": {item_id: entries[item_id] for item_id in shuffled_ids}})
    assert outcome(shuffled) == outcome(result)
