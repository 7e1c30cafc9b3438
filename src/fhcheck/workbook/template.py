"""The evidence workbook ``fhcheck init --format xlsx`` writes, empty or filled from a YAML file.

Every value a user wrote is written as what it is (text with ``write_string``, so text
that starts with ``=`` stays text and never becomes a formula; dates as date cells), so
that reading the workbook back gives the same data (:mod:`fhcheck.workbook.reader`).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from fhcheck.catalogue import Catalogue
from fhcheck.scaffold import LEVEL_LABEL, TIER_LABEL
from fhcheck.workbook import layout

DATE_FORMAT = "yyyy-mm-dd"
INSTRUCTIONS = (
    "How to fill in this workbook",
    "",
    "This workbook is your family hub's self-assessment against the Family Hub Model Framework.",
    "fhcheck reads it directly: run 'fhcheck assess FILE.xlsx' to see which items are met, and",
    "'fhcheck validate FILE.xlsx' to check it. Every mistake is reported with its cell, e.g. Items!G17.",
    "",
    "1. About: fill in the local authority's name and the date of the assessment (assessed_on).",
    "2. Items: one row per item of the framework. The grey columns describe the item; do not change them.",
    "   Choose a status from the drop-down: met, partially_met, not_met or not_applicable",
    "   (not_applicable only for conditional items, with a justification).",
    "   For items not met or partially met, write a plan and a due date.",
    "   Leave a row blank for an item you have not assessed yet: it is reported as missing.",
    "3. Evidence: one row per document or web page that shows an item is met. Choose the item's id,",
    "   give a title, a url (https://...) or a path (relative to this workbook), its kind and its date.",
    "   An item can have several evidence rows.",
    "4. Programmes: the evidence-based programmes your family hubs deliver, as the Foundations",
    "   Guidebook rates them (only if the framework asks for a programme register).",
    "",
    "Dates: type them as dates (Excel shows 2025-06-01) or as text written YYYY-MM-DD.",
    "Formulas are never evaluated: type the values in. Keep the column headers as they are.",
    "When your team moves to version control, 'fhcheck import FILE.xlsx -o evidence.yaml' converts",
    "this workbook to an evidence file that gives the same verdicts.",
)


def workbook_bytes(catalogue: Catalogue, kinds: list[str], data: dict[str, Any]) -> bytes:
    """The workbook for ``catalogue`` holding ``data`` (an evidence file's top-level mapping)."""
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "info": book.add_format({"bg_color": "#F2F2F2", "text_wrap": True, "valign": "top", "locked": True}),
        "edit": book.add_format({"text_wrap": True, "valign": "top", "locked": False}),
        "date": book.add_format({"num_format": DATE_FORMAT, "valign": "top", "locked": False}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    _instructions(book, formats)
    _about(book, formats, data)
    item_rows = _items(book, formats, catalogue, data.get("items") or {})
    _evidence(book, formats, catalogue, data.get("items") or {}, item_rows)
    _programmes(book, formats, data.get("programmes") or [])
    lists = book.add_worksheet(layout.LISTS)
    for row, kind in enumerate(kinds):
        lists.write_string(row, 0, kind)
    lists.hide()
    book.define_name("kinds", f"={layout.LISTS}!$A$1:$A${max(len(kinds), 1)}")
    book.close()
    return buffer.getvalue()


def _put(sheet: Any, row: int, column: int, name: str, value: Any, formats: dict[str, Any]) -> None:
    """One value as the cell type that reads back as the same value."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value, formats["edit"])
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, column, value, formats["date"])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), formats["date"])
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value, formats["edit"])
    elif isinstance(value, (list, tuple)) and name in layout.LIST_FIELDS:
        sheet.write_string(row, column, "\n".join(str(one) for one in value), formats["edit"])
    else:
        sheet.write_string(row, column, str(value), formats["edit"])


def _header(sheet: Any, names: tuple[str, ...], formats: dict[str, Any], widths: dict[str, int]) -> None:
    for column, name in enumerate(names):
        sheet.write_string(0, column, name, formats["header"])
        style = formats["date"] if name in layout.DATE_FIELDS else formats["edit"]
        sheet.set_column(column, column, widths.get(name, 16), style)
    sheet.freeze_panes(1, 0)


def _instructions(book: Any, formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet(layout.INSTRUCTIONS)
    sheet.set_column(0, 0, 110)
    for row, line in enumerate(INSTRUCTIONS):
        sheet.write_string(row, 0, line, formats["header"] if row == 0 else formats["wrap"])


def _about(book: Any, formats: dict[str, Any], data: dict[str, Any]) -> None:
    sheet = book.add_worksheet(layout.ABOUT)
    _header(sheet, layout.ABOUT_HEADERS, formats, {"key": 18, "value": 40, "note": 90})
    for row, (key, note) in enumerate(layout.ABOUT_KEYS, start=1):
        sheet.write_string(row, 0, key, formats["info"])
        _put(sheet, row, 1, key, data.get(key), formats)
        sheet.write_string(row, 2, note, formats["info"])


def _items(book: Any, formats: dict[str, Any], catalogue: Catalogue, items: dict[str, Any]) -> int:
    sheet = book.add_worksheet(layout.ITEMS)
    names = (*layout.ITEM_INFO, *layout.ITEM_FIELDS)
    widths = {
        "id": 10,
        "key_criterion": 8,
        "subcriterion": 28,
        "level": 22,
        "tier": 22,
        "criterion": 60,
        "status": 16,
        "note": 40,
        "justification": 30,
        "plan": 40,
        "review_by": 12,
        "due": 12,
    }
    _header(sheet, names, formats, widths)
    row = 0
    for key in catalogue.spec.key_criteria:
        for sub in key.subcriteria:
            for item in sub.items:
                row += 1
                info = (
                    item.id,
                    key.id,
                    f"{sub.id} {sub.title}",
                    LEVEL_LABEL[item.level],
                    TIER_LABEL[item.tier],
                    item.text,
                )
                for column, text in enumerate(info):
                    sheet.write_string(row, column, " ".join(text.split()) if column == 5 else text, formats["info"])
                entry = items.get(item.id) or {}
                for offset, name in enumerate(layout.ITEM_FIELDS):
                    _put(sheet, row, len(layout.ITEM_INFO) + offset, name, entry.get(name), formats)
    status = len(layout.ITEM_INFO)
    sheet.data_validation(1, status, max(row, 1), status, {"validate": "list", "source": list(layout.STATUSES)})
    for offset, name in enumerate(layout.ITEM_FIELDS):
        if name in layout.DATE_FIELDS:
            column = status + offset
            sheet.data_validation(1, column, max(row, 1), column, _DATE_RULE)
    sheet.autofilter(0, 0, max(row, 1), len(names) - 1)
    # the grey columns describe the item and are locked; the item's own columns stay editable
    sheet.protect("", {"autofilter": True, "format_columns": True, "format_rows": True, "select_locked_cells": True})
    return row


_DATE_RULE = {
    "validate": "date",
    "criteria": "between",
    "minimum": dt.date(1900, 1, 1),
    "maximum": dt.date(9999, 12, 31),
    "error_message": "Type a date, e.g. 2025-06-01",
}


def _evidence(book: Any, formats: dict[str, Any], catalogue: Catalogue, items: dict[str, Any], item_rows: int) -> None:
    sheet = book.add_worksheet(layout.EVIDENCE)
    names = layout.EVIDENCE_FIELDS
    _header(
        sheet, names, formats, {"item": 10, "title": 40, "url": 40, "path": 30, "kind": 20, "date": 12, "sha256": 20}
    )
    row = 0
    for item_id in catalogue.items:
        for one in (items.get(item_id) or {}).get("evidence") or ():
            row += 1
            _put(sheet, row, 0, "item", item_id, formats)
            for column, name in enumerate(names[1:], start=1):
                _put(sheet, row, column, name, one.get(name), formats)
    last = max(row + 500, 1000)
    sheet.data_validation(1, 0, last, 0, {"validate": "list", "source": f"={layout.ITEMS}!$A$2:$A${item_rows + 1}"})
    sheet.data_validation(1, names.index("kind"), last, names.index("kind"), {"validate": "list", "source": "=kinds"})
    sheet.data_validation(1, names.index("date"), last, names.index("date"), _DATE_RULE)
    sheet.autofilter(0, 0, last, len(names) - 1)


def _programmes(book: Any, formats: dict[str, Any], register: list[Any]) -> None:
    sheet = book.add_worksheet(layout.PROGRAMMES)
    names = layout.PROGRAMME_FIELDS
    _header(sheet, names, formats, {"name": 30, "guidebook": 40, "delivered_by": 30, "note": 40})
    for row, entry in enumerate(register, start=1):
        for column, name in enumerate(names):
            _put(sheet, row, column, name, entry.get(name), formats)
    sheet.data_validation(1, names.index("rating_read_on"), 500, names.index("rating_read_on"), _DATE_RULE)
    sheet.autofilter(0, 0, max(len(register), 1), len(names) - 1)
