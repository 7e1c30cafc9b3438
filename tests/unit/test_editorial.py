"""2022 -> 2025 rewordings: spelling variants and hyphenation are editorial, reviewed rewordings are declared,
real changes of obligation stay substantive; and the Transformation Fund deadline is reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from fhcheck.catalogue import default_store
from fhcheck.evaluate import evaluate
from fhcheck.evidence import parse_evidence
from fhcheck.framework_diff import EQUIVALENT_WORDS, Diff, WordOp, diff_versions, is_editorial, word_changes
from fhcheck.load import parse
from fhcheck.results import FileResult
from tests.helpers import cli

#: the 2025 items whose rewording a reviewer declared meaning-unchanged
DECLARED = {
    "1.1.B1", "1.1.D2", "1.2.B4", "1.3.B1", "1.3.D3", "1.4.G1", "1.5.B3", "1.5.D1", "1.6.B2", "2.1.B3", "2.1.G1",
    "2.2.B1", "2.2.D5", "2.4.D1", "2.5.B3", "2.5.B4", "2.5.D4", "2.5.G4", "2.5.G5", "4.2.G1",
}
#: rewordings that change what an authority must show (the issue names the first seven)
REAL_CHANGES = {"3.3.B1", "3.3.D1", "5.2.D1", "2.5.G3", "4.2.G3", "1.2.B3", "3.4.B1"}


@pytest.fixture(scope="module")
def real() -> Diff:
    store = default_store()
    return diff_versions(store.get("2022"), store.get("2025"))


def _rewordings(diff: Diff) -> dict[str, Any]:
    return {c.new[0]: c for c in diff.changes if c.scope == "item" and c.change == "reworded"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("agreed amongst all partners", "agreed among all partners"),
        ("Whilst this is", "While this is"),
        ("improve data-sharing amongst education", "improve data sharing among education"),
        ("seldom heard families", "seldom-heard families"),
    ],
)
def test_spelling_variants_and_hyphenation_are_editorial(old: str, new: str) -> None:
    assert is_editorial(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a synonym: declared per item, never guessed
        ("analyse the impact on services", "analyse the effect on services"),
        ("Some senior leaders give", "Senior leaders give"),
        ("proactively engage", "actively engage"),
        ("among all partners", "amongst most partners"),
    ],
)
def test_a_changed_word_is_not_editorial(old: str, new: str) -> None:
    assert not is_editorial(old, new)


def test_the_table_holds_spellings_only() -> None:
    assert EQUIVALENT_WORDS["amongst"] == "among"
    assert "impact" not in EQUIVALENT_WORDS and "due" not in EQUIVALENT_WORDS


def test_counts_of_editorial_and_substantive_rewordings(real: Diff) -> None:
    counts = real.counts()
    assert (counts["reworded_editorial"], counts["reworded_substantive"]) == (51, 22)
    words = _rewordings(real)
    assert {i for i, c in words.items() if c.declared is not None} == DECLARED
    assert {i for i, c in words.items() if c.editorial and c.declared is None and "amongst" in c.old_texts[0]} == {
        "2.1.B2", "3.1.B3",
    }


def test_the_named_real_changes_stay_substantive(real: Diff) -> None:
    words = _rewordings(real)
    for ident in REAL_CHANGES:
        assert words[ident].editorial is False, ident
        assert words[ident].declared is None


def test_every_declaration_carries_a_one_line_reason() -> None:
    for item in default_store().get("2025").iter_items():
        if item.meaning_unchanged:
            assert item.meaning_unchanged_reason and "\n" not in item.meaning_unchanged_reason


def test_word_changes_reads_as_one_line() -> None:
    ops = (WordOp("equal", "a"), WordOp("delete", "due"), WordOp("insert", "owing"), WordOp("equal", "to"),
           WordOp("insert", "is"), WordOp("equal", "b"), WordOp("delete", "some"))
    assert word_changes(ops) == '"due" -> "owing"; +"is"; -"some"'


def test_diff_json_carries_the_reviewers_reason(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "diff", "2022", "2025", "-F", "json", "-k", "2")
    assert status == 0
    record = next(c for c in json.loads(out)["changes"] if c["new"] == ["2.1.B3"])
    assert record["editorial"] is True
    assert record["meaning_unchanged_reason"] == 'Synonym: "due to" -> "owing to".'
    assert {"op": "delete", "text": "due"} in record["words"] and {"op": "insert", "text": "owing"} in record["words"]
    assert "meaning_unchanged_reason" not in next(c for c in json.loads(out)["changes"] if c["new"] == ["2.1.B2"])


def test_diff_markdown_shows_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "diff", "2022", "2025", "-F", "markdown")
    assert status == 0
    assert 'Meaning unchanged (reviewed): Synonym: "due to" -&gt; "owing to".' in out.splitlines()  # escaped as HTML


def test_substantive_only_leaves_out_the_declared(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "diff", "2022", "2025", "-F", "json", "--substantive-only")
    assert status == 0
    kept = {c["new"][0] for c in json.loads(out)["changes"] if c["change"] == "reworded"}
    assert not kept & DECLARED and REAL_CHANGES <= kept


# --- the Transformation Fund deadline ------------------------------------------------------

DEADLINE = "2026-03-31"
TF = "Family Hubs Transformation Fund"


def _assess(items: dict[str, Any], assessed_on: dt.date, stream: str | None = "transformation_fund") -> FileResult:
    data: dict[str, Any] = {
        "fhcheck": 1, "framework": "2025", "local_authority": "Testshire", "assessed_on": assessed_on,
    }
    if stream is not None:
        data["funding_stream"] = stream
    data["items"] = items
    doc = parse(yaml.safe_dump(data, sort_keys=False), "ev.yaml")
    evidence, catalogue = parse_evidence(doc, default_store())
    return evaluate(catalogue, evidence, doc, {})


def _warnings(result: FileResult, ident: str) -> tuple[str, ...]:
    return next(i for i in result.items if i.id == ident).warnings


def _unmet(due: str) -> dict[str, Any]:
    return {"status": "not_met", "plan": "Do it", "due": dt.date.fromisoformat(due)}


def test_reports_name_the_deadline() -> None:
    result = _assess({}, dt.date(2026, 1, 15))
    assert result.deadline == (
        f"{TF}: minimum expectations due by {DEADLINE} (75 days after this assessment): Local authorities funded "
        "through the Family Hubs Transformation Fund will be expected to achieve these criteria by March 2026."
    )


def test_a_plan_due_after_the_deadline_is_a_finding() -> None:
    result = _assess({"1.1.B1": _unmet("2026-06-30"), "1.1.B2": _unmet("2026-03-31")}, dt.date(2026, 1, 15))
    assert _warnings(result, "1.1.B1") == (f"plan due 2026-06-30 is after the {TF} deadline ({DEADLINE})",)
    assert _warnings(result, "1.1.B2") == ()  # due on the deadline itself is in time
    assert _warnings(result, "1.1.B3") == ()  # missing, before the deadline: nothing beyond the verdict


def test_after_the_deadline_every_unmet_minimum_item_is_a_finding() -> None:
    result = _assess({"1.1.B1": _unmet("2026-06-30")}, dt.date(2026, 4, 1))
    finding = f"minimum item not met after the {TF} deadline ({DEADLINE})"
    assert _warnings(result, "1.1.B1") == (finding,)
    assert _warnings(result, "1.1.D1") == (finding,)  # missing minimum items too
    assert _warnings(result, "1.1.G1") == ()  # a 'go further' option is not a minimum expectation
    assert result.deadline is not None and f"due by {DEADLINE} (passed)" in result.deadline


@pytest.mark.parametrize("stream", [None, "start_for_life"])
def test_no_deadline_without_the_transformation_fund(stream: str | None) -> None:
    result = _assess({"1.1.B1": _unmet("2026-06-30")}, dt.date(2026, 4, 1), stream)
    assert result.deadline is None
    assert _warnings(result, "1.1.B1") == ()


def test_json_report_names_the_deadline(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "tf.yaml"
    path.write_text(
        'fhcheck: 1\nframework: "2025"\nlocal_authority: Testshire\nassessed_on: 2026-04-01\n'
        "funding_stream: transformation_fund\nitems:\n  1.1.B1: {status: not_met, plan: Soon, due: 2026-06-30}\n",
        encoding="utf-8",
    )
    status, out, _ = cli(capsys, "assess", str(path), "-F", "json")
    assert status == 1
    record = json.loads(out)["results"][0]
    assert record["deadline"].startswith(f"{TF}: minimum expectations due by {DEADLINE} (passed)")
    item = next(i for i in record["items"] if i["id"] == "1.1.B1")
    assert f"minimum item not met after the {TF} deadline ({DEADLINE})" in item["warnings"]


def test_an_unknown_funding_stream_is_refused_with_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        'fhcheck: 1\nframework: "2025"\nlocal_authority: Testshire\nassessed_on: 2026-04-01\n'
        "funding_stream: transformation\nitems: {}\n",
        encoding="utf-8",
    )
    status, _, err = cli(capsys, "assess", str(path))
    assert status == 2
    assert f"{path}:5:17: found 'transformation'; expected one of transformation_fund or start_for_life" in err
