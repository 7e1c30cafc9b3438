"""The checks ``fhcheck init`` makes of its options, one helper each, in the words the user sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fhcheck.cli.init import (
    _check_format,
    _check_schema_ref,
    _checked_name,
    _workbook_from_evidence,
)
from fhcheck.cli.shared import assessment_day
from fhcheck.errors import UsageError


def test_format_must_be_yaml_or_xlsx() -> None:
    _check_format("yaml")
    _check_format("xlsx")
    with pytest.raises(UsageError, match=r"^found --format 'csv'; expected yaml or xlsx$"):
        _check_format("csv")


def test_name_is_stripped() -> None:
    assert _checked_name("  Exampleshire County Council ") == "Exampleshire County Council"


def test_a_missing_name_is_refused() -> None:
    with pytest.raises(UsageError, match=r"^found no --local-authority; expected the local authority's name"):
        _checked_name("")


@pytest.mark.parametrize("name", ["   ", "Example\nshire", "Example\u202eshire", "Exa\u200bmple", "A\ufffe"])
def test_a_name_not_on_one_printable_line_is_refused(name: str) -> None:
    with pytest.raises(UsageError) as raised:
        _checked_name(name)
    assert str(raised.value) == (
        f"found local authority name {name!r}; expected a name on one line of printable text, "
        "e.g. 'Exampleshire County Council'"
    )


def test_assessment_day_is_one_spelling_for_every_command() -> None:
    assert assessment_day("2026-03-31") == dt.date(2026, 3, 31)
    assert assessment_day(None) == dt.date.today()
    with pytest.raises(UsageError, match=r"^found --assessed-on '31/03/2026'; expected a date written YYYY-MM-DD$"):
        assessment_day("31/03/2026")


@pytest.mark.parametrize("ref", ["", "  ", "a\nb", "x\tz"])
def test_a_schema_ref_off_one_line_is_refused(ref: str) -> None:
    with pytest.raises(UsageError) as raised:
        _check_schema_ref(ref)
    assert str(raised.value) == f"found --schema {ref!r}; expected a file path or URL on one line"


@pytest.mark.parametrize("ref", [None, "evidence.schema.json", "https://example.org/s.json"])
def test_a_schema_ref_on_one_line_passes(ref: str | None) -> None:
    _check_schema_ref(ref)


@pytest.mark.parametrize(("file_format", "output"), [("yaml", Path("o.xlsx")), ("xlsx", None)])
def test_from_needs_xlsx_and_output(file_format: str, output: Path | None, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^found --from without --format xlsx -o FILE; expected e\.g\. --from"):
        _workbook_from_evidence(tmp_path / "e.yaml", file_format, output, False, False)
