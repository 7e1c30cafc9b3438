"""Evidence kept in a workbook: the template filled as an officer would, read with cell locations,
imported to YAML and exported back, with the same verdicts as the equivalent YAML file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from fhcheck.errors import Location, Problem
from fhcheck.report.github import command
from fhcheck.report.sarif import physical_location
from helpers import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REGISTER = FIXTURES / "programmes" / "register.yaml"

OFFICER_YAML = """\
fhcheck: 1
framework: "2025"
local_authority: Calderbrook Council
assessed_on: 2025-10-01
items:
  1.1.B1:
    status: met
    evidence:
      - title: Start for Life offer
        url: https://calderbrook.example.gov.uk/start-for-life
        kind: publication
        date: 2025-06-01
  1.1.B2:
    status: met
  1.1.B3:
    status: partially_met
    plan: Run the family survey
    due: 2026-03-31
    owner: Hub manager
    evidence:
      - title: Family survey 2019
        url: https://calderbrook.example.gov.uk/survey-2019
        kind: survey
        date: 2019-06-30
  1.1.B4:
    status: not_met
"""


def _column(sheet: Any, name: str) -> int:
    headers = [cell.value for cell in sheet[1]]
    return headers.index(name) + 1


def _row_of(sheet: Any, item_id: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == item_id:
            return row
    raise AssertionError(item_id)


def _template(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "calderbrook.xlsx") -> Path:
    target = tmp_path / name
    status, _, err = cli(
        capsys,
        "init",
        "--format",
        "xlsx",
        "-o",
        str(target),
        "-l",
        "Calderbrook Council",
        "--assessed-on",
        "2025-10-01",
        "--framework",  # the officer's file below is a 2025 one, whatever the latest version is
        "2025",
    )
    assert status == 0, err
    return target


def _fill_as_officer(path: Path) -> None:
    """What OFFICER_YAML says, typed into the template: dates as date cells and as text."""
    book = openpyxl.load_workbook(path)
    items = book["Items"]
    status, plan, due, owner = (_column(items, n) for n in ("status", "plan", "due", "owner"))
    items.cell(_row_of(items, "1.1.B1"), status).value = "met"
    items.cell(_row_of(items, "1.1.B2"), status).value = "met"
    row = _row_of(items, "1.1.B3")
    items.cell(row, status).value = "partially_met"
    items.cell(row, plan).value = "Run the family survey"
    items.cell(row, due).value = dt.datetime(2026, 3, 31)
    items.cell(row, owner).value = "Hub manager"
    items.cell(_row_of(items, "1.1.B4"), status).value = "not_met"
    evidence = book["Evidence"]
    evidence.append(
        [
            "1.1.B1",
            "Start for Life offer",
            "https://calderbrook.example.gov.uk/start-for-life",
            None,
            "publication",
            dt.datetime(2025, 6, 1),
        ]
    )
    evidence.append([])  # an empty row between entries is skipped
    evidence.append(
        ["1.1.B3", "Family survey 2019", "https://calderbrook.example.gov.uk/survey-2019", None, "survey", "2019-06-30"]
    )
    book.save(path)


def _verdicts(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, tuple[str, tuple[str, ...]]]]:
    status, out, err = cli(capsys, "assess", str(path), "--format", "json")
    assert status in (0, 1), err
    items = json.loads(out)["results"][0]["items"]
    return status, {item["id"]: (item["verdict"], tuple(item["reasons"])) for item in items}


def test_a_filled_template_gives_the_verdicts_of_the_equivalent_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = _template(tmp_path, capsys)
    _fill_as_officer(workbook)
    written = tmp_path / "calderbrook.yaml"
    written.write_text(OFFICER_YAML)
    from_yaml, from_workbook = _verdicts(capsys, written), _verdicts(capsys, workbook)
    assert from_workbook == from_yaml
    verdicts = from_workbook[1]
    assert verdicts["1.1.B1"][0] == "met"
    assert verdicts["1.1.B2"][0] == "unevidenced"
    assert verdicts["1.1.B3"][0] == "partially_met"
    assert verdicts["1.1.B4"][0] == "not_met"
    assert verdicts["1.2.B1"][0] == "missing"


def test_import_writes_yaml_with_the_criterion_text_and_the_same_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = _template(tmp_path, capsys)
    _fill_as_officer(workbook)
    imported = tmp_path / "ours.yaml"
    status, _, err = cli(capsys, "import", str(workbook), "-o", str(imported))
    assert status == 0, err
    assert yaml.safe_load(imported.read_text()) == yaml.safe_load(OFFICER_YAML)
    text = imported.read_text()
    assert (
        "\n  # Accessible communications are provided for local families about the family hub network"
        in (text.split("\n  1.1.B1:")[0])
    )
    assert _verdicts(capsys, imported) == _verdicts(capsys, workbook)
    # never overwritten without --force
    imported.write_text("mine\n")
    status, _, err = cli(capsys, "import", str(workbook), "-o", str(imported))
    assert status == 2 and "already exists" in err and imported.read_text() == "mine\n"
    status, _, err = cli(capsys, "import", str(workbook), "-o", str(imported), "--force")
    assert status == 0 and imported.read_text() == text


def test_an_invalid_workbook_is_never_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = _template(tmp_path, capsys)
    book = openpyxl.load_workbook(workbook)
    book["Items"]["G3"] = "Met"
    book.save(workbook)
    status, _, err = cli(capsys, "import", str(workbook), "-o", str(tmp_path / "ours.yaml"))
    assert status == 2
    assert err.startswith(f"{workbook}:Items!G3: found 'Met'; expected one of met, partially_met")
    assert not (tmp_path / "ours.yaml").exists()


def test_export_then_import_keeps_a_programme_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook, back = tmp_path / "register.xlsx", tmp_path / "back.yaml"
    assert cli(capsys, "export-workbook", str(REGISTER), "-o", str(workbook))[0] == 0
    assert cli(capsys, "import", str(workbook), "-o", str(back))[0] == 0
    original = yaml.safe_load(REGISTER.read_text())
    for programme in original["programmes"]:  # an empty list is the format's default: a blank cell
        if programme.get("delivered_by") == []:
            del programme["delivered_by"]
    assert yaml.safe_load(back.read_text()) == original
    assert _verdicts(capsys, workbook) == _verdicts(capsys, REGISTER)
    again = tmp_path / "again.xlsx"
    assert cli(capsys, "init", "--from", str(REGISTER), "--format", "xlsx", "-o", str(again))[0] == 0
    assert _verdicts(capsys, again) == _verdicts(capsys, REGISTER)


def test_documents_cited_by_path_are_found_beside_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURES / "assess" / "docs", tmp_path / "docs")
    source = yaml.safe_load((FIXTURES / "assess" / "riverside-2025.yaml").read_text())
    source["items"] = {k: v for k, v in source["items"].items() if "carried_from" not in v}
    written = tmp_path / "riverside.yaml"
    written.write_text(yaml.safe_dump(source, sort_keys=False))
    workbook = tmp_path / "riverside.xlsx"
    assert cli(capsys, "export-workbook", str(written), "-o", str(workbook))[0] == 0
    from_yaml, from_workbook = _verdicts(capsys, written)[1], _verdicts(capsys, workbook)[1]
    assert {k: v[0] for k, v in from_workbook.items()} == {k: v[0] for k, v in from_yaml.items()}
    assert from_yaml["1.2.B1"][1][0].startswith("evidence 'Hub timetable' (line ")
    assert from_workbook["1.2.B1"][1][0].startswith(
        "evidence 'Hub timetable' (Evidence!D7): cited document docs/hub-timetable.txt has changed since sign-off"
    )


def test_a_file_a_workbook_cannot_keep_is_refused_not_truncated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = cli(
        capsys, "export-workbook", str(FIXTURES / "assess" / "riverside-2025.yaml"), "-o", str(tmp_path / "x.xlsx")
    )
    assert status == 2 and "has carried_from" in err and not (tmp_path / "x.xlsx").exists()


# --- one test per error kind, at its exact cell --------------------------------------------


def _broken(tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Any) -> list[str]:
    workbook = _template(tmp_path, capsys)
    book = openpyxl.load_workbook(workbook)
    edit(book)
    book.save(workbook)
    status, out, err = cli(capsys, "validate", str(workbook))
    assert status == 2, (out, err)
    return [line.removeprefix(f"{workbook}:") for line in err.splitlines()]


def _set(sheet: str, cell: str, value: Any) -> Any:
    def edit(book: Any) -> None:
        book[sheet][cell] = value

    return edit


def test_a_wrong_status_is_named_at_its_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _broken(tmp_path, capsys, _set("Items", "G17", "Met"))
    assert lines[0].startswith("Items!G17: found 'Met'; expected one of met, partially_met, not_met or not_applicable")


def test_a_formula_is_refused_at_its_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _broken(tmp_path, capsys, _set("Items", "H5", '=CONCAT("a","b")'))
    assert (
        lines[0]
        == 'Items!H5: found a formula (=CONCAT("a","b")); expected a value typed in (fhcheck never evaluates formulas)'
    )


def test_an_excel_date_number_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        book["Items"]["G4"] = "not_met"
        book["Items"]["M4"] = 45800
        book["Items"]["M4"].number_format = "General"

    lines = _broken(tmp_path, capsys, edit)
    assert lines[0] == (
        "Items!M4: found the number 45800, an Excel date number (2025-05-23) in a cell not formatted as a date; "
        "expected a date cell or text written YYYY-MM-DD (format the cell as a date)"
    )


def test_a_date_text_that_is_not_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        book["Items"]["G4"] = "not_met"
        book["Items"]["M4"] = "31/03/2026"

    lines = _broken(tmp_path, capsys, edit)
    assert lines[0] == "Items!M4: found '31/03/2026'; expected a date written YYYY-MM-DD (did you mean 2026-03-31?)"


def test_an_unknown_item_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        book["Items"].append(["1.1.B9", None, None, None, None, None, "met"])

    lines = _broken(tmp_path, capsys, edit)
    assert lines[0].startswith("Items!A126: unknown identifier 1.1.B9; expected an identifier of framework 2025")


def test_a_duplicated_item_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        book["Items"].append(["1.1.B2", None, None, None, None, None, "met"])

    lines = _broken(tmp_path, capsys, edit)
    assert lines == [
        "Items!A126: found item 1.1.B2 again; expected one row per item (first at Items!A3)",
        "0 valid, 1 invalid",
    ]


def test_evidence_for_an_item_without_a_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        book["Evidence"].append(["9.9.B9", "Plan", "https://example.org/plan"])

    lines = _broken(tmp_path, capsys, edit)
    assert lines[0] == (
        "Evidence!A2: found item '9.9.B9', which has no row in sheet Items; expected the id of an item listed there"
    )


def test_evidence_for_a_blank_item_asks_for_its_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        book["Evidence"].append(["1.1.B2", "Plan", "https://example.org/plan"])

    lines = _broken(tmp_path, capsys, edit)
    assert lines[0] == "Items!G3: status is missing; expected status in this mapping"


def test_a_misspelt_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _broken(tmp_path, capsys, _set("Items", "G1", "Status "))
    assert lines[0].startswith("Items!G1: found header 'Status ' (with a trailing space); expected one of id, key_criterion,")
    assert lines[0].endswith("; did you mean status?")
    assert lines[1] == "Items!O1: found no column headed status; expected a header status in row 1 of sheet Items"


def test_a_missing_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _broken(tmp_path, capsys, _set("Evidence", "H1", None))
    assert lines[0] == "Evidence!H1: found no column headed sha256; expected a header sha256 in row 1 of sheet Evidence"


def test_text_in_a_number_column_and_a_bad_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(book: Any) -> None:
        book["Items"]["G2"] = "met"
        book["Evidence"].append(["1.1.B1", "Plan", "www.example.org", None, "strategy", dt.datetime(2025, 1, 1)])

    lines = _broken(tmp_path, capsys, edit)
    assert lines[0] == "Evidence!C2: found 'www.example.org'; expected a web address starting https:// or http://"


# --- every renderer names the cell -----------------------------------------------------------


def test_a_cell_location_prints_as_sheet_and_cell() -> None:
    where = Location("ours.xlsx", 17, 5, "Items!E17")
    assert str(Problem(where, "found 'Met'; expected met")) == "ours.xlsx:Items!E17: found 'Met'; expected met"
    assert str(Location("ours.yaml", 3, 4)) == "ours.yaml:3:4"
    assert physical_location(where, "x") == {
        "physicalLocation": {"artifactLocation": {"uri": "ours.xlsx"}},
        "logicalLocations": [{"fullyQualifiedName": "Items!E17", "kind": "element"}],
    }
    assert command("error", "found 'Met'", where) == "::error file=ours.xlsx::Items!E17: found 'Met'"


def test_json_names_the_cell_of_items_and_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = _template(tmp_path, capsys)
    _fill_as_officer(workbook)
    status, out, _ = cli(capsys, "assess", str(workbook), "--format", "json")
    item = next(i for i in json.loads(out)["results"][0]["items"] if i["id"] == "1.1.B3")
    assert (item["line"], item["column"], item["cell"]) == (4, 1, "Items!A4")
    book = openpyxl.load_workbook(workbook)
    book["Items"]["G17"] = "Met"
    book.save(workbook)
    status, out, _ = cli(capsys, "assess", str(workbook), "--format", "json")
    error = json.loads(out)["errors"][0]
    assert status == 2
    assert (error["file"], error["line"], error["column"], error["cell"]) == (str(workbook), 17, 7, "Items!G17")


def test_one_run_names_the_workbook_problems_and_the_values_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(book: Any) -> None:
        book["Items"]["G2"] = '=IF(TRUE,"met","not_met")'  # refused; not also reported as a missing status
        book["Items"]["G17"] = "Met"
        book["Evidence"].append(["1.1.B1", "Plan", "https://example.org/plan"])

    lines = _broken(tmp_path, capsys, edit)
    assert len(lines) == 3 and lines[2] == "0 valid, 1 invalid"
    assert lines[0] == (
        'Items!G2: found a formula (=IF(TRUE,"met","not_met")); '
        "expected a value typed in (fhcheck never evaluates formulas)"
    )
    # (issue 17 may append a suggestion to validation's messages)
    assert lines[1].startswith("Items!G17: found 'Met'; expected one of met, partially_met, not_met or not_applicable")
