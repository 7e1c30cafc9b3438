"""``--format html``: the board paper, one self-contained page.

Parsed with the standard library's HTML parser: nothing is loaded from anywhere (no
scripts, style sheets, images, fonts or frames; links only to evidence at https:/http:
addresses), the page is balanced, every text is escaped, the position, ratings, risks and
action tracker are the board module's, dates are written the UK way, there are no
command-line words, and the structure is accessible (lang, heading order, header cells).
The printed layout is checked in a real browser in test_html_browser.py.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from fhcheck.board import board_paper
from fhcheck.report.registry import render_report
from fhcheck.results import EvidenceRef
from fhcheck.views import Report

VOID = {"meta", "br", "rect", "link", "img", "input", "hr", "col", "source", "wbr", "area", "base", "embed", "param", "track"}
FETCHING = {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "image", "use", "base", "frame"}


class Page(HTMLParser):
    """Tags, attributes, text and nesting of a page, with a check that every element closes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self.rects: list[dict[str, str | None]] = []
        self.unbalanced: list[str] = []
        self.cells: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "rect":
            self.rects.append(dict(attrs))
        if tag == "tr":
            self.cells.append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "rect":
            self.rects.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells[-1].append("".join(self._cell))
            self._cell = None
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.unbalanced.append(tag)
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.style += data
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def page(report: Report) -> Page:
    parser = Page()
    parser.feed(render_report("html", report))
    parser.close()
    return parser


@pytest.mark.parametrize("report_name", ["repo_report", "ci_report", "hostile"])
def test_self_contained_and_balanced(report_name: str, request: pytest.FixtureRequest) -> None:
    html = render_report("html", request.getfixturevalue(report_name))
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    parsed = page(request.getfixturevalue(report_name))
    assert parsed.stack == [] and parsed.unbalanced == []
    assert not {tag for tag, _ in parsed.tags} & FETCHING
    for tag, attrs in parsed.tags:
        assert not {"src", "xlink:href", "srcset", "action", "formaction", "poster", "data"} & set(attrs), tag
        if "href" in attrs:
            assert tag == "a" and re.match(r"https?://", attrs["href"] or ""), attrs
        assert not any(name.startswith("on") for name in attrs), tag  # no event handlers
        assert "url(" not in (attrs.get("style") or "")
    assert "url(" not in parsed.style and "@import" not in parsed.style


def test_print_css(repo_report: Report) -> None:
    style = page(repo_report).style
    assert "@media print" in style and "@page" in style and "size: A4" in style
    assert "print-color-adjust: exact" in style and "break-inside: avoid" in style
    assert "section.detail" in style and "break-before: page" in style


def test_first_page_is_the_summary_in_plain_english(repo_report: Report) -> None:
    single = Report(repo_report.results[:1])
    text = " ".join(page(single).text)
    assert f"Family hubs: board paper for {single.results[0].local_authority}" in text
    assert "Assessed on" in text and "Framework" in text
    html = render_report("html", single)
    summary_at, tracker_at, detail_at = html.index("<h2>Summary</h2>"), html.index("Action tracker"), html.index(
        'class="detail"'
    )
    assert summary_at < html.index("Rating per key criterion") < html.index("Top risks") < tracker_at < detail_at
    assert "<strong>Working towards Level 1</strong>: 1 of 49 basic and 0 of 38 developed minimum expectations " \
        "met; 1 of 37 go-further options.</p>" in html


def test_ratings_follow_the_documented_rule(repo_report: Report) -> None:
    failing, _, passing = repo_report.results
    rows = page(Report((passing,))).cells
    ratings = [row[1] for row in rows if len(row) == 6 and row[1] in {"Green", "Amber", "Red"}]
    assert ratings == ["Green"] * 5
    rows = page(Report((failing,))).cells
    ratings = [row[1] for row in rows if len(row) == 6 and row[1] in {"Green", "Amber", "Red"}]
    assert ratings == ["Red"] * 5
    html = render_report("html", Report((passing,)))
    assert html.count('<span class="rag rag-green">Green</span>') >= 5  # the word, not only the colour


def test_risks_and_tracker_come_from_the_board_module(ci_report: Report) -> None:
    paper = board_paper(ci_report)
    text = " ".join(page(ci_report).text)
    for authority in paper.authorities:
        for risk in authority.risks:
            assert risk.summary in text
        for row in authority.tracker:
            assert [row.due, row.items, row.summary, row.owner] in page(ci_report).cells
    assert "31 March 2025 (overdue)" in text


