"""One service's checks (ORUK 1.0 rules, what the 3.0 list schema leaves out, and both
versions' common sense), the fields family hubs need, ages and assurance dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeGuard

from fhcheck.describe import describe
from fhcheck.oruk.records import CHILD_ARRAYS, SERVICE_REQUIRED, STANDARD, STATUSES, V1, Assurance, FeedProblem

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>|&(?:[a-zA-Z]+|#\d+);")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_ABSOLUTE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _assurance(days: list[dt.date], total: int, assessed_on: dt.date | None) -> Assurance | None:
    if assessed_on is None:
        return None
    from fhcheck.dates import months_before

    three, twelve = months_before(assessed_on, 3), months_before(assessed_on, 12)
    return Assurance(
        sum(three <= d <= assessed_on for d in days), sum(twelve <= d <= assessed_on for d in days), len(days), total
    )


def _date_of(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _age_span(service: dict[str, Any]) -> tuple[int, int] | None:
    """The ages a service states it serves: its own minimum/maximum, or its 1.0 eligibilitys."""
    spans = [service, *(e for e in _items(service.get("eligibilitys")) if isinstance(e, dict))]
    lows = [e["minimum_age"] for e in spans if _is_number(e.get("minimum_age"))]
    highs = [e["maximum_age"] for e in spans if _is_number(e.get("maximum_age"))]
    if not lows and not highs:
        return None
    low = int(min(lows)) if lows else 0
    high = int(max(highs)) if highs and max(highs) > 0 else 25
    return (low, high) if abs(low) < 1000 and abs(high) < 1000 else None


def _check_service_v3(
    service: dict[str, Any], where: str, problems: list[FeedProblem], warnings: list[FeedProblem]
) -> None:
    """What the list schema does not say: child arrays' ids (compiled service.json) and age order."""
    for key in CHILD_ARRAYS:
        children = service.get(key)
        if children is None:
            continue
        if not isinstance(children, list):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(children, json=True)}; expected an array"))
            continue
        for number, child in enumerate(children):
            if not isinstance(child, dict):
                problems.append(FeedProblem(f"{where}.{key}[{number}]",
                                            f"found {describe(child, json=True)}; expected an object"))
            elif not _text(child.get("id")):
                problems.append(FeedProblem(f"{where}.{key}[{number}].id",
                                            _required(child.get("id"), "its identifier")))
    low, high = service.get("minimum_age"), service.get("maximum_age")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        warnings.append(FeedProblem(f"{where}.minimum_age", f"minimum_age {low:g} is above maximum_age {high:g}"))


V1_TEXT: tuple[str, ...] = ("url", "email", "description", "attending_type", "attending_access", "deliverable_type")
V1_ARRAYS: tuple[str, ...] = ("contacts", "service_at_locations", "eligibilitys", "regular_schedules",
                              "service_taxonomys")


def _check_service_v1(service: dict[str, Any], where: str, problems: list[FeedProblem]) -> None:
    """The ORUK 1.0 rules of :data:`V1_RULES`."""
    for key in ("id", "name"):
        if service.get(key) is None:
            problems.append(FeedProblem(f"{where}.{key}", f"missing; expected the service's {SERVICE_REQUIRED[key]} "
                                        f"(required by {V1})"))
    status = service.get("status")
    if status is not None and status not in STATUSES:
        problems.append(FeedProblem(f"{where}.status", f"found {describe(status, json=True)}; expected one of "
                                    f"{', '.join(STATUSES)}"))
    for key in V1_TEXT:
        value = service.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(value, json=True)}; expected text"))
    assured = service.get("assured_date")
    if assured is not None and _date_of(assured) is None:
        problems.append(FeedProblem(f"{where}.assured_date", f"found {describe(assured, json=True)}; expected a date "
                                    "YYYY-MM-DD"))
    organization = service.get("organization")
    if organization is not None:
        if not isinstance(organization, dict):
            problems.append(FeedProblem(f"{where}.organization", f"found {describe(organization, json=True)}; expected "
                                        "an organization object"))
        else:
            for key in ("id", "name"):
                if not _text(organization.get(key)):
                    problems.append(FeedProblem(f"{where}.organization.{key}", _required(
                        organization.get(key), f"the organization's {key}", V1)))
    for key in V1_ARRAYS:
        children = service.get(key)
        if children is not None and (not isinstance(children, list) or not all(isinstance(c, dict) for c in children)):
            problems.append(FeedProblem(f"{where}.{key}",
                                        f"found {describe(children, json=True)}; expected an array of objects"))


