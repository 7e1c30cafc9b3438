"""Plain functions the test modules share, imported as ``from helpers import ...``
(pyproject's pytest ``pythonpath`` puts tests/ on the import path). Fixtures are in
tests/conftest.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from fhcheck.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``fhcheck ARGS...`` in-process: the exit status, standard output and standard error."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err


def golden_script(file_name: str, module_name: str) -> ModuleType:
    """tests/golden/FILE_NAME loaded as a module: the script that writes the golden files also
    says what the tests render and compare (it is a script, not a package, so it is loaded by path)."""
    spec = importlib.util.spec_from_file_location(module_name, GOLDEN / file_name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
