"""``--format xlsx``: the assessment as an Excel workbook, the form programme boards and returns travel in.

A ``Summary`` sheet (one row per evidence file), one sheet per file with every item (tier,
verdict, reasons, the evidence it cites, plan due dates), and an ``Invalid files`` sheet
when some could not be assessed. Every sheet has a frozen header row, filters, and red,
amber and green conditional formatting on verdicts, stages and yes/no columns.

Written with XlsxWriter rather than openpyxl: XlsxWriter's output is tested against files
Excel itself wrote, and it passes the Open XML SDK schema rules offline, whereas openpyxl's
default stylesheet puts font properties in an order the SDK's schema rejects. Either way
the workbook must open without a repair prompt, so the renderer also guards against what
makes Excel repair a file: every text is written as a string (never a formula, however it
starts), sheet names are made legal and unique, and over-long text is cut with a marker.

The renderer returns bytes; ``emit`` writes them to a file, or to a redirected stdout.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from fhcheck.report.registry import Renderer
from fhcheck.results import FileResult, ItemResult
from fhcheck.views import Report

if TYPE_CHECKING:
    from xlsxwriter.format import Format  # type: ignore[import-untyped, unused-ignore]
    from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped, unused-ignore]
    from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped, unused-ignore]

#: dates as people in England write them: 27 November 2026
UK_DATE = "d mmmm yyyy"
MAX_CELL = 32_767  # Excel's limit on characters in a cell
MAX_SHEET_NAME = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEET = "history"  # Excel reserves it for change tracking

GREEN = {"bg_color": "#C6EFCE", "font_color": "#006100"}
AMBER = {"bg_color": "#FFEB9C", "font_color": "#9C5700"}
RED = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}

#: verdict -> rag colour, the same grouping the terminal table colours by
VERDICT_RAG = {
    "met": "green",
    "not_applicable": "green",
    "partially_met": "amber",
    "needs_review": "amber",
    "stale": "amber",
    "not_met": "red",
    "unevidenced": "red",
    "missing": "red",
}
STAGE_RAG = {"developed": "green", "minimum": "green", "basic": "amber", "none": "red"}

SUMMARY_COLUMNS = (
    ("File", 36),
    ("Local authority", 32),
    ("Framework", 11),
    ("Assessed on", 12),
    ("Stage", 11),
    ("Minimum met", 13),
    ("Basic met", 10),
    ("Basic total", 10),
    ("Developed met", 10),
    ("Developed total", 10),
    ("Go further met", 10),
    ("Go further total", 10),
    ("Not satisfied", 10),
    ("Reaches the required stage", 14),
    ("Sheet", 32),
)
ITEM_COLUMNS = (
    ("Item", 9),
    ("Key criterion", 8),
    ("Sub-criterion", 8),
    ("Level", 10),
    ("Tier", 11),
    ("Verdict", 14),
    ("Satisfied", 9),
    ("Status claimed", 14),
    ("Reasons", 60),
    ("Warnings", 40),
    ("Evidence", 60),
    ("Evidence entries", 9),
    ("Newest evidence date", 12),
    ("Plan due", 12),
    ("Plan overdue", 9),
    ("Owner", 20),
    ("Evidence owners", 24),
    ("Criterion", 80),
    ("Line in the file", 7),
)
INVALID_COLUMNS = (("File", 40), ("Line", 7), ("Column", 8), ("Problem", 100))


def cell_text(value: str) -> str:
    """Text as Excel will keep it: XML-legal, hidden characters visible, within the cell limit, with a visible cut."""
    from fhcheck.safe_text import xml_text

    value = xml_text(value)
    if len(value) <= MAX_CELL:
        return value
    marker = " [… cut: longer than an Excel cell holds]"
    return value[: MAX_CELL - len(marker)] + marker


def sheet_names(wanted: Iterable[str]) -> list[str]:
    """Legal, unique (case-insensitively, as Excel compares) sheet names, in order."""
    taken = {"summary", "invalid files"}
    names = []
    for number, raw in enumerate(wanted, start=1):
        from fhcheck.safe_text import one_line

        base = _SHEET_FORBIDDEN.sub("-", one_line(raw)).strip().strip("'").strip() or f"File {number}"
        if base.casefold() == _RESERVED_SHEET:
            base = f"{base} 1"
        name = _cut(base, MAX_SHEET_NAME).rstrip().rstrip("'")
        suffix = 2
        while name.casefold() in taken:
            tail = f" ({suffix})"
            name = _cut(base, MAX_SHEET_NAME - len(tail)).rstrip().rstrip("'") + tail
            suffix += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _cut(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` UTF-16 code units: how Excel counts (an emoji is two)."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def evidence_text(item: ItemResult) -> str:
    """One line per cited entry: title (kind, date, owner): url and/or path."""
    from fhcheck.actions import uk_date

    lines = []
    for cited in item.evidence:
        owner = f"owner {cited.owner}" if cited.owner else None
        facts = ", ".join(x for x in (cited.kind, uk_date(cited.date) if cited.date else None, owner) if x)
        where = " ".join(x for x in (cited.url, cited.path) if x)
        lines.append(cited.title + (f" ({facts})" if facts else "") + (f": {where}" if where else ""))
    return "\n".join(lines)


def evidence_owners(item: ItemResult) -> str:
    """The owners recorded on the item's evidence entries, each once, in the order cited."""
    return ", ".join(dict.fromkeys(cited.owner for cited in item.evidence if cited.owner))


