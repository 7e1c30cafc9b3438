"""The programme register: ratings, the threshold, `*`, NE, stale ratings, delivery, and the check."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import CriteriaStore, default_store
from fhcheck.checks import CheckContext
from fhcheck.checks.programme_register import (
    ProgrammeRegisterParams,
    programme_register,
    programme_register_failures,
    programme_register_notes,
)
from fhcheck.dates import months_before
from fhcheck.errors import CriteriaError, InputError
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse
from fhcheck.programmes import (
    SCALE,
    THRESHOLDS,
    Policy,
    Programme,
    Rating,
    judge,
    judge_register,
)
from fhcheck.results import FileResult
from fhcheck.rules import CHECKS

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "programmes"
ASSESSED = dt.date(2025, 10, 1)
WINDOW = 24
CUTOFF = dt.date(2023, 10, 1)  # 24 months before ASSESSED


def programme(**overrides: Any) -> Programme:
    fields: dict[str, Any] = {
        "name": "Incredible Years",
        "guidebook": "https://guidebook.foundations.org.uk/programme/incredible-years",
        "evidence_rating": "3",
        "cost_rating": 2,
        "rating_read_on": dt.date(2025, 6, 1),
        "delivered_by": ["Northtown Family Hub"],
    }
    fields.update(overrides)
    return Programme.model_validate(fields)


def standing(policy: Policy = Policy(), **overrides: Any) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    result = judge(programme(**overrides), policy, ASSESSED, CUTOFF, WINDOW)
    return result.counts, result.reasons, result.notes


# --- ratings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored", "level", "mixed"),
    [
        ("2", "2", "2", False),
        ("2+", "2+", "2+", False),
        ("3", "3", "3", False),
        ("3+", "3+", "3+", False),
        ("4", "4", "4", False),
        ("4+", "4+", "4+", False),
        ("NL2", "NL2", "NL2", False),
        ("NE", "NE", "NE", False),
        ("3*", "3*", "3", True),
        ("2+*", "2+*", "2+", True),
        ("NL2*", "NL2*", "NL2", True),
        (2, "2", "2", False),  # YAML reads an unquoted 2 as a number
        (3, "3", "3", False),
        (4, "4", "4", False),
    ],
)
def test_guidebook_ratings_are_accepted_as_written(raw: Any, stored: str, level: str, mixed: bool) -> None:
    p = programme(evidence_rating=raw)
    assert (p.evidence_rating, p.rating.level, p.rating.mixed) == (stored, level, mixed)


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (5, "found the number 5"),
        (1, "found the number 1"),
        (3.0, "found the number 3.0"),
        (True, "found the boolean true"),
        ("5", "found '5'"),
        ("3++", "found '3++'"),
        ("ne", "found 'ne'"),
        ("3**", "found '3**'"),
        (" 3", "found ' 3'"),
        ("Level 3", "found 'Level 3'"),
        ("", "found an empty string"),
    ],
)
def test_other_ratings_are_refused_saying_what_was_found_and_expected(raw: Any, found: str) -> None:
    with pytest.raises(ValidationError) as caught:
        programme(evidence_rating=raw)
    message = caught.value.errors()[0]["msg"]
    assert found in message
    assert "expected an evidence rating as the Foundations Guidebook gives it: 2, 2+, 3, 3+, 4, 4+, NL2 or NE" in message


@pytest.mark.parametrize("cost", [0, 6, "3", 2.5, True])
def test_cost_ratings_are_whole_numbers_one_to_five(cost: Any) -> None:
    with pytest.raises(ValidationError, match="expected a Foundations cost rating, a whole number 1 to 5"):
        programme(cost_rating=cost)


def test_cost_rating_may_be_null_where_the_guidebook_gives_none() -> None:
    assert programme(cost_rating=None).cost_short == "not rated"


def test_the_scale_runs_from_not_level_2_to_4_plus() -> None:
    assert SCALE == ("NL2", "2", "2+", "3", "3+", "4", "4+")
    assert [Rating.parse(r).rank for r in SCALE] == list(range(7))
    assert Rating.parse("NE").rank is None


# --- judging at and around the threshold -----------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "min_rating", "counts"),
    [
        ("2+", "3", False),
        ("3", "3", True),
        ("3+", "3", True),
        ("4+", "3", True),
        ("3", "3+", False),
        ("3+", "3+", True),
        ("2", "2", True),
        ("NL2", "2", False),
        ("NE", "2", False),
        ("4", "4+", False),
        ("4+", "4+", True),
    ],
)
def test_a_programme_counts_at_or_above_the_threshold(rating: str, min_rating: str, counts: bool) -> None:
    assert standing(Policy(min_rating), evidence_rating=rating)[0] is counts


def test_below_the_threshold_names_the_programme_rating_and_level() -> None:
    assert standing(evidence_rating="2+") == (
        False,
        ("programme 'Incredible Years' rated 2+ (preliminary evidence, more rigorous study) is below level 3, "
         "the level this item counts as evidence-based",),
        (),
    )


def test_not_level_2_is_below_every_threshold() -> None:
    counts, reasons, _ = standing(Policy("2"), evidence_rating="NL2")
    assert not counts
    assert reasons == ("programme 'Incredible Years' rated NL2 (not level 2) is below level 2, "
                       "the level this item counts as evidence-based",)


def test_no_effect_never_counts() -> None:
    assert standing(Policy("2"), evidence_rating="NE") == (
        False,
        ("programme 'Incredible Years' rated NE (no effect) does not count as evidence-based",),
        (),
    )


def test_mixed_findings_count_at_their_level_and_are_named() -> None:
    assert standing(evidence_rating="3*") == (
        True,
        (),
        ("programme 'Incredible Years' rated 3* has mixed findings (some studies show no effect or a negative "
         "impact); counted at level 3",),
    )


def test_mixed_findings_do_not_lift_a_rating_over_the_threshold() -> None:
    counts, reasons, notes = standing(evidence_rating="2+*")
    assert not counts and notes == ()
    assert reasons[0].startswith("programme 'Incredible Years' rated 2+* (preliminary evidence, more rigorous study, "
                                 "mixed findings) is below level 3")


def test_an_item_may_refuse_mixed_findings() -> None:
    assert standing(Policy("3", count_mixed=False), evidence_rating="3*") == (
        False,
        ("programme 'Incredible Years' rated 3* has mixed findings, which this item does not count as evidence-based",),
        (),
    )


def test_a_rating_read_on_the_first_day_of_the_window_is_fresh() -> None:
    assert standing(rating_read_on=CUTOFF)[0] is True


def test_a_rating_read_the_day_before_the_window_is_stale() -> None:
    assert standing(rating_read_on=dt.date(2023, 9, 30)) == (
        False,
        ("rating of 'Incredible Years' read on 2023-09-30 is older than the 24-month window (re-read it on the "
         "Guidebook; ratings must be read on or after 2023-10-01)",),
        (),
    )


def test_a_rating_read_after_the_assessment_does_not_count() -> None:
    assert standing(rating_read_on=dt.date(2025, 10, 2))[1] == (
        "rating of 'Incredible Years' read on 2025-10-02 is after the assessment date 2025-10-01",
    )


def test_a_programme_no_service_delivers_does_not_count() -> None:
    assert standing(delivered_by=[]) == (
        False,
        ("programme 'Incredible Years' is not delivered by any service (delivered_by is empty)",),
        (),
    )


def test_every_failing_condition_is_named() -> None:
    counts, reasons, _ = standing(evidence_rating="NE", rating_read_on=dt.date(2019, 1, 2), delivered_by=[])
    assert not counts
    assert reasons == (
        "programme 'Incredible Years' rated NE (no effect) does not count as evidence-based",
        "rating of 'Incredible Years' read on 2019-01-02 is older than the 24-month window (re-read it on the "
        "Guidebook; ratings must be read on or after 2023-10-01)",
        "programme 'Incredible Years' is not delivered by any service (delivered_by is empty)",
    )


RATINGS = st.sampled_from([*SCALE, "NE"]).flatmap(lambda level: st.sampled_from([level, level + "*"]))


@given(
    rating=RATINGS,
    threshold=st.sampled_from(THRESHOLDS),
    count_mixed=st.booleans(),
    read_on=st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
    delivered=st.booleans(),
    cost=st.sampled_from([None, 1, 2, 3, 4, 5]),
)
@example(rating="3", threshold="3", count_mixed=True, read_on=CUTOFF, delivered=True, cost=5)
@example(rating="NE*", threshold="2", count_mixed=True, read_on=ASSESSED, delivered=True, cost=1)
def test_counts_exactly_when_every_condition_holds_and_never_because_of_cost(
    rating: str, threshold: str, count_mixed: bool, read_on: dt.date, delivered: bool, cost: int | None
) -> None:
    parsed = Rating.parse(rating)
    result = judge(
        programme(evidence_rating=rating, rating_read_on=read_on, delivered_by=["Hub"] if delivered else [], cost_rating=cost),
        Policy(threshold, count_mixed),
        ASSESSED,
        CUTOFF,
        WINDOW,
    )
    expected = (
        parsed.rank is not None
        and parsed.rank >= SCALE.index(threshold)
        and (count_mixed or not parsed.mixed)
        and CUTOFF <= read_on <= ASSESSED
        and delivered
    )
    assert result.counts is expected
    assert bool(result.reasons) is not expected
    for other in (None, 1, 5):
        same = judge(
            programme(evidence_rating=rating, rating_read_on=read_on, delivered_by=["Hub"] if delivered else [],
                      cost_rating=other),
            Policy(threshold, count_mixed), ASSESSED, CUTOFF, WINDOW,
        )
        assert (same.counts, same.reasons, same.notes) == (result.counts, result.reasons, result.notes)


# --- the register -----------------------------------------------------------------------------


def test_a_register_is_satisfied_by_one_counting_programme() -> None:
    verdict = judge_register(
        [programme(name="A", evidence_rating="2"), programme(name="B", evidence_rating="3")],
        Policy(), ASSESSED, CUTOFF, WINDOW,
    )
    assert verdict.satisfied and verdict.failure_reasons == []
    assert [s.programme.name for s in verdict.counting] == ["B"]


def test_a_register_with_no_counting_programme_says_why_for_each() -> None:
    verdict = judge_register(
        [programme(name="A", evidence_rating="2"), programme(name="B", evidence_rating="NE")],
        Policy(), ASSESSED, CUTOFF, WINDOW,
    )
    assert verdict.failure_reasons == [
        "no programme in the register counts as evidence-based (rated 3 or above, rating read within the "
        "24-month window, delivered by a service)",
        "programme 'A' rated 2 (preliminary evidence) is below level 3, the level this item counts as evidence-based",
        "programme 'B' rated NE (no effect) does not count as evidence-based",
    ]


def test_an_empty_register_fails() -> None:
    assert judge_register([], Policy(), ASSESSED, CUTOFF, WINDOW).failure_reasons == [
        "the programme register (programmes:) lists no programmes; expected the evidence-based programmes the "
        "family hubs deliver"
    ]


# --- the evidence file -------------------------------------------------------------------------


HEADER = 'fhcheck: 1\nframework: "2025"\nlocal_authority: Exampleshire\nassessed_on: 2025-10-01\n'


def problems_of(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(InputError) as caught:
        parse_evidence(parse(text, "ev.yaml"), default_store())
    return [(p.location.line, p.location.column, p.message) for p in caught.value.problems]


def test_register_problems_are_located() -> None:
    text = HEADER + (
        "programmes:\n"
        "  - name: Incredible Years\n"                      # 6
        "    guidebook: guidebook.foundations.org.uk\n"     # 7
        "    evidence_rating: 5\n"                          # 8
        "    cost_rating: 7\n"                              # 9
        "    rating_read_on: 2025-02-30\n"                  # 10
        "    colour: blue\n"                                # 11
    )
    assert problems_of(text) == [
        (7, 16, "found 'guidebook.foundations.org.uk'; expected the Guidebook page's web address starting https://"),
        (8, 22, "found the number 5; expected an evidence rating as the Foundations Guidebook gives it: 2, 2+, 3, 3+, "
                "4, 4+, NL2 or NE, optionally followed by * for mixed findings (quote it, e.g. \"3+\")"),
        (9, 18, "found the number 7; expected a Foundations cost rating, a whole number 1 to 5 (or null where the "
                "Guidebook gives none)"),
        (10, 21, "found '2025-02-30', which is not a calendar date; expected a real date YYYY-MM-DD"),
        (11, 5, "unknown key colour; expected one of name, guidebook, evidence_rating, cost_rating, rating_read_on, "
                "delivered_by, note"),
    ]


def test_missing_register_fields_are_named() -> None:
    text = HEADER + "programmes:\n  - name: Incredible Years\n    guidebook: https://g.example/iy\n"
    assert [m for _, _, m in problems_of(text)] == [
        "cost_rating is missing; expected cost_rating in this mapping",
        "evidence_rating is missing; expected evidence_rating in this mapping",
        "rating_read_on is missing; expected rating_read_on in this mapping",
    ]


def test_a_programme_listed_twice_is_refused() -> None:
    entry = ("  - name: {}\n    guidebook: https://g.example/iy\n    evidence_rating: 3\n    cost_rating: 2\n"
             "    rating_read_on: 2025-06-01\n")
    text = HEADER + "programmes:\n" + entry.format("Incredible Years") + entry.format("incredible years")
    assert problems_of(text) == [
        (6, 3, "programme 'incredible years' is listed twice (entries 1 and 2); expected each programme once, with "
               "every service that delivers it under delivered_by"),
    ]


def test_a_file_without_a_register_has_none() -> None:
    evidence, _ = parse_evidence(parse(HEADER, "ev.yaml"), default_store())
    assert evidence.programmes is None


# --- through the rules engine ------------------------------------------------------------------


def assess(path: Path) -> FileResult:
    result = assess_file(path, path.name, default_store(), AssessOptions())
    assert isinstance(result, FileResult), getattr(result, "problems", None)
    return result


def item(result: FileResult, item_id: str) -> tuple[str, list[str]]:
    found = next(i for i in result.items if i.id == item_id)
    return found.verdict, list(found.reasons)


def test_a_register_with_a_programme_at_the_threshold_meets_the_item() -> None:
    assert item(assess(FIXTURES / "register.yaml"), "2.5.B1") == ("met", [])


def item_warnings(result: FileResult, item_id: str) -> tuple[str, list[str]]:
    found = next(i for i in result.items if i.id == item_id)
    return found.verdict, list(found.warnings)


REGISTER_FAILURES = [
    "no programme in the register counts as evidence-based (rated 3 or above, rating read within the 24-month "
    "window, delivered by a service)",
    "programme 'Mellow Babies' rated 2+ (preliminary evidence, more rigorous study) is below level 3, the level "
    "this item counts as evidence-based",
    "programme 'Baby Steps' rated NE (no effect) does not count as evidence-based",
    "rating of 'Family Nurse Partnership' read on 2019-01-02 is older than the 24-month window (re-read it on "
    "the Guidebook; ratings must be read on or after 2023-10-01)",
    "programme 'Video Interaction Guidance' is not delivered by any service (delivered_by is empty)",
]


def test_a_register_where_nothing_counts_is_a_warning_never_a_lower_verdict() -> None:
    """An honest register must never leave an item worse off than no register (issue 18)."""
    result = assess(FIXTURES / "failing.yaml")
    assert item(result, "2.5.B1") == ("met", [])
    assert item_warnings(result, "2.5.B1") == ("met", REGISTER_FAILURES)
    assert item_warnings(result, "2.5.G1") == ("met", REGISTER_FAILURES)
    assert result.framework == "2022"


def test_2_5_b1_with_a_strategy_stays_met_when_a_register_rated_2_plus_is_added(tmp_path: Path) -> None:
    """The reproduced case: strategy alone is met; strategy plus a 2+ register was unevidenced."""
    text = (FIXTURES / "failing.yaml").read_text(encoding="utf-8")
    register = text[text.index("programmes:"):text.index("  - name: Baby Steps")]
    alone = tmp_path / "alone.yaml"
    alone.write_text(text[:text.index("programmes:")], encoding="utf-8")
    honest = tmp_path / "honest.yaml"
    honest.write_text(text[:text.index("programmes:")] + register, encoding="utf-8")
    assert item(assess(alone), "2.5.B1") == ("met", [])
    assert item(assess(honest), "2.5.B1") == ("met", [])
    assert item_warnings(assess(honest), "2.5.B1")[1] == REGISTER_FAILURES[:2]


def test_2_5_g1_warns_when_fewer_than_most_services_deliver_a_counting_programme(tmp_path: Path) -> None:
    """2025's 2.5.G1 asks for delivery "across most services": min_coverage 50 in its check."""
    text = (
        'fhcheck: 1\nframework: "2025"\nlocal_authority: Exampleshire\nassessed_on: 2025-10-01\nitems:\n'
        "  2.5.G1:\n    status: met\n    evidence:\n      - title: Fidelity evaluation\n"
        "        url: https://example.gov.uk/fidelity\n        kind: evaluation\n        date: 2025-04-01\n"
        "programmes:\n"
        "  - name: Incredible Years Preschool\n"
        "    guidebook: https://guidebook.foundations.org.uk/programme/incredible-years-preschool\n"
        '    evidence_rating: "4+"\n    cost_rating: 2\n    rating_read_on: 2025-06-01\n'
        "    delivered_by: [North Hub]\n"
        "  - name: Mellow Babies\n"
        "    guidebook: https://guidebook.foundations.org.uk/programme/mellow-babies\n"
        '    evidence_rating: "2+"\n    cost_rating: 3\n    rating_read_on: 2025-06-01\n'
        "    delivered_by: [North Hub, South Hub, East Hub, West Hub]\n"
    )
    path = tmp_path / "ev.yaml"
    path.write_text(text, encoding="utf-8")
    result = assess(path)
    verdict, warnings = item_warnings(result, "2.5.G1")
    assert verdict == "met"
    assert [w for w in warnings if "services in the programme register" in w] == [
        "1 of the 4 services in the programme register (25%) deliver a programme that counts as evidence-based; "
        "this item expects most services (50% or more)"
    ]
    half = path.read_text(encoding="utf-8").replace("East Hub, West Hub", "").replace("South Hub, ", "South Hub")
    path.write_text(half, encoding="utf-8")
    assert item_warnings(assess(path), "2.5.G1") == ("met", [])  # 1 of 2 services: 50%, most enough


