"""The sha256 of cited documents, each computed once per run, with ``--jobs`` too.

In one process a digest is kept by the file's identity and version (device, inode, size,
modification time): sixty citations of one large document, in one file or many, hash it
once, and a new version is hashed again. ``--jobs`` workers would each hash it once more,
so a run with workers shares digests through a private folder it makes for the run
(:func:`share_in`): a worker that lacks a digest takes that document's lock there, reads
the digest if another worker wrote it meanwhile, and otherwise hashes and writes it. Two
workers therefore never hash the same document, and no worker waits on another's
different document. The folder is the run's own (``mkdtemp``: only this user may write
it), since a digest planted there would pass a changed document as unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

#: digests already computed in this process, by the file's identity and version
_DIGESTS: dict[tuple[int, int, int, int], str] = {}
_DIGESTS_KEPT = 10_000
#: where this run's worker processes share digests (None: this process only)
_shared: Path | None = None


def share_in(folder: Path | None) -> None:
    """Share digests with the run's other workers through ``folder`` (``None``: stop sharing)."""
    global _shared
    _shared = folder


def sha256_of(path: Path) -> str:
    """The hex sha256 of the file at ``path``, computed at most once per version per run."""
    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        known = _DIGESTS.get(key)
        if known is not None:
            return known
        known = _hash(handle) if _shared is None else _shared_digest(_shared, key, handle)
    if len(_DIGESTS) >= _DIGESTS_KEPT:
        _DIGESTS.clear()
    _DIGESTS[key] = known
    return known


def _hash(handle: BinaryIO) -> str:
    import hashlib  # only files that record a sign-off digest need it

    hasher = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        hasher.update(block)
    return hasher.hexdigest()


def _shared_digest(folder: Path, key: tuple[int, int, int, int], handle: BinaryIO) -> str:
    """The digest another worker wrote for this version, else this worker's, written for the others.

    Sharing is only a saving: when the folder cannot be used the document is hashed here.
    """
    done = folder / "-".join(str(part) for part in key)
    written = _written(done)
    if written is not None:
        return written
    try:
        lock = open(done.with_suffix(".lock"), "ab")  # held until the digest is written
    except OSError:
        return _hash(handle)
    with lock:
        try:
            import fcntl  # POSIX; elsewhere two workers may rarely hash one document both
        except ImportError:
            pass
        else:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        written = _written(done)
        if written is not None:
            return written
        digest = _hash(handle)
        part = done.with_suffix(f".{os.getpid()}")
        try:
            part.write_text(digest, encoding="ascii")
            os.replace(part, done)  # whole or absent: a reader never sees half a digest
        except OSError:
            pass
        return digest


def _written(done: Path) -> str | None:
    try:
        text = done.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    return text if len(text) == 64 else None
