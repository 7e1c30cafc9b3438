"""libyaml's event stream -> Python values and marks, one event at a time, within limits.

This replaces ``yaml.compose`` plus a constructor. Working from events, without recursion,
is what makes the limits hold:

- nesting deeper than :data:`MAX_DEPTH` is refused at the event that crosses the line,
  before libyaml has read further (its C composer recurses without bound and crashes
  the interpreter on ``[[[[...``; its scanner slows quadratically with flow depth);
- every value, and every value an alias would copy, is counted as it arrives, so an
  alias bomb ("billion laughs") is refused after reading a few hundred bytes, and a
  file cannot hold more values than its size allows (:func:`max_nodes_for`);
- no tag is ever constructed: plain YAML types only, anything else is named and refused;
- duplicate keys, merge keys and keys that are lists or mappings are refused;
- YAML 1.1 booleans (``yes``/``no``/``on``/``off``) become :class:`Yaml11Boolean`
  markers that any text or status field rejects, and timestamps that are not calendar
  dates stay text so that validation names them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import yaml

from fhcheck.errors import InputError, Location
from fhcheck.limits import DEFAULT_MAX_BYTES
from fhcheck.load.document import KeyPath
from fhcheck.load.scalars import CONVERTERS, IMPLICIT, STR, TAG, as_text, resolve

if TYPE_CHECKING:
    from fhcheck.load.document import Document

try:  # libyaml is several times faster; fall back to pure Python where it is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: lists and mappings nested deeper than this are refused (an evidence file needs five)
MAX_DEPTH = 64
#: mapping keys longer than this are refused (YAML's own limit for plain keys)
MAX_KEY_LENGTH = 1024
#: the values (keys, scalars, lists, mappings, alias copies) a file within the default size
#: limit may hold: 124 items citing five documents each come to about 9,000, so this is
#: room for far more, yet refusing an endless list costs a fraction of a second
MAX_NODES = 50_000

_MAP = TAG + "map"
_SEQ = TAG + "seq"
_KEY_KINDS = frozenset({"str", "int", "float", "bool", "null", "timestamp", "value"})


def max_nodes_for(max_bytes: int) -> int:
    """How many values a file within ``max_bytes`` may hold: raising the size limit raises this too."""
    return max(MAX_NODES, MAX_NODES * max_bytes // DEFAULT_MAX_BYTES)


def compose(doc: Document, text: str, max_nodes: int) -> Any:
    """The data of the one YAML document in ``text``, its marks recorded in ``doc``."""
    return _Composer(doc, text, max_nodes).run()


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
    """YAML events -> Python values and marks, refusing what we never accept: one method per event kind
    (plain keys and values are placed by :meth:`_document` itself, the hot path)."""

    def __init__(self, doc: Document, text: str, max_nodes: int) -> None:
        self.doc = doc
        self.text = text
        self.max_nodes = max_nodes
        self.count = 0  # values read so far, alias copies included
        self.stack: list[_Open] = []
        self.anchors: dict[str, _Anchor] = {}
        self.root: Any = None

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

    def _document(self, get: Callable[[], Any]) -> Any:
        """The events of the one document until it ends: scalars here, the rest each to its method.

        The one hot path of the loader: a scalar (a key or a value) is most of a file's events,
        so a plain key and a plain value are placed here, without a call; anything else about a
        scalar (a tag, an anchor, the document's own value, a problem) goes to :meth:`_scalar`,
        which reads any scalar. Sending every scalar there (one method per event, no copies) reads
        a 124-item file (52 kB) ~0.9 ms, a sixth, slower: 6.4 ms against 5.5 with this loop, as
        fast as the single-module loader's 5.6 (CPU time, medians of seven rounds of 200 loads,
        three sittings). :meth:`_open` and :meth:`_close` likewise count and attach without calls.
        """
        handlers: dict[type, Callable[[Any], None]] = {
            yaml.MappingStartEvent: self._open,
            yaml.SequenceStartEvent: self._open,
            yaml.MappingEndEvent: self._close,
            yaml.SequenceEndEvent: self._close,
            yaml.AliasEvent: self._alias,
        }
        scalar, end = yaml.ScalarEvent, yaml.DocumentEndEvent
        stack, marks, key_marks = self.stack, self.doc._marks, self.doc._key_marks
        while True:
            event = get()
            kind = type(event)
            if kind is not scalar:
                if kind is end:
                    return self.root
                handler = handlers.get(kind)
                if handler is not None:  # the DocumentStartEvent of the one document: nothing to do
                    handler(event)
                continue
            top = stack[-1] if stack else None
            text = event.value
            if top is None or event.anchor is not None or event.tag is not None:
                self._scalar(event)
            elif top.is_map and top.key is _NO_KEY:  # a key
                if text in top.value or len(text) > MAX_KEY_LENGTH or text == "<<" or not text.isascii():
                    self._scalar(event)  # names the problem, or reads an unusual key
                    continue
                self.count += 1
                if self.count > self.max_nodes:
                    self._too_many(event)
                key_marks[(*top.path, text)] = event.start_mark
                top.key = text
            else:
                resolvable = event.implicit[0] and text[:1] in IMPLICIT  # a number, date, null...?
                value = self._value(event) if resolvable or not text.isascii() else text
                self.count += 1
                if self.count > self.max_nodes:
                    self._too_many(event)
                if top.is_map:
                    marks[(*top.path, top.key)] = event.start_mark
                    top.value[top.key] = value
                    top.key = _NO_KEY
                else:
                    marks[(*top.path, len(top.value))] = event.start_mark
                    top.value.append(value)

    def _scalar(self, event: Any) -> None:
        """Any scalar: a key, or a value placed in the open list or mapping (or the whole document)."""
        top = self.stack[-1] if self.stack else None
        if top is not None and top.is_map and top.key is _NO_KEY:
            self._key(top, self._key_text(event), event)
            return
        value = self._value(event)
        path = self._place(value, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, event.value, 1, 0, path)

    def _open(self, event: Any) -> None:
        """The start of a list or mapping: checked, counted and marked, then read into until it closes."""
        is_map = type(event) is yaml.MappingStartEvent
        stack = self.stack
        top = stack[-1] if stack else None
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            raise InputError.at(self._loc(event), _unknown_tag(tag))
        if top is not None and top.is_map and top.key is _NO_KEY:
            raise InputError.at(self._loc(event), "a key is a mapping or list; expected a plain text key")
        if len(stack) >= MAX_DEPTH:
            raise InputError.at(
                self._loc(event), f"nesting is deeper than {MAX_DEPTH} levels; expected a shallow evidence file"
            )
        self.count += 1  # as _count and _next_path would, without two calls for each list and mapping
        if self.count > self.max_nodes:
            self._too_many(event)
        if top is None:
            path: KeyPath = ()
        else:
            path = (*top.path, top.key if top.is_map else len(top.value))
        if event.anchor is not None:
            self.anchors[event.anchor] = _OPEN
        self.doc._marks[path] = event.start_mark
        stack.append(_Open({} if is_map else [], path, is_map, event.anchor, self.count - 1))

    def _close(self, event: Any) -> None:
        """The end of a list or mapping: it becomes a value of its parent, and an anchor if it has one."""
        stack = self.stack
        frame = stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = _Anchor(
                frame.value, None, self.count - frame.count_start, frame.height + 1, frame.path
            )
        if not stack:
            self.root = frame.value
            return
        parent = stack[-1]
        if parent.height <= frame.height:
            parent.height = frame.height + 1
        if parent.is_map:  # as _attach would, without a call for each list and mapping
            parent.value[parent.key] = frame.value
            parent.key = _NO_KEY
        else:
            parent.value.append(frame.value)

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
        self.doc._marks[path] = event.start_mark
        if anchor.raw is None:
            self.doc._aliases[path] = anchor.path
        self._attach(anchor.value)

    def _place(self, value: Any, event: Any) -> KeyPath:
        """Count a scalar value, mark it and put it where it goes; its path."""
        self._count(1, event)
        path = self._next_path()
        self.doc._marks[path] = event.start_mark
        if self.stack:
            self._attach(value)
        else:
            self.root = value
        return path

    def _count(self, size: int, event: Any, *, alias: bool = False) -> None:
        self.count += size
        if self.count > self.max_nodes:
            self._too_many(event, alias=alias)

    def _too_many(self, event: Any, *, alias: bool = False) -> None:
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

    def _next_path(self) -> KeyPath:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_map:
            return (*top.path, top.key)
        return (*top.path, len(top.value))

    def _attach(self, value: Any) -> None:
        top = self.stack[-1]
        if top.is_map:
            top.value[top.key] = value
            top.key = _NO_KEY
        else:
            top.value.append(value)

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
        self.doc._key_marks[path] = event.start_mark
        frame.key = key

    def _key_text(self, event: Any) -> str:
        """A key is its text as written: ``1.50``, ``no`` and ``~`` stay themselves; tags are refused."""
        tag = event.tag
        value: str = event.value
        if tag is None and event.anchor is None and value.isascii() and value != "<<":
            return value  # nearly every key
        if tag is None or tag == "!":
            if event.implicit[0] and value == "<<":
                raise InputError.at(self._loc(event), "merge keys ('<<') are not supported; expected plain keys")
        elif not tag.startswith(TAG) or tag[len(TAG) :] not in _KEY_KINDS:
            raise InputError.at(self._loc(event), _unknown_tag(tag))
        if not value.isascii():
            self._convert(STR, event)  # refuses lone surrogates
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, value, 1, 0, ())
        return value

    def _value(self, event: Any) -> Any:
        """A scalar value: plain text as it is; anything that may be more than text by its tag."""
        tag = event.tag
        value: str = event.value
        if tag is None:
            if event.implicit[0] and value[:1] in IMPLICIT:  # plain: a number, date, null...?
                return self._convert(resolve(event), event)
            if not value.isascii():  # text: checked for lone surrogates
                return self._convert(STR, event)
            return value
        return self._convert(resolve(event) if tag == "!" else tag, event)

    def _convert(self, tag: str, event: Any) -> Any:
        """A scalar's value by its tag: plain YAML types only, never a constructor."""
        if not tag.startswith(TAG):
            raise InputError.at(self._loc(event), _unknown_tag(tag))
        convert = CONVERTERS.get(tag[len(TAG) :])
        if convert is None:
            raise InputError.at(self._loc(event), _unknown_tag(tag))
        if convert is as_text and not event.value.isascii():
            try:
                event.value.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError.at(
                    self._loc(event), "a lone surrogate escape in text; expected a whole Unicode character"
                ) from None
        return convert(event)


def _unknown_tag(tag: str) -> str:
    shown = "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag
    return f"unknown tag {_short(shown)}; expected plain YAML without tags (tags are never run)"


def _short(text: str, limit: int = 60) -> str:
    """A user's text, quoted, on one line and short enough to read."""
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(shown)
