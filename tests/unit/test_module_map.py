"""CONTRIBUTING's module map names every module of ``src/fhcheck``, so a newcomer can find it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "fhcheck"


def top_level_modules() -> set[str]:
    """``name.py`` for each module and ``name/`` for each package directly under ``src/fhcheck``."""
    found = {f"{path.name}" for path in PACKAGE.glob("*.py") if not path.name.startswith("__")}
    found |= {f"{path.name}/" for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    return found


def mapped() -> set[str]:
    """The names in backticks in the first column of the module map."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


def test_every_module_is_in_the_map() -> None:
    assert sorted(top_level_modules() - mapped()) == []


def test_the_map_names_no_module_that_is_gone() -> None:
    assert sorted(name for name in mapped() - top_level_modules() if name.endswith((".py", "/"))) == []
