"""Issue 17's property: one pasted invisible or look-alike character is found where it is.

Any single character of a valid evidence file replaced by a Unicode space, a zero-width
character or a curly quote gives either a still-valid file or problems of which one is
on that character's line — never a message that sends the officer elsewhere.
"""

from __future__ import annotations

import os

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fhcheck.catalogue import default_store
from fhcheck.errors import InputError
from fhcheck.evidence import parse_evidence
from fhcheck.load import parse

VALID = """\
fhcheck: 1
framework: "2025"
local_authority: Westmoor Council
assessed_on: 2025-06-30
items:
  1.1.B1:
    status: met
    owner: Jane Smith
    evidence:
      - title: "Hub plan: 2025"
        url: https://example.org/plan
        kind: strategy
        date: 2025-05-01
      - title: 'Board minutes'
        url: https://example.org/minutes
  1.1.B2:
    status: partially_met
    plan: Publish the offer
    due: 2025-12-01
"""
PASTED = "\u00a0\u2002\u2003\u2009\u202f\u3000\u200b\u200c\u200d\u2060\ufeff\u2018\u2019\u201c\u201d"
EXAMPLES = int(os.environ.get("FHCHECK_FUZZ_EXAMPLES", "200"))


def _lines_blamed(text: str) -> set[int] | None:
    try:
        parse_evidence(parse(text, "ev.yaml"), default_store())
    except InputError as exc:
        return {p.location.line for p in exc.problems}
    return None


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.integers(0, len(VALID) - 1), st.sampled_from(PASTED))
@example(VALID.index("owner: ") + 6, "\u00a0")
@example(VALID.index('"Hub'), "\u201c")
@example(VALID.index("  status: partially"), "\u00a0")
def test_one_pasted_character_is_blamed_on_its_own_line(index: int, pasted: str) -> None:
    if VALID[index] == "\n":
        index -= 1  # replacing a line break joins two lines: not a pasted character
    text = VALID[:index] + pasted + VALID[index + 1 :]
    blamed = _lines_blamed(text)
    line = VALID.count("\n", 0, index) + 1
    assert blamed is None or line in blamed, (repr(text.splitlines()[line - 1]), blamed)
