"""One evidence file from disk to a result: load -> validate -> documents -> evaluate.

Files are found by walking the paths given (``*.yaml``/``*.yml``, hidden folders skipped,
symlinked folders never followed twice), then assessed one at a time so that results can
stream out and memory stays flat however many files there are.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fhcheck.catalogue import CriteriaStore
from fhcheck.errors import InputError, Location, Problem, UsageError
from fhcheck.evaluate import Settings, evaluate
from fhcheck.load import DEFAULT_MAX_BYTES, load
from fhcheck.results import FileResult, InvalidFile

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Options:
    settings: Settings = Settings()
    max_bytes: int = DEFAULT_MAX_BYTES
    validate_only: bool = False


def discover(paths: Iterable[str]) -> Iterator[tuple[Path, str] | InvalidFile]:
    """Evidence files under ``paths`` in a stable order, with the name to show for each.

    A path that does not exist, cannot be looked at, or a folder with no YAML files, yields
    an InvalidFile so that the rest is still assessed and the run still fails.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except (OSError, ValueError) as exc:  # a name too long for the file system, say
            reason = getattr(exc, "strerror", None) or str(exc)
            yield InvalidFile(raw, (Problem(Location(raw), f"cannot be looked at ({reason}); expected a file or folder path"),))
            continue
        if is_dir:
            found = False
            for file in _walk(path):
                found = True
                yield file if isinstance(file, InvalidFile) else (file, str(file))
            if not found:
                yield InvalidFile(raw, (Problem(Location(raw), "folder holds no .yaml or .yml files; expected evidence files"),))
        elif exists:
            yield path, raw
        else:
            yield InvalidFile(raw, (Problem(Location(raw), "no such file or folder; expected an evidence file or a folder of them"),))


def _walk(top: Path) -> Iterator[Path | InvalidFile]:
    """Depth first, in name order, without recursion: no folder tree can exhaust the stack.

    Every ``*.yaml``/``*.yml`` that is not a folder is yielded, even a FIFO or a broken
    symlink, so that loading names what is wrong with it; a folder that cannot be listed
    is reported rather than skipped.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(folder: Path) -> InvalidFile | None:
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                return None  # a symlink loop or a second route to the same folder
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            name = str(folder)
            reason = exc.strerror or type(exc).__name__
            return InvalidFile(name, (Problem(Location(name), f"folder cannot be read ({reason}); expected a readable folder"),))
        stack.append(iter(entries))
        return None

    problem = enter(top)
    if problem is not None:
        yield problem
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            problem = enter(Path(entry.path))
            if problem is not None:
                yield problem
        elif entry.name.endswith(YAML_SUFFIXES):
            yield Path(entry.path)


def assess_file(path: Path, display: str, store: CriteriaStore, options: Options) -> FileResult | InvalidFile:
    """Assess one file; any problem in it becomes an InvalidFile, never an exception."""
    from fhcheck.evidence import parse_evidence
    from fhcheck.references import check_documents

    try:
        doc = load(path, display, options.max_bytes)
        evidence, catalogue = parse_evidence(doc, store)
        facts, problems = check_documents(evidence, doc, path)
        if options.validate_only:
            problems += [
                Problem(fact.location, f"{fact.detail}; expected an existing, unchanged document")
                for fact in facts.values()
                if fact.state != "ok"
            ]
        if problems:
            raise InputError(sorted(problems, key=lambda p: (p.location.line, p.location.column)))
    except InputError as exc:
        from fhcheck.validate import screenful

        return InvalidFile(display, tuple(screenful(exc.problems)))
    except UsageError as exc:
        return InvalidFile(display, (Problem(Location(display), str(exc)),))
    return evaluate(catalogue, evidence, doc, facts, options.settings)


def assess_paths(paths: Iterable[str], store: CriteriaStore, options: Options) -> Iterator[FileResult | InvalidFile]:
    for found in discover(paths):
        if isinstance(found, InvalidFile):
            yield found
        else:
            yield assess_file(found[0], found[1], store, options)
