"""Start-up by design: a run builds only the command it invokes, and help stays plain text."""

from __future__ import annotations

import importlib

import pytest
import typer

from fhcheck.cli import COMMAND_MODULES, COMMANDS, build_app, invoked_command


def _names(app: typer.Typer) -> set[str]:
    names = {info.name for info in app.registered_commands}
    return names | {info.name for info in app.registered_groups}


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_commands_names_the_module_of_every_command(module: str) -> None:
    app = typer.Typer()
    importlib.import_module(f"fhcheck.cli.{module}").register(app)
    assert _names(app) == {name for name, owner in COMMANDS.items() if owner == module}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["assess", "x.yaml"], "assess"),
        (["--debug", "validate", "x.yaml"], "validate"),
        (["criteria", "list"], "criteria"),
        (["-h", "assess"], None),
        (["--help"], None),
        (["--version"], None),
        ([], None),
        (["asess"], "asess"),
    ],
)
def test_the_invoked_command_is_the_first_argument_that_is_not_an_option(args: list[str], expected: str | None) -> None:
    assert invoked_command(args) == expected


def test_one_command_is_built_alone_and_every_one_for_help_or_a_typo() -> None:
    assert _names(build_app("migrate")) == {"diff", "migrate"}
    assert _names(build_app(None)) == set(COMMANDS)
    assert _names(build_app("asess")) == set(COMMANDS)


def test_root_help_lists_every_command_in_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    from fhcheck.cli import main

    with pytest.raises(SystemExit) as done:
        main(["-h", "assess"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "\u2502" not in out  # no rich box: help is drawn by click, without importing rich
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert sorted(listed) == sorted(COMMANDS)
