"""Fixtures every test folder may use. Plain functions the test modules import (the
in-process ``cli`` runner, say) are in tests/helpers.py, which pyproject's pytest
``pythonpath`` puts on the import path."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

# helpers.py asserts on the tests' behalf: have pytest explain its failed asserts, too
pytest.register_assert_rewrite("helpers")


@pytest.fixture
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour in fhcheck's output, whatever the environment asks for, so text compares exactly."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail the test, rather than hang the run, if anything blocks (a FIFO opened, say)."""
    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM")

    def expire(*_: object) -> None:
        raise TimeoutError("blocked for 10 seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
