"""Markdown primitives every Markdown output shares: text escaped to render as itself, code
spans, tables.

Their own module so the report renderer and the regional section both import them and
neither imports the other.
"""

from __future__ import annotations

import re

from fhcheck.safe_text import no_commands, no_notifications, visible

TICK, CROSS = "\u2714", "\u2718"
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:([#+-])|(\d+)([.)]))(?=\s|$)")


def escape(text: str) -> str:
    """Plain text as Markdown that renders as the same text, on one line (safe in a table cell).

    Only what Markdown would act on is escaped (emphasis, links, HTML, code, table pipes,
    entities, a heading or list marker at the start), so the raw text stays readable.
    """
    text = no_commands(visible(" ".join(text.split())))
    text = _ENTITY.sub("&amp;", text)
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)
    return no_notifications(text)  # last: its entities must not be escaped


def code(text: str, cell: bool = False) -> str:
    """An inline code span that survives backticks in the text (and pipes, in a table ``cell``).

    GitHub links no mention or reference inside code, so only hidden characters are shown.
    """
    text = no_commands(visible(" ".join(text.split())))
    if cell:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """A GitHub-flavoured Markdown table; ``right`` holds the indexes of right-aligned columns."""
    rule = ["---:" if index in right else "---" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines
