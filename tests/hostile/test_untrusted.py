"""An untrusted pull request, end to end: nothing read or written outside the repository
because it says so, and nothing it wrote turned into markup, a command or a crash."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = (ROOT / "examples" / "exampleshire-2025.yaml").read_text(encoding="utf-8")
SECRET = "https://x-access-token:ghs_0123456789abcdef@github.com"
LINK_OUT = (
    "is a symbolic link to a {} outside evidence; expected evidence inside the folder "
    "(links that leave it are never followed)"
)


def minimal(local_authority: str, plan: str = "later") -> str:
    return (
        'fhcheck: 1\nframework: "2025"\n'
        f"local_authority: {json.dumps(local_authority)}\nassessed_on: 2025-10-01\n"
        f"items:\n  1.1.B1:\n    status: not_met\n    plan: {json.dumps(plan)}\n"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with an ``evidence`` folder, and a secret next to it, outside."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / ".git-credentials").write_text(SECRET + "\n")
    (outside / "folder" / "secret.yaml").write_text(f"{SECRET}: 1\n")
    repo = tmp_path / "repo"
    (repo / "evidence").mkdir(parents=True)
    (repo / "evidence" / "a.yaml").write_text(minimal("Exampleshire County Council"))
    monkeypatch.chdir(repo)
    return repo


def test_discovered_links_out_of_the_folder_are_named_never_read(repo: Path, fhcheck: Callable[..., Any]) -> None:
    (repo / "evidence" / "credentials.yaml").symlink_to("../../outside/.git-credentials")
    (repo / "evidence" / "linked").symlink_to("../../outside/folder", target_is_directory=True)
    (repo / "evidence" / "alias.yaml").symlink_to("a.yaml")  # inside: followed
    for args in (("validate", "evidence"), ("assess", "evidence", "--format", "github"), ("assess", "evidence")):
        run = fhcheck(*args)
        assert run.status == 2
        assert "ghs_" not in run.out + run.err
    run = fhcheck("validate", "evidence")
    assert run.err.splitlines()[:2] == [
        "evidence/credentials.yaml: " + LINK_OUT.format("file"),
        "evidence/linked: " + LINK_OUT.format("folder"),
    ]
    assert "evidence/alias.yaml: valid" in run.out


def test_an_empty_path_is_a_usage_error(repo: Path, fhcheck: Callable[..., Any]) -> None:
    for command in ("assess", "validate"):
        run = fhcheck(command, "")
        assert (run.status, run.err) == (
            2,
            "fhcheck: empty path ''; expected an evidence file or a folder of them (use . for this folder)\n",
        )


def test_two_formats_resolving_to_one_file_are_refused_before_any_work(repo: Path, fhcheck: Callable[..., Any]) -> None:
    (repo / "out.json").write_text("kept")
    run = fhcheck(
        "assess", "evidence", "--format", "json:out.json", "--format", "sarif:evidence/../out.json", "--force"
    )
    assert run.status == 2
    assert run.err == (
        "fhcheck: two formats write to the same file (out.json and evidence/../out.json); "
        "expected one file per format\n"
    )
    assert (repo / "out.json").read_text() == "kept"


def test_a_planted_report_link_is_never_written_through(repo: Path, fhcheck: Callable[..., Any]) -> None:
    script = repo.parent / "outside" / "deploy.sh"
    script.write_text("#!/bin/sh\necho deploy\n")
    script.chmod(0o755)
    (repo / "fhcheck.txt").symlink_to("../outside/deploy.sh")
    (repo / "fhcheck.sarif").symlink_to("../outside/planted.sh")
    (repo / "evidence" / "a.yaml").write_text(minimal("x; touch PWNED; exit 0; #"))
    for target in ("table:fhcheck.txt", "sarif:fhcheck.sarif"):
        run = fhcheck("assess", "evidence", "--format", target, "--force")
        assert run.status == 2
        assert "is a symbolic link; expected a plain file path" in run.err
    assert script.read_text() == "#!/bin/sh\necho deploy\n"
    assert not (repo.parent / "outside" / "planted.sh").exists()


@pytest.mark.parametrize("name", ["[/]", "[link=https://evil.example/renew]Click[/link]", "[bold red]x"])
def test_markup_in_a_name_never_crashes_or_links_the_multi_file_summary(
    repo: Path, fhcheck: Callable[..., Any], name: str
) -> None:
    (repo / "evidence" / "a.yaml").write_text(minimal(name))
    (repo / "evidence" / "b.yaml").write_text(minimal(name))
    run = fhcheck("assess", "evidence", "--color")
    assert run.status == 1, run.err
    assert "\x1b]8;" not in run.out  # no OSC 8 hyperlink
    assert run.out.count(name) >= 2  # shown as written, in the summary and each file's rule


def test_forged_workflow_commands_in_a_plan_stay_text_in_the_table(repo: Path, fhcheck: Callable[..., Any]) -> None:
    plan = (
        "Budget\n::error file=README.md,line=1::forged\n::add-mask::Council\n"
        "##[stop-commands]tok \x1b]52;c;aGk=\x07\u202e"
    )
    (repo / "evidence" / "a.yaml").write_text(minimal("Council", plan))
    run = fhcheck("assess", "evidence/a.yaml", "--no-color")
    assert run.status == 1, run.err
    lines = run.out.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")]
    assert "##[" not in run.out and "\x1b" not in run.out and "\u202e" not in run.out
    assert "Budget : :error file=README.md,line=1: :forged : :add-mask: :Council # #[stop-commands]tok" in " ".join(
        " ".join(lines).split()
    )


def test_a_validated_name_is_printed_visible(repo: Path, fhcheck: Callable[..., Any]) -> None:
    (repo / "evidence" / "a.yaml").write_text(minimal("Fen\u202eCouncil ::warning::x"))
    run = fhcheck("validate", "evidence")
    assert run.out.splitlines()[0] == "evidence/a.yaml: valid (framework 2025, Fen<U+202E>Council : :warning: :x)"


def test_a_file_name_with_a_line_break_cannot_forge_a_command(repo: Path, fhcheck: Callable[..., Any]) -> None:
    name = repo / "evidence" / "ok\n::error file=x::forged\n.yaml"
    name.write_text("not: [valid\n")
    run = fhcheck("validate", "evidence")
    assert run.status == 2
    assert not [line for line in run.err.splitlines() if line.lstrip().startswith("::")]
    assert os.path.exists(name)


def _git_repo(folder: Path, text: str) -> None:
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.yaml").write_text(text)
    for args in (
        ["init", "-q", "."],
        ["add", "a.yaml"],
        ["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def test_core_worktree_elsewhere_is_a_usage_error(
    tmp_path: Path, fhcheck: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    _git_repo(tmp_path / "wt", minimal("Council"))
    (tmp_path / "elsewhere").mkdir()
    subprocess.run(["git", "config", "core.worktree", str(tmp_path / "elsewhere")], cwd=tmp_path / "wt", check=True)
    monkeypatch.chdir(tmp_path / "wt")
    run = fhcheck("assess", "a.yaml", "--baseline", "HEAD", "--format", "json:out.json")
    assert run.status == 2
    assert run.err == (
        f"fhcheck: a.yaml: git says its work tree is {(tmp_path / 'elsewhere').resolve()}, "
        "which does not hold the file "
        "(core.worktree?); expected the file inside its repository's work tree\n"
    )


def test_a_baseline_blob_is_sized_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fhcheck import git_revisions
    from fhcheck.errors import InputError

    _git_repo(tmp_path / "wt", "x" * 5000)
    called: list[list[str]] = []
    real_git = git_revisions._git

    def recording(args: list[str], cwd: Path) -> Any:
        called.append(args)
        return real_git(args, cwd)

    monkeypatch.setattr(git_revisions, "_git", recording)
    revision = git_revisions.locate(tmp_path / "wt" / "a.yaml")
    assert revision is not None
    commit = git_revisions.resolve_ref("HEAD", revision.root)
    with pytest.raises(InputError, match=r"file is 5,000 bytes; expected at most 4,096 bytes"):
        git_revisions.read_at(commit, revision, 4096)
    assert ["cat-file", "-s", f"{commit}:a.yaml"] in called
    assert not [args for args in called if args[:2] == ["cat-file", "blob"]]
    assert git_revisions.read_at(commit, revision, 5000) == b"x" * 5000


def _fhcheck_process(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "fhcheck", *args],
        capture_output="stdout" not in kwargs,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=60,
        **kwargs,
    )


OUT_FAILS = (
    "cannot write standard output ({}); expected a writable output (or the report written to a file with FORMAT:FILE)"
)
EXAMPLE = str(ROOT / "examples" / "exampleshire-2025.yaml")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("format_name", ["table", "html", "json"])
def test_a_full_stdout_is_exit_2_with_one_message(format_name: str) -> None:
    with open("/dev/full", "w") as full:
        done = _fhcheck_process("assess", EXAMPLE, "--format", format_name, stdout=full, stderr=-1)
    assert (done.returncode, done.stderr) == (2, "fhcheck: " + OUT_FAILS.format("No space left on device") + "\n")


def test_a_closed_stdout_and_an_ascii_stdout_are_exit_2_with_one_message() -> None:
    import subprocess
    import sys

    closed = subprocess.run(  # as a shell starts it with >&-: no stdout at all
        ["sh", "-c", f'exec "{sys.executable}" -m fhcheck assess "{EXAMPLE}" >&-'],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=60,
    )
    assert (closed.returncode, closed.stderr) == (2, "fhcheck: " + OUT_FAILS.format("standard output is closed") + "\n")
    ascii_run = _fhcheck_process("assess", EXAMPLE, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_run.returncode == 2
    assert ascii_run.stderr == (
        "fhcheck: standard output's encoding (ascii) cannot carry the report's text; expected UTF-8 "
        "(set PYTHONIOENCODING=utf-8, or write the report to a file with FORMAT:FILE)\n"
    )


@pytest.mark.parametrize(
    ("summary", "reason"), [(".", "Is a directory"), ("missing/summary.md", "No such file or directory")]
)
def test_a_step_summary_that_cannot_be_appended_to_is_exit_2(
    repo: Path, fhcheck: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, summary: str, reason: str
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", summary)
    run = fhcheck("assess", "evidence", "--format", "github")
    assert run.status == 2
    assert run.err == (
        f"fhcheck: GITHUB_STEP_SUMMARY={summary}: cannot be appended to ({reason}); expected the file the runner "
        "creates for the step\n"
    )


@pytest.mark.parametrize("format_name", ["table", "json", "sarif"])
def test_a_non_utf8_file_name_in_a_folder_is_named_and_refused(
    repo: Path, fhcheck: Callable[..., Any], format_name: str
) -> None:
    bad = os.fsencode(str(repo / "evidence")) + b"/bad\xff.yaml"
    try:
        with open(bad, "wb") as handle:
            handle.write(EVIDENCE.encode())
    except OSError as exc:
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    run = fhcheck("assess", "evidence", "--format", format_name, "-o", "report.out")
    assert run.status == 2
    assert "evidence/bad\\xff.yaml: file or folder name is not UTF-8; expected a UTF-8 name (rename it)" in run.err
