"""``--format markdown``: the terminal report as plain Markdown, for pull requests, wikis and
``$GITHUB_STEP_SUMMARY``.

The same tables as ``--format table`` (a summary when there are several files, then per file
the key criteria and their sub-criteria, what is not satisfied and why, what is coming up),
without colour codes. Every piece of text that comes from a user's file or the criteria is
escaped, so a plan that says ``<b>50%</b> | pending`` shows as written and cannot break a
table or inject markup into a page that renders the Markdown.
"""

from __future__ import annotations

import re

from fhcheck.results import Count, FileResult, InvalidFile, Report
from fhcheck.safe_text import no_commands, no_notifications, visible

TICK, CROSS = "\u2714", "\u2718"
TIER_LABEL = {"minimum": "minimum", "go_further": "go further"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:([#+-])|(\d+)([.)]))(?=\s|$)")


def escape(text: str) -> str:
    """Plain text as Markdown that renders as the same text, on one line (safe in a table cell).

    Only what Markdown would act on is escaped (emphasis, links, HTML, code, table pipes,
    entities, a heading or list marker at the start), so the raw text stays readable.
    """
    text = no_commands(visible(" ".join(text.split())))
    text = _ENTITY.sub("&amp;", text)
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)
    return no_notifications(text)  # last: its entities must not be escaped


def code(text: str, cell: bool = False) -> str:
    """An inline code span that survives backticks in the text (and pipes, in a table ``cell``).

    GitHub links no mention or reference inside code, so only hidden characters are shown.
    """
    text = no_commands(visible(" ".join(text.split())))
    if cell:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def yes_no(ok: bool) -> str:
    return f"{TICK} yes" if ok else f"{CROSS} no"


def count_cell(count: Count) -> str:
    return "-" if count.total == 0 else str(count)


def table(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """A GitHub-flavoured Markdown table; ``right`` holds the indexes of right-aligned columns."""
    rule = ["---:" if index in right else "---" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


class MarkdownRenderer:
    def __init__(self, color: bool = False) -> None:
        del color  # Markdown has no colour; the argument keeps every renderer's signature alike

    def render(self, report: Report) -> str:
        lines = ["# Family hubs assessment", ""]
        lines += self.summary(report)
        if len(report.results) > 1:  # several authorities: the regional matrix and per-item counts
            from fhcheck.regional import regional_view
            from fhcheck.report.regional import markdown_section

            lines += markdown_section(regional_view(report.results))
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