def test_without_a_register_the_item_is_judged_on_its_documents(tmp_path: Path) -> None:
    text = (FIXTURES / "register.yaml").read_text(encoding="utf-8").split("programmes:")[0]
    path = tmp_path / "ev.yaml"
    path.write_text(text, encoding="utf-8")
    assert item(assess(path), "2.5.B1") == ("met", [])


def test_the_register_never_replaces_the_documents(tmp_path: Path) -> None:
    """The register is a check on cited evidence, not evidence itself: no documents, no 'met'."""
    text = (FIXTURES / "register.yaml").read_text(encoding="utf-8")
    text = text.replace(text[text.index("    evidence:"):text.index("programmes:")], "")
    path = tmp_path / "ev.yaml"
    path.write_text(text, encoding="utf-8")
    assert item(assess(path), "2.5.B1") == ("unevidenced", ["claimed met but no evidence is cited"])


# --- the check kind and the criteria -------------------------------------------------------------


def context(programmes: list[Programme] | None, item_id: str = "2.5.B1", framework: str = "2025") -> CheckContext:
    """The check's context as the engine builds it: the item's own window and cut-off."""
    catalogue = default_store().get(framework)
    window = catalogue.freshness_months(catalogue.items[item_id])
    register = None if programmes is None else tuple(programmes)
    return CheckContext(item_id, ASSESSED, window, months_before(ASSESSED, window), register, (), ())


