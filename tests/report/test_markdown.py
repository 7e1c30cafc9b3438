"""``--format markdown``: the terminal's tables as plain Markdown.

Checked three ways: byte for byte against the golden file; by rendering it with a real
CommonMark + GFM-tables parser (markdown-it-py, which rich already depends on) and reading
the tables back cell by cell; and with hostile text, which must come back as written.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from fhcheck.report.markdown import code, escape
from fhcheck.report.registry import render_report
from fhcheck.views import Report


class Tables(HTMLParser):
    """The text of every table cell in rendered HTML, table by table, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def to_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(markdown)


def tables(markdown: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(to_html(markdown))
    return parser.tables


def test_matches_the_golden_file(ci_report: Report, golden: Any, golden_text: Any) -> None:
    assert golden.render("markdown", ci_report) == golden_text("markdown")


def test_plain_text_without_colour_codes(repo_report: Report) -> None:
    text = render_report("markdown", repo_report, color=True)
    assert "\x1b" not in text
    assert "[green]" not in text and "[/]" not in text


def test_every_table_row_has_as_many_cells_as_its_header(repo_report: Report) -> None:
    for table in tables(render_report("markdown", repo_report)):
        widths = {len(row) for row in table}
        assert len(widths) == 1, table[:3]


def test_the_sub_criteria_tables_read_back_as_the_records(repo_report: Report) -> None:
    found = tables(render_report("markdown", repo_report))
    summary, rest = found[0], found[1:]
    assert summary[0] == ["File", "Local authority", "Framework", "Stage", "Minimum met", "Go further", "Result"]
    assert [row[0] for row in summary[1:]] == [r.file for r in repo_report.results]
    assert [row[3] for row in summary[1:]] == [r.stage for r in repo_report.results]
    assert [row[6] for row in summary[1:]] == ["pass" if r.passed else "fail" for r in repo_report.results]
    sub_rows = [row for table in rest if table[0][0] == "Sub" for row in table[1:]]
    expected = [
        [sub.id, sub.title, str(sub.basic) if sub.basic.total else "-", str(sub.developed) if sub.developed.total else "-",
         "\u2714 yes" if sub.minimum_met else "\u2718 no", str(sub.go_further) if sub.go_further.total else "-"]
        for result in repo_report.results
        for sub in result.subcriteria
    ]
    assert sub_rows == expected


def test_unsatisfied_items_are_listed_with_verdict_tier_and_reasons(repo_report: Report) -> None:
    found = [table for table in tables(render_report("markdown", repo_report)) if table[0] == ["Item", "Verdict", "Tier", "Reasons"]]
    assert len(found) == len(repo_report.results)
    for table, result in zip(found, repo_report.results, strict=False):
        expected = [
            [item.id, item.verdict, "minimum" if item.tier == "minimum" else "go further", " ".join("; ".join(item.reasons).split())]
            for item in result.items
            if not item.satisfied
        ]
        assert table[1:] == expected


def test_coming_up_lists_the_items_warnings(repo_report: Report) -> None:
    text = render_report("markdown", repo_report)
    assert "### Coming up" in text
    warned = [table for table in tables(text) if table[0] == ["Item", "Warning"]]
    assert [row[0] for row in warned[0][1:]] == [i.id for i in repo_report.results[2].items if i.warnings]


def test_user_text_comes_back_exactly_as_written(ci_report: Report) -> None:
    html = to_html(render_report("markdown", ci_report))
    assert "<b>" not in html and "<County>" not in html  # no markup injected
    cells = [cell for table in tables(render_report("markdown", ci_report)) for row in table for cell in row]
    assert "Fenmoor <County> Council & Partners" in cells
    assert (
        "claimed not met; plan: Budget: 50% uplift, agreed by <b>the board</b> | pending *final* sign_off; "
        "plan due 2025-03-31 is overdue"
    ) in cells
    assert "claimed partially met; plan: Train the remaining staff by March: 100%" in cells


def test_hostile_text_cannot_break_tables_or_inject_markup(hostile: Report, hostile_text: str) -> None:
    text = render_report("markdown", hostile)
    html = to_html(text)
    assert "<script>" not in html and "<a " not in html and "<em>" not in html and "<code>code" not in html
    assert set(re.findall(r"<strong>(.*?)</strong>", html)) <= {"none", "basic", "minimum", "developed", "fail"}
    cells = [cell for table in tables(text) for row in table for cell in row]
    assert " ".join(hostile_text.replace("\x01", "\\x01").replace("\x1b", "\\x1b").split()) in cells
    assert "line one line two three" in " ".join(cells)


def test_invalid_files_are_listed_with_every_problem(ci_report: Report) -> None:
    text = render_report("markdown", ci_report)
    assert "## Invalid files" in text
    for bad in ci_report.invalid:
        for problem in bad.problems:
            assert f"`{problem.location}`" in text
    assert "invalid" in [row[3] for row in tables(text)[0][1:]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words, 50% and R&D", "plain words, 50% and R&D"),
        ("a|b", "a\\|b"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("*x* _y_ `z` [l](u)", "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u)"),
        ("&amp; &#39;", "&amp;amp; &amp;#&#8203;39;"),  # "#39" could be an issue reference
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("1.1 is fine", "1.1 is fine"),
        ("two\nlines", "two lines"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_code_spans_survive_backticks_and_pipes() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`a") == "`` `a ``"
    assert code("a|b", cell=True) == "`a\\|b`"
    rendered = tables(f"| x |\n| --- |\n| {code('p|q`r', cell=True)} |\n")
    assert rendered[0][1] == ["p|q`r"]


def test_one_passing_file_says_so_without_a_summary_table(repo_report: Report) -> None:
    single = Report((repo_report.results[2],), (), "minimum")
    text = render_report("markdown", single)
    assert text.startswith("# Family hubs assessment\n\n1 evidence file assessed; --fail-under `minimum`: every file reaches it")
    assert not re.search(r"^\| File \|", text, re.M)
