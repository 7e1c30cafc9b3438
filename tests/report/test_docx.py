"""``--format docx``: the board paper in Word, read back with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from fhcheck.board import board_paper
from fhcheck.report.registry import render_report
from fhcheck.views import Report
from helpers import cli


def read(data: bytes) -> object:
    import docx

    return docx.Document(io.BytesIO(data))


def test_same_summary_ratings_risks_and_tracker_as_the_html(ci_report: Report) -> None:
    document = read(render_report("docx", ci_report))
    paper = board_paper(ci_report)
    styles = [(p.style.name, p.text) for p in document.paragraphs]  # type: ignore[attr-defined]
    assert styles[0] == ("Title", paper.title)
    headings = [text for style, text in styles if style.startswith("Heading")]
    assert "Rating per key criterion" in headings and "Top risks" in headings and "Action tracker" in headings
    texts = "\n".join(text for _, text in styles)
    failing = paper.authorities[0]
    assert failing.position in texts.replace(f"{failing.headline}: ", f"{failing.headline}: ")
    for risk in failing.risks:
        assert any(text.startswith(risk.summary) and style == "List Bullet" for style, text in styles)
    tables = document.tables  # type: ignore[attr-defined]
    ratings = [[c.text for c in row.cells] for row in tables[0].rows]
    assert ratings[0] == ["Key criterion", "Rating", "Basic met", "Developed met", "Go-further options", "Why"]
    assert [row[1] for row in ratings[1:]] == [r.label for r in failing.ratings]
    tracker = next(t for t in tables if t.rows[0].cells[0].text == "Due")
    assert [[c.text for c in row.cells] for row in tracker.rows[1:]] == [
        [row.due, row.items, row.summary, row.owner] for row in failing.tracker
    ]
    assert all(t.style.name == "Light Grid Accent 1" for t in tables)
    cells = "\n".join(c.text for t in tables for r in t.rows for c in r.cells)
    assert "&lt;" not in texts and "<b>the board</b>" in cells


def test_hostile_text_is_carried_as_text(hostile: Report, hostile_text: str) -> None:
    document = read(render_report("docx", hostile))
    everything = "\n".join(p.text for p in document.paragraphs)  # type: ignore[attr-defined]
    everything += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)  # type: ignore[attr-defined]
    assert hostile_text.replace("\x01", "\ufffd").replace("\x1b", "\ufffd") in everything


def test_assess_writes_a_word_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[2]
    target = tmp_path / "paper.docx"
    example = str(root / "examples" / "exampleshire-2025.yaml")
    status, _, _ = cli(capsys, "assess", example, "--format", f"docx:{target}")
    assert status == 0
    title = read(target.read_bytes()).paragraphs[0].text  # type: ignore[attr-defined]
    assert title == "Family hubs: board paper for Exampleshire County Council"

def test_the_same_paper_gives_the_same_bytes(ci_report: Report) -> None:
    import time

    first = render_report("docx", ci_report)
    time.sleep(2.1)  # python-docx stamps zip members with the time of saving, to the even second
    assert render_report("docx", ci_report) == first
