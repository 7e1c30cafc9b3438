"""Plain functions the test modules share, imported as ``from helpers import ...``
(pyproject's pytest ``pythonpath`` puts tests/ on the import path). Fixtures are in
tests/conftest.py."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest
import yaml

from fhcheck.catalogue import CriteriaStore, default_store
from fhcheck.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"


def installed_script(name: str) -> str | None:
    """The console script ``name`` installed beside the running interpreter (a virtual
    environment's bin/ or Scripts/), whether or not that folder is on PATH; else PATH's."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    return shutil.which(name)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``fhcheck ARGS...`` in-process: the exit status, standard output and standard error."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err


def many_entries(header: str, entries: int) -> str:
    """An evidence file (``header`` ends with ``items:``) whose items together cite ``entries``
    documents by URL: 6,500 of them hold more than the default 50,000 values."""
    ids = [item.id for item in default_store().get("2025").iter_items()]
    lines = [header.rstrip("\n")]
    for index, item_id in enumerate(ids):
        lines += [f"  {item_id}:", "    status: met", "    evidence:"]
        for number in range(entries * (index + 1) // len(ids) - entries * index // len(ids)):
            lines += [
                f"      - title: Evidence {number} for {item_id}",
                f"        url: https://example.gov.uk/{item_id}/{number}",
                "        kind: publication",
                "        date: 2025-06-01",
            ]
    return "\n".join(lines) + "\n"


def golden_script(file_name: str, module_name: str) -> ModuleType:
    """tests/golden/FILE_NAME loaded as a module: the script that writes the golden files also
    says what the tests render and compare (it is a script, not a package, so it is loaded by path)."""
    spec = importlib.util.spec_from_file_location(module_name, GOLDEN / file_name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- criteria/<version>.yaml ---------------------------------------------------------------

#: the framework versions shipped, oldest first, as the catalogue finds them: a test that
#: names "the known versions" or "the latest" reads them here, so adding a version is one file
VERSIONS: tuple[str, ...] = tuple(default_store().versions())
KNOWN_VERSIONS = ", ".join(VERSIONS)
LATEST = VERSIONS[-1]


def versions_with(item_id: str) -> str:
    """The versions that have ``item_id``, as messages list them ("2025, 2026")."""
    return ", ".join(default_store().versions_with(item_id))

CRITERIA = Path(__file__).resolve().parents[1] / "criteria"
ITEM_ID = re.compile(r"^[1-5]\.[1-6]\.[BDG][1-9][0-9]*$")


def subcriteria(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The sub-criteria of a parsed criteria file, in file order."""
    return [sub for key in data["key_criteria"] for sub in key["subcriteria"]]


def criteria_items(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(sub-criterion id, item) for every item of a parsed criteria file, in file order."""
    return [(sub["id"], item) for sub in subcriteria(data) for item in sub["items"]]


class CriteriaFileRules:
    """The checks every criteria/<version>.yaml must pass, against the counts taken by hand
    from that version's framework document.

    A ``Test...`` subclass in the version's test module sets EXPECTED_COUNTS (sub-criterion ->
    letter -> number of items) and EXPECTED_TOTAL; the module provides ``data``, the parsed file.
    """

    EXPECTED_COUNTS: ClassVar[dict[str, dict[str, int]]]
    EXPECTED_TOTAL: ClassVar[int]

    def test_hand_counted_table_is_consistent(self) -> None:
        assert sum(sum(c.values()) for c in self.EXPECTED_COUNTS.values()) == self.EXPECTED_TOTAL

    def test_counts_per_subcriterion_and_letter(self, data: dict[str, Any]) -> None:
        counts: dict[str, dict[str, int]] = {sub["id"]: {"B": 0, "D": 0, "G": 0} for sub in subcriteria(data)}
        for sub_id, item in criteria_items(data):
            counts[sub_id][item["id"].rsplit(".", 1)[1][0]] += 1
        assert counts == self.EXPECTED_COUNTS
        assert len(criteria_items(data)) == self.EXPECTED_TOTAL

    def test_ids_unique_and_well_formed(self, data: dict[str, Any]) -> None:
        ids = [item["id"] for _, item in criteria_items(data)]
        assert all(isinstance(i, str) for i in ids)
        assert [i for i in ids if not ITEM_ID.match(i)] == []
        assert len(ids) == len(set(ids))

    def test_item_id_prefix_is_its_subcriterion(self, data: dict[str, Any]) -> None:
        wrong = [item["id"] for sub_id, item in criteria_items(data) if item["id"].rsplit(".", 1)[0] != sub_id]
        assert wrong == []

    def test_letters_in_framework_order_within_subcriterion(self, data: dict[str, Any]) -> None:
        # The framework lists Level 1, then Level 2 minimum, then go further, in every sub-criterion.
        for sub in subcriteria(data):
            letters = [item["id"].rsplit(".", 1)[1][0] for item in sub["items"]]
            assert letters == sorted(letters, key="BDG".index), sub["id"]

    def test_requires_kinds_are_in_the_vocabulary(self, data: dict[str, Any]) -> None:
        kinds = set(yaml.safe_load((CRITERIA / "evidence-kinds.yaml").read_text(encoding="utf-8"))["kinds"])
        unknown = {item["id"]: k for _, item in criteria_items(data) for k in item["requires_kinds"] if k not in kinds}
        assert unknown == {}


def fictional_store() -> CriteriaStore:
    """The fictional versions 2030 and 2031 of tests/fixtures/migrate, with one change of every kind."""
    import tempfile

    fixtures = Path(__file__).resolve().parent / "fixtures" / "migrate" / "criteria"
    folder = Path(tempfile.mkdtemp(prefix="fhcheck-criteria-"))
    for name in ("2030.yaml", "2031.yaml"):
        shutil.copy(fixtures / name, folder / name)
    shutil.copy(default_store().directory / "evidence-kinds.yaml", folder / "evidence-kinds.yaml")
    return CriteriaStore(folder)
