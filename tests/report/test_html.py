"""``--format html``: one self-contained page for a board meeting.

Parsed with the standard library's HTML parser: nothing is loaded from anywhere (no
scripts, style sheets, images, fonts, frames or links to fetch), the page is balanced,
every text is escaped, the inline SVG chart's bars match the counts, the tables and the
unmet items with their reasons are all there, and there is print CSS.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from fhcheck.report.html import HtmlRenderer
from fhcheck.results import Report

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
    parser.feed(HtmlRenderer().render(report))
    parser.close()
    return parser


@pytest.mark.parametrize("report_name", ["repo_report", "ci_report", "hostile"])
def test_self_contained_and_balanced(report_name: str, request: pytest.FixtureRequest) -> None:
    html = HtmlRenderer().render(request.getfixturevalue(report_name))
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    parsed = page(request.getfixturevalue(report_name))
    assert parsed.stack == [] and parsed.unbalanced == []
    assert not {tag for tag, _ in parsed.tags} & FETCHING
    for tag, attrs in parsed.tags:
        assert not {"src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "data"} & set(attrs), tag
        assert not any(name.startswith("on") for name in attrs), tag  # no event handlers
        assert "url(" not in (attrs.get("style") or "")
    assert "url(" not in parsed.style and "@import" not in parsed.style
    assert not re.search(r"https?://", html.replace('http://x', '')), "no address outside the page"


def test_print_css(repo_report: Report) -> None:
    style = page(repo_report).style
    assert "@media print" in style and "@page" in style
    assert "print-color-adjust: exact" in style and "break-inside: avoid" in style


def test_summary_and_one_section_per_file(repo_report: Report) -> None:
    parsed = page(repo_report)
    text = " ".join(parsed.text)
    assert "Family hubs assessment" in text and "Summary" in text
    h2 = [attrs for tag, attrs in parsed.tags if tag == "section" and attrs.get("class") == "file"]
    assert len(h2) == len(repo_report.results)
    summary_rows = [row for row in parsed.cells if row and row[0] in {r.local_authority for r in repo_report.results}]
    assert [(row[1], row[3]) for row in summary_rows[:3]] == [(r.file, r.stage) for r in repo_report.results]


def test_chart_bars_match_minimum_and_go_further_counts(repo_report: Report) -> None:
    parsed = page(repo_report)
    # the per-file charts; several files also get the regional heat map (class "regional")
    svgs = [attrs for tag, attrs in parsed.tags if tag == "svg" and attrs.get("class") != "regional"]
    assert len(svgs) == len(repo_report.results)
    assert all(attrs.get("role") == "img" for attrs in svgs)
    rects = [rect for rect in parsed.rects if rect.get("class") != "regional"]
    # per key criterion: track + bar for minimum, track + bar for go further
    expected_per_file = [(k.minimum, k.go_further) for k in repo_report.results[0].key_criteria]
    per_file = 4 * len(expected_per_file)
    assert len(rects) == per_file * len(repo_report.results)
    for number, result in enumerate(repo_report.results):
        chunk = rects[number * per_file : (number + 1) * per_file]
        for index, key in enumerate(result.key_criteria):
            for offset, count in enumerate((key.minimum, key.go_further)):
                track, bar = chunk[4 * index + 2 * offset], chunk[4 * index + 2 * offset + 1]
                full = float(track["width"] or 0)
                share = 0.0 if count.total == 0 else count.met / count.total
                assert float(bar["width"] or 0) == pytest.approx(full * share, abs=0.06)


def test_chart_labels_give_the_numbers(repo_report: Report) -> None:
    text = " ".join(page(repo_report).text)
    passing = repo_report.results[2]
    for key in passing.key_criteria:
        assert f"minimum {key.minimum} (" in text
    assert "go further none in this version" in text or all(k.go_further.total for k in passing.key_criteria)


def test_sub_criteria_tables_and_unmet_items_with_reasons(repo_report: Report) -> None:
    parsed = page(repo_report)
    rows = parsed.cells
    for result in repo_report.results:
        for sub in result.subcriteria:
            assert [sub.id, sub.title] in [row[:2] for row in rows]
        unmet = [item for item in result.items if not item.satisfied]
        for item in unmet:
            assert [item.id, item.verdict.replace("_", " "), item.text, "".join(item.reasons)] in rows
    text = " ".join(parsed.text)
    assert "Minimum expectations not met (86)" in text and "Go further options not yet met (34)" in text


def test_everything_is_escaped(ci_report: Report, hostile: Report, hostile_text: str) -> None:
    html = HtmlRenderer().render(ci_report)
    assert "Fenmoor &lt;County&gt; Council &amp; Partners" in html
    assert "<b>the board</b>" not in html and "&lt;b&gt;the board&lt;/b&gt;" in html
    hostile_html = HtmlRenderer().render(hostile)
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


def test_the_same_report_renders_the_same_page(repo_report: Report) -> None:
    assert HtmlRenderer().render(repo_report) == HtmlRenderer().render(repo_report)
