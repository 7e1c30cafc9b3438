"""Comment runs folded out of ruamel's way (``migration_text.fold_comments``): one line each
while ruamel reads and writes the file, the same lines back afterwards.

ruamel's scanner joins a run of comment lines after a value one concatenation at a time,
so its cost grew with the square of the run (40,000 lines after one entry: 6.2 s; folded,
0.3 s; ``benchmarks/migrate.py``). Nothing here is timed: the tests pin that a run reaches
ruamel as one line, that ``#`` lines inside a scalar are never taken for comments, and that
the migrated text is byte for byte what ruamel gives without the folding.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fhcheck import migrate as migrate_module
from fhcheck.catalogue import CriteriaStore, default_store
from fhcheck.framework_diff import diff_versions
from fhcheck.migrate import migrate_text
from fhcheck.migration_text import FoldedComments, fold_comments
from tests.helpers import fictional_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"
TOKEN = "0123456789abcdef"


@pytest.fixture(scope="module")
def store() -> CriteriaStore:
    return fictional_store()


def with_runs(text: str, size: int = 3) -> str:
    """``text`` with a run of ``size`` comment lines before and inside every item entry (after
    the previous entry's last value: where ruamel joined them) and at the end."""
    out: list[str] = []
    for line in text.splitlines():
        key = re.match(r"^( +)(\d+\.\d+\.[A-Z]\d+):\s*$", line)
        if key:
            out += [f"{key.group(1)}# before {key.group(2)} line {n}" for n in range(size)]
        out.append(line)
        if key:
            out += [f"{key.group(1)}  # inside {key.group(2)} line {n}" for n in range(size)]
    out += [f"# at the end, line {n}" for n in range(size)]
    return "\n".join(out) + "\n"


def unfolded(text: str, token: str) -> FoldedComments:
    return FoldedComments(text, (), re.compile(rf"^# never {token}$"))


def test_a_run_reaches_ruamel_as_one_line_and_comes_back_verbatim() -> None:
    text = "a: 1\n  # one\n    # two\n# three\nb: 2  # eol\n# single\nc: 3\n"
    folded = fold_comments(text, TOKEN)
    assert folded.text == f"a: 1\n  # __fhcheck_comments_{TOKEN}_0__\nb: 2  # eol\n# single\nc: 3\n"
    assert folded.unfold(f"  # __fhcheck_comments_{TOKEN}_0__") == ["  # one", "    # two", "# three"]
    assert folded.unfold("# single") is None
    assert "\n".join(folded.unfold_all(folded.text.split("\n"))) == text


def test_hash_lines_inside_a_scalar_are_the_users_text() -> None:
    text = 'plan: |\n  # step one\n  # step two\nquote: "a\n  # b\n  # c"\n# real one\n# real two\n'
    folded = fold_comments(text, TOKEN)
    assert folded.text.startswith('plan: |\n  # step one\n  # step two\nquote: "a\n  # b\n  # c"\n')
    assert folded.runs == (("# real one", "# real two"),)


def test_crlf_lines_keep_their_ends() -> None:
    folded = fold_comments("a: 1\r\n# x\r\n# y\r\nb: 2\r\n", TOKEN)
    assert folded.text == f"a: 1\r\n# __fhcheck_comments_{TOKEN}_0__\r\nb: 2\r\n"
    assert folded.runs == (("# x", "# y"),)


@pytest.mark.parametrize(
    ("fixture", "old", "new"), [("evidence-2030.yaml", "2030", "2031"), ("evidence-2022.yaml", "2022", "2025")]
)
@pytest.mark.parametrize("size", [2, 5])
def test_migrating_with_folded_runs_gives_what_ruamel_gives_without(
    fixture: str, old: str, new: str, size: int, store: CriteriaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merged, split, replaced, retired and unchanged entries, each with runs around it."""
    catalogues = store if old == "2030" else default_store()
    diff, target = diff_versions(catalogues.get(old), catalogues.get(new)), catalogues.get(new)
    source = (FIXTURES / fixture).read_text(encoding="utf-8")
    text = with_runs(source, size)
    keys = re.findall(r"^ +\d+\.\d+\.[A-Z]\d+:\s*$", source, re.MULTILINE)
    assert len(keys) > 3 and len(fold_comments(text, TOKEN).runs) >= 2 * len(keys)
    folded = migrate_text(text, diff, target)
    monkeypatch.setattr(migrate_module, "fold_comments", unfolded)
    plain = migrate_text(text, diff, target)
    assert folded.text == plain.text
    assert folded.summary == plain.summary
    for n in range(size):
        assert f"# at the end, line {n}" in folded.text
    assert "__fhcheck_comments_" not in folded.text
