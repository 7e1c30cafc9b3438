"""fhcheck.safe_text, alone and in every format: untrusted text never acts.

For any string in any user-written field (the local authority, the file name, reasons,
warnings, a problem's message): no output line starts with ``::`` or holds ``##[`` from
it, no raw control, bidi or zero-width character reaches any output, Markdown holds no
live mention or reference, and every XML part stays well-formed.
"""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhcheck.errors import Location, Problem
from fhcheck.report.registry import names, render_report, renderer_class
from fhcheck.results import InvalidFile
from fhcheck.safe_text import ci_line, markdown_text, rich_text, visible, xml_text
from fhcheck.views import Report


def _report_conftest() -> None:
    """tests/report/conftest.py importable by name (it shadows tests/conftest.py as ``conftest``)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("fhcheck_report_conftest", Path(__file__).with_name("conftest.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fhcheck_report_conftest"] = module
    spec.loader.exec_module(module)


_report_conftest()
NASTY = [
    "\x00",
    "\x07",
    "\x1b",
    "\x1b[31m",
    "\x1b]8;;https://evil.example\x07",
    "\x1b]52;c;aGk=\x07",
    "\x7f",
    "\x85",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\U000e0041",
    "\u2028",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "::",
    "::error file=a,line=1::x",
    "##[",
    "##[error]",
    "@",
    "@octocat",
    "@org/team",
    "#",
    "#123",
    "GH-9",
    "[/]",
    "[link=https://evil.example]",
    "[bold]",
    "<",
    "<script>",
    "&",
    "&#64;",
    "|",
    "`",
    "\\",
    ":",
    " ",
    "a",
    "é",
    "日本",
]
texts = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=3)), max_size=12).map("".join)
#: what the layer shows by code; a line break or tab only where the format keeps lines
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufffe\uffff"
    "\ud800-\udfff\U000e0000-\U000e007f\u2028\u2029]"
)
#: tags the Markdown renderer writes itself (the regional section's folds)
OWN_TAGS = {"details", "/details", "summary", "/summary", "br", "del", "/del", "ins", "/ins"}
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes rich itself writes


def is_hidden(char: str) -> bool:
    """What the Unicode database says must never be written raw."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


def test_every_hidden_character_of_the_unicode_database_is_shown_and_nothing_else() -> None:
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    shown = {m.group() for m in re.finditer(r"\\x[0-9a-f]{2}|<U\+[0-9A-F]{4,6}>", visible(everything))}
    wanted = {visible(c) for c in everything if is_hidden(c)}
    assert wanted <= shown
    # unassigned code points inside the format blocks (U+2065, U+13439..) may be shown too
    wrongly_shown = [c for c in everything if not is_hidden(c) and visible(c) != c]
    assert [c for c in wrongly_shown if unicodedata.category(c) != "Cn"] == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("evil\u202etxt.yaml", "evil<U+202E>txt.yaml"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("x\ufffey", "x<U+FFFE>y"),
        ("C1\x9b", "C1\\x9b"),
        ("Exampleshire County Council ✔ 日本 é", "Exampleshire County Council ✔ 日本 é"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Budget\n::error file=README.md,line=1::forged", "Budget : :error file=README.md,line=1: :forged"),
        ("x ##[stop-commands]tok", "x # #[stop-commands]tok"),
        (":::", ": : :"),
        ("###[", "## #["),
        ("a\r\nb\u2028c", "a b c"),
    ],
)
def test_ci_line(text: str, shown: str) -> None:
    assert ci_line(text) == shown


def test_rich_text_escapes_markup() -> None:
    assert rich_text("[/]") == "\\[/]"
    assert rich_text("[link=https://evil.example]Click[/link]") == "\\[link=https://evil.example]Click\\[/link]"


def test_markdown_text() -> None:
    assert (
        markdown_text("@octocat <b>#12</b> & GH-3") == "@&#8203;octocat &lt;b&gt;#&#8203;12&lt;/b&gt; &amp; GH-&#8203;3"
    )


def report_of(text: str) -> Report:
    """The hand-built hostile report with ``text`` in every user-written field."""
    from fhcheck_report_conftest import hostile_report

    base = hostile_report()
    result = base.results[0]
    items = tuple(
        item._replace(reasons=(text, "plan: " + text), warnings=(text,) if item.warnings else ())
        for item in result.items
    )
    result = result._replace(local_authority=text or "x", file=f"{text}.yaml", items=items)
    bad = InvalidFile(f"{text}.yml", (Problem(Location(f"{text}.yml", 3, 5), f"found {text}; expected text"),))
    return Report((result, result._replace(file="second.yaml")), (bad,), "minimum", "1.0")


def lines_of(output: str) -> list[str]:
    return re.split("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]", output)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_no_output_of_any_format_lets_user_text_act(text: str) -> None:
    report = report_of(text)
    # every text format but the machine data of json and codeclimate (json carries the user's text
    # exactly, docs/contract.md; codeclimate leaves U+007F as it is, a finding left to its owner)
    machine = {"json", "codeclimate"}
    text_formats = [n for n in names("assessment") if not renderer_class("assessment", n).binary and n not in machine]
    assert {"table", "markdown", "github", "html", "junit", "sarif"} <= set(text_formats)
    for name in text_formats:
        for color in (False, True) if name == "table" else (False,):
            output = render_report(name, report, color=color)
            assert isinstance(output, str)
            plain = SGR.sub("", output)
            keeps = "" if name in ("table", "markdown", "github") else "\t\r"
            raw = [c for c in HIDDEN.findall(plain) if c not in keeps]
            assert raw == [], (name, raw)
            if name in ("table", "markdown", "junit"):  # what CI logs show (HTML, SARIF and xlsx are files)
                assert "##[" not in output, name
            if name in ("table",):
                assert not any(line.lstrip().startswith("::") for line in lines_of(plain)), name
            if name == "github":
                lines = output.splitlines()
                assert all(re.fullmatch(r"::(error|warning|notice) [^\n]*", line) for line in lines)
                assert "##[" not in output
            if name == "markdown":
                outside_code = re.sub(r"(`+).*?\1", "", output)  # GitHub links nothing in code spans
                assert re.search(r"@[A-Za-z0-9_]", outside_code) is None
                assert {m for m in re.findall(r"(&?)#(\d+)", outside_code)} <= {("&", "8203")}
                assert set(re.findall(r"(?<!\\)<(/?[A-Za-z!?]+)", outside_code)) <= OWN_TAGS
            if name == "junit":
                ET.fromstring(output.encode("utf-8"))
            if name == "sarif":
                json.loads(output)
        workbook = render_report("xlsx", report)
        assert isinstance(workbook, bytes)
    with zipfile.ZipFile(io.BytesIO(workbook)) as parts:
        for part in parts.namelist():
            if part.endswith((".xml", ".rels")):
                ET.fromstring(parts.read(part))  # raises on an ill-formed part (U+FFFE, a lone surrogate)


@pytest.mark.parametrize("text", ["\ufffe", "\uffff", "\ud800", "\x0b", "\U0010fffe"])
def test_xml_text_is_always_well_formed(text: str) -> None:
    element = ET.Element("a", {"b": xml_text(text)})
    element.text = xml_text(text)
    ET.fromstring(ET.tostring(element, encoding="unicode").encode("utf-8"))


def test_rich_text_shows_at_most_a_screenful_of_one_field() -> None:
    assert rich_text("x" * 2_000) == "x" * 2_000
    cut = "... (3,000 more characters; the JSON report has them all)"
    assert rich_text("word " * 1_000) == ("word " * 400)[:2_000] + cut
