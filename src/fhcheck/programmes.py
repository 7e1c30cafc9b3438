"""The programme register: which evidence-based programmes a local authority delivers.

Framework items 2.5.B1 and 2.5.G1 ask for "evidence-based programmes and interventions".
An evidence file may list the programmes it delivers under a top-level ``programmes:``
key, each with the rating the Foundations Guidebook gives it, so that the rules engine can
judge the claim instead of trusting it::

    programmes:
      - name: Incredible Years Preschool
        guidebook: https://guidebook.foundations.org.uk/programme/incredible-years-preschool
        evidence_rating: "4+"        # 2, 2+, 3, 3+, 4, 4+, NL2 or NE; a trailing * = mixed findings
        cost_rating: 2               # 1 (low) .. 5 (high); null where the Guidebook gives none
        rating_read_on: 2025-06-01   # when the rating was read from the Guidebook
        delivered_by: [Northtown Family Hub, Southtown Family Hub]

This module owns the models, the rating scale and its meanings (from the Foundations
planning framework, ``criteria/sources/planning-framework.txt``), and :func:`judge`, the
pure decision whether one programme counts as evidence-based for a threshold. The check
kind that criteria declare (``programme_register``) lives in :mod:`fhcheck.rules`.

Decisions:

- The scale, lowest first, is NL2 < 2 < 2+ < 3 < 3+ < 4 < 4+. ``NL2`` ("not level 2") is
  below level 2. ``NE`` (no effect, or a negative one) is off the scale: it never counts,
  whatever the threshold.
- The ``*`` flag (mixed findings: positive studies alongside studies that on balance show
  no effect or a negative one) does not lower the level: by default a ``3*`` programme
  counts at level 3, and is named in a note. A check may set ``count_mixed: false`` to
  refuse flagged programmes.
- Cost ratings are reported, never judged: nothing here reads them to decide anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any, NamedTuple

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from fhcheck.describe import describe
from fhcheck.fields import Date, Text

#: The Guidebook's evidence levels, lowest first. ``NE`` is deliberately not on the scale.
SCALE: tuple[str, ...] = ("NL2", "2", "2+", "3", "3+", "4", "4+")
NO_EFFECT = "NE"
MIXED = "*"
#: Levels a threshold may name (a threshold of NL2 or NE would make every rating count).
THRESHOLDS: tuple[str, ...] = ("2", "2+", "3", "3+", "4", "4+")

#: What each rating means, in the words of the Foundations planning framework (NL2 and NE,
#: which it does not define, as the Guidebook uses them).
MEANINGS: dict[str, str] = {
    "NL2": "not level 2: the evidence does not yet meet the level 2 standard",
    "2": "preliminary evidence of improving a child outcome, but not yet of causal impact",
    "2+": "meets level 2; the best study is more rigorous than level 2 but not level 3",
    "3": "evidence of a short-term positive impact from at least one rigorous study",
    "3+": "meets level 3, with further comparison-group studies at level 2 or higher",
    "4": "evidence of a long-term positive impact through at least two rigorous studies",
    "4+": "meets level 4, with a third study and at least one study independent of the provider",
    "NE": "no effect: the best evidence shows no effect or a negative impact",
}
#: Short forms for reasons, e.g. "rated NE (no effect)".
SHORT: dict[str, str] = {
    "NL2": "not level 2",
    "2": "preliminary evidence",
    "2+": "preliminary evidence, more rigorous study",
    "3": "short-term impact, one rigorous study",
    "3+": "short-term impact, further studies",
    "4": "long-term impact, two rigorous studies",
    "4+": "long-term impact, independent study",
    "NE": "no effect",
}
MIXED_MEANING = (
    "mixed findings: studies suggesting positive impact alongside studies that, on balance, "
    "indicate no effect or a negative impact"
)
#: Foundations cost ratings (estimated unit cost of set-up and delivery).
COST_MEANINGS: dict[int | None, str] = {
    1: "low cost (unit cost under £100)",
    2: "medium-low cost (£100–£499)",
    3: "medium cost (£500–£999)",
    4: "medium-high cost (£1,000–£2,000)",
    5: "high cost (over £2,000)",
    None: "not applicable, not available or not calculated",
}
COST_SHORT: dict[int | None, str] = {
    1: "1 (under £100)",
    2: "2 (£100–£499)",
    3: "3 (£500–£999)",
    4: "4 (£1,000–£2,000)",
    5: "5 (over £2,000)",
    None: "not rated",
}

_RATING_TEXT = re.compile(r"^(NL2|NE|[234]\+?)(\*?)$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
RATING_EXPECTED = (
    "an evidence rating as the Foundations Guidebook gives it: 2, 2+, 3, 3+, 4, 4+, NL2 or NE, "
    "optionally followed by * for mixed findings (quote it, e.g. \"3+\")"
)


class Rating(NamedTuple):
    """A parsed Guidebook evidence rating: a level and the mixed-findings flag."""

    level: str
    mixed: bool = False

    @classmethod
    def parse(cls, text: str) -> Rating:
        match = _RATING_TEXT.match(text)
        if match is None:
            raise ValueError(f"found {describe(text)}; expected {RATING_EXPECTED}")
        return cls(match.group(1), bool(match.group(2)))

    @property
    def no_effect(self) -> bool:
        return self.level == NO_EFFECT

    @property
    def rank(self) -> int | None:
        """Position on the scale (NL2 = 0 .. 4+ = 6); None for NE, which is off the scale."""
        return None if self.no_effect else SCALE.index(self.level)

    @property
    def meaning(self) -> str:
        return MEANINGS[self.level] + (f"; {MIXED_MEANING}" if self.mixed else "")

    @property
    def short(self) -> str:
        return SHORT[self.level] + (", mixed findings" if self.mixed else "")

    def at_least(self, threshold: str) -> bool:
        rank = self.rank
        return rank is not None and rank >= SCALE.index(threshold)

    def __str__(self) -> str:
        return self.level + (MIXED if self.mixed else "")


# --- validators: the evidence file's conventions (nothing converted silently) -------------


def _as_rating(value: Any) -> str:
    """YAML reads ``3`` as a number: the whole numbers 2, 3 and 4 are taken as their text."""
    if isinstance(value, int) and not isinstance(value, bool) and value in (2, 3, 4):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"found {describe(value)}; expected {RATING_EXPECTED}")
    return str(Rating.parse(value))


def _as_threshold(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value in (2, 3, 4):
        value = str(value)
    if not isinstance(value, str) or value not in THRESHOLDS:
        raise ValueError(f"found {describe(value)}; expected a threshold level, one of {', '.join(THRESHOLDS)}")
    return value


def _as_cost(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError(
            f"found {describe(value)}; expected a Foundations cost rating, a whole number 1 to 5 "
            "(or null where the Guidebook gives none)"
        )
    return value




EvidenceRating = Annotated[str, BeforeValidator(_as_rating)]
ThresholdRating = Annotated[str, BeforeValidator(_as_threshold)]
CostRating = Annotated[int | None, BeforeValidator(_as_cost)]


class Programme(BaseModel):
    """One programme or intervention the family hubs deliver, as the Guidebook rates it."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=False)

    name: Text
    guidebook: Text = Field(description="the programme's Foundations Guidebook page")
    evidence_rating: EvidenceRating
    cost_rating: CostRating = Field(description="Foundations cost rating 1-5; null where the Guidebook gives none")
    rating_read_on: Date = Field(description="when the ratings were read from the Guidebook")
    delivered_by: tuple[Text, ...] = Field(default=(), description="the services that deliver it")
    note: Text | None = None

    @field_validator("guidebook")
    @classmethod
    def _url_shape(cls, value: str) -> str:
        if not _URL.match(value):
            raise ValueError(f"found {value!r}; expected the Guidebook page's web address starting https://")
        return value

    @property
    def rating(self) -> Rating:
        return Rating.parse(self.evidence_rating)

    @property
    def cost_meaning(self) -> str:
        return COST_MEANINGS[self.cost_rating]

    @property
    def cost_short(self) -> str:
        return COST_SHORT[self.cost_rating]


