"""The rules engine on whole files: roll-up, stage, calendar arithmetic and exit statuses.

Item-by-item verdicts are in ``tests/rules/cases``; here whole evidence files are built
from the catalogue (every item of some letters met with fresh evidence of a required kind)
so that roll-up and stage are checked exactly against docs/contract.md: a sub-criterion meets its
minimum when all its B and D items are satisfied, a key criterion when all its
sub-criteria do, and the stage is developed / minimum / basic / none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from fhcheck.catalogue import Catalogue, Item, default_store
from fhcheck.dates import last_fresh_day, months_after, months_before
from fhcheck.evaluate import evaluate
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse
from fhcheck.results import Count, FileResult

ASSESSED = dt.date(2025, 10, 1)


def catalogue(version: str = "2025") -> Catalogue:
    return default_store().get(version)


def met_entry(item: Item, on: dt.date = ASSESSED) -> dict[str, Any]:
    """An entry that meets ``item``: fresh evidence of its first required kind."""
    kind = item.requires_kinds[0] if item.requires_kinds else "publication"
    return {
        "status": "met",
        "evidence": [{"title": f"Evidence for {item.id}", "url": f"https://example.gov.uk/{item.id}",
                      "kind": kind, "date": on}],
    }


def evidence_data(
    version: str = "2025",
    letters: str = "",
    overrides: Mapping[str, Mapping[str, Any] | None] | None = None,
    assessed_on: dt.date = ASSESSED,
) -> dict[str, Any]:
    """A file meeting every item whose letter is in ``letters``; ``overrides`` replace (None: drop) entries."""
    items: dict[str, Any] = {
        item.id: met_entry(item, assessed_on) for item in catalogue(version).iter_items() if item.letter in letters
    }
    for item_id, entry in (overrides or {}).items():
        if entry is None:
            items.pop(item_id, None)
        else:
            items[item_id] = dict(entry)
    return {
        "fhcheck": 1,
        "framework": version,
        "local_authority": "Testshire County Council",
        "assessed_on": assessed_on,
        "items": items,
    }


def assess_data(data: dict[str, Any]) -> FileResult:
    doc = parse(yaml.safe_dump(data, sort_keys=False), "ev.yaml")
    evidence, cat = parse_evidence(doc, default_store())
    return evaluate(cat, evidence, doc, {})


def verdicts(result: FileResult) -> dict[str, str]:
    return {item.id: item.verdict for item in result.items}


def subs_meeting_minimum(result: FileResult) -> set[str]:
    return {sub.id for sub in result.subcriteria if sub.minimum_met}


def letter_totals(cat: Catalogue) -> dict[str, int]:
    totals = dict.fromkeys("BDG", 0)
    for item in cat.iter_items():
        totals[item.letter] += 1
    return totals


def letter_totals_in(result: FileResult, key_id: str, letter: str) -> int:
    return sum(1 for item in result.items if item.key_criterion == key_id and item.id.rsplit(".", 1)[1][0] == letter)


# --- roll-up and stage on whole files --------------------------------------------------


def test_empty_file_is_none_with_every_item_missing() -> None:
    result = assess_data(evidence_data())
    assert result.stage == "none"
    assert result.minimum_met is False
    assert set(verdicts(result).values()) == {"missing"}
    assert len(result.items) == len(catalogue().items) == 124
    assert all(item.reasons == ("not in the evidence file",) for item in result.items)


def test_exactly_every_b_item_met_is_basic() -> None:
    result = assess_data(evidence_data(letters="B"))
    totals = letter_totals(catalogue())
    assert result.stage == "basic"
    assert result.minimum_met is False
    assert (result.basic, result.developed, result.go_further) == (
        Count(totals["B"], totals["B"]), Count(0, totals["D"]), Count(0, totals["G"])
    )
    # 3.2 (case management) has no developed minimum expectation, so all-B meets its minimum.
    assert subs_meeting_minimum(result) == {"3.2"}
    assert [key.minimum_met for key in result.key_criteria] == [False] * 5


def test_every_b_and_d_item_met_is_minimum() -> None:
    result = assess_data(evidence_data(letters="BD"))
    assert result.stage == "minimum"
    assert result.minimum_met is True
    assert len(subs_meeting_minimum(result)) == 20
    assert all(key.minimum_met for key in result.key_criteria)
    assert result.go_further == Count(0, letter_totals(catalogue())["G"])


def test_every_item_met_is_developed() -> None:
    result = assess_data(evidence_data(letters="BDG"))
    assert result.stage == "developed"
    assert result.minimum_met is True
    assert set(verdicts(result).values()) == {"met"}


def test_every_item_met_in_framework_2022_is_developed() -> None:
    assert assess_data(evidence_data("2022", letters="BDG")).stage == "developed"
    assert assess_data(evidence_data("2022", letters="BD")).stage == "minimum"


def test_one_missing_b_item_is_none_whatever_else_is_met() -> None:
    result = assess_data(evidence_data(letters="BDG", overrides={"4.2.B1": None}))
    assert result.stage == "none"
    assert result.minimum_met is False
    assert verdicts(result)["4.2.B1"] == "missing"
    assert subs_meeting_minimum(result) == {s.id for s in result.subcriteria} - {"4.2"}
    assert [key.id for key in result.key_criteria if not key.minimum_met] == ["4"]


def test_one_unsatisfied_d_item_is_basic() -> None:
    overrides = {"2.3.D1": {"status": "not_met", "plan": "Budget round 2026-27", "due": dt.date(2026, 3, 31)}}
    result = assess_data(evidence_data(letters="BDG", overrides=overrides))
    assert result.stage == "basic"
    assert verdicts(result)["2.3.D1"] == "not_met"
    assert subs_meeting_minimum(result) == {s.id for s in result.subcriteria} - {"2.3"}


def test_one_unsatisfied_g_item_is_minimum() -> None:
    result = assess_data(evidence_data(letters="BDG", overrides={"5.2.G2": None}))
    assert result.stage == "minimum"
    assert result.minimum_met is True
    assert result.go_further == Count(letter_totals(catalogue())["G"] - 1, letter_totals(catalogue())["G"])


@pytest.mark.parametrize("verdict_entry", ["stale", "unevidenced", "partially_met", "needs_review"])
def test_only_met_and_not_applicable_satisfy(verdict_entry: str) -> None:
    item = catalogue().items["1.1.B3"]
    entries: dict[str, dict[str, Any]] = {
        "stale": {**met_entry(item, dt.date(2023, 1, 1))},
        "unevidenced": {"status": "met"},
        "partially_met": {"status": "partially_met", "plan": "More surveys"},
        "needs_review": {**met_entry(item), "carried_from": {"framework": "2022", "items": ["1.1.B3"],
                                                             "change": "reworded"}},
    }
    result = assess_data(evidence_data(letters="BDG", overrides={"1.1.B3": entries[verdict_entry]}))
    assert verdicts(result)["1.1.B3"] == verdict_entry
    assert result.stage == "none"
    assert "1.1" not in subs_meeting_minimum(result)


def test_accepted_not_applicable_counts_as_satisfied() -> None:
    overrides = {"1.3.D3": {"status": "not_applicable", "justification": "Compact urban borough."}}
    result = assess_data(evidence_data(letters="BDG", overrides=overrides))
    assert verdicts(result)["1.3.D3"] == "not_applicable"
    assert result.stage == "developed"
    assert result.key_criteria[0].developed == Count(letter_totals_in(result, "1", "D"), letter_totals_in(result, "1", "D"))


def test_unjustified_not_applicable_does_not_satisfy() -> None:
    result = assess_data(evidence_data(letters="BDG", overrides={"1.3.D3": {"status": "not_applicable"}}))
    assert verdicts(result)["1.3.D3"] == "not_met"
    assert result.stage == "basic"
    assert "1.3" not in subs_meeting_minimum(result)


def test_counts_roll_up_from_items() -> None:
    """Sub-criterion and key criterion counts are the satisfied items among their own."""
    overrides = {"1.1.B1": None, "1.1.G1": None, "2.2.D8": {"status": "not_met"}}
    result = assess_data(evidence_data(letters="BDG", overrides=overrides))
    subs = {sub.id: sub for sub in result.subcriteria}
    assert (subs["1.1"].basic, subs["1.1"].developed, subs["1.1"].go_further) == (Count(3, 4), Count(2, 2), Count(1, 2))
    assert subs["2.2"].developed == Count(7, 8)
    keys = {key.id: key for key in result.key_criteria}
    assert keys["1"].basic.met == keys["1"].basic.total - 1
    assert result.stage == "none"


def test_items_come_out_in_framework_order_whatever_the_file_order() -> None:
    data = evidence_data(letters="BD")
    reversed_data = {**data, "items": dict(reversed(list(data["items"].items())))}
    first, second = assess_data(data), assess_data(reversed_data)
    assert [item.id for item in first.items] == [item.id for item in second.items] == list(catalogue().items)
    assert [(i.verdict, i.reasons, i.warnings) for i in first.items] == [
        (i.verdict, i.reasons, i.warnings) for i in second.items
    ]
    assert (first.stage, first.key_criteria) == (second.stage, second.key_criteria)


# --- calendar arithmetic ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 10, 1), 0, dt.date(2025, 10, 1)),
        (dt.date(2025, 10, 1), 12, dt.date(2024, 10, 1)),
        (dt.date(2025, 10, 1), 36, dt.date(2022, 10, 1)),
        (dt.date(2025, 1, 15), 1, dt.date(2024, 12, 15)),
        (dt.date(2025, 1, 31), 13, dt.date(2023, 12, 31)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 5, 31), 3, dt.date(2025, 2, 28)),
        (dt.date(2025, 12, 31), 6, dt.date(2025, 6, 30)),
        (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2020, 2, 29)),
        (dt.date(2025, 2, 28), 12, dt.date(2024, 2, 28)),
        (dt.date(2000, 3, 31), 1, dt.date(2000, 2, 29)),
        (dt.date(1900, 3, 31), 1, dt.date(1900, 2, 28)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


def test_months_before_and_after_stop_at_the_ends_of_the_calendar() -> None:
    assert months_before(dt.date(1, 1, 1), 36) == dt.date.min
    assert months_after(dt.date(9999, 12, 31), 36) == dt.date.max
    assert last_fresh_day(dt.date(9999, 1, 1), 36) == dt.date.max


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 11, 30), 2, dt.date(2025, 1, 30)),
    ],
)
def test_months_after(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_after(day, months) == expected


@pytest.mark.parametrize(
    ("dated", "months", "expected"),
    [
        (dt.date(2024, 10, 1), 12, dt.date(2025, 10, 1)),
        (dt.date(2023, 2, 28), 12, dt.date(2024, 2, 29)),  # 29 Feb 2024 still reaches back to 28 Feb 2023
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 30), 1, dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 4, 30)),
    ],
)
def test_last_fresh_day(dated: dt.date, months: int, expected: dt.date) -> None:
    assert last_fresh_day(dated, months) == expected


@given(
    dated=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    months=st.integers(min_value=1, max_value=240),
)
@example(dated=dt.date(2023, 2, 28), months=12)
@example(dated=dt.date(2024, 2, 29), months=48)
def test_last_fresh_day_is_the_last_day_the_window_reaches(dated: dt.date, months: int) -> None:
    last = last_fresh_day(dated, months)
    assert months_before(last, months) <= dated  # still fresh on the last day
    assert months_before(last + dt.timedelta(days=1), months) > dated  # stale the day after


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    months=st.integers(min_value=0, max_value=240),
)
def test_months_before_is_monotone_and_never_after(day: dt.date, months: int) -> None:
    cutoff = months_before(day, months)
    assert cutoff <= day
    assert months_before(day + dt.timedelta(days=1), months) >= cutoff
    assert (day.year * 12 + day.month) - (cutoff.year * 12 + cutoff.month) == months


# --- exit statuses through the command line --------------------------------------------


class _Fhcheck:
    """``fhcheck.cli.main`` as CliRunner expects a command: it exits with the real status."""

    name = "fhcheck"

    def main(self, args: Iterable[str] = (), prog_name: str | None = None, **_: Any) -> None:
        from fhcheck.cli import main

        main(list(args))


def run(*args: str) -> Any:
    runner = CliRunner()
    return runner.invoke(_Fhcheck(), list(args), catch_exceptions=False, env={"NO_COLOR": "1"})  # type: ignore[arg-type]


def write(path: Path, data: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


STAGE_FILES = {
    "none": {},
    "basic": {"letters": "B"},
    "minimum": {"letters": "BD"},
    "developed": {"letters": "BDG"},
}
STAGES = ("none", "basic", "minimum", "developed")


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("fail_under", STAGES)
def test_exit_status_for_each_fail_under(tmp_path: Path, stage: str, fail_under: str) -> None:
    path = write(tmp_path / "ev.yaml", evidence_data(**STAGE_FILES[stage]))  # type: ignore[arg-type]
    result = run("assess", path, "--fail-under", fail_under, "--format", "json")
    expected = 0 if STAGES.index(stage) >= STAGES.index(fail_under) else 1
    assert result.exit_code == expected, result.stderr
    assert f'"stage": "{stage}"' in result.stdout
    assert result.stderr == ""


def test_default_fail_under_is_minimum(tmp_path: Path) -> None:
    basic = write(tmp_path / "basic.yaml", evidence_data(letters="B"))
    minimum = write(tmp_path / "minimum.yaml", evidence_data(letters="BD"))
    assert run("assess", basic).exit_code == 1
    assert run("assess", minimum).exit_code == 0


def test_one_file_below_the_threshold_fails_the_run(tmp_path: Path) -> None:
    basic = write(tmp_path / "basic.yaml", evidence_data(letters="B"))
    minimum = write(tmp_path / "minimum.yaml", evidence_data(letters="BD"))
    assert run("assess", minimum, basic).exit_code == 1
    assert run("assess", minimum, basic, "--fail-under", "basic").exit_code == 0


def test_unknown_fail_under_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path / "ev.yaml", evidence_data(letters="BD"))
    result = run("assess", path, "--fail-under", "excellent")
    assert result.exit_code == 2
    assert result.stderr == (
        "fhcheck: unknown stage 'excellent' for --fail-under; expected one of none, basic, minimum, developed\n"
    )
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path / "ev.yaml", evidence_data(letters="BD"))
    result = run("assess", path, "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr.startswith("fhcheck: unknown format 'pdf'; expected one of table, json")


def test_no_paths_is_a_usage_error() -> None:
    result = run("assess")
    assert result.exit_code == 2
    assert "Missing argument 'PATH...'" in result.stderr


def test_missing_path_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("assess", "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr == "nowhere.yaml: no such file or folder; expected an evidence file or a folder of them\n"


def test_multiple_files_with_one_invalid_still_reports_the_valid_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "good.yaml", evidence_data(letters="BDG"))
    (tmp_path / "bad.yaml").write_text(
        'fhcheck: 1\nframework: "2025"\nlocal_authority: Badshire\nassessed_on: 2025-10-01\nitems:\n'
        "  1.1.B1:\n    status: done\n",
        encoding="utf-8",
    )
    result = run("assess", "good.yaml", "bad.yaml", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr == "bad.yaml:7:13: found 'done'; expected one of met, partially_met, not_met or not_applicable\n"
    import json

    report = json.loads(result.stdout)
    assert [(r["file"], r["stage"]) for r in report["results"]] == [("good.yaml", "developed")]
    assert report["errors"] == [
        {"file": "bad.yaml", "line": 7, "column": 13,
         "message": "found 'done'; expected one of met, partially_met, not_met or not_applicable"}
    ]
    table = run("assess", "bad.yaml", "good.yaml")
    assert table.exit_code == 2
    assert "good.yaml · framework 2025" in table.stdout
    assert "Every item is satisfied." in table.stdout


def test_invalid_file_is_exit_2_even_when_fail_under_is_none(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("fhcheck: 1\n", encoding="utf-8")
    assert run("assess", str(bad), "--fail-under", "none").exit_code == 2


def test_validate_exit_statuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "good.yaml", evidence_data(letters="B"))
    (tmp_path / "bad.yaml").write_text("fhcheck: 1\nframework: '2025'\n", encoding="utf-8")
    ok = run("validate", "good.yaml")
    assert (ok.exit_code, ok.stdout) == (0, "good.yaml: valid (framework 2025, Testshire County Council)\n"
                                            "1 valid, 0 invalid\n")
    bad = run("validate", "good.yaml", "bad.yaml")
    assert bad.exit_code == 2
    assert bad.stdout == "good.yaml: valid (framework 2025, Testshire County Council)\n"
    assert bad.stderr == (
        "bad.yaml:1:1: assessed_on is missing; expected assessed_on in this mapping\n"
        "bad.yaml:1:1: local_authority is missing; expected local_authority in this mapping\n"
        "1 valid, 1 invalid\n"
    )
    quiet = run("validate", "--quiet", "good.yaml")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


@pytest.mark.parametrize("days", ["3000000", "99999999999999"])
def test_huge_warn_days_is_not_an_internal_error(tmp_path: Path, days: str) -> None:
    path = write(tmp_path / "ev.yaml", evidence_data(letters="BD"))
    result = run("assess", path, "--warn-days", days, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "evidence goes stale after" in result.stdout


def test_internal_error_is_exit_3_with_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "ev.yaml", evidence_data(letters="B"))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr("fhcheck.assessment.evaluate", broken)
    result = run("assess", path)
    assert result.exit_code == 3
    assert result.stderr.startswith("fhcheck: internal error (RuntimeError: engine exploded). This is a bug")
    assert "Traceback" not in result.stderr
    debug = run("--debug", "assess", path)
    assert debug.exit_code == 3
    assert "Traceback (most recent call last)" in debug.stderr
