"""Carry an evidence file to the next framework version, keeping what its authors wrote.

The file is edited as a ruamel.yaml round-trip tree, so comments, key order, quoting and
layout survive; only what the criteria change requires is touched (the diff in
:mod:`fhcheck.framework_diff` says what that is, from identifiers and ``replaces`` links alone):

- unchanged and editorially reworded items are left exactly as they were;
- substantively reworded, merged, split and replaced items keep their claims and evidence
  and get a ``carried_from`` mapping with ``reviewed: false``, which ``assess`` turns into
  ``needs_review`` until a person has checked the evidence against the new wording;
- merged items combine their entries: every piece of evidence (de-duplicated), the weakest
  status, every note; each entry folded into another is also kept, word for word and with
  its comments, as a comment block above the combined entry;
- items new in the target version appear as commented-out stubs with their criterion
  text, so the file stays valid and they are assessed as ``missing`` until filled in (an
  invented status would be a claim nobody made);
- items the target version dropped move, with their comments and evidence, under
  ``retired: {"<old version>": ...}``, which is kept for the record and never assessed.

Comment blocks are placed by inserting placeholder keys into the tree and replacing their
lines after dumping: ruamel cannot attach a free-standing comment block to the end of a
nested mapping, and a placeholder keeps the block exactly where the entry is.
"""

from __future__ import annotations

import copy
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fhcheck.framework_diff import Diff, item_changes, word_changes
from fhcheck.migration_text import Layout, entry_lines, fold_comments, layout, marker_prefix

if TYPE_CHECKING:
    from fhcheck.catalogue import Catalogue, Item

STATUS_STRENGTH = {"not_met": 0, "partially_met": 1, "met": 2}
_PLACEHOLDER = "__fhcheck_block_{}_{}__"


_WRAP = 88


@dataclass(frozen=True)
class Carried:
    """An item carried across whose criterion changed: the new identifier, where it came from, how."""

    new: str
    old: tuple[str, ...]
    change: str  # reworded | merged | split | replaced
    words: str = ""  # a rewording's changed words (``framework_diff.word_changes``), for the summary


@dataclass(frozen=True)
class Summary:
    """What a migration did, for the command to print."""

    source: str
    target: str
    unchanged: tuple[str, ...]
    editorial: tuple[str, ...]
    review: tuple[Carried, ...]
    new: tuple[str, ...]
    retired: tuple[str, ...]


@dataclass(frozen=True)
class Migration:
    text: str
    summary: Summary


def weakest_status(statuses: list[str]) -> str:
    """not_met < partially_met < met; not_applicable only when every entry says so."""
    applicable = [s for s in statuses if s != "not_applicable"]
    if not applicable:
        return "not_applicable"
    return min(applicable, key=lambda s: STATUS_STRENGTH.get(s, -1))


