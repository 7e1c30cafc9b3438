"""fhcheck.load: reading, decoding and building YAML with a location for every value.

The loader is the first thing hostile input meets, so besides what it builds these tests
pin what it refuses, where it says the problem is (line and column), and that it refuses
alias bombs, deep nesting and non-regular files without expanding, recursing or blocking.
End-to-end behaviour of the same cases is in tests/hostile/.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
import yaml

from fhcheck.errors import InputError, Location
from fhcheck.load import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_KEY_LENGTH,
    MAX_NODES,
    Yaml11Boolean,
    composer,
    decode,
    load,
    max_nodes_for,
    parse,
    read_text,
    reading,
)


def problem(text: str, max_nodes: int = MAX_NODES) -> tuple[int, int, str]:
    """(line, column, message) of the one problem ``text`` has."""
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml", max_nodes)
    [found] = caught.value.problems
    assert found.location.file == "f.yaml"
    assert "\n" not in found.message
    return found.location.line, found.location.column, found.message


@pytest.fixture(params=["libyaml", "python"])
def both_loaders(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml and with PyYAML's pure-Python parser (where libyaml is missing)."""
    if request.param == "python":
        monkeypatch.setattr(composer, "_Loader", yaml.SafeLoader)
    return str(request.param)


# --------------------------------------------------------------------------- building


def test_values_and_their_locations(both_loaders: str) -> None:
    doc = parse(
        "fhcheck: 1\n"
        "items:\n"
        "  1.1.B1:\n"
        "    status: met\n"
        "    evidence:\n"
        "      - title: Offer\n"
        "        date: 2025-06-01\n",
        "f.yaml",
    )
    assert doc.data == {
        "fhcheck": 1,
        "items": {"1.1.B1": {"status": "met", "evidence": [{"title": "Offer", "date": dt.date(2025, 6, 1)}]}},
    }
    assert doc.where(("items", "1.1.B1", "status")) == Location("f.yaml", 4, 13)
    assert doc.where(("items", "1.1.B1", "status"), key=True) == Location("f.yaml", 4, 5)
    assert doc.where(("items", "1.1.B1", "evidence", 0)) == Location("f.yaml", 6, 9)
    assert doc.where(("items", "1.1.B1", "evidence", 0, "date")) == Location("f.yaml", 7, 15)
    # a path that is not there points at its nearest ancestor
    assert doc.where(("items", "1.1.B1", "evidence", 0, "url")) == Location("f.yaml", 6, 9)
    assert doc.where(("nothing",)) == Location("f.yaml", 1, 1)


def test_columns_count_characters_not_bytes() -> None:
    doc = parse("ééé: x\nk: [é, y]\n", "f.yaml")
    assert doc.where(("ééé",)) == Location("f.yaml", 1, 6)
    assert doc.where(("k", 1)) == Location("f.yaml", 2, 8)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", Yaml11Boolean("no")),
        ("Yes", Yaml11Boolean("Yes")),
        ("off", Yaml11Boolean("off")),
        ('"no"', "no"),
        ("'yes'", "yes"),
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("", None),
        ("12", 12),
        ("0x1F", 31),
        ("1_000", 1000),
        ("1.5", 1.5),
        ("2025-06-01", dt.date(2025, 6, 1)),
        ("2025-13-45", "2025-13-45"),  # not a calendar date: stays text for validation to name
        ("2025-02-30", "2025-02-30"),
        ("2025-06-01T10:00:00", dt.datetime(2025, 6, 1, 10, 0)),
        ("1:00", "1:00"),  # YAML 1.1 sexagesimal: kept as written
        (".inf", ".inf"),
        ("=", "="),  # YAML 1.1's 'value' tag: just text
        ("9" * 5000, "9" * 5000),  # beyond Python's int-from-text limit: kept as text
        ("!!str 12", "12"),
        ("! 12", 12),  # as PyYAML reads it
        ("|\n  two\n  lines", "two\nlines\n"),
    ],
)
def test_scalars_become_plain_values(text: str, value: object, both_loaders: str) -> None:
    assert parse(f"k: {text}\n", "f.yaml").data == {"k": value}


