"""Text from a repository, made safe to show: the one layer every human-facing output uses.

fhcheck runs in CI on pull requests, so a local authority's name, a plan, a file name or a
YAML key may have been written by an attacker. Whatever it holds, what fhcheck prints of it
must read as that text and do nothing else:

- :func:`visible` shows the characters a reader cannot see or that act on a terminal or a
  parser (C0 and C1 controls, DEL, bidi controls, zero-width and other format characters,
  surrogates, Unicode noncharacters such as U+FFFE) as ``\\x1b`` or ``<U+202E>``;
  everything else, including any language's letters and emoji, is left as written.
- :func:`one_line` also folds line breaks into spaces, for fields shown on one line.
- :func:`ci_line` also neutralises GitHub Actions workflow commands: ``::`` (a command when a
  line starts with it, and a table may wrap any ``::`` to a line start) and the legacy
  ``##[`` (a command anywhere in a line) get a space inserted.
- :func:`rich_text` is :func:`ci_line` with rich console markup escaped (``[/]``, ``[link=...]``),
  cut to :data:`TERMINAL_LIMIT` characters.
- :func:`markdown_text` neutralises ``@mentions``, ``#123``/``GH-123`` references and raw
  HTML for Markdown that GitHub renders (a pull-request comment, the step summary).
- :func:`xml_text` keeps line breaks and tabs (XML can carry them) and makes visible every
  character XML 1.0 cannot carry, so a workbook or JUnit file is always well-formed.

Making a character visible rather than dropping it keeps the evidence honest: a reviewer
sees that a name holds a right-to-left override, instead of being fooled by it.
"""

from __future__ import annotations

import re

#: characters shown by their code: C0 controls and DEL, C1 controls, format characters (Cf:
#: soft hyphen, bidi controls, zero-width characters, the BOM, tag characters), line and
#: paragraph separators, surrogates and the Unicode noncharacters (U+FDD0..U+FDEF and the
#: last two code points of every plane). tests/unit/test_safe_text.py checks this list
#: against the Unicode database of the running Python.
_HIDDEN_RANGES = (
    "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff"
    "\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
)
_HIDDEN = re.compile(f"[{_HIDDEN_RANGES}]")
#: the same, less the line breaks and tab that multi-line text and XML keep
_HIDDEN_KEEPING_LINES = re.compile(f"(?![\t\n\r])[{_HIDDEN_RANGES}]")
#: every way a line can end: CR LF, LF, CR, VT, FF, NEL, U+2028, U+2029
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
_COMMAND = re.compile(r":(?=:)")
_LEGACY_COMMAND = re.compile(r"#(?=#\[)")
_MENTION = re.compile(r"@(?=[A-Za-z0-9_])")
_REFERENCE = re.compile(r"(#|\bGH-)(?=\d)", re.IGNORECASE)
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: inserted after ``@`` and before a reference's number: GitHub links neither across it
ZERO_WIDTH_SPACE_ENTITY = "&#8203;"


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F:
        return f"\\x{code:02x}"
    return f"<U+{code:04X}>"


def visible(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every invisible or acting character shown by its code (``keep_lines``: not line breaks or tabs)."""
    return (_HIDDEN_KEEPING_LINES if keep_lines else _HIDDEN).sub(_shown, text)


def one_line(text: str) -> str:
    """:func:`visible`, with line breaks folded into single spaces: a field that must stay on its line."""
    return visible(_LINE_BREAK.sub(" ", text))


def no_commands(text: str) -> str:
    """``::`` and ``##[`` broken with a space, so no line a CI runner reads becomes a workflow command."""
    return _LEGACY_COMMAND.sub("# ", _COMMAND.sub(": ", text))


def ci_line(text: str) -> str:
    """Text shown on one line of a terminal or a CI log: :func:`one_line` and :func:`no_commands`."""
    return no_commands(one_line(text))


def ci_lines(text: str) -> str:
    """Text of several lines for a terminal or a CI log: each line as :func:`ci_line` would show it."""
    return "\n".join(ci_line(line) for line in _LINE_BREAK.split(text))


#: the most of one field a terminal table shows: rich lays out every character it is given,
#: so a 5 MB one-line plan took 20 s; the full text is in the JSON and file reports
TERMINAL_LIMIT = 2_000


def clip(text: str, limit: int = TERMINAL_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit:,} more characters; the JSON report has them all)"


def rich_text(text: str) -> str:
    """:func:`ci_line` with rich console markup escaped, for a ``rich`` table cell or line (at most
    :data:`TERMINAL_LIMIT` characters of it)."""
    from rich.markup import escape

    return escape(ci_line(clip(text)))


def markdown_text(text: str) -> str:
    """Markdown-bound text with raw HTML escaped and no live ``@mention`` or issue reference."""
    text = re.sub("[&<>]", lambda m: _HTML[m.group()], text)
    return no_notifications(text)


def no_notifications(text: str) -> str:
    """``@name`` and ``#123`` as text: a zero-width space (as an entity) after ``@`` and before the number."""
    text = _REFERENCE.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE_ENTITY, text)
    return _MENTION.sub("@" + ZERO_WIDTH_SPACE_ENTITY, text)  # after: its entity holds "#8203"


def xml_text(text: str) -> str:
    """Text any XML 1.0 part can carry (xlsx, JUnit, SVG): line breaks and tabs kept, the rest visible."""
    return visible(text, keep_lines=True)
