"""How every message names a value it found in a user's file: short, quoted and typed.

One function for every message that says ``found ...``, whatever the file was: an evidence
file (YAML, or a workbook read into the same data) says "a mapping", a saved Open Referral
UK feed (JSON) says "an object", as each format's documentation does. It imports nothing
heavy, so the models' field types and the feed analysis can use it without the validator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple


class _Words(NamedTuple):
    """What a format calls null, true/false, a mapping and a list."""

    null: str
    boolean: str
    mapping: str
    sequence: str
    #: whether hidden and look-alike characters in text are named (evidence files, typed by people)
    odd_characters: bool


_YAML = _Words("nothing (null)", "the boolean {}", "a mapping", "a list", odd_characters=True)
_JSON = _Words("null", "{}", "an object", "an array", odd_characters=False)


def describe(value: Any, *, json: bool = False) -> str:
    """How a found value is named in messages; ``json`` for a value of a JSON file, in JSON's words."""
    words = _JSON if json else _YAML
    if value is None:
        return words.null
    if isinstance(value, bool):
        return words.boolean.format(str(value).lower())
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return _text(value, words.odd_characters)
    if isinstance(value, dict):
        return words.mapping
    if isinstance(value, list):
        return words.sequence
    from fhcheck.load.document import Yaml11Boolean  # only an evidence file holds one: loaded already

    if isinstance(value, Yaml11Boolean):
        return f"{value.text} (a YAML 1.1 boolean: quote it if you mean the word)"
    return type(value).__name__


def _text(value: str, odd_characters: bool) -> str:
    """Text quoted, its middle cut past 60 characters, hidden characters named where asked."""
    if not value:
        return "an empty string"
    quoted = repr(value if len(value) <= 60 else value[:57] + "...")
    if not odd_characters:
        return quoted
    from fhcheck.suggest import odd_characters as named

    odd = named(value)
    return f"{quoted} (with {odd})" if odd else quoted
