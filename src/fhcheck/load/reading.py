"""Bytes -> text: regular files only, bounded reads, UTF-8 only, and byte offsets -> line:column.

Every byte of an evidence file is hostile until it has been read within the size limit and
decoded; a file in another encoding, or with a NUL or control character, is named with the
line and column of the first offending character.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from fhcheck.errors import InputError, Location
from fhcheck.limits import DEFAULT_MAX_BYTES

#: ``fhcheck assess -``: the path and name standing for standard input. Its path is ``-`` in
#: the current folder, so the documents it cites resolve from there; only the pair (the name
#: ``-`` as typed) means standard input, so a file called ``./-`` is still read as a file.
STDIN = Path("-")
STDIN_NAME = "-"

#: what YAML allows in a stream (YAML 1.1 section 5.1, as libyaml's reader enforces it)
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: the bytes of ASCII text YAML allows: deleting them from an ASCII file leaves nothing
_PRINTABLE_ASCII = bytes([9, 10, 13, *range(0x20, 0x7F)])
_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_stdin(display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Standard input as UTF-8 text, no more than ``max_bytes + 1`` bytes of it read."""
    import sys

    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        raise InputError.at(Location(display), "standard input is closed; expected an evidence file piped in")
    raw = _read_bounded(stream.read, max_bytes)
    if len(raw) > max_bytes:
        raise InputError.at(Location(display), _too_big(len(raw), max_bytes, at_least=True))
    return decode(raw, display)


def read_text(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a regular file as UTF-8 text, refusing oversized, binary and undecodable input.

    Only regular files are opened: a FIFO would block and ``/dev/zero`` never ends. The
    file is opened without blocking and checked again once open, so swapping it for a pipe
    between the two checks gains nothing, and no more than ``max_bytes + 1`` bytes are read
    even if it grows meanwhile.
    """
    if path == STDIN and display == STDIN_NAME:
        return read_stdin(display, max_bytes)
    where = Location(display)
    try:
        raw = _read_regular(path, where, max_bytes)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError.at(where, "no such file; expected an existing YAML file") from None
    except PermissionError:
        raise InputError.at(where, "permission denied; expected a readable file") from None
    except OSError as exc:
        reason = "a symlink loop" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
        raise InputError.at(where, f"cannot be read ({reason}); expected a readable file") from None
    if len(raw) > max_bytes:  # it grew after the size check
        raise InputError.at(where, _too_big(len(raw), max_bytes, at_least=True))
    return decode(raw, display)


def _read_regular(path: Path, where: Location, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``path``, checked to be a regular file before and after opening."""
    _require_regular(os.stat(path), where, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        _require_regular(os.fstat(descriptor), where, max_bytes)
        return _read_bounded(lambda size: os.read(descriptor, size), max_bytes)
    finally:
        os.close(descriptor)


def _read_bounded(read: Callable[[int], bytes], max_bytes: int) -> bytes:
    """Chunks of up to 1 MiB until the end or one byte past ``max_bytes``."""
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _require_regular(info: os.stat_result, where: Location, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError.at(where, "is a directory; expected a YAML file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "not a regular file")
        raise InputError.at(where, f"is {kind}, which is never read; expected a regular YAML file")
    if info.st_size > max_bytes:
        raise InputError.at(where, _too_big(info.st_size, max_bytes))


def _too_big(size: int, max_bytes: int, *, at_least: bool = False) -> str:
    found = f"more than {max_bytes:,}" if at_least else f"{size:,}"
    mebibytes = f" ({size / 1048576:.1f} MiB)" if size >= 1048576 else ""
    return f"file is {found} bytes{mebibytes}; expected at most {max_bytes:,} bytes (raise the limit with --max-bytes)"


def decode(raw: bytes, display: str) -> str:
    """Decode UTF-8 (with or without BOM), naming a foreign encoding or the first bad byte."""
    foreign = _foreign_encoding(raw)
    if foreign:
        raise InputError.at(
            Location(display, 1, 1), f"the file is {foreign}; expected UTF-8 (save it as UTF-8 and try again)"
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError.at(
            offset_location(raw, nul, display),
            f"NUL byte at byte offset {nul}; expected a UTF-8 text file, not binary data",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            offset_location(raw, exc.start, display),
            f"byte 0x{raw[exc.start]:02x} at byte offset {exc.start} is not UTF-8; "
            "expected a UTF-8 text file (save it as UTF-8)",
        ) from None
    return text.removeprefix("\ufeff")


def _foreign_encoding(raw: bytes) -> str:
    """UTF-16 or UTF-32, recognised by BOM or by the zero bytes of its first character (YAML 5.2)."""
    head = raw[:4]
    if head.startswith(b"\xff\xfe\x00\x00") or (len(head) == 4 and head[1:] == b"\x00\x00\x00" and head[0]):
        return "UTF-32 (little-endian)"
    if head.startswith(b"\x00\x00\xfe\xff") or (len(head) == 4 and head[:3] == b"\x00\x00\x00" and head[3]):
        return "UTF-32 (big-endian)"
    if head.startswith(b"\xff\xfe") or (len(head) >= 2 and head[0] and not head[1]):
        return "UTF-16 (little-endian)"
    if head.startswith(b"\xfe\xff") or (len(head) >= 2 and not head[0] and head[1]):
        return "UTF-16 (big-endian)"
    return ""


def offset_location(raw: bytes, offset: int, display: str) -> Location:
    """Line and column (in characters) of a byte offset; CR, LF and CRLF each end a line."""
    before = raw[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return Location(display, line, column)


def require_printable(text: str, display: str) -> None:
    """Refuse a control character, lone surrogate or non-character, naming it and where it is."""
    # most files are ASCII: checking their bytes in C is ten times faster than the pattern
    if text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII):
        return
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    before = text[: bad.start()].encode("utf-8", errors="surrogatepass")
    code = ord(bad.group())
    kind = "a control character"
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code > 0xFFFD:
        kind = "a non-character"
    raise InputError.at(
        offset_location(before, len(before), display),
        f"{kind} U+{code:04X} at byte offset {len(before)}; "
        "expected printable text (YAML allows no control characters but tab and line breaks)",
    )
