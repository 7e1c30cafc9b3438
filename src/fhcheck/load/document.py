"""What the loader returns: the data, and where in the file every value and key was written.

Kept apart from the YAML machinery (it imports no YAML): the workbook reader builds the same
:class:`Document` from cells, and every message finds its ``FILE:LINE:COL`` here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhcheck.errors import Location, Problem

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Yaml11Boolean:
    """A plain ``yes``/``no``/``on``/``off``: YAML 1.1 reads it as a boolean, people as text.

    A dataclass, not a NamedTuple like fhcheck's records: it is a value in the user's data,
    where a tuple would pass validation as a list of one.
    """

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Document:
    """Parsed data, and where in the file every value and mapping key was written.

    Marks are kept as the parser made them (0-based) and become a :class:`Location` only
    when asked for: creating one per value would double the cost of reading a file.
    """

    file: str
    data: Any
    _marks: dict[KeyPath, Any] = field(default_factory=dict, repr=False)
    _key_marks: dict[KeyPath, Any] = field(default_factory=dict, repr=False)
    #: where an alias was used -> the path of the anchored value it stands for
    _aliases: dict[KeyPath, KeyPath] = field(default_factory=dict, repr=False)
    #: problems found while reading that left the rest readable (a workbook's formula cell,
    #: say): reported together with validation's, so that one run names every mistake
    problems: tuple[Problem, ...] = ()

    def where(self, path: KeyPath, *, key: bool = False) -> Location:
        """The location of ``path`` (of its key, with ``key``), or of its nearest recorded ancestor.

        Below an alias, a path leads to where the anchored value was written: an alias
        costs one entry however much it stands for.
        """
        table = self._key_marks if key else self._marks
        probe = tuple(path)
        while probe:
            real = self._through_aliases(probe)
            if real in table:
                return self._location(table[real])
            if key and real in self._marks:
                return self._location(self._marks[real])
            probe = probe[:-1]
        if () in self._marks:
            return self._location(self._marks[()])
        return Location(self.file, 1, 1)

    def _through_aliases(self, path: KeyPath) -> KeyPath:
        """``path`` with every alias on it replaced by the path of the value the alias stands for.

        Each step moves into a value anchored (and finished) before the alias that led there,
        so there are never more steps than aliases.
        """
        aliases = self._aliases
        for _ in range(len(aliases)):
            for cut in range(1, len(path)):
                anchored = aliases.get(path[:cut])
                if anchored is not None:
                    path = anchored + path[cut:]
                    break
            else:
                return path
        return path

    def _location(self, mark: Any) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)
