"""Evidence files to results: one pipeline, load -> validate -> documents -> evaluate.

A file from disk, from standard input and from a git revision (``--baseline``) all go
through :func:`run_pipeline` with the same limits, so a file is judged the same wherever
its text came from.

Files are found by walking the paths given (``*.yaml``/``*.yml``, hidden folders skipped,
symlinked folders never followed twice, and no link followed out of the folder named), then
assessed one at a time so that results can stream out and memory stays flat however many
files there are. Many files are assessed
in worker processes (:func:`map_outcomes`), a few chunks ahead of the reader, and come
back in the order of the walk, so that the output never depends on how many there were.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from fhcheck.catalogue import CriteriaStore
from fhcheck.errors import InputError, Location, Problem, UsageError
from fhcheck.evaluate import Settings, evaluate
from fhcheck.limits import DEFAULT_MAX_BYTES
from fhcheck.load import STDIN, STDIN_NAME, Document, load
from fhcheck.results import FileResult, InvalidFile, Stage

YAML_SUFFIXES = (".yaml", ".yml")
#: files read as evidence workbooks (an .xlsm is read only to be refused: it holds macros)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: without --jobs, runs of at least this many files use every core: below it, starting
#: the workers (and each building its catalogue) costs more than they save
AUTO_JOBS_FROM = 40
#: worker processes used without --jobs, at most
AUTO_JOBS_MAX = 8

T = TypeVar("T")
#: what :func:`discover` yields for each path: a file to assess with the name to show for
#: it, or why the path cannot be assessed
Discovered = tuple[Path, str] | InvalidFile


class AssessOptions(NamedTuple):
    """How every file of a run is assessed, the same way whatever it came from.

    ``judging`` holds what changes a verdict or pass/fail (:class:`fhcheck.evaluate.Settings`,
    all the rules engine sees); ``max_bytes`` how much of a file is read (the value limit
    scales with it); ``validate_only`` stops before evaluation (``fhcheck validate``).
    """

    judging: Settings = Settings()
    max_bytes: int = DEFAULT_MAX_BYTES
    validate_only: bool = False

    @classmethod
    def from_command(cls, warn_days: int, max_bytes: int, fail_under: Stage = "minimum") -> AssessOptions:
        """The options as every command spells them (``--warn-days``, ``--max-bytes``, ``--fail-under``)."""
        return cls(Settings(warn_days=warn_days, fail_under=fail_under), max_bytes)


def discover(paths: Iterable[str]) -> Iterator[Discovered]:
    """Evidence files under ``paths`` in a stable order, with the name to show for each.

    A path that does not exist, cannot be looked at, or a folder with no YAML files, yields
    an InvalidFile so that the rest is still assessed and the run still fails. ``-`` is one
    evidence file read from standard input (:data:`fhcheck.load.STDIN`); the documents it
    cites resolve from the current folder.
    """
    seen_stdin = False
    for raw in paths:
        if not raw.strip():
            raise UsageError(
                f"empty path {raw!r}; expected an evidence file or a folder of them (use . for this folder)"
            )
        if raw == STDIN_NAME:
            if seen_stdin:
                twice = Problem(Location(raw), "standard input named twice; expected '-' at most once")
                yield InvalidFile(raw, (twice,))
            else:
                yield STDIN, STDIN_NAME
            seen_stdin = True
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except (OSError, ValueError) as exc:  # a name too long for the file system, say
            reason = getattr(exc, "strerror", None) or str(exc)
            yield InvalidFile(
                raw, (Problem(Location(raw), f"cannot be looked at ({reason}); expected a file or folder path"),)
            )
            continue
        if is_dir:
            found = False
            for file in _walk(path):
                found = True
                yield file if isinstance(file, InvalidFile) else (file, str(file))
            if not found:
                yield InvalidFile(
                    raw, (Problem(Location(raw), "folder holds no .yaml or .yml files; expected evidence files"),)
                )
        elif exists:
            yield path, raw
        else:
            yield InvalidFile(
                raw, (Problem(Location(raw), "no such file or folder; expected an evidence file or a folder of them"),)
            )


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
            return InvalidFile(
                name, (Problem(Location(name), f"folder cannot be read ({reason}); expected a readable folder"),)
            )
        stack.append(iter(entries))
        return None

    problem = enter(top)
    if problem is not None:
        yield problem
    boundary = Path(os.path.realpath(top))
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
        if (is_dir or entry.name.endswith(YAML_SUFFIXES)) and not _utf8(entry.path):
            yield _not_utf8(entry.path)
            continue
        if (is_dir or entry.name.endswith(YAML_SUFFIXES)) and _leaves(entry, boundary):
            yield _outside(entry.path, top, is_dir)
            continue
        if is_dir:
            problem = enter(Path(entry.path))
            if problem is not None:
                yield problem
        elif entry.name.endswith(YAML_SUFFIXES):
            yield Path(entry.path)


def _utf8(name: str) -> bool:
    """Whether a name read from the file system is UTF-8 (else it holds surrogateescape'd bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_utf8(name: str) -> InvalidFile:
    """A name no report could carry (JSON, SARIF and XML need UTF-8), shown with its odd bytes visible."""
    shown = os.fsencode(name).decode("utf-8", "backslashreplace")
    message = "file or folder name is not UTF-8; expected a UTF-8 name (rename it)"
    return InvalidFile(shown, (Problem(Location(shown), message),))


def _leaves(entry: os.DirEntry[str], boundary: Path) -> bool:
    """Whether ``entry`` is a symbolic link whose target lies outside ``boundary`` (the folder named)."""
    try:
        if not entry.is_symlink():
            return False
        Path(os.path.realpath(entry.path)).relative_to(boundary)
    except ValueError:
        return True
    except OSError:
        return False
    return False


def _outside(name: str, top: Path, is_dir: bool) -> InvalidFile:
    """A link out of the folder is named, never followed: a pull request must not make fhcheck read
    (and print in its messages) a file elsewhere on the machine, such as a CI credential."""
    what = "folder" if is_dir else "file"
    message = (
        f"is a symbolic link to a {what} outside {top}; expected evidence inside the folder "
        "(links that leave it are never followed)"
    )
    return InvalidFile(name, (Problem(Location(name), message),))


def assess_file(path: Path, display: str, store: CriteriaStore, options: AssessOptions) -> FileResult | InvalidFile:
    """Assess one file from disk, or standard input for ``-`` (:data:`fhcheck.load.STDIN`)."""
    if path == STDIN and display == STDIN_NAME:
        return run_pipeline(lambda: _stdin_document(display, options.max_bytes), display, path, store, options)
    return run_pipeline(lambda: load_evidence(path, display, options.max_bytes), display, path, store, options)


def assess_text(
    text: bytes | str, display: str, evidence_path: Path, store: CriteriaStore, options: AssessOptions
) -> FileResult | InvalidFile:
    """Assess an evidence file's text read elsewhere (a git revision, say), as a file on disk is.

    ``evidence_path`` is where the file's cited documents resolve from; the size and value
    limits are those of a file on disk (:func:`text_document`).
    """
    return run_pipeline(lambda: text_document(text, display, options.max_bytes), display, evidence_path, store, options)


def text_document(text: bytes | str, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """YAML text as a Document, with the limits :func:`fhcheck.load.load` puts on a file: at most
    ``max_bytes`` bytes, and as many values as that size allows (:func:`fhcheck.load.max_nodes_for`)."""
    from fhcheck.load import decode, max_nodes_for, parse

    if isinstance(text, bytes):
        if len(text) > max_bytes:
            limit = f"expected at most {max_bytes:,} bytes (raise the limit with --max-bytes)"
            raise InputError.at(Location(display), f"file is {len(text):,} bytes; {limit}")
        text = decode(text, display)
    return parse(text, display, max_nodes_for(max_bytes))


def _stdin_document(display: str, max_bytes: int) -> Document:
    from fhcheck.load import read_stdin

    return text_document(read_stdin(display, max_bytes), display, max_bytes)


def run_pipeline(
    read: Callable[[], Document], display: str, evidence_path: Path, store: CriteriaStore, options: AssessOptions
) -> FileResult | InvalidFile:
    """The one pipeline, whatever the file came from: ``read`` (load) -> validate -> documents ->
    evaluate. Any problem in the file becomes an InvalidFile, never an exception."""
    from fhcheck.documents import check_documents
    from fhcheck.evidence import parse_evidence

    try:
        doc = read()
        evidence, catalogue = parse_evidence(doc, store)
        facts, problems = check_documents(evidence, doc, evidence_path, catalogue)
        findings = [
            Problem(fact.location, f"{fact.detail}; expected an existing, unchanged document")
            for fact in facts.values()
            if fact.state != "ok" and options.validate_only
        ]
        if problems:  # the file is invalid; validate still shows its findings beside why
            raise InputError(sorted(problems + findings, key=lambda p: (p.location.line, p.location.column)))
        if options.validate_only:
            if findings:
                from fhcheck.validate import screenful

                findings.sort(key=lambda p: (p.location.line, p.location.column))
                return InvalidFile(display, tuple(screenful(findings)), with_findings=True)
    except InputError as exc:
        from fhcheck.validate import screenful

        return InvalidFile(display, tuple(screenful(exc.problems)))
    except UsageError as exc:
        return InvalidFile(display, (Problem(Location(display), str(exc)),))
    result = evaluate(catalogue, evidence, doc, facts, options.judging)
    notices = _file_notices(evidence.assessed_on, doc)
    return result._replace(notices=notices) if notices else result


def _file_notices(assessed_on: dt.date, doc: Document) -> tuple[Problem, ...]:
    """An assessment dated in the future judges freshness against that day: usually a typo."""
    today = dt.date.today()
    if assessed_on <= today:
        return ()
    return (
        Problem(
            doc.where(("assessed_on",)),
            f"found assessed_on {assessed_on.isoformat()}, later than today ({today.isoformat()}); expected the "
            "day of the assessment (evidence goes stale, and plans fall due, counted from it)",
        ),
    )


def load_evidence(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """An evidence file, YAML or workbook, as a Document (openpyxl is imported only for a workbook)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from fhcheck.workbook.reader import read_workbook

        return read_workbook(path, display, max_bytes)
    return load(path, display, max_bytes)


def assess_paths(
    paths: Iterable[str], store: CriteriaStore, options: AssessOptions, *, jobs: int | None = 1
) -> Iterator[FileResult | InvalidFile]:
    """Every file's result (or why it is invalid), in the order :func:`discover` finds them."""
    return map_outcomes(paths, store, options, _same, jobs=jobs)


def map_outcomes(
    paths: Iterable[str],
    store: CriteriaStore,
    options: AssessOptions,
    finish: Callable[[FileResult | InvalidFile], T],
    *,
    jobs: int | None = 1,
) -> Iterator[T]:
    """``finish`` of every file's outcome, in the order :func:`discover` finds the files.

    ``jobs`` is how many processes assess files (``None``: every core for a run of at least
    :data:`AUTO_JOBS_FROM` files, else one). In worker processes ``finish`` runs there
    too, so it must be picklable, and should return something small: it is what crosses
    back. Either way the outcomes come in the same order with the same content.
    """
    found = list(discover(paths))
    files = sum(1 for one in found if not isinstance(one, InvalidFile))
    # a worker process has no standard input of ours: a run that reads it stays in this process
    workers = 1 if any(one == (STDIN, STDIN_NAME) for one in found) else worker_count(jobs, files)
    if workers <= 1:
        return (finish(_assess_found(one, store, options)) for one in found)
    return _in_workers(found, store, options, finish, workers)


def worker_count(jobs: int | None, files: int) -> int:
    """Processes for ``files`` files: ``jobs`` when given, never more than the cores this process may
    use (``--jobs 100000`` would otherwise start a process per file) nor than there are files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs is None:
        jobs = min(cores, AUTO_JOBS_MAX) if files >= AUTO_JOBS_FROM else 1
    return max(1, min(jobs, cores, files))


def _same(outcome: FileResult | InvalidFile) -> FileResult | InvalidFile:
    return outcome


def _assess_found(found: Discovered, store: CriteriaStore, options: AssessOptions) -> FileResult | InvalidFile:
    return found if isinstance(found, InvalidFile) else assess_file(found[0], found[1], store, options)


def _in_workers(
    found: list[Discovered],
    store: CriteriaStore,
    options: AssessOptions,
    finish: Callable[[FileResult | InvalidFile], T],
    workers: int,
) -> Iterator[T]:
    """Chunks of files assessed by ``workers`` processes, read back in order.

    Only a few chunks per worker are in flight at a time, so however many files there are
    only those chunks' outcomes wait in memory. A worker ignores Ctrl-C: the run stops
    them (``Interrupted.``) rather than each printing a traceback of its own.
    """
    import multiprocessing
    import shutil
    import sys
    import tempfile
    from concurrent.futures import Future, ProcessPoolExecutor

    size = max(1, min(8, len(found) // (workers * 8)))
    chunks = (found[start : start + size] for start in range(0, len(found), size))
    # fork starts a worker in milliseconds with every module already imported; where it is
    # not the safe default (macOS) or not available (Windows), the platform's own is used
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    # the workers' shared digests (fhcheck.document_digests): a document cited by many files
    # is hashed once in the run, not once per worker
    digests = tempfile.mkdtemp(prefix="fhcheck-digests-")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(store, options, finish, digests)
    )
    try:
        pending: deque[Future[list[T]]] = deque(
            pool.submit(_assess_chunk, chunk) for chunk in _take(chunks, workers * 4)
        )
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(_assess_chunk, chunk) for chunk in _take(chunks, 1))
            yield from done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(digests, ignore_errors=True)


def _take(items: Iterator[list[Discovered]], count: int) -> list[list[Discovered]]:
    return [chunk for _, chunk in zip(range(count), items, strict=False)]


#: a worker process's own store, options and finishing step, set once as it starts: the
#: catalogues it builds are reused for every chunk it is sent
_worker: tuple[CriteriaStore, AssessOptions, Callable[[Any], Any]] | None = None


def _start_worker(
    store: CriteriaStore, options: AssessOptions, finish: Callable[[Any], Any], digests: str | None = None
) -> None:
    """A forked worker ignores Ctrl-C (the parent stops it) and collects garbage, whatever
    its parent's start-up did with the collector (:mod:`fhcheck.cli.collector`); it shares
    document digests with the other workers through the folder ``digests``."""
    import gc
    import signal

    from fhcheck.document_digests import share_in

    global _worker
    gc.enable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    share_in(Path(digests) if digests is not None else None)
    _worker = (store, options, finish)


def _assess_chunk(chunk: list[Discovered]) -> list[Any]:
    assert _worker is not None, "a chunk is only ever assessed in a started worker"
    store, options, finish = _worker
    return [finish(_assess_found(one, store, options)) for one in chunk]
