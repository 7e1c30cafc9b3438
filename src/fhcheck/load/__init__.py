"""YAML -> plain data plus the line and column of every key and value.

Evidence files come from people and from other tools, so this package treats every byte
as hostile, one job a module:

- :mod:`~fhcheck.load.reading`: only regular files, no more than ``max_bytes`` of them,
  UTF-8 only (a foreign encoding is named, as is the offset of a first bad byte or a
  control character), byte offsets -> line and column;
- :mod:`~fhcheck.load.composer`: the data built straight from libyaml's *event* stream
  rather than ``yaml.compose``, one event at a time and without recursion, which is what
  makes its limits (depth, values, alias bombs, tags, duplicate and merge keys) hold;
- :mod:`~fhcheck.load.scalars`: a scalar's value by its tag, plain YAML types only;
- :mod:`~fhcheck.load.document`: the :class:`Document` it returns, where every value and
  key was written, through aliases;
- :mod:`~fhcheck.load.messages`: libyaml's syntax errors in fhcheck's words, through a table.

Every refusal is an :class:`InputError` whose single line names the file, line and column.
"""

from __future__ import annotations

import gc
from pathlib import Path

import yaml

from fhcheck.errors import InputError, Location
from fhcheck.limits import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported for callers of load()
from fhcheck.load.composer import MAX_DEPTH as MAX_DEPTH
from fhcheck.load.composer import MAX_KEY_LENGTH as MAX_KEY_LENGTH
from fhcheck.load.composer import MAX_NODES as MAX_NODES
from fhcheck.load.composer import _Composer as _Composer
from fhcheck.load.composer import compose
from fhcheck.load.composer import max_nodes_for as max_nodes_for
from fhcheck.load.document import Document as Document
from fhcheck.load.document import KeyPath as KeyPath
from fhcheck.load.document import Yaml11Boolean as Yaml11Boolean
from fhcheck.load.reading import STDIN as STDIN
from fhcheck.load.reading import STDIN_NAME as STDIN_NAME
from fhcheck.load.reading import decode as decode
from fhcheck.load.reading import read_stdin as read_stdin
from fhcheck.load.reading import read_text as read_text
from fhcheck.load.reading import require_printable


def parse(text: str, display: str, max_nodes: int = MAX_NODES) -> Document:
    """Build ``text``'s data and marks from YAML events; any problem is an InputError."""
    require_printable(text, display)
    doc = Document(display, None)
    collecting = gc.isenabled()
    gc.disable()  # reading makes a tuple per value and no cycles: collecting meanwhile only costs time
    try:
        doc.data = compose(doc, text, max_nodes)
    except yaml.MarkedYAMLError as exc:
        from fhcheck.load import messages  # only a file with a syntax error needs its words

        if "maximum nesting depth" in (exc.problem or ""):
            raise messages.nesting_refused(exc, display, text, max_nodes) from None
        raise InputError([messages.yaml_problem(exc, display, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors (reader) are pre-empted by decode()
        message = " ".join(str(exc).split())
        raise InputError.at(Location(display), f"not valid YAML ({message}); expected a YAML mapping") from None
    finally:
        if collecting:
            gc.enable()
    return doc


def load(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one YAML file."""
    name = display if display is not None else str(path)
    return parse(read_text(path, name, max_bytes), name, max_nodes_for(max_bytes))