def test_a_required_register_fails_a_file_without_one() -> None:
    params = ProgrammeRegisterParams(required=True)
    assert programme_register(context(None), params) == [
        "no programme register: this item needs the evidence-based programmes the family hubs deliver listed under "
        "programmes: (name, guidebook, evidence_rating, cost_rating, rating_read_on, delivered_by)"
    ]
    assert programme_register(context(None), ProgrammeRegisterParams()) == []


def test_the_window_is_the_items_freshness_window() -> None:
    """2.5.B1 has a 24-month window; 1.1.B2 the 36-month default, so a 30-month-old rating counts there."""
    old = [programme(rating_read_on=months_before(ASSESSED, 30))]
    assert programme_register_failures(context(old, "2.5.B1"), ProgrammeRegisterParams()) != []
    assert programme_register_failures(context(old, "1.1.B2"), ProgrammeRegisterParams()) == []
    assert programme_register(context(old, "2.5.B1"), ProgrammeRegisterParams()) == []  # a warning, never a failure


def test_notes_name_mixed_findings_of_counted_programmes() -> None:
    notes = programme_register_notes(context([programme(evidence_rating="4*")]), ProgrammeRegisterParams())
    assert notes == [
        "programme 'Incredible Years' rated 4* has mixed findings (some studies show no effect or a negative impact); "
        "counted at level 4"
    ]


