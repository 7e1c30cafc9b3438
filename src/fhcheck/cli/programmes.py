"""``fhcheck programmes`` and ``fhcheck feed``: the programme register and a saved ORUK feed.

``programmes FILE`` shows an evidence file's programme register as the rules engine judges
it for the items whose criteria declare a ``programme_register`` check: each programme's
Guidebook rating and what it means, its cost rating (reported, never judged), when the
rating was read, who delivers it, and whether it counts as evidence-based and why.

``feed FEED.json...`` checks a saved Open Referral UK ``/services`` response offline (1.0 or
3.0; one page, a bare array, several pages or a folder of them): the version found and why,
conformance problems at their JSON paths, warnings, completeness per family-hub field, how
recently records were assured and which ages 0-25 no service covers.
It exits 0 when the feed conforms, 1 when it does not, 2 when it cannot be read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from fhcheck.cli.exitcodes import BELOW_THRESHOLD, OK
from fhcheck.cli.shared import Quiet

if TYPE_CHECKING:
    from fhcheck.catalogue import Catalogue
    from fhcheck.evidence import EvidenceFile
    from fhcheck.oruk import FeedAnalysis
    from fhcheck.programmes import RegisterVerdict

FORMATS = ("table", "json")


def register(app: typer.Typer) -> None:
    app.command("programmes")(programmes)
    app.command("feed")(feed)


def _format(value: str) -> str:
    from fhcheck.errors import UsageError

    if value not in FORMATS:
        raise UsageError(f"unknown format {value!r}; expected one of {', '.join(FORMATS)}")
    return value


# --- fhcheck programmes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """The register judged one way, and the items that judge it so."""

    items: tuple[str, ...]
    verdict: RegisterVerdict


def judgements(evidence: EvidenceFile, catalogue: Catalogue, min_rating: str | None) -> list[Judgement]:
    """One judgement per distinct way the framework's items judge the register (usually one).

    Each is the ``programme_register`` check's own judgement
    (:func:`fhcheck.checks.programme_register.register_verdict`, which the assessment uses
    too), so this command never disagrees with ``assess``. Items with the same threshold,
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


def programmes(
    file: Path = typer.Argument(..., metavar="FILE", help="An evidence file with a programmes: register."),
    min_rating: str | None = typer.Option(
        None, "--min-rating", metavar="LEVEL",
        help="Judge against this Guidebook level (2, 2+, 3, 3+, 4, 4+) instead of the criteria's.",
    ),
    fmt: str = typer.Option("table", "--format", "-F", metavar="FORMAT", help="table (default) or json."),
    color: bool | None = typer.Option(None, "--color/--no-color", help="Force colour on or off."),
    quiet: Quiet = False,
) -> int:
    """The programme register of an evidence file, and whether each programme counts as evidence-based."""
    from fhcheck.catalogue import default_store
    from fhcheck.errors import UsageError
    from fhcheck.evidence import parse_evidence
    from fhcheck.load import load
    from fhcheck.programmes import THRESHOLDS

    _format(fmt)
    if min_rating is not None and min_rating not in THRESHOLDS:
        raise UsageError(f"unknown level {min_rating!r} for --min-rating; expected one of {', '.join(THRESHOLDS)}")
    evidence, catalogue = parse_evidence(load(file, str(file)), default_store())
    judged = judgements(evidence, catalogue, min_rating)
    if fmt == "json":
        typer.echo(json.dumps(_register_json(str(file), evidence, catalogue, judged), indent=2, ensure_ascii=False))
    else:
        _print_register(str(file), evidence, catalogue, judged, color)
    return OK


def _register_json(file: str, evidence: EvidenceFile, catalogue: Catalogue, judged: list[Judgement]) -> dict[str, Any]:
    register = evidence.programmes or ()
    return {
        "file": file,
        "framework": catalogue.version,
        "local_authority": evidence.local_authority,
        "assessed_on": evidence.assessed_on.isoformat(),
        "register": evidence.programmes is not None,
        "programmes": [
            {
                "name": p.name,
                "guidebook": p.guidebook,
                "evidence_rating": p.evidence_rating,
                "level": p.rating.level,
                "mixed_findings": p.rating.mixed,
                "meaning": p.rating.meaning,
                "cost_rating": p.cost_rating,
                "cost_meaning": p.cost_meaning,
                "rating_read_on": p.rating_read_on.isoformat(),
                "delivered_by": list(p.delivered_by),
            }
            for p in register
        ],
        "judgements": [
            {
                "items": list(j.items),
                "min_rating": j.verdict.policy.min_rating,
                "count_mixed": j.verdict.policy.count_mixed,
                "freshness_months": j.verdict.window,
                "read_on_or_after": j.verdict.cutoff.isoformat(),
                "satisfied": j.verdict.satisfied,
                "programmes": [
                    {
                        "name": s.programme.name,
                        "evidence_based": s.counts,
                        "reasons": list(s.reasons),
                        "notes": list(s.notes),
                    }
                    for s in j.verdict.standings
                ],
            }
            for j in judged
        ],
    }


