"""The ``service_directory`` check: a cited Open Referral UK ``/services`` feed (:mod:`fhcheck.oruk`).

Its gather step reads and analyses a saved feed during the documents phase; its judging
functions only read that analysis, so a check that cites no feed never imports the ORUK
module, and a feed cited twice is read once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StrictBool

from fhcheck.checks import Check, CheckContext, Cited, Params

if TYPE_CHECKING:
    from fhcheck.oruk import FeedAnalysis

CompletenessField = Literal["contacts", "locations", "eligibility", "age_range", "taxonomy"]


class ServiceDirectoryParams(Params):
    """How an item judges a cited Open Referral UK ``/services`` feed (:mod:`fhcheck.oruk`)."""

    #: whether a conforming feed that lists no services still counts
    allow_empty: StrictBool = False
    #: lowest completeness (percent of services) per family-hub field; none by default:
    #: completeness is reported, and only judged where a criteria file asks for it
    min_completeness: dict[CompletenessField, Annotated[float, Field(ge=0, le=100)]] = Field(default_factory=dict)


def gather_feed(cited: Cited) -> FeedAnalysis | None:
    """A saved feed (a ``service_directory`` entry whose path ends ``.json``), read and analysed offline.

    A feed that cannot be read is an analysis with one problem, so the entry does not count
    but the file is still assessed.
    """
    if cited.kind != "service_directory" or not cited.path.lower().endswith(".json"):
        return None
    from fhcheck.errors import InputError
    from fhcheck.jsonfeed import read_feed
    from fhcheck.oruk import analyse_feed, unreadable

    try:
        return analyse_feed(read_feed(cited.target, cited.path), cited.assessed_on)
    except InputError as exc:
        return unreadable(str(exc))


def _feed_of(ctx: CheckContext, index: int) -> FeedAnalysis | None:
    gathered = ctx.gathered[index]
    if gathered is None:
        return None
    from fhcheck.oruk import FeedAnalysis

    return gathered if isinstance(gathered, FeedAnalysis) else None


def _feeds(ctx: CheckContext) -> list[tuple[str, FeedAnalysis]]:
    """The item's cited feeds that the documents phase analysed, with their paths."""
    found = []
    for index, path in enumerate(ctx.paths):
        analysis = _feed_of(ctx, index)
        if analysis is not None and path is not None:
            found.append((path, analysis))
    return found


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


def service_directory_entry(ctx: CheckContext, params: ServiceDirectoryParams, index: int) -> list[str]:
    """A cited feed that does not conform, or lists no services, does not count as evidence.

    Nothing fails the whole item (the check has no ``run``): a feed is judged as one cited entry.
    """
    analysis = _feed_of(ctx, index)
    path = ctx.paths[index]
    if analysis is None or path is None:
        return []
    return feed_failures(path, analysis, params)


def service_directory_notes(ctx: CheckContext, params: ServiceDirectoryParams) -> list[str]:
    """On a met item: each feed's summary, or for a feed other evidence carried, why it does not yet count."""
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


CHECK = Check(
    name="service_directory",
    params=ServiceDirectoryParams,
    summary="a cited Open Referral UK /services feed (saved JSON, ORUK 1.0 or HSDS-UK 3.0) counts only when it "
    "conforms and lists services; beside other evidence that carries the item, a failing feed is a warning",
    entry=service_directory_entry,
    notes=service_directory_notes,
    gather=gather_feed,
)
