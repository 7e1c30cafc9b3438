"""Machine checks that criteria items may declare, keyed by the name used in criteria files.

The core rules every item gets (evidence present, of a required kind, inside the
repository, unchanged since sign-off, fresh) live in :mod:`fhcheck.evaluate`. This
registry holds the extra checks an item opts into with ``checks: [{kind: ..., ...}]``;
each has a parameters model that is validated when the criteria file loads, and a pure
function that returns the reasons an item's evidence fails it (an empty list: passes).
Whether a failure blocks comes from the item's tier, never from the check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Check:
    """A check kind: its parameters model and the function that applies it."""

    params: type[BaseModel]
    run: Callable[[Any, BaseModel], list[str]]
    summary: str


#: Every check kind by the name criteria files use. Unknown names fail when criteria load.
CHECKS: dict[str, Check] = {}
