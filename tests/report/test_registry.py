"""The renderer registry: every output of every kind listed once, built one way, and every
assessment format checked over any report (parametrised over the registry, not named)."""

from __future__ import annotations

import importlib
import inspect
import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from test_renderer_properties import EMPTY, reports

from fhcheck.errors import UsageError
from fhcheck.report import registry
from fhcheck.report.registry import FORMATS, Format, Renderer, format_help, names, prepare, render_report
from fhcheck.views import Report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "exampleshire-2025.yaml"
KINDS = ("assessment", "comparison", "diff", "criteria", "programmes", "feed")
ASSESSMENT = names("assessment")


def test_every_kind_has_its_formats_in_one_list() -> None:
    assert {entry.kind for entry in FORMATS} == set(KINDS)
    assert ASSESSMENT == ("table", "json", "markdown", "junit", "sarif", "codeclimate", "github", "html", "xlsx", "docx", "junit-gitlab")
    assert names("comparison") == ("table", "json", "markdown", "html")
    assert names("diff") == ("table", "json", "markdown")
    assert names("criteria") == ("json", "yaml", "csv", "markdown")
    assert names("programmes") == names("feed") == ("table", "json")
    assert len({(entry.kind, entry.name) for entry in FORMATS}) == len(FORMATS)


@pytest.mark.parametrize("entry", FORMATS, ids=lambda entry: f"{entry.kind}-{entry.name}")
def test_every_renderer_is_built_the_one_way(entry: Format) -> None:
    found = registry.renderer_class(entry.kind, entry.name)
    assert issubclass(found, Renderer)
    assert list(inspect.signature(found).parameters) == ["color", "width", "version"]
    renderer = registry.get(entry.kind, entry.name, color=False, width=100, version="9.9")
    assert renderer.version == "9.9"
    assert found.render is not Renderer.render  # each renders its own kind
    if found.streams:
        assert entry.kind == "assessment" and callable(renderer.piece) and callable(renderer.write)  # type: ignore[attr-defined]


def test_an_unknown_format_names_the_known_ones_of_its_kind() -> None:
    with pytest.raises(UsageError, match=r"^unknown format 'pdf'; expected one of table, json, markdown$"):
        registry.check("diff", "pdf")


def test_help_is_written_from_the_registry() -> None:
    assert format_help("diff") == "table (default), json or markdown"
    assert format_help("criteria", default=None) == "json, yaml, csv or markdown"
    assert format_help("comparison").endswith("or html (the board paper of NEW, with what changed since OLD)")
    assert format_help("assessment").startswith("table (default), json, markdown, junit, sarif, codeclimate (GitLab")


def test_capabilities_replace_the_patches_commands_had() -> None:
    capable = {
        name: {
            flag
            for flag in ("streams", "binary", "baseline_delta_follows", "needs_regional", "needs_paper")
            if getattr(registry.renderer_class("assessment", name), flag)
        }
        for name in ASSESSMENT
    }
    assert {name for name, flags in capable.items() if "binary" in flags} == {"xlsx", "docx"}
    assert {name for name, flags in capable.items() if "needs_paper" in flags} == {"html", "docx"}
    assert {name for name, flags in capable.items() if "baseline_delta_follows" in flags} == {"table", "markdown"}
    sides = {name for name in ASSESSMENT if registry.renderer_class("assessment", name).side_output}
    assert sides == {"github"}


def test_the_regional_view_is_computed_before_rendering(ci_report: Report) -> None:
    """The Markdown renderer shows the regional view it is handed; it computes none itself."""
    markdown = registry.get("assessment", "markdown")
    assert "## Regional view" not in markdown.render(ci_report)  # not prepared: nothing computed behind its back
    prepared = prepare(ci_report, [type(markdown)])
    assert prepared.regional is not None and prepared.paper is None
    assert "## Regional view" in markdown.render(prepared)


@pytest.mark.parametrize("name", ASSESSMENT)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(report=reports)
@example(report=EMPTY)
def test_every_assessment_format_renders_any_report(name: str, report: Report) -> None:
    """Text or bytes as the class declares; a streamed format is its pieces around its opening."""
    output = render_report(name, report)
    found = registry.renderer_class("assessment", name)
    assert isinstance(output, bytes if found.binary else str)
    if found.streams:
        renderer = registry.get("assessment", name)
        out = io.StringIO()
        renderer.write(out, report.overview(), [renderer.piece(r) for r in report.results])  # type: ignore[attr-defined]
        assert out.getvalue() == output


# --- a new format is one module and one registry line ---------------------------------------

CSV_MODULE = '''
from fhcheck.report.registry import Renderer


class CsvRenderer(Renderer):
    def render(self, report):
        rows = ["file,stage,passed"] + [f"{r.file},{r.stage},{r.passed}" for r in report.results]
        return "\\n".join(rows) + "\\n"
'''


def test_a_csv_format_is_one_module_and_one_registry_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "fhcheck_csv_test_format.py").write_text(CSV_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    line = Format("assessment", "csv", "fhcheck_csv_test_format:CsvRenderer", "one row per file")
    monkeypatch.setattr(registry, "FORMATS", (*FORMATS, line))
    from fhcheck.cli import assess, main, shared

    importlib.reload(shared)  # the --format help is written when the options are declared
    importlib.reload(assess)
    try:
        with pytest.raises(SystemExit) as done:
            main(["assess", str(EXAMPLE), "--format", "csv"])
        out = capsys.readouterr().out
        assert done.value.code == 0
        assert out == f"file,stage,passed\n{EXAMPLE},minimum,True\n"
        with pytest.raises(SystemExit):
            main(["assess", "--help"])
        assert "csv (one row per file)" in " ".join(capsys.readouterr().out.replace("\u2502", " ").split())
    finally:
        monkeypatch.undo()
        importlib.reload(shared)
        importlib.reload(assess)
        sys.modules.pop("fhcheck_csv_test_format", None)
