"""``fhcheck actions PATH...``: everything that needs doing, soonest first, as a table, CSV or calendar."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from fhcheck.cli.exitcodes import OK, USAGE
from fhcheck.cli.shared import Force, MaxBytes, Output, Quiet
from fhcheck.limits import DEFAULT_MAX_BYTES, DEFAULT_WARN_DAYS

ACTION_FORMATS = ("table", "csv", "ics")
_WITHIN = re.compile(r"^\s*(\d{1,6})\s*([dw]?)\s*$")


def register(app: typer.Typer) -> None:
    app.command("actions")(actions)


def within_days(value: str | None, default: int) -> int:
    """``90d``, ``12w`` or a number of days; anything else is a usage error naming the form."""
    from fhcheck.errors import UsageError

    if value is None:
        return default
    match = _WITHIN.match(value)
    if match is None:
        raise UsageError(f"found --within {value!r}; expected a number of days or weeks such as 90d or 12w")
    number = int(match[1])
    return number * 7 if match[2] == "w" else number


def actions(
    paths: list[str] = typer.Argument(
        ..., metavar="PATH...", help="Evidence files, or folders searched for *.yaml/*.yml."
    ),
    within: str | None = typer.Option(
        None, "--within", metavar="SPAN",
        help="List evidence and exemptions lapsing within SPAN of each file's assessment date, e.g. 90d or 12w "
        "(default: the warning window, --warn-days).",
    ),
    fmt: str = typer.Option(
        "table", "--format", "-F", metavar="FORMAT", help="table (default), csv or ics (a calendar)."
    ),
    output: Output = None,
    force: Force = False,
    warn_days: int = typer.Option(
        DEFAULT_WARN_DAYS, "--warn-days", min=0, help="The warning window in days: the default for --within."
    ),
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    color: bool | None = typer.Option(None, "--color/--no-color", help="Force colour on or off in the table."),
    quiet: Quiet = False,
) -> int:
    """List what needs doing across one or many evidence files, soonest first: plans with owner and due date
    (overdue marked), evidence and exemptions lapsing soon, and minimum expectations with no plan.

    Exit 0, or 2 when a file is invalid (the valid files are still listed).
    """
    from fhcheck.actions import actions_across
    from fhcheck.assessment import AssessOptions, assess_paths
    from fhcheck.catalogue import default_store
    from fhcheck.cli.shared import color_wanted, emit, print_problems
    from fhcheck.errors import UsageError
    from fhcheck.output import check_writable
    from fhcheck.report import actions as layout
    from fhcheck.results import FileResult, InvalidFile

    if fmt not in ACTION_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(ACTION_FORMATS)}")
    days = within_days(within, warn_days)
    inputs = [Path(p) for p in paths]
    to_file = output is not None and str(output) != "-"
    if to_file:
        assert output is not None
        check_writable(output, force=force, inputs=inputs)
    outcomes = list(assess_paths(paths, default_store(), AssessOptions.from_command(warn_days, max_bytes)))
    results = [o for o in outcomes if isinstance(o, FileResult)]
    invalid = [o for o in outcomes if isinstance(o, InvalidFile)]
    print_problems(invalid)
    found = actions_across(results, days)
    if fmt == "table":
        text = layout.render_table(found, color=False if to_file else color_wanted(color))
    elif fmt == "csv":
        text = layout.render_csv(found)
    else:
        text = layout.render_ics(found)
    emit(text, output, force=force, inputs=inputs)
    return USAGE if invalid else OK
