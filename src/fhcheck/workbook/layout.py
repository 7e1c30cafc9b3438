"""The sheets of an evidence workbook and their columns, declared once for writer and reader.

Columns are found by their header, never by position, so a team may reorder or hide them;
the headers are the YAML keys, so what a cell means is what the evidence format says.
"""

from __future__ import annotations

from typing import NamedTuple

ABOUT = "About"
ITEMS = "Items"
EVIDENCE = "Evidence"
PROGRAMMES = "Programmes"
INSTRUCTIONS = "Instructions"
LISTS = "Lists"

#: the top-level keys kept on the About sheet, with what each means
ABOUT_KEYS: tuple[tuple[str, str], ...] = (
    ("fhcheck", "The evidence format version: 1."),
    ("framework", "The Family Hub Model Framework version assessed against, e.g. 2025."),
    ("local_authority", "The local authority's name."),
    ("assessed_on", "The date of this self-assessment (a date cell or YYYY-MM-DD); evidence freshness counts from it."),
)
ABOUT_HEADERS = ("key", "value", "note")

#: read-only columns that describe the criterion item (written by fhcheck, never read back)
ITEM_INFO = ("id", "key_criterion", "subcriterion", "level", "tier", "criterion")
#: the item's keys in the evidence format, in the order they are written
ITEM_FIELDS = ("status", "note", "justification", "approved_by", "review_by", "plan", "due", "owner")
EVIDENCE_FIELDS = ("item", "title", "url", "path", "kind", "date", "owner", "sha256")
PROGRAMME_FIELDS = ("name", "guidebook", "evidence_rating", "cost_rating", "rating_read_on", "delivered_by", "note")

#: columns whose cells are dates
DATE_FIELDS = frozenset({"assessed_on", "review_by", "due", "date", "rating_read_on"})
#: programme columns holding a list, one entry per line of the cell
LIST_FIELDS = frozenset({"delivered_by"})
STATUSES = ("met", "partially_met", "not_met", "not_applicable")


class Sheet(NamedTuple):
    """A sheet read as rows under a header: which headers it must have, which it may."""

    name: str
    required: tuple[str, ...]
    allowed: tuple[str, ...]


ITEMS_SHEET = Sheet(ITEMS, ("id", *ITEM_FIELDS), (*ITEM_INFO, *ITEM_FIELDS))
EVIDENCE_SHEET = Sheet(EVIDENCE, EVIDENCE_FIELDS, EVIDENCE_FIELDS)
PROGRAMMES_SHEET = Sheet(PROGRAMMES, PROGRAMME_FIELDS, PROGRAMME_FIELDS)
ABOUT_SHEET = Sheet(ABOUT, ("key", "value"), ABOUT_HEADERS)


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``: how a spreadsheet names a 0-based column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
