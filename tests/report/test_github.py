"""``--format github``: GitHub Actions workflow commands (annotations).

Every line is parsed back the way the runner reads it (``::command key=value,...::data``,
with the Actions toolkit's escapes undone) and compared with the report.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pytest

from fhcheck.report.github import GithubRenderer, command, escape_data, escape_property
from fhcheck.report.registry import render_report
from fhcheck.views import Report

LINE = re.compile(r"^::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<data>[^\r\n]*)$")


class Annotation(NamedTuple):
    kind: str
    file: str | None
    line: int | None
    col: int | None
    title: str | None
    message: str


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def annotations(text: str) -> list[Annotation]:
    found = []
    lines = text.split("\n")
    assert lines.pop() == ""
    for line in lines:  # the runner splits at LF only, not at every Unicode line break
        match = LINE.match(line)
        assert match, f"not a workflow command: {line!r}"
        props: dict[str, str] = {}
        for pair in (match["props"] or "").split(","):
            if pair:
                key, _, value = pair.partition("=")
                assert key in ("file", "line", "col", "title") and "," not in value and ":" not in value
                props[key] = unescape(value)
        found.append(
            Annotation(
                match["kind"],
                props.get("file"),
                int(props["line"]) if "line" in props else None,
                int(props["col"]) if "col" in props else None,
                props.get("title"),
                unescape(match["data"]),
            )
        )
    return found


def test_matches_the_golden_file(ci_report: Report, golden: Any, golden_text: Any) -> None:
    assert golden.render("github", ci_report) == golden_text("github")


def test_errors_for_unsatisfied_minimum_items_warnings_for_go_further(repo_report: Report) -> None:
    found = annotations(GithubRenderer().render(repo_report))
    expected: list[Annotation] = []
    for result in repo_report.results:
        standing = "notice" if result.passed else "error"
        expected.append(found[len(expected)]._replace(kind=standing))  # checked in its own test
        for item in result.items:
            where = result.items_location if item.verdict == "missing" else item.location
            if not item.satisfied:
                expected.append(
                    Annotation(
                        "error" if item.tier == "minimum" else "warning",
                        result.file,
                        where.line,
                        where.column,
                        f"fhcheck {item.id}: {item.verdict} ({'minimum' if item.tier == 'minimum' else 'go further'})",
                        f"{item.id} {item.verdict}: {'; '.join(item.reasons)}\n{item.text}",
                    )
                )
            for warning in item.warnings:
                expected.append(
                    Annotation("warning", result.file, where.line, where.column, f"fhcheck {item.id}: coming up", f"{item.id}: {warning}")
                )
    assert found == expected


def test_each_file_starts_with_where_it_stands(repo_report: Report) -> None:
    found = annotations(GithubRenderer().render(repo_report))
    heads = [a for a in found if a.title and a.title.startswith("fhcheck: ")]
    assert [(a.kind, a.file, a.line) for a in heads] == [
        ("notice" if r.passed else "error", r.file, 1) for r in repo_report.results
    ]
    passing = heads[2]
    assert passing.title == "fhcheck: passes"
    assert passing.message == (
        "Brightwater Borough Council: stage minimum (framework 2025); 87/87 minimum expectations and "
        "3/37 go further options satisfied; reaches --fail-under minimum"
    )
    assert heads[0].message.endswith("below --fail-under minimum (86 minimum expectations unsatisfied)")


def test_stale_minimum_items_are_errors_and_stale_go_further_items_warnings(repo_report: Report) -> None:
    found = annotations(GithubRenderer().render(repo_report))
    stale = {(a.file, a.title): a.kind for a in found if a.title and ": stale " in a.title}
    assert stale == {
        ("failing.yaml", "fhcheck 1.1.B3: stale (minimum)"): "error",
        ("passing.yaml", "fhcheck 1.1.G2: stale (go further)"): "warning",
    }


def test_invalid_input_is_an_error_at_its_line(ci_report: Report) -> None:
    found = annotations(GithubRenderer().render(ci_report))
    invalid = [a for a in found if a.title == "fhcheck: invalid evidence file"]
    assert [(a.kind, a.file, a.line, a.col, a.message) for a in invalid] == [
        ("error", p.location.file, p.location.line, p.location.column, p.message)
        for bad in ci_report.invalid
        for p in bad.problems
    ]


def test_user_text_cannot_end_or_forge_a_command(ci_report: Report, hostile: Report, hostile_text: str) -> None:
    text = GithubRenderer().render(ci_report)
    plan = next(a for a in annotations(text) if a.title == "fhcheck 2.2.D7: partially_met (minimum)")
    assert plan.message.startswith("2.2.D7 partially_met: claimed partially met; plan: Train the remaining staff\nby March: 100%")
    forged = GithubRenderer().render(hostile)
    found = annotations(forged)  # every line still parses as one command
    first = next(a for a in found if a.title == "fhcheck 1.1.B1: not_met (minimum)")
    assert first.file == "la dir/a,b:c%.yaml"
    shown = hostile_text.replace("\x01", "\\x01").replace("\x1b", "\\x1b")  # controls made visible, never raw
    assert first.message.startswith(f"1.1.B1 not_met: {shown}; line one\nline two\r\nthree")
    assert found[0].file == "bad,file:%.yaml"


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("50%", "50%25", "50%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("key: a, b", "key: a, b", "key%3A a%2C b"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escapes_follow_the_actions_toolkit(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_command_shape() -> None:
    from fhcheck.errors import Location

    assert command("error", "m", Location("a.yaml", 3, 5), "t") == "::error file=a.yaml,line=3,col=5,title=t::m"
    assert command("warning", "m", Location("a.yaml")) == "::warning file=a.yaml::m"
    assert command("notice", "m") == "::notice::m"
    assert command("error", "m", Location("dir\\a.yaml", 2, 0)) == "::error file=dir/a.yaml,line=2::m"


def test_step_summary_is_the_markdown_report(ci_report: Report) -> None:
    from fhcheck.report.registry import prepare

    prepared = prepare(ci_report, [GithubRenderer])
    assert prepared.regional is not None  # two files: the summary carries the regional view
    assert GithubRenderer().step_summary(prepared) == render_report("markdown", ci_report)


def test_a_step_summary_over_one_mebibyte_is_cut_at_a_line_with_a_pointer() -> None:
    from fhcheck.report.github import STEP_SUMMARY_LIMIT, fit_step_summary

    assert STEP_SUMMARY_LIMIT == 1024 * 1024
    short = "# Family hubs assessment\n\n| a | b |\n"
    assert fit_step_summary(short) == short
    long = "".join(f"| row {n} | é |\n" for n in range(120_000))
    cut = fit_step_summary(long, "/tmp/run/fhcheck.md")
    assert len(cut.encode("utf-8")) <= STEP_SUMMARY_LIMIT
    body, _, note = cut.rpartition("\n\n> ")
    assert long.startswith(body) and body.endswith("|\n")
    assert note == "Summary cut at GitHub's 1 MiB step-summary limit; the full report is /tmp/run/fhcheck.md.\n"
    assert "--format markdown:FILE" in fit_step_summary(long)
