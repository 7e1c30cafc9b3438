"""The rule data a practitioner signs: conditions, freshness windows and evidence kinds, pinned to the seed words.

Each row names the seed words an item's rule data rests on (also quoted in a "Rule data:"
comment beside the item in the criteria file) and the rule data they lead to. The words are
checked in the item's own text and, where the seeds are on this machine, in the seed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from fhcheck.catalogue import CriteriaStore, default_criteria_dir, default_store
from fhcheck.errors import CriteriaError
from fhcheck.evaluate import evaluate
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse
from fhcheck.results import FileResult
from tests.helpers import cli

BOTH = ("2022", "2025")

#: (versions, item, seed words, field, expected value)
RULES: list[tuple[tuple[str, ...], str, str, str, Any]] = [
    # conditions
    (BOTH, "1.4.G4", "where available", "conditional", "where available"),
    (("2025",), "3.2.G2", "when designing or updating case management systems related to family hubs", "conditional",
     "when designing or updating case management systems related to family hubs"),
    (BOTH, "1.1.G1", "if they prove to be ineffective", "conditional", "if they prove to be ineffective"),
    (BOTH, "1.3.D3", "in larger and rural areas", "conditional", "in larger and rural areas"),
    # freshness windows
    (BOTH, "2.3.D1", "budget-setting process", "freshness_months", 12),
    (BOTH, "2.3.G2", "aligns budgets", "freshness_months", 12),
    (BOTH, "1.1.D2", "up-to-date and accurate", "freshness_months", 12),
    (BOTH, "1.1.B1", "publishing the Start for Life offer", "freshness_months", 24),
    (BOTH, "3.1.B1", "regular and consistent", "freshness_months", 24),
    (BOTH, "4.3.G2", "routinely", "freshness_months", 24),
    (BOTH, "4.3.G4", "routinely", "freshness_months", 24),
    (BOTH, "1.2.D1", "established mechanisms for reviewing", "freshness_months", 24),
    (BOTH, "4.3.D1", "being on relevant governance and partnership boards", "freshness_months", 24),
    (BOTH, "4.3.D2", "participate in the delivery", "freshness_months", 24),
    (BOTH, "2.2.D1", "leads delivery", "freshness_months", 24),
    # evidence kinds
    (BOTH, "1.2.B4", "customer satisfaction surveys", "requires_kinds", ("survey", "dataset")),
    (BOTH, "2.5.B1", "are delivering evidence-based programmes", "requires_kinds",
     ("publication", "web_page", "strategy", "dataset", "training_record")),
    (BOTH, "2.5.B2", "Local strategic needs assessments", "requires_kinds",
     ("needs_assessment", "web_page", "dataset", "publication")),
    (BOTH, "3.3.B1", "in place and used across the family hub network", "requires_kinds", ("policy", "evaluation")),
    (BOTH, "3.3.D1", "a clear, consistent and aligned process", "requires_kinds", ("policy", "evaluation")),
    (BOTH, "2.3.D2", "take account of the strength of the evidence", "requires_kinds",
     ("budget", "minutes", "policy", "evaluation")),
    (BOTH, "4.1.B1", "There are agreements in place", "requires_kinds", ("partnership_agreement",)),
    (BOTH, "3.1.B2", "is used to inform whole-family working and decisions", "requires_kinds",
     ("dataset", "minutes", "case_study")),
    (BOTH, "2.1.B4", "IT systems at the family hub", "requires_kinds", ("policy", "case_study", "evaluation")),
    (("2025",), "3.1.G3", "consistently using data analysis", "requires_kinds",
     ("service_directory", "dataset", "minutes")),
    (("2025",), "2.4.G5", "uses data to analyse the effect", "requires_kinds", ("dataset", "evaluation")),
    (BOTH, "1.3.D1", "There is effective outreach", "requires_kinds", ("evaluation", "dataset", "case_study")),
    (BOTH, "5.1.G3", "are connected to mentoring programmes", "requires_kinds", ("dataset", "case_study")),
    (BOTH, "3.2.G1", "is used across the family hub network", "requires_kinds",
     ("dataset", "evaluation", "case_study")),
    (BOTH, "1.4.D1", "Welcome", "requires_kinds", ("evaluation", "policy")),
    (BOTH, "2.4.D1", "theory", "requires_kinds", ("strategy",)),
    (BOTH, "2.2.D5", "identifiable lead", "requires_kinds", ("governance", "minutes", "role_profile")),
    (BOTH, "5.1.D1", "consistent point of contact", "requires_kinds", ("policy", "case_study", "role_profile")),
    (BOTH, "2.5.D4", "supervision time", "requires_kinds",
     ("training_record", "minutes", "policy", "supervision_record")),
    (BOTH, "5.2.D2", "training and supervision offer", "requires_kinds",
     ("workforce_plan", "training_record", "policy", "supervision_record")),
    # the item-by-item review: published information and offers must be the current ones
    (BOTH, "1.1.B4", "The local Family Information Service includes information", "freshness_months", 24),
    (BOTH, "1.2.B2", "a virtual place that a family can visit to access information", "freshness_months", 24),
    (BOTH, "1.5.B2", "Information for families meets the Accessible Information Requirement", "freshness_months", 24),
    (BOTH, "1.6.B1", "The family hub network offers access to support", "freshness_months", 24),
    (BOTH, "1.6.D1", "offers an extensive range of services", "freshness_months", 24),
    (("2022",), "3.1.G1", "sharing and receiving information across local services", "freshness_months", 24),
    # the item-by-item review: the documents the text names
    (BOTH, "1.5.B1", "informed by a needs assessment", "requires_kinds", ("evaluation", "strategy", "needs_assessment")),
    (BOTH, "2.2.D6", "share risks and jointly invest", "requires_kinds", ("governance", "budget", "partnership_agreement")),
    (BOTH, "2.3.G1", "a joint-commissioning plan between the local authority and other partners", "requires_kinds",
     ("budget", "strategy", "partnership_agreement")),
    (BOTH, "2.5.B4", "time for reflective practice", "requires_kinds", ("policy", "training_record", "supervision_record")),
    (BOTH, "2.5.G4", "established evaluation partners", "requires_kinds", ("evaluation", "budget", "partnership_agreement")),
    (("2022",), "3.1.G1", "a key contributor to data-sharing practices", "requires_kinds", ("dataset", "minutes")),
]

CASES = [pytest.param(v, i, w, f, e, id=f"{v}-{i}-{f}") for vs, i, w, f, e in RULES for v in vs]


def _plain(text: str) -> str:
    """Seed text with line wraps, markdown emphasis and footnote digits out of the way, for phrase look-ups."""
    return re.sub(r"\s+", " ", text.replace("**", "")).casefold()


def _seed_text(version: str) -> str:
    source = default_criteria_dir() / "sources" / default_store().get(version).spec.source
    return _plain(source.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("version", "ident", "words", "field", "expected"), CASES)
def test_rule_data_follows_the_seed_words(version: str, ident: str, words: str, field: str, expected: Any) -> None:
    item = default_store().get(version).items[ident]
    assert _plain(words) in _plain(item.text)
    assert getattr(item, field) == expected


@pytest.mark.parametrize(("version", "ident", "words", "field", "expected"), CASES)
def test_each_decision_is_commented_beside_its_item(
    version: str, ident: str, words: str, field: str, expected: Any
) -> None:
    """The comment block just above the item quotes the seed words ("Rule data:", or the transcription's own note)."""
    lines = (default_criteria_dir() / f"{version}.yaml").read_text(encoding="utf-8").splitlines()
    at = lines.index(next(line for line in lines if line.strip() == f"- id: {ident}"))
    above: list[str] = []
    for line in reversed(lines[:at]):
        if not line.strip().startswith("#"):
            break
        above.append(line.strip().lstrip("# "))
    comment = " ".join(reversed(above))
    assert "Rule data:" in comment
    assert _plain(words)[:20] in _plain(comment)


def test_the_seed_words_are_the_seeds_own() -> None:
    for vs, ident, words, _, _ in RULES:
        for version in vs:
            seed = _seed_text(version)
            assert _plain(words).replace("’", "'") in seed.replace("’", "'"), (version, ident, words)


@pytest.mark.parametrize("version", BOTH)
def test_every_item_names_the_kinds_that_show_it(version: str) -> None:
    assert [i.id for i in default_store().get(version).iter_items() if not i.requires_kinds] == []


def test_merged_items_do_not_take_what_their_parts_already_meet() -> None:
    store = default_store()
    new = store.get("2025")
    assert "data_sharing_agreement" not in new.items["3.1.G3"].requires_kinds  # 3.1.B1's evidence
    assert not set(new.items["2.4.G5"].requires_kinds) & set(new.items["2.4.B1"].requires_kinds) - {"dataset"}
    assert "strategy" not in new.items["2.4.G5"].requires_kinds


@pytest.mark.parametrize(
    ("kind", "synonyms"),
    [
        ("partnership_agreement", ["memorandum of understanding", "MoU", "service level agreement", "section 75"]),
        ("needs_assessment", ["JSNA", "equality impact assessment"]),
        ("role_profile", ["job description", "Start for Life lead", "point of contact"]),
        ("supervision_record", ["supervision"]),
        ("budget", ["service specification"]),
        ("strategy", ["delivery plan", "theory of change", "logic model"]),
        ("evaluation", ["peer review", "annual conversation", "case audits"]),
        ("coproduction", ["you said, we did"]),
        ("dataset", ["grant return"]),
    ],
)
def test_the_vocabulary_says_where_a_document_goes(kind: str, synonyms: list[str]) -> None:
    description = default_store().kinds[kind]
    for word in synonyms:
        assert word in description


def test_criteria_kinds_lists_the_new_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "criteria", "kinds")
    assert status == 0
    for kind in ("partnership_agreement", "needs_assessment", "role_profile", "supervision_record"):
        assert kind in out


