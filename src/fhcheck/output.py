"""Writing files without ever losing what a user wrote.

Every file fhcheck writes goes to a temporary file in the destination's folder and is
renamed into place, so a crash leaves either the old file or the new one, never half of
either. An existing file is replaced only with ``force``, and never when it is one of the
command's inputs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from fhcheck.errors import UsageError


def check_writable(target: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse before any work is done: an input as output, or an existing file without force."""
    resolved = target.resolve()
    for source in inputs:
        try:
            same = resolved == source.resolve() or (target.exists() and target.samefile(source))
        except OSError:
            same = False
        if same:
            raise UsageError(f"{target}: is one of the inputs; expected a different output file")
    if target.is_dir():
        raise UsageError(f"{target}: is a directory; expected an output file path")
    if target.exists() and not force:
        raise UsageError(f"{target}: already exists; expected a new file (use --force to replace it)")
    if not target.parent.exists():
        raise UsageError(f"{target}: folder {target.parent} does not exist; expected an existing folder")


def write_atomic(target: Path, data: str | bytes, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``target`` via a temporary file and an atomic rename."""
    inputs = list(inputs)
    check_writable(target, force=force, inputs=inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temp_name, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        if not force and target.exists():  # appeared while we wrote: still never clobber
            raise UsageError(f"{target}: already exists; expected a new file (use --force to replace it)")
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
