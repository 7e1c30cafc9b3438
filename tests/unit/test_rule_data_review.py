"""The item-by-item rule-data review: what its changes to rule data do.

Published information and offers are fresh for 24 months, the documents an item's text names
are kinds that meet it, an agreement that only permits data sharing no longer meets 2022's
3.1.G1, and two reviewed synonyms are declared meaning-unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from fhcheck.catalogue import default_store
from fhcheck.evaluate import evaluate
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse


@pytest.mark.parametrize(
    ("ident", "reason_words"),
    [("1.3.B1", '"proactively" -> "actively" engage'), ("1.5.B3", '"proactively" -> "actively" built in')],
)
def test_the_reviewed_synonym_is_declared_with_its_reason(ident: str, reason_words: str) -> None:
    old, new = default_store().get("2022").items[ident], default_store().get("2025").items[ident]
    assert "proactively" in old.text and "proactively" not in new.text and "actively" in new.text
    assert new.meaning_unchanged is True
    assert new.meaning_unchanged_reason is not None and reason_words in new.meaning_unchanged_reason


# --- what the review's changes do to a verdict --------------------------------------------


def _verdict(framework: str, ident: str, kind: str, date: dt.date) -> tuple[str, tuple[str, ...]]:
    entry = {"title": "A document", "url": "https://example.gov.uk/doc", "date": date, "kind": kind}
    data: dict[str, Any] = {"fhcheck": 1, "framework": framework, "local_authority": "Testshire",
                            "assessed_on": dt.date(2025, 10, 1), "items": {ident: {"status": "met",
                                                                                   "evidence": [entry]}}}
    doc = parse(yaml.safe_dump(data, sort_keys=False), "ev.yaml")
    evidence, catalogue = parse_evidence(doc, default_store())
    found = next(i for i in evaluate(catalogue, evidence, doc, {}).items if i.id == ident)
    return found.verdict, found.reasons


@pytest.mark.parametrize("framework", ["2022", "2025"])
def test_published_information_older_than_two_years_is_stale(framework: str) -> None:
    assert _verdict(framework, "1.1.B4", "web_page", dt.date(2023, 10, 1))[0] == "met"
    verdict, reasons = _verdict(framework, "1.1.B4", "web_page", dt.date(2023, 9, 30))
    assert (verdict, reasons[0]) == ("stale", "newest evidence 2023-09-30 is older than the 24-month window "
                                              "(evidence must be dated on or after 2023-10-01)")


@pytest.mark.parametrize("framework", ["2022", "2025"])
def test_a_pooled_budget_agreement_shows_joint_investment(framework: str) -> None:
    assert _verdict(framework, "2.2.D6", "partnership_agreement", dt.date(2025, 1, 1))[0] == "met"


def test_a_data_sharing_agreement_no_longer_meets_the_2022_go_further_option() -> None:
    verdict, reasons = _verdict("2022", "3.1.G1", "data_sharing_agreement", dt.date(2025, 1, 1))
    assert (verdict, reasons) == (
        "unevidenced", ("evidence 'A document' is of kind data_sharing_agreement; this item needs one of dataset, "
                        "minutes",)
    )