def _print_register(
    file: str, evidence: EvidenceFile, catalogue: Catalogue, judged: list[Judgement], color: bool | None
) -> None:
    from rich.table import Table

    from fhcheck.cli.shared import console
    from fhcheck.programmes import MEANINGS, MIXED_MEANING, NO_EFFECT, SCALE
    from fhcheck.safe_text import rich_text as escape

    out = console(color)
    out.print(
        f"[bold]Programme register[/bold] — {escape(evidence.local_authority)}, assessed on "
        f"{evidence.assessed_on.isoformat()} (framework {catalogue.version}, {escape(file)})"
    )
    if evidence.programmes is None:
        out.print("No programme register: the file has no programmes: list. Items judge their cited documents alone.")
        return
    if not evidence.programmes:
        out.print("The programme register (programmes:) lists no programmes.")
    for judgement in judged:
        verdict = judgement.verdict
        policy = verdict.policy
        items = ", ".join(judgement.items) or "no item of this framework (defaults shown)"
        out.print(
            f"Evidence-based for {items}: rated {policy.min_rating} or above"
            f"{'' if policy.count_mixed else ' without mixed findings (*)'}, rating read on or after "
            f"{verdict.cutoff.isoformat()} ({verdict.window}-month window), delivered by a service. "
            "Cost ratings are reported, never judged."
        )
        if not verdict.standings:
            continue
        table = Table(expand=True, show_lines=False)
        table.add_column("Programme", ratio=3)
        table.add_column("Rating", no_wrap=True)
        table.add_column("Meaning", ratio=3)
        table.add_column("Cost rating", no_wrap=True)
        table.add_column("Read on", no_wrap=True)
        table.add_column("Delivered by", ratio=3)
        table.add_column("Evidence-based", no_wrap=True)
        table.add_column("Why", ratio=4)
        for standing in verdict.standings:
            p = standing.programme
            table.add_row(
                escape(p.name),
                escape(p.evidence_rating),
                escape(p.rating.short),
                escape(p.cost_short),
                _read_on(p.rating_read_on, verdict.cutoff, evidence.assessed_on),
                escape(", ".join(p.delivered_by)) or "[red]none[/red]",
                "[green]yes[/green]" if standing.counts else "[red]no[/red]",
                escape(standing.why),
            )
        out.print(table)
        counted = len(verdict.counting)
        summary = f"{counted} of {len(verdict.standings)} programmes count as evidence-based"
        out.print(summary + ("" if verdict.satisfied else f"; {items} cannot be met on this register."))
    ratings = {p.rating for p in evidence.programmes}
    levels = [level for level in (*SCALE, NO_EFFECT) if any(r.level == level for r in ratings)]
    if levels:
        out.print("Guidebook ratings:")
        for level in levels:
            out.print(f"  {level}: {MEANINGS[level]}")
        if any(r.mixed for r in ratings):
            out.print(f"  *: {MIXED_MEANING}")


def _read_on(day: dt.date, cutoff: dt.date, assessed_on: dt.date) -> str:
    text = day.isoformat()
    return f"[red]{text}[/red]" if day < cutoff or day > assessed_on else text


# --- fhcheck feed ---------------------------------------------------------------------------


