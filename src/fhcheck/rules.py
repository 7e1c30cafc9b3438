"""Machine checks that criteria items may declare, keyed by the name used in criteria files.

The core rules every item gets (evidence present, of a required kind, inside the
repository, unchanged since sign-off, fresh) live in :mod:`fhcheck.evaluate`. This
registry holds the extra checks an item opts into with ``checks: [{kind: ..., ...}]``;
each has a parameters model that is validated when the criteria file loads, and a pure
function that returns the reasons an item's evidence fails it (an empty list: passes).
Whether a failure blocks comes from the item's tier, never from the check.

A check may also say what a reader should know when it passes (``notes``: a programme
counted despite mixed findings, a feed's completeness). Notes never change a verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from fhcheck.programmes import ThresholdRating

if TYPE_CHECKING:
    from fhcheck.oruk import FeedAnalysis
    from fhcheck.programmes import RegisterVerdict


class Check(NamedTuple):
    """A check kind: its parameters model and the function that applies it."""

    params: type[BaseModel]
    run: Callable[[Any, BaseModel], list[str]]
    summary: str
    #: what a reader should know even when the check passes; never changes a verdict
    notes: Callable[[Any, BaseModel], list[str]] | None = None


class _Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- programme_register -------------------------------------------------------------------


class ProgrammeRegisterParams(_Params):
    """How an item judges the evidence file's programme register (:mod:`fhcheck.programmes`)."""

    #: the lowest Guidebook level that counts as evidence-based (NE never counts)
    min_rating: ThresholdRating = "3"
    #: whether a rating flagged * (mixed findings) counts at its level; it is named either way
    count_mixed: StrictBool = True
    #: whether a file without a register fails the item; by default the item is then judged
    #: on its cited documents alone, as before registers existed
    required: StrictBool = False


def _register_verdict(ctx: Any, params: ProgrammeRegisterParams) -> RegisterVerdict | None:
    from fhcheck.evaluate import months_before
    from fhcheck.programmes import Policy, judge_register

    programmes = ctx.evidence.programmes
    if programmes is None:
        return None
    window = ctx.catalogue.freshness_months(ctx.item)
    cutoff = months_before(ctx.assessed_on, window)
    return judge_register(programmes, Policy(params.min_rating, params.count_mixed), ctx.assessed_on, cutoff, window)


def programme_register(ctx: Any, params: BaseModel) -> list[str]:
    """At least one registered programme must count as evidence-based; else say why none does."""
    assert isinstance(params, ProgrammeRegisterParams)
    verdict = _register_verdict(ctx, params)
    if verdict is None:
        if params.required:
            return [
                "no programme register: this item needs the evidence-based programmes the family hubs deliver "
                "listed under programmes: (name, guidebook, evidence_rating, cost_rating, rating_read_on, delivered_by)"
            ]
        return []
    return verdict.failure_reasons


def programme_register_notes(ctx: Any, params: BaseModel) -> list[str]:
    assert isinstance(params, ProgrammeRegisterParams)
    verdict = _register_verdict(ctx, params)
    return verdict.notes if verdict is not None else []


# --- service_directory --------------------------------------------------------------------

CompletenessField = Literal["contacts", "locations", "eligibility", "age_range", "taxonomy"]


class ServiceDirectoryParams(_Params):
    """How an item judges a cited Open Referral UK ``/services`` feed (:mod:`fhcheck.oruk`)."""

    #: whether a conforming feed that lists no services still counts
    allow_empty: StrictBool = False
    #: lowest completeness (percent of services) per family-hub field; none by default:
    #: completeness is reported, and only judged where a criteria file asks for it
    min_completeness: dict[CompletenessField, Annotated[float, Field(ge=0, le=100)]] = Field(default_factory=dict)


def _feeds(ctx: Any) -> list[tuple[str, FeedAnalysis]]:
    """The item's cited feeds that the documents stage analysed, with their paths.

    Only a document that was analysed as a feed carries an analysis, so an item citing no
    feed never imports the ORUK module.
    """
    found = []
    for index, cited in enumerate(ctx.entry.evidence):
        fact = ctx.facts.get((ctx.item.id, index))
        if fact is not None and fact.analysis is not None:
            from fhcheck.oruk import FeedAnalysis

            if isinstance(fact.analysis, FeedAnalysis):
                found.append((cited.path, fact.analysis))
    return found


def service_directory(ctx: Any, params: BaseModel) -> list[str]:
    """Every cited feed must conform and list services; a feed that does not, fails the item."""
    assert isinstance(params, ServiceDirectoryParams)
    reasons = []
    for path, analysis in _feeds(ctx):
        label = f"service directory feed {path!r}"
        problems = analysis.problems
        if problems:
            shown = "; ".join(str(p) for p in problems[:3])
            more = f"; and {len(problems) - 3} more ('fhcheck feed' lists them all)" if len(problems) > 3 else ""
            reasons.append(f"{label} does not conform to {analysis.standard} ({len(problems)} problems): {shown}{more}")
            continue
        if analysis.services == 0 and not params.allow_empty:
            reasons.append(f"{label} lists no services; expected the services a family can be directed to")
            continue
        for field, minimum in params.min_completeness.items():
            entry = analysis.completeness_of(field)
            if entry.percent is not None and entry.percent < minimum:
                reasons.append(
                    f"{label}: {field} is {entry.percent:g}% complete ({entry.present} of {entry.total} services); "
                    f"this item expects at least {minimum:g}%"
                )
    return reasons


def service_directory_notes(ctx: Any, params: BaseModel) -> list[str]:
    return [f"service directory feed {path!r} {analysis.summary()}" for path, analysis in _feeds(ctx)]


#: Every check kind by the name criteria files use. Unknown names fail when criteria load.
CHECKS: dict[str, Check] = {
    "programme_register": Check(
        ProgrammeRegisterParams,
        programme_register,
        "the programme register must list a programme rated min_rating or above on the Foundations Guidebook, "
        "with its rating read within the item's window and delivered by a service",
        programme_register_notes,
    ),
    "service_directory": Check(
        ServiceDirectoryParams,
        service_directory,
        "a cited Open Referral UK /services feed (saved JSON) must conform to ORUK 3.0 and list services",
        service_directory_notes,
    ),
}
