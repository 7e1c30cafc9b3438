"""Fixtures every test folder may use. Plain functions the test modules import (the
in-process ``cli`` runner, say) are in tests/helpers.py, which pyproject's pytest
``pythonpath`` puts on the import path."""

from __future__ import annotations

import pytest

# helpers.py asserts on the tests' behalf: have pytest explain its failed asserts, too
pytest.register_assert_rewrite("helpers")


@pytest.fixture
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour in fhcheck's output, whatever the environment asks for, so text compares exactly."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
