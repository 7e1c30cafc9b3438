"""Which version a saved response follows, and whether its page header is one.

A saved copy is one page, a bare array of services (concatenated ``content`` arrays), or one
of several pages; ORUK 1.0 pages are Spring-style (``totalElements``, ``content``), HSDS-UK
3.0 pages carry ``total_items`` ... ``contents``. The header must be typed as the version
says and describe the page it heads.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from fhcheck.describe import describe
from fhcheck.oruk.records import (
    PAGE_BOOLEANS,
    PAGE_INTEGERS,
    STANDARD,
    V1,
    V1_ONLY,
    V1_PAGE_BOOLEANS,
    V1_PAGE_INTEGERS,
    V3_ONLY,
    FeedProblem,
)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Version(NamedTuple):
    """One version's page shape: where the services are and what the header must hold."""

    standard: str
    contents: str
    integers: dict[str, str]
    booleans: dict[str, str]
    total: str
    number: str
    pages: str
    empty: str | None


VERSION_3 = _Version(STANDARD, "contents", PAGE_INTEGERS, PAGE_BOOLEANS, "total_items", "page_number",
                     "total_pages", "empty")
VERSION_1 = _Version(V1, "content", V1_PAGE_INTEGERS, V1_PAGE_BOOLEANS, "totalElements", "number", "totalPages",
                     None)


def detect(data: Any) -> tuple[_Version, str] | str:
    """The version a parsed feed follows and why; else what was found, for the refusal."""
    if isinstance(data, dict):
        return _detect_page(data)
    if isinstance(data, list):
        return _detect_array(data)
    return (f"found {describe(data, json=True)}; expected a saved /services response: an {V1} or HSDS-UK 3.0 page, "
            "or a bare array of services")


def _detect_page(data: dict[str, Any]) -> tuple[_Version, str] | str:
    """A page is the version most of whose page keys it has (3.0 on a tie: ``size`` is both)."""
    v3 = [k for k in ("contents", *PAGE_INTEGERS, "first_page", "last_page") if k in data]
    v1 = [k for k in ("content", *V1_PAGE_INTEGERS, *V1_PAGE_BOOLEANS) if k in data and k != "size"]
    if v3 and len(v3) >= len(v1):
        return VERSION_3, f"an HSDS-UK 3.0 page (it has {', '.join(v3[:4])})"
    if v1:
        return VERSION_1, f"an Open Referral UK 1.0 page (it has {', '.join(v1[:4])})"
    keys = ", ".join(sorted(str(k) for k in data)[:8]) or "no keys"
    return (f"found an object with {keys}; expected a saved /services response: an {V1} page (totalElements, "
            f"totalPages, number, size, first, last, content), an HSDS-UK 3.0 page (total_items, total_pages, "
            f"page_number, size, first_page, last_page, empty, contents) or a bare array of services")


def _detect_array(data: list[Any]) -> tuple[_Version, str] | str:
    """A bare array is the version whose own fields its services carry; 1.0 when they carry neither's."""
    services = [s for s in data if isinstance(s, dict)]
    v1 = sorted({k for s in services for k in V1_ONLY if k in s})
    v3 = sorted({k for s in services for k in V3_ONLY if k in s})
    if v3 and not v1:
        return VERSION_3, f"a bare array of HSDS-UK 3.0 services (they carry {', '.join(v3[:3])})"
    if v1:
        return VERSION_1, f"a bare array of {V1} services (they carry {', '.join(v1[:3])})"
    if services and not v3:
        return VERSION_1, (f"a bare array of services with no field only one version uses; read as {V1}, "
                           "whose saved exports are concatenated content arrays")
    return f"found {describe(data, json=True)} holding no service objects; expected a bare array of services"


