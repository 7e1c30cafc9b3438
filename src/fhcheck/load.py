"""YAML -> plain data plus the line and column of every key and value.

Evidence files come from people and from other tools, so this module treats every byte
as hostile. It reads only regular files, and no more than ``max_bytes`` of them; names
the encoding of a file that is not UTF-8 (or the offset of its first bad byte); and then
builds the data straight from libyaml's *event* stream rather than calling
``yaml.compose``. Working from events, one at a time and without recursion, is what
makes the limits hold:

- nesting deeper than :data:`MAX_DEPTH` is refused at the event that crosses the line,
  before libyaml has read further (its C composer recurses without bound and crashes
  the interpreter on ``[[[[...``; its scanner slows quadratically with flow depth);
- every value, and every value an alias would copy, is counted as it arrives, so an
  alias bomb ("billion laughs") is refused after reading a few hundred bytes, and a
  file cannot hold more values than its size allows;
- no tag is ever constructed: plain YAML types only, anything else is named and refused;
- duplicate keys, merge keys and keys that are lists or mappings are refused;
- YAML 1.1 booleans (``yes``/``no``/``on``/``off``) become :class:`Yaml11Boolean`
  markers that any text or status field rejects, and timestamps that are not calendar
  dates stay text so that validation names them.

Every refusal is an :class:`InputError` whose single line names the file, line and column.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fhcheck.errors import InputError, Location, Problem
from fhcheck.limits import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported for callers of load()

try:  # libyaml is several times faster; fall back to pure Python where it is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]

#: lists and mappings nested deeper than this are refused (an evidence file needs five)
MAX_DEPTH = 64
#: mapping keys longer than this are refused (YAML's own limit for plain keys)
MAX_KEY_LENGTH = 1024
#: the values (keys, scalars, lists, mappings, alias copies) a file within the default size
#: limit may hold: 124 items citing five documents each come to about 9,000, so this is
#: room for far more, yet refusing an endless list costs a fraction of a second
MAX_NODES = 50_000

_TAG = "tag:yaml.org,2002:"
_YAML11_BOOLEANS = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_TRUE_FALSE = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
#: what YAML allows in a stream (YAML 1.1 section 5.1, as libyaml's reader enforces it)
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: the bytes of ASCII text YAML allows: deleting them from an ASCII file leaves nothing
_PRINTABLE_ASCII = bytes([9, 10, 13, *range(0x20, 0x7F)])
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers) for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items() if first is not None
}
_KEY_KINDS = frozenset({"str", "int", "float", "bool", "null", "timestamp", "value"})
_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def max_nodes_for(max_bytes: int) -> int:
    """How many values a file within ``max_bytes`` may hold: raising the size limit raises this too."""
    return max(MAX_NODES, MAX_NODES * max_bytes // DEFAULT_MAX_BYTES)


@dataclass(frozen=True)
class Yaml11Boolean:
    """A plain ``yes``/``no``/``on``/``off``: YAML 1.1 reads it as a boolean, people as text.

    A dataclass, not a NamedTuple like fhcheck's records: it is a value in the user's data,
    where a tuple would pass validation as a list of one.
    """

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Document:
    """Parsed data, and where in the file every value and mapping key was written.

    Marks are kept as the parser made them (0-based) and become a :class:`Location` only
    when asked for: creating one per value would double the cost of reading a file.
    """

    file: str
    data: Any
    _marks: dict[KeyPath, Any] = field(default_factory=dict, repr=False)
    _key_marks: dict[KeyPath, Any] = field(default_factory=dict, repr=False)
    #: where an alias was used -> the path of the anchored value it stands for
    _aliases: dict[KeyPath, KeyPath] = field(default_factory=dict, repr=False)
    #: problems found while reading that left the rest readable (a workbook's formula cell,
    #: say): reported together with validation's, so that one run names every mistake
    problems: tuple[Problem, ...] = ()

    def where(self, path: KeyPath, *, key: bool = False) -> Location:
        """The location of ``path`` (of its key, with ``key``), or of its nearest recorded ancestor.

        Below an alias, a path leads to where the anchored value was written: an alias
        costs one entry however much it stands for.
        """
        table = self._key_marks if key else self._marks
        probe = tuple(path)
        while probe:
            real = self._through_aliases(probe)
            if real in table:
                return self._location(table[real])
            if key and real in self._marks:
                return self._location(self._marks[real])
            probe = probe[:-1]
        if () in self._marks:
            return self._location(self._marks[()])
        return Location(self.file, 1, 1)

    def _through_aliases(self, path: KeyPath) -> KeyPath:
        if not self._aliases:
            return path
        for _ in range(MAX_DEPTH * MAX_DEPTH):  # each step moves into an earlier anchor: it ends
            for cut in range(1, len(path)):
                anchored = self._aliases.get(path[:cut])
                if anchored is not None:
                    path = anchored + path[cut:]
                    break
            else:
                return path
        return path  # pragma: no cover

    def _location(self, mark: Any) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)


# --------------------------------------------------------------------------- reading


#: ``fhcheck assess -``: the path and name standing for standard input. Its path is ``-`` in
#: the current folder, so the documents it cites resolve from there; only the pair (the name
#: ``-`` as typed) means standard input, so a file called ``./-`` is still read as a file.
STDIN = Path("-")
STDIN_NAME = "-"


def read_stdin(display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Standard input as UTF-8 text, no more than ``max_bytes + 1`` bytes of it read."""
    import sys

    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        raise InputError.at(Location(display), "standard input is closed; expected an evidence file piped in")
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = stream.read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    raw = b"".join(chunks)
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
        info = os.stat(path)
        _require_regular(info, where, max_bytes)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
        try:
            _require_regular(os.fstat(descriptor), where, max_bytes)
            chunks: list[bytes] = []
            remaining = max_bytes + 1
            while remaining > 0:
                chunk = os.read(descriptor, min(remaining, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
        finally:
            os.close(descriptor)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError.at(where, "no such file; expected an existing YAML file") from None
    except PermissionError:
        raise InputError.at(where, "permission denied; expected a readable file") from None
    except OSError as exc:
        reason = "a symlink loop" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
        raise InputError.at(where, f"cannot be read ({reason}); expected a readable file") from None
    raw = b"".join(chunks)
    if len(raw) > max_bytes:  # it grew after the size check
        raise InputError.at(where, _too_big(len(raw), max_bytes, at_least=True))
    return decode(raw, display)


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
            _offset_location(raw, nul, display),
            f"NUL byte at byte offset {nul}; expected a UTF-8 text file, not binary data",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            _offset_location(raw, exc.start, display),
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


def _offset_location(raw: bytes, offset: int, display: str) -> Location:
    """Line and column (in characters) of a byte offset; CR, LF and CRLF each end a line."""
    before = raw[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return Location(display, line, column)


# --------------------------------------------------------------------------- parsing


def parse(text: str, display: str, max_nodes: int = MAX_NODES) -> Document:
    """Build ``text``'s data and marks from YAML events; any problem is an InputError."""
    # most files are ASCII: checking their bytes in C is ten times faster than the pattern
    clean = text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    bad = None if clean else _NOT_PRINTABLE.search(text)
    if bad is not None:
        offset = len(text[: bad.start()].encode("utf-8", errors="surrogatepass"))
        where = _offset_location(text[: bad.start()].encode("utf-8", errors="surrogatepass"), offset, display)
        code = ord(bad.group())
        kind = "a control character"
        if 0xD800 <= code <= 0xDFFF:
            kind = "a lone surrogate"
        elif code > 0xFFFD:
            kind = "a non-character"
        raise InputError.at(
            where,
            f"{kind} U+{code:04X} at byte offset {offset}; "
            "expected printable text (YAML allows no control characters but tab and line breaks)",
        )
    doc = Document(display, None)
    collecting = gc.isenabled()
    gc.disable()  # reading makes a tuple per value and no cycles: collecting meanwhile only costs time
    try:
        doc.data = _Composer(doc, text, max_nodes).run()
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):
            raise _nesting_refused(exc, display, text, max_nodes) from None
        raise InputError([_yaml_problem(exc, display, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors (reader) are pre-empted by decode()
        message = " ".join(str(exc).split())
        raise InputError.at(Location(display), f"not valid YAML ({message}); expected a YAML mapping") from None
    finally:
        if collecting:
            gc.enable()
    return doc


def load(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one YAML file."""
    name = display if display is not None else str(path)
    return parse(read_text(path, name, max_bytes), name, max_nodes_for(max_bytes))


def _nesting_refused(exc: yaml.MarkedYAMLError, display: str, text: str, max_nodes: int) -> InputError:
    """fhcheck's own message where libyaml 0.2.6 refused deep nesting before :data:`MAX_DEPTH`.

    libyaml 0.2.6 (PyYAML 6.0.4) refuses 1,000 levels itself, in its scanner, before the
    composer has seen the 65th; older versions do not. Composing the text up to where libyaml
    stopped (fewer levels than its limit, more than ours) finds fhcheck's refusal at the same
    place whatever libyaml is installed.
    """
    mark = exc.problem_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    before = text.split("\n", line)[:line]
    prefix = text[: sum(len(piece) + 1 for piece in before) + column]
    try:
        _Composer(Document(display, None), prefix, max_nodes).run()
    except InputError as refused:
        return refused
    except yaml.YAMLError:
        pass
    return InputError.at(
        Location(display, line + 1, column + 1),
        f"nesting is deeper than {MAX_DEPTH} levels; expected a shallow evidence file",
    )


def _yaml_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    """libyaml's error as one line: where, what it found, and what would have been right."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    problem = " ".join((exc.problem or "invalid YAML").split())
    context = " ".join((exc.context or "").split())
    if "'\\t'" in problem or _is_tab_at(text, mark):
        return Problem(
            Location(display, line, column),
            "a tab character is used for indentation; expected spaces (YAML forbids tabs there)",
        )
    start = exc.context_mark
    lookalike = _lookalike_problem(exc, display, text) or _layout_problem(exc, display, text)
    if lookalike is not None:
        return lookalike
    started = f" (started at line {start.line + 1}, column {start.column + 1})" if start is not None else ""
    found = f"{problem} {context}".strip()
    expected = "valid YAML (check the quotes, colons and indentation here)"
    if "while scanning a quoted scalar" in context and "end of stream" in problem and start is not None:
        return Problem(
            Location(display, start.line + 1, start.column + 1),
            "YAML syntax error: a quoted value starts here and is never closed; expected a closing quote",
        )
    if "invalid Unicode character escape" in problem:
        expected = "an escape of a whole character such as \\u00e9 (not half of a surrogate pair)"
    elif "unknown escape character" in problem or "expected hexdecimal number" in problem:
        expected = "a known escape such as \\n, \\t, \\\\ or \\\" (or single quotes, which have no escapes)"
    elif "mapping values are not allowed" in problem and column > 1024:
        found = "a key longer than 1024 characters"
        expected = "a shorter key (YAML reads no longer one before ':')"
    elif "mapping values are not allowed" in problem:
        found = "a ': ' inside a value"
        expected = "a value containing ': ' to be quoted, or a new key on its own line"
    elif "could not find expected ':'" in problem:
        found = f"a key without ':'{started}"
        expected = f"'key: value' (a plain key fits on one line and is at most {MAX_KEY_LENGTH} characters)"
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        found = f"{problem}{started}"
        expected = "the same indentation as the other keys of this mapping"
    elif "incompatible YAML document" in problem:
        found = "a %YAML directive for a version other than 1.1 or 1.2"
        expected = "no %YAML line, or %YAML 1.1"
    elif "cannot start any token" in problem:
        found = f"found character {_character_at(text, mark)!r} that cannot start any token"
        expected = "a value that starts with it to be quoted"
    elif "did not find expected '-' indicator" in problem:
        expected = "the same indentation as the other entries of this list"
    return Problem(Location(display, line, column), f"YAML syntax error: {found}; expected {expected}")


_EMPTY_FLOW_MAPPING = re.compile(r"^(?P<key>[^\s#:][^:#]*):[ \t]+(?P<flow>\{\s*\})[ \t]*(?:#.*)?$", re.MULTILINE)
_LIST_ENTRY_KEY = re.compile(r"^(?P<indent> *)- +(?P<key>[^\s:#][^:#]*):[ \t]*(?:#.*)?$")


def _layout_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem | None:
    """Two layouts ``fhcheck init`` users trip over, pointed at where the fix goes.

    ``items: {}`` left in when the items below it are uncommented: libyaml fails at the
    first item, but the fix is on the ``items:`` line. And one item written as a list entry
    (``- 1.1.B1:``) among keys: libyaml fails at the next, correct, item.
    """
    problem, mark, start = exc.problem or "", exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    if "did not find expected key" in problem or "expected <block end>" in problem:
        for found in _EMPTY_FLOW_MAPPING.finditer(text, 0, _line_start_index(text, mark.line)):
            rest = text[found.end() :].lstrip("\r\n")
            indented = re.match(r"(?:[ \t]*(?:#.*)?(?:\r\n|\r|\n))*[ \t]+[^\s#]", rest)
            if indented:
                where = _text_location(text, found.start("flow"), display)
                key = found.group("key")
                return Problem(
                    where,
                    f"found '{key}: {{}}' (an empty mapping) with entries indented below it; "
                    f"expected '{key}:' on its own (change '{key}: {{}}' to '{key}:')",
                )
    lines = text.splitlines()
    blamed = start if "expected '-' indicator" in problem else mark if "did not find expected key" in problem else None
    if blamed is not None and blamed.line < len(lines):
        entry = _LIST_ENTRY_KEY.match(lines[blamed.line])
        if entry:
            key = entry.group("key").strip()
            return Problem(
                Location(display, blamed.line + 1, len(entry.group("indent")) + 1),
                f"found a list entry '- {key}:' where the entries around it are keys; "
                f"expected '{key}:' without the '- '",
            )
    return None


def _line_start_index(text: str, line: int) -> int:
    """Index of the first character of 0-based ``line``."""
    index = 0
    for _ in range(line):
        ends = [e for e in (text.find("\n", index), text.find("\r", index)) if e >= 0]
        if not ends:
            return len(text)
        index = min(ends) + (2 if text.startswith("\r\n", min(ends)) else 1)
    return index


def _lookalike_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem | None:
    """A syntax error caused by a character that looks like a space or a quote, named where it is.

    libyaml trips over a non-breaking space after ``owner:`` (or a curly quote) lines later,
    where it gives up; the officer needs the line and column of the pasted character itself.
    Only characters where YAML needs a plain space or quote are blamed: in the indentation
    or a key, just after its ``:``, or opening or closing a value. Only the lines from the one before
    libyaml's construct started to where it failed are looked at.
    """
    from fhcheck.suggest import PLAIN, first_lookalike, name_character, replacement

    lines = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None and isinstance(m.line, int)]
    if not lines:
        return None
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    if max(lines) >= len(starts) or min(lines) < 0:
        return None
    begin = starts[max(min(lines) - 1, 0)]  # the line before: a pasted indent shows on the next line
    end = starts[max(lines) + 1] if max(lines) + 1 < len(starts) else len(text)
    index = first_lookalike(text, begin, end)
    while index >= 0:
        char = text[index]
        line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
        before = text[line_start:index]
        after = text[index + 1 : index + 2]
        where = _text_location(text, index, display)
        if char in PLAIN and char != "\uff1a":
            opens = before.rstrip(" ").endswith((":", "-")) or not before.strip()
            closes = after in ("", "\n", "\r", ":", ",") or text[index + 1 : index + 3] == ": "
            if opens or closes or ": " not in before:
                return Problem(
                    where,
                    f"found {name_character(char)}; expected a straight {PLAIN[char]} (YAML treats only "
                    f"straight quotes as quotes: retype {_CURLY_PAIRS[PLAIN[char]]} as {PLAIN[char]}...{PLAIN[char]})",
                )
        elif char == "\uff1a" or char == "\t":
            pass  # tabs have their own message; a full-width colon is just text
        elif ": " not in before and ":\t" not in before:  # in the indentation, the key, or just after its ':'

            fix = "a plain space" if replacement(char) == " " else "nothing (delete it)"
            return Problem(where, f"found {name_character(char)} where {fix} is needed; expected {fix} here")
        elif not text[index + 1 : _line_end(text, index)].strip(" "):
            return Problem(
                where,
                f"found {name_character(char)} at the end of the line; expected a plain character here "
                "(a closing quote, if the value is quoted)",
            )
        index = first_lookalike(text, index + 1, end)
    return None


def _line_end(text: str, index: int) -> int:
    ends = [e for e in (text.find("\n", index), text.find("\r", index)) if e >= 0]
    return min(ends) if ends else len(text)


_CURLY_PAIRS = {'"': "\u201c...\u201d", "'": "\u2018...\u2019"}


def _text_location(text: str, index: int, display: str) -> Location:
    """Line and column (in characters) of ``text[index]``; CR, LF and CRLF each end a line."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return Location(display, line, index - start + 1)


def _character_at(text: str, mark: Any) -> str:
    try:
        return str(text.splitlines()[mark.line][mark.column])
    except (AttributeError, IndexError, TypeError):
        return "?"


def _is_tab_at(text: str, mark: Any) -> bool:
    """Whether the line of ``mark`` has a tab in its indentation, where libyaml trips over it."""
    if mark is None:
        return False
    index = getattr(mark, "index", None)
    if not isinstance(index, int) or not 0 <= index <= len(text):
        return False
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    line = text[start : index + 1]
    indent = line[: len(line) - len(line.lstrip(" \t-?:"))]
    return "\t" in indent


class _Anchor:
    """What an alias to this anchor copies: a value, how many values, how deep, and its marks."""

    __slots__ = ("value", "raw", "size", "height", "path")

    def __init__(self, value: Any, raw: str | None, size: int, height: int, path: KeyPath) -> None:
        self.value = value  # shared by every alias: nothing is copied
        self.raw = raw  # a scalar's text, for an alias used as a key; None for a list or mapping
        self.size = size  # values an alias stands for, itself included
        self.height = height  # levels of lists and mappings, itself included
        self.path = path  # where it was written


_OPEN = _Anchor(None, None, 0, 0, ())  # an anchor still being read: an alias to it is a cycle
_NO_KEY = object()  # a mapping waiting for its next key


class _Open:
    """A list or mapping being read."""

    __slots__ = ("value", "path", "is_map", "key", "anchor", "count_start", "height")

    def __init__(self, value: Any, path: KeyPath, is_map: bool, anchor: str | None, count: int) -> None:
        self.value = value
        self.path = path
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.anchor = anchor
        self.count_start = count
        self.height = 0  # levels of lists and mappings below this one


class _Composer:
    """YAML events -> Python values and marks, one event at a time, refusing what we never accept.

    This replaces ``yaml.compose`` plus a constructor. Its hot path (one scalar value) is
    written out inline: it runs once per value of the file.
    """

    def __init__(self, doc: Document, text: str, max_nodes: int) -> None:
        self.doc = doc
        self.text = text
        self.max_nodes = max_nodes
        self.count = 0  # values read so far, alias copies included
        self.stack: list[_Open] = []
        self.anchors: dict[str, _Anchor] = {}

    def run(self) -> Any:
        loader = _Loader(self.text)
        try:
            get = loader.get_event
            get()  # StreamStartEvent
            if isinstance(get(), yaml.StreamEndEvent):
                raise InputError.at(
                    Location(self.doc.file, 1, 1),
                    "the file is empty (or only comments); expected a YAML mapping such as 'fhcheck: 1'",
                )
            root = self._document(get)
            event = get()
            if isinstance(event, yaml.DocumentStartEvent):
                raise InputError.at(
                    self._loc(event), "a second YAML document starts here; expected one document per file"
                )
            return root
        finally:
            loader.dispose()

    def _loc(self, event: Any) -> Location:
        return self.doc._location(event.start_mark)

    def _document(self, get: Any) -> Any:
        root: Any = None
        stack = self.stack
        marks, key_marks = self.doc._marks, self.doc._key_marks
        scalar_event, str_tag = yaml.ScalarEvent, _TAG + "str"
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        resolvable = _IMPLICIT.keys()  # first characters of plain scalars that may be more than text
        path: KeyPath
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                top = stack[-1] if stack else None
                if top is not None and top.is_map and top.key is _NO_KEY:
                    key = event.value
                    if event.tag is not None or event.anchor is not None or key == "<<" or not key.isascii():
                        key = self._key_text(event)
                    path = (*top.path, key)
                    if key in top.value or len(key) > MAX_KEY_LENGTH:
                        self._key(top, key, event)  # names the problem
                    self.count += 1
                    if self.count > self.max_nodes:
                        self._too_many(event, alias=False)
                    key_marks[path] = event.start_mark
                    top.key = key
                    continue
                tag = event.tag
                value = event.value
                if tag is None:
                    if event.implicit[0] and value[:1] in resolvable:  # plain: a number, date, null...?
                        value = self._convert(_resolve(event), event)
                    elif not value.isascii():  # text: checked for lone surrogates
                        value = self._convert(str_tag, event)
                else:
                    value = self._convert(_resolve(event) if tag == "!" else tag, event)
                self.count += 1
                if self.count > self.max_nodes:
                    self._too_many(event, alias=False)
                if top is None:
                    path = ()
                    root = value
                elif top.is_map:
                    path = (*top.path, top.key)
                    top.value[top.key] = value
                    top.key = _NO_KEY
                else:
                    path = (*top.path, len(top.value))
                    top.value.append(value)
                marks[path] = event.start_mark
                if event.anchor is not None:
                    self.anchors[event.anchor] = _Anchor(value, event.value, 1, 0, path)
            elif kind is mapping_start or kind is sequence_start:
                top = stack[-1] if stack else None
                if (
                    event.tag is not None
                    or event.anchor is not None
                    or len(stack) >= MAX_DEPTH
                    or (top is not None and top.is_map and top.key is _NO_KEY)
                ):
                    self._open(event, kind is mapping_start)  # tags, anchors and refusals
                    continue
                self.count += 1
                if self.count > self.max_nodes:
                    self._too_many(event, alias=False)
                if top is None:
                    path = ()
                elif top.is_map:
                    path = (*top.path, top.key)
                else:
                    path = (*top.path, len(top.value))
                marks[path] = event.start_mark
                is_map = kind is mapping_start
                stack.append(_Open({} if is_map else [], path, is_map, None, self.count - 1))
            elif kind in end_events:
                frame = stack.pop()
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = _Anchor(
                        frame.value, None, self.count - frame.count_start, frame.height + 1, frame.path
                    )
                if stack:
                    parent = stack[-1]
                    if parent.height <= frame.height:
                        parent.height = frame.height + 1
                    if parent.is_map:
                        parent.value[parent.key] = frame.value
                        parent.key = _NO_KEY
                    else:
                        parent.value.append(frame.value)
                else:
                    root = frame.value
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentEndEvent:
                return root
            # the DocumentStartEvent of the one document: nothing to do

    def _too_many(self, event: Any, *, alias: bool) -> None:
        if alias:
            message = (
                f"aliases expand to more than {self.max_nodes:,} values; expected a file without alias "
                "expansion bombs"
            )
        else:
            message = (
                f"the file holds more than {self.max_nodes:,} values; expected a smaller evidence file "
                "(raise the limit with --max-bytes)"
            )
        raise InputError.at(self._loc(event), message)

    def _count(self, size: int, event: Any, *, alias: bool = False) -> None:
        self.count += size
        if self.count > self.max_nodes:
            self._too_many(event, alias=alias)

    def _next_path(self) -> KeyPath:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_map:
            return (*top.path, top.key)
        return (*top.path, len(top.value))

    def _mark(self, path: KeyPath, mark: Any, *, key: bool = False) -> None:
        (self.doc._key_marks if key else self.doc._marks)[path] = mark

    def _attach(self, value: Any) -> None:
        top = self.stack[-1]
        if top.is_map:
            top.value[top.key] = value
            top.key = _NO_KEY
        else:
            top.value.append(value)

    def _open(self, event: Any, is_map: bool) -> None:
        stack = self.stack
        tag = event.tag
        if tag is not None and tag != "!" and tag != _TAG + ("map" if is_map else "seq"):
            raise InputError.at(self._loc(event), _unknown_tag(tag))
        if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
            raise InputError.at(self._loc(event), "a key is a mapping or list; expected a plain text key")
        if len(stack) >= MAX_DEPTH:
            raise InputError.at(
                self._loc(event), f"nesting is deeper than {MAX_DEPTH} levels; expected a shallow evidence file"
            )
        self._count(1, event)
        path = self._next_path()
        if event.anchor is not None:
            self.anchors[event.anchor] = _OPEN
        self._mark(path, event.start_mark)
        stack.append(_Open({} if is_map else [], path, is_map, event.anchor, self.count - 1))

    def _alias(self, event: Any) -> None:
        """An alias shares its anchor's value, counted and depth-checked as if copied; nothing is copied."""
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise InputError.at(
                self._loc(event), f"alias *{event.anchor} has no anchor; expected &{event.anchor} on an earlier value"
            )
        if anchor is _OPEN:
            raise InputError.at(
                self._loc(event),
                f"alias *{event.anchor} refers to a value that contains it; expected data without cycles",
            )
        top = self.stack[-1]  # an alias is never the root: its anchor comes first
        if top.is_map and top.key is _NO_KEY:
            if anchor.raw is None:
                raise InputError.at(self._loc(event), "a key is a mapping or list; expected a plain text key")
            self._key(top, anchor.raw, event)
            return
        self._count(anchor.size, event, alias=True)
        if len(self.stack) + anchor.height > MAX_DEPTH:
            raise InputError.at(
                self._loc(event),
                f"alias *{event.anchor} nests deeper than {MAX_DEPTH} levels; expected a shallow evidence file",
            )
        top.height = max(top.height, anchor.height)
        path = self._next_path()
        self._mark(path, event.start_mark)
        if anchor.raw is None:
            self.doc._aliases[path] = anchor.path
        self._attach(anchor.value)

    def _key(self, frame: _Open, key: str, event: Any) -> None:
        if len(key) > MAX_KEY_LENGTH:
            raise InputError.at(
                self._loc(event), f"a key is {len(key):,} characters long; expected at most {MAX_KEY_LENGTH:,}"
            )
        path = (*frame.path, key)
        if key in frame.value:
            first = self.doc.where(path, key=True)
            raise InputError.at(
                self._loc(event), f"duplicate key {_short(key)} (first at line {first.line}); expected each key once"
            )
        self._count(1, event)
        self._mark(path, event.start_mark, key=True)
        frame.key = key

    def _key_text(self, event: Any) -> str:
        """A key is its text as written: ``1.50``, ``no`` and ``~`` stay themselves; tags are refused."""
        tag = event.tag
        value: str = event.value
        if tag is None or tag == "!":
            if event.implicit[0] and value == "<<":
                raise InputError.at(self._loc(event), "merge keys ('<<') are not supported; expected plain keys")
        elif not tag.startswith(_TAG) or tag[len(_TAG) :] not in _KEY_KINDS:
            raise InputError.at(self._loc(event), _unknown_tag(tag))
        if not value.isascii():
            self._convert(_TAG + "str", event)  # refuses lone surrogates
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, value, 1, 0, ())
        return value

    def _convert(self, tag: str, event: Any) -> Any:
        """A scalar's value by its tag: plain YAML types only, never a constructor."""
        value: str = event.value
        if not tag.startswith(_TAG):
            raise InputError.at(self._loc(event), _unknown_tag(tag))
        kind = tag[len(_TAG) :]
        if kind == "str" or kind == "value":
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise InputError.at(
                        self._loc(event), "a lone surrogate escape in text; expected a whole Unicode character"
                    ) from None
            return value
        if kind == "null":
            return None
        if kind == "bool":
            if event.style is None and _YAML11_BOOLEANS.match(value):
                return Yaml11Boolean(value)
            if value in _TRUE_FALSE:
                return _TRUE_FALSE[value]
            return Yaml11Boolean(value)
        if kind == "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:  # also beyond Python's 4300-digit limit
                return value
        if kind == "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if kind == "timestamp":
            return _timestamp(value)
        if kind == "merge":  # '<<' as a value is just text
            return value
        raise InputError.at(self._loc(event), _unknown_tag(tag))


def _resolve(event: Any) -> str:
    """The tag YAML 1.1 gives a plain scalar (PyYAML's resolver table, without its overhead)."""
    value: str = event.value
    if not event.implicit[0]:
        return _TAG + "str"
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _TAG + "str"


def _unknown_tag(tag: str) -> str:
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return f"unknown tag {_short(shown)}; expected plain YAML without tags (tags are never run)"


def _short(text: str, limit: int = 60) -> str:
    """A user's text, quoted, on one line and short enough to read."""
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(shown)


def _timestamp(value: str) -> dt.date | dt.datetime | str:
    """A real date or datetime; anything else (``2025-13-45``) stays text for validation to name."""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        return value
