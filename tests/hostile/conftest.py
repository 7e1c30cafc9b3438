"""Helpers for the hostile-input tests: run fhcheck in-process, and never hang doing it."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
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


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail the test, rather than hang the run, if anything blocks (a FIFO opened, say)."""
    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM")

    def expire(*_: object) -> None:
        raise TimeoutError("fhcheck blocked for 10 seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
