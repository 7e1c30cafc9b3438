"""``--format table``: the coloured terminal report (plain text when piped or NO_COLOR).

Each file's part is rendered on its own (:meth:`TableRenderer.piece`, where the file is
assessed) and the run joins them after the summary of all files (:meth:`TableRenderer.write`),
which needs only each file's :class:`~fhcheck.results.FileSummary`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from fhcheck.report.registry import Renderer
from fhcheck.results import Count, FileResult, FileSummary, ItemResult, Overview
from fhcheck.safe_text import rich_text as escape
from fhcheck.views import Report

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

STAGE_STYLE = {"none": "bold red", "basic": "bold yellow", "minimum": "bold green", "developed": "bold cyan"}
VERDICT_STYLE = {
    "met": "green",
    "not_applicable": "green",
    "partially_met": "yellow",
    "needs_review": "yellow",
    "stale": "yellow",
    "not_met": "red",
    "unevidenced": "red",
    "missing": "red",
}
TICK, CROSS = "\u2714", "\u2718"


def buffer_console(buffer: io.StringIO, color: bool, width: int) -> Console:
    """A rich console writing into ``buffer``: the same settings for every table renderer."""
    from rich.console import Console

    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        emoji=False,
    )


#: the width when neither COLUMNS nor a terminal says: what a CI log or a file gets
DEFAULT_WIDTH = 110
MIN_WIDTH = 40


def table_width() -> int:
    """The width to draw at: ``COLUMNS`` when it is a number (at least 40), else the
    terminal's width when standard output is one, else 110; long text wraps within it."""
    import os
    import sys

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit():
        return max(int(columns), MIN_WIDTH)
    try:
        if sys.stdout is not None and sys.stdout.isatty():
            return max(os.get_terminal_size(sys.stdout.fileno()).columns, MIN_WIDTH)
    except (OSError, ValueError):
        pass
    return DEFAULT_WIDTH


def count_cell(count: Count, goal_style: str = "green", short_style: str = "red") -> str:
    if count.total == 0:
        return "[dim]-[/dim]"
    return f"[{goal_style if count.complete else short_style}]{count}[/]"


def mark(ok: bool) -> str:
    return f"[green]{TICK} yes[/green]" if ok else f"[red]{CROSS} no[/red]"


#: a rich markup tag (not an escaped ``\[``): stripped to measure a cell, faster than parsing it;
#: an escape's backslash still counts, so a cell is never measured narrower than it is
MARKUP_TAG = re.compile(r"(?<!\\)\[/?[a-z][a-z0-9 ._#]*\]|(?<!\\)\[/\]")


def fits(out: Console, table: Table) -> bool:
    """Whether ``table`` can be drawn within the console's width with no cell cut.

    A table whose columns cannot shrink (numbers, marks, identifiers) is otherwise squeezed
    by rich into ``…`` and empty columns below about 70 columns: the caller prints the same
    content as lines instead. Rich's own measurement clamps to the width it is given and
    counts a wrapping column's longest word as less than it needs, so this counts: a
    ``no_wrap`` column needs its widest cell, a folding one a cell, any other its longest
    word; then padding and box lines."""
    from rich.cells import cell_len

    widths: list[int] = []
    for column in table.columns:
        plain = [MARKUP_TAG.sub("", cell) for cell in (column.header, *column.cells) if isinstance(cell, str)]
        if column.no_wrap:
            need = max((cell_len(text) for text in plain), default=0)
        elif column.overflow == "fold":  # breaks a long word rather than cut it
            need = 1
        else:
            need = max((cell_len(word) for text in plain for word in text.split()), default=0)
        widths.append(max(need, column.min_width or 0))
    _, right, _, left = table.padding
    gaps = len(widths) - 1
    padding = gaps * (max(left, right) if table.collapse_padding else left + right)
    if table.pad_edge:
        padding += left + right
    lines = (gaps + (2 if table.show_edge else 0)) if table.box else 0
    return sum(widths) + padding + lines <= out.width


def counts_line(basic: Count, developed: Count, minimum_met: bool, go_further: Count) -> str:
    """A row's figures as one line of text, what a narrow terminal gets instead of columns."""
    return (
        f"basic {count_cell(basic)} · developed {count_cell(developed)} · "
        f"minimum met {mark(minimum_met)} · go further {count_cell(go_further, 'green', 'yellow')}"
    )


