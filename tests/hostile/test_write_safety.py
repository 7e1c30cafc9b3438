"""Nothing a user wrote is ever overwritten or lost, by any command that writes a file.

Each command in ``WRITERS`` is run for real (``fhcheck.cli.main``) against a folder
holding its inputs and an existing output file, and must: refuse to replace the file
without ``--force`` (leaving it byte-identical); replace it with ``--force`` keeping its
permissions; never write over one of its inputs however the path is spelled, even with
``--force``; and, when the write fails half-way, leave the old file and no temporary
file behind. ``output.write_atomic`` itself is tested in tests/unit/test_output.py.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

OLD = b"# what the user wrote before\n"
EVIDENCE_2022 = 'fhcheck: 1\nframework: "2022"\nlocal_authority: Exampleshire\nassessed_on: 2024-10-01\n'
EVIDENCE_2025 = 'fhcheck: 1\nframework: "2025"\nlocal_authority: Exampleshire\nassessed_on: 2025-10-01\n'

#: command -> (arguments, with {out} for the output file; exit status on success; input files that may not be the output)
WRITERS: dict[str, tuple[tuple[str, ...], int, tuple[str, ...]]] = {
    "assess --output": (("assess", "new.yaml", "--output", "{out}"), 1, ("new.yaml",)),
    "assess --format json:FILE": (("assess", "new.yaml", "--format", "json:{out}"), 1, ("new.yaml",)),
    "assess --format xlsx:FILE": (("assess", "new.yaml", "--format", "xlsx:{out}"), 1, ("new.yaml",)),
    "assess --format json:FILE --format table": (
        ("assess", "new.yaml", "--format", "table", "--format", "json:{out}"), 1, ("new.yaml",),
    ),
    "criteria export -o": (("criteria", "export", "--format", "json", "-o", "{out}"), 0, ()),
    "diff -o": (("diff", "2022", "2025", "-o", "{out}"), 0, ()),
    "migrate -o": (("migrate", "old.yaml", "--to", "2025", "-o", "{out}"), 0, ("old.yaml",)),
    "init -o": (("init", "-l", "Exampleshire", "-o", "{out}"), 0, ()),
    "schema -o": (("schema", "-o", "{out}"), 0, ()),
    "compare -o": (("compare", "old.yaml", "new.yaml", "-o", "{out}"), 0, ("old.yaml", "new.yaml")),
}
CASES = [pytest.param(args, status, inputs, id=name) for name, (args, status, inputs) in WRITERS.items()]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "old.yaml").write_text(EVIDENCE_2022)
    (tmp_path / "new.yaml").write_text(EVIDENCE_2025)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def command(args: tuple[str, ...], out: str, *extra: str) -> list[str]:
    return [arg.replace("{out}", out) for arg in args] + list(extra)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_refused_keeping_the_old_file(run: Any, folder: Path, message: str) -> None:
    """Exit status 2 with MESSAGE and no traceback; report.out still holds OLD, and no other file appeared."""
    assert run.status == 2
    assert message in run.err
    assert "Traceback" not in run.err
    assert (folder / "report.out").read_bytes() == OLD
    assert listing(folder) == ["new.yaml", "old.yaml", "report.out"]


@pytest.mark.parametrize(("args", "status", "inputs"), CASES)
def test_writes_a_new_file(args: tuple[str, ...], status: int, inputs: tuple[str, ...], folder: Path, fhcheck: Callable[..., Any]) -> None:
    run = fhcheck(*command(args, "report.out"))
    assert run.status == status, run.err
    assert (folder / "report.out").stat().st_size > 0
    assert listing(folder) == ["new.yaml", "old.yaml", "report.out"]


@pytest.mark.parametrize(("args", "status", "inputs"), CASES)
def test_an_existing_file_is_never_replaced_without_force(
    args: tuple[str, ...], status: int, inputs: tuple[str, ...], folder: Path, fhcheck: Callable[..., Any]
) -> None:
    (folder / "report.out").write_bytes(OLD)
    run = fhcheck(*command(args, "report.out"))
    assert_refused_keeping_the_old_file(
        run, folder, "report.out: already exists; expected a new file (use --force to replace it)"
    )


@pytest.mark.parametrize(("args", "status", "inputs"), CASES)
def test_force_replaces_it_keeping_its_permissions(
    args: tuple[str, ...], status: int, inputs: tuple[str, ...], folder: Path, fhcheck: Callable[..., Any]
) -> None:
    out = folder / "report.out"
    out.write_bytes(OLD)
    out.chmod(0o640)
    run = fhcheck(*command(args, "report.out", "--force"))
    assert run.status == status, run.err
    assert out.read_bytes() != OLD
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert listing(folder) == ["new.yaml", "old.yaml", "report.out"]


def _spellings(folder: Path, name: str) -> list[str]:
    os.link(folder / name, folder / f"hard-{name}")
    (folder / f"link-{name}").symlink_to(name)
    (folder / "sub").mkdir(exist_ok=True)
    return [name, f"./{name}", f"sub/../{name}", str(folder / name), f"hard-{name}", f"link-{name}"]


@pytest.mark.parametrize(("args", "status", "inputs"), [c for c in CASES if c.values[2]])
def test_an_input_is_never_the_output_even_with_force(
    args: tuple[str, ...], status: int, inputs: tuple[str, ...], folder: Path, fhcheck: Callable[..., Any]
) -> None:
    for name in inputs:
        before = (folder / name).read_bytes()
        for spelling in _spellings(folder, name):
            run = fhcheck(*command(args, spelling, "--force"))
            assert run.status == 2, (spelling, run.err)
            assert f"{Path(spelling)}: is one of the inputs; expected a different output file" in run.err
            assert (folder / name).read_bytes() == before
        for extra in ("hard-", "link-"):
            (folder / f"{extra}{name}").unlink()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_assess_never_writes_over_evidence_in_an_input_folder(folder: Path, fhcheck: Callable[..., Any]) -> None:
    before = (folder / "old.yaml").read_bytes()
    run = fhcheck("assess", ".", "--format", "json:old.yaml", "--force")
    assert run.status == 2
    assert "old.yaml: would be read as evidence from input folder ." in run.err
    assert (folder / "old.yaml").read_bytes() == before


@pytest.mark.parametrize(("args", "status", "inputs"), CASES)
@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary_file(
    args: tuple[str, ...], status: int, inputs: tuple[str, ...], failing: str, folder: Path,
    fhcheck: Callable[..., Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    (folder / "report.out").write_bytes(OLD)

    def fail(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, failing, fail)
        run = fhcheck(*command(args, "report.out", "--force"))
    assert_refused_keeping_the_old_file(
        run, folder, "report.out: cannot be written (No space left on device); expected a writable file path"
    )


@pytest.mark.parametrize(("args", "status", "inputs"), CASES)
def test_a_missing_folder_is_a_usage_error_before_any_work(
    args: tuple[str, ...], status: int, inputs: tuple[str, ...], folder: Path, fhcheck: Callable[..., Any]
) -> None:
    run = fhcheck(*command(args, "missing/report.out"))
    assert run.status == 2
    assert "missing/report.out: folder missing does not exist; expected an existing folder" in run.err
    assert listing(folder) == ["new.yaml", "old.yaml"]


@pytest.mark.parametrize(("args", "status", "inputs"), CASES)
def test_a_device_is_written_through_never_replaced(
    args: tuple[str, ...], status: int, inputs: tuple[str, ...], folder: Path, fhcheck: Callable[..., Any]
) -> None:
    run = fhcheck(*command(args, os.devnull, "--force"))
    assert run.status == status, run.err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_assess_baseline_output_is_as_safe(folder: Path, fhcheck: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """``--baseline-output`` writes the delta against a git revision: the same rules hold."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], check=True, cwd=folder)
    subprocess.run([*git, "add", "new.yaml"], check=True, cwd=folder)
    subprocess.run([*git, "commit", "-q", "-m", "evidence"], check=True, cwd=folder)
    args = ("assess", "new.yaml", "--baseline", "HEAD", "--baseline-output")
    (folder / "delta.md").write_bytes(OLD)
    run = fhcheck(*args, "delta.md")
    assert run.status == 2 and "delta.md: already exists; expected a new file (use --force to replace it)" in run.err
    run = fhcheck(*args, "new.yaml", "--force")
    assert run.status == 2 and "new.yaml: is one of the inputs; expected a different output file" in run.err
    assert (folder / "new.yaml").read_text() == EVIDENCE_2025

    def fail(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", fail)
        run = fhcheck(*args, "delta.md", "--force")
    assert run.status == 2 and "delta.md: cannot be written (No space left on device)" in run.err
    assert (folder / "delta.md").read_bytes() == OLD
    assert fhcheck(*args, "delta.md", "--force").status == 1
    assert (folder / "delta.md").read_bytes() != OLD
    assert sorted(p.name for p in folder.iterdir()) == [".git", "delta.md", "new.yaml", "old.yaml"]
