"""Cited documents: where a ``path`` points, whether it may be read, whether it still matches.

A path is relative to the evidence file's folder and must stay inside the git repository
that holds the file (or that folder, outside git). A path that escapes — ``../``, an
absolute path, a symlink out — is an input error and is never read. Existence and the
sign-off digest become facts the rules engine weighs; this is the only I/O of evaluation.
A machine check that needs a document's content declares a ``gather`` step, which runs
here for the documents its items cite (:mod:`fhcheck.checks`); nothing here knows any one check.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from fhcheck.document_digests import sha256_of as _sha256
from fhcheck.errors import Location, Problem
from fhcheck.evidence import EvidenceEntry, EvidenceFile
from fhcheck.jsonfeed import MAX_FEED_BYTES as MAX_FEED_BYTES  # re-exported for callers of read_feed
from fhcheck.jsonfeed import read_feed as read_feed  # re-exported: the feed command reads feeds from here
from fhcheck.load import Document

if TYPE_CHECKING:
    from fhcheck.catalogue import Catalogue
    from fhcheck.checks import Check

DocumentState = Literal["ok", "missing", "changed", "not_a_file", "unreadable"]


class DocumentFact(NamedTuple):
    state: DocumentState
    location: Location
    detail: str = ""
    #: (check name, what its ``gather`` step made of the document), for the citing item's checks
    gathered: tuple[tuple[str, object], ...] = ()

    def gathered_by(self, check: str) -> object:
        """What the check named ``check`` gathered from this document (None: nothing)."""
        return next((value for name, value in self.gathered if name == check), None)


#: (item id, evidence index) -> what we found of the cited document
Facts = dict[tuple[str, int], DocumentFact]


def repository_root(folder: Path) -> Path:
    """The enclosing git work tree (a ``.git`` folder or file), else the folder itself."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def check_documents(
    evidence: EvidenceFile, doc: Document, evidence_path: Path, catalogue: Catalogue
) -> tuple[Facts, list[Problem]]:
    """Facts about every cited path, and problems for paths that escape the repository.

    The gather steps of an item's checks run on each readable, unchanged document it cites.
    """
    facts: Facts = {}
    problems: list[Problem] = []
    folder = evidence_path.resolve().parent
    root: Path | None = None
    memo: _Memo = {}
    for item_id, entry in evidence.items.items():
        gathers = _gathers(catalogue, item_id)
        for index, cited in enumerate(entry.evidence):
            if cited.path is None:
                continue
            where = doc.where(("items", item_id, "evidence", index, "path"))
            if root is None:
                root = repository_root(folder)
            raw = cited.path
            if "\\" in raw:  # a Windows path: the same verdict on every system, read as Windows would
                raw = raw.replace("\\", "/")
            escape = _escapes(cited.path, folder, root)
            if not escape and raw != cited.path:
                escape = _escapes(raw, folder, root).replace(repr(raw), f"{cited.path!r} (read with / for \\)")
            if escape:
                problems.append(Problem(where, escape))
                continue
            fact = _fact(folder / raw, cited.sha256, where, cited.path)
            if fact.state != "ok" or raw != cited.path:
                fact = _with_path_help(fact, cited.path, raw, folder, root)
            if fact.state == "ok" and gathers:
                fact = _gathered(fact, folder / cited.path, cited, gathers, memo, evidence.assessed_on)
            facts[(item_id, index)] = fact
    return facts, problems


def _with_path_help(fact: DocumentFact, written: str, raw: str, folder: Path, root: Path) -> DocumentFact:
    """The likely fix for a cited path that does not open: forward slashes, the folder the path is
    relative to, the capitals the file really has, or the file inside a folder.

    Every candidate is checked to lie inside the repository before anything is looked at.
    """
    hints: list[str] = []
    if raw != written and fact.state != "ok":
        hints.append(f"read with forward slashes for its backslashes, as {raw}")
    if fact.state == "missing":
        relative = _relative_to_root(raw, folder, root)
        if relative:
            where = folder.relative_to(root).as_posix() or "."
            hints.append(f"paths are relative to the evidence file's folder, {where}/; did you mean {relative}?")
        else:
            capitals = _with_other_capitals(raw, folder, root)
            if capitals:
                hints.append(f"it exists with different capitals: {capitals}")
    elif fact.state == "not_a_file" and (folder / raw).is_dir():
        inside = _first_file_in(folder / raw, root)
        such = f", such as {raw.rstrip('/')}/{inside}" if inside else ""
        hints.append(f"it is a folder; cite a file inside it{such}")
    if fact.state == "ok":  # it opens, but only because of how Windows reads backslashes
        return fact._replace(
            state="missing",
            detail=f"cited path {written} uses backslashes, which only Windows reads as folders "
            f"(write it {raw}, which works on every system)",
        )
    return fact._replace(detail=f"{fact.detail} ({'; '.join(hints)})") if hints else fact


