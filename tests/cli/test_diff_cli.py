"""``fhcheck diff`` and ``fhcheck migrate`` end to end: outputs, exit statuses, messages, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fhcheck.catalogue import default_store
from fhcheck.framework_diff import diff_versions
from fhcheck.report import diff_json, diff_markdown, diff_table
from helpers import KNOWN_VERSIONS, VERSIONS, cli, versions_with

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"
SOURCE = FIXTURES / "evidence-2022.yaml"
pytestmark = pytest.mark.usefixtures("plain_output")


# --- diff ---------------------------------------------------------------------------------


def test_diff_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "diff", "2022", "2025", "--format", "json")
    assert (status, err) == (0, "")
    payload = json.loads(out)
    assert list(payload)[:2] == ["old", "new"] and payload["old"] == "2022" and payload["new"] == "2025"
    changes = payload["changes"]
    assert len(changes) == 2 + 2 + 44 + 29 + 5
    for record in changes:
        assert record["change"] in ("added", "removed", "reworded", "merged", "split")
        assert isinstance(record["old"], list) and isinstance(record["new"], list)
        assert ("editorial" in record) == (record["change"] == "reworded")
    items = {tuple(r["new"]): r for r in changes if r["scope"] == "item"}
    assert {k: items[("3.1.D1",)][k] for k in ("change", "old", "new")} == {"change": "added", "old": [], "new": ["3.1.D1"]}
    assert {k: items[("2.4.G5",)][k] for k in ("change", "old", "new")} == {
        "change": "merged",
        "old": ["2.4.G3", "2.4.G4"],
        "new": ["2.4.G5"],
    }
    assert items[("1.1.B2",)] == {
        "change": "reworded",
        "scope": "item",
        "old": ["1.1.B2"],
        "new": ["1.1.B2"],
        "editorial": True,
        "identifier_changed": False,
        "old_texts": ["The area is using clear branding for the family hub network going beyond 0-5, including services for older children and young people."],
        "new_texts": ["The area is using clear branding for the family hub network going beyond 0 to 5, including services for older children and young people."],
        "words": [
            {"op": "equal", "text": "The area is using clear branding for the family hub network going beyond"},
            {"op": "delete", "text": "0-5,"},
            {"op": "insert", "text": "0 to 5,"},
            {"op": "equal", "text": "including services for older children and young people."},
        ],
    }
    assert items[("1.2.B3",)]["editorial"] is False
    assert ("1.1.B3",) not in items  # unchanged word for word
    assert payload["summary"] == {
        "added": 2, "removed": 0, "reworded_editorial": 51, "reworded_substantive": 22, "merged": 2, "split": 0,
    }


def test_diff_substantive_only_and_one_key_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "diff", "2022", "2025", "-F", "json", "--substantive-only", "-k", "3")
    assert status == 0
    changes = json.loads(out)["changes"]
    assert all(c.get("editorial") is not True for c in changes)
    assert [c["new"][0] for c in changes] == [
        "3.1.D1", "3.1.G3", "3.2.G1", "3.2.G2", "3.3.B1", "3.3.B2", "3.3.D1", "3.3.G2", "3.4.B1", "3.4.B2",
    ]


def test_diff_table_marks_words_without_colour(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "diff", "2022", "2025", "-k", "1")
    assert (status, err) == (0, "")
    assert out.splitlines()[:3] == [
        "Framework 2022 -> 2025: 21 changes",
        "items: 0 added, 0 removed, 0 merged, 0 split, 3 reworded substantively, 18 reworded editorially",
        "[-deleted words-] {+inserted words+}",
    ]
    assert "going beyond [-0-5-] {+0 to 5+} on all or nearly" in out
    assert "\x1b[" not in out


def test_diff_table_in_colour_strikes_deletions_red_and_shows_insertions_green() -> None:
    store = default_store()
    diff = diff_versions(store.get("2022"), store.get("2025")).only(key_criterion="1")
    text = diff_table.render(diff, color=True, width=400)
    assert "\x1b[9;31m0-5,\x1b[0m \x1b[32m0 to 5,\x1b[0m" in text
    assert "[-" not in text


def test_diff_markdown_is_a_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(capsys, "diff", "2022", "2025", "--format", "markdown")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "# Family Hub Model Framework: changes from 2022 to 2025"
    assert "| Reworded, substantive | 22 |" in lines
    assert lines.index("## Substantive changes") < lines.index("## Editorial changes")
    assert "going beyond <del>0-5,</del> <ins>0 to 5,</ins> including" in out
    assert "#### 2.4.G5: merges 2022 2.4.G3 and 2.4.G4" in lines
    assert "#### 3.1.D1: new in 2025" in lines


def test_markdown_escapes_html_in_texts() -> None:
    from fhcheck.framework_diff import Change, Diff, word_diff

    change = Change("reworded", "item", ("1.1.B1",), ("1.1.B1",), ("a <b> c",), ("a & c",), False, word_diff("a <b> c", "a & c"))
    assert "a <del>&lt;b&gt;</del> <ins>&amp;</ins> c" in diff_markdown.render(Diff("1", "2", (change,)))


def test_renderers_accept_an_empty_diff() -> None:
    from fhcheck.framework_diff import Diff

    empty = Diff("2022", "2025", ())
    assert json.loads(diff_json.render(empty))["changes"] == []
    assert "No changes." in diff_table.render(empty)
    assert "## Substantive changes\n\nNone." in diff_markdown.render(empty)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2022", "2025", "--format", "xml"], "fhcheck: unknown format 'xml'; expected one of table, json, markdown\n"),
        (["2025", "2022"], "fhcheck: found framework 2022, which is older than 2025; expected the older version first (2022 2025)\n"),
        (["2022", "2022"], f"fhcheck: found framework 2022 twice; expected the version after 2022, {VERSIONS[1]} (versions are compared one step at a time)\n"),
        (["2022", "1999"], f"fhcheck: unknown framework version '1999'; expected one of {KNOWN_VERSIONS}\n"),
        (["2022", "2025", "-k", "9"], "fhcheck: unknown key criterion '9'; expected one of 1, 2, 3, 4, 5\n"),
    ],
)
def test_diff_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    assert cli(capsys, "diff", *args) == (2, "", message)


def test_diff_writes_a_file_and_never_clobbers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "changes.md"
    assert cli(capsys, "diff", "2022", "2025", "-F", "markdown", "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("# Family Hub Model Framework: changes from 2022 to 2025\n")
    target.write_text("mine", encoding="utf-8")
    assert cli(capsys, "diff", "2022", "2025", "-o", str(target)) == (
        2,
        "",
        f"fhcheck: {target}: already exists; expected a new file (use --force to replace it)\n",
    )
    assert target.read_text(encoding="utf-8") == "mine"


def test_diff_runs_as_a_module() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "fhcheck", "diff", "2022", "2025", "--format", "json"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["merged"] == 2


# --- migrate ---------------------------------------------------------------------------------


def verdicts(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, str]:
    status, out, err = cli(capsys, "assess", str(path), "--format", "json", "--fail-under", "none")
    assert status == 0, err
    [result] = json.loads(out)["results"]
    assert result["framework"] == "2025"
    return {item["id"]: item["verdict"] for item in result["items"]}


EXPECTED_SUMMARY = """Carried {source} (framework 2022) to {out} (framework 2025).
  unchanged, kept as they were: 1: 1.1.B3
  reworded editorially, kept as they were: 3: 1.1.B1, 1.1.B2, 1.3.D3
  need review (carried_from.reviewed: false, assessed needs_review): 3
    1.2.B3   reworded from 2022 1.2.B3: "Family Information Service and local Multi-Agency Safeguarding Hub (MASH)." -> "single or multi-agency ‘front door’."
    2.4.G5   merged from 2022 2.4.G3, 2.4.G4
    3.1.G3   merged from 2022 3.1.G2
  new in 2025, commented-out stubs (assessed missing until filled in): 2: 3.1.D1, 3.2.G2
  dropped by 2025, kept under retired: "2022" (not assessed): 0
