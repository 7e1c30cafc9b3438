"""A streamed report written to a file goes to disk as it is rendered, never whole in memory.

Memory, not time: tracemalloc counts what Python allocates while one run writes
``--format json:FILE``. The pieces wait in a spool (in memory below 8 MiB), so about one
report's size is expected; building the whole text before writing it cost three.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

from fhcheck.cli import main

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


def _corpus(folder: Path, count: int) -> None:
    spec = importlib.util.spec_from_file_location("fhcheck_benchmark_run", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    module.generate_corpus(folder, count)


def _assess(corpus: Path, target: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as done:
        main(["assess", str(corpus), "--format", f"json:{target}", "--jobs", "1", "--fail-under", "none"])
    assert done.value.code == 0


def test_a_json_report_file_is_written_as_it_is_rendered(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    # 80 files (a 4 MB report): a run's fixed cost (imports aside, about 2 MB for one file's
    # records, the catalogue's look-ups and the encoder) stays well under the report itself,
    # so the bound below tells streaming (about 1.5x) from a whole text built first (3x)
    _corpus(corpus, 80)
    _assess(corpus, tmp_path / "warm-up.json")  # imports and the catalogue, which a run keeps
    tracemalloc.start()
    try:
        _assess(corpus, tmp_path / "report.json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = (tmp_path / "report.json").stat().st_size
    assert len(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["results"]) == 80
    assert peak < 2 * size, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB report"


def results_kept(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the run keeps of each file beside its pieces (``None``: nothing), filled as files are
    rendered; outside GitHub Actions, so no step summary asks for every result."""
    from fhcheck import report

    kept: list[object] = []
    original = report.FilePieces.render_file

    def spy(self: report.FilePieces, outcome: object) -> report.Rendered:
        done = original(self, outcome)  # type: ignore[arg-type]
        kept.append(done.result)
        return done

    monkeypatch.setattr(report.FilePieces, "render_file", spy)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return kept


@pytest.mark.parametrize("fmt", ["junit", "github"])
def test_junit_and_github_keep_no_result_of_a_file(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """They are written a file at a time now; only the GitHub step summary (the whole Markdown
    report) makes the run keep every result, and only when the runner asks for one."""
    kept = results_kept(monkeypatch)
    corpus = tmp_path / "corpus"
    _corpus(corpus, 3)
    target = tmp_path / f"report.{fmt}"
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as done:
        main(["assess", str(corpus), "--format", f"{fmt}:{target}", "--jobs", "1", "--fail-under", "none"])
    assert done.value.code == 0
    assert len(kept) == 3 and all(result is None for result in kept)
    assert target.stat().st_size > 0
    if fmt == "github":
        summary = tmp_path / "summary.md"
        summary.write_text("", encoding="utf-8")
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        kept.clear()
        with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit):
            main(["assess", str(corpus), "--format", f"{fmt}:{target}", "--force", "--jobs", "1"])
        assert len(kept) == 3 and all(result is not None for result in kept)
        assert summary.read_text(encoding="utf-8").startswith("# Family hubs assessment")
        assert "## Regional view" in summary.read_text(encoding="utf-8")


def test_sarif_keeps_no_result_of_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SARIF streams too (issue 16): its rules are numbered from the pieces, not from results
    kept for the end, and the log it writes still points each result at its rule."""
    kept = results_kept(monkeypatch)
    corpus = tmp_path / "corpus"
    _corpus(corpus, 3)
    (corpus / "broken.yaml").write_text("local_authority: [\n", encoding="utf-8")
    target = tmp_path / "report.sarif"
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as done:
        main(["assess", str(corpus), "--format", f"sarif:{target}", "--jobs", "1", "--fail-under", "none"])
    assert done.value.code == 2  # the broken file is invalid input
    assert len(kept) == 4 and all(result is None for result in kept)
    text = target.read_text(encoding="utf-8")
    run = json.loads(text)["runs"][0]
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert len(run["properties"]["files"]) == 3
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules].count("invalid-evidence") == 1
    assert {result["ruleId"] for result in run["results"]} >= {"invalid-evidence"}
    assert all(rules[result["ruleIndex"]]["id"] == result["ruleId"] for result in run["results"])


def test_a_spooled_piece_past_memory_keeps_a_name_that_is_not_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file name undecodable on disk is a lone surrogate in a piece; spooled to disk it must survive."""
    from fhcheck.cli.reports import PieceSpool

    monkeypatch.setattr(PieceSpool, "MEMORY", 16)
    pieces = ['{"file": "caf\udce9.yaml"}', "x" * 100, "\u00e9 \U0001f600"]
    with PieceSpool() as spool:
        for piece in pieces:
            spool.add(piece)
        assert list(spool) == pieces
        assert list(spool) == pieces  # read twice, as a streamed writer may
