"""The JSON report's own indenting encoder writes exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from fhcheck.report.json import dumps

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(_VALUES)
@example({"reasons": [], "warnings": {}, "quote\"\u2028\n\x00é": ["\ud800"]})
@example(float("nan"))
@example([[[]], {"": {"": None}}])
def test_dumps_is_json_dumps_with_indent_2(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@given(_VALUES, st.integers(min_value=0, max_value=4))
def test_dumps_at_a_level_is_the_text_nested_that_deep(value: Any, level: int) -> None:
    """As ``json.dumps`` writes ``value`` inside ``level`` single-element lists, one line in."""
    wrapped: Any = value
    for _ in range(level):
        wrapped = [wrapped]
    whole = json.dumps(wrapped, indent=2, ensure_ascii=False)
    lines = whole.split("\n")  # text has its "\n" escaped: these are the indentation's own
    inner = "\n".join(lines[level : len(lines) - level]) if level else whole
    assert "  " * level + dumps(value, level) == inner