def _unique_names(programmes: tuple[Programme, ...]) -> tuple[Programme, ...]:
    seen: dict[str, int] = {}
    for number, programme in enumerate(programmes, start=1):
        key = programme.name.strip().casefold()
        if key in seen:
            raise ValueError(
                f"programme {programme.name!r} is listed twice (entries {seen[key]} and {number}); "
                "expected each programme once, with every service that delivers it under delivered_by"
            )
        seen[key] = number
    return programmes


#: The ``programmes:`` key of an evidence file: absent (None) when the file keeps no register.
Programmes = Annotated[tuple[Programme, ...], AfterValidator(_unique_names)]


# --- judging -------------------------------------------------------------------------------


class Policy(NamedTuple):
    """What counts as evidence-based for an item: the criteria's choice, not the code's."""

    min_rating: str = "3"
    count_mixed: bool = True


class Standing(NamedTuple):
    """Whether one programme counts as evidence-based, and why (or why not)."""

    programme: Programme
    counts: bool
    #: why it does not count (empty when it counts)
    reasons: tuple[str, ...]
    #: what a reader should know even when it counts (mixed findings)
    notes: tuple[str, ...]
    #: the same, short, for a table row that already names the programme
    brief: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """One line for tables."""
        return "; ".join(self.brief)


