"""Calendar arithmetic in months: freshness windows, cut-offs and the last day evidence is fresh.

Its own module, with no fhcheck imports, so the rules engine, the checks, the feed analysis
and the commands that explain a window all share one definition without importing the
engine (importing it from :mod:`fhcheck.evaluate` made a cycle through the checks).
"""

from __future__ import annotations

import datetime as dt


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, clamped to the month's end (31 March - 1 month = 28/29 Feb)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # beyond the calendar: every representable date is inside
        return dt.date.min if year < dt.MINYEAR else dt.date.max
    if day.day <= 28:  # every month has the day: no need to know the month's length
        return dt.date(year, month + 1, day.day)
    return dt.date(year, month + 1, min(day.day, _days_in_month(year, month + 1)))


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def last_fresh_day(dated: dt.date, months: int) -> dt.date:
    """The last assessment date on which evidence dated ``dated`` is inside a ``months`` window.

    Not simply ``months_after``: clamping makes the window of 29 February reach back to
    28 February, so evidence of 28 February 2023 is still fresh on 29 February 2024.
    """
    day = months_after(dated, months)
    while day < dt.date.max and months_before(day + dt.timedelta(days=1), months) <= dated:
        day += dt.timedelta(days=1)
    return day
