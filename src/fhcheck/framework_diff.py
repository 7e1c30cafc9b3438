"""What changed between two framework versions: an ordered list of frozen change records.

Items are matched only by identifier and by the newer catalogue's ``replaces`` links, never
by comparing texts, so that a diff (and a migration built on it) says exactly what the
criteria files say. Key criterion statements and sub-criterion titles are compared by
identifier too. Everything here is pure: two catalogues in, records out; the renderers in
``fhcheck.report`` and ``fhcheck.migrate`` consume the records.

Matching: every identifier present in both versions links to itself, and every
``replaces`` entry links an old identifier to the new item that lists it. Each connected
group of linked items is one change:

- one old, one new: ``reworded`` when the text or the identifier differs (a 1:1
  ``replaces`` link to another identifier - an item moved to another tier or
  sub-criterion - is a rewording from old [X] to new [Y], flagged ``identifier_changed``);
  unchanged otherwise, and not listed. A rewording is editorial when the texts differ
  only in form (``is_editorial``) or when the newer item declares ``meaning_unchanged``
  (a reviewer's signed reason, carried in ``Change.declared``);
- none old, one new: ``added``; one old, none new: ``removed``;
- several old, one new: ``merged``; one old, several new: ``split``; several to several
  (a re-cut) is ``merged`` when it ends with fewer items than it started with, else ``split``.

Order: substantive changes first, then editorial rewordings; within each, the framework
order of the new version (a removed thing sits after the nearest earlier thing that
survived, where the old version had it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from fhcheck.lineage import step_links

if TYPE_CHECKING:
    from collections.abc import Iterable

    from fhcheck.catalogue import Catalogue

ChangeKind = Literal["added", "removed", "reworded", "merged", "split"]
Scope = Literal["key_criterion", "subcriterion", "item"]
WordOpKind = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class WordOp:
    """A run of words kept, deleted or inserted; renderers only style it."""

    op: WordOpKind
    text: str


@dataclass(frozen=True)
class Change:
    """One change between two versions.

    ``old``/``new`` are identifiers (item, sub-criterion or key criterion ids according to
    ``scope``) and ``old_texts``/``new_texts`` their texts, in the same order. ``editorial``
    is set only for ``reworded``; ``words`` is the word diff of a rewording.
    """

    change: ChangeKind
    scope: Scope
    old: tuple[str, ...]
    new: tuple[str, ...]
    old_texts: tuple[str, ...]
    new_texts: tuple[str, ...]
    editorial: bool | None = None
    words: tuple[WordOp, ...] = ()
    #: the reviewer's reason when the newer criteria file declares ``meaning_unchanged``
    declared: str | None = None

    @property
    def substantive(self) -> bool:
        """Everything but an editorial rewording needs a reader's (and an evidence owner's) attention."""
        return self.editorial is not True

    @property
    def identifier_changed(self) -> bool:
        return self.change == "reworded" and self.old != self.new

    @property
    def key_criteria(self) -> tuple[str, ...]:
        """The key criteria this change touches (both sides), for ``--key-criterion``."""
        seen: dict[str, None] = {}
        for ident in (*self.new, *self.old):
            seen[ident.split(".", 1)[0]] = None
        return tuple(seen)


@dataclass(frozen=True)
class Diff:
    """The change record of ``new`` against ``old``."""

    old: str
    new: str
    changes: tuple[Change, ...]

    def only(self, *, substantive: bool = False, key_criterion: str | None = None) -> Diff:
        """The same diff restricted to substantive changes and/or one key criterion."""
        kept = tuple(
            c
            for c in self.changes
            if (not substantive or c.substantive) and (key_criterion is None or key_criterion in c.key_criteria)
        )
        return Diff(self.old, self.new, kept)

    def counts(self) -> dict[str, int]:
        """Item changes by kind, rewordings split into editorial and substantive (for summaries)."""
        counts = {"added": 0, "removed": 0, "reworded_editorial": 0, "reworded_substantive": 0, "merged": 0, "split": 0}
        for c in self.changes:
            if c.scope != "item":
                continue
            if c.change == "reworded":
                counts["reworded_editorial" if c.editorial else "reworded_substantive"] += 1
            else:
                counts[c.change] += 1
        return counts


# --------------------------------------------------------------------------- editorial


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# "0-19", "0 – 19", "0 to 19" -> "0 to 19"; a decimal point or another digit on either side
# means it is not a simple range.
_RANGE = re.compile(rf"(?<![\d.,])(\d+)\s*(?:[{_DASHES}]|\bto\b)\s*(\d+)(?![\d]|[.,]\d)")


#: Spelling variants treated as the same word (left: the variant, right: the form compared).
#: Hyphenation ("data-sharing" / "data sharing") needs no entry: see ``_Canonical``. Only
#: words that are the same word spelt differently belong here, never synonyms
#: ("impact"/"effect"): a synonym is declared per item with ``meaning_unchanged``.
EQUIVALENT_WORDS: dict[str, str] = {
    "amongst": "among",
    "whilst": "while",
    "amidst": "amid",
    "organization": "organisation",
    "organizations": "organisations",
    "prioritize": "prioritise",
    "prioritized": "prioritised",
    "judgment": "judgement",
    "toward": "towards",
}
_EQUIVALENT = re.compile(r"\b(" + "|".join(map(re.escape, EQUIVALENT_WORDS)) + r")\b")


@dataclass(frozen=True)
class _Canonical:
    """A text's letters and digits, plus where word boundaries fall.

    ``hard`` boundaries are whitespace between words; ``soft`` ones are punctuation with no
    whitespace (a hyphen, a slash, an apostrophe), where writers may equally join, hyphenate
    or space the words. Two texts are editorially equal when their characters match and
    every hard boundary of one is a boundary (hard or soft) of the other.
    """

    chars: str
    hard: frozenset[int]
    soft: frozenset[int]


def canonical(text: str) -> _Canonical:
    """Normalise case, quotes, dashes, number ranges, punctuation and spacing (see ``is_editorial``)."""
    t = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    t = t.replace("&", " and ")
    t = _RANGE.sub(r"\1 to \2", t)
    t = _EQUIVALENT.sub(lambda m: EQUIVALENT_WORDS[m.group(1)], t)
    chars: list[str] = []
    hard: set[int] = set()
    soft: set[int] = set()
    gap: str | None = None  # None: inside a word; "soft"/"hard": the separator since the last character
    for i, ch in enumerate(t):
        if ch.isalnum() or (
            ch == "." and 0 < i < len(t) - 1 and t[i - 1].isdigit() and t[i + 1].isdigit()
        ):  # a decimal point is part of its number: 1.5 is not 15
            if gap is not None and chars:
                (hard if gap == "hard" else soft).add(len(chars))
            gap = None
            chars.append(ch)
        elif ch.isspace():
            gap = "hard"
        elif gap is None:
            gap = "soft"
    return _Canonical("".join(chars), frozenset(hard), frozenset(soft))


def is_editorial(old: str, new: str) -> bool:
    """True when two texts differ only in punctuation, quotes, hyphenation, case, spacing, number-range style
    or the spelling variants of ``EQUIVALENT_WORDS``.

    A changed, added or removed word or number is substantive, even next to an editorial change.
    """
    a, b = canonical(old), canonical(new)
    if a.chars != b.chars:
        return False
    return a.hard <= (b.hard | b.soft) and b.hard <= (a.hard | a.soft)


# --------------------------------------------------------------------------- word diff


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """Word-level diff (whitespace-separated tokens), runs of one kind joined by single spaces."""
    import difflib

    a, b = old.split(), new.split()
    ops: list[WordOp] = []

    def push(kind: WordOpKind, words: list[str]) -> None:
        if not words:
            return
        if ops and ops[-1].op == kind:
            ops[-1] = WordOp(kind, ops[-1].text + " " + " ".join(words))
        else:
            ops.append(WordOp(kind, " ".join(words)))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("equal", a[i1:i2])
        else:  # replace = delete then insert, the order a reader expects
            push("delete", a[i1:i2])
            push("insert", b[j1:j2])
    return tuple(ops)


def word_changes(words: tuple[WordOp, ...]) -> str:
    """The changed words of a word diff on one line: ``"due" -> "owing"; +"is"; -"some"``."""
    parts: list[str] = []
    pending: str | None = None  # a deletion waiting to see whether an insertion replaces it
    for op in words:
        if op.op == "delete":
            if pending is not None:
                parts.append(f'-"{pending}"')
            pending = op.text
        elif op.op == "insert":
            parts.append(f'"{pending}" -> "{op.text}"' if pending is not None else f'+"{op.text}"')
            pending = None
        else:
            if pending is not None:
                parts.append(f'-"{pending}"')
            pending = None
    if pending is not None:
        parts.append(f'-"{pending}"')
    return "; ".join(parts)


# --------------------------------------------------------------------------- matching


class _Groups:
    """Union-find over ("old", id) / ("new", id) nodes: the connected groups of linked items."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def add(self, node: tuple[str, str]) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: tuple[str, str]) -> tuple[str, str]:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _outline(catalogue: Catalogue) -> list[tuple[Scope, str]]:
    """Key criteria, sub-criteria and items in framework order."""
    out: list[tuple[Scope, str]] = []
    for key in catalogue.spec.key_criteria:
        out.append(("key_criterion", key.id))
        for sub in key.subcriteria:
            out.append(("subcriterion", sub.id))
            out.extend(("item", item.id) for item in sub.items)
    return out


