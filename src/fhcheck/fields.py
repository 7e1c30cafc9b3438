"""Field types shared by every user-written model: dates and text, never converted silently.

YAML turns ``2025-06-01`` into a date and ``no`` into a boolean; people mean what they
typed. These validators accept exactly what the format documents and name anything else.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from fhcheck.validate import describe

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
            raise ValueError(f"found {value!r}, which is not a calendar date; expected a real date YYYY-MM-DD") from None
    raise ValueError(f"found {describe(value)}; expected a date written YYYY-MM-DD")


def as_text(value: Any) -> str:
    """Text must be written as text: ``no``, numbers and dates are not silently stringified."""
    if isinstance(value, str):
        return value
    raise ValueError(f"found {describe(value)}; expected text (put it in quotes if it is meant as text)")


Date = Annotated[dt.date, BeforeValidator(as_date)]
Text = Annotated[str, BeforeValidator(as_text), Field(min_length=1)]
