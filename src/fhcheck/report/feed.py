"""``fhcheck feed``: what the analysis of a saved Open Referral UK feed found.

The analysis is :func:`fhcheck.oruk.analyse_pages`, done before rendering and handed here as
a :class:`~fhcheck.results.FeedView`; these renderers only lay it out.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from fhcheck.report.programmes import text_console
from fhcheck.report.registry import Renderer

if TYPE_CHECKING:
    from rich.console import Console

    from fhcheck.views import FeedView


class FeedJsonRenderer(Renderer):
    def render(self, value: FeedView) -> str:
        return json.dumps(feed_record(value), indent=2, ensure_ascii=False) + "\n"


class FeedTableRenderer(Renderer):
    def render(self, value: FeedView) -> str:
        buffer = io.StringIO()
        _print_feed(text_console(buffer, self.color, self.width), value)
        return buffer.getvalue()


def feed_record(view: FeedView) -> dict[str, Any]:
    file, analysis, _ = view
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


def _print_feed(out: Console, view: FeedView) -> None:
    from rich.table import Table

    from fhcheck.oruk import FIELDS
    from fhcheck.safe_text import rich_text as escape

    file, analysis, max_problems = view
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
