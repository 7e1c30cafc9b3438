"""Locations in user files and the errors that carry them.

Every message about a user's file names the file, line and column (1-based, the shape
compilers and yamllint print) so that editors and CI annotations can jump to it.
"""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """A place in a file; line and column are 1-based, 0 when unknown.

    In a workbook ``cell`` names the place the way a spreadsheet user reads it
    (``Items!E17``) and is what is shown; line and column then hold the cell's row and
    column number, so that problems still sort in reading order.
    """

    file: str
    line: int = 0
    column: int = 0
    cell: str = ""

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}:{self.cell}"
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


class Problem(NamedTuple):
    """One finding about an input file: where, and what was found versus expected."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class FhcheckError(Exception):
    """A failure the user can fix: reported as one message, exit status 2."""


class InputError(FhcheckError):
    """One or more problems in an input file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def at(cls, location: Location, message: str) -> InputError:
        return cls([Problem(location, message)])


class UsageError(FhcheckError):
    """Bad command-line usage: an unknown version, identifier, format or path."""


class CriteriaError(FhcheckError):
    """A criteria file shipped with (or added to) fhcheck is malformed or inconsistent."""
