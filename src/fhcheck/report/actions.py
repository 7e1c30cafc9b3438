"""``fhcheck actions --format table|csv|ics``: the action list (:mod:`fhcheck.actions`) laid out.

``table`` is for a terminal; ``csv`` for a spreadsheet (cells that a spreadsheet would take
for a formula are prefixed with an apostrophe, so user text never becomes one); ``ics`` an
iCalendar file written with the ``icalendar`` library (imported only for this format): one
all-day entry per dated action, with a stable UID, so a team can subscribe to it or
re-import it and get updated entries rather than duplicates. Entries carry no alarms: a
calendar built from user text never raises a notification.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from fhcheck.actions import Action

KIND_TEXT = {
    "plan": "plan",
    "no_plan": "no plan",
    "evidence_lapses": "evidence lapses",
    "exemption_lapses": "exemption lapses",
}
CSV_COLUMNS = (
    "Due", "Due (written)", "Overdue", "Local authority", "Evidence file", "Item", "Kind", "Action", "Owner",
    "Tier", "Level", "Criterion", "UID",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_table(actions: Sequence[Action], *, color: bool = False, width: int = 120) -> str:
    from rich.markup import escape
    from rich.table import Table

    from fhcheck.report.table import buffer_console

    several = len({action.local_authority for action in actions}) > 1
    table = Table(show_lines=False)
    table.add_column("Due", no_wrap=True)
    if several:
        table.add_column("Local authority")
    table.add_column("Item", no_wrap=True)
    table.add_column("Action", min_width=36, ratio=3)
    table.add_column("Owner", ratio=1)
    for action in actions:
        due = escape(action.due_text)
        if action.overdue:
            due = f"[bold red]{due}[/bold red]"
        row = [due]
        if several:
            row.append(escape(action.local_authority))
        row += [escape(action.item_id), escape(action.summary), escape(action.owner or "not recorded")]
        table.add_row(*row)
    buffer = io.StringIO()
    console = buffer_console(buffer, color, width)
    if not actions:
        console.print("Nothing needs doing within the horizon.")
        return buffer.getvalue()
    console.print(table)
    dated = sum(1 for action in actions if action.due is not None)
    overdue = sum(1 for action in actions if action.overdue)
    console.print(f"{len(actions)} actions: {dated} dated, {overdue} overdue.")
    return buffer.getvalue()


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: never the start of a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(actions: Sequence[Action]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in actions:
        writer.writerow(
            [
                a.due.isoformat() if a.due else "",
                a.due_text,
                "yes" if a.overdue else "no",
                *(
                    spreadsheet_safe(value)
                    for value in (
                        a.local_authority, a.file, a.item_id, KIND_TEXT[a.kind], a.summary, a.owner or "",
                        "go further" if a.tier == "go_further" else a.tier, a.level, a.text,
                    )
                ),
                a.uid,
            ]
        )
    return buffer.getvalue()


def render_ics(actions: Sequence[Action], stamp: dt.datetime | None = None) -> str:
    """One all-day VEVENT per dated action; ``stamp`` (DTSTAMP) defaults to the latest due date's
    midnight UTC, so the same actions give the same file."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//fhcheck//family hubs actions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Family hubs actions")
    dated = [a for a in actions if a.due is not None]
    if stamp is None:
        latest = max((a.due for a in dated if a.due is not None), default=dt.date(2000, 1, 1))
        stamp = dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)
    for action in dated:
        assert action.due is not None
        event = Event()
        event.add("uid", action.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", action.due)
        try:
            event.add("dtend", action.due + dt.timedelta(days=1))
        except OverflowError:
            pass
        overdue = " (overdue)" if action.overdue else ""
        event.add("summary", f"{action.item_id}: {action.summary}{overdue}")
        event.add(
            "description",
            f"{action.local_authority}, {KIND_TEXT[action.kind]}. Owner: {action.owner or 'not recorded'}.\n"
            f"{action.item_id}: {action.text}\nEvidence file: {action.file}",
        )
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Family hubs"])
        calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))
