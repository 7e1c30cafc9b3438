"""What a baseline is: each assessed file against itself at a git revision (``--baseline REF``).

A pull request's CI wants "what did this change move?": the same file at the base
revision, assessed the same way (:func:`fhcheck.assessment.assess_text`, with the run's
own limits), compared with the work tree. Git is reached only through :mod:`fhcheck.git_revisions`.

What is *not* taken from REF: documents the old file cites by ``path`` are checked
against the work tree, as they are now. Git may not even hold them (large PDFs often live
elsewhere), and "is the document there and unchanged?" is a question about today. A
document deleted since REF therefore counts against both sides, and the delta shows only
what the evidence file's own changes moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from fhcheck.errors import InputError, Location, Problem, UsageError

if TYPE_CHECKING:
    from fhcheck.assessment import AssessOptions
    from fhcheck.catalogue import CriteriaStore
    from fhcheck.comparison import Comparison
    from fhcheck.results import FileResult, InvalidFile

#: ``compared``: the file was valid at REF and ``comparison`` says what moved; ``new``: it
#: did not exist at REF; ``invalid``: it existed but was not a valid evidence file then
BaselineState = Literal["compared", "new", "invalid"]


@dataclass(frozen=True)
class Baseline:
    """One assessed file against its version at REF.

    ``state`` is ``compared`` (``comparison`` is set), ``new`` (the file did not exist at
    REF) or ``invalid`` (it existed but was not a valid evidence file then; ``problems``).
    """

    file: str
    ref: str
    state: BaselineState
    comparison: Comparison | None = None
    problems: tuple[Problem, ...] = ()


def assess_at(
    ref: str, file: Path, display: str, store: CriteriaStore, options: AssessOptions
) -> FileResult | InvalidFile | None:
    """Assess ``file`` as it was at ``ref`` (``None``: it did not exist there).

    The text git returns goes through the same pipeline, with the same limits, as a file on
    disk; cited ``path`` documents are checked in the work tree (see the module doc).
    """
    from fhcheck.assessment import assess_text
    from fhcheck.git_revisions import locate, read_at, resolve_ref
    from fhcheck.results import InvalidFile

    revision = locate(file)
    if revision is None:
        raise UsageError(
            f"{display}: is not inside a git repository; expected --baseline only for files in a git work tree"
        )
    commit = resolve_ref(ref, revision.root)
    name = f"{ref}:{revision.path}"
    try:
        raw = read_at(commit, revision, options.max_bytes)
    except InputError as exc:
        return InvalidFile(name, tuple(Problem(Location(name), p.message) for p in exc.problems))
    if raw is None:
        return None
    return assess_text(raw, name, file, store, options)


def baselines(
    ref: str, results: list[FileResult], store: CriteriaStore, options: AssessOptions
) -> list[Baseline]:
    """Each assessed file against itself at ``ref``; a bad REF or a file outside git is a usage error."""
    from fhcheck.comparison import compare_results
    from fhcheck.results import InvalidFile

    found = []
    for result in results:
        old = assess_at(ref, Path(result.file), result.file, store, options)
        if old is None:
            found.append(Baseline(result.file, ref, "new"))
        elif isinstance(old, InvalidFile):
            found.append(Baseline(result.file, ref, "invalid", problems=old.problems))
        else:
            found.append(Baseline(result.file, ref, "compared", compare_results(old, result, store)))
    return found
