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
