"""fhcheck imports only the standard library and what pyproject.toml declares it depends on.

typer 0.29 no longer installs click: an ``import click`` passed every test (the test extras
bring click in) and crashed a plain ``pip install .``. This reads every module's imports.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the import name of each distribution whose name differs from it
IMPORT_NAME = {"pyyaml": "yaml", "ruamel.yaml": "ruamel", "python-docx": "docx", "xlsxwriter": "xlsxwriter"}
#: installed by a declared dependency as part of it (pydantic 2 is pydantic_core's Python face)
PART_OF = {"pydantic_core"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0].strip().lower() for spec in project["dependencies"]}
    return {IMPORT_NAME.get(name, name.replace("-", "_")) for name in names}


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_import_is_the_standard_library_or_a_declared_dependency() -> None:
    allowed = set(sys.stdlib_module_names) | _declared() | PART_OF | {"fhcheck"}
    undeclared = {
        str(path.relative_to(ROOT)): sorted(_imported(path) - allowed)
        for path in sorted((ROOT / "src" / "fhcheck").rglob("*.py"))
        if _imported(path) - allowed
    }
    assert undeclared == {}
