"""The interface every machine check is declared through, and the rules a check must keep.

The core rules every item gets (evidence present, of a required kind, inside the
repository, unchanged since sign-off, fresh) live in :mod:`fhcheck.evaluate`. A criteria
item opts into extra checks with ``checks: [{kind: ..., ...}]``; each kind is one
:class:`Check`, declared once in its own module of this package and registered by name in
:data:`fhcheck.rules.CHECKS`. Its parameters model is validated when the criteria file loads.

A machine check never lowers a verdict that other evidence earned. So a check judges in
one of two ways:

- ``entry``: why one cited entry cannot count (a feed that does not conform). Such an entry
  is passed over like an unreadable document; it decides the verdict only when no other
  entry carries the item, and is otherwise a warning on the item.
- ``run``: why the item fails whatever is cited. Only conditions that adding evidence can
  lift belong here (a register the item requires and the file lacks), so adding an evidence
  entry or a register entry can never lower a verdict.

What a reader should know is in ``notes`` (warnings on a met item: a register where nothing
counts, a feed's completeness). Notes never change a verdict.

A check that needs the content of a cited document declares ``gather``: the documents phase
(:func:`fhcheck.documents.check_documents`) calls it for each readable, unchanged document
an item with the check cites, once per document and run, and keeps what it returns on the
document's fact; the judging functions then read it as ``CheckContext.gathered``. So the
judging stays pure, and the documents phase knows nothing of any one check.

This module imports nothing of the engine, the catalogue or the evidence format: checks
are imported while criteria load, so anything they imported that imports the catalogue
would be an import cycle (``tests/unit/test_import_cycles.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from fhcheck.programmes import Programme


class Params(BaseModel):
    """The base of every check's parameters model: frozen, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


P = TypeVar("P", bound=BaseModel)


class Cited(NamedTuple):
    """One cited document that the documents phase found inside the repository, readable and unchanged."""

    #: the file on disk
    target: Path
    #: the path as the evidence file writes it (what messages name)
    path: str
    #: the entry's evidence kind, if it names one
    kind: str | None
    #: the evidence file's assessment date
    assessed_on: dt.date


class CheckContext(NamedTuple):
    """What a check may read about one item: the file's claims for it, its window, what ``gather`` found."""

    item_id: str
    assessed_on: dt.date
    #: the item's freshness window in months, and the first fresh day (evidence before it is stale)
    window: int
    cutoff: dt.date
    #: the evidence file's programme register (None: the file keeps none)
    programmes: tuple[Programme, ...] | None
    #: each cited entry's ``path`` (None for an entry with only a URL), by index
    paths: tuple[str | None, ...]
    #: what this check's ``gather`` made of each cited entry's document, by index (None: nothing)
    gathered: tuple[object, ...]


class Check(NamedTuple, Generic[P]):
    """A check kind, declared once: its name, parameters model, and the functions that judge."""

    #: the name criteria files use (``checks: [{kind: <name>}]``)
    name: str
    params: type[P]
    #: one sentence for ``fhcheck explain`` and the criteria browser
    summary: str
    #: why the item fails whatever is cited; only conditions that more evidence can lift
    run: Callable[[CheckContext, P], list[str]] | None = None
    #: why the cited entry at this index cannot count (empty: it may)
    entry: Callable[[CheckContext, P, int], list[str]] | None = None
    #: what a reader should know even when the check passes; never changes a verdict
    notes: Callable[[CheckContext, P], list[str]] | None = None
    #: what the check needs from a cited document, read during the documents phase (None: nothing)
    gather: Callable[[Cited], object] | None = None