class TableRenderer(Renderer):
    streams = True
    baseline_delta_follows = True
    width: int

    def __init__(self, color: bool = False, width: int | None = None, version: str = "") -> None:
        super().__init__(color, width if width is not None else table_width(), version)

    def _console(self, buffer: io.StringIO) -> Console:
        return buffer_console(buffer, self.color, self.width)

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        self.write(buffer, report.overview(), (self.piece(result) for result in report.results))
        return buffer.getvalue()

    def piece(self, result: FileResult) -> str:
        """One file's part of the report: its tables, then what is unmet and why."""
        buffer = io.StringIO()
        self._file(self._console(buffer), result)
        return buffer.getvalue()

    def write(self, out: TextIO, overview: Overview, pieces: Iterable[str]) -> None:
        """The summary of every file when there are several, then each file's piece in order."""
        if len(overview.files) > 1:
            buffer = io.StringIO()
            self._summary(self._console(buffer), overview.files)
            out.write(buffer.getvalue())
        for piece in pieces:
            out.write(piece)

    def _summary(self, out: Console, files: tuple[FileSummary, ...]) -> None:
        from rich.table import Table

        table = Table(title=f"{len(files)} evidence files", title_justify="left")
        table.add_column("File", overflow="fold")  # the file is what a reader looks for: wrap it, never cut it
        table.add_column("Local authority", overflow="fold")
        for column in ("Framework", "Stage", "Minimum met", "Go further"):
            table.add_column(column, no_wrap=True)
        for result in files:
            table.add_row(
                escape(result.file),
                escape(result.local_authority),
                escape(result.framework),
                f"[{STAGE_STYLE[result.stage]}]{result.stage}[/]",
                mark(result.minimum_met),
                count_cell(result.go_further, "green", "yellow"),
            )
        if fits(out, table):
            out.print(table)
        else:
            out.print(f"[italic]{len(files)} evidence files[/italic]")
            for result in files:
                out.print(
                    f"{escape(result.file)}: {escape(result.local_authority)} · framework "
                    f"{escape(result.framework)} · stage [{STAGE_STYLE[result.stage]}]{result.stage}[/] · "
                    f"minimum met {mark(result.minimum_met)} · "
                    f"go further {count_cell(result.go_further, 'green', 'yellow')}"
                )
        out.print()

    def _file(self, out: Console, result: FileResult) -> None:
        from rich.table import Table
        from rich.text import Text

        name = f"[bold]{escape(result.local_authority)}[/bold]"
        if Text.from_markup(name).cell_len + 4 <= out.width:
            out.rule(name, style="dim")
        else:  # a rule cuts a long title with "…": the name goes below it, wrapped
            out.rule(style="dim")
            out.print(name, overflow="fold")
        out.print(
            f"{escape(result.file)} · framework {escape(result.framework)} · "
            f"assessed on {result.assessed_on.isoformat()} · "
            f"stage [{STAGE_STYLE[result.stage]}]{result.stage}[/] · minimum met {mark(result.minimum_met)}"
        )
        out.print(
            f"basic {count_cell(result.basic)} · developed {count_cell(result.developed)} · "
            f"go further {count_cell(result.go_further, 'green', 'yellow')}"
        )
        if result.deadline is not None:
            out.print(f"deadline: {escape(result.deadline)}")
        for notice in result.notices:
            out.print(f"[yellow]warning: {escape(str(notice))}[/yellow]")
        for key in result.key_criteria:
            out.print(f"\n[bold]Key criterion {key.id}[/bold] ({key.delivery_area}): {escape(key.statement)}")
            table = Table(expand=False)
            table.add_column("Sub", no_wrap=True)
            table.add_column("Title")
            table.add_column("Basic", justify="right", no_wrap=True)
            table.add_column("Developed", justify="right", no_wrap=True)
            table.add_column("Minimum met", no_wrap=True)
            table.add_column("Go further", justify="right", no_wrap=True)
            for sub in key.subcriteria:
                table.add_row(
                    sub.id,
                    escape(sub.title),
                    count_cell(sub.basic),
                    count_cell(sub.developed),
                    mark(sub.minimum_met),
                    count_cell(sub.go_further, "green", "yellow"),
                )
            if fits(out, table):
                out.print(table)
                continue
            for sub in key.subcriteria:
                out.print(f"[bold]{sub.id}[/bold] {escape(sub.title)}")
                out.print("  " + counts_line(sub.basic, sub.developed, sub.minimum_met, sub.go_further))
        self._unsatisfied(out, result)

    def _unsatisfied(self, out: Console, result: FileResult) -> None:
        """Claimed-but-unsatisfied items in full, with reasons; absent items as one line of ids."""
        open_items = [item for item in result.items if not item.satisfied]
        warned = [item for item in result.items if item.warnings]
        if not open_items and not warned:
            out.print("\n[green]Every item is satisfied.[/green]\n")
            return
        if open_items:
            minimum = sum(1 for item in open_items if item.tier == "minimum")
            out.print(
                f"\n[bold]Not satisfied[/bold]: {len(open_items)} items "
                f"({minimum} minimum, {len(open_items) - minimum} go further)"
            )
        for key in result.key_criteria:
            mine = [i for i in open_items if i.key_criterion == key.id]
            if mine:
                out.print(f"[bold]Key criterion {key.id}[/bold]")
                self._open_items(out, mine)
        self._warnings(out, warned)
        out.print()

    def _warnings(self, out: Console, warned: list[ItemResult]) -> None:
        """Warnings about now (findings), then what lapses soon (coming up)."""
        findings = [(item, [w for w in item.warnings if w not in item.upcoming]) for item in warned]
        self._warning_grid(out, "Findings", [(item, now) for item, now in findings if now])
        self._warning_grid(out, "Coming up", [(item, list(item.upcoming)) for item in warned if item.upcoming])

    def _open_items(self, out: Console, mine: list[ItemResult]) -> None:
        """One key criterion's unsatisfied items, a row each with reasons; absent ones as lines of ids."""
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=9)
        grid.add_column(no_wrap=True, min_width=14)
        grid.add_column(no_wrap=True, min_width=10)
        grid.add_column()
        lines: list[str] = []
        for item in mine:
            if item.verdict == "missing":
                continue
            tier = "minimum" if item.tier == "minimum" else "go further"
            style = VERDICT_STYLE[item.verdict] if item.tier == "minimum" else "yellow"
            reasons = escape("; ".join(item.reasons))
            grid.add_row(f"  {item.id}", f"[{style}]{item.verdict}[/]", f"[dim]{tier}[/dim]", reasons)
            lines.append(f"  {item.id} [{style}]{item.verdict}[/] [dim]{tier}[/dim]")
            lines += [f"    {reasons}"] if reasons else []
        for tier, label, style in (
            ("minimum", "missing minimum:", "red"),
            ("go_further", "go further not claimed:", "dim"),
        ):
            absent = [i.id for i in mine if i.verdict == "missing" and i.tier == tier]
            if absent:
                grid.add_row("", "", "", f"[{style}]{label} {', '.join(absent)}[/]")
                lines.append(f"  [{style}]{label} {', '.join(absent)}[/]")
        self._grid_or_lines(out, grid, lines)

    def _warning_grid(self, out: Console, title: str, rows: list[tuple[ItemResult, list[str]]]) -> None:
        """Items and their warnings in two columns, so a long warning wraps under itself."""
        from rich.table import Table

        if not rows:
            return
        out.print(f"\n[bold]{title}[/bold]")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=10)
        grid.add_column()
        lines: list[str] = []
        for item, warnings in rows:
            text = f"[yellow]{escape('; '.join(warnings))}[/yellow]"
            grid.add_row(f"  {item.id}", text)
            lines += [f"  {item.id}", f"    {text}"]
        self._grid_or_lines(out, grid, lines)

    @staticmethod
    def _grid_or_lines(out: Console, grid: Table, lines: list[str]) -> None:
        """The grid when its columns fit the width, else the same cells a line each (wrapped,
        long words folded), so a narrow terminal loses no text to ``…``."""
        if fits(out, grid):
            out.print(grid)
        else:
            for line in lines:
                out.print(line, overflow="fold")
