"""The evidence JSON Schema (``fhcheck schema``): generated from the models, the catalogue and
the kinds vocabulary, and in agreement with ``fhcheck validate``.

Agreement is checked with the real peer tool, check-jsonschema, run as a process on a
corpus of valid and invalid files (both accept, both reject), and in-process with
jsonschema on generated files: whatever fhcheck accepts, the schema accepts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.evidence import CarriedFrom, Change, EvidenceEntry, EvidenceFile, ItemEntry, Status
from fhcheck.results import InvalidFile
from fhcheck.scaffold import scaffold
from fhcheck.schema import evidence_schema
from helpers import installed_script

ROOT = Path(__file__).resolve().parents[2]
STORE = default_store()
VERSIONS = STORE.versions()


def schema_for(version: str) -> dict[str, Any]:
    return evidence_schema(STORE.get(version), STORE.kinds)


# --- the schema itself -------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_is_a_valid_draft_07_schema(version: str) -> None:
    schema = schema_for(version)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_identifier_of_the_version_and_no_other(version: str) -> None:
    catalogue = STORE.get(version)
    items = schema_for(version)["properties"]["items"]
    assert list(items["properties"]) == list(catalogue.items)
    assert items["additionalProperties"] is False
    for item in catalogue.iter_items():
        described = items["properties"][item.id]
        assert described["allOf"] == [{"$ref": "#/definitions/ItemEntry"}]
        assert described["description"].startswith(f"{item.id} ({item.level} model, ")
        assert item.text in described["description"]


def test_statuses_changes_and_kinds_are_enums() -> None:
    definitions = schema_for(VERSIONS[-1])["definitions"]
    assert definitions["ItemEntry"]["properties"]["status"]["enum"] == list(get_args(Status))
    assert definitions["CarriedFrom"]["properties"]["change"]["enum"] == list(get_args(Change))
    assert definitions["EvidenceEntry"]["properties"]["kind"]["enum"] == [*STORE.kinds, None]


@pytest.mark.parametrize(
    ("definition", "model"),
    [(None, EvidenceFile), ("ItemEntry", ItemEntry), ("EvidenceEntry", EvidenceEntry), ("CarriedFrom", CarriedFrom)],
)
def test_keys_and_required_keys_mirror_the_evidence_models(definition: str | None, model: Any) -> None:
    schema = schema_for(VERSIONS[-1])
    node = schema if definition is None else schema["definitions"][definition]
    assert list(node["properties"]) == list(model.model_fields)
    assert sorted(node.get("required", [])) == sorted(n for n, f in model.model_fields.items() if f.is_required())
    assert node["additionalProperties"] is False


def test_carried_from_and_retired_are_described() -> None:
    schema = schema_for(VERSIONS[-1])
    carried = schema["definitions"]["ItemEntry"]["properties"]["carried_from"]
    assert {"$ref": "#/definitions/CarriedFrom"} in carried["anyOf"] and {"type": "null"} in carried["anyOf"]
    assert schema["properties"]["retired"]["anyOf"][1] == {"type": "null"}


def test_framework_and_format_version_are_pinned() -> None:
    schema = schema_for("2025")
    assert schema["properties"]["framework"]["enum"] == ["2025", 2025]
    assert schema["properties"]["fhcheck"]["enum"] == [1]
    assert schema["required"] == ["fhcheck", "framework", "local_authority", "assessed_on"]


# --- agreement with check-jsonschema, the real tool -----------------------------------------

PDF = b"%PDF-1.4\n"
BASE = 'fhcheck: 1\nframework: "{v}"\nlocal_authority: Testshire\nassessed_on: 2025-10-01\n'
ITEM = "items:\n  1.1.B1:\n"

VALID: dict[str, str] = {
    "no-items": BASE,
    "empty-items": BASE + "items: {}\n",
    "nulls": BASE
    + ITEM
    + "    status: met\n    note:\n    plan:\n    due:\n    carried_from:\n    evidence:\n"
    "      - title: t\n        url: https://example.gov.uk\n        kind:\n        date:\n        sha256:\n",
    "everything": BASE
    + "retired:\n  9.9.B9: {status: met}\n"
    + ITEM
    + "    status: met\n    note: n\n    owner: o\n    evidence:\n"
    "      - title: Offer\n        url: HTTPS://example.gov.uk/offer?x=1\n        path: a.pdf\n        kind: publication\n"
    '        date: "2025-06-01"\n        owner: Head\n        sha256: ' + hashlib.sha256(PDF).hexdigest().upper() + "\n"
    "    carried_from:\n      framework: \"2022\"\n      items: [1.1.B1]\n      change: reworded\n      reviewed: true\n",
    "plan": BASE + ITEM + "    status: not_met\n    plan: Budget round\n    due: 2026-03-31\n",
    "exemption": BASE
    + "items:\n  1.3.D3:\n    status: not_applicable\n    justification: Compact borough.\n"
    "    approved_by: Board\n    review_by: 2026-07-31\n",
    "framework-unquoted": BASE.replace('"{v}"', "{v}") + "items: {}\n",
}

INVALID: dict[str, str] = {
    "unknown-identifier": BASE + "items:\n  9.9.B9:\n    status: met\n",
    "identifier-of-2022-only": BASE + "items:\n  3.1.G1:\n    status: met\n",
    "bad-status": BASE + ITEM + "    status: done\n",
    "status-capitalised": BASE + ITEM + "    status: Met\n",
    "status-missing": BASE + ITEM + "    note: forgot the status\n",
    "unknown-item-key": BASE + ITEM + "    status: met\n    colour: red\n",
    "unknown-top-key": BASE + "owner: someone\n",
    "unknown-evidence-key": BASE + ITEM + "    status: met\n    evidence:\n      - title: t\n        url: https://a.uk\n        link: x\n",
    "bad-kind": BASE + ITEM + "    status: met\n    evidence:\n      - title: t\n        url: https://a.uk\n        kind: leaflet\n",
    "no-url-or-path": BASE + ITEM + "    status: met\n    evidence:\n      - title: t\n        kind: publication\n",
    "null-url-no-path": BASE + ITEM + "    status: met\n    evidence:\n      - title: t\n        url:\n",
    "not-a-web-address": BASE + ITEM + "    status: met\n    evidence:\n      - title: t\n        url: ftp://a.uk/x\n",
    "bad-digest": BASE + ITEM + "    status: met\n    evidence:\n      - title: t\n        path: a.pdf\n        sha256: abc\n",
    "digest-without-path": BASE + ITEM + "    status: met\n    evidence:\n      - title: t\n        url: https://a.uk\n        sha256: " + "ab" * 32 + "\n",
    "not-a-calendar-date": BASE.replace("2025-10-01", "2025-02-30"),
    "date-with-time": BASE.replace("2025-10-01", "2025-10-01T10:00:00"),
    "date-as-words": BASE + ITEM + "    status: not_met\n    due: next March\n",
    "format-version-2": BASE.replace("fhcheck: 1", "fhcheck: 2"),
    "format-version-true": BASE.replace("fhcheck: 1", "fhcheck: true"),
    "empty-authority": BASE.replace("Testshire", '""'),
    "authority-missing": BASE.replace("local_authority: Testshire\n", ""),
    "items-null": BASE + "items:\n",
    "evidence-null": BASE + ITEM + "    status: met\n    evidence:\n",
    "empty-title": BASE + ITEM + '    status: met\n    evidence:\n      - title: ""\n        url: https://a.uk\n',
    "bad-change": BASE + ITEM + "    status: met\n    carried_from:\n      framework: \"2022\"\n      items: [1.1.B1]\n      change: moved\n",
    "carried-no-items": BASE + ITEM + "    status: met\n    carried_from:\n      framework: \"2022\"\n      items: []\n      change: merged\n",
    "reviewed-not-boolean": BASE
    + ITEM
    + "    status: met\n    carried_from:\n      framework: \"2022\"\n      items: [1.1.B1]\n      change: merged\n      reviewed: \"yes\"\n",
}


def fhcheck_accepts(path: Path) -> bool:
    """What ``fhcheck validate`` decides for one file."""
    return not isinstance(assess_file(path, path.name, STORE, AssessOptions(validate_only=True)), InvalidFile)


def check_jsonschema_rejects(schema: Path, files: list[Path]) -> set[str]:
    """Run the real check-jsonschema once on ``files``; the (resolved) files it rejects."""
    tool = installed_script("check-jsonschema")
    command = [tool] if tool else [sys.executable, "-m", "check_jsonschema"]
    done = subprocess.run(
        [*command, "--output-format", "json", "--schemafile", str(schema), *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    outcome = json.loads(done.stdout)
    return {str(Path(error["filename"]).resolve()) for error in outcome["errors"]} | {
        str(Path(error["filename"]).resolve()) for error in outcome.get("parse_errors", [])
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Path], list[Path]]]:
    """Per version: the schema file written by 'fhcheck schema', valid files and invalid files."""
    from fhcheck.cli import main

    base = tmp_path_factory.mktemp("corpus")
    (base / ".git").mkdir()
    (base / "a.pdf").write_bytes(b"%PDF-1.4\n")
    out: dict[str, tuple[Path, list[Path], list[Path]]] = {}
    for version in VERSIONS:
        folder = base / version
        folder.mkdir()
        schema = folder / f"evidence-{version}.schema.json"
        with pytest.raises(SystemExit) as done:
            main(["schema", "--framework", version, "--output", str(schema)])
        assert done.value.code == 0
        (folder / "a.pdf").write_bytes(PDF)
        valid = []
        for name, text in VALID.items():
            if version != "2025" and "1.3.D3" in text:
                continue
            valid.append(folder / f"{name}.yaml")
            valid[-1].write_text(text.replace("{v}", version), encoding="utf-8")
        init = folder / "init.yaml"
        init.write_text(scaffold(STORE.get(version), "Testshire", dt.date(2025, 10, 1)), encoding="utf-8")
        valid.append(init)
        shipped = [ROOT / "tests" / "fixtures" / "ci" / "repo" / "passing.yaml", ROOT / "tests" / "fixtures" / "ci" / "repo" / "failing.yaml"]
        shipped += sorted((ROOT / "examples").glob("*.yaml")) if (ROOT / "examples").is_dir() else []
        valid += [
            p
            for p in shipped
            if yaml.safe_load(p.read_text(encoding="utf-8")).get("framework") == version and fhcheck_accepts(p)
        ]
        invalid = []
        for name, text in INVALID.items():
            if version != "2025" and name == "identifier-of-2022-only":
                continue
            invalid.append(folder / f"{name}.yaml")
            invalid[-1].write_text(text.replace("{v}", version), encoding="utf-8")
        out[version] = (schema, valid, invalid)
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_check_jsonschema_accepts_what_fhcheck_validate_accepts(version: str, corpus: Any) -> None:
    schema, valid, _ = corpus[version]
    assert [path.name for path in valid if not fhcheck_accepts(path)] == []
    assert check_jsonschema_rejects(schema, valid) == set()


@pytest.mark.parametrize("version", VERSIONS)
def test_both_reject_unknown_identifiers_bad_statuses_and_other_mistakes(version: str, corpus: Any) -> None:
    schema, _, invalid = corpus[version]
    assert [path.name for path in invalid if fhcheck_accepts(path)] == []
    assert check_jsonschema_rejects(schema, invalid) == {str(path.resolve()) for path in invalid}


# --- in-process agreement on generated files ------------------------------------------------


def yaml12(text: str) -> Any:
    """Load as check-jsonschema and editors do: YAML 1.2, timestamps kept as strings."""
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=True)
    loader.constructor.yaml_constructors["tag:yaml.org,2002:timestamp"] = loader.constructor.yaml_constructors[
        "tag:yaml.org,2002:str"
    ]
    return loader.load(io.StringIO(text))


values = st.sampled_from(
    ["met", "not_met", "partially_met", "not_applicable", "done", "", "x", "https://a.uk", "ftp://a", "a.pdf",
     "publication", "leaflet", "2025-06-01", "2025-02-30", 1, 0, 2.5, True, None, [], {}, ["x"], {"a": 1},
     dt.date(2025, 6, 1), "ab" * 32, "reworded", "moved", "2022", "yes"]
)
entry_keys = st.sampled_from([*EvidenceEntry.model_fields, "link"])
item_keys = st.sampled_from([*ItemEntry.model_fields, "colour"])
entries = st.dictionaries(entry_keys, values, max_size=5)
carried = st.dictionaries(st.sampled_from([*CarriedFrom.model_fields, "x"]), st.one_of(values, st.just(["1.1.B1"])), max_size=4)


@st.composite
def item_entries(draw: st.DrawFn) -> dict[str, Any]:
    entry = draw(st.dictionaries(item_keys, values, max_size=4))
    entry.setdefault("status", draw(st.sampled_from(["met", "not_met", "not_applicable", "bogus"])))
    if draw(st.booleans()):
        entry["evidence"] = draw(st.lists(entries, max_size=2))
    if draw(st.booleans()):
        entry["carried_from"] = draw(carried)
    return entry


documents = st.fixed_dictionaries(
    {
        "fhcheck": st.sampled_from([1, 1, 1, 2]),
        "framework": st.sampled_from(["2025", "2025", 2025, "2022"]),
        "local_authority": st.sampled_from(["Testshire", "", 5]),
        "assessed_on": st.sampled_from([dt.date(2025, 10, 1), "2025-10-01", "soon"]),
        "items": st.dictionaries(st.sampled_from(["1.1.B1", "1.3.D3", "2.2.D8", "9.9.B9"]), item_entries(), max_size=3),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents)
def test_whatever_fhcheck_accepts_the_schema_accepts(tmp_path: Path, document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, sort_keys=False)
    path = tmp_path / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "a.pdf").write_bytes(b"x")
    version = str(document["framework"])
    validator = jsonschema.Draft7Validator(schema_for(version), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    schema_ok = validator.is_valid(yaml12(text))
    if fhcheck_accepts(path):
        assert schema_ok, (text, [e.message for e in validator.iter_errors(yaml12(text))])
    bad_ids = any(key == "9.9.B9" for key in document["items"])
    bad_status = any(entry.get("status") not in get_args(Status) for entry in document["items"].values())
    if bad_ids or bad_status:
        assert not schema_ok


# --- the command ---------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "fhcheck", *args], capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


def test_schema_command_prints_the_generated_schema() -> None:
    from fhcheck import __version__

    status, out, err = run("schema", "--framework", "2025")
    assert (status, err) == (0, "")
    assert json.loads(out) == evidence_schema(STORE.get("2025"), STORE.kinds, __version__)


def test_schema_command_defaults_to_the_latest_version() -> None:
    status, out, _ = run("schema")
    assert status == 0 and json.loads(out)["properties"]["framework"]["enum"][0] == VERSIONS[-1]


def test_schema_command_writes_a_file_and_never_replaces_one_without_force(tmp_path: Path) -> None:
    target = tmp_path / "evidence.schema.json"
    assert run("schema", "-f", "2022", "-o", str(target))[0] == 0
    first = target.read_text(encoding="utf-8")
    assert json.loads(first)["properties"]["framework"]["enum"] == ["2022", 2022]
    status, out, err = run("schema", "-f", "2025", "-o", str(target))
    assert (status, out) == (2, "")
    assert err == f"fhcheck: {target}: already exists; expected a new file (use --force to replace it)\n"
    assert target.read_text(encoding="utf-8") == first
    assert run("schema", "-f", "2025", "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["properties"]["framework"]["enum"] == ["2025", 2025]


def test_schema_command_rejects_an_unknown_version() -> None:
    status, out, err = run("schema", "--framework", "1999")
    assert (status, out) == (2, "")
    assert err.startswith("fhcheck: unknown framework version '1999'; expected one of ")
