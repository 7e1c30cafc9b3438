"""One ``assess`` command line, checked: the value the command hands to what runs it.

Its own module because both the command (:mod:`fhcheck.cli.assess`) and the report writer
(:mod:`fhcheck.cli.reports`) read it, and the command calls the writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class AssessRequest(NamedTuple):
    """One ``assess`` command line, checked: what :func:`run_assess` does."""

    paths: list[str]
    #: each report: its format and its file (None: standard output), in the order written
    chosen: list[tuple[str, Path | None]]
    force: bool
    fail_under: str
    warn_days: int
    max_bytes: int
    color: bool | None
    baseline: str | None
    baseline_output: Path | None
    jobs: int | None
    quiet: bool

    @property
    def inputs(self) -> list[Path]:
        """The files read, which no report may overwrite."""
        return [Path(p) for p in self.paths]