# --- what the rule data changes in a verdict ----------------------------------------------


def _assess(items: dict[str, Any], assessed_on: dt.date = dt.date(2025, 10, 1), **top: Any) -> FileResult:
    data = {"fhcheck": 1, "framework": "2025", "local_authority": "Testshire", "assessed_on": assessed_on, **top,
            "items": items}
    doc = parse(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "ev.yaml")
    evidence, catalogue = parse_evidence(doc, default_store())
    return evaluate(catalogue, evidence, doc, {})


def _item(result: FileResult, ident: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    found = next(i for i in result.items if i.id == ident)
    return found.verdict, found.reasons, found.warnings


def _cited(kind: str | None, date: dt.date = dt.date(2025, 6, 1)) -> dict[str, Any]:
    entry: dict[str, Any] = {"title": "A document", "url": "https://example.gov.uk/doc", "date": date}
    if kind:
        entry["kind"] = kind
    return {"status": "met", "evidence": [entry]}


@pytest.mark.parametrize("ident", ["1.4.G4", "3.2.G2", "1.1.G1"])
def test_a_justified_exemption_of_a_conditional_item_is_accepted(ident: str) -> None:
    result = _assess({ident: {"status": "not_applicable", "justification": "The condition does not hold here."}})
    assert _item(result, ident)[:2] == ("not_applicable", ("not applicable: The condition does not hold here.",))


def test_an_agreement_with_the_voluntary_sector_is_a_partnership_agreement_not_a_policy() -> None:
    assert _item(_assess({"4.1.B1": _cited("partnership_agreement")}), "4.1.B1")[0] == "met"
    verdict, reasons, _ = _item(_assess({"4.1.B1": _cited("policy")}), "4.1.B1")
    assert (verdict, reasons) == (
        "unevidenced", ("evidence 'A document' is of kind policy; this item needs one of partnership_agreement",)
    )


def test_evidence_without_a_kind_no_longer_meets_2_1_b4() -> None:
    verdict, reasons, _ = _item(_assess({"2.1.B4": _cited(None)}), "2.1.B4")
    assert (verdict, reasons) == (
        "unevidenced", ("evidence 'A document' has no kind; this item needs one of policy, case_study, evaluation",)
    )


def test_a_budget_round_older_than_a_year_is_stale() -> None:
    verdict, reasons, _ = _item(_assess({"2.3.D1": _cited("budget", dt.date(2024, 9, 30))}), "2.3.D1")
    assert verdict == "stale"
    assert reasons[0] == (
        "newest evidence 2024-09-30 is older than the 12-month window (evidence must be dated on or after 2024-10-01)"
    )


# --- the criteria file's meaning_unchanged declarations are checked -------------------------


@pytest.fixture
def criteria_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "criteria"
    shutil.copytree(default_criteria_dir(), folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> int:
    path = folder / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_declaration_needs_its_reason(criteria_copy: Path) -> None:
    _edit(criteria_copy, '            meaning_unchanged_reason: "Synonym: \\"due to\\" -> \\"owing to\\"."\n', "")
    lines = (criteria_copy / "2025.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("          - id: 2.1.B3") + 1
    with pytest.raises(CriteriaError) as caught:
        CriteriaStore(criteria_copy).get("2025")
    assert str(caught.value).endswith(
        f"2025.yaml:{line}:13: found meaning_unchanged: true without meaning_unchanged_reason; "
        "expected a one-line reason (criteria file)"
    )


def test_a_declaration_on_an_item_new_in_2025_is_refused(criteria_copy: Path) -> None:
    text = (criteria_copy / "2025.yaml").read_text(encoding="utf-8")
    block = re.search(r"( +)- id: 3\.1\.D1\n(?:\1  .*\n)+", text)
    assert block is not None
    indent = block.group(1) + "  "
    _edit(criteria_copy, block.group(0), block.group(0) + f"{indent}meaning_unchanged: true\n"
          f'{indent}meaning_unchanged_reason: "Nothing to compare with."\n')
    with pytest.raises(CriteriaError, match=r"found meaning_unchanged on 3\.1\.D1, which is not a rewording"):
        CriteriaStore(criteria_copy).get("2025")
