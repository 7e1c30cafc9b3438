"""``fhcheck.regional_view`` and its drawings, on a directory of several local authorities' files."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fhcheck.assessment import AssessOptions, assess_paths
from fhcheck.catalogue import default_store
from fhcheck.regional_view import RegionalView, regional_view
from fhcheck.report.regional import BUCKETS, bucket, cell_text, heat_map_svg, html_section, markdown_section
from fhcheck.results import Count, FileResult

ROOT = Path(__file__).resolve().parents[2]
COMPARE = ROOT / "tests" / "fixtures" / "compare"
SVG = ""  # inline in HTML: no xmlns, HTML puts it in the SVG namespace


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[FileResult]:
    """A region: three authorities on framework 2025 and one still on 2022, in one folder."""
    region = tmp_path_factory.mktemp("region")
    shutil.copy(ROOT / "examples" / "exampleshire-2025.yaml", region / "a-exampleshire.yaml")
    shutil.copytree(ROOT / "examples" / "docs", region / "docs")  # the documents Exampleshire cites
    shutil.copy(ROOT / "examples" / "northbury-2022.yaml", region / "b-northbury.yaml")
    shutil.copy(COMPARE / "brookfield-2025.yaml", region / "c-brookfield.yaml")
    (region / "d-westmoor.yaml").write_text(
        (ROOT / "examples" / "westmoor-2025-mistakes.yaml").read_text().replace("path: docs/", "url: https://x.example/")
    )
    found = list(assess_paths([str(region)], default_store(), AssessOptions()))
    assert all(isinstance(r, FileResult) for r in found), found
    return found  # type: ignore[return-value]


@pytest.fixture(scope="module")
def view(results: list[FileResult]) -> RegionalView:
    return regional_view(results)


def test_one_row_per_file_and_one_column_per_subcriterion(view: RegionalView) -> None:
    assert [row.label for row in view.rows] == [
        "Exampleshire County Council",
        "Northbury Borough Council",
        "Brookfield Borough Council",
        "Westmoor District Council",
    ]
    assert [c.id for c in view.columns][:7] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1"]
    assert len(view.columns) == 20 and view.frameworks == ("2022", "2025")
    assert all(len(row.cells) == 20 for row in view.rows)


def test_cells_carry_minimum_met_and_go_further_counts(view: RegionalView) -> None:
    exampleshire, northbury, brookfield, westmoor = view.rows
    first = exampleshire.cells[0]
    assert first is not None
    assert (first.minimum_met, first.minimum, first.go_further) == (True, Count(6, 6), Count(1, 2))
    cell = northbury.cells[0]
    assert cell is not None and (cell.minimum_met, cell.minimum) == (False, Count(5, 6))
    cell = brookfield.cells[0]
    assert cell is not None and (cell.minimum_met, cell.minimum, cell.go_further) == (False, Count(1, 6), Count(0, 2))
    assert [cell_text(c) for c in westmoor.cells[:3]] == ["\u2718 1/6", "\u2718 0/6", "\u2718 0/5"]


def test_per_subcriterion_tallies(view: RegionalView) -> None:
    tallies = {t.id: (t.minimum_met, t.assessed) for t in view.column_tallies}
    assert tallies["1.1"] == (1, 4)
    assert tallies["3.1"] == (2, 4)  # Exampleshire, and Northbury (2022's 3.1 has no minimum item unmet)


def test_per_item_counts_of_authorities_satisfying_it(view: RegionalView) -> None:
    items = {item.id: item for item in view.items}
    assert (items["1.1.B1"].satisfied, items["1.1.B1"].assessed) == (4, 4)
    assert items["1.1.B1"].not_satisfied_by == ()
    assert (items["1.1.B2"].satisfied, items["1.1.B2"].not_satisfied_by) == (
        2, ("Brookfield Borough Council", "Westmoor District Council")
    )
    # only in 2025: Northbury's 2022 framework does not have it, so it is not counted
    assert (items["3.1.D1"].assessed, items["2.4.G5"].assessed) == (3, 3)
    # only in 2022
    assert items["2.4.G3"].assessed == 1
    assert [i.id for i in view.items][:4] == ["1.1.B1", "1.1.B2", "1.1.B3", "1.1.B4"]
    least = view.least_satisfied(limit=3)
    assert all(i.tier == "minimum" for i in least) and least[0].share <= least[-1].share


def test_the_same_authority_twice_is_told_apart_by_year_then_file(results: list[FileResult]) -> None:
    brookfield = results[2]
    earlier = brookfield._replace(file="old.yaml", assessed_on=brookfield.assessed_on.replace(year=2024))
    same_year = brookfield._replace(file="other.yaml")
    labels = [row.label for row in regional_view([brookfield, earlier]).rows]
    assert labels == ["Brookfield Borough Council (2025)", "Brookfield Borough Council (2024)"]
    labels = [row.label for row in regional_view([brookfield, same_year]).rows]
    assert labels == [f"Brookfield Borough Council ({brookfield.file})", "Brookfield Borough Council (other.yaml)"]


@pytest.mark.parametrize(
    ("minimum_met", "minimum", "further", "expected"),
    [
        (False, (2, 6), (0, 2), "red"),
        (False, (3, 6), (0, 2), "amber"),
        (True, (6, 6), (0, 2), "pale"),
        (True, (6, 6), (0, 0), "pale"),
        (True, (6, 6), (1, 2), "green"),
        (True, (6, 6), (2, 2), "dark"),
    ],
)
def test_heat_map_buckets(minimum_met: bool, minimum: tuple[int, int], further: tuple[int, int], expected: str) -> None:
    from fhcheck.regional_view import Cell

    cell = Cell(minimum_met, Count(minimum[0], minimum[1]), Count(0, 0), Count(*further))
    assert bucket(cell) == expected
    assert bucket(None) == "absent"


def test_svg_draws_every_cell_with_its_colour_and_a_tooltip(view: RegionalView) -> None:
    svg = ElementTree.fromstring(heat_map_svg(view))
    assert svg.tag == "svg" and svg.get("role") == "img" and "http" not in heat_map_svg(view)
    cells = [g for g in svg.iter(f"{SVG}g") if g.find(f"{SVG}rect") is not None and g.find(f"{SVG}title") is not None]
    assert len(cells) == 4 * 20
    first = cells[0]
    assert first.findtext(f"{SVG}title") == (
        "Exampleshire County Council \u2014 1.1 Comms, information and brand: minimum met (basic 4/4, developed 2/2); "
        "go further 1/2"
    )
    assert first.find(f"{SVG}rect").get("fill") == BUCKETS["green"][0]  # type: ignore[union-attr]
    assert first.findtext(f"{SVG}text") == "\u2714 1/2"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Minimum met by" in texts and "1/4" in texts
    assert all(words in texts for _, _, words in BUCKETS.values())


def test_svg_and_markdown_escape_a_hostile_name(results: list[FileResult]) -> None:
    hostile = results[0]._replace(local_authority='<script>alert("x")</script> | & \x07')
    view = regional_view([hostile, results[1]])
    svg = heat_map_svg(view)
    ElementTree.fromstring(svg)  # still well-formed, control character gone
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    section = html_section(view)
    assert "<script>" not in section
    markdown = "\n".join(markdown_section(view))
    assert "\\<script\\>" in markdown and "<script>" not in markdown


def test_markdown_matrix(view: RegionalView) -> None:
    lines = markdown_section(view)
    assert lines[0] == "## Regional view"
    header = lines[4]
    assert header.startswith("| Local authority | Stage | 1.1 | 1.2 |") and header.endswith("| 5.2 |")
    assert lines[6].startswith("| Exampleshire County Council | minimum | \u2714 1/2 | \u2714 0/1 | \u2714 |")
    assert lines[10].startswith("| **Minimum met by** |  | 1/4 |")
    heading = lines.index("### How many authorities satisfy each item")
    count = len(view.items)
    assert lines[heading + 2] == f"<details><summary>{count} items</summary>" and lines[-2] == "</details>"
    assert "| 1.1.B2 | minimum | 2/4 | Brookfield Borough Council, Westmoor District Council |" in lines


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3), st.text(max_size=30)), max_size=6))
@example([(0, "A & B <x> | \x01\n"), (0, "A & B <x> | \x01\n")])
def test_any_set_of_results_draws(results: list[FileResult], picks: list[tuple[int, str]]) -> None:
    chosen = [results[index]._replace(local_authority=name) for index, name in picks]
    view = regional_view(chosen)
    assert len(view.rows) == len(chosen) and len({row.label for row in view.rows}) == len(chosen)
    svg = ElementTree.fromstring(heat_map_svg(view))
    assert len([g for g in svg.iter("g") if g.find("title") is not None]) == len(chosen) * len(view.columns)
    lines = markdown_section(view)
    table = [line for line in lines if line.startswith("| ")]
    widths = {line.count(" | ") for line in table[: len(chosen) + 3]}
    assert len(widths) == 1, "every matrix row has as many cells as its header"
    assert sum(item.satisfied for item in view.items) == sum(i.satisfied for r in chosen for i in r.items)