def _common(
    service: dict[str, Any], where: str, problems: list[FeedProblem], seen_ids: dict[str, str],
    patterns: dict[str, list[str]],
) -> None:
    """Both versions: non-empty names, unique ids, UUIDs, web addresses, HTML left in text."""
    for key in ("id", "name"):
        value = service.get(key)
        if value is not None and not _text(value):
            problems.append(FeedProblem(f"{where}.{key}", f"found {describe(value, json=True)}; expected the service's "
                                        f"{SERVICE_REQUIRED[key]} as non-empty text"))
    service_id = service.get("id")
    if _text(service_id):
        first = seen_ids.setdefault(service_id, where)
        if first != where:
            problems.append(FeedProblem(f"{where}.id", f"duplicate service id {service_id!r} (first at "
                                        f"{first}); expected a unique identifier per service"))
        if not _UUID.match(service_id):
            patterns.setdefault("service id is not a UUID (the standard gives id the uuid format)", []).append(
                f"{where}.id")
    url = service.get("url")
    if _text(url) and not _ABSOLUTE_URL.match(url):
        patterns.setdefault("service url is not an absolute web address (http:// or https://)", []).append(
            f"{where}.url")
    if "description" in service and not _text(service.get("description")):
        patterns.setdefault("service description is empty", []).append(f"{where}.description")
    for key in ("name", "description"):
        value = service.get(key)
        if isinstance(value, str) and _HTML.search(value):
            patterns.setdefault(f"HTML left in the service {key} (families see the tags)", []).append(
                f"{where}.{key}")


def _required(value: Any, label: str, standard: str = STANDARD) -> str:
    if value is None:
        return f"missing; expected {label} (required by {standard})"
    return f"found {describe(value, json=True)}; expected {label} as non-empty text"


def _count_fields(service: dict[str, Any], counts: dict[str, int]) -> None:
    """Count ``service`` once for each field family hubs need that it carries (:data:`FIELD_TESTS`)."""
    attributes = [a for a in _items(service.get("attributes")) if isinstance(a, dict)]
    for field, carries in FIELD_TESTS.items():
        if carries(service, attributes):
            counts[field] += 1


def _carries_contacts(service: dict[str, Any], attributes: list[dict[str, Any]]) -> bool:
    return bool(_text(service.get("email")) or _items(service.get("contacts")) or _items(service.get("phones")))


def _carries_locations(service: dict[str, Any], attributes: list[dict[str, Any]]) -> bool:
    return bool(_items(service.get("service_at_locations")))


def _carries_eligibility(service: dict[str, Any], attributes: list[dict[str, Any]]) -> bool:
    if _text(service.get("eligibility_description")):
        return True
    if any(isinstance(e, dict) for e in _items(service.get("eligibilitys"))):
        return True
    return any(isinstance(a.get("link_type"), str) and "eligib" in a["link_type"].lower() for a in attributes)


def _carries_age_range(service: dict[str, Any], attributes: list[dict[str, Any]]) -> bool:
    return _age_span(service) is not None


def _carries_opening_times(service: dict[str, Any], attributes: list[dict[str, Any]]) -> bool:
    return any(_items(service.get(key)) for key in ("schedules", "regular_schedules", "holiday_schedules"))


def _carries_taxonomy(service: dict[str, Any], attributes: list[dict[str, Any]]) -> bool:
    if _items(service.get("service_taxonomys")):
        return True
    return any(isinstance(a.get("taxonomy_term"), dict) or _text(a.get("taxonomy_term_id")) for a in attributes)


def _carries_description(service: dict[str, Any], attributes: list[dict[str, Any]]) -> bool:
    return _text(service.get("description"))


#: what counts as carrying each field of :data:`~fhcheck.oruk.records.FIELDS`, given a service and its attribute objects
FIELD_TESTS: dict[str, Callable[[dict[str, Any], list[dict[str, Any]]], bool]] = {
    "contacts": _carries_contacts,
    "locations": _carries_locations,
    "eligibility": _carries_eligibility,
    "age_range": _carries_age_range,
    "opening_times": _carries_opening_times,
    "taxonomy": _carries_taxonomy,
    "description": _carries_description,
}


def _aggregate(warnings: list[FeedProblem], paths: Iterable[str], what: str) -> None:
    """One warning for a pattern across services, so a large feed does not bury the report."""
    paths = list(paths)
    if paths:
        count = "1 service" if len(paths) == 1 else f"{len(paths)} services, the first here"
        warnings.append(FeedProblem(paths[0], f"{what}: {count}"))
