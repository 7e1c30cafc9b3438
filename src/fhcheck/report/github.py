"""``--format github``: GitHub Actions workflow commands, which the runner turns into
annotations on the evidence files in a pull request and on the run's summary page.

- ``::error`` for every unsatisfied minimum expectation (whatever its verdict, stale
  included, since each keeps the file from the minimum) and for every problem of an
  invalid file;
- ``::warning`` for every unsatisfied 'go further' option and for evidence or exemptions
  that lapse soon (the items' warnings);
- first, per file, one ``::error`` (below ``--fail-under``) or ``::notice`` (at or above)
  saying where the file stands, because GitHub shows only the first annotations of a step.

Annotations are located at the item's key in the evidence file, or at ``items:`` for an
item the file leaves out. Data and properties are escaped as the Actions toolkit does
(``%``, CR and LF everywhere; ``:`` and ``,`` in properties too), so a plan that reads
``50%, agreed: 1 May`` cannot end or forge a command.

The Markdown for ``$GITHUB_STEP_SUMMARY`` is :meth:`GithubRenderer.step_summary` (the
``markdown`` format): ``assess --format github`` appends it to that file when the variable
is set, the one place a run writes it (the Action and the docs' snippets never append it
again), cut by :func:`fit_step_summary` to GitHub's 1 MiB limit; ``--format markdown:FILE``
writes it anywhere else, whole.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TextIO

from fhcheck.errors import Location
from fhcheck.report.registry import Renderer
from fhcheck.results import FileResult, FileSummary, ItemResult, Overview
from fhcheck.views import Report

TIER_LABEL = {"minimum": "minimum", "go_further": "go further"}
#: GitHub refuses a step summary over 1 MiB ("Job summaries are limited to 1MiB per step").
STEP_SUMMARY_LIMIT = 1024 * 1024


def escape_data(text: str) -> str:
    """Hidden characters shown and ``##[``/``::`` broken (:mod:`fhcheck.safe_text`), then the toolkit's escapes."""
    from fhcheck.safe_text import no_commands, visible

    text = no_commands(visible(text, keep_lines=True))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, location: Location | None = None, title: str | None = None) -> str:
    """One workflow command line: ``::kind file=F,line=L,col=C,title=T::message``."""
    properties: list[tuple[str, str]] = []
    if location is not None and location.file:
        properties.append(("file", location.file.replace("\\", "/")))
        if location.cell:  # a workbook has no lines: the cell leads the message instead
            message = f"{location.cell}: {message}"
        elif location.line > 0:
            properties.append(("line", str(location.line)))
            if location.column > 0:
                properties.append(("col", str(location.column)))
    if title:
        properties.append(("title", title))
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{kind}{' ' + joined if joined else ''}::{escape_data(message)}"


class GithubRenderer(Renderer):
    """Streams: each file's annotations are a piece, led by its standing (from its summary).

    Also appends its Markdown summary to the file ``$GITHUB_STEP_SUMMARY`` names (``side_text``),
    pointing at the ``markdown`` report's file for the whole of it; only then does the run
    keep every result for it (the summary is the whole Markdown report)."""

    streams = True
    side_output = "GITHUB_STEP_SUMMARY"
    side_output_full = "markdown"
    needs_regional = True  # the step summary is the Markdown report, regional view included

    def render(self, report: Report) -> str:
        out = io.StringIO()
        self.write(out, report.overview(), [self.piece(result) for result in report.results])
        return out.getvalue()

    def piece(self, result: FileResult) -> str:
        """One file's item annotations; its standing line comes first, from its summary (:meth:`write`)."""
        return "".join(line + "\n" for line in self.items(result))

    def write(self, out: TextIO, overview: Overview, pieces: Iterable[str]) -> None:
        """Invalid files' problems, then per file its standing and its piece."""
        for bad in overview.invalid:
            for problem in bad.problems:
                where = problem.location if problem.location.file else Location(bad.file)
                out.write(command("error", problem.message, where, "fhcheck: invalid evidence file") + "\n")
        for summary, piece in zip(overview.files, pieces, strict=True):
            out.write(self.standing(summary, overview.fail_under) + "\n")
            out.write(piece)

    def file(self, result: FileResult, fail_under: str) -> list[str]:
        return [self.standing(FileSummary.of(result), fail_under), *self.items(result)]

    @staticmethod
    def standing(summary: FileSummary, fail_under: str) -> str:
        """Where a file stands: GitHub shows only a step's first annotations, so this leads."""
        open_minimum = summary.minimum.total - summary.minimum.met
        standing = (
            f"{summary.local_authority}: stage {summary.stage} (framework {summary.framework}); "
            f"{summary.minimum.met}/{summary.minimum.total} minimum expectations and "
            f"{summary.go_further.met}/{summary.go_further.total} go further options satisfied"
        )
        where = Location(summary.file, 1, 1)
        if summary.passed:
            return command("notice", f"{standing}; reaches --fail-under {fail_under}", where, "fhcheck: passes")
        return command(
            "error",
            f"{standing}; below --fail-under {fail_under} ({open_minimum} minimum expectations unsatisfied)",
            where,
            "fhcheck: below " + fail_under,
        )

    def items(self, result: FileResult) -> list[str]:
        lines = []
        for item in result.items:
            if not item.satisfied:
                kind = "error" if item.tier == "minimum" else "warning"
                lines.append(command(kind, self.message(item), self.where(result, item), self.title(item)))
            for warning in item.warnings:
                lines.append(
                    command(
                        "warning", f"{item.id}: {warning}", self.where(result, item), f"fhcheck {item.id}: coming up"
                    )
                )
        return lines

    @staticmethod
    def where(result: FileResult, item: ItemResult) -> Location:
        location = result.items_location if item.verdict == "missing" else item.location
        return location if location.file else location._replace(file=result.file)

    @staticmethod
    def title(item: ItemResult) -> str:
        return f"fhcheck {item.id}: {item.verdict} ({TIER_LABEL.get(item.tier, item.tier)})"

    @staticmethod
    def message(item: ItemResult) -> str:
        reasons = "; ".join(item.reasons)
        return f"{item.id} {item.verdict}" + (f": {reasons}" if reasons else "") + f"\n{item.text}"

    def step_summary(self, report: Report) -> str:
        """Markdown for ``$GITHUB_STEP_SUMMARY``: exactly what ``--format markdown`` writes."""
        from fhcheck.report.markdown import MarkdownRenderer

        return MarkdownRenderer().render(report)

    def side_text(self, report: Report, full_report: str | None) -> str:
        """What a run appends to ``$GITHUB_STEP_SUMMARY``: the step summary within GitHub's limit."""
        return fit_step_summary(self.step_summary(report), full_report)


def fit_step_summary(markdown: str, full_report: str | None = None, limit: int = STEP_SUMMARY_LIMIT) -> str:
    """The step summary within GitHub's limit (in UTF-8 bytes): whole when it fits, else cut
    at the last line that fits, with a note pointing at the full report (``full_report``, a
    file this run also writes, or how to write one)."""
    data = markdown.encode("utf-8")
    if len(data) <= limit:
        return markdown
    where = (
        f"the full report is {full_report}"
        if full_report
        else "write the full report with --format markdown:FILE (the Action: format: markdown)"
    )
    note = f"\n\n> Summary cut at GitHub's 1 MiB step-summary limit; {where}.\n"
    room = limit - len(note.encode("utf-8"))
    kept = data[:room]
    newline = kept.rfind(b"\n")
    if newline > 0:
        kept = kept[: newline + 1]
    return kept.decode("utf-8", errors="ignore") + note
