"""``fhcheck programmes``: an evidence file's programme register as the rules engine judges it.

What is shown is judged before rendering (:func:`fhcheck.register_judgements.judgements`) and
handed here as a :class:`~fhcheck.results.RegisterView`; these renderers only lay it out.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TYPE_CHECKING, Any

from fhcheck.report.registry import Renderer

if TYPE_CHECKING:
    from rich.console import Console

    from fhcheck.views import RegisterView


def text_console(buffer: io.StringIO, color: bool, width: int | None) -> Console:
    """A console into ``buffer`` with the settings these commands always printed with."""
    from rich.console import Console

    return Console(
        file=buffer, force_terminal=color, no_color=not color, highlight=False, soft_wrap=False, width=width or 120
    )


class RegisterJsonRenderer(Renderer):
    def render(self, value: RegisterView) -> str:
        return json.dumps(register_record(value), indent=2, ensure_ascii=False) + "\n"


class RegisterTableRenderer(Renderer):
    def render(self, value: RegisterView) -> str:
        buffer = io.StringIO()
        _print_register(text_console(buffer, self.color, self.width), value)
        return buffer.getvalue()


def register_record(view: RegisterView) -> dict[str, Any]:
    file, evidence, catalogue, judged = view
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


def _print_register(out: Console, view: RegisterView) -> None:
    from rich.table import Table

    from fhcheck.programmes import MEANINGS, MIXED_MEANING, NO_EFFECT, SCALE
    from fhcheck.safe_text import rich_text as escape

    file, evidence, catalogue, judged = view
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
                read_on(p.rating_read_on, verdict.cutoff, evidence.assessed_on),
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


def read_on(day: dt.date, cutoff: dt.date, assessed_on: dt.date) -> str:
    text = day.isoformat()
    return f"[red]{text}[/red]" if day < cutoff or day > assessed_on else text
