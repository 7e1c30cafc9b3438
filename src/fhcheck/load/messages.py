"""libyaml's (and PyYAML's) error text -> fhcheck's one located line, through a table.

libyaml says where it gave up and what it was scanning; an officer needs where the mistake
is and what would have been right. Three things are looked for before the table: a tab in
the indentation, a pasted look-alike character (a non-breaking space, a curly quote), and
two layouts ``fhcheck init`` users trip over. Then :data:`TRANSLATIONS` turns libyaml's
words into ours; anything it does not list is shown as libyaml said it.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from fhcheck.errors import InputError, Location, Problem
from fhcheck.load.composer import MAX_DEPTH, MAX_KEY_LENGTH, compose
from fhcheck.load.document import Document

#: what libyaml found, when no entry of :data:`TRANSLATIONS` rewords it
DEFAULT_EXPECTED = "valid YAML (check the quotes, colons and indentation here)"


class Translation(NamedTuple):
    """One libyaml message in fhcheck's words.

    It applies when one of ``needles`` is in libyaml's problem (and the column is past
    ``past_column``). ``found`` and ``expected`` are templates over ``problem`` (libyaml's
    words), ``started`` (where the construct began) and ``character`` (the one at the mark);
    an empty ``found`` keeps libyaml's words.
    """

    needles: tuple[str, ...]
    found: str
    expected: str
    past_column: int = 0


#: libyaml's messages as fhcheck words them; the first entry that applies is used
TRANSLATIONS: tuple[Translation, ...] = (
    Translation(
        ("invalid Unicode character escape",),
        "",
        "an escape of a whole character such as \\u00e9 (not half of a surrogate pair)",
    ),
    Translation(
        ("unknown escape character", "expected hexdecimal number"),
        "",
        "a known escape such as \\n, \\t, \\\\ or \\\" (or single quotes, which have no escapes)",
    ),
    Translation(
        ("mapping values are not allowed",),
        "a key longer than 1024 characters",
        "a shorter key (YAML reads no longer one before ':')",
        past_column=1024,
    ),
    Translation(
        ("mapping values are not allowed",),
        "a ': ' inside a value",
        "a value containing ': ' to be quoted, or a new key on its own line",
    ),
    Translation(
        ("could not find expected ':'",),
        "a key without ':'{started}",
        f"'key: value' (a plain key fits on one line and is at most {MAX_KEY_LENGTH} characters)",
    ),
    Translation(
        ("did not find expected key", "expected <block end>"),
        "{problem}{started}",
        "the same indentation as the other keys of this mapping",
    ),
    Translation(
        ("incompatible YAML document",),
        "a %YAML directive for a version other than 1.1 or 1.2",
        "no %YAML line, or %YAML 1.1",
    ),
    Translation(
        ("cannot start any token",),
        "found character {character!r} that cannot start any token",
        "a value that starts with it to be quoted",
    ),
    Translation(("did not find expected '-' indicator",), "", "the same indentation as the other entries of this list"),
)


def nesting_refused(exc: yaml.MarkedYAMLError, display: str, text: str, max_nodes: int) -> InputError:
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
        compose(Document(display, None), prefix, max_nodes)
    except InputError as refused:
        return refused
    except yaml.YAMLError:
        pass
    return InputError.at(
        Location(display, line + 1, column + 1),
        f"nesting is deeper than {MAX_DEPTH} levels; expected a shallow evidence file",
    )


def yaml_problem(exc: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    """libyaml's error as one line: where, what it found, and what would have been right."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    problem = " ".join((exc.problem or "invalid YAML").split())
    if "'\\t'" in problem or _is_tab_at(text, mark):
        return Problem(
            Location(display, line, column),
            "a tab character is used for indentation; expected spaces (YAML forbids tabs there)",
        )
    noticed = _lookalike_problem(exc, display, text) or _layout_problem(exc, display, text)
    if noticed is not None:
        return noticed
    context = " ".join((exc.context or "").split())
    start = exc.context_mark
    if "while scanning a quoted scalar" in context and "end of stream" in problem and start is not None:
        return Problem(
            Location(display, start.line + 1, start.column + 1),
            "YAML syntax error: a quoted value starts here and is never closed; expected a closing quote",
        )
    found, expected = f"{problem} {context}".strip(), DEFAULT_EXPECTED
    entry = translation_for(problem, column)
    if entry is not None:
        started = f" (started at line {start.line + 1}, column {start.column + 1})" if start is not None else ""
        character = _character_at(text, mark) if "{character" in entry.found else ""
        if entry.found:
            found = entry.found.format(problem=problem, started=started, character=character)
        expected = entry.expected
    return Problem(Location(display, line, column), f"YAML syntax error: {found}; expected {expected}")