def test_keys_are_the_text_as_written() -> None:
    doc = parse("1.50: a\nno: b\n~: c\n2025-01-01: d\n0x1: e\n'quoted': f\n", "f.yaml")
    assert list(doc.data) == ["1.50", "no", "~", "2025-01-01", "0x1", "quoted"]


def test_an_alias_copies_its_value_and_its_locations(both_loaders: str) -> None:
    doc = parse(
        "shared: &minutes\n"
        "  title: Board minutes\n"
        "  kind: minutes\n"
        "items:\n"
        "  - *minutes\n"
        "  - *minutes\n",
        "f.yaml",
    )
    assert doc.data["items"] == [{"title": "Board minutes", "kind": "minutes"}] * 2
    assert doc.where(("items", 1)) == Location("f.yaml", 6, 5)  # the alias itself
    assert doc.where(("items", 1, "kind")) == Location("f.yaml", 3, 9)  # what it copies: where it was written
    assert doc.where(("items", 1, "kind"), key=True) == Location("f.yaml", 3, 3)


def test_aliases_inside_anchors_and_as_keys() -> None:
    doc = parse("a: &a [1, 2]\nb: &b {x: *a}\nc: [*b, *b]\nk: &k name\n*k : 3\n", "f.yaml")
    assert doc.data["c"] == [{"x": [1, 2]}, {"x": [1, 2]}]
    assert doc.data["name"] == 3
    assert doc.where(("c", 1, "x", 1)) == Location("f.yaml", 1, 11)


def test_one_document_with_directives_and_markers_is_fine() -> None:
    assert parse("%YAML 1.1\n---\na: 1\n...\n", "f.yaml").data == {"a": 1}


