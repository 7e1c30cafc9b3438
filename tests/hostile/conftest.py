"""Helpers for the hostile-input tests: run fhcheck in-process. The ``alarm`` fixture that
keeps them from hanging is shared with the unit tests, in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from fhcheck.cli import main


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
def fhcheck(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``fhcheck ARGS...`` through ``fhcheck.cli.main``, as a user's shell would run it."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        with pytest.raises(SystemExit) as done:
            main(list(args))
        captured = capsys.readouterr()
        code = done.value.code
        return Run(code if isinstance(code, int) else 0, captured.out, captured.err)

    return run