def translation_for(problem: str, column: int) -> Translation | None:
    """The first entry of :data:`TRANSLATIONS` for libyaml's ``problem`` at 1-based ``column``."""
    for entry in TRANSLATIONS:
        if column > entry.past_column and any(needle in problem for needle in entry.needles):
            return entry
    return None


_EMPTY_FLOW_MAPPING = re.compile(r"^(?P<key>[^\s#:][^:#]*):[ \t]+(?P<flow>\{\s*\})[ \t]*(?:#.*)?$", re.MULTILINE)
_LIST_ENTRY_KEY = re.compile(r"^(?P<indent> *)- +(?P<key>[^\s:#][^:#]*):[ \t]*(?:#.*)?$")
_INDENTED_BELOW = re.compile(r"(?:[ \t]*(?:#.*)?(?:\r\n|\r|\n))*[ \t]+[^\s#]")


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
        emptied = _emptied_mapping(text, mark.line, display)
        if emptied is not None:
            return emptied
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


def _emptied_mapping(text: str, line: int, display: str) -> Problem | None:
    """A ``key: {}`` before 0-based ``line`` with entries indented below it, if there is one."""
    for found in _EMPTY_FLOW_MAPPING.finditer(text, 0, _line_start_index(text, line)):
        if _INDENTED_BELOW.match(text[found.end() :].lstrip("\r\n")):
            key = found.group("key")
            return Problem(
                _text_location(text, found.start("flow"), display),
                f"found '{key}: {{}}' (an empty mapping) with entries indented below it; "
                f"expected '{key}:' on its own (change '{key}: {{}}' to '{key}:')",
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
    Only the lines from the one before libyaml's construct started to where it failed are
    looked at (:func:`_lookalike_at` says which characters are blamed).
    """
    from fhcheck.suggest import first_lookalike

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
        blamed = _lookalike_at(text, index, display)
        if blamed is not None:
            return blamed
        index = first_lookalike(text, index + 1, end)
    return None


def _lookalike_at(text: str, index: int, display: str) -> Problem | None:
    """The problem with the look-alike ``text[index]``, where YAML needs a plain space or quote there.

    That is in the indentation or a key, just after its ``:``, or opening or closing a value.
    Tabs have their own message, and a full-width colon is just text.
    """
    from fhcheck.suggest import PLAIN, name_character, replacement

    char = text[index]
    if char == "\uff1a" or char == "\t":
        return None
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    before = text[line_start:index]
    where = _text_location(text, index, display)
    if char in PLAIN:
        after = text[index + 1 : index + 2]
        opens = before.rstrip(" ").endswith((":", "-")) or not before.strip()
        closes = after in ("", "\n", "\r", ":", ",") or text[index + 1 : index + 3] == ": "
        if not (opens or closes or ": " not in before):
            return None
        quote = PLAIN[char]
        return Problem(
            where,
            f"found {name_character(char)}; expected a straight {quote} (YAML treats only "
            f"straight quotes as quotes: retype {_CURLY_PAIRS[quote]} as {quote}...{quote})",
        )
    if ": " not in before and ":\t" not in before:  # in the indentation, the key, or just after its ':'
        fix = "a plain space" if replacement(char) == " " else "nothing (delete it)"
        return Problem(where, f"found {name_character(char)} where {fix} is needed; expected {fix} here")
    if not text[index + 1 : _line_end(text, index)].strip(" "):
        return Problem(
            where,
            f"found {name_character(char)} at the end of the line; expected a plain character here "
            "(a closing quote, if the value is quoted)",
        )
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