"""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    copy = tmp_path / "evidence-2022.yaml"
    copy.write_bytes(SOURCE.read_bytes())
    return copy


def test_migrate_then_assess(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> None:
    before = source.read_bytes()
    stamp = source.stat().st_mtime_ns
    out = tmp_path / "evidence-2025.yaml"
    status, stdout, stderr = cli(capsys, "migrate", str(source), "--to", "2025", "-o", str(out))
    assert (status, stderr) == (0, "")
    assert stdout == EXPECTED_SUMMARY.format(source=source, out=out)
    assert source.read_bytes() == before and source.stat().st_mtime_ns == stamp
    assert out.read_text(encoding="utf-8") == (FIXTURES / "evidence-2025.expected.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence-2022.yaml", "evidence-2025.yaml"]

    found = verdicts(capsys, out)
    carried = {
        "1.1.B1": "met",  # declared meaning_unchanged in 2025: kept as it was
        "1.1.B2": "met",  # only "0-5" -> "0 to 5": kept as it was
        "1.1.B3": "met",  # unchanged word for word
        "1.2.B3": "needs_review",
        "1.3.D3": "not_applicable",  # declared meaning_unchanged: the justified exemption stands
        "2.4.G5": "needs_review",
        "3.1.G3": "needs_review",
    }
    assert {k: v for k, v in found.items() if v != "missing"} == carried
    assert found["3.1.D1"] == found["3.2.G2"] == "missing"
    assert len(found) == 124

    reviewed = out.read_text(encoding="utf-8").replace("reviewed: false", "reviewed: true")
    out.write_text(reviewed, encoding="utf-8")
    assert {k: v for k, v in verdicts(capsys, out).items() if v != "missing"} == {
        "1.1.B1": "met",
        "1.1.B2": "met",
        "1.1.B3": "met",
        "1.2.B3": "met",
        "1.3.D3": "not_applicable",
        "2.4.G5": "partially_met",
        "3.1.G3": "not_met",
    }


def test_migrated_file_validates(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    assert cli(capsys, "migrate", str(source), "--to", "2025", "-o", str(out))[0] == 0
    assert cli(capsys, "validate", str(out)) == (
        0,
        f"{out}: valid (framework 2025, Exampleshire County Council); 3 items carried by migrate await review "
        "(set carried_from.reviewed: true)\n1 valid, 0 invalid\n",
        "",
    )


def test_migrate_to_stdout_prints_the_summary_on_stderr(capsys: pytest.CaptureFixture[str], source: Path) -> None:
    status, stdout, stderr = cli(capsys, "migrate", str(source), "--to", "2025", "-o", "-")
    assert status == 0
    assert stdout == (FIXTURES / "evidence-2025.expected.yaml").read_text(encoding="utf-8")
    assert stderr == EXPECTED_SUMMARY.format(source=source, out="standard output")


def test_migrate_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    assert cli(capsys, "migrate", str(source), "--to", "2025", "-o", str(out)) == (
        2, "", f"fhcheck: {out}: already exists; expected a new file (use --force to replace it)\n",
    )
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert cli(capsys, "migrate", str(source), "--to", "2025", "-o", str(out), "--force")[0] == 0
    assert out.read_text(encoding="utf-8") == (FIXTURES / "evidence-2025.expected.yaml").read_text(encoding="utf-8")


def test_migrate_never_writes_over_its_input(capsys: pytest.CaptureFixture[str], source: Path) -> None:
    before = source.read_bytes()
    assert cli(capsys, "migrate", str(source), "--to", "2025", "-o", str(source), "--force") == (
        2, "", f"fhcheck: {source}: is one of the inputs; expected a different output file\n",
    )
    assert source.read_bytes() == before


def test_a_failure_mid_write_leaves_no_output(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.yaml"

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    assert cli(capsys, "migrate", str(source), "--to", "2025", "-o", str(out)) == (
        2, "", f"fhcheck: {out}: cannot be written (No space left on device); expected a writable file path\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence-2022.yaml"]  # no OUT, no temporary file


def test_a_failure_mid_write_keeps_the_old_output_with_force(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("previous run\n", encoding="utf-8")

    def crash(src: Any, dst: Any) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    status, _, err = cli(capsys, "migrate", str(source), "--to", "2025", "-o", str(out), "--force")
    assert (status, err) == (2, f"fhcheck: {out}: cannot be written (Input/output error); expected a writable file path\n")
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence-2022.yaml", "out.yaml"]


def test_migrate_reports_a_broken_input_with_its_location(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text('fhcheck: 1\nframework: "2022"\nitems:\n  1.1.B1: [\n', encoding="utf-8")
    status, stdout, stderr = cli(capsys, "migrate", str(broken), "--to", "2025", "-o", str(tmp_path / "out.yaml"))
    assert (status, stdout) == (2, "")
    assert stderr.startswith(f"{broken}:5:1: YAML syntax error")
    assert not (tmp_path / "out.yaml").exists()


def test_migrate_reports_an_invalid_input_with_its_location(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text(
        'fhcheck: 1\nframework: "2022"\nlocal_authority: T\nassessed_on: 2025-01-01\nitems:\n  3.1.D1:\n    status: met\n',
        encoding="utf-8",
    )
    status, _, stderr = cli(capsys, "migrate", str(invalid), "--to", "2025", "-o", str(tmp_path / "out.yaml"))
    assert status == 2
    assert stderr == (
        f"{invalid}:6:3: identifier 3.1.D1 exists only in framework {versions_with('3.1.D1')}; expected an identifier of framework 2022 "
        "(carry the file across with 'fhcheck migrate')\n"
    )


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("2022", "fhcheck: {src}: is already framework 2022; expected --to a later version\n"),
        ("1999", f"fhcheck: unknown framework version '1999'; expected one of {KNOWN_VERSIONS}\n"),
    ],
)
def test_migrate_usage_errors(capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path, to: str, message: str) -> None:
    out = tmp_path / "out.yaml"
    assert cli(capsys, "migrate", str(source), "--to", to, "-o", str(out)) == (2, "", message.format(src=source))
    assert not out.exists()


def test_migrate_only_goes_forward(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    newer = tmp_path / "2025.yaml"
    newer.write_text('fhcheck: 1\nframework: "2025"\nlocal_authority: T\nassessed_on: 2025-01-01\n', encoding="utf-8")
    assert cli(capsys, "migrate", str(newer), "--to", "2022", "-o", str(tmp_path / "out.yaml")) == (
        2, "", f"fhcheck: {newer}: is framework 2025 and --to 2022 is older; expected a later version "
        "(migrate carries a file forward only)\n",
    )


def test_migrate_needs_an_output(capsys: pytest.CaptureFixture[str], source: Path) -> None:
    status, stdout, stderr = cli(capsys, "migrate", str(source), "--to", "2025")
    assert (status, stdout) == (2, "")
    assert "Missing option '--output' / '-o'" in stderr


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["added", "removed", "reworded", "merged", "split"]), st.text(max_size=30), st.text(max_size=30)), max_size=6))
def test_every_diff_renderer_accepts_any_change_list(specs: list[tuple[str, str, str]]) -> None:
    from fhcheck.framework_diff import Change, Diff, is_editorial, word_diff

    changes = []
    for kind, old, new in specs:
        olds = () if kind == "added" else ("1.1.B1",) if kind != "merged" else ("1.1.B1", "1.1.B2")
        news = () if kind == "removed" else ("1.1.D1",) if kind != "split" else ("1.1.D1", "1.1.G1")
        reworded = kind == "reworded"
        changes.append(
            Change(
                kind,  # type: ignore[arg-type]
                "item",
                olds,
                news,
                tuple(old for _ in olds),
                tuple(new for _ in news),
                is_editorial(old, new) if reworded else None,
                word_diff(old, new) if reworded else (),
            )
        )
    diff = Diff("2022", "2025", tuple(changes))
    assert len(json.loads(diff_json.render(diff))["changes"]) == len(changes)
    assert diff_markdown.render(diff).startswith("# Family Hub Model Framework")
    for color in (False, True):
        assert diff_table.render(diff, color=color).startswith("\x1b[1mFramework" if color else "Framework")
