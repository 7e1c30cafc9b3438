"""``fhcheck init``: a new evidence file listing every item, valid as written, never clobbering."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fhcheck.catalogue import default_store
from fhcheck.scaffold import scaffold
from helpers import installed_script

STORE = default_store()
VERSIONS = STORE.versions()


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "fhcheck", *args], capture_output=True, text=True, timeout=120, check=False, cwd=cwd
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def init(workdir: Path, *extra: str, name: str = "Exampleshire County Council") -> tuple[int, str, str]:
    return run("init", "--local-authority", name, "--assessed-on", "2025-10-01", *extra, cwd=workdir)


@pytest.mark.parametrize("version", VERSIONS)
def test_output_validates_as_it_is_and_every_item_is_missing(workdir: Path, version: str) -> None:
    status, out, err = init(workdir, "--framework", version, "--output", "evidence.yaml")
    assert status == 0, err
    assert out == ""
    assert err.startswith(f"wrote evidence.yaml: {len(STORE.get(version).items)} items of framework {version} to fill in.\n")
    assert run("validate", "evidence.yaml", cwd=workdir) == (
        0,
        "evidence.yaml: valid (framework " + version + ", Exampleshire County Council)\n1 valid, 0 invalid\n",
        "",
    )
    status, out, _ = run("assess", "evidence.yaml", "--format", "json", cwd=workdir)
    assert status == 1
    import json

    (result,) = json.loads(out)["results"]
    assert {item["verdict"] for item in result["items"]} == {"missing"}
    assert [item["id"] for item in result["items"]] == list(STORE.get(version).items)


def test_stdout_is_the_file_and_nothing_else(workdir: Path) -> None:
    status, out, err = init(workdir, "--framework", "2025")
    assert (status, err) == (0, "")
    assert out == scaffold(STORE.get("2025"), "Exampleshire County Council", dt.date(2025, 10, 1))


def test_lists_every_item_with_its_criterion_text_beside_it() -> None:
    catalogue = STORE.get("2025")
    text = scaffold(catalogue, "Exampleshire County Council", dt.date(2025, 10, 1))
    stubs = re.findall(r"^  # (\d\.\d+\.[BDG]\d+):  # ", text, re.M)
    assert stubs == list(catalogue.items)
    for item in catalogue.iter_items():
        block = text[text.index(f"  # {item.id}:  # ") :].split("\n\n", 1)[0]
        comment = " ".join(line.split("# ", 2)[-1] for line in block.splitlines() if not re.match(r"^  #   \w", line))
        assert " ".join(item.text.split()) in comment, item.id
        assert ("| not_applicable" in block) == bool(item.conditional)
    for key in catalogue.spec.key_criteria:
        assert f"# Key criterion {key.id} (" in text
    for sub in catalogue.subcriteria.values():
        assert f"  # --- {sub.id} {sub.title} ---\n" in text


def test_no_status_is_invented() -> None:
    text = scaffold(STORE.get("2025"), "X", dt.date(2025, 10, 1))
    data = yaml.safe_load(text)
    assert data == {"fhcheck": 1, "framework": "2025", "local_authority": "X", "assessed_on": dt.date(2025, 10, 1), "items": {}}
    assert not re.search(r"^\s*status:", text, re.M)


def test_first_line_names_the_schema_for_editors(workdir: Path) -> None:
    text = scaffold(STORE.get("2022"), "X", dt.date(2025, 10, 1))
    assert text.splitlines()[0] == "# yaml-language-server: $schema=evidence-2022.schema.json"
    assert "#   fhcheck schema --framework 2022 --output evidence-2022.schema.json\n" in text
    url = "https://example.org/schemas/evidence-2025.json"
    status, out, _ = init(workdir, "--framework", "2025", "--schema", url)
    assert status == 0 and out.splitlines()[0] == f"# yaml-language-server: $schema={url}"


def test_the_named_schema_accepts_the_file(workdir: Path) -> None:
    assert init(workdir, "--framework", "2025", "-o", "evidence.yaml")[0] == 0
    assert run("schema", "--framework", "2025", "-o", "evidence-2025.schema.json", cwd=workdir)[0] == 0
    tool = installed_script("check-jsonschema")
    command = [tool] if tool else [sys.executable, "-m", "check_jsonschema"]
    done = subprocess.run(
        [*command, "--schemafile", "evidence-2025.schema.json", "evidence.yaml"],
        cwd=workdir, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def uncomment(text: str, item_id: str) -> str:
    """What an editor's toggle-comment does to one stub: strip '# ' after the indentation."""
    block = text[text.index(f"  # {item_id}:  # ") :].split("\n\n", 1)[0]
    opened = "\n".join(re.sub(r"^  # ", "  ", line, count=1) for line in block.splitlines())
    return text.replace(block, opened)