def feed(
    paths: list[Path] = typer.Argument(
        ..., metavar="FEED.json...",
        help="A saved Open Referral UK /services response (1.0 or 3.0): one page, a bare array of services, "
        "several page files, or a folder of them.",
    ),
    fmt: str = typer.Option("table", "--format", "-F", metavar="FORMAT", help="table (default) or json."),
    max_problems: int = typer.Option(50, "--max-problems", min=1, help="List at most this many problems."),
    assessed_on: str | None = typer.Option(
        None, "--assessed-on", metavar="YYYY-MM-DD", help="Count assured_date from this day (default: today)."
    ),
    color: bool | None = typer.Option(None, "--color/--no-color", help="Force colour on or off."),
    quiet: Quiet = False,
) -> int:
    """Check a saved Open Referral UK /services response offline: version, conformance and completeness."""
    from fhcheck.oruk import analyse_pages
    from fhcheck.references import read_feed

    _format(fmt)
    day = _day(assessed_on)
    files = _feed_files(paths)
    label = str(paths[0]) if len(paths) == 1 else ", ".join(str(p) for p in paths)
    pages = [("" if len(files) == 1 else f"{file.name}:", read_feed(file, str(file))) for file in files]
    analysis = analyse_pages(pages, day)
    if fmt == "json":
        typer.echo(json.dumps(_feed_json(label, analysis), indent=2, ensure_ascii=False))
    else:
        _print_feed(label, analysis, max_problems, color)
    return OK if analysis.conforms else BELOW_THRESHOLD


def _day(text: str | None) -> dt.date:
    from fhcheck.errors import UsageError

    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--assessed-on {text!r} is not a date; expected YYYY-MM-DD") from None


def _feed_files(paths: list[Path]) -> list[Path]:
    """The files given, with a folder standing for the .json files in it, in name order."""
    from fhcheck.errors import InputError, Location

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith("."))
            if not found:
                raise InputError.at(Location(str(path)), "folder holds no .json files; expected saved /services pages")
            files.extend(found)
        else:
            files.append(path)
    return files


def _feed_json(file: str, analysis: FeedAnalysis) -> dict[str, Any]:
    assurance = analysis.assurance
    return {
        "file": file,
        "standard": analysis.standard,
        "detected": analysis.detected,
        "shape": analysis.shape,
        "conforms": analysis.conforms,
        "services": analysis.services,
        "total_items": analysis.total_items,
        "page_number": analysis.page_number,
        "total_pages": analysis.total_pages,
        "problems": [{"path": p.path, "message": p.message} for p in analysis.problems],
        "warnings": [{"path": w.path, "message": w.message} for w in analysis.warnings],
        "completeness": [
            {"field": c.field, "percent": c.percent, "present": c.present, "total": c.total, "shown": c.shown}
            for c in analysis.completeness
        ],
        "assured": None if assurance is None else {
            "within_3_months": assurance.within_3_months, "within_12_months": assurance.within_12_months,
            "dated": assurance.dated, "total": assurance.total,
        },
        "ages_uncovered": list(analysis.ages_uncovered) if analysis.ages_stated else None,
    }


def _print_feed(file: str, analysis: FeedAnalysis, max_problems: int, color: bool | None) -> None:
    from rich.table import Table

    from fhcheck.cli.shared import console
    from fhcheck.oruk import FIELDS
    from fhcheck.safe_text import rich_text as escape

    out = console(color)
    if analysis.conforms:
        out.print(
            f"{escape(file)}: [green]conforms[/green] to {analysis.standard} ({analysis.services} services)",
            soft_wrap=True,
        )
    else:
        out.print(
            f"{escape(file)}: [red]does not conform[/red] to {analysis.standard} "
            f"({len(analysis.problems)} problems, {analysis.services} services)",
            soft_wrap=True,
        )
    out.print(f"  read as {analysis.standard}: {escape(analysis.detected)}; saved as {analysis.shape}", soft_wrap=True)
    if analysis.assurance is not None:
        out.print(f"  {analysis.assurance}", soft_wrap=True)
    out.print(f"  {analysis.age_coverage()}", soft_wrap=True)
    for problem in analysis.problems[:max_problems]:
        out.print(f"  {escape(file)}: {escape(str(problem))}", soft_wrap=True)
    hidden = len(analysis.problems) - max_problems
    if hidden > 0:
        out.print(f"  ... and {hidden} more problems (raise --max-problems to list them)", soft_wrap=True)
    for warning in analysis.warnings:
        out.print(f"  [yellow]warning[/yellow] {escape(file)}: {escape(str(warning))}", soft_wrap=True)
    table = Table(title="Completeness of the fields family hubs need", title_justify="left", expand=False)
    table.add_column("Field")
    table.add_column("Complete", justify="right")
    table.add_column("Services", justify="right")
    table.add_column("Counted as present")
    for entry in analysis.completeness:
        percent = entry.percent
        table.add_row(
            entry.field,
            "not shown" if not entry.shown and entry.total else "n/a" if percent is None else f"{percent:g}%",
            f"{entry.present}/{entry.total}",
            escape(FIELDS[entry.field]),
        )
    out.print(table)