def _text(catalogue: Catalogue, scope: Scope, ident: str) -> str:
    if scope == "item":
        return catalogue.items[ident].text
    if scope == "subcriterion":
        return catalogue.subcriteria[ident].title
    return catalogue.key_criteria[ident].statement


def _reworded(
    scope: Scope, old_id: str, new_id: str, old_text: str, new_text: str, declared: str | None = None
) -> Change:
    """A rewording: editorial when the texts are editorially equal or a reviewer declared it so."""
    return Change(
        "reworded",
        scope,
        (old_id,),
        (new_id,),
        (old_text,),
        (new_text,),
        editorial=declared is not None or is_editorial(old_text, new_text),
        words=word_diff(old_text, new_text),
        declared=declared,
    )


_Placed = tuple[tuple[int, int, int], Change]
_Node = tuple[str, str]


def _heading_changes(old: Catalogue, new: Catalogue, position: dict[tuple[Scope, str], int]) -> list[_Placed]:
    """Key criteria and sub-criteria added or reworded: matched by identifier only, never by text."""
    placed: list[_Placed] = []
    for (scope, ident), index in position.items():
        if scope == "item":
            continue
        pos = (index, 0, 0)
        exists = ident in (old.key_criteria if scope == "key_criterion" else old.subcriteria)
        if not exists:
            placed.append((pos, Change("added", scope, (), (ident,), (), (_text(new, scope, ident),))))
            continue
        before, after = _text(old, scope, ident), _text(new, scope, ident)
        if before != after:
            placed.append((pos, _reworded(scope, ident, ident, before, after)))
    return placed


