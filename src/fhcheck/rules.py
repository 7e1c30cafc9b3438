"""Machine checks that criteria items may declare, keyed by the name used in criteria files.

The core rules every item gets (evidence present, of a required kind, inside the
repository, unchanged since sign-off, fresh) live in :mod:`fhcheck.evaluate`. This
registry holds the extra checks an item opts into with ``checks: [{kind: ..., ...}]``;
each has a parameters model that is validated when the criteria file loads, and pure
functions over the item's evidence.

A machine check never lowers a verdict that other evidence earned. So a check judges in
one of two ways:

- ``entry``: why one cited entry cannot count (a feed that does not conform). Such an entry
  is passed over like an unreadable document; it decides the verdict only when no other
  entry carries the item, and is otherwise a warning on the item.
- ``run``: why the item fails whatever is cited. Only conditions that adding evidence can
  lift belong here (a register the item requires and the file lacks), so adding an evidence
  entry or a register entry can never lower a verdict.

What a reader should know is in ``notes`` (warnings on a met item: a register where nothing
counts, a feed's completeness). Notes never change a verdict.
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
    #: why the item fails whatever is cited; only conditions that more evidence can lift
    run: Callable[[Any, BaseModel], list[str]]
    summary: str
    #: what a reader should know even when the check passes; never changes a verdict
    notes: Callable[[Any, BaseModel], list[str]] | None = None
    #: why the cited entry at this index cannot count (empty: it may)
    entry: Callable[[Any, BaseModel, int], list[str]] | None = None


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
    #: the share (percent) of the services named in the register that should deliver a
    #: programme that counts (2.5.G1: "delivered with fidelity across most services");
    #: below it is a warning. None: coverage is not judged.
    min_coverage: Annotated[float, Field(ge=0, le=100)] | None = None


def _register_verdict(ctx: Any, params: ProgrammeRegisterParams) -> RegisterVerdict | None:
    from fhcheck.dates import months_before
    from fhcheck.programmes import Policy, judge_register

    programmes = ctx.evidence.programmes
    if programmes is None:
        return None
    window = ctx.catalogue.freshness_months(ctx.item)
    cutoff = months_before(ctx.assessed_on, window)
    return judge_register(programmes, Policy(params.min_rating, params.count_mixed), ctx.assessed_on, cutoff, window)


def programme_register(ctx: Any, params: BaseModel) -> list[str]:
    """Fails the item only when it requires a register and the file keeps none.

    A register whose programmes do not count is a warning (:func:`programme_register_notes`):
    an item "with a commitment to increase this" must never be better off with no register
    than with an honest one.
    """
    assert isinstance(params, ProgrammeRegisterParams)
    if params.required and ctx.evidence.programmes is None:
        return [
            "no programme register: this item needs the evidence-based programmes the family hubs deliver "
            "listed under programmes: (name, guidebook, evidence_rating, cost_rating, rating_read_on, delivered_by)"
        ]
    return []


def programme_register_failures(ctx: Any, params: ProgrammeRegisterParams) -> list[str]:
    """Why no registered programme counts (empty when one does, or when there is no register)."""
    verdict = _register_verdict(ctx, params)
    return verdict.failure_reasons if verdict is not None else []


def programme_register_notes(ctx: Any, params: BaseModel) -> list[str]:
    """Warnings: nothing counts (and why), coverage below ``min_coverage``, mixed findings."""
    assert isinstance(params, ProgrammeRegisterParams)
    verdict = _register_verdict(ctx, params)
    if verdict is None:
        return []
    warnings = list(verdict.failure_reasons)
    if params.min_coverage is not None:
        coverage = verdict.coverage
        if coverage is not None and coverage.percent < params.min_coverage:
            warnings.append(
                f"{coverage.delivering} of the {coverage.services} services in the programme register "
                f"({coverage.percent:g}%) deliver a programme that counts as evidence-based; this item expects "
                f"most services ({params.min_coverage:g}% or more)"
            )
    return warnings + verdict.notes


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


def _feed_of(ctx: Any, index: int) -> FeedAnalysis | None:
    fact = ctx.facts.get((ctx.item.id, index))
    if fact is None or fact.analysis is None:
        return None
    from fhcheck.oruk import FeedAnalysis

    return fact.analysis if isinstance(fact.analysis, FeedAnalysis) else None


def feed_failures(path: str, analysis: FeedAnalysis, params: ServiceDirectoryParams) -> list[str]:
    """Why one analysed feed cannot count for the item (empty: it can)."""
    label = f"service directory feed {path!r}"
    problems = analysis.problems
    if problems:
        shown = "; ".join(str(p) for p in problems[:3])
        more = f"; and {len(problems) - 3} more ('fhcheck feed {path}' lists them all)" if len(problems) > 3 else ""
        return [f"{label} does not conform to {analysis.standard} ({len(problems)} problems): {shown}{more}"]
    if analysis.services == 0 and not params.allow_empty:
        return [f"{label} lists no services; expected the services a family can be directed to"]
    reasons = []
    for field, minimum in params.min_completeness.items():
        entry = analysis.completeness_of(field)
        if entry.percent is not None and entry.percent < minimum:
            reasons.append(
                f"{label}: {field} is {entry.percent:g}% complete ({entry.present} of {entry.total} services); "
                f"this item expects at least {minimum:g}%"
            )
    return reasons


def service_directory(ctx: Any, params: BaseModel) -> list[str]:
    """Nothing fails the whole item: a feed is judged as one cited entry (:func:`service_directory_entry`)."""
    return []


def service_directory_entry(ctx: Any, params: BaseModel, index: int) -> list[str]:
    """A cited feed that does not conform, or lists no services, does not count as evidence."""
    assert isinstance(params, ServiceDirectoryParams)
    analysis = _feed_of(ctx, index)
    if analysis is None:
        return []
    return feed_failures(ctx.entry.evidence[index].path, analysis, params)


def service_directory_notes(ctx: Any, params: BaseModel) -> list[str]:
    """On a met item: each feed's summary, or for a feed other evidence carried, why it does not yet count."""
    assert isinstance(params, ServiceDirectoryParams)
    notes = []
    for path, analysis in _feeds(ctx):
        failures = feed_failures(path, analysis, params)
        if analysis.problems:
            notes.append(
                f"the cited feed {path!r} does not yet conform to {analysis.standard}: {len(analysis.problems)} "
                f"problems; 'fhcheck feed {path}' lists them (other evidence carries this item)"
            )
        elif failures:
            notes.extend(f"{failure} (other evidence carries this item)" for failure in failures)
        else:
            notes.append(f"service directory feed {path!r} {analysis.summary()}")
    return notes


#: Every check kind by the name criteria files use. Unknown names fail when criteria load.
CHECKS: dict[str, Check] = {
    "programme_register": Check(
        ProgrammeRegisterParams,
        programme_register,
        "the programme register must list a programme rated min_rating or above on the Foundations Guidebook, "
        "with its rating read within the item's window and delivered by a service (a warning when none does)",
        programme_register_notes,
    ),
    "service_directory": Check(
        ServiceDirectoryParams,
        service_directory,
        "a cited Open Referral UK /services feed (saved JSON, ORUK 1.0 or HSDS-UK 3.0) counts only when it conforms "
        "and lists services; beside other evidence that carries the item, a failing feed is a warning",
        service_directory_notes,
        service_directory_entry,
    ),
}
