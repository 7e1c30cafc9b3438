"""Pydantic validation errors -> one ``FILE:LINE:COL: found ...; expected ...`` line each.

pydantic reports a ``loc`` path into the data; the loader recorded a location for every
path, so each error points at the exact key or value. A missing field points at the
mapping that lacks it; an unknown key points at the key itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fhcheck.describe import describe
from fhcheck.errors import Problem
from fhcheck.load import Document

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

#: problems shown for one file: a screenful, then "... and N more"
MAX_PROBLEMS = 40
#: characters of one message: enough for any of ours around a quoted 60-character value
MAX_MESSAGE = 400
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line of at most ``limit`` characters: control characters and line breaks escaped.

    A long message loses the middle of what was found, never what was expected.
    """
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)
    if len(text) <= limit:
        return text
    found, separator, expected = text.rpartition("; expected ")
    tail = (separator + expected)[: limit // 2]
    return text[: limit - len(tail) - 3] + "..." + tail


def screenful(problems: Sequence[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """A file's problems as they are shown: one line each, at most ``limit``, then how many more.

    However broken or hostile a file is, its report fits on a screen and no message can
    add a line of its own (a key holding a line break is shown as ``\\n``).
    """
    shown = [
        Problem(p.location._replace(file=one_line(p.location.file, 1000)), one_line(p.message))
        for p in problems[:limit]
    ]
    if len(problems) > limit:
        rest = len(problems) - limit
        first = problems[limit].location
        where = first._replace(file=one_line(first.file, 1000))
        shown.append(Problem(where, f"... and {rest} more problem{'s' if rest != 1 else ''} in this file"))
    return shown


def _expected(error: ErrorDetails) -> str:
    """What the field wanted, in words a person filling in the form understands."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("string_type", "string_sub_type"):
        return "text"
    if kind == "missing":
        return "this field to be present"
    if kind == "extra_forbidden":
        return "only the documented keys"
    if kind in ("literal_error", "enum"):
        from fhcheck.suggest import did_you_mean  # only a file with a problem needs suggestions

        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        listed = f"one of {ctx.get('expected', '')}".replace("'", "")
        return listed + did_you_mean(error.get("input"), choices)
    if kind.startswith("date") or kind == "date_type":
        return "a date written YYYY-MM-DD"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "a whole number"
    if kind in ("list_type", "tuple_type"):
        return "a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "a mapping of keys to values"
    if kind == "url_parsing" or kind == "url_scheme":
        return "a web address starting https:// or http://"
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return message
    if kind == "too_short":
        if isinstance(error.get("input"), str):
            return "non-empty text"  # min_length on a str behind a BeforeValidator reports too_short
        least = ctx.get("min_length", 1)
        return f"at least {least} {'entry' if least == 1 else 'entries'}"
    if kind == "string_too_short":
        return "non-empty text"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return error["msg"].lower().replace("input should be ", "a value ")
    return error["msg"][0].lower() + error["msg"][1:]


def _data_path(data: Any, prefix: tuple[Any, ...], loc: tuple[Any, ...], *, keep_last: bool) -> tuple[Any, ...]:
    """The parts of pydantic's ``loc`` that are keys and indexes of the data, in order.

    pydantic adds its own parts (``function-after[...]``, union members); telling them
    apart by their look dropped a user's key such as ``[``. Walking the data cannot.
    A missing field, or an unknown key, is the last part whether or not the data has it.
    """
    node = data
    for part in prefix:
        node = _child(node, part)
    path: list[Any] = []
    for index, part in enumerate(loc):
        child = _child(node, part)
        if child is not _ABSENT:
            path.append(part)
            node = child
        elif keep_last and index == len(loc) - 1:
            path.append(part)
    return tuple(path)


_ABSENT = object()


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        return node.get(part, _ABSENT)
    if (
        isinstance(node, (list, tuple))
        and isinstance(part, int)
        and not isinstance(part, bool)
        and 0 <= part < len(node)
    ):
        return node[part]
    return _ABSENT


def problems_from(
    exc: ValidationError,
    doc: Document,
    allowed_keys: Callable[[tuple[Any, ...]], Sequence[str]] | None = None,
    prefix: tuple[Any, ...] = (),
) -> list[Problem]:
    """One Problem per pydantic error, in file order, de-duplicated.

    ``allowed_keys`` names the keys a mapping at a path may hold, for unknown-key messages.
    """
    problems: dict[tuple[Any, str], Problem] = {}
    for error in exc.errors(include_url=False):
        kind = error["type"]
        path = prefix + _data_path(doc.data, prefix, error["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        if kind == "extra_forbidden" and len(path) == len(prefix):
            path = (*path, "?")  # pragma: no cover - pydantic always names the unknown key
        if kind == "missing":
            field = path[-1] if path else "?"
            location = doc.where(path[:-1])
            message = f"{field!s} is missing; expected {field!s} in this mapping"
        elif kind == "extra_forbidden":
            location = doc.where(path, key=True)
            allowed = allowed_keys(path[:-1]) if allowed_keys else ()
            expected = "one of " + ", ".join(allowed) if allowed else "only the documented keys"
            from fhcheck.suggest import did_you_mean, shown

            key = path[-1]
            shown_key = shown(key) if isinstance(key, str) else str(key)
            message = f"unknown key {shown_key}; expected {expected}{did_you_mean(key, allowed)}"
        elif kind == "value_error" and path and str(error.get("ctx", {}).get("error", "")).startswith("key:"):
            location = doc.where(path, key=True)
            message = str(error["ctx"]["error"])[4:].strip()
        else:
            location = doc.where(path)
            found = describe(error.get("input"))
            if kind == "value_error":
                message = f"{_expected(error)}"
            else:
                message = f"found {found}; expected {_expected(error)}"
        problems.setdefault((location, message), Problem(location, message))
    return sorted(problems.values(), key=lambda p: (p.location.line, p.location.column, p.message))