@pytest.mark.parametrize("framework", ["2022", "2025"])
def test_the_criteria_declare_the_register_on_2_5_b1_and_g1(framework: str) -> None:
    catalogue = default_store().get(framework)
    declared = {i.id: list(i.checks) for i in catalogue.iter_items() if any(
        c["kind"] == "programme_register" for c in i.checks)}
    assert declared == {
        "2.5.B1": [{"kind": "programme_register", "min_rating": "3"}],
        "2.5.G1": [{"kind": "programme_register", "min_rating": "3",
                    **({"min_coverage": 50} if framework == "2025" else {})}],
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ('min_rating: "NE"', "found 'NE'; expected a threshold level, one of 2, 2+, 3, 3+, 4, 4+"),
        ("min_rating: 5", "found the number 5; expected a threshold level, one of 2, 2+, 3, 3+, 4, 4+"),
        ("count_mixed: yes", "found yes (a YAML 1.1 boolean: quote it if you mean the word)"),
        ("threshold: 3", "unknown key threshold"),
    ],
)
def test_check_parameters_are_validated_when_criteria_load(tmp_path: Path, params: str, message: str) -> None:
    source = ROOT / "criteria"
    for path in source.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "2025.yaml"
    text = target.read_text(encoding="utf-8")
    declared = '            checks: [{kind: programme_register, min_rating: "3"}]\n'
    assert text.count(declared) == 1  # 2.5.B1; 2.5.G1 also names min_coverage
    line = text[: text.index(declared)].count("\n") + 1
    target.write_text(text.replace(declared, "            checks: [{kind: programme_register, " + params + "}]\n", 1),
                      encoding="utf-8")
    with pytest.raises(CriteriaError) as caught:
        CriteriaStore(tmp_path).get("2025")
    assert message in str(caught.value)
    assert f"2025.yaml:{line}:" in str(caught.value)


def test_the_check_kind_is_registered() -> None:
    assert CHECKS["programme_register"].params is ProgrammeRegisterParams
    assert ProgrammeRegisterParams.model_validate({"min_rating": 3}).min_rating == "3"


def test_the_documented_example_is_a_valid_evidence_file() -> None:
    doc = (ROOT / "docs" / "programmes-and-directories.md").read_text(encoding="utf-8")
    example_text = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    evidence, catalogue = parse_evidence(parse(example_text, "docs-example.yaml"), default_store())
    assert catalogue.version == "2025"
    assert [p.evidence_rating for p in evidence.programmes or ()] == ["4+", "3*"]
