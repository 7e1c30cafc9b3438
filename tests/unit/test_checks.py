"""The machine-check interface (issue 15): a check is declared once, through :mod:`fhcheck.checks`.

A toy check registered for one test shows what every check gets from the interface: its
parameters model validated when criteria load, its gather step run in the documents phase
for the documents its items cite (and only those), and what it gathered handed to its
judging functions. The programme register is judged by the same function in the engine
and in ``fhcheck programmes``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import StrictInt

import fhcheck.checks.programme_register as programme_register
from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import CriteriaStore, default_store
from fhcheck.checks import Check, CheckContext, Cited, Params
from fhcheck.documents import check_documents
from fhcheck.errors import CriteriaError
from fhcheck.evidence import parse_evidence
from fhcheck.load import load
from fhcheck.programmes import RegisterVerdict
from fhcheck.register_judgements import judgements
from fhcheck.results import FileResult
from fhcheck.rules import CHECKS

ROOT = Path(__file__).resolve().parents[2]
PROGRAMMES = ROOT / "tests" / "fixtures" / "programmes"
ITEM_LINE = "          - id: 1.1.B1\n"


class ToyParams(Params):
    """A parameter a criteria file may get wrong."""

    limit: StrictInt = 3


def criteria_with(tmp_path: Path, declaration: str) -> CriteriaStore:
    """The shipped criteria, with ``checks: [declaration]`` added to 2025's 1.1.B1."""
    folder = tmp_path / "criteria"
    shutil.copytree(ROOT / "criteria", folder)
    target = folder / "2025.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.count(ITEM_LINE) == 1
    start = text.index(ITEM_LINE)
    end = text.index("          - id: 1.1.B2\n")
    item = text[start:end] + f"            checks: [{declaration}]\n"
    target.write_text(text[:start] + item + text[end:], encoding="utf-8")
    return CriteriaStore(folder)


def test_every_check_is_registered_under_its_own_declared_name() -> None:
    assert list(CHECKS) == ["programme_register", "service_directory"]
    for name, check in CHECKS.items():
        assert check.name == name
        assert issubclass(check.params, Params)
        assert check.run is not None or check.entry is not None  # it judges somehow
    assert CHECKS["service_directory"].gather is not None and CHECKS["programme_register"].gather is None


def test_a_declared_checks_parameters_are_validated_when_criteria_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(CHECKS, "toy", Check("toy", ToyParams, "a toy", run=lambda ctx, params: []))
    store = criteria_with(tmp_path, '{kind: toy, limit: "many"}')
    with pytest.raises(CriteriaError) as caught:
        store.get("2025")
    line = (tmp_path / "criteria" / "2025.yaml").read_text(encoding="utf-8").split("\n").index(
        '            checks: [{kind: toy, limit: "many"}]'
    ) + 1
    assert f"2025.yaml:{line}:" in str(caught.value) and "'many'" in str(caught.value)

    valid = criteria_with(tmp_path / "valid", "{kind: toy, limit: 5}").get("2025")
    ((check, params),) = valid.checks_of(valid.items["1.1.B1"])
    assert check is CHECKS["toy"] and params == ToyParams(limit=5)


def test_an_unknown_check_kind_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(CriteriaError) as caught:
        criteria_with(tmp_path, "{kind: toys}").get("2025")
    assert "unknown check kind 'toys'; expected one of programme_register, service_directory" in str(caught.value)


EVIDENCE = """\
fhcheck: 1
framework: "2025"
local_authority: Exampleshire
assessed_on: 2025-10-01
items:
  1.1.B1:
    status: met
    evidence:
      - {title: Offer, path: docs/offer.txt, kind: publication, date: 2025-06-01}
      - {title: Offer again, path: docs/../docs/offer.txt, kind: publication, date: 2025-06-01}
      - {title: Leaflet, path: docs/missing.txt, kind: publication, date: 2025-06-01}
      - {title: Web page, url: https://example.gov.uk/offer, kind: web_page, date: 2025-06-01}
  1.1.B2:
    status: met
    evidence:
      - {title: Plan, path: docs/plan.txt, kind: publication, date: 2025-06-01}
"""


