"""Fuzzing the way in: whatever the input, fhcheck answers with a message, never an exception.

Properties (hypothesis):

- any text given to ``load.parse`` (and any bytes given to ``load.decode``) either parses
  or raises ``InputError`` whose problems are one line each with a real location;
- any YAML structure (``yaml.safe_dump`` of generated data), any valid evidence file with
  one value replaced by anything, and any valid evidence file mutated as text (lines
  deleted, duplicated, swapped, re-indented, tokens inserted) goes through
  ``fhcheck assess --format json``, ``--format table`` and ``fhcheck validate`` with exit
  status 0, 1 or 2, no traceback, a JSON document on stdout for json, and every line of
  stderr a ``FILE[:LINE:COL]: ...`` message.

Example budgets are small so that this file runs in well under 30 s in CI. For a longer
run, raise them with ``FHCHECK_FUZZ_EXAMPLES`` (see tests/fuzz/README.md). Every failure
found so far is pinned with ``@example``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fhcheck.cli import main
from fhcheck.errors import InputError
from fhcheck.load import decode, parse

#: examples per property in CI; FHCHECK_FUZZ_EXAMPLES=N multiplies nothing, it replaces
EXAMPLES = int(os.environ.get("FHCHECK_FUZZ_EXAMPLES", "0")) or None
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def budget(ci: int) -> Any:
    """Settings for one property: ``ci`` examples normally, FHCHECK_FUZZ_EXAMPLES when set."""
    return settings(
        max_examples=EXAMPLES or ci,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        derandomize=EXAMPLES is None,  # CI runs the same examples every time; long runs explore
    )


TEMPLATE = """\
fhcheck: 1
framework: "2025"
local_authority: Exampleshire County Council
assessed_on: 2025-10-01
items:
  1.1.B1:
    status: met
    evidence:
      - title: Start for Life offer published
        url: https://example.gov.uk/start-for-life
        kind: publication
        date: 2025-06-01
      - title: Family hub web pages
        url: https://example.gov.uk/family-hubs
        kind: web_page
        date: 2025-05-01
    note: free text
  1.3.D3:
    status: not_applicable
    justification: Compact urban borough; no villages beyond walking distance of a hub.
    approved_by: Family hubs board
    review_by: 2026-07-31
  2.3.D1:
    status: not_met
    plan: Family hubs named as a budget priority in the 2026-27 budget round
    due: 2026-03-31
    owner: Director of Children's Services
"""

#: pieces of YAML that reach the parser's corners: indicators, tags, anchors, directives
TOKENS = [
    ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "?", "? ", "&a ", "*a", "&b ", "*b", "!", "!!str ", "!!python/object ",
    "!include ", "|", ">", "|-", "'", '"', "\\", "#", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "---\n", "...\n", "@", "`",
    "<<: ", "\t", "\n", "\r\n", "\r", " ", "  ", "    ", "yes", "no", "~", "null", "2025-13-45", "2025-06-01", "0x1F",
    "1.5", ".inf", "é", "\u2028", "\ufeff", "\x85", "1.1.B1", "status", "met", "evidence", "title", "path", "url",
    "../../etc/passwd", "fhcheck", "framework", "items", "\\ud800", "\\x", "\\U0001F600", "\x00", "\x07", "\x1b",
]
yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=60).map("".join)


def leaves() -> st.SearchStrategy[Any]:
    return (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(10**30), max_value=10**30)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=30)
        | st.sampled_from(["met", "not_met", "partially_met", "not_applicable", "no", "yes", "2025", "2022", "1.1.B1"])
        | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
        | st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1))
    )


structures = st.recursive(
    leaves(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12) | st.sampled_from(
        ["fhcheck", "framework", "items", "status", "evidence", "title", "path", "url", "1.1.B1", "2.3.D1"]
    ), inner, max_size=5),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """One folder for the whole module: hypothesis re-runs a test body, not its fixtures."""
    with tempfile.TemporaryDirectory(prefix="fhcheck-fuzz-") as name:
        yield Path(name)


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code
        else:  # pragma: no cover - main always exits
            code = None
    return (code if isinstance(code, int) else -1), out.getvalue(), err.getvalue()


def assert_answers(path: Path) -> None:
    """fhcheck's three ways of reading a file all end in 0, 1 or 2 with messages, never a traceback."""
    name = str(path)
    status, out, err = run_cli("assess", name, "--format", "json")
    assert status in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    report = json.loads(out)
    assert isinstance(report["results"], list)
    for line in err.splitlines():
        assert line.startswith(f"{name}:") or line.startswith(f"{name} "), line
    assert len(err.splitlines()) <= 41
    status, out, err = run_cli("assess", name, "--format", "table", "--no-color")
    assert status in (0, 1, 2) and "Traceback" not in err and "internal error" not in err, err
    status, _, err = run_cli("validate", name, "--quiet")
    assert status in (0, 1, 2) and "Traceback" not in err and "internal error" not in err, err


