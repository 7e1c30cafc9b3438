"""The program holds the garbage collector through start-up and freezes what start-up built.

What is measured (a fifth of a one-file run) is in ``benchmarks/README.md``; these tests pin
the behaviour: when the collector is off, when it is back on, and that in-process callers
of ``main()`` and worker processes always have it on. No timing.
"""

from __future__ import annotations

import gc
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from fhcheck.assessment import AssessOptions, _start_worker
from fhcheck.catalogue import default_store
from fhcheck.cli import collector, main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "exampleshire-2025.yaml"

_PROBE = """
import gc, json, sys
from fhcheck.cli import run
sys.argv = ["fhcheck", *sys.argv[1:]]
try:
    run()
except SystemExit as done:
    status = done.code
print(json.dumps({"status": status, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


@pytest.fixture
def collector_restored() -> Iterator[None]:
    yield
    collector.release()
    gc.unfreeze()
    gc.enable()


def _program(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_the_installed_command_is_the_program_entry() -> None:
    (script,) = entry_points(group="console_scripts", name="fhcheck")
    assert script.value == "fhcheck.cli:run"


def test_an_assessment_collects_again_after_start_up_and_freezes_at_exit() -> None:
    after = _program("assess", str(EXAMPLE), "--format", "json")
    assert after["status"] == 0
    assert after["enabled"] is True
    assert isinstance(after["frozen"], int) and after["frozen"] > 10_000


def test_a_command_without_files_keeps_the_collector_held_to_the_end() -> None:
    after = _program("--version")
    assert after == {"status": 0, "enabled": False, "frozen": after["frozen"]}
    assert isinstance(after["frozen"], int) and after["frozen"] > 0


def test_release_waits_for_the_first_outcome_to_be_consumed(collector_restored: None) -> None:
    collector.hold()
    assert not gc.isenabled()
    outcomes = collector.released_after_first(iter(["first", "second"]))
    assert next(outcomes) == "first"
    assert not gc.isenabled()  # the first file is still being handled: its catalogue may be new
    assert next(outcomes) == "second"
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_in_process_main_leaves_the_collector_as_it_found_it(capsys: pytest.CaptureFixture[str]) -> None:
    frozen = gc.get_freeze_count()
    with pytest.raises(SystemExit) as done:
        main(["assess", str(EXAMPLE), "--format", "json"])
    capsys.readouterr()
    assert done.value.code == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_a_worker_collects_whatever_its_parent_did(collector_restored: None) -> None:
    before = signal.getsignal(signal.SIGINT)
    gc.disable()
    try:
        _start_worker(default_store(), AssessOptions(), str)
        assert gc.isenabled()
    finally:
        signal.signal(signal.SIGINT, before)
