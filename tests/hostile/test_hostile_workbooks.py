"""Hostile workbooks: each refused with one message and exit status 2, before openpyxl parses it.

The cases are built here from the template (the corpus script is another issue's); their
timings are in benchmarks/hostile_workbooks.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fhcheck.catalogue import default_store
from fhcheck.workbook.layout import ITEM_FIELDS, column_letter
from fhcheck.workbook.template import workbook_bytes

ITEMS_PART = "xl/worksheets/sheet3.xml"  # Instructions, About, Items, ... in the order written


def template() -> bytes:
    store = default_store()
    about = {"fhcheck": 1, "framework": "2025", "local_authority": "Hostile", "assessed_on": dt.date(2025, 10, 1)}
    return workbook_bytes(store.get("2025"), sorted(store.kinds), about)


def rezip(
    source: bytes, replace: dict[str, bytes | Callable[[], Iterator[bytes]]], add: dict[str, bytes] | None = None
) -> bytes:
    """``source`` with some parts replaced (by bytes, or streamed from a generator) and others added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new,
    ):
        for info in old.infolist():
            body = replace.get(info.filename)
            if body is None:
                new.writestr(info.filename, old.read(info.filename))
            elif isinstance(body, bytes):
                new.writestr(info.filename, body)
            else:
                with new.open(info.filename, "w", force_zip64=True) as stream:
                    for chunk in body():
                        stream.write(chunk)
        for name, body in (add or {}).items():
            new.writestr(name, body)
    return out.getvalue()


def rows_sheet(count: int) -> Callable[[], Iterator[bytes]]:
    header = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    names = ("id", *ITEM_FIELDS)
    first = (
        b'<row r="1">'
        + b"".join(
            b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (column_letter(i).encode(), n.encode())
            for i, n in enumerate(names)
        )
        + b"</row>"
    )

    def chunks() -> Iterator[bytes]:
        yield header + first
        for start in range(2, count + 2, 10_000):
            yield b"".join(
                b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                for n in range(start, min(start + 10_000, count + 2))
            )
        yield b"</sheetData></worksheet>"

    return chunks


def wide_row(count: int) -> bytes:
    cells = b"".join(b'<c r="A%d" t="inlineStr"><is><t>x</t></is></c>' % n for n in range(count))
    return b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + (
        b'<sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"
    )


def spaces(size: int) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        block = b" " * (1 << 20)
        for _ in range(size >> 20):
            yield block
        yield b"<sheetData/></worksheet>"

    return chunks


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    b'<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def cases() -> dict[str, tuple[str, Callable[[], bytes], str]]:
    """name -> (file name, how to build it, the one message expected after 'FILE: ')."""
    return {
        "zip bomb": (
            "bomb.xlsx",
            lambda: rezip(template(), {ITEMS_PART: spaces(60 << 20)}),
            "inflates to more than 52,428,800 bytes; expected a workbook that unzips to at most that "
            "(raise it with --max-bytes)",
        ),
        "one part inflating": (
            "ratio.xlsx",
            lambda: rezip(template(), {ITEMS_PART: spaces(8 << 20)}),
            f"part {ITEMS_PART} inflates",
        ),
        "a million rows": (
            "million.xlsx",
            lambda: rezip(template(), {ITEMS_PART: rows_sheet(1_000_000)}),
            "inflates to more than 52,428,800 bytes",
        ),
        "too many rows": (
            "rows.xlsx",
            lambda: rezip(template(), {ITEMS_PART: rows_sheet(20_000)}),
            f"sheet part {ITEMS_PART} holds more than 10,000 rows; expected at most that (raise it with --max-bytes)",
        ),
        "too many cells": (
            "cells.xlsx",
            lambda: rezip(template(), {ITEMS_PART: wide_row(250_000)}),
            f"sheet part {ITEMS_PART} holds more than 200,000 cells; expected at most that (raise it with --max-bytes)",
        ),
        "external links": (
            "links.xlsx",
            lambda: rezip(template(), {}, {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
            "links to other workbooks (xl/externalLinks/externalLink1.xml); expected a workbook whose values "
            "are typed in (break the links in Excel: Data > Edit Links > Break Link)",
        ),
        "macros in .xlsm": (
            "ours.xlsm",
            template,
            "is a macro-enabled workbook (.xlsm); expected an .xlsx workbook without macros (save it as .xlsx)",
        ),
        "macros renamed .xlsx": (
            "macro.xlsx",
            lambda: rezip(template(), {}, {"xl/vbaProject.bin": b"\x00" * 64}),
            "holds macros (xl/vbaProject.bin); expected an .xlsx workbook without macros",
        ),
        "encrypted": (
            "secret.xlsx",
            lambda: OLE2 + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512,
            "is an encrypted (password-protected) workbook; expected an .xlsx saved without a password",
        ),
        ".xls renamed": (
            "old.xlsx",
            lambda: OLE2 + b"\x00" * 1024,
            "is an old Excel 97-2003 (.xls) file renamed .xlsx; expected an .xlsx workbook (save it as .xlsx)",
        ),
        ".csv renamed": (
            "table.xlsx",
            lambda: b"id,status\n1.1.B1,met\n",
            "is a text (perhaps CSV) file, not a workbook; expected an .xlsx workbook saved by Excel or 'fhcheck init'",
        ),
        "entities": (
            "laughs.xlsx",
            lambda: rezip(template(), {ITEMS_PART: LAUGHS}),
            f"part {ITEMS_PART} declares a document type or entities; expected plain workbook XML",
        ),
        "a zip that is not a workbook": (
            "other.xlsx",
            lambda: _plain_zip(),
            "is a zip file but not an Excel workbook; expected an .xlsx workbook",
        ),
    }


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


CASES = cases()


@pytest.mark.usefixtures("alarm")
@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("command", ["validate", "assess"])
def test_a_hostile_workbook_is_one_message_and_exit_2(
    name: str, command: str, tmp_path: Path, fhcheck: Callable[..., object]
) -> None:
    file_name, build, message = CASES[name]
    path = tmp_path / file_name
    path.write_bytes(build())
    run = fhcheck(command, str(path))
    assert run.status == 2  # type: ignore[attr-defined]
    problems = [line for line in run.err.splitlines() if line.startswith(str(path))]  # type: ignore[attr-defined]
    assert len(problems) == 1, run.err  # type: ignore[attr-defined]
    assert problems[0].startswith(f"{path}: {message}") or problems[0].startswith(f"{path}:Items!A10002: {message}"), (
        problems[0]
    )


def test_raising_max_bytes_raises_the_limits(tmp_path: Path, fhcheck: Callable[..., object]) -> None:
    path = tmp_path / "rows.xlsx"
    path.write_bytes(rezip(template(), {ITEMS_PART: rows_sheet(20_000)}))
    run = fhcheck("validate", str(path), "--max-bytes", str(20 * 1024 * 1024))
    # within the raised limits the rows are read: 20,000 rows of item 'x' are duplicates from the second on
    assert run.status == 2 and "rows in sheet Items" not in run.err  # type: ignore[attr-defined]
    assert run.err.startswith(f"{path}:Items!A3: found item x again; expected one row per item (first at Items!A2)")  # type: ignore[attr-defined]
