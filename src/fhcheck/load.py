"""YAML -> plain data plus the line and column of every key and value.

One compose pass (libyaml's C composer when present) yields the node tree; we build the
Python values ourselves so that we see every node's mark, refuse duplicate keys and
unknown tags before anything is constructed, and never convert silently: YAML 1.1
booleans (``yes``/``no``/``on``/``off``) become :class:`Yaml11Boolean` markers that any
string or status field rejects, and timestamps that are not calendar dates stay text so
that validation names them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fhcheck.errors import InputError, Location, Problem

try:  # libyaml is several times faster; fall back to pure Python where it is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_KEY_LENGTH = 1024
MAX_NODES = 200_000

_TAG = "tag:yaml.org,2002:"
_YAML11_BOOLEANS = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_TRUE_FALSE = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass(frozen=True)
class Yaml11Boolean:
    """A plain ``yes``/``no``/``on``/``off``: YAML 1.1 reads it as a boolean, people as text."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Document:
    """Parsed data with the location of every value (``marks``) and mapping key (``key_marks``)."""

    file: str
    data: Any
    marks: dict[KeyPath, Location] = field(default_factory=dict)
    key_marks: dict[KeyPath, Location] = field(default_factory=dict)

    def where(self, path: KeyPath, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest recorded ancestor."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), Location(self.file, 1, 1))


def read_text(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file as UTF-8 text, refusing oversized, binary and undecodable input."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError.at(
                Location(display),
                f"file is {size:,} bytes; expected at most {max_bytes:,} bytes "
                "(raise the limit with --max-bytes)",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError.at(Location(display), "no such file; expected an existing YAML file") from None
    except IsADirectoryError:
        raise InputError.at(Location(display), "is a directory; expected a YAML file") from None
    except PermissionError:
        raise InputError.at(Location(display), "permission denied; expected a readable file") from None
    except OSError as exc:
        raise InputError.at(Location(display), f"cannot be read ({exc.strerror}); expected a readable file") from None
    return decode(raw, display)


def decode(raw: bytes, display: str) -> str:
    """Decode UTF-8 (with or without BOM), naming the first bad byte's line, column and offset."""
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


def _offset_location(raw: bytes, offset: int, display: str) -> Location:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Location(display, line, column)


def parse(text: str, display: str) -> Document:
    """Compose ``text`` and build its data and marks; any YAML problem is an InputError."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_yaml_problem(exc, display, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise InputError.at(Location(display), f"not valid YAML ({exc}); expected a YAML mapping") from None
    except RecursionError:
        raise InputError.at(
            Location(display), f"nesting is too deep; expected at most {MAX_DEPTH} levels"
        ) from None
    doc = Document(display, None)
    if root is None:
        raise InputError.at(
            Location(display, 1, 1),
            "the file is empty (or only comments); expected a YAML mapping such as 'fhcheck: 1'",
        )
    builder = _Builder(doc)
    builder.check_size(root)
    doc.data = builder.build(root, ())
    return doc


def load(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one YAML file."""
    name = display if display is not None else str(path)
    return parse(read_text(path, name, max_bytes), name)


def _yaml_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    problem = exc.problem or "invalid YAML"
    context = f" {exc.context}" if exc.context else ""
    if "\t" in problem or "tab" in problem.lower() or _is_tab_at(text, mark):
        return Problem(
            Location(display, line, column),
            "a tab character is used for indentation; expected spaces (YAML forbids tabs there)",
        )
    return Problem(Location(display, line, column), f"YAML syntax error: {problem}{context}; expected valid YAML")


def _is_tab_at(text: str, mark: Any) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    return "\t" in lines[mark.line][: mark.column + 1]


class _Builder:
    """Turns composed nodes into Python values, recording marks and refusing what we never accept."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def check_size(self, root: yaml.Node) -> None:
        """Refuse alias bombs and deep nesting before anything is built."""
        sizes: dict[int, int] = {}

        def size(node: yaml.Node, depth: int) -> int:
            if depth > MAX_DEPTH:
                raise InputError.at(
                    self._loc(node), f"nesting is deeper than {MAX_DEPTH} levels; expected a shallow evidence file"
                )
            known = sizes.get(id(node))
            if known is not None:
                return known
            sizes[id(node)] = 1  # a cycle counts once; recursive aliases are refused while building
            total = 1
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    total += size(key, depth + 1) + size(value, depth + 1)
            elif isinstance(node, yaml.SequenceNode):
                for child in node.value:
                    total += size(child, depth + 1)
            if total > MAX_NODES:
                raise InputError.at(
                    self._loc(node),
                    f"aliases expand to more than {MAX_NODES:,} values; expected a file without "
                    "alias expansion bombs",
                )
            sizes[id(node)] = total
            return total

        size(root, 0)

    def build(self, node: yaml.Node, path: KeyPath, active: frozenset[int] = frozenset()) -> Any:
        self.doc.marks[path] = self._loc(node)
        if id(node) in active:
            raise InputError.at(self._loc(node), "an alias refers to itself; expected data without cycles")
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        inner = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "seq")
            return [self.build(child, (*path, index), inner) for index, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, "map")
            return self._mapping(node, path, inner)
        raise InputError.at(self._loc(node), "unsupported YAML node; expected a mapping, list or scalar")  # pragma: no cover

    def _check_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != _TAG + kind:
            raise InputError.at(
                self._loc(node), f"unknown tag {node.tag!r}; expected plain YAML without tags (tags are never run)"
            )

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, active: frozenset[int]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise InputError.at(self._loc(key_node), "merge keys ('<<') are not supported; expected plain keys")
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError.at(self._loc(key_node), "a key is a mapping or list; expected a plain text key")
            key = self._scalar(key_node)
            if isinstance(key, Yaml11Boolean):
                key = key.text
            if isinstance(key, (dt.date, bool)) or key is None:
                key = key_node.value
            key = str(key)
            if len(key) > MAX_KEY_LENGTH:
                raise InputError.at(
                    self._loc(key_node), f"a key is {len(key):,} characters long; expected at most {MAX_KEY_LENGTH:,}"
                )
            child_path = (*path, key)
            if key in result:
                first = self.doc.key_marks[child_path]
                raise InputError.at(
                    self._loc(key_node),
                    f"duplicate key {key!r} (first at line {first.line}); expected each key once",
                )
            self.doc.key_marks[child_path] = self._loc(key_node)
            result[key] = self.build(value_node, child_path, active)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        value: str = node.value
        if not tag.startswith(_TAG):
            raise InputError.at(
                self._loc(node), f"unknown tag {tag!r}; expected plain YAML without tags (tags are never run)"
            )
        kind = tag[len(_TAG):]
        if kind == "str":
            return value
        if kind == "null":
            return None
        if kind == "bool":
            if node.style is None and _YAML11_BOOLEANS.match(value):
                return Yaml11Boolean(value)
            if value in _TRUE_FALSE:
                return _TRUE_FALSE[value]
            return Yaml11Boolean(value)
        if kind == "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if kind == "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if kind == "timestamp":
            return _timestamp(value)
        raise InputError.at(
            self._loc(node), f"unknown tag {tag!r}; expected plain YAML without tags (tags are never run)"
        )


def _timestamp(value: str) -> dt.date | dt.datetime | str:
    """A real date or datetime; anything else (``2025-13-45``) stays text for validation to name."""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        return value
