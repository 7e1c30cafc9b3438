"""Field types shared by every user-written model: dates and text, never converted silently.

YAML turns ``2025-06-01`` into a date and ``no`` into a boolean; people mean what they
typed. These validators accept exactly what the format documents and name anything else.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from fhcheck.describe import describe

_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_date(value: Any) -> dt.date:
    """Dates are calendar dates written YYYY-MM-DD; nothing else is converted silently."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"found {describe(value)}; expected a date written YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_TEXT.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"found {value!r}, which is not a calendar date; expected a real date YYYY-MM-DD"
            ) from None
    raise ValueError(f"found {describe(value)}; expected a date written YYYY-MM-DD{_date_hint(value)}")


_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
#: day 0 of Excel's (1900) date numbers: 45818 is 2025-06-10
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _date_hint(value: Any) -> str:
    """The date a UK officer most probably meant: day/month/year, or a spreadsheet date number."""
    if isinstance(value, str):
        found = _UK_DATE.match(value.strip())
        if found:
            day, month, year = (int(part) for part in found.groups())
            try:
                return f" (did you mean {dt.date(year, month, day).isoformat()}?)"
            except ValueError:
                return ""
    if isinstance(value, int) and not isinstance(value, bool) and 20_000 <= value <= 80_000:
        meant = _EXCEL_EPOCH + dt.timedelta(days=value)
        return f" ({value} looks like a spreadsheet date number: {meant.isoformat()}?)"
    return ""


def as_text(value: Any) -> str:
    """Text must be written as text: ``no``, numbers and dates are not silently stringified."""
    if isinstance(value, str):
        return value
    raise ValueError(f"found {describe(value)}; expected text (put it in quotes if it is meant as text)")


Date = Annotated[dt.date, BeforeValidator(as_date)]
Text = Annotated[str, BeforeValidator(as_text), Field(min_length=1)]
