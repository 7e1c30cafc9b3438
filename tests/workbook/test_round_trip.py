"""The round trip YAML -> workbook -> YAML loses nothing, over generated evidence files."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhcheck.catalogue import default_store
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse
from fhcheck.workbook.convert import evidence_yaml
from fhcheck.workbook.reader import read_workbook
from fhcheck.workbook.template import workbook_bytes

STORE = default_store()
CATALOGUE = STORE.get("2025")
KINDS = sorted(STORE.kinds)
IDS = list(CATALOGUE.items)

# text as people type it, including what a spreadsheet might take for a formula or a number
text = st.text(alphabet="abcXYZ019 .,-'=+@#/:éß", min_size=1, max_size=24).filter(lambda s: s.strip() == s and s != "")
dates = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
entries = st.fixed_dictionaries(
    {"title": text},
    optional={
        "url": st.builds(lambda s: f"https://example.org/{s}", st.text(alphabet="abc123-", min_size=1, max_size=8)),
        "path": st.sampled_from(["docs/plan.pdf", "docs/survey 2024.xlsx"]),
        "kind": st.sampled_from(KINDS),
        "date": dates,
        "owner": text,
    },
).filter(lambda e: "url" in e or "path" in e)
items = st.fixed_dictionaries(
    {"status": st.sampled_from(["met", "partially_met", "not_met"])},
    optional={
        "evidence": st.lists(entries, min_size=1, max_size=3),
        "note": text,
        "approved_by": text,
        "review_by": dates,
        "plan": text,
        "due": dates,
        "owner": text,
    },
)
files = st.fixed_dictionaries(
    {
        "fhcheck": st.just(1),
        "framework": st.just("2025"),
        "local_authority": text,
        "assessed_on": dates,
        "items": st.dictionaries(st.sampled_from(IDS), items, max_size=6),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files)
def test_yaml_to_workbook_to_yaml_loses_nothing(data: dict[str, Any]) -> None:
    written = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    parse_evidence(parse(written, "generated.yaml"), STORE)  # the generated file is valid evidence
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "generated.xlsx"
        book.write_bytes(workbook_bytes(CATALOGUE, KINDS, data))
        doc = read_workbook(book, "generated.xlsx")
    parse_evidence(doc, STORE)
    back = evidence_yaml(doc.data, CATALOGUE, "generated.xlsx")
    again = parse(back, "back.yaml")
    parse_evidence(again, STORE)
    assert again.data == data
