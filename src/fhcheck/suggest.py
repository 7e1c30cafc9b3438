"""Near-miss suggestions: the one "did you mean ...?" for every closed vocabulary.

Item identifiers, statuses, evidence kinds, keys at every level and framework versions all
go through :func:`suggest`, so a value is corrected the same way wherever it is typed, and
an Excel reader or any other input format gets the same help by validating through
:mod:`fhcheck.validate`. The ranking puts the obvious fix first: a difference only of case,
spaces, separators or invisible characters beats zero padding or a missing dot, which
beats a neighbour in the same sub-criterion, which beats plain edit distance. This is what
keeps ``1.1.b1`` from being "corrected" to a go-further option ``1.1.G1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: characters that look like a space or nothing at all, and the quotes Word types
INVISIBLE = re.compile("[\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u2060\u3000\ufeff]")
_SEPARATORS = re.compile(r"[\s_\-/.]+")
#: common words for a vocabulary value (lower-cased, separators removed) -> the value
SYNONYMS = {
    "na": "not_applicable",
    "notapplicable": "not_applicable",
    "inprogress": "partially_met",
    "partial": "partially_met",
    "partly": "partially_met",
    "partlymet": "partially_met",
    "notyet": "not_met",
    "unmet": "not_met",
    "report": "evaluation",
    "webpage": "web_page",
    "website": "web_page",
}


def _folded(text: str) -> str:
    """``text`` in lower case, invisible characters removed, each run of separators one ``_``."""
    return _SEPARATORS.sub("_", INVISIBLE.sub("", text).strip()).casefold()


def _squashed(text: str) -> str:
    """``text`` folded with no separators at all: ``local authority`` and ``localauthority`` meet."""
    return _folded(text).replace("_", "")


def _unpadded(text: str) -> str:
    """An identifier with leading zeros of its numbers removed and the dots made optional."""
    return re.sub(r"(?<!\d)0+(?=\d)", "", _squashed(text))


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (``limit + 1``) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _sub_criterion(identifier: str) -> str:
    """``1.1`` of ``1.1.B1``: the part an identifier shares with its neighbours."""
    head, _, _ = identifier.rpartition(".")
    return head.casefold()


def _gap(found: str, choice: str) -> int:
    """How far apart the last numbers of two identifiers are: ``1.1.B9`` is nearer ``1.1.B4`` than ``1.1.B1``."""
    a, b = re.search(r"(\d+)\D*$", found), re.search(r"(\d+)\D*$", choice)
    return abs(int(a.group(1)) - int(b.group(1))) if a and b else 0


def suggest(found: object, vocabulary: Iterable[str]) -> str | None:
    """The value of ``vocabulary`` the user most probably meant by ``found``, or None.

    Ranked: exactly equal once case, separators and invisible characters are ignored (or a
    known synonym such as ``N/A``); then equal once zero padding and dots are ignored; then
    within two edits inside the same sub-criterion; then within two edits (one for short
    words) anywhere. Ties keep the vocabulary's order.
    """
    if not isinstance(found, str) or not found.strip():
        return None
    choices = [c for c in vocabulary if c != found]
    if not choices:
        return None
    folded = _folded(found)
    by_fold = {_folded(c): c for c in reversed(choices)}
    if folded in by_fold:
        return by_fold[folded]
    synonym = SYNONYMS.get(folded.replace("_", ""))
    if synonym in choices:
        return synonym
    unpadded = _unpadded(found)
    for choice in choices:
        if _unpadded(choice) == unpadded:
            return choice
    limit = 1 if len(folded) <= 4 else 2
    best: tuple[int, int, int, int] | None = None
    winner = None
    family = _sub_criterion(found)
    for order, choice in enumerate(choices):
        distance = _distance(folded, _folded(choice), limit)
        if distance > limit:
            continue
        rank = (0 if family and _sub_criterion(choice) == family else 1, distance, _gap(found, choice), order)
        if best is None or rank < best:
            best, winner = rank, choice
    return winner


def did_you_mean(found: object, vocabulary: Iterable[str]) -> str:
    """`` (did you mean `x`?)`` to add after a message, or '' when nothing is close."""
    close = suggest(found, vocabulary)
    return f" (did you mean {close!r}?)" if close is not None else ""


#: characters pasted from Word, Excel and web pages that look like something else
LOOKALIKES = {
    "\u00a0": "a non-breaking space",
    "\u1680": "an Ogham space",
    "\u2000": "an en quad space",
    "\u2001": "an em quad space",
    "\u2002": "an en space",
    "\u2003": "an em space",
    "\u2004": "a three-per-em space",
    "\u2005": "a four-per-em space",
    "\u2006": "a six-per-em space",
    "\u2007": "a figure space",
    "\u2008": "a punctuation space",
    "\u2009": "a thin space",
    "\u200a": "a hair space",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
    "\u202f": "a narrow non-breaking space",
    "\u205f": "a medium mathematical space",
    "\u2060": "a word joiner",
    "\u3000": "an ideographic space",
    "\ufeff": "a zero-width no-break space (byte order mark)",
    "\u2018": "a curly opening quote",
    "\u2019": "a curly closing quote (apostrophe)",
    "\u201c": "a curly opening double quote",
    "\u201d": "a curly closing double quote",
    "\u2032": "a prime",
    "\u2033": "a double prime",
    "\uff1a": "a full-width colon",
    "\u2013": "an en dash",
    "\u2014": "an em dash",
    "\t": "a tab",
}
#: what to type instead
PLAIN = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'", "\u2033": '"', "\uff1a": ":"}
_LOOKALIKE = re.compile("[" + "".join(LOOKALIKES) + "]")


def name_character(char: str) -> str:
    """``a non-breaking space (U+00A0)``: a character named so that a reader can find it."""
    name = LOOKALIKES.get(char, "a character")
    return f"{name} (U+{ord(char):04X})"


def replacement(char: str) -> str:
    """What a plain keyboard types in place of ``char``: a quote, a colon, a space, or nothing."""
    if char in PLAIN:
        return PLAIN[char]
    if char in ("\u2013", "\u2014"):
        return "-"
    return "" if char in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff" else " "


def first_lookalike(text: str, start: int = 0, end: int | None = None) -> int:
    """Index of the first look-alike character of ``text[start:end]``, or -1."""
    found = _LOOKALIKE.search(text, start, len(text) if end is None else end)
    return found.start() if found else -1


def odd_characters(text: str) -> str:
    """What is unusual about a key or short value: invisible characters, or spaces at its ends."""
    notes = [name_character(c) for c in dict.fromkeys(INVISIBLE.findall(text))]
    notes += [name_character(c) for c in dict.fromkeys(text) if c in PLAIN]
    if text != text.rstrip(" \t"):
        notes.append("a trailing space")
    if text != text.lstrip(" \t"):
        notes.append("a leading space")
    return ", ".join(notes)


def shown(text: str) -> str:
    """A user's key or word as messages show it: bare when plain, quoted with its oddities named."""
    odd = odd_characters(text)
    if not odd and re.fullmatch(r"[\w.\-/]+", text):
        return text
    return f"{text!r} (with {odd})" if odd else repr(text)
