"""The JSON Schemas shipped in schemas/ (for editors' yaml-language-server lines) match 'fhcheck schema'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fhcheck.catalogue import default_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("version", default_store().versions())
def test_shipped_schema_is_current(version: str) -> None:
    from fhcheck import __version__
    from fhcheck.schema import evidence_schema

    store = default_store()
    shipped = json.loads((ROOT / "schemas" / f"evidence-{version}.schema.json").read_text(encoding="utf-8"))
    assert shipped == evidence_schema(store.get(version), store.kinds, __version__), (
        f"regenerate with: fhcheck schema --framework {version} -o schemas/evidence-{version}.schema.json --force"
    )


def test_examples_point_at_a_shipped_schema() -> None:
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        lines = example.read_text(encoding="utf-8").splitlines()
        marks = [line for line in lines if line.startswith("# yaml-language-server: $schema=")]
        for mark in marks:
            target = (example.parent / mark.split("=", 1)[1]).resolve()
            assert target.is_file(), f"{example.name}: {mark}"
