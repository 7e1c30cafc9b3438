"""The board paper printed by a real browser (headless Chromium): the summary is on page 1,
and the summary and action tracker of one authority take at most two A4 pages.

Skipped when /usr/bin/chromium is absent, unless FHCHECK_REQUIRE_BROWSER=1 (as CI sets),
when its absence fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fhcheck.board import board_paper
from fhcheck.report.html import HtmlRenderer
from fhcheck.views import Report

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]


def _browser() -> Path:
    found = CHROMIUM if CHROMIUM.exists() else None
    if found is None and shutil.which("chromium"):
        found = Path(str(shutil.which("chromium")))
    if found is None:
        if os.environ.get("FHCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail("FHCHECK_REQUIRE_BROWSER=1 but chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    return found


def print_to_pdf(html: str, tmp_path: Path) -> list[str]:
    """The page as Chromium prints it on A4: the text of each printed page."""
    pypdf = pytest.importorskip("pypdf")
    source, pdf = tmp_path / "paper.html", tmp_path / "paper.pdf"
    source.write_text(html, encoding="utf-8")
    command = [
        str(_browser()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
        source.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=False)
    assert pdf.exists(), "chromium printed no PDF"
    return [page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("example", ["northbury-2022.yaml", "westmoor-2025-mistakes.yaml", "exampleshire-2025.yaml"])
def test_summary_on_page_one_and_tracker_within_two_pages(example: str, tmp_path: Path) -> None:
    from fhcheck.assessment import AssessOptions, assess_file
    from fhcheck.catalogue import default_store
    from fhcheck.results import FileResult

    result = assess_file(ROOT / "examples" / example, f"examples/{example}", default_store(), AssessOptions())
    assert isinstance(result, FileResult)
    paper = board_paper(Report((result,)))
    pages = [_squash(text) for text in print_to_pdf(HtmlRenderer().render_paper(paper), tmp_path)]
    authority = paper.authorities[0]
    first = pages[0]
    assert "Summary" in first and _squash(authority.headline) in first
    assert "Rating per key criterion" in first
    for rating in authority.ratings:
        assert f"{rating.key_id}. " in first
    assert first.count(" of ") >= 15  # every rating row's basic, developed and go-further counts
    # the detail starts after the summary and tracker, which take at most two pages
    detail_page = next(n for n, text in enumerate(pages) if "detail by key criterion" in text)
    assert 1 <= detail_page <= 2, f"summary and action tracker took {detail_page} pages"
    tracker_pages = " ".join(pages[:detail_page])
    assert "Action tracker" in tracker_pages
    for row in authority.tracker:
        assert _squash(row.items.split(",")[0]) in tracker_pages
    assert len(pages) > detail_page  # the detail follows
