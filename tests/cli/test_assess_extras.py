"""assess --format github under GitHub Actions, and validate's note on carried items."""

from __future__ import annotations

from pathlib import Path

import pytest

from fhcheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "exampleshire-2025.yaml"


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(args)
    return int(done.value.code or 0)


def test_github_format_appends_the_markdown_summary_to_the_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run(["assess", str(EXAMPLE), "--format", "github"]) == 0
    annotations = capsys.readouterr().out
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")
    assert "Exampleshire County Council" in text
    assert "::" not in text
    assert "Exampleshire County Council" in annotations


def test_github_format_without_actions_writes_no_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    assert run(["assess", str(EXAMPLE), "--format", "github"]) == 0
    assert list(tmp_path.iterdir()) == []


def test_validate_names_items_awaiting_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evidence = tmp_path / "ev.yaml"
    evidence.write_text(
        """\
fhcheck: 1
framework: "2025"
local_authority: Exampleshire County Council
assessed_on: 2025-10-01
items:
  1.2.B3:
    status: met
    evidence:
      - title: Front door leaflet
        url: https://example.gov.uk/front-door
        kind: publication
        date: 2025-06-01
    carried_from:
      framework: "2022"
      items: [1.2.B3]
      change: reworded
      reviewed: false
""",
        encoding="utf-8",
    )
    assert run(["validate", str(evidence)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{evidence}: valid (framework 2025, Exampleshire County Council); 1 item carried by migrate awaits review "
        "(set carried_from.reviewed: true)"
    ) in out