def _item_groups(old: Catalogue, new: Catalogue) -> tuple[_Groups, dict[_Node, list[_Node]]]:
    """Items linked by identity and by ``replaces``, grouped: each connected group is one change."""
    groups = _Groups()
    for ident in old.items:
        groups.add(("old", ident))
    for ident, earlier_ids in step_links(old, new).items():
        groups.add(("new", ident))
        for earlier in sorted(earlier_ids):
            groups.add(("old", earlier))
            groups.union(("new", ident), ("old", earlier))
    members: dict[_Node, list[_Node]] = {}
    for node in groups.parent:
        members.setdefault(groups.find(node), []).append(node)
    return groups, members


def _group_change(old: Catalogue, new: Catalogue, olds: list[str], news: list[str]) -> Change | None:
    """The change one linked group of items makes (None when it is unchanged), both sides in framework order."""
    old_texts = tuple(old.items[i].text for i in olds)
    new_texts = tuple(new.items[i].text for i in news)
    if not olds:
        return Change("added", "item", (), tuple(news), (), new_texts)
    if len(olds) == 1 and len(news) == 1:
        if olds[0] == news[0] and old_texts[0] == new_texts[0]:
            return None
        item = new.items[news[0]]
        declared = item.meaning_unchanged_reason if item.meaning_unchanged else None
        return _reworded("item", olds[0], news[0], old_texts[0], new_texts[0], declared)
    kind: ChangeKind = "merged" if len(news) < len(olds) else "split"
    return Change(kind, "item", tuple(olds), tuple(news), old_texts, new_texts)


def _item_changes(
    old: Catalogue, new: Catalogue, members: dict[_Node, list[_Node]], position: dict[tuple[Scope, str], int]
) -> list[_Placed]:
    """Item changes other than removals, each placed at its first new item."""
    old_order = {ident: index for index, ident in enumerate(old.items)}
    new_order = {ident: index for index, ident in enumerate(new.items)}
    placed: list[_Placed] = []
    for nodes in members.values():
        olds = sorted((i for side, i in nodes if side == "old"), key=old_order.__getitem__)
        news = sorted((i for side, i in nodes if side == "new"), key=new_order.__getitem__)
        if not news:
            continue  # removed: placed by _removed_changes, where the old version had it
        change = _group_change(old, new, olds, news)
        if change is not None:
            placed.append(((position[("item", news[0])], 0, 0), change))
    return placed


def _removed_changes(
    old: Catalogue,
    groups: _Groups,
    members: dict[_Node, list[_Node]],
    position: dict[tuple[Scope, str], int],
) -> list[_Placed]:
    """Removed things, each after the nearest earlier thing (in the old order) that survived."""
    placed: list[_Placed] = []
    anchor = -1
    for index, (scope, ident) in enumerate(_outline(old)):
        if scope == "item":
            group = members[groups.find(("old", ident))]
            survivors = [position[("item", i)] for side, i in group if side == "new"]
            if survivors:
                anchor = max(anchor, min(survivors))
                continue
            text = old.items[ident].text
        else:
            if (scope, ident) in position:
                anchor = max(anchor, position[(scope, ident)])
                continue
            text = _text(old, scope, ident)
        placed.append(((anchor, 1, index), Change("removed", scope, (ident,), (), (text,), ())))
    return placed


def diff_versions(old: Catalogue, new: Catalogue) -> Diff:
    """The change record of ``new`` against ``old`` (``new.previous`` must be ``old``)."""
    position = {node: index for index, node in enumerate(_outline(new))}
    groups, members = _item_groups(old, new)
    placed = [
        *_heading_changes(old, new, position),
        *_item_changes(old, new, members, position),
        *_removed_changes(old, groups, members, position),
    ]
    placed.sort(key=lambda pair: (not pair[1].substantive, pair[0]))
    return Diff(old.version, new.version, tuple(change for _, change in placed))


def item_changes(diff: Diff) -> Iterable[Change]:
    """Only the item-level changes (what migration acts on)."""
    return (c for c in diff.changes if c.scope == "item")
