"""``--format xlsx``: read back cell by cell with openpyxl, and the package validated offline.

The workbook must open in Excel without a repair prompt. Three checks stand in for Excel:
openpyxl reads every cell back as written; the zip package is structurally whole (content
types, relationships, every XML part parses); and openxml-audit, an offline port of the
Open XML SDK's validator, finds no schema error and predicts that Excel opens it cleanly.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.cli import main
from fhcheck.errors import Location, Problem
from fhcheck.report.registry import render_report
from fhcheck.report.xlsx import ITEM_COLUMNS, SUMMARY_COLUMNS, sheet_names
from fhcheck.results import FileResult, InvalidFile
from fhcheck.views import Report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def assess(name: str) -> FileResult:
    result = assess_file(EXAMPLES / name, f"examples/{name}", default_store(), AssessOptions())
    assert isinstance(result, FileResult)
    return result


@pytest.fixture(scope="module")
def report() -> Report:
    invalid = InvalidFile("broken.yaml", (Problem(Location("broken.yaml", 3, 5), "found x; expected y"),))
    return Report(
        (assess("exampleshire-2025.yaml"), assess("westmoor-2025-mistakes.yaml")), (invalid,), "minimum", "0.0-test"
    )


@pytest.fixture(scope="module")
def workbook_bytes(report: Report) -> bytes:
    data = render_report("xlsx", report)
    assert isinstance(data, bytes)
    return data


@pytest.fixture(scope="module")
def workbook(workbook_bytes: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes))


def row_values(sheet: object, row: int) -> list[object]:
    return [cell.value for cell in sheet[row]]  # type: ignore[index]


# --- read back -----------------------------------------------------------------------


def test_sheets_are_the_summary_one_per_file_and_the_invalid_files(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["Summary", "Exampleshire County Council", "Westmoor District Council", "Invalid files"]


def test_summary_row_for_one_file_cell_by_cell(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Summary"]
    assert row_values(sheet, 1) == [title for title, _ in SUMMARY_COLUMNS]
    assert row_values(sheet, 3) == [
        "examples/westmoor-2025-mistakes.yaml",
        "Westmoor District Council",
        "2025",
        dt.datetime(2025, 10, 1),
        "none",
        "no",
        1, 49, 0, 38, 0, 37,
        123,
        "no",
        "Westmoor District Council",
    ]
    assert sheet["D3"].number_format == "d mmmm yyyy"  # 1 October 2025
    assert sheet["A5"].value == "Required stage: minimum"
    assert not any("--" in str(title) for title, _ in SUMMARY_COLUMNS)
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:O3"


def test_every_item_of_one_file_cell_by_cell(workbook: openpyxl.Workbook, report: Report) -> None:
    result = report.results[1]
    sheet = workbook["Westmoor District Council"]
    assert row_values(sheet, 1) == [title for title, _ in ITEM_COLUMNS]
    assert sheet.max_row == len(result.items) + 1 == 125
    for row, item in enumerate(result.items, start=2):
        dates = [cited.date for cited in item.evidence if cited.date]
        expected = [
            item.id,
            item.key_criterion,
            item.subcriterion,
            item.level,
            "go further" if item.tier == "go_further" else item.tier,
            item.verdict,
            "yes" if item.satisfied else "no",
            item.status,
            "\n".join(item.reasons) or None,
            "\n".join(item.warnings) or None,
            None if not item.evidence else ...,
            item.evidence_count,
            dt.datetime.combine(max(dates), dt.time()) if dates else None,
            dt.datetime.combine(item.due, dt.time()) if item.due else None,
            ("yes" if item.overdue else "no") if item.due else None,
            item.owner,
            ", ".join(dict.fromkeys(cited.owner for cited in item.evidence if cited.owner)) or None,
            item.text,
            item.location.line,
        ]
        actual = row_values(sheet, row)
        assert [a for a, e in zip(actual, expected, strict=False) if e is not ...] == [e for e in expected if e is not ...], item.id


def test_the_rows_a_board_reads_first(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Westmoor District Council"]
    rows = {sheet.cell(row, 1).value: row_values(sheet, row) for row in range(2, sheet.max_row + 1)}
    overdue = rows["2.3.D1"]
    assert overdue[5:9] == [
        "not_met", "no", "not_met",
        "claimed not met\nplan: Family hubs named as a budget priority in the 2025-26 budget round\n"
        "plan due 2025-03-31 is overdue",
    ]
    assert overdue[13:15] == [dt.datetime(2025, 3, 31), "yes"]
    wrong_kind = rows["1.1.B4"]
    assert wrong_kind[10] == (
        "Family hubs strategy 2024-27 (strategy, 1 September 2024): https://www.westmoor.example.gov.uk/strategy"
    )
    assert wrong_kind[12] == dt.datetime(2024, 9, 1)
    assert rows["1.1.B1"][5:7] == ["met", "yes"]


def test_headers_frozen_filters_on_and_rag_formatting(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Exampleshire County Council"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:S125"
    rules: dict[str, list[tuple[str, str]]] = {}
    for formatting in sheet.conditional_formatting:
        for rule in formatting.rules:
            fill = rule.dxf.fill.bgColor.rgb if rule.dxf and rule.dxf.fill else None
            rules.setdefault(str(formatting.sqref), []).append((rule.formula[0], str(fill)[-6:]))
    assert rules["F2:F125"] == [
        ('"met"', "C6EFCE"),
        ('"not_applicable"', "C6EFCE"),
        ('"partially_met"', "FFEB9C"),
        ('"needs_review"', "FFEB9C"),
        ('"stale"', "FFEB9C"),
        ('"not_met"', "FFC7CE"),
        ('"unevidenced"', "FFC7CE"),
        ('"missing"', "FFC7CE"),
    ]
    assert rules["G2:G125"] == [('"yes"', "C6EFCE"), ('"no"', "FFC7CE")]
    summary = {str(f.sqref) for f in workbook["Summary"].conditional_formatting}
    assert summary == {"E2:E3", "F2:F3", "N2:N3"}


def test_invalid_files_sheet(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Invalid files"]
    assert row_values(sheet, 2) == ["broken.yaml", 3, 5, "found x; expected y"]


# --- the package ------------------------------------------------------------------------

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def test_package_structure_is_whole(workbook_bytes: bytes) -> None:
    package = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    assert package.testzip() is None
    names = set(package.namelist())
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} <= names
    assert {f"xl/worksheets/sheet{n}.xml" for n in range(1, 5)} <= names
    for name in names:
        if name.endswith((".xml", ".rels")):
            ElementTree.fromstring(package.read(name))  # every part is well-formed XML
    types = ElementTree.fromstring(package.read("[Content_Types].xml"))
    overrides = {o.get("PartName", "").lstrip("/") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension") for d in types.iter(f"{CT}Default")}
    assert overrides <= names, "every declared part exists"
    for name in names:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, f"{name} has no content type"
    for rels in (n for n in names if n.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in ElementTree.fromstring(package.read(rels)).iter(f"{REL}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            assert resolved in names, f"{rels} points at missing {target}"


def test_open_xml_sdk_rules_find_nothing_and_excel_opens_it_cleanly(workbook_bytes: bytes, tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator
    from openxml_audit.verdict import AppPrediction, predict

    path = tmp_path / "assessment.xlsx"
    path.write_bytes(workbook_bytes)
    result = OpenXmlValidator().validate(path)
    assert [str(error) for error in result.errors] == []
    assert result.is_valid
    assert predict(result).prediction is AppPrediction.OPENS_CLEAN


# --- what makes Excel repair a file --------------------------------------------------------


def test_hostile_text_stays_text_and_the_workbook_stays_valid(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator
    from openxml_audit.verdict import AppPrediction, predict

    base = assess("westmoor-2025-mistakes.yaml")
    first = base.items[0]._replace(
        reasons=("=HYPERLINK(\"http://evil.example\",\"x\")", "_x0041_ literal", "bell\x07 and tab\t", "x" * 40_000),
        owner="+44 1234",
    )
    hostile = base._replace(local_authority="History", items=(first, *base.items[1:]))
    odd = base._replace(local_authority="[A/B]: *council*? with a very long name indeed 'x'")
    twin = base._replace(local_authority="history")
    data = render_report("xlsx", Report((hostile, odd, twin)))
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Summary", "History 1", "-A-B-- -council-- with a very l", "history 1 (2)"
    ]
    reasons = book["History 1"]["I2"]
    assert reasons.data_type == "s"
    lines = str(reasons.value).split("\n")
    assert lines[0] == "=HYPERLINK(\"http://evil.example\",\"x\")"
    assert lines[1] == "_x0041_ literal"
    # the control character is shown as \x07 (fhcheck.safe_text), never written raw; a literal
    # "_x0041_" is stored as _x005F_x0041_ by XlsxWriter, so Excel shows it as written
    assert lines[2] == "bell\\x07 and tab\t"
    excel_text = str(reasons.value)
    assert len(excel_text) == 32_767 and excel_text.endswith("longer than an Excel cell holds]")
    assert book["History 1"]["P2"].value == "+44 1234"
    result = OpenXmlValidator().validate(path)
    assert [str(error) for error in result.errors] == []
    assert predict(result).prediction is AppPrediction.OPENS_CLEAN


def test_sheet_names_are_legal_and_unique() -> None:
    names = sheet_names(["Summary", "A" * 40, "A" * 40, "", "It's", "'quoted'"])
    assert names == ["Summary (2)", "A" * 31, "A" * 27 + " (2)", "File 4", "It's", "quoted"]
    assert all(len(name) <= 31 for name in names)


def test_an_empty_report_is_still_a_valid_workbook() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_report("xlsx", Report(()))))
    assert book.sheetnames == ["Summary"]


# --- the command line ---------------------------------------------------------------------


def test_assess_writes_the_workbook_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "assessment.xlsx"
    with pytest.raises(SystemExit) as done:
        main(["assess", str(EXAMPLES / "exampleshire-2025.yaml"), "--format", f"xlsx:{target}"])
    assert done.value.code == 0
    assert capsys.readouterr().out == ""
    assert openpyxl.load_workbook(target)["Summary"]["B2"].value == "Exampleshire County Council"


def test_assess_writes_bytes_to_a_redirected_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["assess", str(EXAMPLES / "exampleshire-2025.yaml"), "--format", "xlsx"])
    assert done.value.code == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"PK")
    assert openpyxl.load_workbook(io.BytesIO(out)).sheetnames == ["Summary", "Exampleshire County Council"]


def test_xlsx_to_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(SystemExit) as done:
        main(["assess", str(EXAMPLES / "exampleshire-2025.yaml"), "--format", "xlsx"])
    assert done.value.code == 2
    assert "expected FORMAT:FILE (e.g. --format xlsx:assessment.xlsx) or --output FILE" in capsys.readouterr().err


def test_evidence_owners_are_kept() -> None:
    import datetime as dt

    from conftest import hostile_report

    from fhcheck.report.xlsx import evidence_owners, evidence_text
    from fhcheck.results import EvidenceRef

    base = hostile_report().results[0].items[0]
    refs = (
        EvidenceRef("Plan", "https://a.example", None, "policy", dt.date(2026, 11, 27), "Head of Hubs"),
        EvidenceRef("Data", None, "data.csv", "dataset", None, "Analyst"),
        EvidenceRef("Again", None, "b.pdf", None, None, "Head of Hubs"),
    )
    one = base._replace(evidence=refs)
    assert evidence_owners(one) == "Head of Hubs, Analyst"
    assert evidence_text(one).splitlines()[0] == "Plan (policy, 27 November 2026, owner Head of Hubs): https://a.example"
