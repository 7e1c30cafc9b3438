"""The records a feed analysis returns, and the words of the standard they are judged by.

Versions, page keys, required service fields and the fields family hubs need are declared
here once; :mod:`~fhcheck.oruk.pages` and :mod:`~fhcheck.oruk.services` check against them,
and the renderers read :class:`FeedAnalysis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

STANDARD = "Open Referral UK 3.0"
V1 = "Open Referral UK 1.0"
EITHER = "Open Referral UK 1.0 or 3.0"
#: more services than any directory holds; with the 32 MB file limit, 335 bytes a service
MAX_SERVICES = 100_000
V1_PAGE_INTEGERS: dict[str, str] = {
    "totalElements": "the total number of services",
    "totalPages": "the total number of pages",
    "number": "the number of this page",
    "size": "the page size",
}
V1_PAGE_BOOLEANS: dict[str, str] = {"first": "whether this is the first page", "last": "whether this is the last page"}
#: Service fields only ORUK 1.0 uses: a bare array carrying one of them is 1.0
V1_ONLY: tuple[str, ...] = (
    "attending_type", "attending_access", "deliverable_type", "eligibilitys", "regular_schedules",
    "holiday_schedules", "service_taxonomys", "service_areas_v1", "cost_options_v1",
)
#: ...and fields only HSDS-UK 3.0 uses
V3_ONLY: tuple[str, ...] = ("organization_id", "attributes", "schedules", "assurer_email", "last_modified", "alert")
#: The ORUK 1.0 rules fhcheck applies to each service (docs/programmes-and-directories.md says where from)
V1_RULES: tuple[str, ...] = (
    "id: required, non-empty text, unique in the feed",
    "name: required, non-empty text",
    "status: if given, one of active, inactive, defunct, temporarily closed",
    "url, email, description, attending_type, deliverable_type: if given, text",
    "assured_date: if given, a date (YYYY-MM-DD, optionally with a time)",
    "organization: if given, an object with id and name",
    "contacts, service_at_locations, eligibilitys, regular_schedules, service_taxonomys: if given, arrays of objects",
)
PAGE_INTEGERS: dict[str, str] = {
    "total_items": "the total number of services",
    "total_pages": "the total number of pages",
    "page_number": "the number of this page",
    "size": "the number of services in this page",
}
PAGE_BOOLEANS: dict[str, str] = {
    "first_page": "whether this is the first page",
    "last_page": "whether this is the last page",
    "empty": "whether the result set is empty",
}
SERVICE_REQUIRED: dict[str, str] = {
    "id": "identifier",
    "name": "name",
    "status": "status",
    "url": "web address",
}
STATUSES: tuple[str, ...] = ("active", "inactive", "defunct", "temporarily closed")
ORGANIZATION_REQUIRED: tuple[str, ...] = ("id", "name", "description")
CHILD_ARRAYS: tuple[str, ...] = ("contacts", "service_at_locations", "attributes")

#: The fields family hubs need, in report order, with what counts as present.
FIELDS: dict[str, str] = {
    "contacts": "an email, or a contact or phone entry",
    "locations": "at least one service_at_locations entry",
    "eligibility": "eligibility_description, an eligibilitys entry (1.0), or an eligibility attribute (3.0)",
    "age_range": "minimum_age or maximum_age (on the service, or an eligibilitys entry in 1.0)",
    "opening_times": "a schedules entry (3.0), or regular_schedules / holiday_schedules (1.0)",
    "taxonomy": "an attribute with a taxonomy term (3.0), or a service_taxonomys entry (1.0)",
    "description": "a non-empty description",
}
#: the keys that carry each field; a feed where no service has any of them is a list
#: response that does not show the field, which is not the same as the field missing
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "contacts": ("email", "contacts", "phones"),
    "locations": ("service_at_locations",),
    "eligibility": ("eligibility_description", "eligibilitys", "attributes"),
    "age_range": ("minimum_age", "maximum_age", "eligibilitys"),
    "opening_times": ("schedules", "regular_schedules", "holiday_schedules"),
    "taxonomy": ("attributes", "service_taxonomys"),
    "description": ("description",),
}
#: 1.6.D1: services for children and young people aged 0 to 19, or up to 25 with SEND
AGES_0_19 = range(0, 20)
AGES_0_25 = range(0, 26)

#: every key that carries one of the fields family hubs need
_ALL_FIELD_KEYS = frozenset(k for keys in FIELD_KEYS.values() for k in keys)


class FeedProblem(NamedTuple):
    """One finding at a JSON path of the feed (a NamedTuple: a broken feed makes many)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Completeness:
    """How many of the page's services carry one field family hubs need."""

    field: str
    present: int
    total: int
    #: False when no service carries any key of the field: a list response need not show it
    shown: bool = True

    @property
    def percent(self) -> float | None:
        """None for a page without services, or a field the list does not show."""
        return None if self.total == 0 or not self.shown else round(100 * self.present / self.total, 1)

    def __str__(self) -> str:
        if not self.shown and self.total:
            return f"{self.field} not shown in this list response"
        percent = self.percent
        shown = "n/a" if percent is None else f"{percent:g}%"
        return f"{self.field} {shown} ({self.present}/{self.total})"


