"""Reading a saved JSON feed (an Open Referral UK ``/services`` response) without trusting it.

A regular file only, size- and structure-limited before any value is built, UTF-8, strict
JSON (no duplicate keys, no ``NaN``). Its own module so the ``service_directory`` check's
gather step (:mod:`fhcheck.checks.service_directory`) and the ``feed`` command read feeds
alike without importing the documents phase.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fhcheck.errors import InputError, Location

#: A saved service-directory feed larger than this is refused (a few thousand fully nested
#: Open Referral UK services are well under it).
MAX_FEED_BYTES = 32 * 1024 * 1024

#: Structure limits counted on the text before any value is built, so a hostile feed costs a
#: scan, not the memory of a million objects. A real 32 MB feed (about 13,000 fully nested
#: services) holds some 600,000 objects and arrays, nested about 8 deep.
MAX_FEED_DEPTH = 64
MAX_FEED_CONTAINERS = 1_500_000
#: with the 32 MB limit, 335 bytes a service: no real directory is near it
MAX_FEED_SERVICES = 100_000

_TOKENS: Any = None
_STRINGS: Any = None
_NOT_BRACKETS: Any = None
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _structure(text: str, display: str) -> None:
    """Refuse nesting deeper than MAX_FEED_DEPTH or more than MAX_FEED_CONTAINERS objects and arrays."""
    import re

    global _TOKENS, _STRINGS, _NOT_BRACKETS
    if _TOKENS is None:
        _TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')
        _STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # unrolled: 3x faster than (?:[^"\\]|\\.)*
        _NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
    # Fast pass at C speed: strings dropped, then everything but brackets; only the brackets
    # are walked in Python. The located pass below runs only when a limit is crossed.
    assert _STRINGS is not None and _NOT_BRACKETS is not None
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    opened = brackets.count("[") + brackets.count("{")
    if opened > MAX_FEED_CONTAINERS:
        raise InputError.at(Location(display), f"feed holds more than {MAX_FEED_CONTAINERS:,} JSON objects and "
                            "arrays; expected a saved /services response of at most some tens of thousands of services")
    if not brackets:
        return
    from collections import Counter
    from itertools import accumulate

    levels = list(accumulate(map(_STEP.__getitem__, brackets)))  # the depth after each bracket, in C
    deepest = max(levels)
    if deepest <= MAX_FEED_DEPTH:
        # A balanced text reaches level k once per opening to k and once per closing back from
        # k + 1, so the openings to the services' level are the alternating sum of the counts
        # from it down. Services sit at level 2 in a bare array, 3 in a page (object > content).
        level = 2 if brackets[0] == "[" else 3
        counts = Counter(levels)
        entries = sum(counts[k] if (k - level) % 2 == 0 else -counts[k] for k in range(level, deepest + 1))
        if entries > MAX_FEED_SERVICES:
            raise InputError.at(Location(display), f"feed holds more than {MAX_FEED_SERVICES:,} services; expected "
                                "a saved /services response (the largest English directories list some thousands)")
        return
    depth = containers = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            containers += 1
            if depth > MAX_FEED_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                raise InputError.at(Location(display, line, column), f"JSON nesting is deeper than {MAX_FEED_DEPTH} "
                                    "levels; expected a saved /services response (a few levels deep)")
            if containers > MAX_FEED_CONTAINERS:
                raise InputError.at(Location(display), f"feed holds more than {MAX_FEED_CONTAINERS:,} JSON objects "
                                    "and arrays; expected a saved /services response of at most some tens of "
                                    "thousands of services")
        elif token in "]}":
            depth -= 1


def read_feed(path: Path, display: str, max_bytes: int = MAX_FEED_BYTES) -> Any:
    """Parse a saved JSON feed: a regular file, size- and structure-limited, UTF-8, strict JSON.

    Devices and FIFOs are refused from ``stat`` before anything is opened (``/dev/zero`` never
    ends, a FIFO nobody writes never answers); duplicate keys and non-finite numbers (``NaN``,
    ``1e400``) are refused rather than silently resolved.
    """
    import json
    import math
    import stat

    from fhcheck.load import decode

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or socket, not a file"
            raise InputError.at(Location(display), f"is {kind}; expected a saved JSON feed (a regular file)")
        if info.st_size > max_bytes:
            raise InputError.at(Location(display), f"feed is {info.st_size:,} bytes; expected at most "
                                f"{max_bytes:,} bytes (a saved /services response of a few thousand services is "
                                "well under it)")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:  # grew since stat
            raise InputError.at(Location(display), f"feed is over {max_bytes:,} bytes; expected at most that")
    except FileNotFoundError:
        raise InputError.at(Location(display), "no such file; expected a saved JSON feed") from None
    except IsADirectoryError:
        raise InputError.at(Location(display), "is a directory; expected a saved JSON feed") from None
    except OSError as exc:
        raise InputError.at(Location(display), f"cannot be read ({exc.strerror}); expected a readable file") from None
    text = decode(raw, display)
    _structure(text, display)

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    def finite(literal: str) -> float:
        number = float(literal)
        if not math.isfinite(number):
            raise ValueError(f"the number {literal[:40]} is too large to represent")
        return number

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if len(built) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise _DuplicateKey(key)
                seen.add(key)
        return built

    try:
        return json.loads(text, parse_constant=no_constants, parse_float=finite, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError.at(
            Location(display, exc.lineno, exc.colno),
            f"not valid JSON ({exc.msg}); expected the saved JSON response of a /services endpoint",
        ) from None
    except _DuplicateKey as exc:
        key = exc.args[0]
        raise InputError.at(_first_repeat(text, key, display), f"duplicate key {key[:60]!r} in one object; expected "
                            "each key once (a reader would silently keep only the last)") from None
    except RecursionError:
        raise InputError.at(Location(display), "JSON nesting is too deep; expected a saved /services response") \
            from None
    except ValueError as exc:
        raise InputError.at(Location(display), f"{exc}; expected standard JSON numbers") from None


class _DuplicateKey(Exception):
    """A key repeated in one JSON object (carries the key)."""


def _first_repeat(text: str, key: str, display: str) -> Location:
    """Where the key's second occurrence is, as a hint (the first object that repeats it may be later)."""
    import json

    quoted = json.dumps(key, ensure_ascii=False)
    first = text.find(quoted + ":")
    if first < 0:
        first = text.find(quoted)
    second = text.find(quoted, first + 1) if first >= 0 else -1
    if second < 0:
        return Location(display)
    line = text.count("\n", 0, second) + 1
    return Location(display, line, second - text.rfind("\n", 0, second))