def _plain(node: Any) -> Any:
    """A round-trip node as plain data, for comparing evidence entries."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def _anchored(node: Any) -> bool:
    """Whether a node or anything in it carries an anchor, i.e. may be shared with another place in the file."""
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None):
        return True
    if isinstance(node, dict):
        return any(_anchored(v) for v in node.values())
    if isinstance(node, list):
        return any(_anchored(v) for v in node)
    return False


def _unshared(node: Any) -> Any:
    """A deep copy with no anchors: editing it can never reach another item through an alias."""
    fresh = copy.deepcopy(node)

    def strip(value: Any) -> None:
        anchor = getattr(value, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            anchor.value = None
        if isinstance(value, dict):
            for child in value.values():
                strip(child)
        elif isinstance(value, list):
            for child in value:
                strip(child)

    strip(fresh)
    return fresh


def _fold_evidence(base: Any, other: Any, seen: list[Any]) -> None:
    """Append ``other``'s evidence to ``base``'s, each piece once (``seen``: what base cites)."""
    from ruamel.yaml.comments import CommentedSeq

    for cited in other.get("evidence") or []:
        if _plain(cited) in seen:
            continue
        seen.append(_plain(cited))
        if not isinstance(base.get("evidence"), list):
            keys = list(base)
            position = keys.index("status") + 1 if "status" in keys else len(keys)
            base.insert(position, "evidence", CommentedSeq())
        base["evidence"].append(cited)


def _yaml(layout: Layout) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a user's long lines
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


class _Editor:
    """One migration over one round-trip tree; collects comment blocks and the summary."""

    def __init__(self, text: str, diff: Diff, target: Catalogue) -> None:
        from ruamel.yaml.comments import CommentedMap

        self.source = text
        self.token = marker_prefix(text)
        self.placeholder_line = re.compile(rf"^( *)__fhcheck_block_{self.token}_(\d+)__:.*$")
        self.folded = fold_comments(text, self.token)  # what ruamel reads: comment runs one line each
        self.text = self.folded.text
        self.diff = diff
        self.target = target
        self.layout = layout(text)
        self.yaml = _yaml(self.layout)
        self.data = self.yaml.load(self.text)
        if not isinstance(self.data.get("items"), dict):
            self.data["items"] = CommentedMap()
        self.items = self.data["items"]
        if self.items.fa.flow_style():
            self.items.fa.set_block_style()
        self.ranges = entry_lines(self.text, self.items, self.data) if len(self.items) else {}
        self.original = [str(k) for k in self.items]
        self.blocks: list[tuple[list[str], int]] = []  # comment lines, extra indentation
        self.review: list[Carried] = []
        self.editorial: list[str] = []
        self.new: list[str] = []
        self.retired: list[str] = []
        self.touched: set[str] = set()

    # -- placeholders for comment blocks ------------------------------------------------

    def _placeholder(self, lines: list[str], indent: int = 0) -> str:
        self.blocks.append((lines, indent))
        return _PLACEHOLDER.format(self.token, len(self.blocks) - 1)

    def _insert(self, mapping: Any, position: int, key: str, value: Any) -> None:
        mapping.insert(position, key, value)

    def _own(self, ident: str) -> Any:
        """The entry of ``ident``, first made private when it shares anything through anchors and aliases."""
        if _anchored(self.items[ident]):
            self.items[ident] = _unshared(self.items[ident])
        return self.items[ident]

    # -- the marker ---------------------------------------------------------------------

    def _marker(self, old: list[str], change: str, *, flow: bool) -> Any:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        ids = CommentedSeq(old)
        ids.fa.set_flow_style()
        marker = CommentedMap()
        marker["framework"] = DoubleQuotedScalarString(self.diff.old)
        marker["items"] = ids
        marker["change"] = change
        marker["reviewed"] = False
        if not flow:  # a comment inside a flow mapping would break the user's one-line entry
            marker.yaml_add_eol_comment(
                f"set true once the evidence is checked against the {self.diff.new} wording", "reviewed"
            )
        return marker

    def _mark(self, entry: Any, old: list[str], change: str) -> None:
        """Put carried_from right after status, where a reader of the entry sees it first."""
        marker = self._marker(old, change, flow=bool(entry.fa.flow_style()))
        if "carried_from" in entry:
            entry["carried_from"] = marker
            return
        keys = list(entry)
        position = keys.index("status") + 1 if "status" in keys else len(keys)
        entry.insert(position, "carried_from", marker)

    # -- the changes ----------------------------------------------------------------------

    def run(self) -> None:
        for change in item_changes(self.diff):
            if change.change == "added":
                self.new.extend(change.new)
            elif change.change == "removed":
                self._retire([i for i in change.old if i in self.items])
            elif change.change == "reworded" and not change.identifier_changed:
                ident = change.old[0]
                if ident not in self.items:
                    continue
                self.touched.add(ident)
                if change.editorial:
                    self.editorial.append(ident)
                else:
                    self._mark(self._own(ident), [ident], "reworded")
                    self.review.append(Carried(ident, (ident,), "reworded", word_changes(change.words)))
            else:
                kind = "replaced" if change.change == "reworded" else change.change
                self._carry(list(change.old), list(change.new), kind)
        order = list(self.target.items)
        self.review.sort(key=lambda carried: order.index(carried.new))
        self._stubs()
        self._retarget()

    def _carry(self, olds: list[str], news: list[str], kind: str) -> None:
        """Merged, split or replaced: the first present old entry becomes the first new one."""
        order = list(self.items)
        present = sorted((i for i in olds if i in self.items), key=order.index)
        if not present:
            return
        self.touched.update(present)
        base_id, others = present[0], present[1:]
        for ident in present:
            self._own(ident)
        base = self.items[base_id]
        if others:
            self._combine(base, base_id, others)
        position = order.index(base_id)
        comment = self.items.ca.items.pop(base_id, None)
        del self.items[base_id]
        for other in others:
            del self.items[other]
        carried = [i for i in olds if i in present]  # the old framework's order
        if others:
            block = self._folded_block(news[0], carried, others)
            self._insert(self.items, position, self._placeholder(block), None)
            position += 1
        for index, new_id in enumerate(news):
            entry = base if index == 0 else _unshared(base)
            self._insert(self.items, position + index, new_id, entry)
            self._mark(entry, carried, kind)
            self.review.append(Carried(new_id, tuple(carried), kind))
        if comment is not None:
            self.items.ca.items[news[0]] = comment

    def _combine(self, base: Any, base_id: str, others: list[str]) -> None:
        """Fold other entries into ``base``: all evidence once, the weakest status, every note."""
        if base.fa.flow_style():  # the combined entry grows (and may get a multi-line note): lay it out in block style
            base.fa.set_block_style()
        if isinstance(base.get("evidence"), list) and base["evidence"].fa.flow_style():
            base["evidence"].fa.set_block_style()
        entries = [base, *(self.items[o] for o in others)]
        status = weakest_status([str(e.get("status")) for e in entries])
        if base.get("status") != status:
            base["status"] = status
        seen = [_plain(e) for e in base.get("evidence") or []]
        for other_id in others:
            other = self.items[other_id]
            _fold_evidence(base, other, seen)
            for key, value in other.items():
                if key not in ("status", "evidence", "note", "carried_from") and key not in base:
                    base[key] = value
        self._fold_notes(base, [base_id, *others])

    def _fold_notes(self, base: Any, ids: list[str]) -> None:
        """Every entry's note, each named by its old identifier, when any but the base has one."""
        from ruamel.yaml.scalarstring import LiteralScalarString

        notes = [(i, str(self.items[i]["note"])) for i in ids if self.items[i].get("note")]
        if notes and any(i != ids[0] for i, _ in notes):
            joined = "\n".join(f"{i} ({self.diff.old}): {note}" for i, note in notes)
            base["note"] = LiteralScalarString(joined) if "\n" in joined else joined

    def _folded_block(self, new_id: str, carried: list[str], others: list[str]) -> list[str]:
        """The folded entries word for word, comments included, so nothing the user wrote is lost."""
        lines = self.text.splitlines()
        block = [
            f"fhcheck migrate: {new_id} combines {self.diff.old} items {', '.join(carried)}: the entry below",
            "holds all their evidence and the weakest status. The folded entries as they were:",
        ]
        for other in others:
            start, end = self.ranges[other]
            chunk = self.folded.unfold_all(lines[start:end])
            indent = len(chunk[0]) - len(chunk[0].lstrip())
            block += [line[indent:] if not line[:indent].strip() else line.lstrip() for line in chunk]
        return block

    def _retire(self, ids: list[str]) -> None:
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        if not ids:
            return
        retired = self.data.get("retired")
        if not isinstance(retired, dict):
            retired = CommentedMap()
            if "retired" in self.data:
                self.data["retired"] = retired
            else:
                block = [
                    f"Retired: items framework {self.diff.new} dropped, kept for the record with their evidence.",
                    "fhcheck never assesses them.",
                ]
                self.data.insert(len(self.data), self._placeholder(block), None)
                self.data.insert(len(self.data), "retired", retired)
        version = next((k for k in retired if str(k) == self.diff.old), None)
        if version is None:
            version = DoubleQuotedScalarString(self.diff.old)
            retired[version] = CommentedMap()
        for ident in ids:
            self.touched.add(ident)
            comment = self.items.ca.items.pop(ident, None)
            retired[version][ident] = self.items.pop(ident)
            if comment is not None:
                retired[version].ca.items[ident] = comment
            self.retired.append(ident)

    def _stubs(self) -> None:
        if not self.new:
            return
        empty = not any(not str(key).startswith(f"__fhcheck_block_{self.token}_") for key in self.items)
        block = textwrap.wrap(
            f"New in framework {self.diff.new}: assessed as missing until recorded. To record one, "
            + ("replace 'items: {}' above with 'items:', " if empty else "")
            + "uncomment its entry (from the line with the identifier alone) and fill it in.",
            width=_WRAP,
        )
        for ident in self.new:
            block += [""] + self._stub(self.target.items[ident])
        if empty:  # an empty block mapping would read as null: keep 'items: {}' and put the stubs after it
            self.items.fa.set_flow_style()
            position = list(self.data).index("items") + 1
            self.data.insert(position, self._placeholder(block, self.layout.mapping), None)
        else:
            self.items.insert(len(self.items), self._placeholder(block), None)

    def _stub(self, item: Item) -> list[str]:
        from fhcheck.catalogue import LETTERS

        level, tier = LETTERS[item.letter]
        label = f"{item.id} ({level}, {'go further' if tier == 'go_further' else 'minimum expectation'}): "
        text = textwrap.wrap(label + item.text, width=_WRAP, subsequent_indent="  ")
        m, seq, off = self.layout.mapping, self.layout.sequence, self.layout.offset
        statuses = "met | partially_met | not_met" + (" | not_applicable" if item.conditional else "")
        kinds = f"one of: {', '.join(item.requires_kinds)}" if item.requires_kinds else "any kind"
        dash = " " * (m + off) + "- "
        field = " " * (m + seq)
        return text + [
            f"{item.id}:",
            " " * m + f"status:      # {statuses}",
            " " * m + "evidence:",
            dash + "title:",
            field + "url:       # or path: a document in this repository",
            field + f"kind:      # {kinds}",
            field + "date:      # YYYY-MM-DD, when the document was issued or the data collected",
        ]

    def _retarget(self) -> None:
        old = self.data.get("framework")
        if isinstance(old, str):
            self.data["framework"] = type(old)(self.diff.new)
        elif isinstance(old, int) and not isinstance(old, bool) and self.diff.new.isdigit():
            self.data["framework"] = int(self.diff.new)
        else:
            self.data["framework"] = self.diff.new

    # -- output ---------------------------------------------------------------------------

    def dump(self) -> str:
        import io

        buffer = io.StringIO()
        if re.match(r"(?:\s*#[^\n]*\n|\s*\n)*---", self.source):
            self.yaml.explicit_start = True
        self.yaml.dump(self.data, buffer)
        out: list[str] = []
        for line in buffer.getvalue().splitlines():
            match = self.placeholder_line.match(line)
            if match is None:
                run = self.folded.unfold(line)
                out += [line] if run is None else run
                continue
            lines, indent = self.blocks[int(match.group(2))]
            pad = match.group(1) + " " * indent
            out += [f"{pad}# {text}".rstrip() if text else f"{pad}#" for text in lines]
        text = "\n".join(out) + "\n"
        if "\r\n" in self.source:
            text = text.replace("\n", "\r\n")
        return text

    def summary(self) -> Summary:
        unchanged = tuple(i for i in self.original if i not in self.touched)
        return Summary(
            self.diff.old,
            self.diff.new,
            unchanged=unchanged,
            editorial=tuple(self.editorial),
            review=tuple(self.review),
            new=tuple(self.new),
            retired=tuple(self.retired),
        )


def migrate_text(text: str, diff: Diff, target: Catalogue) -> Migration:
    """Carry an evidence file's text (valid for ``diff.old``) to ``diff.new``; pure: text in, text out."""
    editor = _Editor(text, diff, target)
    editor.run()
    summary = editor.summary()
    return Migration(editor.dump(), summary)
