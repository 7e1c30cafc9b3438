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

    A path that does not exist, or a folder with no YAML files, yields an InvalidFile so
    that the rest is still assessed and the run still fails.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield file, str(file)
            if not found:
                yield InvalidFile(raw, (Problem(Location(raw), "folder holds no .yaml or .yml files; expected evidence files"),))
        elif path.exists() or path.is_symlink():
            yield path, raw
        else:
            yield InvalidFile(raw, (Problem(Location(raw), "no such file or folder; expected an evidence file or a folder of them"),))


def _walk(top: Path) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path) -> Iterator[Path]:
        try:
            info = folder.stat()
        except OSError:
            return
        if (info.st_dev, info.st_ino) in seen:
            return  # a symlink loop or a second route to the same folder
        seen.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                if entry.is_dir():
                    yield from visit(child)
                elif entry.name.endswith(YAML_SUFFIXES) and entry.is_file():
                    yield child
            except OSError:
                continue

    yield from visit(top)


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
        return InvalidFile(display, tuple(exc.problems))
    except UsageError as exc:
        return InvalidFile(display, (Problem(Location(display), str(exc)),))
    return evaluate(catalogue, evidence, doc, facts, options.settings)


def assess_paths(paths: Iterable[str], store: CriteriaStore, options: Options) -> Iterator[FileResult | InvalidFile]:
    for found in discover(paths):
        if isinstance(found, InvalidFile):
            yield found
        else:
            yield assess_file(found[0], found[1], store, options)