class _Sheets:
    """The formats of one workbook and the small writing helpers every sheet shares."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top", "border": 1}
        )
        self.text = workbook.add_format({"valign": "top"})
        self.wrap = workbook.add_format({"valign": "top", "text_wrap": True})
        self.date = workbook.add_format({"valign": "top", "num_format": UK_DATE})
        self.number = workbook.add_format({"valign": "top"})
        self.rag = {
            "green": workbook.add_format(GREEN),
            "amber": workbook.add_format(AMBER),
            "red": workbook.add_format(RED),
        }

    def table(self, sheet: Worksheet, columns: tuple[tuple[str, int], ...], rows: int, freeze_columns: int = 0) -> None:
        """Header row, column widths, frozen header (and first columns), filters over the data."""
        for index, (title, width) in enumerate(columns):
            sheet.write_string(0, index, title, self.header)
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, freeze_columns)
        sheet.autofilter(0, 0, max(rows, 1), len(columns) - 1)

    def put(self, sheet: Worksheet, row: int, column: int, value: Any, fmt: Format | None = None) -> None:
        """Strings always as strings (a reason starting with '=' is text, never a formula)."""
        if value is None or value == "":
            sheet.write_blank(row, column, None, fmt or self.text)
        elif isinstance(value, bool):
            sheet.write_string(row, column, "yes" if value else "no", fmt or self.text)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, column, dt.datetime(value.year, value.month, value.day), self.date)
        elif isinstance(value, int):
            sheet.write_number(row, column, value, fmt or self.number)
        else:
            sheet.write_string(row, column, cell_text(str(value)), fmt or self.text)

    def rag_rules(self, sheet: Worksheet, column: int, rows: int, colours: dict[str, str]) -> None:
        """Red/amber/green by the exact text of a column's cells."""
        if rows == 0:
            return
        for value, colour in colours.items():
            sheet.conditional_format(
                1, column, rows, column,
                {"type": "cell", "criteria": "==", "value": f'"{value}"', "format": self.rag[colour]},
            )


class XlsxRenderer(Renderer):
    binary = True  # a workbook's colours are its conditional formats, whatever --color says

    def render(self, report: Report) -> bytes:
        import xlsxwriter  # type: ignore[import-untyped, unused-ignore]

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            buffer,
            {
                "in_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        workbook.set_properties(
            {
                "title": "Family hubs assessment",
                "subject": "Family Hub Model Framework",
                "comments": f"Written by fhcheck {report.tool_version}".strip(),
            }
        )
        sheets = _Sheets(workbook)
        names = sheet_names(result.local_authority for result in report.results)
        self._summary(sheets, report, names)
        for result, name in zip(report.results, names, strict=False):
            self._file(sheets, result, name)
        if report.invalid:
            self._invalid(sheets, report)
        workbook.close()
        return buffer.getvalue()

    @staticmethod
    def _summary(sheets: _Sheets, report: Report, names: list[str]) -> None:
        sheet = sheets.workbook.add_worksheet("Summary")
        rows = len(report.results)
        sheets.table(sheet, SUMMARY_COLUMNS, rows, freeze_columns=1)
        for row, (result, name) in enumerate(zip(report.results, names, strict=False), start=1):
            values: list[Any] = [
                result.file,
                result.local_authority,
                result.framework,
                result.assessed_on,
                result.stage,
                result.minimum_met,
                result.basic.met,
                result.basic.total,
                result.developed.met,
                result.developed.total,
                result.go_further.met,
                result.go_further.total,
                sum(1 for item in result.items if not item.satisfied),
                result.passed,
                name,
            ]
            for column, value in enumerate(values):
                sheets.put(sheet, row, column, value)
        sheets.rag_rules(sheet, 4, rows, STAGE_RAG)
        for column in (5, 13):
            sheets.rag_rules(sheet, column, rows, {"yes": "green", "no": "red"})
        sheet.write_string(rows + 2, 0, f"Required stage: {report.fail_under}", sheets.text)

    @staticmethod
    def _file(sheets: _Sheets, result: FileResult, name: str) -> None:
        sheet = sheets.workbook.add_worksheet(name)
        rows = len(result.items)
        sheets.table(sheet, ITEM_COLUMNS, rows, freeze_columns=1)
        for row, item in enumerate(result.items, start=1):
            dates = [cited.date for cited in item.evidence if cited.date is not None]
            values: list[Any] = [
                item.id,
                item.key_criterion,
                item.subcriterion,
                item.level,
                "go further" if item.tier == "go_further" else item.tier,
                item.verdict,
                item.satisfied,
                item.status,
                "\n".join(item.reasons),
                "\n".join(item.warnings),
                evidence_text(item),
                item.evidence_count,
                max(dates) if dates else None,
                item.due,
                item.overdue if item.due is not None else None,
                item.owner,
                evidence_owners(item),
                item.text,
                item.location.line,
            ]
            for column, value in enumerate(values):
                wrap = column in (8, 9, 10, 16, 17)
                sheets.put(sheet, row, column, value, sheets.wrap if wrap else None)
        sheets.rag_rules(sheet, 5, rows, VERDICT_RAG)
        sheets.rag_rules(sheet, 6, rows, {"yes": "green", "no": "red"})
        sheets.rag_rules(sheet, 14, rows, {"yes": "red", "no": "green"})

    @staticmethod
    def _invalid(sheets: _Sheets, report: Report) -> None:
        sheet = sheets.workbook.add_worksheet("Invalid files")
        problems = [(bad.file, problem) for bad in report.invalid for problem in bad.problems]
        sheets.table(sheet, INVALID_COLUMNS, len(problems))
        for row, (file, problem) in enumerate(problems, start=1):
            where = problem.location
            for column, value in enumerate((file, where.line or None, where.column or None, problem.message)):
                sheets.put(sheet, row, column, value, sheets.wrap if column == 3 else None)
