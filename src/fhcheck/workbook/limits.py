"""A workbook is refused before openpyxl reads it when it is not a plain, reasonably sized .xlsx.

An .xlsx is a zip of XML parts. Everything here looks only at the file's first bytes and
the zip's directory (plus the first few kilobytes of each XML part), so a zip bomb, a
sheet of a million rows, macros, external links, an encrypted or legacy file, or XML
with a document type (entity expansion) costs milliseconds and no memory to refuse.
The limits scale with ``--max-bytes`` as the YAML loader's do.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, NamedTuple

from fhcheck.errors import InputError, Location
from fhcheck.limits import DEFAULT_MAX_BYTES


class Limits(NamedTuple):
    """What a workbook within ``--max-bytes`` may hold."""

    max_bytes: int
    #: the XML parts together, inflated: a filled template is well under 1 MB
    uncompressed: int
    #: rows of any one sheet (124 items with five documents each is about 750)
    rows: int
    #: cells read in the whole workbook
    cells: int
    #: parts in the zip (a template has about 20)
    parts: int = 1000
    #: how much any one part may inflate relative to its compressed size, beyond the first MB
    ratio: int = 200


def limits_for(max_bytes: int = DEFAULT_MAX_BYTES) -> Limits:
    """The limits for a run with ``--max-bytes``: the defaults grow in proportion to it."""
    scale = max(1.0, max_bytes / DEFAULT_MAX_BYTES)
    return Limits(max_bytes, int(50 * 1024 * 1024 * scale), int(10_000 * scale), int(200_000 * scale))


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MACROS = re.compile(r"(?:^|/)vbaProject\.bin$|^xl/macrosheets/|^xl/dialogsheets/", re.IGNORECASE)
_PROLOG_BYTES = 4096
_RAISE = " (raise it with --max-bytes)"
#: a row and a cell element of sheet XML (prefixed or not), as they open
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def check_workbook(path: Path, display: str, limits: Limits) -> None:
    """Raise one InputError naming what makes ``path`` unsafe or not an .xlsx workbook; else return."""
    where = Location(display)

    def refuse(message: str) -> InputError:
        return InputError.at(where, message)

    if path.suffix.lower() == ".xlsm":
        raise refuse(
            "is a macro-enabled workbook (.xlsm); expected an .xlsx workbook without macros (save it as .xlsx)"
        )
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise refuse("is not a regular file; expected an .xlsx workbook")
        if info.st_size > limits.max_bytes:
            raise refuse(
                f"is {info.st_size:,} bytes; expected at most {limits.max_bytes:,} (raise it with --max-bytes)"
            )
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head.startswith(_OLE2):
                handle.seek(0)
                body = handle.read(limits.max_bytes)
                if _ENCRYPTED_STREAM in body:
                    raise refuse(
                        "is an encrypted (password-protected) workbook; expected an .xlsx saved without a password"
                    )
                raise refuse(
                    "is an old Excel 97-2003 (.xls) file renamed .xlsx; expected an .xlsx workbook (save it as .xlsx)"
                )
            if not head.startswith(b"PK\x03\x04"):
                kind = "a text (perhaps CSV) file" if _looks_like_text(head) else "not a zip file"
                raise refuse(f"is {kind}, not a workbook; expected an .xlsx workbook saved by Excel or 'fhcheck init'")
            try:
                archive = zipfile.ZipFile(handle)
            except zipfile.BadZipFile as exc:
                raise refuse(f"is a damaged zip file ({exc}); expected an .xlsx workbook") from None
            with archive:
                _check_parts(archive, refuse, limits)
    except FileNotFoundError:
        raise refuse("no such file; expected an existing .xlsx workbook") from None
    except PermissionError:
        raise refuse("permission denied; expected a readable file") from None
    except IsADirectoryError:
        raise refuse("is a directory; expected an .xlsx workbook") from None
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror or exc}); expected a readable .xlsx workbook") from None


def _looks_like_text(head: bytes) -> bool:
    return all(byte in b"\t\n\r" or 32 <= byte < 127 or byte >= 128 for byte in head)


def _check_parts(archive: zipfile.ZipFile, refuse: Callable[[str], InputError], limits: Limits) -> None:
    parts = archive.infolist()
    if len(parts) > limits.parts:
        raise refuse(f"holds {len(parts):,} parts; expected at most {limits.parts:,} in a workbook")
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/worksheets/") for name in names):
        raise refuse("is a zip file but not an Excel workbook; expected an .xlsx workbook")
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise refuse("holds encrypted zip entries; expected an .xlsx saved without a password")
        if _MACROS.search(part.filename):
            raise refuse(f"holds macros ({part.filename}); expected an .xlsx workbook without macros")
        if part.filename.startswith("xl/externalLinks/"):
            raise refuse(
                f"links to other workbooks ({part.filename}); expected a workbook whose values are typed in "
                "(break the links in Excel: Data > Edit Links > Break Link)"
            )
        total += part.file_size
        if total > limits.uncompressed:
            raise refuse(
                f"inflates to more than {limits.uncompressed:,} bytes; expected a workbook that unzips to at most that "
                "(raise it with --max-bytes)"
            )
        if part.file_size > (1 << 20) and part.file_size > limits.ratio * max(part.compress_size, 1):
            raise refuse(
                f"part {part.filename} inflates {part.file_size // max(part.compress_size, 1):,} times "
                f"(a zip bomb); expected at most {limits.ratio} times"
            )
    for part in parts:
        if part.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(part) as stream:
                prolog = stream.read(_PROLOG_BYTES)
                if _DOCTYPE.search(prolog):
                    raise refuse(
                        f"part {part.filename} declares a document type or entities; expected plain workbook XML"
                    )
                if part.filename.startswith("xl/worksheets/"):
                    _count_rows_and_cells(prolog, stream, part.filename, refuse, limits)


def _count_rows_and_cells(
    start: bytes, stream: IO[bytes], name: str, refuse: Callable[[str], InputError], limits: Limits
) -> None:
    """Count a sheet's rows and cells as it inflates, a megabyte at a time, before any XML parser sees it."""
    rows = cells = 0
    tail = b""
    chunk = start
    while chunk:
        window = tail + chunk
        rows += len(_ROW.findall(window)) - len(_ROW.findall(tail))
        cells += len(_CELL.findall(window)) - len(_CELL.findall(tail))
        if rows > limits.rows:
            raise refuse(f"sheet part {name} holds more than {limits.rows:,} rows; expected at most that{_RAISE}")
        if cells > limits.cells:
            raise refuse(f"sheet part {name} holds more than {limits.cells:,} cells; expected at most that{_RAISE}")
        tail = window[-8:]
        chunk = stream.read(1 << 20)
