"""Plain functions the test modules share, imported as ``from helpers import ...``
(pyproject's pytest ``pythonpath`` puts tests/ on the import path). Fixtures are in
tests/conftest.py."""

from __future__ import annotations

import pytest

from fhcheck.cli import main


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``fhcheck ARGS...`` in-process: the exit status, standard output and standard error."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err
