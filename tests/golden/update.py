"""Rewrite the golden CI reports: ``python tests/golden/update.py``.

The only writer of ``tests/golden/{markdown,junit,sarif,github}/``. Each golden file is
one renderer's output for a failing and a passing file of the fixture repository
``tests/fixtures/ci/repo`` plus the invalid files in ``tests/fixtures/ci/invalid``,
assessed from inside the fixture repository so file names are relative. The checkout's
absolute path (which some messages name) becomes ``$ROOT`` and the tool version
``<version>``, so the files are the same on every machine and release.

Review the diff before committing: a golden file changes only when a format does.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPO = ROOT / "tests" / "fixtures" / "ci" / "repo"
GOLDEN = ROOT / "tests" / "golden"
#: format -> golden file name
FILES = {
    "markdown": "markdown/ci-repo.md",
    "junit": "junit/ci-repo.xml",
    "sarif": "sarif/ci-repo.sarif",
    "github": "github/ci-repo.txt",
}
VERSION = "<version>"
#: one passing and one failing file, and the invalid ones (the 2022 file in the fixture
#: repository is left to the tests, to keep the golden files small)
PATHS = ("failing.yaml", "passing.yaml", "../invalid")


def build_report() -> object:
    """The report every golden file renders (imported by the tests, too)."""
    from fhcheck.assessment import AssessOptions, assess_paths
    from fhcheck.catalogue import default_store
    from fhcheck.results import FileResult, InvalidFile
    from fhcheck.views import Report

    results: list[FileResult] = []
    invalid: list[InvalidFile] = []
    with contextlib.chdir(REPO):
        for outcome in assess_paths(PATHS, default_store(), AssessOptions()):
            (invalid if isinstance(outcome, InvalidFile) else results).append(outcome)  # type: ignore[arg-type]
    return Report(tuple(results), tuple(invalid), "minimum", VERSION)


def normalise(text: str) -> str:
    return text.replace(ROOT.as_posix(), "$ROOT").replace(str(ROOT), "$ROOT")


def render(name: str, report: object | None = None) -> str:
    from fhcheck.report.registry import render_report

    return normalise(render_report(name, report if report is not None else build_report()))  # type: ignore[arg-type]


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    report = build_report()
    for name, relative in FILES.items():
        target = GOLDEN / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = render(name, report)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"updated {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
