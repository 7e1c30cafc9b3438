"""Rewrite the golden reports of ``fhcheck assess`` in tests/golden/table and tests/golden/json.

Run ``python tests/golden/update_assess.py`` after a deliberate change to the table or
JSON output, to examples/ or to tests/fixtures/assess/, and review the diff before
committing: ``tests/cli/test_assess_cli.py`` compares these files byte for byte, and
nothing else writes them. Reports are produced exactly as the test produces them: the
real command line, in-process, run from the repository root so that file names in the
output are the stable relative paths given here.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent

#: golden name -> the paths (relative to the repository root) assessed in one run
RUNS: dict[str, tuple[str, ...]] = {
    "exampleshire-2025": ("examples/exampleshire-2025.yaml",),
    "northbury-2022": ("examples/northbury-2022.yaml",),
    "westmoor-2025-mistakes": ("examples/westmoor-2025-mistakes.yaml",),
    "riverside-2025": ("tests/fixtures/assess/riverside-2025.yaml",),
    "hillford-2022": ("tests/fixtures/assess/hillford-2022.yaml",),
    "examples-folder": ("examples",),
}
#: format -> (golden file suffix, extra arguments)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "table": ("txt", ("--no-color",)),
    "json": ("json", ("--format", "json")),
}


def golden_path(fmt: str, name: str) -> Path:
    return GOLDEN / fmt / f"{name}.{FORMATS[fmt][0]}"


class _Fhcheck:
    """``fhcheck.cli.main`` in the shape click's CliRunner invokes."""

    name = "fhcheck"

    def main(self, args: Iterable[str] = (), prog_name: str | None = None, **_: Any) -> None:
        from fhcheck.cli import main

        main(list(args))


def render(fmt: str, paths: Iterable[str]) -> str:
    """What ``fhcheck assess PATHS`` prints in ``fmt``, run from the repository root."""
    from click.testing import CliRunner

    args = ["assess", *paths, "--fail-under", "none", *FORMATS[fmt][1]]
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(
            _Fhcheck(), args, catch_exceptions=False, env={"NO_COLOR": "1", "FORCE_COLOR": None}  # type: ignore[arg-type]
        )
    if result.exit_code != 0:
        raise RuntimeError(f"fhcheck {' '.join(args)} exited {result.exit_code}: {result.stderr}")
    return result.stdout


def main() -> int:
    for fmt in FORMATS:
        for name, paths in RUNS.items():
            target = golden_path(fmt, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = render(fmt, paths)
            changed = not target.exists() or target.read_text(encoding="utf-8") != text
            target.write_text(text, encoding="utf-8", newline="")
            print(f"{'updated ' if changed else 'unchanged'} {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