def write(workdir: Path, data: str | bytes) -> Path:
    path = workdir / "evidence.yaml"
    path.write_bytes(data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------- the loader alone


@budget(400)
@given(st.text() | yamlish)
@example("a: &a [*a]")
@example("[" * 5000)
@example("{a: " * 3000)
@example("- " * 3000 + "x")
@example("a: !!python/object/apply:os.system [ls]")
@example("? [a]\n: 1")
@example("*a : 1")
@example("&a x: *a")
@example("a: 1\n---\n")
@example("\ud800")
@example('"\\ud800"')
@example("!!str\n")
@example("<<: 1")
@example("a: =")
def test_parse_raises_only_input_errors(text: str) -> None:
    try:
        parse(text, "fuzz.yaml")
    except InputError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.location.file == "fuzz.yaml"
            assert problem.location.line >= 0 and problem.location.column >= 0
            assert "\n" not in problem.message and problem.message


@budget(300)
@given(st.binary(max_size=200) | yamlish.map(lambda t: t.encode("utf-8", errors="surrogatepass")))
@example(b"\xff\xfe")
@example(b"\x00")
@example(b"\xef\xbb\xbf")
@example(b"\xed\xa0\x80")
def test_decode_and_parse_any_bytes(raw: bytes) -> None:
    try:
        parse(decode(raw, "fuzz.yaml"), "fuzz.yaml")
    except InputError as exc:
        assert all("\n" not in p.message for p in exc.problems)


# --------------------------------------------------------------------------- the whole command line


@budget(60)
@given(structures)
@example({"fhcheck": 1, "framework": "2025", "local_authority": "X", "assessed_on": dt.date(2025, 1, 1), "items": None})
@example({"fhcheck": 1, "framework": "2025", "local_authority": "X", "assessed_on": dt.date(2025, 1, 1), "items": {"1.1.B1": None}})
@example({"fhcheck": 1, "framework": 2025.0, "local_authority": "X", "assessed_on": "x", "items": {"\n": {}}})
@example([{"fhcheck": 1}])
@example({"[": None})  # pydantic's loc dropped a key holding '[': IndexError, exit 3
def test_any_yaml_structure(workdir: Path, data: Any) -> None:
    assert_answers(write(workdir, yaml.dump(data, Dumper=_Dumper, allow_unicode=True)))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


TEMPLATE_DATA = yaml.safe_load(TEMPLATE)
TEMPLATE_PATHS = [p for p in _paths(TEMPLATE_DATA) if p]


@budget(80)
@given(st.sampled_from(TEMPLATE_PATHS), structures)
@example(("items", "1.1.B1", "evidence", 0, "date"), dt.datetime(2025, 1, 1, 10, 0))
@example(("items", "1.3.D3", "review_by"), "2025-13-45")
@example(("items", "1.1.B1", "evidence", 0, "path"), "../../../../etc/passwd")
@example(("items", "1.1.B1", "evidence", 0, "path"), "\x00")
@example(("items", "1.1.B1", "evidence", 1, "path"), "a" * 5000)
@example(("assessed_on",), dt.date(1, 1, 1))
@example(("assessed_on",), dt.date(9999, 12, 31))
def test_a_valid_file_with_any_one_value_replaced(workdir: Path, path: tuple[Any, ...], value: Any) -> None:
    data = json.loads(json.dumps(TEMPLATE_DATA, default=str))  # a deep copy
    data["assessed_on"] = TEMPLATE_DATA["assessed_on"]
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    assert_answers(write(workdir, yaml.dump(data, Dumper=_Dumper, allow_unicode=True)))


MUTATIONS = ("delete", "duplicate", "swap", "indent", "dedent", "insert", "replace")


@budget(80)
@given(st.lists(st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10**6), st.sampled_from(TOKENS)), min_size=1, max_size=6))
@example([("insert", 0, "\t")])
@example([("replace", 7, "!!python/object ")])
@example([("insert", 250, "&a [*a]")])
def test_a_valid_file_mutated_as_text(workdir: Path, mutations: list[tuple[str, int, str]]) -> None:
    lines = TEMPLATE.splitlines(keepends=True)
    for kind, seed, token in mutations:
        rng = random.Random(seed)
        at = rng.randrange(len(lines)) if lines else 0
        if kind == "delete" and lines:
            del lines[at]
        elif kind == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif kind == "swap" and len(lines) > 1:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "indent" and lines:
            lines[at] = " " * rng.randrange(1, 4) + lines[at]
        elif kind == "dedent" and lines:
            lines[at] = lines[at][rng.randrange(1, 4):]
        elif kind == "insert":
            text = "".join(lines)
            spot = rng.randrange(len(text) + 1)
            lines = (text[:spot] + token + text[spot:]).splitlines(keepends=True)
        elif kind == "replace" and lines:
            line = lines[at]
            colon = line.find(": ")
            lines[at] = (line[: colon + 2] + token + "\n") if colon >= 0 else token + "\n"
    assert_answers(write(workdir, "".join(lines)))
