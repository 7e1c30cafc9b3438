"""Migration over a ruamel round trip: what is carried, marked, stubbed and retired, and what survives."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fhcheck.catalogue import CriteriaStore, default_store
from fhcheck.errors import InputError
from fhcheck.evidence import parse_evidence
from fhcheck.framework_diff import diff_versions
from fhcheck.load import parse
from fhcheck.migrate import Carried, Migration, Summary, migrate_text, weakest_status
from tests.helpers import fictional_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrate"


@pytest.fixture(scope="module")
def store() -> CriteriaStore:
    """The fictional versions 2030 and 2031, with one change of every kind."""
    return fictional_store()


def run(text: str, store: CriteriaStore, old: str = "2030", new: str = "2031") -> Migration:
    parse_evidence(parse(text, "in.yaml"), store)  # the input is valid for its framework
    migration = migrate_text(text, diff_versions(store.get(old), store.get(new)), store.get(new))
    parse_evidence(parse(migration.text, "out.yaml"), store)  # and so is the output for the target
    return migration


def comments(text: str) -> list[str]:
    """The text of every comment (the fixtures have no '#' inside values)."""
    return [m.group(1).strip() for m in re.finditer(r"(?:^|\s)#(.*)$", text, re.MULTILINE) if m.group(1).strip()]


def evidence_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    entries = [e for entry in (data.get("items") or {}).values() for e in entry.get("evidence") or []]
    for retired in (data.get("retired") or {}).values():
        entries += [e for entry in retired.values() for e in entry.get("evidence") or []]
    return entries


HEADER = 'fhcheck: 1\nframework: "2030"\nlocal_authority: Testshire Council\nassessed_on: 2030-06-01\n'


# --- the real 2022 -> 2025 migration -----------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Migration:
    text = (FIXTURES / "evidence-2022.yaml").read_text(encoding="utf-8")
    store = default_store()
    return run(text, store, "2022", "2025")


def test_real_migration_matches_the_expected_file(real: Migration) -> None:
    assert real.text == (FIXTURES / "evidence-2025.expected.yaml").read_text(encoding="utf-8")


def test_real_migration_summary(real: Migration) -> None:
    assert real.summary == Summary(
        source="2022",
        target="2025",
        unchanged=("1.1.B3",),
        editorial=("1.1.B1", "1.1.B2", "1.3.D3"),  # 1.1.B1 and 1.3.D3: declared meaning_unchanged in 2025
        review=(
            Carried(
                "1.2.B3",
                ("1.2.B3",),
                "reworded",
                '"Family Information Service and local Multi-Agency Safeguarding Hub (MASH)." -> '
                '"single or multi-agency ‘front door’."',
            ),
            Carried("2.4.G5", ("2.4.G3", "2.4.G4"), "merged"),
            Carried("3.1.G3", ("3.1.G2",), "merged"),
        ),
        new=("3.1.D1", "3.2.G2"),
        retired=(),
    )


def test_every_comment_and_every_piece_of_evidence_survives(real: Migration) -> None:
    source = (FIXTURES / "evidence-2022.yaml").read_text(encoding="utf-8")
    for comment in comments(source):
        assert comment in real.text, comment
    before = evidence_entries(yaml.safe_load(source))
    after = evidence_entries(yaml.safe_load(real.text))
    assert len(before) == 8
    for entry in before:
        assert entry in after, entry


def test_unchanged_and_editorial_entries_are_byte_for_byte_the_same(real: Migration) -> None:
    source = (FIXTURES / "evidence-2022.yaml").read_text(encoding="utf-8")
    kept = source[source.index("  1.1.B2:\n") : source.index("  1.2.B3:")]
    assert kept in real.text
    head = source[: source.index("  1.1.B1:")].replace('framework: "2022"', 'framework: "2025"')
    assert real.text.startswith(head)


def test_merged_entry_combines_evidence_status_notes_and_plan(real: Migration) -> None:
    entry = yaml.safe_load(real.text)["items"]["2.4.G5"]
    assert entry["status"] == "partially_met"
    assert [e["title"] for e in entry["evidence"]] == [
        "Outcomes framework",
        "Outcomes dashboard",
        "Impact analysis, early years",
    ]
    assert entry["note"] == (
        "2.4.G3 (2022): Signed off by the board in February.\n2.4.G4 (2022): Youth services data arrives in Q4."
    )
    assert entry["plan"] == "Extend the impact analysis to youth services"
    assert entry["carried_from"] == {
        "framework": "2022",
        "items": ["2.4.G3", "2.4.G4"],
        "change": "merged",
        "reviewed": False,
    }


def test_a_flow_style_entry_gets_a_flow_marker_without_a_comment(real: Migration) -> None:
    line = next(line for line in real.text.splitlines() if line.startswith("  1.2.B3:"))
    assert line == (
        '  1.2.B3: {status: met, carried_from: {framework: "2022", items: [1.2.B3], change: reworded, '
        'reviewed: false}, evidence: [{title: Phone line page, url: "https://example.gov.uk/phone", kind: web_page, '
        "date: 2025-01-10}]}"
    )


def test_uncommenting_a_stub_gives_an_entry_that_validation_then_asks_to_fill_in(real: Migration) -> None:
    lines = real.text.splitlines()
    start = lines.index("  # 3.1.D1:")
    block = lines[start : start + 7]
    assert block[-1].lstrip().startswith("#       date:")
    uncommented = lines[:start] + [re.sub(r"^(\s*)# ", r"\1", line) for line in block] + lines[start + 7 :]
    with pytest.raises(InputError) as raised:
        parse_evidence(parse("\n".join(uncommented) + "\n", "out.yaml"), default_store())
    problems = [(p.location.line, p.message.split(";")[0]) for p in raised.value.problems]
    assert (start + 2, "found nothing (null)") in problems  # status: the first thing to fill in


# --- every kind of change, on the fictional versions -------------------------------------


@pytest.fixture(scope="module")
def synthetic(store: CriteriaStore) -> Migration:
    return run((FIXTURES / "evidence-2030.yaml").read_text(encoding="utf-8"), store)


def test_synthetic_summary(synthetic: Migration) -> None:
    assert synthetic.summary == Summary(
        source="2030",
        target="2031",
        unchanged=("1.1.B1",),
        editorial=("1.1.B2",),
        review=(
            Carried("1.2.B3", ("1.2.B2",), "split"),
            Carried("1.2.B4", ("1.2.B2",), "split"),
            Carried("1.2.D1", ("1.2.B1",), "replaced"),
            Carried("2.1.D3", ("2.1.D1", "2.1.D2"), "merged"),
        ),
        new=("1.1.B3", "2.3.B1"),
        retired=("1.1.G1", "2.2.B1"),
    )


def test_synthetic_migration_matches_the_expected_file(synthetic: Migration) -> None:
    assert synthetic.text == (FIXTURES / "evidence-2031.expected.yaml").read_text(encoding="utf-8")


def test_items_keep_their_order_with_new_identifiers_in_place(synthetic: Migration) -> None:
    data = yaml.safe_load(synthetic.text)
    assert list(data) == ["fhcheck", "framework", "local_authority", "assessed_on", "items", "retired"]
    assert list(data["items"]) == ["1.1.B1", "1.1.B2", "1.2.D1", "1.2.B3", "1.2.B4", "2.1.D3"]


def test_split_items_each_carry_the_whole_entry(synthetic: Migration) -> None:
    items = yaml.safe_load(synthetic.text)["items"]
    for ident in ("1.2.B3", "1.2.B4"):
        assert items[ident]["evidence"] == [
            {"title": "Website and guide", "url": "https://example.org/guide", "date": dt.date(2030, 3, 1)}
        ]
        assert items[ident]["carried_from"]["change"] == "split"


def test_dropped_items_are_retired_with_their_evidence_and_comments(synthetic: Migration) -> None:
    data = yaml.safe_load(synthetic.text)
    assert list(data["retired"]) == ["2030"]
    assert list(data["retired"]["2030"]) == ["1.1.G1", "2.2.B1"]
    assert data["retired"]["2030"]["1.1.G1"]["plan"] == "Finish the pilot"
    assert "# dropped in 2031" in synthetic.text
    assert "# last words of 2.2.B1" in synthetic.text
    source = (FIXTURES / "evidence-2030.yaml").read_text(encoding="utf-8")
    for comment in comments(source):
        assert comment in synthetic.text, comment
    for entry in evidence_entries(yaml.safe_load(source)):
        assert entry in evidence_entries(data), entry


def test_framework_keeps_its_quoting_style(store: CriteriaStore) -> None:
    for written, expected in (('"2030"', '"2031"'), ("'2030'", "'2031'"), ("2030", "2031")):
        text = HEADER.replace('"2030"', written) + "items: {}\n"
        assert f"framework: {expected}\n" in run(text, store).text


def test_a_file_without_items_gets_the_stubs(store: CriteriaStore) -> None:
    for tail in ("", "items: {}\n"):
        text = run(HEADER + tail, store).text
        assert "\nitems: {}\n  # New in framework 2031: assessed as missing until recorded. To record one, replace" in text
        assert "  # 1.1.B3:\n" in text
        assert yaml.safe_load(text)["items"] == {}


def test_an_unchanged_file_changes_only_its_framework(store: CriteriaStore) -> None:
    text = HEADER + "items:\n    1.1.B1:   # same criterion\n        status: not_met\n"
    out = run(text, store).text
    body = out[: out.index("    # New in framework 2031")]
    assert body == text.replace('"2030"', '"2031"')


@pytest.mark.parametrize(
    ("style", "expected_dash"),
    [("    evidence:\n    - title: A\n      url: https://a.example\n", "    - title: A\n"),
     ("    evidence:\n      - title: A\n        url: https://a.example\n", "      - title: A\n")],
)
def test_sequence_layout_is_kept(store: CriteriaStore, style: str, expected_dash: str) -> None:
    text = HEADER + "items:\n  1.2.B1:\n    status: met\n" + style.replace("A\n", "A\n", 1) + "    # fine\n"
    out = run(text, store).text
    assert expected_dash in out
    assert "    # fine\n" in out


def test_crlf_line_endings_are_kept(store: CriteriaStore) -> None:
    text = (HEADER + "items:\n  1.1.B1:\n    status: not_met\n").replace("\n", "\r\n")
    out = run(text, store).text
    assert "\r\n" in out and "\n" not in out.replace("\r\n", "")


def test_an_existing_marker_is_replaced_when_the_item_changes_again(store: CriteriaStore) -> None:
    text = HEADER + (
        "items:\n  1.2.B1:\n    status: met\n    carried_from:\n      framework: \"2029\"\n"
        "      items: [1.2.B9]\n      change: reworded\n      reviewed: true\n"
        "    evidence:\n      - {title: A, url: https://a.example}\n"
    )
    entry = yaml.safe_load(run(text, store).text)["items"]["1.2.D1"]
    assert list(entry) == ["status", "carried_from", "evidence"]
    assert entry["carried_from"] == {"framework": "2030", "items": ["1.2.B1"], "change": "replaced", "reviewed": False}


def test_merging_into_a_flow_entry_lays_it_out_in_block_style(store: CriteriaStore) -> None:
    text = HEADER + (
        "items:\n"
        "  2.1.D1: {status: met, note: first, evidence: [{title: A, url: https://a.example}]}\n"
        "  2.1.D2: {status: partially_met, note: second, evidence: [{title: A, url: https://a.example},"
        " {title: B, url: https://b.example}]}\n"
    )
    out = run(text, store).text
    entry = yaml.safe_load(out)["items"]["2.1.D3"]
    assert entry["status"] == "partially_met"
    assert entry["note"] == "2.1.D1 (2030): first\n2.1.D2 (2030): second"
    assert [e["title"] for e in entry["evidence"]] == ["A", "B"]
    assert "  2.1.D3:\n    status: partially_met\n" in out


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["met", "partially_met"], "partially_met"),
        (["met", "not_met", "partially_met"], "not_met"),
        (["met", "met"], "met"),
        (["not_applicable", "met"], "met"),
        (["not_applicable", "not_met"], "not_met"),
        (["not_applicable", "not_applicable"], "not_applicable"),
    ],
)
def test_weakest_status(statuses: list[str], expected: str) -> None:
    assert weakest_status(statuses) == expected


def test_shared_evidence_never_leaks_into_another_item(store: CriteriaStore) -> None:
    text = "---\n" + HEADER + (
        "items:\n"
        "  1.1.B1:\n    status: met\n    evidence: &common\n      - title: Board minutes\n        url: https://m.example\n"
        "  1.2.B1:   # the phone line\n    status: met\n    evidence: *common\n"
        "  2.1.D1:\n    status: met\n    evidence: *common\n"
        "  2.1.D2:\n    status: met\n    evidence:\n      - title: B\n        url: https://b.example\n"
        "...\n"
    )
    out = run(text, store).text
    items = yaml.safe_load(out)["items"]
    minutes = {"title": "Board minutes", "url": "https://m.example"}
    assert items["1.1.B1"] == {"status": "met", "evidence": [minutes]}
    assert items["1.2.D1"]["evidence"] == [minutes]
    assert items["2.1.D3"]["evidence"] == [minutes, {"title": "B", "url": "https://b.example"}]
    assert out.startswith("---\n")
    assert "  1.2.D1:   # the phone line\n" in out
    assert "  # 2.1.D2:\n  #   status: met\n" in out


STATUSES = ("met", "partially_met", "not_met")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chosen=st.lists(st.sampled_from(sorted(default_store().get("2022").items)), unique=True, min_size=1, max_size=12),
    statuses=st.lists(st.sampled_from(STATUSES), min_size=12, max_size=12),
    flow=st.booleans(),
)
@example(chosen=["2.4.G3", "2.4.G4", "3.1.G1", "3.1.G2"], statuses=["met", "not_met"] * 6, flow=True)
def test_any_2022_file_migrates_to_a_valid_2025_file_keeping_all_evidence(
    chosen: list[str], statuses: list[str], flow: bool
) -> None:
    lines = [HEADER.replace('"2030"', '"2022"').rstrip("\n"), "items:"]
    for index, ident in enumerate(chosen):
        cited = f"{{title: Doc {index}, url: 'https://example.org/{index}'}}"
        if flow:
            lines.append(f"  {ident}: {{status: {statuses[index]}, evidence: [{cited}]}}  # c{index}")
        else:
            lines += [f"  {ident}:  # c{index}", f"    status: {statuses[index]}", "    evidence:", f"      - {cited}"]
    text = "\n".join(lines) + "\n"
    migration = run(text, default_store(), "2022", "2025")
    for index in range(len(chosen)):
        assert f"# c{index}" in migration.text
    assert sorted(map(str, evidence_entries(yaml.safe_load(text))), key=str) == sorted(
        map(str, evidence_entries(yaml.safe_load(migration.text))), key=str
    )


@pytest.mark.parametrize("marker", ["__fhcheck_block_0__: keep me", "__fhcheck_block_77__: and me"])
def test_a_user_line_that_looks_like_a_placeholder_is_kept_as_written(store: CriteriaStore, marker: str) -> None:
    """migrate's own markers are chosen per run so that they occur nowhere in the input."""
    text = HEADER + f"items:\n  1.1.B1:\n    status: not_met\n    plan: |\n      {marker}\n      second line\n"
    migrated = run(text, store).text
    assert f"      {marker}\n      second line\n" in migrated
    assert yaml.safe_load(migrated)["items"]["1.1.B1"]["plan"] == f"{marker}\nsecond line\n"