def _relative_to_root(raw: str, folder: Path, root: Path) -> str:
    """``raw`` as a path from ``folder`` when it was written relative to the repository's root."""
    if folder == root:
        return ""
    target = Path(os.path.normpath(root / raw))
    if not _inside(target, root) or not _inside(target.resolve(), root) or not target.is_file():
        return ""
    return Path(os.path.relpath(target, folder)).as_posix()


def _with_other_capitals(raw: str, folder: Path, root: Path) -> str:
    """The path as it is really spelled, when only its capitals differ (one folder listing per part)."""
    current = folder
    spelled: list[str] = []
    for part in Path(raw).parts:
        if part in (".", ".."):
            current = Path(os.path.normpath(current / part))
            spelled.append(part)
        else:
            if not _inside(current, root) or not current.is_dir():
                return ""
            try:
                match = next((c for c in sorted(os.listdir(current)) if c.casefold() == part.casefold()), None)
            except OSError:
                return ""
            if match is None:
                return ""
            current = current / match
            spelled.append(match)
    if not _inside(current.resolve(), root) or not current.is_file():
        return ""
    return "/".join(spelled)


def _first_file_in(directory: Path, root: Path) -> str:
    if not _inside(directory.resolve(), root):
        return ""
    try:
        return next((n for n in sorted(os.listdir(directory)) if (directory / n).is_file()), "")
    except OSError:
        return ""


def _gathers(catalogue: Catalogue, item_id: str) -> list[Check[Any]]:
    """The item's checks that read its cited documents (most items have none)."""
    item = catalogue.items.get(item_id)
    return [check for check, _ in catalogue.checks_of(item) if check.gather] if item is not None else []


#: what a check gathered, by (check, evidence kind, the document's real path): read once per run
_Memo = dict[tuple[str, str | None, Path], object]


def _gathered(
    fact: DocumentFact, target: Path, cited: EvidenceEntry, gathers: list[Check[Any]], memo: _Memo,
    assessed_on: dt.date,
) -> DocumentFact:
    """What each of the citing item's checks gathers from one readable document, kept on its fact.

    A document cited by many entries (under any spelling of its path) is read once per check.
    """
    from fhcheck.checks import Cited

    assert cited.path is not None
    resolved = target.resolve()
    found: list[tuple[str, object]] = []
    for check in gathers:
        assert check.gather is not None
        key = (check.name, cited.kind, resolved)
        if key not in memo:
            memo[key] = check.gather(Cited(target, cited.path, cited.kind, assessed_on))
        if memo[key] is not None:
            found.append((check.name, memo[key]))
    return fact._replace(gathered=tuple(found)) if found else fact


def _escapes(raw: str, folder: Path, root: Path) -> str:
    """Why a cited path may not be read, or '' when it stays inside the repository."""
    if os.path.isabs(raw) or raw.startswith("~") or (len(raw) > 1 and raw[1] == ":"):
        return f"path {raw!r} is absolute; expected a path relative to the evidence file's folder"
    if "\x00" in raw:
        return "path contains a NUL character; expected a plain relative path"
    target = os.path.normpath(os.path.join(folder, raw))
    where = "the git repository" if (root / ".git").exists() else "the evidence file's folder"
    if not _inside(Path(target), root):
        return f"path {raw!r} leads outside {where}; expected a document inside it"
    try:
        # Resolve the path as the OS will open it (symlinks first, then ".."), never the
        # lexically normalised one: "link/../x" opens beside the link's target, not here.
        resolved = (folder / raw).resolve()
    except (OSError, RuntimeError):
        return f"path {raw!r} cannot be resolved (a symlink loop?); expected a document inside {where}"
    if not _inside(resolved, root):
        return f"path {raw!r} is a symlink to outside {where}; expected a document inside it"
    return ""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _fact(target: Path, digest: str | None, where: Location, raw: str) -> DocumentFact:
    """What the cited document is; the file system's refusals (a name too long, no permission)
    are facts about the evidence, never an internal error."""
    try:
        return _inspect(target, digest, where, raw)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return DocumentFact("unreadable", where, f"cited document {raw} cannot be read ({reason})")


def _inspect(target: Path, digest: str | None, where: Location, raw: str) -> DocumentFact:
    if not target.exists():
        return DocumentFact("missing", where, f"cited document {raw} does not exist")
    if not target.is_file():
        return DocumentFact("not_a_file", where, f"cited path {raw} is not a file")
    if digest is not None:
        actual = _sha256(target)
        if actual != digest:
            return DocumentFact(
                "changed",
                where,
                f"cited document {raw} has changed since sign-off (sha256 {_differing(actual, digest)}…, "
                f"signed off as {_differing(digest, actual)}…)",
            )
    return DocumentFact("ok", where)


def _differing(digest: str, other: str) -> str:
    """Enough of ``digest`` to differ visibly from ``other``: 12 digits, or 4 past the first difference."""
    first = next((i for i, (a, b) in enumerate(zip(digest, other, strict=False)) if a != b), len(digest))
    return digest[: max(12, first + 4)]
