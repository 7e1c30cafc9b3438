"""``--format markdown``: the terminal report as plain Markdown, for pull requests, wikis and
``$GITHUB_STEP_SUMMARY``.

The same tables as ``--format table`` (a summary when there are several files, then per file
the key criteria and their sub-criteria, what is not satisfied and why, what is coming up),
without colour codes. Every piece of text that comes from a user's file or the criteria is
escaped, so a plan that says ``<b>50%</b> | pending`` shows as written and cannot break a
table or inject markup into a page that renders the Markdown.
"""

from __future__ import annotations

from fhcheck.report.markdown_text import CROSS, TICK, code, escape, table
from fhcheck.report.regional import markdown_section
from fhcheck.report.registry import Renderer
from fhcheck.results import Count, FileResult, InvalidFile
from fhcheck.views import Report

__all__ = ["CROSS", "TICK", "MarkdownRenderer", "code", "escape", "table"]

TIER_LABEL = {"minimum": "minimum", "go_further": "go further"}


def yes_no(ok: bool) -> str:
    return f"{TICK} yes" if ok else f"{CROSS} no"


def count_cell(count: Count) -> str:
    return "-" if count.total == 0 else str(count)


class MarkdownRenderer(Renderer):
    """Markdown has no colour. Not streamed: with several files the regional view (computed
    from every result) comes before the first file's tables."""

    needs_regional = True
    baseline_delta_follows = True

    def render(self, report: Report) -> str:
        lines = ["# Family hubs assessment", ""]
        lines += self.summary(report)
        if report.regional is not None:  # several authorities: the regional matrix and per-item counts
            lines += markdown_section(report.regional)
        for result in report.results:
            lines += self.file(result)
        if report.invalid:
            lines += self.invalid(report.invalid)
        return "\n".join(lines).rstrip("\n") + "\n"

    def summary(self, report: Report) -> list[str]:
        """One row per file with whether it reaches ``--fail-under``: what a CI reader looks at first."""
        files = len(report.results) + len(report.invalid)
        passed = sum(1 for result in report.results if result.passed)
        verdict = "every file reaches it" if report.passed else "not every file reaches it"
        lines = [
            f"{files} evidence file{'s' if files != 1 else ''} assessed; --fail-under "
            f"{code(report.fail_under)}: {verdict} ({passed} of {files}"
            + (f", {len(report.invalid)} invalid" if report.invalid else "")
            + ").",
            "",
        ]
        if len(report.results) + len(report.invalid) > 1 or report.invalid:
            rows = [
                [
                    code(result.file, cell=True),
                    escape(result.local_authority),
                    result.framework,
                    f"**{result.stage}**",
                    yes_no(result.minimum_met),
                    count_cell(result.go_further),
                    "pass" if result.passed else "**fail**",
                ]
                for result in report.results
            ]
            rows += [[code(bad.file, cell=True), "", "", "invalid", "", "", "**fail**"] for bad in report.invalid]
            lines += table(
                ["File", "Local authority", "Framework", "Stage", "Minimum met", "Go further", "Result"],
                rows,
                right=frozenset({5}),
            )
            lines.append("")
        return lines

    def file(self, result: FileResult) -> list[str]:
        lines = [
            f"## {escape(result.local_authority)}",
            "",
            f"{code(result.file)} · framework {escape(result.framework)} · assessed on "
            f"{result.assessed_on.isoformat()} · stage **{result.stage}** · minimum met {yes_no(result.minimum_met)}",
            "",
            f"basic {count_cell(result.basic)} · developed {count_cell(result.developed)} · "
            f"go further {count_cell(result.go_further)}",
            "",
        ]
        if result.deadline is not None:
            lines += [f"Deadline: {escape(result.deadline)}", ""]
        for key in result.key_criteria:
            lines += [
                f"### Key criterion {escape(key.id)} ({escape(key.delivery_area)})",
                "",
                escape(key.statement),
                "",
            ]
            rows = [
                [
                    escape(sub.id),
                    escape(sub.title),
                    count_cell(sub.basic),
                    count_cell(sub.developed),
                    yes_no(sub.minimum_met),
                    count_cell(sub.go_further),
                ]
                for sub in key.subcriteria
            ]
            lines += table(
                ["Sub", "Title", "Basic", "Developed", "Minimum met", "Go further"], rows, right=frozenset({2, 3, 5})
            )
            lines.append("")
        lines += self.unsatisfied(result)
        return lines

    def unsatisfied(self, result: FileResult) -> list[str]:
        open_items = [item for item in result.items if not item.satisfied]
        warned = [item for item in result.items if item.warnings]
        if not open_items and not warned:
            return ["Every item is satisfied.", ""]
        lines: list[str] = []
        if open_items:
            minimum = sum(1 for item in open_items if item.tier == "minimum")
            lines += [
                f"### Not satisfied: {len(open_items)} items "
                f"({minimum} minimum, {len(open_items) - minimum} go further)",
                "",
            ]
            rows = [
                [
                    f"{escape(item.id)}",
                    code(item.verdict, cell=True),
                    TIER_LABEL.get(item.tier, escape(item.tier)),
                    escape("; ".join(item.reasons)),
                ]
                for item in open_items
            ]
            lines += table(["Item", "Verdict", "Tier", "Reasons"], rows)
            lines.append("")
        if warned:
            lines += ["### Coming up", ""]
            lines += table(
                ["Item", "Warning"], [[escape(item.id), escape("; ".join(item.warnings))] for item in warned]
            )
            lines.append("")
        return lines

    def invalid(self, invalid: tuple[InvalidFile, ...]) -> list[str]:
        lines = ["## Invalid files", ""]
        for bad in invalid:
            lines.append(f"{code(bad.file)}:")
            lines.append("")
            for problem in bad.problems:
                where = str(problem.location)
                lines.append(f"- {code(where)}: {escape(problem.message)}")
            lines.append("")
        return lines
