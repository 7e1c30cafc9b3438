"""Cited documents: where a ``path`` points, whether it may be read, whether it still matches.

A path is relative to the evidence file's folder and must stay inside the git repository
that holds the file (or that folder, outside git). A path that escapes — ``../``, an
absolute path, a symlink out — is an input error and is never read. Existence and the
sign-off digest become facts the rules engine weighs; this is the only I/O of evaluation.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Literal, NamedTuple

from fhcheck.document_digests import sha256_of as _sha256
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
            if fact.state == "ok" and cited.kind == "service_directory" and cited.path.lower().endswith(".json"):
                fact = _with_feed_analysis(fact, folder / cited.path, cited.path, feeds, evidence.assessed_on)
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


def _with_feed_analysis(
    fact: DocumentFact, target: Path, raw: str, cache: dict[Path, object], assessed_on: dt.date
) -> DocumentFact:
    """A saved Open Referral UK feed is read once per run, analysed offline, and kept on the fact."""
    from fhcheck.oruk import analyse_feed, unreadable

    key = target.resolve()
    if key not in cache:
        try:
            cache[key] = analyse_feed(read_feed(target, raw), assessed_on)
        except InputError as exc:
            cache[key] = unreadable(str(exc))
    return fact._replace(analysis=cache[key])


#: Structure limits counted on the text before any value is built, so a hostile feed costs a
#: scan, not the memory of a million objects. A real 32 MB feed (about 13,000 fully nested
#: services) holds some 600,000 objects and arrays, nested about 8 deep.
MAX_FEED_DEPTH = 64
MAX_FEED_CONTAINERS = 1_500_000
#: with the 32 MB limit, 335 bytes a service: no real directory is near it
MAX_FEED_SERVICES = 100_000

_TOKENS: Any = None
_STRINGS: Any = None
_NOT_BRACKETS: Any = None
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _structure(text: str, display: str) -> None:
    """Refuse nesting deeper than MAX_FEED_DEPTH or more than MAX_FEED_CONTAINERS objects and arrays."""
    import re

    global _TOKENS, _STRINGS, _NOT_BRACKETS
    if _TOKENS is None:
        _TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')
        _STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # unrolled: 3x faster than (?:[^"\\]|\\.)*
        _NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
    # Fast pass at C speed: strings dropped, then everything but brackets; only the brackets
    # are walked in Python. The located pass below runs only when a limit is crossed.
    assert _STRINGS is not None and _NOT_BRACKETS is not None
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    opened = brackets.count("[") + brackets.count("{")
    if opened > MAX_FEED_CONTAINERS:
        raise InputError.at(Location(display), f"feed holds more than {MAX_FEED_CONTAINERS:,} JSON objects and "
                            "arrays; expected a saved /services response of at most some tens of thousands of services")
    if not brackets:
        return
    from collections import Counter
    from itertools import accumulate

    levels = list(accumulate(map(_STEP.__getitem__, brackets)))  # the depth after each bracket, in C
    deepest = max(levels)
    if deepest <= MAX_FEED_DEPTH:
        # A balanced text reaches level k once per opening to k and once per closing back from
        # k + 1, so the openings to the services' level are the alternating sum of the counts
        # from it down. Services sit at level 2 in a bare array, 3 in a page (object > content).
        level = 2 if brackets[0] == "[" else 3
        counts = Counter(levels)
        entries = sum(counts[k] if (k - level) % 2 == 0 else -counts[k] for k in range(level, deepest + 1))
        if entries > MAX_FEED_SERVICES:
            raise InputError.at(Location(display), f"feed holds more than {MAX_FEED_SERVICES:,} services; expected "
                                "a saved /services response (the largest English directories list some thousands)")
        return
    depth = containers = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            containers += 1
            if depth > MAX_FEED_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                raise InputError.at(Location(display, line, column), f"JSON nesting is deeper than {MAX_FEED_DEPTH} "
                                    "levels; expected a saved /services response (a few levels deep)")
            if containers > MAX_FEED_CONTAINERS:
                raise InputError.at(Location(display), f"feed holds more than {MAX_FEED_CONTAINERS:,} JSON objects "
                                    "and arrays; expected a saved /services response of at most some tens of "
                                    "thousands of services")
        elif token in "]}":
            depth -= 1


def read_feed(path: Path, display: str, max_bytes: int = MAX_FEED_BYTES) -> Any:
    """Parse a saved JSON feed: a regular file, size- and structure-limited, UTF-8, strict JSON.

    Devices and FIFOs are refused from ``stat`` before anything is opened (``/dev/zero`` never
    ends, a FIFO nobody writes never answers); duplicate keys and non-finite numbers (``NaN``,
    ``1e400``) are refused rather than silently resolved.
    """
    import json
    import math
    import stat

    from fhcheck.load import decode

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or socket, not a file"
            raise InputError.at(Location(display), f"is {kind}; expected a saved JSON feed (a regular file)")
        if info.st_size > max_bytes:
            raise InputError.at(Location(display), f"feed is {info.st_size:,} bytes; expected at most "
                                f"{max_bytes:,} bytes (a saved /services response of a few thousand services is "
                                "well under it)")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:  # grew since stat
            raise InputError.at(Location(display), f"feed is over {max_bytes:,} bytes; expected at most that")
    except FileNotFoundError:
        raise InputError.at(Location(display), "no such file; expected a saved JSON feed") from None
    except IsADirectoryError:
        raise InputError.at(Location(display), "is a directory; expected a saved JSON feed") from None
    except OSError as exc:
        raise InputError.at(Location(display), f"cannot be read ({exc.strerror}); expected a readable file") from None
    text = decode(raw, display)
    _structure(text, display)

    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    def finite(literal: str) -> float:
        number = float(literal)
        if not math.isfinite(number):
            raise ValueError(f"the number {literal[:40]} is too large to represent")
        return number

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if len(built) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise _DuplicateKey(key)
                seen.add(key)
        return built

    try:
        return json.loads(text, parse_constant=no_constants, parse_float=finite, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError.at(
            Location(display, exc.lineno, exc.colno),
            f"not valid JSON ({exc.msg}); expected the saved JSON response of a /services endpoint",
        ) from None
    except _DuplicateKey as exc:
        key = exc.args[0]
        raise InputError.at(_first_repeat(text, key, display), f"duplicate key {key[:60]!r} in one object; expected "
                            "each key once (a reader would silently keep only the last)") from None
    except RecursionError:
        raise InputError.at(Location(display), "JSON nesting is too deep; expected a saved /services response") \
            from None
    except ValueError as exc:
        raise InputError.at(Location(display), f"{exc}; expected standard JSON numbers") from None


class _DuplicateKey(Exception):
    """A key repeated in one JSON object (carries the key)."""


def _first_repeat(text: str, key: str, display: str) -> Location:
    """Where the key's second occurrence is, as a hint (the first object that repeats it may be later)."""
    import json

    quoted = json.dumps(key, ensure_ascii=False)
    first = text.find(quoted + ":")
    if first < 0:
        first = text.find(quoted)
    second = text.find(quoted, first + 1) if first >= 0 else -1
    if second < 0:
        return Location(display)
    line = text.count("\n", 0, second) + 1
    return Location(display, line, second - text.rfind("\n", 0, second))


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
