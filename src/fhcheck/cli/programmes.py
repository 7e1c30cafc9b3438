"""``fhcheck programmes`` and ``fhcheck feed``: the programme register and a saved ORUK feed.

``programmes FILE`` shows an evidence file's programme register as the rules engine judges
it for the items whose criteria declare a ``programme_register`` check: each programme's
Guidebook rating and what it means, its cost rating (reported, never judged), when the
rating was read, who delivers it, and whether it counts as evidence-based and why.

``feed FEED.json...`` checks a saved Open Referral UK ``/services`` response offline (1.0 or
3.0; one page, a bare array, several pages or a folder of them): the version found and why,
conformance problems at their JSON paths, warnings, completeness per family-hub field, how
recently records were assured and which ages 0-25 no service covers.
It exits 0 when the feed conforms, 1 when it does not, 2 when it cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fhcheck.cli.exitcodes import BELOW_THRESHOLD, OK
from fhcheck.cli.shared import Color, FeedFormat, ProgrammesFormat, Quiet

if TYPE_CHECKING:
    pass


def register(app: typer.Typer) -> None:
    app.command("programmes")(programmes)
    app.command("feed")(feed)


def _render(kind: str, fmt: str, value: object, color: bool | None) -> None:
    """The chosen renderer's text on standard output (a table in colour only on a terminal)."""
    import shutil
    import sys

    from fhcheck.cli.shared import color_wanted
    from fhcheck.report import registry

    wanted = color_wanted(color)
    width = shutil.get_terminal_size((120, 24)).columns if wanted else 120
    text = registry.get(kind, fmt, color=wanted, width=width).render(value)
    assert isinstance(text, str)
    sys.stdout.write(text)
    sys.stdout.flush()


# --- fhcheck programmes ---------------------------------------------------------------------


def programmes(
    file: Path = typer.Argument(..., metavar="FILE", help="An evidence file with a programmes: register."),
    min_rating: str | None = typer.Option(
        None, "--min-rating", metavar="LEVEL",
        help="Judge against this Guidebook level (2, 2+, 3, 3+, 4, 4+) instead of the criteria's.",
    ),
    fmt: ProgrammesFormat = "table",
    color: Color = None,
    quiet: Quiet = False,
) -> int:
    """The programme register of an evidence file, and whether each programme counts as evidence-based."""
    from fhcheck.catalogue import default_store
    from fhcheck.errors import UsageError
    from fhcheck.evidence import parse_evidence
    from fhcheck.load import load
    from fhcheck.programmes import THRESHOLDS
    from fhcheck.register_judgements import judgements
    from fhcheck.report.registry import check
    from fhcheck.views import RegisterView

    check("programmes", fmt)
    if min_rating is not None and min_rating not in THRESHOLDS:
        raise UsageError(f"unknown level {min_rating!r} for --min-rating; expected one of {', '.join(THRESHOLDS)}")
    evidence, catalogue = parse_evidence(load(file, str(file)), default_store())
    judged = judgements(evidence, catalogue, min_rating)
    _render("programmes", fmt, RegisterView(str(file), evidence, catalogue, judged), color)
    return OK


# --- fhcheck feed ---------------------------------------------------------------------------


def feed(
    paths: list[Path] = typer.Argument(
        ..., metavar="FEED.json...",
        help="A saved Open Referral UK /services response (1.0 or 3.0): one page, a bare array of services, "
        "several page files, or a folder of them.",
    ),
    fmt: FeedFormat = "table",
    max_problems: int = typer.Option(50, "--max-problems", min=1, help="List at most this many problems."),
    assessed_on: str | None = typer.Option(
        None, "--assessed-on", metavar="YYYY-MM-DD", help="Count assured_date from this day (default: today)."
    ),
    color: Color = None,
    quiet: Quiet = False,
) -> int:
    """Check a saved Open Referral UK /services response offline: version, conformance and completeness."""
    from fhcheck.documents import read_feed
    from fhcheck.oruk import analyse_pages
    from fhcheck.report.registry import check
    from fhcheck.views import FeedView

    check("feed", fmt)
    from fhcheck.cli.shared import assessment_day

    day = assessment_day(assessed_on)
    files = _feed_files(paths)
    label = str(paths[0]) if len(paths) == 1 else ", ".join(str(p) for p in paths)
    pages = [("" if len(files) == 1 else f"{file.name}:", read_feed(file, str(file))) for file in files]
    analysis = analyse_pages(pages, day)
    _render("feed", fmt, FeedView(label, analysis, max_problems), color)
    return OK if analysis.conforms else BELOW_THRESHOLD


def _feed_files(paths: list[Path]) -> list[Path]:
    """The files given, with a folder standing for the .json files in it, in name order."""
    from fhcheck.errors import InputError, Location

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and not p.name.startswith("."))
            if not found:
                raise InputError.at(Location(str(path)), "folder holds no .json files; expected saved /services pages")
            files.extend(found)
        else:
            files.append(path)
    return files


