"""Every rule of the engine, case by case, from the YAML files in ``cases/`` (sqlfluff style).

Each case file holds a list of cases. A case names one real criteria item, an assessment
date and the item's entry exactly as it would appear in an evidence file; the runner
writes a one-item evidence file (plus any ``files:`` next to it), runs it through the whole
pipeline (load -> validate -> documents -> evaluate) and compares the item's verdict,
reasons and warnings exactly. Keys of a case:

- ``name``, ``item``, ``assessed_on``, ``entry`` (required);
- ``framework`` (default ``"2025"``), ``warn_days`` (default 60);
- ``files``: path (relative to the evidence file) -> text, created before the run;
- ``symlinks``: path -> target, created before the run;
- ``git``: true to make the case folder a git work tree (``.git``), with the evidence
  file in ``folder`` (default ``.``) inside it;
- ``verdict`` and either ``reasons`` (the exact list) or ``reasons_contain`` (fragments,
  each in some reason); ``warnings`` (exact list, default none);
- or ``invalid``: fragments expected in the file's problems (the file is not assessed).

The evidence file is written with the entry dumped under ``items:``, so the line of a
value is stable: ``status`` is on line 7 and the first evidence entry starts on line 9.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from fhcheck.assessment import AssessOptions, assess_file
from fhcheck.catalogue import default_store
from fhcheck.evaluate import Settings
from fhcheck.results import FileResult, InvalidFile

CASES = Path(__file__).parent / "cases"
REQUIRED = {"name", "item", "assessed_on", "entry"}
OPTIONAL = {
    "framework", "warn_days", "files", "symlinks", "git", "folder",
    "verdict", "reasons", "reasons_contain", "warnings", "invalid", "note",
}


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(cases, list), f"{path.name}: expected a list of cases"
        names = [case["name"] for case in cases]
        assert len(names) == len(set(names)), f"{path.name}: case names repeat"
        for case in cases:
            params.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return params


def evidence_text(case: dict[str, Any]) -> str:
    """The one-item evidence file of a case; the entry starts on line 7."""
    entry = yaml.safe_dump(case["entry"], sort_keys=False, default_flow_style=False, allow_unicode=True, width=1000)
    body = "".join(f"    {line}\n" for line in entry.splitlines())
    return (
        "fhcheck: 1\n"
        f"framework: \"{case.get('framework', '2025')}\"\n"
        "local_authority: Rule Case Council\n"
        f"assessed_on: {case['assessed_on'].isoformat()}\n"
        "items:\n"
        f"  {case['item']}:\n"
        f"{body}"
    )


def run_case(case: dict[str, Any], root: Path) -> FileResult | InvalidFile:
    folder = root / case.get("folder", ".")
    folder.mkdir(parents=True, exist_ok=True)
    if case.get("git"):
        (root / ".git").mkdir()
    for name, text in (case.get("files") or {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for name, target in (case.get("symlinks") or {}).items():
        link = folder / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)
    evidence = folder / "ev.yaml"
    evidence.write_text(evidence_text(case), encoding="utf-8")
    options = AssessOptions(Settings(warn_days=case.get("warn_days", 60)))
    return assess_file(evidence, "ev.yaml", default_store(), options)


@pytest.mark.parametrize("case", _cases())
def test_rule_case(case: dict[str, Any], tmp_path: Path) -> None:
    unknown = set(case) - REQUIRED - OPTIONAL
    assert not unknown and REQUIRED <= set(case), f"case keys: unknown {unknown}, need {REQUIRED}"
    assert isinstance(case["assessed_on"], dt.date)
    outcome = run_case(case, tmp_path / "case")
    if "invalid" in case:
        assert isinstance(outcome, InvalidFile), "expected the file to be refused"
        messages = [str(problem) for problem in outcome.problems]
        for fragment in case["invalid"]:
            assert any(fragment in message for message in messages), (fragment, messages)
        return
    assert isinstance(outcome, FileResult), [str(p) for p in outcome.problems]
    (result,) = [item for item in outcome.items if item.id == case["item"]]
    assert result.verdict == case["verdict"], result.reasons
    if "reasons" in case:
        assert list(result.reasons) == case["reasons"]
    else:
        for fragment in case["reasons_contain"]:
            assert any(fragment in reason for reason in result.reasons), (fragment, result.reasons)
    assert list(result.warnings) == case.get("warnings", [])
    # Every other item of the framework is missing: the case isolates one item.
    others = {item.verdict for item in outcome.items if item.id != case["item"]}
    assert others == {"missing"}


def test_there_are_cases_for_every_verdict() -> None:
    """The case files exercise every verdict an item in a file can get (missing aside)."""
    verdicts = {param.values[0].get("verdict") for param in _cases()}
    assert verdicts >= {"met", "partially_met", "not_met", "unevidenced", "stale", "not_applicable", "needs_review"}
