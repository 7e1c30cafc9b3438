"""The garbage collector's part in a run of the ``fhcheck`` program.

Start-up (imports, pydantic models, the first catalogue) only allocates objects that
live until the process ends, and Python's collector spends its time walking them: about
a twentieth of a one-file run in collections during start-up, and a sixth in the full
collections the interpreter runs as it exits. The pattern the ``gc`` documentation gives
for a parent that forks workers fits a run exactly:

- :func:`hold` (the program's entry): no collections while start-up builds;
- :func:`release` (the first file assessed): freeze what start-up built out of every
  later collection, then collect again, for what each file leaves behind;
- :func:`finish` (the command done): freeze what is left, which exit frees anyway.

Worker processes turn the collector on as they start (:mod:`fhcheck.assessment`).
Only :func:`fhcheck.cli.run` holds the collector: ``main()`` called in-process (tests,
other programs) finds it as its caller left it, and :func:`release` then does nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_held = False


def hold() -> None:
    """No collections until :func:`release`: everything start-up allocates lives until exit."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Start-up is over: keep the collector off what it built, and on for everything after."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def released_after_first(outcomes: Iterable[T]) -> Iterator[T]:
    """``outcomes`` unchanged, releasing the collector once the caller has handled the first.

    The first file brings its framework's catalogue and the last lazy imports; by the time
    the second is asked for, what start-up builds is built.
    """
    for count, outcome in enumerate(outcomes):
        if count == 1:
            release()
        yield outcome
    release()


def finish() -> None:
    """The command is done: what is alive now is freed by exit, not by a last collection."""
    gc.freeze()