def judge(programme: Programme, policy: Policy, assessed_on: dt.date, cutoff: dt.date, window: int) -> Standing:
    """Whether ``programme`` counts as evidence-based for ``policy`` on ``assessed_on``.

    It counts when its rating is at or above the threshold (NE never is), the rating was
    read within the freshness window (on or after ``cutoff``, not after the assessment),
    and at least one service delivers it. Every failing condition is named.
    """
    name = programme.name
    rating = programme.rating
    reasons: list[str] = []
    notes: list[str] = []
    brief: list[str] = []
    if rating.no_effect:
        reasons.append(f"programme {name!r} rated {rating} ({rating.short}) does not count as evidence-based")
        brief.append(f"{rating.level}: {rating.short}, never counts")
    elif not rating.at_least(policy.min_rating):
        reasons.append(
            f"programme {name!r} rated {rating} ({rating.short}) is below level {policy.min_rating}, "
            "the level this item counts as evidence-based"
        )
        brief.append(f"below level {policy.min_rating}")
    elif rating.mixed and not policy.count_mixed:
        reasons.append(
            f"programme {name!r} rated {rating} has mixed findings, which this item does not count as evidence-based"
        )
        brief.append("mixed findings (*), not counted here")
    elif rating.mixed:
        notes.append(
            f"programme {name!r} rated {rating} has mixed findings (some studies show no effect or a negative "
            f"impact); counted at level {rating.level}"
        )
        brief.append(f"mixed findings (*), accepted at level {rating.level}")
    read_on = programme.rating_read_on
    if read_on > assessed_on:
        reasons.append(
            f"rating of {name!r} read on {read_on.isoformat()} is after the assessment date {assessed_on.isoformat()}"
        )
        brief.append("read after the assessment date")
    elif read_on < cutoff:
        reasons.append(
            f"rating of {name!r} read on {read_on.isoformat()} is older than the {window}-month window "
            f"(re-read it on the Guidebook; ratings must be read on or after {cutoff.isoformat()})"
        )
        brief.append(f"rating older than the {window}-month window")
    if not programme.delivered_by:
        reasons.append(f"programme {name!r} is not delivered by any service (delivered_by is empty)")
        brief.append("not delivered by any service")
    if not brief:
        brief.append(f"level {rating.level}, at or above {policy.min_rating}")
    return Standing(programme, not reasons, tuple(reasons), tuple(notes), tuple(brief))


class Coverage(NamedTuple):
    """How many of the services the register names deliver a programme that counts."""

    delivering: int
    services: int

    @property
    def percent(self) -> float:
        return round(100 * self.delivering / self.services, 1)


class RegisterVerdict(NamedTuple):
    """The register judged for one item: satisfied when at least one programme counts."""

    standings: tuple[Standing, ...]
    policy: Policy
    window: int
    cutoff: dt.date

    @property
    def counting(self) -> tuple[Standing, ...]:
        return tuple(s for s in self.standings if s.counts)

    @property
    def satisfied(self) -> bool:
        return bool(self.counting)

    @property
    def failure_reasons(self) -> list[str]:
        """Empty when satisfied; else a headline and, for every programme, why it does not count."""
        if self.satisfied:
            return []
        if not self.standings:
            return ["the programme register (programmes:) lists no programmes; expected the evidence-based "
                    "programmes the family hubs deliver"]
        headline = (
            f"no programme in the register counts as evidence-based (rated {self.policy.min_rating} or above, "
            f"rating read within the {self.window}-month window, delivered by a service)"
        )
        return [headline] + [reason for s in self.standings for reason in s.reasons]

    @property
    def notes(self) -> list[str]:
        return [note for s in self.standings for note in s.notes]

    @property
    def coverage(self) -> Coverage | None:
        """Services (by ``delivered_by`` name) delivering a counting programme; None if none is named."""
        named = {service for s in self.standings for service in s.programme.delivered_by}
        if not named:
            return None
        delivering = {service for s in self.standings if s.counts for service in s.programme.delivered_by}
        return Coverage(len(delivering), len(named))


def judge_register(
    programmes: Sequence[Programme], policy: Policy, assessed_on: dt.date, cutoff: dt.date, window: int
) -> RegisterVerdict:
    standings = tuple(judge(p, policy, assessed_on, cutoff, window) for p in programmes)
    return RegisterVerdict(standings, policy, window, cutoff)
