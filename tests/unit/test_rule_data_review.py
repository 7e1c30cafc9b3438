"""The item-by-item rule-data review: every item of every criteria version carries a "Rule data:" comment.

The comment records the decision on the item's condition, freshness window and evidence kinds
(and, for a 2025 item that rewords or merges 2022 items, whether the rewording changes its
meaning), quoting the words that decide it. These tests read the criteria files line by line:
each item has the comment, each quotation in it is the source's own words, and each
rewording verdict in it agrees with what `fhcheck diff` computes. The last tests pin what the
review's changes do to a verdict (published information fresh for 24 months, named documents as
kinds, 2022's 3.1.G1 no longer met by a data-sharing agreement).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import yaml

from fhcheck.catalogue import default_criteria_dir, default_store
from fhcheck.evaluate import evaluate
from fhcheck.evidence import parse_evidence
from fhcheck.framework_diff import diff_versions
from fhcheck.load import parse

VERSIONS = tuple(default_store().versions())
ITEM_LINE = re.compile(r"^\s+- id: (\d+\.\d+\.[BDG]\d+)$")


def _plain(text: str) -> str:
    """Text with curly quotes, markdown emphasis and line wraps out of the way, for phrase look-ups."""
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("**", "")):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).casefold().strip()


def _comments(version: str) -> dict[str, str]:
    """Item identifier -> the comment block just above its `- id:` line, joined into one line."""
    lines = (default_criteria_dir() / f"{version}.yaml").read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}
    for at, line in enumerate(lines):
        match = ITEM_LINE.match(line)
        if not match:
            continue
        above: list[str] = []
        for prev in reversed(lines[:at]):
            if not prev.strip().startswith("#"):
                break
            above.append(prev.strip().lstrip("#").strip())
        found[match.group(1)] = " ".join(reversed(above))
    return found


def _rule_data(comment: str) -> str:
    return comment[comment.index("Rule data:"):] if "Rule data:" in comment else ""


@pytest.mark.parametrize("version", VERSIONS)
def test_every_item_has_a_rule_data_comment(version: str) -> None:
    comments = _comments(version)
    items = [i.id for i in default_store().get(version).iter_items()]
    assert sorted(comments) == sorted(items)  # every item line was read
    assert [i for i in items if "Rule data:" not in comments[i]] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_rule_data_quotes_are_the_sources_own_words(version: str) -> None:
    """A quotation (split at "...") is in the item's text, its source text, or the earlier item it rewords."""
    store = default_store()
    catalogue = store.get(version)
    seed = _plain((default_criteria_dir() / "sources" / catalogue.spec.source).read_text(encoding="utf-8"))
    previous = store.get(catalogue.spec.previous) if catalogue.spec.previous else None
    misquoted: list[tuple[str, str]] = []
    for ident, comment in _comments(version).items():
        item = catalogue.items[ident]
        texts = [_plain(item.text), seed]
        if previous is not None:
            texts += [_plain(previous.items[r].text) for r in (item.replaces or (ident,)) if r in previous.items]
        for quote in re.findall(r'"([^"]+)"', _rule_data(comment)):
            for part in quote.split("..."):
                words = _plain(part).strip(" ,.;:-")
                if words and not any(words in text for text in texts):
                    misquoted.append((ident, part))
    assert misquoted == []


def test_each_2025_rewording_verdict_agrees_with_the_diff() -> None:
    """ "Rewording: editorial" / "meaning_unchanged" / "substantive" (or a merge) is what `diff` computes."""
    store = default_store()
    comments = _comments("2025")
    verdicts: dict[str, str] = {}
    for change in diff_versions(store.get("2022"), store.get("2025")).changes:
        if change.scope != "item" or not change.new or change.change == "added":
            continue
        said = _rule_data(comments[change.new[0]]).partition("Rewording: ")[2]
        assert said, change.new[0]
        if change.change == "merged":
            verdicts[change.new[0]] = "merged" if said.startswith("a merge of two items") else said
        elif change.declared is not None:
            verdicts[change.new[0]] = "declared" if said.startswith("meaning_unchanged") else said
        elif change.editorial:
            verdicts[change.new[0]] = "editorial" if said.startswith("editorial by the spelling") else said
        else:
            verdicts[change.new[0]] = "substantive" if said.startswith("substantive") else said
    assert sorted(set(verdicts.values())) == ["declared", "editorial", "merged", "substantive"]
    assert len(verdicts) == 75  # 73 rewordings and 2 merges


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
