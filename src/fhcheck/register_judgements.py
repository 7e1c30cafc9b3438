"""The programme register judged as the framework's items judge it, for ``fhcheck programmes``.

Every judgement is the ``programme_register`` check's own
(:func:`fhcheck.checks.programme_register.register_verdict`), grouped by the items that
judge alike; it lives above the catalogue and the checks because it reads both (a check
may not import the catalogue: checks are imported while criteria load).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from fhcheck.catalogue import Catalogue
    from fhcheck.evidence import EvidenceFile
    from fhcheck.programmes import RegisterVerdict


class Judgement(NamedTuple):
    """The register judged one way, and the items that judge it so."""

    items: tuple[str, ...]
    verdict: RegisterVerdict


def judgements(evidence: EvidenceFile, catalogue: Catalogue, min_rating: str | None) -> list[Judgement]:
    """One judgement per distinct way the framework's items judge the register (usually one).

    Each is the ``programme_register`` check's own judgement
    (:func:`fhcheck.checks.programme_register.register_verdict`, which the assessment
    uses too), so this command never disagrees with ``assess``. Items with the same threshold,
    mixed-findings rule and freshness window share a judgement. Where no item declares the
    check, the register is judged with the defaults (level 3, the framework's default
    window) so the table still says something useful.
    """
    from fhcheck.checks import CheckContext
    from fhcheck.checks.programme_register import ProgrammeRegisterParams, register_verdict
    from fhcheck.dates import months_before

    override = {"min_rating": min_rating} if min_rating is not None else {}
    groups: dict[tuple[str, bool, int], tuple[ProgrammeRegisterParams, list[str]]] = {}
    for item in catalogue.iter_items():
        for check, declared in catalogue.checks_of(item):
            if check.name != "programme_register":
                continue
            assert isinstance(declared, ProgrammeRegisterParams)
            params = declared.model_copy(update=override)
            window = catalogue.freshness_months(item)
            groups.setdefault((params.min_rating, params.count_mixed, window), (params, []))[1].append(item.id)
    if not groups:
        params = ProgrammeRegisterParams().model_copy(update=override)
        groups[(params.min_rating, params.count_mixed, catalogue.spec.defaults.freshness_months)] = (params, [])
    programmes = evidence.programmes or ()
    result = []
    for (_, _, window), (params, items) in groups.items():
        cutoff = months_before(evidence.assessed_on, window)
        ctx = CheckContext("", evidence.assessed_on, window, cutoff, programmes, (), ())
        verdict = register_verdict(ctx, params)
        assert verdict is not None  # a register is always given: an absent one is judged as empty
        result.append(Judgement(tuple(items), verdict))
    return result