def test_dates_are_written_the_uk_way_and_no_command_line_words(repo_report: Report, ci_report: Report) -> None:
    for report in (repo_report, ci_report):
        text = " ".join(page(report).text).split("Files that could not be assessed")[0]  # problems quote the file
        iso = re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text.replace("2025-26", ""))
        assert not iso, iso
        for word in ("--", "fail-under", "warn-days", "review_by", "carried_from", "not_met", "threshold"):
            assert word not in text, word
    assert "1 October 2025" in " ".join(page(repo_report).text)


def test_go_further_options_are_options_not_failures(repo_report: Report) -> None:
    html = render_report("html", Report(repo_report.results[2:]))
    assert "Go-further options of key criterion 1 (optional)" in html
    assert "Not taken up (" in html and "Go further options not yet met" not in html
    section = html[html.index("Go-further options of key criterion 1"):html.index("Key criterion 2:")]
    assert 'class="unmet"' not in section and "Not met" not in section


def test_minimum_items_carry_verdict_reasons_owner_and_dates(ci_report: Report) -> None:
    failing = ci_report.results[0]
    parsed = page(Report((failing,)))
    text = " ".join(parsed.text)
    overdue = next(item for item in failing.items if item.overdue)
    assert overdue.due is not None
    assert f"Due {overdue.due.day} March {overdue.due.year} (overdue)" in text
    for item in failing.items:
        if item.tier == "minimum":
            assert item.id in text


def test_evidence_links_only_to_web_addresses(ci_report: Report) -> None:
    result = ci_report.results[0]
    item = result.items[0]
    refs = (
        EvidenceRef("Web page", "https://example.gov.uk/a?b=1&c=2", None, "web_page", dt.date(2025, 1, 2)),
        EvidenceRef("Script", "javascript:alert(1)", None, "web_page", dt.date(2025, 1, 2)),
        EvidenceRef("Data", "data:text/html,<b>x</b>", None, "web_page", dt.date(2025, 1, 2)),
        EvidenceRef("On file", None, "docs/plan.pdf", "policy", None, "Head of Service"),
    )
    changed = result._replace(items=(item._replace(tier="minimum", evidence=refs), *result.items[1:]))
    html = render_report("html", Report((changed,)))
    assert '<a href="https://example.gov.uk/a?b=1&amp;c=2">Web page</a> (2 January 2025)' in html
    assert "javascript:" not in html.split("<body>")[1].split("Script")[0][-200:]
    assert 'href="javascript' not in html and 'href="data' not in html
    assert "Script (2 January 2025)" in html and "On file (undated, owner Head of Service)" in html


def test_headings_in_order_and_table_headers(repo_report: Report) -> None:
    parsed = page(repo_report)
    levels = [int(tag[1]) for tag, _ in parsed.tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in parsed.tags if tag == "th" and "scope" in attrs)
    assert sum(1 for tag, _ in parsed.tags if tag == "main") == 1


def test_everything_is_escaped(ci_report: Report, hostile: Report, hostile_text: str) -> None:
    html = render_report("html", ci_report)
    assert "Fenmoor &lt;County&gt; Council &amp; Partners" in html
    assert "<b>the board</b>" not in html and "&lt;b&gt;the board&lt;/b&gt;" in html
    hostile_html = render_report("html", hostile)
    assert "<script>" not in hostile_html
    assert "\x01" not in hostile_html and "\x1b" not in hostile_html
    shown = hostile_text.replace("\x01", "\\x01").replace("\x1b", "\\x1b")  # visible, never raw
    assert shown in " ".join(page(hostile).text)


def test_invalid_files_are_listed(ci_report: Report) -> None:
    text = " ".join(page(ci_report).text)
    assert "Files that could not be assessed" in text
    for bad in ci_report.invalid:
        for problem in bad.problems:
            assert str(problem) in text


def test_several_files_get_an_overview(repo_report: Report) -> None:
    parsed = page(repo_report)
    rows = [row for row in parsed.cells if row and row[0] in {r.local_authority for r in repo_report.results}]
    assert [(row[1], row[3]) for row in rows[:3]] == [
        (r.file, board_paper(Report((r,))).authorities[0].headline) for r in repo_report.results
    ]


def test_the_same_report_renders_the_same_page(repo_report: Report) -> None:
    assert render_report("html", repo_report) == render_report("html", repo_report)