def test_bom_crlf_and_cr_line_endings() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n", "f.yaml") == "a: 1\n"
    doc = parse("a: 1\r\nb: 2\r\n", "f.yaml")
    assert doc.where(("b",)) == Location("f.yaml", 2, 4)
    doc = parse("a: 1\rb: 2\r", "f.yaml")
    assert doc.where(("b",)) == Location("f.yaml", 2, 4)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("", 1, 1, "the file is empty (or only comments)"),
        ("# only\n# comments\n", 1, 1, "the file is empty (or only comments)"),
        ("a: 1\na: 2\n", 2, 1, "duplicate key 'a' (first at line 1); expected each key once"),
        ("a: !include x.yaml\n", 1, 4, "unknown tag '!include'; expected plain YAML without tags"),
        ("a: !!python/object/apply:os.system [ls]\n", 1, 4, "unknown tag '!!python/object/apply:os.system'"),
        ("a: !!python/name:os.system\n", 1, 4, "unknown tag '!!python/name:os.system'"),
        ("!!python/object:x {}\n", 1, 1, "unknown tag '!!python/object:x'"),
        ("a: !!binary aGk=\n", 1, 4, "unknown tag '!!binary'"),
        ("a: !!set {x}\n", 1, 4, "unknown tag '!!set'"),
        ("a: !!omap [b: 1]\n", 1, 4, "unknown tag '!!omap'"),
        ("!!python/str k: 1\n", 1, 1, "unknown tag '!!python/str'"),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", 3, 3, "merge keys ('<<') are not supported"),
        ("? [a, b]\n: 1\n", 1, 3, "a key is a mapping or list; expected a plain text key"),
        ("{[a]: 1}\n", 1, 2, "a key is a mapping or list"),
        ("a: &a [1]\n*a : 2\n", 2, 1, "a key is a mapping or list"),
        ("a: &a [*a]\n", 1, 8, "alias *a refers to a value that contains it; expected data without cycles"),
        ("a: &a {b: [c, {d: *a}]}\n", 1, 19, "alias *a refers to a value that contains it"),
        ("a: *nope\n", 1, 4, "alias *nope has no anchor; expected &nope on an earlier value"),
        ("a: 1\n---\nb: 2\n", 2, 1, "a second YAML document starts here; expected one document per file"),
        ("a: 1\n--- \n", 2, 1, "a second YAML document"),
        ("k" * (MAX_KEY_LENGTH + 1) + ": 1\n", 1, MAX_KEY_LENGTH + 2, "a key longer than 1024 characters"),
        ('"' + "k" * 3000 + '": 1\n', 1, 3003, "a key longer than 1024 characters"),
        ('? "' + "k" * 3000 + '"\n: 1\n', 1, 3, "a key is 3,000 characters long; expected at most 1,024"),
        ("a:\n\tb: 1\n", 2, 1, "a tab character is used for indentation; expected spaces"),
        ("a:\n  b: 1\n \tc: 2\n", 3, 2, "a tab character is used for indentation"),
        ('a: "never closed\nb: 2\n', 1, 4, "YAML syntax error: a quoted value starts here and is never closed; expected a closing quote"),
        ("a: 'never closed\n", 1, 4, "a quoted value starts here and is never closed"),
        ('a: "\\q"\n', 1, 5, "YAML syntax error: found unknown escape character while parsing a quoted scalar; expected a known escape"),
        ('a: "\\ud800"\n', 1, 7, "found invalid Unicode character escape code"),
        ("a: b: c\n", 1, 5, "YAML syntax error: a ': ' inside a value; expected a value containing ': ' to be quoted"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "YAML syntax error: did not find expected key"),
        ("a:\n  - 1\n - 2\n", 3, 2, "YAML syntax error:"),
        ("a: [1, 2\n", 2, 1, "YAML syntax error: did not find expected ',' or ']'"),
        ("a: {b: 1\n", 2, 1, "YAML syntax error:"),
        ("a: 1\n b: 2\n", 2, 3, "YAML syntax error: a ': ' inside a value"),
        ("- a\nb: 1\n", 2, 1, "YAML syntax error:"),
        ("a: |\n b\nc\n", 4, 1, "YAML syntax error: a key without ':' (started at line 3, column 1)"),
        ("@a: 1\n", 1, 1, "YAML syntax error: found character '@' that cannot start any token"),
        ("a: `b`\n", 1, 4, "YAML syntax error: found character '`' that cannot start any token"),
        ("a: &\n", 1, 5, "YAML syntax error: did not find expected alphabetic or numeric character"),
        ("%YAML 9.9\n---\na: 1\n", 1, 1, "YAML syntax error: a %YAML directive for a version other than 1.1 or 1.2"),
        ("a: 1\n...\nb: 2\n", 3, 1, "YAML syntax error: did not find expected <document start>"),
        ("a: \x07\n", 1, 4, "a control character U+0007 at byte offset 3; expected printable text"),
        ("é: \x1b[31m\n", 1, 4, "a control character U+001B at byte offset 4"),
        ("a: \x7f\n", 1, 4, "a control character U+007F"),
        ("a: \ufffe\n", 1, 4, "a non-character U+FFFE"),
    ],
)
def test_refused_with_line_and_column(text: str, line: int, column: int, fragment: str) -> None:
    found = problem(text)
    assert (found[0], found[1]) == (line, column), found
    assert fragment in found[2]


def test_syntax_errors_are_one_line_with_found_and_expected() -> None:
    for text in ('a: "x\n', "a: b: c\n", "a:\n  b: 1\n c: 2\n", "[1, 2\n", "a: &\n", "? - : -\n  : :\n"):
        with pytest.raises(InputError) as caught:
            parse(text, "f.yaml")
        [found] = caught.value.problems
        assert "\n" not in found.message and "; expected " in found.message, found


def test_a_lone_surrogate_escape_is_refused_by_the_python_parser_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(composer, "_Loader", yaml.SafeLoader)
    line, column, message = problem('a: "\\ud800"\n')
    assert (line, column) == (1, 4)
    assert "a lone surrogate escape in text" in message


