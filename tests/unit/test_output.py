"""fhcheck.output: every file fhcheck writes, written so that nothing a user wrote is lost.

Refused and failed writes must leave the destination byte-identical and no temporary
file behind; successful ones must keep the destination's permissions. The commands'
own use of this (assess --output, migrate -o, init, schema, ...) is tested end to end
in tests/hostile/test_write_safety.py.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from fhcheck.errors import UsageError
from fhcheck.output import check_writable, write_atomic, write_atomic_with

OLD = b"what the user wrote\n"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_is_written_with_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    previous = os.umask(0o027)
    try:
        write_atomic(target, "{}\n", force=False)
    finally:
        os.umask(previous)
    assert target.read_text() == "{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert listing(tmp_path) == ["report.json"]


def test_an_existing_file_is_refused_without_force_and_left_untouched(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(OLD)
    with pytest.raises(UsageError) as caught:
        write_atomic(target, "new", force=False)
    assert str(caught.value) == f"{target}: already exists; expected a new file (use --force to replace it)"
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["report.json"]


def test_force_replaces_and_keeps_the_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(OLD)
    target.chmod(0o604)
    inode = target.stat().st_ino
    write_atomic(target, b"new\n", force=True)
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.stat().st_ino != inode  # a new file renamed into place, not rewritten in place
    assert listing(tmp_path) == ["report.json"]


@pytest.mark.parametrize(
    "spell",
    [
        lambda d, f: f,
        lambda d, f: Path(str(f.parent) + "/./" + f.name),
        lambda d, f: d / "sub" / ".." / f.name,
        lambda d, f: _symlink(d / "link.yaml", f),
        lambda d, f: _hardlink(d / "hard.yaml", f),
        lambda d, f: _symlink(d / "dirlink", d) / f.name,
    ],
    ids=["same", "dot", "dotdot", "symlink", "hardlink", "symlinked-folder"],
)
def test_an_input_is_never_the_output_however_it_is_spelled(tmp_path: Path, spell: Any) -> None:
    source = tmp_path / "evidence.yaml"
    source.write_bytes(OLD)
    (tmp_path / "sub").mkdir()
    target = spell(tmp_path, source)
    before = listing(tmp_path)
    with pytest.raises(UsageError, match="is one of the inputs; expected a different output file"):
        write_atomic(target, "report", force=True, inputs=[source])
    assert source.read_bytes() == OLD
    assert listing(tmp_path) == before


def test_a_yaml_file_inside_an_input_folder_is_never_written(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "la.yaml").write_bytes(OLD)
    with pytest.raises(UsageError, match="would be read as evidence from input folder"):
        write_atomic(folder / "la.yaml", "report", force=True, inputs=[folder])
    with pytest.raises(UsageError, match="would be read as evidence"):
        write_atomic(folder / "sub" / "new.yml", "report", force=True, inputs=[tmp_path])
    assert (folder / "la.yaml").read_bytes() == OLD
    write_atomic(folder / "report.json", "{}", force=False, inputs=[folder])  # not evidence: fine
    assert listing(folder) == ["la.yaml", "report.json"]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace", "chmod"])
def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(OLD)

    def fail(*_: Any, **__: Any) -> Any:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])  # half of it reaches the disk
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, failing, fail)
    with pytest.raises(UsageError) as caught:
        write_atomic(target, "a much longer new report\n" * 100, force=True)
    monkeypatch.undo()
    assert "cannot be written (No space left on device)" in str(caught.value)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["report.json"]


def test_an_interrupt_mid_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "new.json", "x", force=False)
    assert listing(tmp_path) == []


def test_a_file_that_appears_during_the_write_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        if not target.exists():
            target.write_bytes(OLD)

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(UsageError, match="already exists"):
        write_atomic(target, "mine", force=False)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["report.json"]


def test_without_hard_links_a_new_file_is_still_never_clobbered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_: Any) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "a.json", "one", force=False)
    assert (tmp_path / "a.json").read_text() == "one"
    assert listing(tmp_path) == ["a.json"]


def test_a_symlinked_output_is_refused_even_with_force(tmp_path: Path) -> None:
    """A planted ``fhcheck.txt -> ../outside/deploy.sh`` must not get the report (mode 0755 kept)."""
    real = tmp_path / "outside" / "deploy.sh"
    real.parent.mkdir()
    real.write_bytes(OLD)
    real.chmod(0o755)
    link = _symlink(tmp_path / "fhcheck.txt", real)
    for force in (True, False):
        with pytest.raises(UsageError, match=r"fhcheck.txt: is a symbolic link; expected a plain file path"):
            write_atomic(link, "x; touch PWNED", force=force)
    dangling = _symlink(tmp_path / "fhcheck.sarif", tmp_path / "outside" / "planted.sh")
    with pytest.raises(UsageError, match=r"is a symbolic link"):
        write_atomic(dangling, "{}", force=False)
    assert real.read_bytes() == OLD and not (tmp_path / "outside" / "planted.sh").exists()


def test_an_output_through_a_symlinked_folder_out_of_the_working_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    _symlink(repo / "reports", outside)
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo)
    for name in ("reports/out.json", str(repo / "reports" / "out.json")):
        with pytest.raises(UsageError, match=r"passes through a symbolic link to outside the working folder"):
            write_atomic(Path(name), "{}", force=True)
    assert list(outside.iterdir()) == []
    write_atomic(outside / "chosen.json", "{}", force=False)  # a path named outside is the user's choice
    write_atomic(Path("sub/../inside.json"), "{}", force=False)
    assert (outside / "chosen.json").exists() and (repo / "inside.json").exists()


def test_a_link_to_a_device_is_still_written_through(tmp_path: Path) -> None:
    link = _symlink(tmp_path / "null", Path(os.devnull))
    write_atomic(link, "discarded", force=False)
    assert link.is_symlink()


def test_devices_are_written_through_never_replaced(tmp_path: Path) -> None:
    write_atomic(Path(os.devnull), "discarded", force=False)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_without_a_reader_is_refused_rather_than_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="is a named pipe with no reader"):
        write_atomic(fifo, "x", force=False)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing" / "r.json", "folder {parent} does not exist; expected an existing folder"),
        (lambda d: d, "is a directory; expected an output file path"),
        (lambda d: _file(d / "plain") / "r.json", "cannot be written"),
        (lambda d: d / ("x" * 300), "cannot be written (File name too long)"),
    ],
    ids=["no-folder", "directory", "file-as-folder", "name-too-long"],
)
def test_unwritable_destinations_are_usage_errors(tmp_path: Path, make: Any, message: str) -> None:
    target = make(tmp_path)
    with pytest.raises(UsageError) as caught:
        check_writable(target, force=True)
    assert message.format(parent=target.parent) in str(caught.value)
    assert str(caught.value).startswith(f"{target}: ")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UsageError, match="cannot be written"):
            write_atomic(folder / "r.json", "x", force=False)
    finally:
        folder.chmod(0o700)


def _symlink(link: Path, target: Path) -> Path:
    link.symlink_to(target)
    return link


def _hardlink(link: Path, target: Path) -> Path:
    os.link(target, link)
    return link


def _file(path: Path) -> Path:
    path.write_bytes(OLD)
    return path


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A cancelled CI job (SIGTERM) mid-write: the old file stays, no ``.out.json.*.tmp`` is left."""
    import signal

    target = tmp_path / "out.json"
    target.write_bytes(OLD)

    def terminated(handle: Any) -> None:
        handle.write(b"half")
        os.kill(os.getpid(), signal.SIGTERM)

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as done:
        write_atomic_with(target, terminated, force=True)
    assert done.value.code == 128 + signal.SIGTERM
    assert listing(tmp_path) == ["out.json"] and target.read_bytes() == OLD
    assert signal.getsignal(signal.SIGTERM) == before