def _page_header(data: dict[str, Any], problems: list[FeedProblem], version: _Version, root: str) -> dict[str, Any]:
    """The pagination properties every list response of the version must include, type-checked."""
    page: dict[str, Any] = {}
    booleans = dict(version.booleans)
    if version.empty is not None:
        booleans[version.empty] = "whether the result set is empty"
    for key, meaning in version.integers.items():
        if key not in data:
            problems.append(FeedProblem(f"{root}.{key}", f"missing; expected a whole number, {meaning} (every "
                                        f"{version.standard} list response is paginated)"))
        elif not _is_int(data[key]) or data[key] < 0:
            problems.append(FeedProblem(f"{root}.{key}", f"found {describe(data[key], json=True)}; expected a whole "
                                        f"number 0 or more, {meaning}"))
        else:
            page[key] = data[key]
    for key, meaning in booleans.items():
        if key not in data:
            problems.append(FeedProblem(f"{root}.{key}", f"missing; expected true or false, {meaning} (every "
                                        f"{version.standard} list response is paginated)"))
        elif not isinstance(data[key], bool):
            problems.append(FeedProblem(f"{root}.{key}", f"found {describe(data[key], json=True)}; expected true or "
                                        f"false, {meaning}"))
        else:
            page[key] = data[key]
    return page


def _contents(data: dict[str, Any], problems: list[FeedProblem], version: _Version, root: str) -> list[Any]:
    key = version.contents
    if key not in data:
        problems.append(FeedProblem(f"{root}.{key}", "missing; expected the array of services in this page"))
        return []
    contents = data[key]
    if not isinstance(contents, list):
        problems.append(FeedProblem(f"{root}.{key}", f"found {describe(contents, json=True)}; expected the array of "
                                    "services"))
        return []
    return contents


def _page_consistency(
    page: dict[str, Any], count: int, problems: list[FeedProblem], warnings: list[FeedProblem], version: _Version,
    root: str, single: bool = True,
) -> None:
    """The header must describe the page it heads; contradictions are problems, oddities warnings."""
    _contradictions(page, count, problems, version, root)
    total_items = page.get(version.total)
    size = page.get("size")
    if version is VERSION_3 and size is not None and size != count:
        warnings.append(FeedProblem(f"{root}.size", f"found {size}, but contents holds {count} services (the "
                                    "standard defines size as the number of services in this page)"))
    if single and total_items is not None and total_items > count:
        total_pages, number = page.get(version.pages), page.get(version.number)
        shown = number + 1 if version is VERSION_1 and number is not None else number
        where = f"page {shown} of {total_pages}" if shown is not None and total_pages else "one page"
        warnings.append(FeedProblem(root, f"this copy is {where}: {count} of {total_items} services; conformance "
                                    "and completeness cover these services only"))


def _contradictions(
    page: dict[str, Any], count: int, problems: list[FeedProblem], version: _Version, root: str
) -> None:
    """A header that contradicts its page: ``empty``, the total and the page number against the services."""
    empty = page.get(version.empty) if version.empty else None
    total_key, number_key, pages_key = version.total, version.number, version.pages
    if empty is True and count > 0:
        problems.append(FeedProblem(f"{root}.empty", f"found true, but contents holds {count} services; "
                                    "expected false"))
    if empty is False and count == 0 and page.get(total_key, 0) == 0:
        problems.append(FeedProblem(f"{root}.empty", "found false, but there are no services; expected true"))
    total_items = page.get(total_key)
    if total_items is not None and total_items < count:
        problems.append(FeedProblem(f"{root}.{total_key}", f"found {total_items}, fewer than the {count} services "
                                    f"in {version.contents}; expected the total number of services"))
    total_pages, number = page.get(pages_key), page.get(number_key)
    # Spring pages count from 0; HSDS-UK pages from 1
    last_number = total_pages - 1 if version is VERSION_1 and total_pages else total_pages
    if total_pages and number is not None and last_number is not None and number > last_number:
        problems.append(FeedProblem(f"{root}.{number_key}", f"found page {number} of {total_pages}; expected a page "
                                    f"number within {pages_key}"))