def test_refusals_match_with_the_pure_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = ["a: !include x\n", "a: &a [*a]\n", "a: 1\na: 2\n", "a: 1\n---\nb: 1\n", "[" * 100 + "]" * 100]
    expected = [problem(text) for text in cases]
    monkeypatch.setattr(composer, "_Loader", yaml.SafeLoader)
    assert [problem(text)[:2] for text in cases] == [found[:2] for found in expected]


# --------------------------------------------------------------------------- bounds


def test_nesting_up_to_the_limit_is_fine_and_one_more_is_refused() -> None:
    assert parse("[" * MAX_DEPTH + "]" * MAX_DEPTH, "f.yaml").data is not None
    assert problem("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == (
        1, MAX_DEPTH + 1, f"nesting is deeper than {MAX_DEPTH} levels; expected a shallow evidence file",
    )


@pytest.mark.parametrize(
    "text",
    [
        "[" * 200_000,  # unclosed: libyaml's C composer would overflow the C stack before its error
        "[" * 200_000 + "]" * 200_000,
        "{a: " * 100_000 + "1" + "}" * 100_000,
        "- " * 100_000 + "x\n",
        "".join(" " * i + "a:\n" for i in range(2_000)),
    ],
    ids=["open-flow", "flow", "flow-mapping", "block-sequence", "block-mapping"],
)
def test_very_deep_nesting_is_refused_where_it_crosses_the_limit(text: str) -> None:
    line, _, message = problem(text)
    assert "nesting is deeper than 64 levels" in message
    assert line <= MAX_DEPTH + 1


def test_an_alias_cannot_nest_deeper_than_the_limit() -> None:
    deep = "[" * 40 + "]" * 40
    line, column, message = problem(f"a: &a {deep}\nb: {'[' * 30}*a{']' * 30}\n")
    assert (line, column) == (2, 34)
    assert "alias *a nests deeper than 64 levels" in message


def test_billion_laughs_is_refused_before_it_expands() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    line, _, message = problem("\n".join(lines) + "\n")
    assert message == (
        f"aliases expand to more than {MAX_NODES:,} values; expected a file without alias expansion bombs"
    )
    assert line <= 6  # refused at the level that crosses the limit, long before 10**10 values


def test_many_small_aliases_count_against_the_limit() -> None:
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [" + ", ".join(["*a"] * 20_000) + "]\n"
    assert "aliases expand to more than" in problem(text, max_nodes=50_000)[2]


def test_a_file_with_too_many_values_is_refused_with_the_way_out() -> None:
    line, column, message = problem("[" + "1, " * 2_000 + "]", max_nodes=1_000)
    assert (line, column) == (1, 2 + 3 * 999)  # the 1,001st value: the list, then the 1,000th number
    assert message == (
        "the file holds more than 1,000 values; expected a smaller evidence file (raise the limit with --max-bytes)"
    )


def test_the_value_limit_grows_with_max_bytes() -> None:
    assert max_nodes_for(DEFAULT_MAX_BYTES) == MAX_NODES
    assert max_nodes_for(100 * DEFAULT_MAX_BYTES) > 10 * MAX_NODES


# --------------------------------------------------------------------------- reading files


