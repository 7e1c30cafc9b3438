"""The ``programme_register`` check: the evidence file's register of evidence-based programmes.

:func:`register_verdict` is the one judgement of a register for an item; the engine's notes
and ``fhcheck programmes`` (:func:`fhcheck.register_judgements.judgements`) both call it, so the
command can never disagree with the assessment.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool

from fhcheck.checks import Check, CheckContext, Params
from fhcheck.programmes import Policy, RegisterVerdict, ThresholdRating, judge_register


class ProgrammeRegisterParams(Params):
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


def register_verdict(ctx: CheckContext, params: ProgrammeRegisterParams) -> RegisterVerdict | None:
    """The register judged for the item's window and the parameters' policy (None: no register)."""
    if ctx.programmes is None:
        return None
    policy = Policy(params.min_rating, params.count_mixed)
    return judge_register(ctx.programmes, policy, ctx.assessed_on, ctx.cutoff, ctx.window)


def programme_register(ctx: CheckContext, params: ProgrammeRegisterParams) -> list[str]:
    """Fails the item only when it requires a register and the file keeps none.

    A register whose programmes do not count is a warning (:func:`programme_register_notes`):
    an item "with a commitment to increase this" must never be better off with no register
    than with an honest one.
    """
    if params.required and ctx.programmes is None:
        return [
            "no programme register: this item needs the evidence-based programmes the family hubs deliver "
            "listed under programmes: (name, guidebook, evidence_rating, cost_rating, rating_read_on, delivered_by)"
        ]
    return []


def programme_register_failures(ctx: CheckContext, params: ProgrammeRegisterParams) -> list[str]:
    """Why no registered programme counts (empty when one does, or when there is no register)."""
    verdict = register_verdict(ctx, params)
    return verdict.failure_reasons if verdict is not None else []


def programme_register_notes(ctx: CheckContext, params: ProgrammeRegisterParams) -> list[str]:
    """Warnings: nothing counts (and why), coverage below ``min_coverage``, mixed findings."""
    verdict = register_verdict(ctx, params)
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


CHECK = Check(
    name="programme_register",
    params=ProgrammeRegisterParams,
    summary="the programme register must list a programme rated min_rating or above on the Foundations Guidebook, "
    "with its rating read within the item's window and delivered by a service (a warning when none does)",
    run=programme_register,
    notes=programme_register_notes,
)
