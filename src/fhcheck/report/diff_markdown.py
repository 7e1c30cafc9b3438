"""``fhcheck diff --format markdown``: a document a team can paste into a board paper.

Substantive changes first, then editorial ones, each grouped under its key criterion in
the new version's order; rewordings show deleted words as ``<del>`` and inserted words as
``<ins>`` (GitHub, GitLab and most Markdown-to-HTML tools render both).
"""

from __future__ import annotations

import html

from fhcheck.framework_diff import Change, Diff, WordOp
from fhcheck.report.registry import Renderer

_TIER = {"B": "basic", "D": "developed, minimum expectation", "G": "developed, go further"}


def words_html(ops: tuple[WordOp, ...]) -> str:
    """The word diff with ``<del>``/``<ins>``; texts are HTML-escaped so a '<' in a criterion stays text."""
    parts = []
    for op in ops:
        text = html.escape(op.text, quote=False)
        if op.op == "delete":
            parts.append(f"<del>{text}</del>")
        elif op.op == "insert":
            parts.append(f"<ins>{text}</ins>")
        else:
            parts.append(text)
    return " ".join(parts)


def _label(change: Change, ident: str) -> str:
    if change.scope == "key_criterion":
        return f"key criterion {ident} statement"
    if change.scope == "subcriterion":
        return f"sub-criterion {ident} title"
    return f"{ident} ({_TIER[ident.rsplit('.', 1)[1][0]]})"


def _ids(ids: tuple[str, ...]) -> str:
    if len(ids) <= 1:
        return "".join(ids)
    return ", ".join(ids[:-1]) + " and " + ids[-1]


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _heading(change: Change, diff: Diff) -> str:
    kind = change.change
    if change.scope == "key_criterion":
        return f"Key criterion {(change.new or change.old)[0]} statement {kind}"
    if change.scope == "subcriterion":
        return f"Sub-criterion {(change.new or change.old)[0]} title {kind}"
    if kind == "added":
        return f"{_ids(change.new)}: new in {diff.new}"
    if kind == "removed":
        return f"{_ids(change.old)}: removed in {diff.new}"
    if kind == "merged":
        return f"{_ids(change.new)}: merges {diff.old} {_ids(change.old)}"
    if kind == "split":
        return f"{_ids(change.new)}: split from {diff.old} {_ids(change.old)}"
    if change.identifier_changed:
        return f"{change.new[0]}: replaces {diff.old} {change.old[0]}"
    return f"{change.new[0]}: reworded"


def _body(change: Change, diff: Diff) -> list[str]:
    if change.change == "reworded":
        diffed = [words_html(change.words)]
        if change.declared is not None:
            diffed += ["", f"Meaning unchanged (reviewed): {_escape(change.declared)}"]
        if change.identifier_changed:
            return [f"Moved from {_label(change, change.old[0])} to {_label(change, change.new[0])}.", "", *diffed]
        return diffed
    lines: list[str] = []
    if change.old:
        lines.append(f"{diff.old}:")
        lines.append("")
        lines += [
            f"- **{_label(change, i)}** <del>{_escape(t)}</del>"
            for i, t in zip(change.old, change.old_texts, strict=False)
        ]
        lines.append("")
    if change.new:
        lines.append(f"{diff.new}:")
        lines.append("")
        lines += [
            f"- **{_label(change, i)}** <ins>{_escape(t)}</ins>"
            for i, t in zip(change.new, change.new_texts, strict=False)
        ]
        lines.append("")
    return lines[:-1]


def _section(title: str, changes: list[Change], diff: Diff) -> list[str]:
    lines = [f"## {title}", ""]
    if not changes:
        return [*lines, "None.", ""]
    current = None
    for change in changes:
        key = change.key_criteria[0]
        if key != current:
            current = key
            lines += [f"### Key criterion {key}", ""]
        lines += [f"#### {_heading(change, diff)}", "", *_body(change, diff), ""]
    return lines


def render(diff: Diff) -> str:
    counts = diff.counts()
    others = [c for c in diff.changes if c.scope != "item"]
    lines = [
        f"# Family Hub Model Framework: changes from {diff.old} to {diff.new}",
        "",
        f"Items are matched by identifier and by the links the {diff.new} criteria file records "
        "(which earlier items each new item merges, splits or replaces). Deleted words are "
        "<del>struck through</del>, inserted words <ins>underlined</ins>. An editorial change differs only "
        "in punctuation, quotes, hyphenation, case, spacing, number-range style (\"0-19\" / \"0 to 19\") or "
        "spelling variant (\"amongst\" / \"among\"), or is a rewording the newer criteria file declares "
        "meaning-unchanged, with a reviewer's reason.",
        "",
        "| Change | Items |",
        "|---|---:|",
        f"| Added | {counts['added']} |",
        f"| Removed | {counts['removed']} |",
        f"| Merged | {counts['merged']} |",
        f"| Split | {counts['split']} |",
        f"| Reworded, substantive | {counts['reworded_substantive']} |",
        f"| Reworded, editorial | {counts['reworded_editorial']} |",
        f"| Key criterion statements and sub-criterion titles changed | {len(others)} |",
        "",
    ]
    lines += _section("Substantive changes", [c for c in diff.changes if c.substantive], diff)
    lines += _section("Editorial changes", [c for c in diff.changes if not c.substantive], diff)
    return "\n".join(lines).rstrip("\n") + "\n"


class DiffMarkdownRenderer(Renderer):
    def render(self, value: Diff) -> str:
        return render(value)
