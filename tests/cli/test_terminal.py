"""Terminals: the table's width from COLUMNS (or the terminal), long titles wrapped within it;
TERM=dumb means no colour; shell completion from typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPO = ROOT / "tests" / "fixtures" / "ci" / "repo"


def fhcheck(*args: str, env: dict[str, str], cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    import os

    clean = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "NO_COLOR", "FORCE_COLOR", "TERM", "LINES"}}
    return subprocess.run(
        [sys.executable, "-m", "fhcheck", *args], capture_output=True, text=True, timeout=120, check=False,
        cwd=cwd, env=clean | env,
    )


@pytest.mark.parametrize("columns", [72, 160])
def test_the_table_fits_columns_and_wraps_long_titles(columns: int) -> None:
    done = fhcheck("assess", "failing.yaml", env={"COLUMNS": str(columns)})
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    if columns < 100:
        assert any(line.startswith("│ 1.1 │ Comms, ") for line in lines)
        assert any(line.startswith("│     │ ") and "brand" in line for line in lines)  # wrapped, not cut
    else:
        assert any(line.startswith("│ 1.1 │ Comms, information and brand ") for line in lines)


def test_without_columns_or_a_terminal_the_width_is_110() -> None:
    from fhcheck.report.table import DEFAULT_WIDTH, table_width

    assert DEFAULT_WIDTH == 110
    lines = fhcheck("assess", "failing.yaml", env={}).stdout.splitlines()
    assert max(len(line) for line in lines) == 110
    assert table_width() >= 40


def test_term_dumb_means_no_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    from fhcheck.cli.shared import color_wanted

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert color_wanted(None, Tty()) is True
    monkeypatch.setenv("TERM", "dumb")
    assert color_wanted(None, Tty()) is False
    assert color_wanted(True, Tty()) is True  # --color still wins


@pytest.mark.parametrize(
    ("shell", "start"),
    [("bash", "_fhcheck_completion() {"), ("zsh", "#compdef fhcheck"), ("fish", "complete --command fhcheck")],
)
def test_completion_scripts_for_each_shell(shell: str, start: str) -> None:
    done = fhcheck(env={"_FHCHECK_COMPLETE": f"source_{shell}"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(start)


def test_bash_completes_commands_and_options() -> None:
    commands = fhcheck(env={"_FHCHECK_COMPLETE": "complete_bash", "COMP_WORDS": "fhcheck ass", "COMP_CWORD": "1"})
    assert commands.stdout.split() == ["assess"]
    asking = {"_FHCHECK_COMPLETE": "complete_bash", "COMP_WORDS": "fhcheck assess --fo", "COMP_CWORD": "2"}
    options = fhcheck(env=asking)
    assert options.stdout.split() == ["--format", "--force"]


def test_show_completion_prints_the_script_and_help_names_it() -> None:
    shown = fhcheck("--show-completion", env={"SHELL": "/bin/bash"})
    assert shown.returncode == 0 and "_fhcheck_completion" in shown.stdout
    assert "--install-completion" in fhcheck("--help", env={}).stdout


def test_completion_options_are_built_only_when_completing() -> None:
    """Ordinary runs build the app without typer's completion options (no cost at start-up)."""
    import typer

    from fhcheck.cli import build_app, completion_wanted

    assert not completion_wanted(["assess", "la.yaml", "--format", "json"])
    assert completion_wanted(["--show-completion"]) and completion_wanted(["--install-completion=bash"])
    plain = {p.name for p in typer.main.get_command(build_app("assess")).params}
    completing = {p.name for p in typer.main.get_command(build_app(None, completion=True)).params}
    assert "show_completion" not in plain and {"show_completion", "install_completion"} <= completing
