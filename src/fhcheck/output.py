"""Writing files without ever losing what a user wrote.

Every file fhcheck writes goes to a temporary file in the destination's folder and is
renamed into place, so a crash leaves either the old file or the new one, never half of
either, and no temporary file behind. An existing file is replaced only with ``force``,
and never when it is one of the command's inputs (however it is spelled: ``./x``, a
symlink, a hard link, or a file inside a folder given as input). A destination that is a
symbolic link, or is reached through a symlinked folder that leads out of the working
folder, is refused: a repository under review could point it at a script outside
(``fhcheck.txt -> ../deploy.sh``), and ``--force`` must replace a file, never what a
planted link points to. Devices and pipes (``/dev/null``, a
FIFO) are written straight through, since there is nothing in them to lose and renaming
over them would replace the device itself.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from fhcheck.errors import UsageError

#: files fhcheck reads from a folder given as input, and so never writes inside one
INPUT_SUFFIXES = (".yaml", ".yml")


def check_writable(target: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse before any work is done: an input as output, an existing file without force, no folder."""
    if "\x00" in str(target):
        raise UsageError(f"{str(target)!r}: contains a NUL character; expected a file path")
    try:
        _check(target, force, list(inputs))
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({_reason(exc)}); expected a writable file path") from None


def _check(target: Path, force: bool, inputs: list[Path]) -> None:
    real = Path(os.path.realpath(target))
    for source in inputs:
        if _same_file(target, real, source):
            raise UsageError(f"{target}: is one of the inputs; expected a different output file")
        if real.suffix.lower() in INPUT_SUFFIXES and _is_dir(source) and _inside(real, Path(os.path.realpath(source))):
            raise UsageError(
                f"{target}: would be read as evidence from input folder {source}; expected an output file "
                "outside it, or not named *.yaml/*.yml"
            )
    info = _stat(real)
    if os.path.islink(target) and (info is None or not (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode))):
        raise UsageError(
            f"{target}: is a symbolic link; expected a plain file path (fhcheck never writes through a link, "
            "which a repository could point anywhere)"
        )
    if _through_link_out_of(Path.cwd(), target):
        raise UsageError(
            f"{target}: passes through a symbolic link to outside the working folder; expected a path inside it "
            "(or an absolute path outside it)"
        )
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{target}: is a directory; expected an output file path")
        if stat.S_ISBLK(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            raise UsageError(f"{target}: is a block device or socket; expected a file path")
        if stat.S_ISREG(info.st_mode) and not force:
            raise UsageError(f"{target}: already exists; expected a new file (use --force to replace it)")
    folder = real.parent
    if not folder.is_dir():
        raise UsageError(f"{target}: folder {target.parent} does not exist; expected an existing folder")


def write_atomic(target: Path, data: str | bytes, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``target`` via a temporary file and an atomic rename (:func:`write_atomic_with`)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic_with(target, lambda handle: handle.write(payload), force=force, inputs=inputs)


def write_atomic_with(
    target: Path, fill: Callable[[BinaryIO], object], *, force: bool, inputs: Iterable[Path] = ()
) -> None:
    """Let ``fill`` write ``target``'s contents into an open binary file, then put it in place.

    The contents go to a temporary file and are renamed into place, so a report of
    thousands of files is written as it is rendered and never held in memory whole.
    Without ``force`` the file is linked into place, which fails if something appeared at
    the name meanwhile, so even a race never replaces an existing file.
    """
    check_writable(target, force=force, inputs=inputs)
    real = Path(os.path.realpath(target))
    try:
        info = _stat(real)
        if info is not None and not stat.S_ISREG(info.st_mode):
            _write_through(real, fill)
            return
        _replace(real, fill, force=force, mode=None if info is None else stat.S_IMODE(info.st_mode))
    except FileExistsError:
        raise UsageError(f"{target}: already exists; expected a new file (use --force to replace it)") from None
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({_reason(exc)}); expected a writable file path") from None


def _replace(real: Path, fill: Callable[[BinaryIO], object], *, force: bool, mode: int | None) -> None:
    with _terminate_as_exit():
        descriptor, temp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
        _fill_and_place(real, fill, descriptor, temp_name, force=force, mode=mode)


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While a temporary file exists, SIGTERM (a cancelled CI job) exits through ``finally``
    blocks, which remove it, instead of killing the process with the file left behind."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fill_and_place(
    real: Path, fill: Callable[[BinaryIO], object], descriptor: int, temp_name: str, *, force: bool, mode: int | None
) -> None:
    try:
        with os.fdopen(descriptor, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp_name, mode)
        if force:
            os.replace(temp_name, real)
        else:
            _link_new(temp_name, real)
        _sync_folder(real.parent)
    finally:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass


def _link_new(temp_name: str, real: Path) -> None:
    """Put the temporary file at ``real`` only if nothing is there (hard link, else a checked rename)."""
    try:
        os.link(temp_name, real)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if os.path.lexists(real):  # a file system without hard links: check, then rename
            raise FileExistsError(errno.EEXIST, "File exists", str(real)) from None
        os.replace(temp_name, real)


def _write_through(real: Path, fill: Callable[[BinaryIO], object]) -> None:
    """A FIFO or character device (``/dev/null``, a terminal) is written as it is: there is nothing to replace."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(real, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads: waiting for a reader would hang
            raise UsageError(f"{real}: is a named pipe with no reader; expected a file path") from None
        raise
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "wb") as handle:  # a blocking buffered file writes everything it is given
        fill(handle)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _same_file(target: Path, real: Path, source: Path) -> bool:
    try:
        if real == Path(os.path.realpath(source)):
            return True
        return os.path.exists(real) and os.path.exists(source) and os.path.samefile(real, source)
    except (OSError, ValueError):
        return False


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _through_link_out_of(folder: Path, target: Path) -> bool:
    """Whether ``target``, named inside ``folder``, is taken out of it by a symlinked folder on the way.

    A path the user names outside the folder (``/tmp/report.json``, ``$RUNNER_TEMP/...``)
    is theirs to choose; a committed link (``reports -> /home/runner``) is not.
    """
    full = target if target.is_absolute() else folder / target
    if full.parts[: len(folder.parts)] != folder.parts:
        return False
    if _inside(Path(os.path.realpath(full.parent)), Path(os.path.realpath(folder))):
        return False
    current = folder
    for part in full.parent.parts[len(folder.parts) :]:
        current = current / part
        if os.path.islink(current):
            return True
    return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