@dataclass(frozen=True)
class Assurance:
    """How recently records were assured (``assured_date``), counted from the assessment date."""

    within_3_months: int
    within_12_months: int
    dated: int
    total: int

    def __str__(self) -> str:
        if not self.total:
            return "assured: n/a"
        return (f"assured within 3 months {self._share(self.within_3_months)}, within 12 months "
                f"{self._share(self.within_12_months)} ({self.dated}/{self.total} dated)")

    def _share(self, count: int) -> str:
        return f"{round(100 * count / self.total, 1):g}%"


@dataclass(frozen=True)
class FeedAnalysis:
    """What a saved ``/services`` response says: conformance, warnings and completeness."""

    problems: tuple[FeedProblem, ...]
    warnings: tuple[FeedProblem, ...]
    services: int
    completeness: tuple[Completeness, ...]
    total_items: int | None = None
    page_number: int | None = None
    total_pages: int | None = None
    standard: str = STANDARD
    #: why the analysis took the feed for this version, and the shape it was saved in
    detected: str = ""
    shape: str = "one page"
    assurance: Assurance | None = None
    #: the ages 0-25 that no service's age range covers (1.6.D1: 0-19, or 0-25 with SEND)
    ages_uncovered: tuple[int, ...] = ()
    #: False when no service states an age range, so coverage cannot be judged
    ages_stated: bool = False

    @property
    def conforms(self) -> bool:
        return not self.problems

    def completeness_of(self, field: str) -> Completeness:
        for entry in self.completeness:
            if entry.field == field:
                return entry
        raise KeyError(field)

    def summary(self) -> str:
        """One line for reasons and headers."""
        verdict = (
            f"conforms to {self.standard}"
            if self.conforms
            else f"does not conform to {self.standard} ({len(self.problems)} problems)"
        )
        fields = ", ".join(str(c) for c in self.completeness)
        return f"{verdict}; {self.services} services; completeness: {fields}"

    def age_coverage(self) -> str:
        """Whether the services' age ranges together cover 0-19 and 0-25 (1.6.D1)."""
        if not self.ages_stated:
            return "age coverage: no service states an age range"
        gaps = set(self.ages_uncovered)
        first = "covered" if not gaps & set(AGES_0_19) else "gaps at " + _ranges(sorted(gaps & set(AGES_0_19)))
        send = "covered" if not gaps else "gaps at " + _ranges(sorted(gaps))
        return f"age coverage: 0-19 {first}; 0-25 (with SEND) {send}"


def _ranges(ages: list[int]) -> str:
    parts: list[str] = []
    start = prev = ages[0]
    for age in [*ages[1:], -2]:
        if age != prev + 1:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = age
        prev = age
    return ", ".join(parts)


def unreadable(message: str) -> FeedAnalysis:
    """The analysis of a feed that could not be read or parsed: one problem at the root."""
    return FeedAnalysis((FeedProblem("$", message),), (), 0, _completeness({}, 0, set()))


def _completeness(counts: dict[str, int], total: int, shown: set[str]) -> tuple[Completeness, ...]:
    return tuple(Completeness(field, counts.get(field, 0), total, field in shown) for field in FIELDS)
