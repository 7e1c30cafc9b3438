"""fhcheck.describe: the one way every message names a value it found, in YAML's or JSON's words."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fhcheck.describe import describe
from fhcheck.load import Yaml11Boolean

SRC = Path(__file__).resolve().parents[2] / "src" / "fhcheck"


@pytest.mark.parametrize(
    ("value", "in_yaml", "in_json"),
    [
        (None, "nothing (null)", "null"),
        (True, "the boolean true", "true"),
        (False, "the boolean false", "false"),
        (3, "the number 3", "the number 3"),
        (2.5, "the number 2.5", "the number 2.5"),
        ("", "an empty string", "an empty string"),
        ("abc", "'abc'", "'abc'"),
        ("x" * 61, repr("x" * 57 + "..."), repr("x" * 57 + "...")),
        ("a\u00a0b", "'a\\xa0b' (with a non-breaking space (U+00A0))", "'a\\xa0b'"),
        ({}, "a mapping", "an object"),
        ([], "a list", "an array"),
        (dt.date(2025, 6, 1), "the date 2025-06-01", "the date 2025-06-01"),
        (dt.datetime(2025, 6, 1, 9, 30), "the date and time 2025-06-01T09:30:00", "the date and time 2025-06-01T09:30:00"),
        (Yaml11Boolean("no"), "no (a YAML 1.1 boolean: quote it if you mean the word)",
         "no (a YAML 1.1 boolean: quote it if you mean the word)"),
        ((1, 2), "tuple", "tuple"),
    ],
)
def test_a_value_is_named_in_the_words_of_its_format(value: Any, in_yaml: str, in_json: str) -> None:
    assert (describe(value), describe(value, json=True)) == (in_yaml, in_json)


def test_only_one_function_names_found_values() -> None:
    """validate and oruk each had their own; report/junit's ``describe`` names an item result, not a value."""
    defining = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"^\s*def describe\(", path.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert defining == ["describe.py", "report/junit.py"]
    assert "def describe(item: ItemResult)" in (SRC / "report" / "junit.py").read_text(encoding="utf-8")


def test_field_types_and_describe_import_neither_the_validator_nor_yaml() -> None:
    probe = "import sys, fhcheck.describe; print(sorted(m for m in ('yaml', 'pydantic', 'fhcheck.validate') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    probe = "import sys, fhcheck.fields; print('fhcheck.validate' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