def test_read_text_refuses_a_file_over_the_limit_naming_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 300)
    with pytest.raises(InputError) as caught:
        read_text(big, "big.yaml", max_bytes=1000)
    assert str(caught.value) == (
        "big.yaml: file is 1,500 bytes; expected at most 1,000 bytes (raise the limit with --max-bytes)"
    )
    assert read_text(big, "big.yaml", max_bytes=1500).startswith("a: 1\n")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such file; expected an existing YAML file"),
        (lambda p: p.mkdir(), "is a directory; expected a YAML file"),
        (lambda p: os.mkfifo(p), "is a named pipe (FIFO), which is never read; expected a regular YAML file"),
        (lambda p: p.symlink_to("/dev/zero"), "is a character device, which is never read; expected a regular YAML file"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "no such file; expected an existing YAML file"),
        (lambda p: p.symlink_to(p), "cannot be read (a symlink loop); expected a readable file"),
    ],
    ids=["missing", "directory", "fifo", "dev-zero", "dangling-symlink", "symlink-loop"],
)
def test_read_text_opens_only_regular_files(tmp_path: Path, make: object, message: str, alarm: None) -> None:
    path = tmp_path / "x.yaml"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError) as caught:
        read_text(path, "x.yaml")
    assert str(caught.value) == f"x.yaml: {message}"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_read_text_names_a_permission_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied; expected a readable file"):
        read_text(path, "x.yaml")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("a: 1\n".encode("utf-16"), "1:1: the file is UTF-16 (little-endian); expected UTF-8"),
        ("a: 1\n".encode("utf-16-le"), "1:1: the file is UTF-16 (little-endian); expected UTF-8"),
        (b"\xfe\xff" + "a: 1\n".encode("utf-16-be"), "1:1: the file is UTF-16 (big-endian); expected UTF-8"),
        ("a: 1\n".encode("utf-32"), "1:1: the file is UTF-32 (little-endian); expected UTF-8"),
        (b"\x00\x00\xfe\xff" + "a: 1\n".encode("utf-32-be"), "1:1: the file is UTF-32 (big-endian); expected UTF-8"),
        (b"a: 1\nb: \x00\n", "2:4: NUL byte at byte offset 8; expected a UTF-8 text file, not binary data"),
        (b"a: 1\nb: caf\xe9\n", "2:7: byte 0xe9 at byte offset 11 is not UTF-8; expected a UTF-8 text file"),
        (b"a: 1\r\nb: caf\xe9\r\n", "2:7: byte 0xe9 at byte offset 12 is not UTF-8"),
        (b"a: 1\rb: \xff\r", "2:4: byte 0xff at byte offset 8 is not UTF-8"),
        (b"a: \xed\xa0\x80\n", "1:4: byte 0xed at byte offset 3 is not UTF-8"),  # an encoded lone surrogate
        (b"\xef\xbb\xbf\xef\xbb", "1:2: byte 0xef at byte offset 3 is not UTF-8"),
    ],
)
def test_decode_names_the_encoding_or_the_byte(raw: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(raw, "f.yaml")
    assert str(caught.value).startswith(f"f.yaml:{message}")


def test_load_reads_parses_and_scales_the_value_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("[" + "1, " * 150_000 + "]\n")
    with pytest.raises(InputError, match=f"more than {MAX_NODES:,} values"):
        load(path)
    assert len(load(path, "f.yaml", max_bytes=10 * DEFAULT_MAX_BYTES).data) == 150_000


def test_read_text_names_a_permission_problem_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads anything, so the refusal is simulated where the file is opened."""
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n")

    def refuse(*_: object, **__: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reading.os, "open", refuse)
    with pytest.raises(InputError) as caught:
        read_text(path, "x.yaml")
    assert str(caught.value) == "x.yaml: permission denied; expected a readable file"


def test_libyaml_own_nesting_refusal_becomes_fhchecks_message_at_the_same_place() -> None:
    """libyaml 0.2.6 refuses 1,000 levels itself; older libyaml does not. Either way the user
    reads fhcheck's message at the 65th level, not libyaml's at the 1,001st."""
    from fhcheck.load import messages

    text = "a:\n  b: " + "[" * 2_000
    refusal = yaml.MarkedYAMLError(
        problem="exceeded maximum nesting depth",
        problem_mark=yaml.Mark("x.yaml", 1_006, 1, 1_003, None, None),  # as libyaml 0.2.6 marks it
        context="while increasing flow level",
    )
    error = messages.nesting_refused(refusal, "x.yaml", text, MAX_NODES)
    assert [str(p) for p in error.problems] == [
        "x.yaml:2:68: nesting is deeper than 64 levels; expected a shallow evidence file"
    ]
