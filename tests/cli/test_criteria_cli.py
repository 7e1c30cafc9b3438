"""``fhcheck criteria`` through the installed entry point, including its error paths."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import KNOWN_VERSIONS, LATEST, installed_script

FHCHECK = installed_script("fhcheck")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [FHCHECK, *args] if FHCHECK else [sys.executable, "-m", "fhcheck", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env={**os.environ, "NO_COLOR": "1"})


def test_entry_point_is_installed() -> None:
    assert FHCHECK is not None, "pip install -e '.[test]' installs the fhcheck console script"


def test_list_shows_every_subcriterion_with_tier_counts() -> None:
    done = run("criteria", "list", "--framework", "2022")
    assert done.returncode == 0, done.stderr
    assert "124 items: 49 basic, 37 developed minimum, 38 go further" in done.stdout
    assert "│ 2.2 │ Governance and leadership" in done.stdout
    assert done.stdout.count("Key criterion") == 5


def test_list_defaults_to_the_latest_version() -> None:
    assert f"framework {LATEST}" in run("criteria", "list").stdout.splitlines()[0]


def test_show_item_gives_text_rule_data_and_versions() -> None:
    done = run("criteria", "show", "1.3.D3")
    assert done.returncode == 0
    assert "Conditional:    in larger and rural areas" in done.stdout
    assert "Tier:           minimum" in done.stdout
    assert "2022: present" in done.stdout and "2025: present" in done.stdout


def test_show_replaced_item_names_its_successor() -> None:
    done = run("criteria", "show", "3.1.G1", "--framework", "2022")
    assert done.returncode == 0
    assert "2025: replaced by 3.1.G3" in done.stdout


def test_show_unknown_identifier_is_one_message_and_exit_2() -> None:
    done = run("criteria", "show", "9.9.B9")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"fhcheck: unknown identifier '9.9.B9' in framework {LATEST}; expected an item such as 1.1.B1, a sub-criterion "
        "such as 1.1 or a key criterion 1-5 (see 'fhcheck criteria list')"
    ]


def test_show_identifier_of_another_version_says_where_it_exists() -> None:
    done = run("criteria", "show", "3.1.G1")
    assert done.returncode == 2
    assert "it exists in framework 2022" in done.stderr


def test_unknown_version_lists_known_versions() -> None:
    done = run("criteria", "list", "--framework", "2019")
    assert done.returncode == 2
    assert done.stderr.strip() == f"fhcheck: unknown framework version '2019'; expected one of {KNOWN_VERSIONS}"
    assert "Traceback" not in done.stderr


def test_export_json_follows_the_contract() -> None:
    done = run("criteria", "export", "--framework", "2025", "--format", "json")
    assert done.returncode == 0
    records = json.loads(done.stdout)
    assert len(records) == 124
    assert records[0]["id"] == "1.1.B1"
    required = {"id", "key_criterion", "subcriterion", "level", "tier", "text", "requires_kinds"}
    assert all(required <= set(record) for record in records)
    assert {r["level"] for r in records} == {"basic", "developed"}
    assert {r["tier"] for r in records} == {"minimum", "go_further"}
    by_id = {r["id"]: r for r in records}
    assert by_id["3.1.D1"]["key_criterion"] == "3" and by_id["3.1.D1"]["subcriterion"] == "3.1"
    assert "Open Referral UK" in by_id["3.1.D1"]["text"]


@pytest.mark.parametrize("fmt", ["yaml", "csv", "markdown"])
def test_export_other_formats(fmt: str) -> None:
    done = run("criteria", "export", "--framework", "2022", "--format", fmt)
    assert done.returncode == 0
    if fmt == "yaml":
        assert len(yaml.safe_load(done.stdout)) == 124
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert len(rows) == 124 and rows[0]["id"] == "1.1.B1"
    else:
        assert done.stdout.startswith("# Annex E: Family Hub Model Framework (2022)")
        assert "| 1.3.D3 | developed | minimum |" in done.stdout


def test_export_unknown_format() -> None:
    done = run("criteria", "export", "--format", "pdf")
    assert done.returncode == 2
    assert "unknown format 'pdf'; expected one of json, yaml, csv, markdown" in done.stderr


def test_export_to_file_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "criteria.json"
    target.write_text("keep me", encoding="utf-8")
    done = run("criteria", "export", "--output", str(target))
    assert done.returncode == 2
    assert "already exists" in done.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run("criteria", "export", "--output", str(target), "--force").returncode == 0
    assert json.loads(target.read_text(encoding="utf-8"))[0]["id"] == "1.1.B1"


def test_installed_wheel_carries_the_criteria(tmp_path: Path) -> None:
    """A non-editable build must contain criteria/ inside the package."""
    pytest.importorskip("hatchling")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(root)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    import zipfile

    (wheel,) = tmp_path.glob("fhcheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "fhcheck/criteria/2022.yaml" in names
    assert "fhcheck/criteria/2025.yaml" in names
    assert "fhcheck/criteria/evidence-kinds.yaml" in names
