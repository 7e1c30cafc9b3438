#!/usr/bin/env python3
"""Time reading and analysing Open Referral UK /services feeds of N services, both versions.

Usage: ``python benchmarks/feed.py [--runs R] [N ...]`` (default 800 5000). For each N it
writes an ORUK 1.0 page, the same services as a bare array, and an HSDS-UK 3.0 page, each
service about 2.5 kB as real directories serve them (descriptions, organisation, contacts,
locations, schedules, taxonomy, eligibility), so 800 services is about 2 MB. It prints the
medians of R interleaved runs of: ``json.loads`` alone (the floor), ``read_feed`` (bounded
parse: structure scan, duplicate keys, finite numbers), ``analyse_feed``, and the whole
``fhcheck feed`` process, with the ratio of read + analyse to the floor.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fhcheck.jsonfeed import read_feed
from fhcheck.oruk import analyse_feed

TEXT = ("Drop-in sessions, advice and support for parents, carers and children at the family hub; "
        "no referral needed. Staff can help with infant feeding, early language and parenting. ") * 4


def _uuid(kind: int, index: int) -> str:
    return f"{kind:08d}-0000-4000-8000-{index:012d}"


def v1_service(index: int) -> dict[str, Any]:
    return {
        "id": _uuid(1, index), "name": f"Family hub service {index}", "description": TEXT,
        "url": f"https://directory.example.gov.uk/services/{index}", "email": f"hub{index % 9}@example.gov.uk",
        "status": "active", "fees": "Free", "accreditations": None, "assured_date": f"2025-{1 + index % 9:02d}-15",
        "attending_access": "drop-in", "attending_type": "In person", "deliverable_type": "Advice",
        "organization": {"id": _uuid(2, index % 40), "name": "Exampleshire County Council", "description": TEXT[:90],
                         "url": "https://www.example.gov.uk"},
        "contacts": [{"id": _uuid(3, index), "name": "Reception", "title": "Hub reception",
                      "phones": [{"id": _uuid(4, index), "number": "01234 567890"}]}],
        "eligibilitys": [{"id": _uuid(5, index), "eligibility": "Families", "minimum_age": index % 5,
                          "maximum_age": 19 if index % 7 else 25}],
        "regular_schedules": [{"id": _uuid(6, index), "weekday": day, "opens_at": "09:00", "closes_at": "15:00"}
                              for day in ("Monday", "Wednesday")],
        "service_at_locations": [{"id": _uuid(7, index), "location": {
            "id": _uuid(8, index % 60), "name": "Northtown Family Hub", "latitude": 52.1, "longitude": -1.2,
            "physical_addresses": [{"id": _uuid(9, index % 60), "address_1": "1 High Street", "city": "Northtown",
                                    "postal_code": "NT1 1AA", "country": "GB"}]}}],
        "service_taxonomys": [{"id": _uuid(10, index), "taxonomy": {"id": f"t{index % 30}", "name": "Parenting",
                                                                     "vocabulary": "esdServiceTypes"}}],
    }


def v3_service(index: int) -> dict[str, Any]:
    service = v1_service(index)
    for key in ("attending_access", "attending_type", "deliverable_type", "eligibilitys", "regular_schedules",
                "service_taxonomys", "accreditations"):  # the 3.0 schema types accreditations as text: no null
        del service[key]
    service["minimum_age"], service["maximum_age"] = index % 5, 19 if index % 7 else 25
    service["schedules"] = [{"id": _uuid(6, index), "byday": "MO,WE", "opens_at": "09:00", "closes_at": "15:00"}]
    service["attributes"] = [{"id": _uuid(10, index), "taxonomy_term": {"id": _uuid(11, index % 30),
                                                                          "term": "Parenting"}}]
    return service


def feeds(count: int) -> dict[str, Any]:
    v1 = [v1_service(i) for i in range(count)]
    v3 = [v3_service(i) for i in range(count)]
    return {
        "ORUK 1.0 page": {"totalElements": count, "totalPages": 1, "number": 0, "size": count, "first": True,
                          "last": True, "content": v1},
        "ORUK 1.0 bare array": v1,
        "HSDS-UK 3.0 page": {"total_items": count, "total_pages": 1, "page_number": 1, "size": count,
                             "first_page": True, "last_page": True, "empty": False, "contents": v3},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("sizes", nargs="*", type=int, default=[800, 5000])
    args = parser.parse_args()
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            paths = {}
            for name, data in feeds(count).items():
                path = Path(folder) / (name.replace(" ", "-") + ".json")
                path.write_text(json.dumps(data, indent=1), encoding="utf-8")
                paths[name] = path
            times: dict[str, dict[str, list[float]]] = {n: {"floor": [], "read": [], "analyse": [], "cli": []}
                                                        for n in paths}
            for _ in range(args.runs):
                for name, path in paths.items():  # interleaved, so load spikes hit every case alike
                    start = time.perf_counter()
                    json.loads(path.read_text("utf-8"))
                    floor = time.perf_counter()
                    data = read_feed(path, path.name)
                    read = time.perf_counter()
                    analysis = analyse_feed(data)
                    done = time.perf_counter()
                    assert analysis.conforms, analysis.problems[:3]
                    subprocess.run([sys.executable, "-m", "fhcheck", "feed", str(path), "-F", "json"],
                                   capture_output=True, check=True)
                    cli = time.perf_counter() - done
                    for key, value in (("floor", floor - start), ("read", read - floor), ("analyse", done - read),
                                       ("cli", cli)):
                        times[name][key].append(value)
            for name, path in paths.items():
                med = {k: statistics.median(v) * 1000 for k, v in times[name].items()}
                print(f"{count:>6} services, {name:<20} ({path.stat().st_size / 1e6:.1f} MB): json.loads "
                      f"{med['floor']:.0f} ms, read_feed {med['read']:.0f} ms, analyse {med['analyse']:.0f} ms, "
                      f"read+analyse / floor {(med['read'] + med['analyse']) / med['floor']:.1f}x, "
                      f"whole fhcheck feed {med['cli']:.0f} ms (medians of {args.runs})")


if __name__ == "__main__":
    main()
