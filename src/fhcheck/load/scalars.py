"""A scalar's value by its YAML 1.1 tag: plain YAML types only, never a constructor.

PyYAML's resolver table decides what a plain scalar is (a number, a date, null...), without
its overhead; each kind has one converter. Whatever is not a real date or number stays the
text it was, for validation to name; ``yes``/``no``/``on``/``off`` become :class:`Yaml11Boolean`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from fhcheck.load.document import Yaml11Boolean

TAG = "tag:yaml.org,2002:"
STR = TAG + "str"
_YAML11_BOOLEANS = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_TRUE_FALSE = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers) for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items() if first is not None
}


def as_text(event: Any) -> Any:
    return event.value


def _merge(event: Any) -> Any:
    """'<<' as a value is just text."""
    return event.value


def _null(event: Any) -> Any:
    return None


def _bool(event: Any) -> Any:
    value: str = event.value
    if event.style is None and _YAML11_BOOLEANS.match(value):
        return Yaml11Boolean(value)
    if value in _TRUE_FALSE:
        return _TRUE_FALSE[value]
    return Yaml11Boolean(value)


def _int(event: Any) -> Any:
    try:
        return int(event.value.replace("_", ""), 0)
    except ValueError:  # also beyond Python's 4300-digit limit
        return event.value


def _float(event: Any) -> Any:
    try:
        return float(event.value.replace("_", ""))
    except ValueError:
        return event.value


def _timestamp(event: Any) -> dt.date | dt.datetime | str:
    """A real date or datetime; anything else (``2025-13-45``) stays text for validation to name."""
    value: str = event.value
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        return value


#: the plain YAML types a scalar may have, by the last part of its tag
CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "str": as_text,
    "value": as_text,
    "merge": _merge,
    "null": _null,
    "bool": _bool,
    "int": _int,
    "float": _float,
    "timestamp": _timestamp,
}


def resolve(event: Any) -> str:
    """The tag YAML 1.1 gives a plain scalar (PyYAML's resolver table, without its overhead)."""
    value: str = event.value
    if not event.implicit[0]:
        return STR
    for tag, pattern in IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return STR
