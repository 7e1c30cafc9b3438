"""Standard output whose reader may stop reading (``fhcheck assess ... | head -1``).

A closed pipe is not an error of the run: the reader had what it wanted. So the first
``EPIPE`` points file descriptor 1 at the null device (Python's advice, so that the
interpreter's final flush cannot fail either), every later write is dropped, and the run
carries on to its end: reports written to files are still written, and the exit status is
the one the run would have had without the pipe (0, 1 or 2), never click's blanket 1.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO


class ReaderAware:
    """``sys.stdout`` wrapped so that a write or flush into a closed pipe stops writing, quietly."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self.stop()
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self.stop()

    def stop(self) -> None:
        """The reader went away: nothing more reaches it, and nothing complains at exit."""
        self.gone = True
        silence(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def silence(stream: object) -> None:
    """Point ``stream``'s file descriptor at the null device, so that pending and later output is dropped."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
    except (AttributeError, OSError, ValueError):
        pass


def reader_gone() -> None:
    """Called where bytes went past the wrapper (``sys.stdout.buffer``) and met a closed pipe."""
    if isinstance(sys.stdout, ReaderAware):
        sys.stdout.stop()
    else:
        silence(sys.stdout)
