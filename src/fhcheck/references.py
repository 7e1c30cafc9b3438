"""Cited documents: where a ``path`` points, whether it may be read, whether it still matches.

A path is relative to the evidence file's folder and must stay inside the git repository
that holds the file (or that folder, outside git). A path that escapes — ``../``, an
absolute path, a symlink out — is an input error and is never read. Existence and the
sign-off digest become facts the rules engine weighs; this is the only I/O of evaluation.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, NamedTuple

from fhcheck.errors import InputError, Location, Problem
from fhcheck.evidence import EvidenceFile
from fhcheck.load import Document

DocumentState = Literal["ok", "missing", "changed", "not_a_file", "unreadable"]


class DocumentFact(NamedTuple):
    state: DocumentState
    location: Location
    detail: str = ""
    #: what a machine check made of the document's content (e.g. a service directory feed)
    analysis: object | None = None


#: (item id, evidence index) -> what we found of the cited document
Facts = dict[tuple[str, int], DocumentFact]

#: A saved service-directory feed larger than this is refused (a few thousand fully nested
#: Open Referral UK services are well under it).
MAX_FEED_BYTES = 32 * 1024 * 1024


def repository_root(folder: Path) -> Path:
    """The enclosing git work tree (a ``.git`` folder or file), else the folder itself."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def check_documents(evidence: EvidenceFile, doc: Document, evidence_path: Path) -> tuple[Facts, list[Problem]]:
    """Facts about every cited path, and problems for paths that escape the repository."""
    facts: Facts = {}
    problems: list[Problem] = []
    folder = evidence_path.resolve().parent
    root: Path | None = None
    feeds: dict[Path, object] = {}
    for item_id, entry in evidence.items.items():
        for index, cited in enumerate(entry.evidence):
            if cited.path is None:
                continue
            where = doc.where(("items", item_id, "evidence", index, "path"))
            if root is None:
                root = repository_root(folder)
            escape = _escapes(cited.path, folder, root)
            if escape:
                problems.append(Problem(where, escape))
                continue
            fact = _fact(folder / cited.path, cited.sha256, where, cited.path)
            if fact.state == "ok" and cited.kind == "service_directory" and cited.path.lower().endswith(".json"):
                fact = _with_feed_analysis(fact, folder / cited.path, cited.path, feeds)
            facts[(item_id, index)] = fact
    return facts, problems


def _with_feed_analysis(fact: DocumentFact, target: Path, raw: str, cache: dict[Path, object]) -> DocumentFact:
    """A saved Open Referral UK feed is read once per run, analysed offline, and kept on the fact."""
    from fhcheck.oruk import analyse_feed, unreadable

    key = target.resolve()
    if key not in cache:
        try:
            cache[key] = analyse_feed(read_feed(target, raw))
        except InputError as exc:
            cache[key] = unreadable(str(exc))
    return fact._replace(analysis=cache[key])


def read_feed(path: Path, display: str, max_bytes: int = MAX_FEED_BYTES) -> Any:
    """Parse a saved JSON feed: size-limited, UTF-8, strict JSON; problems are located in the feed."""
    import json

    from fhcheck.load import decode

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError.at(Location(display), f"feed is {size:,} bytes; expected at most {max_bytes:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError.at(Location(display), "no such file; expected a saved JSON feed") from None
    except IsADirectoryError:
        raise InputError.at(Location(display), "is a directory; expected a saved JSON feed") from None
    except OSError as exc:
        raise InputError.at(Location(display), f"cannot be read ({exc.strerror}); expected a readable file") from None
    text = decode(raw, display)

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    try:
        return json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        raise InputError.at(
            Location(display, exc.lineno, exc.colno),
            f"not valid JSON ({exc.msg}); expected the saved JSON response of a /services endpoint",
        ) from None
    except RecursionError:
        raise InputError.at(Location(display), "JSON nesting is too deep; expected a saved /services response") from None
    except ValueError as exc:
        raise InputError.at(Location(display), f"{exc}; expected standard JSON numbers") from None


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
                "changed", where, f"cited document {raw} has changed since sign-off (sha256 {actual[:12]}…, "
                f"signed off as {digest[:12]}…)"
            )
    return DocumentFact("ok", where)


#: digests already computed in this process, by the file's identity and version: sixty
#: citations of one large document (in one file or many) hash it once, not sixty times
_DIGESTS: dict[tuple[int, int, int, int], str] = {}
_DIGESTS_KEPT = 10_000


def _sha256(path: Path) -> str:
    import hashlib  # only files that record a sign-off digest need it

    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        known = _DIGESTS.get(key)
        if known is not None:
            return known
        hasher = hashlib.sha256()
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    if len(_DIGESTS) >= _DIGESTS_KEPT:
        _DIGESTS.clear()
    _DIGESTS[key] = hasher.hexdigest()
    return _DIGESTS[key]
