"""fhcheck.load: every libyaml message the table translates, and the composer's hot path.

Each entry of :data:`~fhcheck.load.messages.TRANSLATIONS` is reached by a file below, read
with libyaml (and the pure-Python parser where only it words the message so), and the
message the officer reads is fhcheck's, not libyaml's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fhcheck.errors import InputError
from fhcheck.load import composer, decode, parse
from fhcheck.load.messages import DEFAULT_EXPECTED, TRANSLATIONS, translation_for

#: one file per libyaml phrase the table names: (the phrase, the parser that says it, the file)
SAMPLES: dict[tuple[str, int], tuple[str, str]] = {
    ("invalid Unicode character escape", 0): ("libyaml", 'a: "\\ud800x"\n'),
    ("unknown escape character", 0): ("libyaml", 'a: "\\q"\n'),
    ("expected hexdecimal number", 0): ("libyaml", 'a: "\\xZZ"\n'),
    ("mapping values are not allowed", 1024): ("libyaml", "a" * 1100 + ": 1\n"),
    ("mapping values are not allowed", 0): ("libyaml", "a: b: c\n"),
    ("could not find expected ':'", 0): ("libyaml", "a: 1\nb\nc: 2\n"),
    ("did not find expected key", 0): ("libyaml", "a:\n  b: 1\n c: 2\n"),
    ("expected <block end>", 0): ("python", "a:\n  b: 1\n c: 2\n"),
    ("incompatible YAML document", 0): ("libyaml", "%YAML 2.0\n---\na: 1\n"),
    ("cannot start any token", 0): ("libyaml", "a: @b\n"),
    ("did not find expected '-' indicator", 0): ("libyaml", "a:\n  - 1\n  b: 2\n"),
}


def test_every_phrase_of_the_table_has_a_sample() -> None:
    assert {(needle, entry.past_column) for entry in TRANSLATIONS for needle in entry.needles} == set(SAMPLES)


@pytest.mark.parametrize("phrase", sorted(SAMPLES), ids=lambda phrase: f"{phrase[0]}>{phrase[1]}")
def test_each_sample_reads_in_fhchecks_words(phrase: tuple[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    parser, text = SAMPLES[phrase]
    if parser == "python":
        monkeypatch.setattr(composer, "_Loader", yaml.SafeLoader)
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml")
    [found] = caught.value.problems
    entry = translation_for(phrase[0], phrase[1] + 1)
    assert entry is not None
    assert found.message.startswith("YAML syntax error: ")
    assert found.message.endswith(f"; expected {entry.expected}")
    assert entry.expected != DEFAULT_EXPECTED


def test_a_long_key_and_a_colon_in_a_value_are_told_apart_by_column() -> None:
    long_key, in_value = (translation_for("mapping values are not allowed here", column) for column in (1025, 5))
    assert long_key is not None and in_value is not None
    assert long_key.found == "a key longer than 1024 characters"
    assert in_value.found == "a ': ' inside a value"


def test_a_phrase_the_table_does_not_name_is_shown_as_libyaml_says_it() -> None:
    assert translation_for("found undefined alias", 3) is None
    with pytest.raises(InputError) as caught:
        parse("a: [1, 2\n", "f.yaml")
    assert str(caught.value).endswith(f"; expected {DEFAULT_EXPECTED}")


def test_a_path_through_aliases_within_aliases_leads_to_where_it_was_written() -> None:
    """An alias inside an anchored value, itself used by an alias: two steps back to the text."""
    text = "base: &b {x: 1, y: [10, 20]}\nmid: &m {inner: *b}\nouter: {again: *m}\n"
    doc = parse(text, "f.yaml")
    assert doc.data["outer"]["again"]["inner"]["y"][1] == 20
    where = doc.where(("outer", "again", "inner", "y", 1))
    assert (where.line, where.column) == (1, 25)


# --- the composer's one hot path reads exactly what its general path reads ------------------------------------

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted([*(ROOT / "examples").glob("*.yaml"), *(ROOT / "tests" / "hostile" / "corpus").glob("*.yaml")])


def _every_scalar_to_its_method(self: Any, get: Any) -> Any:
    """_Composer._document without its inlined plain key and value: every event to its method."""
    handlers = {
        yaml.ScalarEvent: self._scalar,
        yaml.MappingStartEvent: self._open,
        yaml.SequenceStartEvent: self._open,
        yaml.MappingEndEvent: self._close,
        yaml.SequenceEndEvent: self._close,
        yaml.AliasEvent: self._alias,
    }
    while True:
        event = get()
        if type(event) is yaml.DocumentEndEvent:
            return self.root
        handler = handlers.get(type(event))
        if handler is not None:
            handler(event)


def _read(path: Path) -> Any:
    try:
        doc = parse(decode(path.read_bytes(), path.name), path.name, 2_000)
    except InputError as refused:
        return [str(p) for p in refused.problems]
    def places(marks: dict[Any, Any]) -> dict[Any, tuple[int, int]]:
        return {path: (mark.line, mark.column) for path, mark in marks.items()}

    return doc.data, places(doc._marks), places(doc._key_marks), doc._aliases


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_the_hot_path_reads_as_the_general_path_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Data, every mark, alias paths, and each refusal with its place (a low value limit reaches that refusal too)."""
    fast = _read(path)
    monkeypatch.setattr(composer._Composer, "_document", _every_scalar_to_its_method)
    assert _read(path) == fast


def test_libyamls_words_are_imported_only_for_a_file_with_a_syntax_error() -> None:
    probe = (
        "import sys\nfrom fhcheck.load import parse\nparse('a: 1\\n', 'f.yaml')\nprint('fhcheck.load.messages' in sys.modules)\n"
        "try:\n    parse('a: [1\\n', 'f.yaml')\nexcept Exception:\n    pass\nprint('fhcheck.load.messages' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
