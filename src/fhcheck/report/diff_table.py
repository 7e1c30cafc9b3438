"""``fhcheck diff --format table``: the terminal view of a diff.

In colour, deleted words are struck through in red and inserted words are green; without
colour (piped, ``NO_COLOR``, ``--no-color``) the same diff reads ``[-deleted-]`` and
``{+inserted+}``, the markers ``git diff --word-diff`` uses, so nothing is lost in a log.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from fhcheck.framework_diff import Change, Diff, WordOp
from fhcheck.report.registry import Renderer

if TYPE_CHECKING:
    from rich.text import Text

DELETE_STYLE = "red strike"
INSERT_STYLE = "green"
KIND_STYLE = {"added": "green", "removed": "red", "merged": "magenta", "split": "magenta", "reworded": "yellow"}


class DiffTableRenderer(Renderer):
    width: int

    def __init__(self, color: bool = False, width: int | None = None, version: str = "") -> None:
        super().__init__(color, 120 if width is None else width, version)

    def _deleted(self, text: Text, words: str) -> None:
        text.append(words if self.color else f"[-{words}-]", style=DELETE_STYLE if self.color else None)

    def _inserted(self, text: Text, words: str) -> None:
        text.append(words if self.color else f"{{+{words}+}}", style=INSERT_STYLE if self.color else None)

    def words(self, ops: tuple[WordOp, ...]) -> Text:
        from rich.text import Text

        text = Text()
        for index, op in enumerate(ops):
            if index:
                text.append(" ")
            if op.op == "delete":
                self._deleted(text, op.text)
            elif op.op == "insert":
                self._inserted(text, op.text)
            else:
                text.append(op.text)
        return text

    def _texts(self, change: Change) -> Text:
        from rich.text import Text

        if change.change == "reworded":
            words = self.words(change.words)
            if change.declared is not None:  # the reviewer's reason is criteria data, shown as plain text
                words.append("\nmeaning unchanged: " + change.declared, style="italic")
            return words
        text = Text()
        for ident, old in zip(change.old, change.old_texts, strict=False):
            if text:
                text.append("\n")
            text.append(f"{ident}: ", style="bold")
            self._deleted(text, old)
        for ident, new in zip(change.new, change.new_texts, strict=False):
            if text:
                text.append("\n")
            text.append(f"{ident}: ", style="bold")
            self._inserted(text, new)
        return text

    @staticmethod
    def _ids(change: Change, ids: tuple[str, ...]) -> str:
        if change.scope == "key_criterion":
            return "\n".join(f"key criterion {i}" for i in ids)
        if change.scope == "subcriterion":
            return "\n".join(f"{i} title" for i in ids)
        return "\n".join(ids)

    def render(self, diff: Diff) -> str:
        from rich.table import Table

        from fhcheck.report.table import buffer_console

        buffer = io.StringIO()
        out = buffer_console(buffer, self.color, self.width)
        counts = diff.counts()
        out.print(f"[bold]Framework {diff.old} -> {diff.new}[/bold]: {len(diff.changes)} changes", markup=True)
        out.print(
            f"items: {counts['added']} added, {counts['removed']} removed, {counts['merged']} merged, "
            f"{counts['split']} split, {counts['reworded_substantive']} reworded substantively, "
            f"{counts['reworded_editorial']} reworded editorially",
            markup=False,
        )
        if not self.color:
            out.print("[-deleted words-] {+inserted words+}", markup=False)
        if not diff.changes:
            out.print("No changes.", markup=False)
            return buffer.getvalue()
        table = Table(show_lines=True, expand=False)
        table.add_column("Change", no_wrap=True)
        table.add_column(diff.old, no_wrap=True)
        table.add_column(diff.new, no_wrap=True)
        table.add_column("Text")
        from rich.text import Text

        for change in diff.changes:
            label: str = change.change
            if change.change == "reworded":
                label += "\n(substantive)" if not change.editorial else (
                    "\n(editorial)" if change.declared is None else "\n(editorial)\n(declared)"
                )
            table.add_row(
                Text(label, style=KIND_STYLE[change.change] if self.color else ""),
                Text(self._ids(change, change.old)),
                Text(self._ids(change, change.new)),
                self._texts(change),
            )
        out.print(table)
        return buffer.getvalue()


def render(diff: Diff, *, color: bool = False, width: int = 120) -> str:
    return DiffTableRenderer(color=color, width=width).render(diff)
