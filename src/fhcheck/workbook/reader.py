"""A workbook -> the same :class:`~fhcheck.load.Document` the YAML loader makes, located by cell.

Every value read is recorded with its ``SHEET!CELL``, so validation's messages (written for
YAML) name the cell unchanged: ``ours.xlsx:Items!G17: found 'Met'; expected one of met, ...``.
What only a workbook can get wrong (a formula, a header, a duplicated or stray row, a
date typed as a plain number) is refused here, each problem at its cell, all at once.
openpyxl is imported only here, and only after :func:`~fhcheck.workbook.limits.check_workbook`
has looked the file over.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fhcheck.describe import describe
from fhcheck.errors import InputError, Location, Problem
from fhcheck.limits import DEFAULT_MAX_BYTES
from fhcheck.load import Document, KeyPath
from fhcheck.workbook import layout
from fhcheck.workbook.limits import Limits, check_workbook, limits_for

#: header cells looked at: far more than any sheet of ours has
MAX_HEADER_COLUMNS = 64
#: Excel's date numbers for 1900-01-01 .. 9999-12-31
_DATE_NUMBERS = (1, 2_958_465)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class WorkbookDocument(Document):
    """A Document whose marks are cell locations already."""

    def _location(self, mark: Any) -> Location:
        return mark  # type: ignore[no-any-return]


def cell_location(display: str, sheet: str, row: int, column: int) -> Location:
    """``display:SHEET!A1`` for a 1-based row and 0-based column."""
    return Location(display, row, column + 1, f"{sheet}!{layout.column_letter(column)}{row}")


def read_workbook(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> WorkbookDocument:
    """Read an evidence workbook, refusing a hostile one before it is parsed; raise every problem at once."""
    display = display if display is not None else str(path)
    limits = limits_for(max_bytes)
    check_workbook(path, display, limits)
    import warnings

    import openpyxl  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it skips
            book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError.at(
            Location(display), f"cannot be read as a workbook ({type(exc).__name__}); expected an .xlsx workbook"
        ) from None
    try:
        return _Reader(book, display, limits).document()
    finally:
        book.close()


class _Reader:
    def __init__(self, book: Any, display: str, limits: Limits) -> None:
        self.book = book
        self.display = display
        self.limits = limits
        self.cells = 0
        self.problems: list[Problem] = []
        #: a header or About key is wrong: the values cannot be read right, so stop at these
        self.fatal = False
        #: a header or About key is wrong: the values cannot be read right, so stop at these
        self.fatal = False
        self.marks: dict[KeyPath, Location] = {}
        self.key_marks: dict[KeyPath, Location] = {}

    def where(self, sheet: str, row: int, column: int) -> Location:
        return cell_location(self.display, sheet, row, column)

    def problem(self, where: Location, message: str) -> None:
        self.problems.append(Problem(where, message))

    def document(self) -> WorkbookDocument:
        data: dict[str, Any] = {}
        self.marks[()] = self.where(layout.ABOUT, 1, 0)
        if layout.ABOUT not in self.book.sheetnames or layout.ITEMS not in self.book.sheetnames:
            missing = [name for name in (layout.ABOUT, layout.ITEMS) if name not in self.book.sheetnames]
            raise InputError.at(
                Location(self.display),
                f"has no sheet named {' or '.join(missing)}; expected the sheets of 'fhcheck init --format xlsx' "
                f"(found {', '.join(self.book.sheetnames[:10])})",
            )
        self._about(data)
        items: dict[str, Any] = {}
        data["items"] = items
        self.marks[("items",)] = self.where(layout.ITEMS, 1, 0)
        rows_of = self._items(items)
        if layout.EVIDENCE in self.book.sheetnames:
            self._evidence(items, rows_of)
        for item_id in [i for i, entry in items.items() if not entry]:
            del items[item_id]  # a blank row: the item is not recorded
        if layout.PROGRAMMES in self.book.sheetnames:
            self._programmes(data)
        if self.fatal:
            raise InputError(sorted(self.problems, key=lambda p: (p.location.line, p.location.column)))
        # cell and row problems: validation reports them with its own, in one run
        return WorkbookDocument(
            self.display, data, dict(self.marks), dict(self.key_marks), problems=tuple(self.problems)
        )

    # ------------------------------------------------------------------ sheets

    def _about(self, data: dict[str, Any]) -> None:
        known = [key for key, _ in layout.ABOUT_KEYS]
        columns = self._header(layout.ABOUT_SHEET)
        if columns is None:
            return
        seen: dict[str, Location] = {}
        for row, values in self._rows(layout.ABOUT, columns):
            key_cell, key = values.get("key", (None, None))
            if key is None:
                if "value" in values:
                    self.problem(
                        self.where(layout.ABOUT, row, columns["key"]),
                        "found a value without a key; expected a key in column " + layout.column_letter(columns["key"]),
                    )
                continue
            assert key_cell is not None
            if not isinstance(key, str) or key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                self.problem(key_cell, f"found key {describe(key)}; expected one of {', '.join(known)}{hint}")
                self.fatal = True
                continue
            if key in seen:
                self.problem(key_cell, f"found key {key} again; expected each key once (first at {seen[key].cell})")
                continue
            seen[key] = key_cell
            self.key_marks[(key,)] = key_cell
            value_cell, value = values.get("value", (self.where(layout.ABOUT, row, columns["value"]), None))
            self.marks[(key,)] = value_cell
            if value is not None:
                data[key] = value

    def _items(self, items: dict[str, Any]) -> dict[str, Location]:
        columns = self._header(layout.ITEMS_SHEET)
        rows_of: dict[str, Location] = {}
        if columns is None:
            return rows_of
        for row, values in self._rows(layout.ITEMS, columns, only=("id", *layout.ITEM_FIELDS)):
            id_cell, item_id = values.get("id", (self.where(layout.ITEMS, row, columns["id"]), None))
            fields = {name: cell_value for name, cell_value in values.items() if name != "id"}
            if item_id is None:
                if fields:
                    self.problem(
                        id_cell, "found a row without an item id; expected the id of a criterion item, e.g. 1.1.B1"
                    )
                continue
            if not isinstance(item_id, str):
                self.problem(
                    id_cell, f"found {describe(item_id)}; expected the id of a criterion item as text, e.g. 1.1.B1"
                )
                continue
            if item_id in rows_of:
                self.problem(
                    id_cell, f"found item {item_id} again; expected one row per item (first at {rows_of[item_id].cell})"
                )
                continue
            rows_of[item_id] = id_cell
            path = ("items", item_id)
            self.key_marks[path] = id_cell
            self.marks[path] = self.where(layout.ITEMS, row, columns["status"])  # a missing status is reported here
            entry: dict[str, Any] = {}
            for name in layout.ITEM_FIELDS:
                if name in fields:
                    cell, value = fields[name]
                    entry[name] = value
                    self.marks[(*path, name)] = self.key_marks[(*path, name)] = cell
            items[item_id] = entry
        return rows_of

    def _evidence(self, items: dict[str, Any], rows_of: dict[str, Location]) -> None:
        columns = self._header(layout.EVIDENCE_SHEET)
        if columns is None:
            return
        for row, values in self._rows(layout.EVIDENCE, columns):
            item_cell, item_id = values.pop("item", (self.where(layout.EVIDENCE, row, columns["item"]), None))
            if item_id is None:
                self.problem(
                    item_cell, "found an evidence row without an item; expected the id of the item it is evidence for"
                )
                continue
            if not isinstance(item_id, str) or item_id not in rows_of:
                self.problem(
                    item_cell,
                    f"found item {describe(item_id)}, which has no row in sheet {layout.ITEMS}; "
                    "expected the id of an item "
                    f"listed there",
                )
                continue
            cited = items[item_id].setdefault("evidence", [])
            path = ("items", item_id, "evidence", len(cited))
            if len(cited) == 0:
                self.marks[path[:-1]] = self.key_marks[path[:-1]] = item_cell
            self.marks[path] = item_cell
            entry: dict[str, Any] = {}
            for name in layout.EVIDENCE_FIELDS[1:]:
                if name in values:
                    cell, value = values[name]
                    entry[name] = value
                    self.marks[(*path, name)] = self.key_marks[(*path, name)] = cell
            cited.append(entry)

    def _programmes(self, data: dict[str, Any]) -> None:
        columns = self._header(layout.PROGRAMMES_SHEET)
        if columns is None:
            return
        register: list[Any] = []
        for row, values in self._rows(layout.PROGRAMMES, columns):
            path = ("programmes", len(register))
            self.marks[path] = self.where(layout.PROGRAMMES, row, 0)
            entry: dict[str, Any] = {}
            for name in layout.PROGRAMME_FIELDS:
                if name in values:
                    cell, value = values[name]
                    if name in layout.LIST_FIELDS and isinstance(value, str):
                        value = [line for line in value.splitlines() if line.strip()]
                    entry[name] = value
                    self.marks[(*path, name)] = self.key_marks[(*path, name)] = cell
                elif name == "cost_rating":
                    entry[name] = None  # the Guidebook gives no cost rating: the cell is left blank
            register.append(entry)
        if register:
            data["programmes"] = register
            self.marks[("programmes",)] = self.key_marks[("programmes",)] = self.where(layout.PROGRAMMES, 1, 0)

    # ------------------------------------------------------------------ cells

    def _header(self, sheet: layout.Sheet) -> dict[str, int] | None:
        """Header name -> 0-based column; every missing or misspelt header is a problem at its cell."""
        worksheet = self.book[sheet.name]
        row = next(worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), ())
        columns: dict[str, int] = {}
        last = -1
        for index, value in enumerate(row):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            last = index
            where = self.where(sheet.name, 1, index)
            if not isinstance(value, str) or value not in sheet.allowed:
                close = difflib.get_close_matches(str(value).strip().lower(), sheet.allowed, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]}?" if close else ""
                self.problem(where, f"found header {describe(value)}; expected one of {', '.join(sheet.allowed)}{hint}")
            elif value in columns:
                self.problem(where, f"found header {value} again; expected each column once")
            else:
                columns[value] = index
        missing = [name for name in sheet.required if name not in columns]
        self.fatal |= bool(missing) or any(
            p.location.line == 1 and p.location.cell.startswith(sheet.name + "!") for p in self.problems
        )
        for offset, name in enumerate(missing):
            self.problem(
                self.where(sheet.name, 1, last + 1 + offset),
                f"found no column headed {name}; expected a header {name} in row 1 of sheet {sheet.name}",
            )
        return None if missing else columns

    def _rows(
        self, sheet: str, columns: dict[str, int], only: tuple[str, ...] | None = None
    ) -> Iterator[tuple[int, dict[str, tuple[Location, Any]]]]:
        """Each non-empty row below the header: its number and its values by header, with their cells."""
        wanted = {index: name for name, index in columns.items() if only is None or name in only}
        width = max(columns.values()) + 1
        for row_number, cells in enumerate(self.book[sheet].iter_rows(min_row=2, max_col=width), start=2):
            if row_number - 1 > self.limits.rows:
                raise InputError.at(
                    self.where(sheet, row_number, 0),
                    f"found more than {self.limits.rows:,} rows in sheet {sheet}; "
                    "expected at most that (raise it with --max-bytes)",
                )
            self.cells += len(cells)
            if self.cells > self.limits.cells:
                raise InputError.at(
                    self.where(sheet, row_number, 0),
                    f"found more than {self.limits.cells:,} cells; expected at most that (raise it with --max-bytes)",
                )
            values: dict[str, tuple[Location, Any]] = {}
            for index, cell in enumerate(cells):
                name = wanted.get(index)
                if name is None:
                    continue
                value = self._value(cell, name, sheet, row_number, index)
                if value is not None:
                    values[name] = (self.where(sheet, row_number, index), value)
            if values:
                yield row_number, values

    def _value(self, cell: Any, name: str, sheet: str, row: int, column: int) -> Any:
        """A cell's value as the YAML loader would give it: text, a number, a date; None when blank."""
        value = getattr(cell, "value", None)
        if value is None:
            return None
        where = self.where(sheet, row, column)
        if getattr(cell, "data_type", None) == "f" or (
            isinstance(value, str) and value.startswith("=") and cell.data_type == "f"
        ):
            self.problem(
                where,
                f"found a formula ({str(value)[:60]}); expected a value typed in (fhcheck never evaluates formulas)",
            )
            return None
        if isinstance(value, str):
            if name in layout.DATE_FIELDS and _DATE_TEXT.match(value):
                try:
                    return dt.date.fromisoformat(value)  # as YAML reads it; a non-date stays text to be named
                except ValueError:
                    return value
            return value if value.strip() else None
        if isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time() else value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if name in layout.DATE_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
            if _DATE_NUMBERS[0] <= value <= _DATE_NUMBERS[1]:
                day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
                self.problem(
                    where,
                    f"found the number {value}, an Excel date number ({day.isoformat()}) in a cell not formatted as a "
                    "date; expected a date cell or text written YYYY-MM-DD (format the cell as a date)",
                )
                return None
        return value
