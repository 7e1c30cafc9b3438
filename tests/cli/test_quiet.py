"""``--quiet`` on every command, with one meaning: nothing on standard output, no confirmation
lines; problems on standard error, files written and the exit status exactly as without it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fhcheck.cli import COMMANDS
from helpers import cli

ROOT = Path(__file__).resolve().parents[2]
GOOD = str(ROOT / "examples" / "exampleshire-2025.yaml")
FIXTURES = ROOT / "tests" / "fixtures"
OLD, NEW = (str(FIXTURES / "compare" / f"brookfield-{year}.yaml") for year in (2024, 2025))
pytestmark = pytest.mark.usefixtures("plain_output")

#: a run of every command that succeeds (or fails by its verdict) and one that has a problem
#: to report; {bad} is an evidence file with a YAML syntax error, {out} a folder to write in,
#: {book} a workbook written from GOOD
RUNS: dict[str, list[str]] = {
    "assess": ["assess", GOOD],
    "assess-file": ["assess", GOOD, "--format", "sarif:{out}/a.sarif"],
    "assess-bad": ["assess", GOOD, "{bad}"],
    "validate": ["validate", GOOD],
    "validate-bad": ["validate", "{bad}"],
    "criteria-list": ["criteria", "list"],
    "criteria-list-bad": ["criteria", "list", "--framework", "1999"],
    "criteria-show": ["criteria", "show", "1.1.B1"],
    "criteria-show-bad": ["criteria", "show", "9.9.Z9"],
    "criteria-export": ["criteria", "export", "--format", "csv"],
    "criteria-export-bad": ["criteria", "export", "--framework", "1999"],
    "criteria-kinds": ["criteria", "kinds"],
    "diff": ["diff", "2022", "2025"],
    "diff-bad": ["diff", "1999", "2025"],
    "migrate": ["migrate", str(FIXTURES / "migrate" / "evidence-2022.yaml"), "--to", "2025", "-o", "{out}/m.yaml"],
    "migrate-stdout": ["migrate", str(FIXTURES / "migrate" / "evidence-2022.yaml"), "--to", "2025", "-o", "-"],
    "migrate-bad": ["migrate", "{bad}", "--to", "2025", "-o", "-"],
    "init": ["init", "--local-authority", "X"],
    "init-file": ["init", "--local-authority", "X", "-o", "{out}/new.yaml"],
    "init-bad": ["init", "--local-authority", "X", "--framework", "1999"],
    "schema": ["schema"],
    "schema-bad": ["schema", "--framework", "1999"],
    "compare": ["compare", OLD, NEW],
    "compare-bad": ["compare", OLD, "{bad}"],
    "programmes": ["programmes", str(FIXTURES / "programmes" / "register.yaml")],
    "programmes-bad": ["programmes", "{bad}"],
    "feed": ["feed", str(FIXTURES / "oruk" / "missing-required.json")],
    "feed-bad": ["feed", str(FIXTURES / "oruk" / "invalid-syntax.json")],
    "actions": ["actions", GOOD],
    "actions-bad": ["actions", GOOD, "{bad}"],
    "explain": ["explain", GOOD, "1.1.B1"],
    "explain-bad": ["explain", "{bad}", "1.1.B1"],
    "import": ["import", "{book}", "-o", "{out}/imported.yaml"],
    "import-bad": ["import", "{bad}", "-o", "{out}/imported.yaml"],
    "export-workbook": ["export-workbook", GOOD, "-o", "{out}/book.xlsx"],
    "export-workbook-bad": ["export-workbook", "{bad}", "-o", "{out}/book.xlsx"],
}


def test_every_command_has_a_quiet_run() -> None:
    covered = {args[0] for args in RUNS.values()}
    assert covered == set(COMMANDS)
    assert {args[1] for args in RUNS.values() if args[0] == "criteria"} == {"list", "show", "export", "kinds"}


@pytest.mark.parametrize("name", list(RUNS))
def test_quiet_keeps_the_status_and_problems_and_prints_nothing_else(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('fhcheck: 1\nframework: "2025"\nitems: [\n', encoding="utf-8")
    book = tmp_path / "given.xlsx"
    if "{book}" in RUNS[name]:
        assert cli(capsys, "export-workbook", GOOD, "-o", str(book))[0] == 0

    def run(folder: str, *extra: str) -> tuple[int, str, str, list[str]]:
        out = tmp_path / folder
        out.mkdir()
        args = [arg.format(bad=bad, out=out, book=book) for arg in RUNS[name]]
        status, stdout, stderr = cli(capsys, *args, *extra)
        return status, stdout, stderr.replace(str(out), "OUT"), sorted(path.name for path in out.iterdir())

    loud_status, loud_out, loud_err, loud_files = run("loud")
    status, out, err, files = run("quiet", "--quiet")
    assert status == loud_status
    assert out == ""
    assert files == loud_files  # files asked for are written all the same
    if name.endswith("-bad"):
        # every problem, word for word; only validate's tally ("0 valid, 1 invalid") is not one
        problems = [line for line in loud_err.splitlines() if not re.match(r"\d+ valid, ", line)]
        assert err and err.splitlines() == problems
    else:
        assert loud_out or loud_err.startswith(("wrote", "Carried")) or loud_files  # something was done
        assert "wrote" not in err and "Carried" not in err  # no confirmation lines
        assert set(err.splitlines()) <= set(loud_err.splitlines())


def test_quiet_is_documented_once_and_alike_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from fhcheck.cli.shared import QUIET_HELP

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("`--quiet`") == 1
    first_words = " ".join(QUIET_HELP.split()[:4])
    for command in ({args[0] for args in RUNS.values()} - {"criteria"}) | {"criteria list"}:
        status, out, _ = cli(capsys, *command.split(), "--help")
        assert status == 0
        assert first_words in " ".join(out.split()), command
