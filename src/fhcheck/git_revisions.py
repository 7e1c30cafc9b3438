"""Git plumbing: a file's place in its repository, a revision, and a file's bytes at it.

The old text is read with git itself (``git cat-file blob REF:PATH``, the plumbing form
of ``git show REF:PATH``: raw bytes, no textconv filters, and a clear failure when PATH
is not a file at REF) and never by checking anything out, so the user's work tree and
index are never touched. What a baseline is, and how it is assessed and compared, is
:mod:`fhcheck.baseline`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fhcheck.errors import InputError, Location, UsageError


@dataclass(frozen=True)
class Revision:
    """A file's place in its repository: the work tree root and its path there (POSIX)."""

    root: Path
    path: str


#: set by git for hooks (a pre-commit run, say); they would point git at another repository
#: than the one that holds the evidence file, which is the one we mean
_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR")


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    if shutil.which("git") is None:
        raise UsageError("--baseline needs git, which is not on PATH; expected git to be installed")
    env = {k: v for k, v in os.environ.items() if k not in _LOCATION_VARIABLES}
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, check=False)


def locate(file: Path) -> Revision | None:
    """Where ``file`` sits in its git work tree, or ``None`` outside any.

    Any other failure (git refusing a repository owned by another user, say) is a usage
    error carrying git's own words, rather than a misleading "not in a repository".
    """
    folder = file.resolve().parent
    done = _git(["rev-parse", "--show-toplevel"], folder)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message or not message:
            return None
        first = message.splitlines()[0].removeprefix("fatal: ")
        raise UsageError(
            f"{file}: git cannot read the repository that holds it ({first}); expected a readable git repository"
        )
    root = Path(os.fsdecode(done.stdout.strip())).resolve()
    try:
        return Revision(root, file.resolve().relative_to(root).as_posix())
    except ValueError:  # core.worktree (set in the repository) names a work tree elsewhere
        raise UsageError(
            f"{file}: git says its work tree is {root}, which does not hold the file (core.worktree?); "
            "expected the file inside its repository's work tree"
        ) from None


def resolve_ref(ref: str, root: Path) -> str:
    """The commit ``ref`` names in the repository at ``root``; anything else is a usage error."""
    if not ref or ref.startswith("-") or any(c in ref for c in "\x00\n\r"):
        raise UsageError(
            f"--baseline {ref!r} is not a git revision; expected a branch, tag or commit such as origin/main"
        )
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root)
    if done.returncode != 0:
        raise UsageError(
            f"--baseline {ref!r}: no such revision in the git repository at {root}; expected a branch, tag or "
            "commit that exists there (in CI, fetch it first: actions/checkout with fetch-depth: 0)"
        )
    return done.stdout.decode("ascii").strip()


def read_at(commit: str, revision: Revision, max_bytes: int | None = None) -> bytes | None:
    """The file's bytes at ``commit``, or ``None`` when it did not exist there.

    The blob's size is asked first (``git cat-file -s``), so a blob over ``max_bytes`` is
    refused before a byte of it is read: a pull request cannot make a 100 MB baseline fill memory.
    """
    spec = f"{commit}:{revision.path}"
    sized = _git(["cat-file", "-s", spec], revision.root)
    if sized.returncode != 0:
        return None
    size = int(sized.stdout.strip() or 0)
    if max_bytes is not None and size > max_bytes:
        raise InputError.at(
            Location(f"{commit[:12]}:{revision.path}"), f"file is {size:,} bytes; expected at most {max_bytes:,} bytes"
        )
    done = _git(["cat-file", "blob", spec], revision.root)
    if done.returncode != 0:
        # the path is a folder or a submodule at that commit: not an evidence file then
        return None
    return done.stdout