def test_an_uncommented_stub_filled_in_is_a_valid_item(workdir: Path) -> None:
    text = scaffold(STORE.get("2025"), "Exampleshire County Council", dt.date(2025, 10, 1))
    text = uncomment(text, "1.1.B1").replace("\nitems: {}", "\nitems:", 1)
    text = text.replace("    status:  # met | partially_met | not_met\n", "    status: met  # met | partially_met | not_met\n", 1)
    text = text.replace("      - title:\n", "      - title: Start for Life offer\n", 1)
    text = text.replace("        url:  # https://", "        url: https://example.gov.uk/offer  # https://", 1)
    text = text.replace("        kind:  # publication", "        kind: publication  # publication", 1)
    text = text.replace("        date:  # YYYY-MM-DD", "        date: 2025-06-01  # YYYY-MM-DD", 1)
    (workdir / "evidence.yaml").write_text(text, encoding="utf-8")
    assert run("validate", "evidence.yaml", cwd=workdir)[0] == 0
    import json

    status, out, _ = run("assess", "evidence.yaml", "--format", "json", cwd=workdir)
    verdicts = {item["id"]: item["verdict"] for item in json.loads(out)["results"][0]["items"]}
    assert verdicts["1.1.B1"] == "met" and verdicts["1.1.B2"] == "missing"


def test_an_uncommented_stub_left_empty_is_reported_at_its_line(workdir: Path) -> None:
    text = uncomment(scaffold(STORE.get("2025"), "X", dt.date(2025, 10, 1)), "1.3.D3").replace("\nitems: {}", "\nitems:", 1)
    (workdir / "evidence.yaml").write_text(text, encoding="utf-8")
    status, _, err = run("validate", "evidence.yaml", cwd=workdir)
    assert status == 2
    line = text.splitlines().index("    status:  # met | partially_met | not_met | not_applicable") + 1
    assert f"evidence.yaml:{line}:" in err


def test_refuses_to_overwrite_without_force(workdir: Path) -> None:
    target = workdir / "evidence.yaml"
    target.write_text("mine\n", encoding="utf-8")
    status, out, err = init(workdir, "--output", "evidence.yaml")
    assert (status, out) == (2, "")
    assert err == "fhcheck: evidence.yaml: already exists; expected a new file (use --force to replace it)\n"
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert init(workdir, "--output", "evidence.yaml", "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_names_with_quotes_colons_and_hashes_survive(workdir: Path) -> None:
    name = 'St Mary\'s "Borough": Council #1 – Tŷ'
    status, out, _ = init(workdir, name=name)
    assert status == 0
    assert yaml.safe_load(out)["local_authority"] == name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--local-authority", "  "], "fhcheck: found local authority name '  '; expected a name on one line"),
        (["--local-authority", "A\nB"], "fhcheck: found local authority name 'A\\nB'; expected a name on one line"),
        (["--local-authority", "A\ufffeB"], "fhcheck: found local authority name 'A\\ufffeB'; expected a name on one line"),
        (["--local-authority", "A\u202eB"], "fhcheck: found local authority name 'A\\u202eB'; expected a name on one line"),
        (["--local-authority", "X", "--assessed-on", "1/10/2025"], "fhcheck: found --assessed-on '1/10/2025'; expected a date written YYYY-MM-DD"),
        (["--local-authority", "X", "--framework", "1999"], "fhcheck: unknown framework version '1999'; expected one of"),
        (["--local-authority", "X", "--output", "no/such/folder/e.yaml"], "fhcheck: no/such/folder/e.yaml: folder no/such/folder does not exist"),
    ],
)
def test_bad_usage_is_one_message_and_exit_2(workdir: Path, args: list[str], message: str) -> None:
    status, out, err = run("init", *args, cwd=workdir)
    assert (status, out) == (2, "")
    assert err.startswith(message)


def test_local_authority_is_required(workdir: Path) -> None:
    status, _, err = run("init", cwd=workdir)
    assert status == 2 and "--local-authority" in err


def test_defaults_to_today_and_the_latest_framework(workdir: Path) -> None:
    status, out, _ = run("init", "-l", "X", cwd=workdir)
    data = yaml.safe_load(out)
    assert status == 0
    assert data["framework"] == VERSIONS[-1]
    assert abs((data["assessed_on"] - dt.date.today()).days) <= 1
