"""The evidence file as lines, for :mod:`fhcheck.migrate`: its indentation, where each item
entry's lines are, and runs of comment lines folded out of ruamel's way.

ruamel.yaml's scanner joins a run of comment lines that follows a value by concatenating
them one at a time (``c.value = c.value + ...`` in ``RoundTripScanner.get_token``, 0.19),
so its time grows with the square of the run: 40,000 comment lines after one entry took
6.2 s, against 3.1 s for the same lines spread out. :func:`fold_comments` replaces every
run of two or more comment lines by one comment line naming it before ruamel reads the
file, and :meth:`FoldedComments.unfold` puts the lines back, verbatim, after it writes;
ruamel keeps a comment's text and column as they were, so the output is the same.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple


class Layout(NamedTuple):
    """The file's indentation, so that what migrate adds looks like what the user wrote."""

    mapping: int
    sequence: int
    offset: int


def marker_prefix(text: str) -> str:
    """A placeholder stem that occurs nowhere in ``text``, chosen per run: a user's line that looks
    like a placeholder (inside a ``plan: |`` block, say) is never taken for one and replaced."""
    import secrets

    while True:
        token = secrets.token_hex(8)
        if token not in text:
            return token


def layout(text: str) -> Layout:
    """Guess indentation from the file: the first item key, and the first block sequence under a key.

    (ruamel's own guess is misled by an anchor on the key line, ``evidence: &common``.)
    """
    mapping = 2
    match = re.search(r"^items:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( +)\S", text, re.MULTILINE)
    if match:
        mapping = len(match.group(1))
    previous: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        dash = re.match(r"^( *)-( +)\S", line)
        if dash and previous is not None and opens_block(previous):
            key = len(previous) - len(previous.lstrip())
            offset = len(dash.group(1)) - key
            if offset >= 0:
                return Layout(mapping, offset + 1 + len(dash.group(2)), offset)
        previous = line
    return Layout(mapping, mapping + 2, mapping)


def opens_block(line: str) -> bool:
    """``key:`` (perhaps with an anchor or tag, perhaps a comment) and nothing else: a nested block follows."""
    return not line.lstrip().startswith("-") and bool(re.search(r":(?:\s+[&!]\S+)*\s*(?:#.*)?$", line))


def _trim(lines: list[str], start: int, end: int) -> int:
    """``end`` moved back over blank lines, never past the entry's own key line."""
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def entry_lines(text: str, items: Any, data: Any) -> dict[str, tuple[int, int]]:
    """Each item entry's source line range [start, end), comments up to the next key included."""
    lines = text.splitlines()
    keys = list(items)
    top = list(data)
    after_items = top[top.index("items") + 1] if top.index("items") + 1 < len(top) else None
    end_of_items = data.lc.key(after_items)[0] if after_items is not None else len(lines)
    ranges: dict[str, tuple[int, int]] = {}
    for index, key in enumerate(keys):
        start = items.lc.key(key)[0]
        end = _trim(lines, start, items.lc.key(keys[index + 1])[0] if index + 1 < len(keys) else end_of_items)
        for line_number in range(start + 1, end):  # a document marker ends the document, and the entry
            if re.match(r"^(?:\.\.\.|---)(?:\s|$)", lines[line_number]):
                end = line_number
                break
        ranges[key] = (start, _trim(lines, start, end))
    return ranges


def _inside_scalars(text: str) -> set[int]:
    """The (0-based) lines that continue a multi-line scalar: a ``#`` there is the user's text,
    not a comment (``plan: |`` blocks, quoted strings over several lines)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    inside: set[int] = set()
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken) and token.end_mark.line > token.start_mark.line:
                inside.update(range(token.start_mark.line + 1, token.end_mark.line + 1))
    except yaml.YAMLError:  # what libyaml cannot scan ruamel refuses too: fold nothing
        return set(range(text.count("\n") + 1))
    return inside


class FoldedComments(NamedTuple):
    """The text ruamel reads, and the comment runs each of its placeholder lines stands for."""

    text: str
    runs: tuple[tuple[str, ...], ...]
    placeholder: re.Pattern[str]

    def unfold(self, line: str) -> list[str] | None:
        """The comment lines a placeholder line stands for; None for any other line."""
        match = self.placeholder.match(line)
        return list(self.runs[int(match.group(1))]) if match else None

    def unfold_all(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            run = self.unfold(line)
            out += [line] if run is None else run
        return out


def fold_comments(text: str, token: str) -> FoldedComments:
    """``text`` with each run of two or more whole-line comments (outside any scalar) as one
    comment line, ``# __fhcheck_comments_<token>_<n>__`` at the run's first column."""
    placeholder = re.compile(rf"^[ \t]*# __fhcheck_comments_{token}_(\d+)__\r?$")
    lines = text.split("\n")
    comment = [line.lstrip(" \t").startswith("#") for line in lines]
    if sum(comment) < 2:
        return FoldedComments(text, (), placeholder)
    inside = _inside_scalars(text)
    runs: list[tuple[str, ...]] = []
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and comment[end] and end not in inside:
            end += 1
        if end - index < 2:
            out.append(lines[index])
            index += 1
            continue
        first = lines[index]
        cr = "\r" if first.endswith("\r") else ""
        column = first[: len(first) - len(first.lstrip(" \t"))]
        out.append(f"{column}# __fhcheck_comments_{token}_{len(runs)}__{cr}")
        runs.append(tuple(line.removesuffix("\r") for line in lines[index:end]))
        index = end
    return FoldedComments("\n".join(out), tuple(runs), placeholder)