def test_gather_runs_in_the_documents_phase_for_the_documents_its_items_cite_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gathered: list[Cited] = []
    judged: list[tuple[tuple[str | None, ...], tuple[object, ...]]] = []

    def gather(cited: Cited) -> object:
        gathered.append(cited)
        return f"{len(cited.target.read_text(encoding='utf-8'))} characters"

    def entry(ctx: CheckContext, params: ToyParams, index: int) -> list[str]:
        judged.append((ctx.paths, ctx.gathered))
        return []

    monkeypatch.setitem(CHECKS, "toy", Check("toy", ToyParams, "a toy", entry=entry, gather=gather))
    store = criteria_with(tmp_path, "{kind: toy}")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    (repo / "docs" / "offer.txt").write_text("the offer", encoding="utf-8")
    (repo / "docs" / "plan.txt").write_text("a plan", encoding="utf-8")
    path = repo / "evidence.yaml"
    path.write_text(EVIDENCE, encoding="utf-8")

    doc = load(path, "evidence.yaml")
    evidence, catalogue = parse_evidence(doc, store)
    facts, problems = check_documents(evidence, doc, path, catalogue)
    assert problems == []
    # once for offer.txt (cited twice), never for the missing document, the URL or 1.1.B2's plan
    assert gathered == [Cited(repo / "docs" / "offer.txt", "docs/offer.txt", "publication", dt.date(2025, 10, 1))]
    assert [facts[("1.1.B1", i)].gathered_by("toy") for i in range(3)] == ["9 characters", "9 characters", None]
    assert facts[("1.1.B2", 0)].gathered == ()

    result = assess_file(path, "evidence.yaml", store, AssessOptions())
    assert isinstance(result, FileResult)
    paths = ("docs/offer.txt", "docs/../docs/offer.txt", "docs/missing.txt", None)
    assert judged[0] == (paths, ("9 characters", "9 characters", None, None))


def test_the_feed_gather_reads_only_saved_json_service_directories(tmp_path: Path) -> None:
    gather = CHECKS["service_directory"].gather
    assert gather is not None
    feed = tmp_path / "services.json"
    feed.write_text('{"total_items": 0, "contents": []}', encoding="utf-8")
    day = dt.date(2025, 10, 1)
    assert gather(Cited(feed, "services.json", "policy", day)) is None
    assert gather(Cited(tmp_path / "feed.pdf", "feed.pdf", "service_directory", day)) is None
    analysed = gather(Cited(feed, "services.JSON", "service_directory", day))
    assert type(analysed).__name__ == "FeedAnalysis" and getattr(analysed, "services", None) == 0


# --- the programme register: one judgement, in the engine and in ``fhcheck programmes`` --------


def engine_warnings(path: Path, item_id: str) -> list[str]:
    """The warnings ``assess`` gives a met item (where a check's notes go)."""
    result = assess_file(path, path.name, default_store(), AssessOptions())
    assert isinstance(result, FileResult)
    found = next(i for i in result.items if i.id == item_id)
    assert found.verdict == "met"
    return list(found.warnings)


def command_verdicts(path: Path, min_rating: str | None = None) -> dict[str, RegisterVerdict]:
    evidence, catalogue = parse_evidence(load(path, path.name), default_store())
    return {item: judged.verdict for judged in judgements(evidence, catalogue, min_rating) for item in judged.items}


@pytest.mark.parametrize(("fixture", "cited"), [("register.yaml", ["2.5.B1"]), ("failing.yaml", ["2.5.B1", "2.5.G1"])])
def test_the_command_and_the_engine_give_the_same_verdict(fixture: str, cited: list[str]) -> None:
    path = PROGRAMMES / fixture
    verdicts = command_verdicts(path)
    assert set(verdicts) == {"2.5.B1", "2.5.G1"}
    for item_id in cited:
        verdict = verdicts[item_id]
        warnings = engine_warnings(path, item_id)
        assert warnings[: len(verdict.failure_reasons)] == verdict.failure_reasons
        assert all(note in warnings for note in verdict.notes)
    assert (verdicts["2.5.B1"].failure_reasons == []) == (fixture == "register.yaml")


def test_the_command_calls_the_check_the_engine_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing the check's judgement changes both, so neither can drift from the other alone."""
    original = programme_register.register_verdict

    def as_if_empty(ctx: CheckContext, params: Any) -> RegisterVerdict | None:
        verdict = original(ctx, params)
        return None if verdict is None else verdict._replace(standings=())

    path = PROGRAMMES / "register.yaml"
    empty = ("the programme register (programmes:) lists no programmes; expected the evidence-based programmes the "
             "family hubs deliver")
    assert command_verdicts(path)["2.5.B1"].failure_reasons == [] and empty not in engine_warnings(path, "2.5.B1")
    monkeypatch.setattr(programme_register, "register_verdict", as_if_empty)
    assert command_verdicts(path)["2.5.B1"].failure_reasons == [empty]
    assert engine_warnings(path, "2.5.B1") == [empty]
