#!/usr/bin/env python3
"""Time reading and analysing an Open Referral UK /services feed of N services.

Usage: ``python benchmarks/feed.py [N ...]`` (default 1000 5000). Prints the median of
five runs for parsing and for the conformance/completeness analysis.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fhcheck.oruk import analyse_feed  # noqa: E402
from fhcheck.references import read_feed  # noqa: E402


def feed(count: int) -> dict[str, object]:
    services = [
        {
            "id": f"00000000-0000-4000-8000-{index:012d}",
            "name": f"Family hub service {index}",
            "status": "active",
            "url": f"https://directory.example.gov.uk/services/{index}",
            "description": "A family hub service for families with children aged 0 to 19.",
            "contacts": [{"id": f"c{index}", "name": "Reception", "email": "hub@example.gov.uk"}] if index % 2 else [],
            "minimum_age": 0,
            "maximum_age": 19,
        }
        for index in range(count)
    ]
    return {
        "total_items": count, "size": count, "contents": services, "first_page": True,
        "last_page": True, "total_pages": 1, "page_number": 1, "empty": count == 0,
    }


def main() -> None:
    for count in [int(a) for a in sys.argv[1:]] or [1000, 5000]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "services.json"
            path.write_text(json.dumps(feed(count)), encoding="utf-8")
            parse, analyse = [], []
            for _ in range(5):
                start = time.perf_counter()
                data = read_feed(path, "services.json")
                middle = time.perf_counter()
                analyse_feed(data)
                parse.append(middle - start)
                analyse.append(time.perf_counter() - middle)
            size = path.stat().st_size / 1e6
            print(f"{count:>6} services ({size:.1f} MB): parse {statistics.median(parse)*1000:.0f} ms, "
                  f"analyse {statistics.median(analyse)*1000:.0f} ms (medians of 5)")


if __name__ == "__main__":
    main()
