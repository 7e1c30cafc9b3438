"""Every output fhcheck renders, of every kind, listed once.

A kind is what is rendered: an ``assessment`` (a :class:`~fhcheck.results.Report`), a
``comparison`` (:class:`~fhcheck.results.Compared`), a framework ``diff``, a ``criteria``
export (a catalogue), the ``programmes`` register and an ORUK ``feed``. Each entry names its
renderer as ``"module:Class"``, so nothing is imported until that format is chosen, and
every renderer is built the same way, ``Class(color=..., width=..., version=...)``, and has
``render(value) -> str | bytes``.

What a renderer can do beyond ``render`` is said by attributes on its class
(:class:`Renderer` holds the defaults), so commands ask instead of naming formats:

- ``streams``: also ``piece(result)`` and ``write(out, overview, pieces)``, written a file at
  a time (assessments only);
- ``binary``: ``render`` returns bytes (a file, never a terminal);
- ``baseline_delta_follows``: the ``--baseline`` Markdown delta may follow it on stdout;
- ``side_output``: the environment variable naming a file it also appends to
  (``side_text``), and ``side_output_full`` the format whose file holds the whole of it;
- ``needs_regional`` / ``needs_paper``: it shows the regional view or the board paper,
  which :func:`prepare` computes before rendering and hands it in the value.

A new format is one module and one line in :data:`FORMATS`; ``--format`` choices, help and
the renderer property tests follow from this list.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable

    from fhcheck.baseline import Baseline
    from fhcheck.views import Report


class Renderer:
    """The one constructor every renderer has, and the capabilities it does not have by default."""

    streams = False
    binary = False
    baseline_delta_follows = False
    side_output: str | None = None
    side_output_full: str | None = None
    needs_regional = False
    needs_paper = False

    def __init__(self, color: bool = False, width: int | None = None, version: str = "") -> None:
        self.color = color
        self.width = width
        self.version = version

    def render(self, value: Any) -> str | bytes:  # pragma: no cover - every renderer has its own
        raise NotImplementedError


class Format(NamedTuple):
    """One line of the registry: a format of one kind, where its renderer is, and its words in ``--help``."""

    kind: str
    name: str
    target: str
    help: str = ""


_A, _C, _D, _X = "assessment", "comparison", "diff", "criteria"
FORMATS: tuple[Format, ...] = (
    Format(_A, "table", "fhcheck.report.table:TableRenderer"),
    Format(_A, "json", "fhcheck.report.json:JsonRenderer"),
    Format(_A, "markdown", "fhcheck.report.markdown:MarkdownRenderer"),
    Format(_A, "junit", "fhcheck.report.junit:JunitRenderer"),
    Format(_A, "sarif", "fhcheck.report.sarif:SarifRenderer"),
    Format(_A, "codeclimate", "fhcheck.report.codeclimate:CodeclimateRenderer", "GitLab Code Quality"),
    Format(_A, "github", "fhcheck.report.github:GithubRenderer", "workflow annotations"),
    Format(_A, "html", "fhcheck.report.html:HtmlRenderer", "a board paper"),
    Format(_A, "xlsx", "fhcheck.report.xlsx:XlsxRenderer", "a workbook: xlsx:FILE"),
    Format(_A, "docx", "fhcheck.report.docx:DocxRenderer", "the board paper in Word: docx:FILE"),
    Format(_A, "junit-gitlab", "fhcheck.report.junit:GitlabJunitRenderer", "junit with each case's file, for GitLab"),
    Format(_C, "table", "fhcheck.report.compare_table:CompareTableRenderer"),
    Format(_C, "json", "fhcheck.report.compare_json:CompareJsonRenderer"),
    Format(_C, "markdown", "fhcheck.report.compare_markdown:CompareMarkdownRenderer"),
    Format(
        _C, "html", "fhcheck.report.html:CompareHtmlRenderer", "the board paper of NEW, with what changed since OLD"
    ),
    Format(_D, "table", "fhcheck.report.diff_table:DiffTableRenderer"),
    Format(_D, "json", "fhcheck.report.diff_json:DiffJsonRenderer"),
    Format(_D, "markdown", "fhcheck.report.diff_markdown:DiffMarkdownRenderer"),
    Format(_X, "json", "fhcheck.report.criteria_export:CriteriaJsonRenderer"),
    Format(_X, "yaml", "fhcheck.report.criteria_export:CriteriaYamlRenderer"),
    Format(_X, "csv", "fhcheck.report.criteria_export:CriteriaCsvRenderer"),
    Format(_X, "markdown", "fhcheck.report.criteria_export:CriteriaMarkdownRenderer"),
    Format("programmes", "table", "fhcheck.report.programmes:RegisterTableRenderer"),
    Format("programmes", "json", "fhcheck.report.programmes:RegisterJsonRenderer"),
    Format("feed", "table", "fhcheck.report.feed:FeedTableRenderer"),
    Format("feed", "json", "fhcheck.report.feed:FeedJsonRenderer"),
)


def formats(kind: str) -> dict[str, Format]:
    """The formats of one kind, by name, in the order ``--help`` lists them."""
    return {entry.name: entry for entry in FORMATS if entry.kind == kind}


def names(kind: str) -> tuple[str, ...]:
    return tuple(formats(kind))


def format_help(kind: str, default: str | None = "table") -> str:
    """``--format`` help from the registry: ``table (default), json, ... or html (a board paper)``."""
    words = []
    for entry in formats(kind).values():
        notes = [note for note in ("default" if entry.name == default else "", entry.help) if note]
        words.append(entry.name + (f" ({'; '.join(notes)})" if notes else ""))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def check(kind: str, name: str, hint: str = "") -> Format:
    """The registry line of ``name``; an unknown name is a usage error listing the known ones."""
    entry = formats(kind).get(name)
    if entry is None:
        from fhcheck.errors import UsageError

        raise UsageError(f"unknown format {name!r}; expected one of {', '.join(names(kind))}{hint}")
    return entry


def renderer_class(kind: str, name: str) -> type[Renderer]:
    """The class of a format, imported now (its capabilities are its attributes)."""
    module_name, class_name = check(kind, name).target.split(":")
    found: type[Renderer] = getattr(importlib.import_module(module_name), class_name)
    return found


def get(kind: str, name: str, *, color: bool = False, width: int | None = None, version: str = "") -> Renderer:
    """A renderer of ``kind`` for format ``name``, built with the one constructor signature."""
    return renderer_class(kind, name)(color=color, width=width, version=version)


def prepare(
    report: Report,
    renderers: Iterable[type[Renderer]],
    baselines: Iterable[Baseline] = (),
    warn_days: int | None = None,
) -> Report:
    """The report with what ``renderers`` show computed into it: the regional view (several
    files) and the board paper (with the ``--baseline`` comparisons and the warning window).

    Computed here, once, by the core modules (:mod:`fhcheck.regional_view`, :mod:`fhcheck.board`),
    so renderers only lay values out.
    """
    chosen = list(renderers)
    regional = report.regional
    if regional is None and len(report.results) > 1 and any(r.needs_regional or r.needs_paper for r in chosen):
        from fhcheck.regional_view import regional_view

        regional = regional_view(report.results)
    report = report._replace(regional=regional)
    if report.paper is None and any(r.needs_paper for r in chosen):
        from fhcheck.actions import DEFAULT_WITHIN_DAYS
        from fhcheck.board import board_paper, comparisons_of

        days = DEFAULT_WITHIN_DAYS if warn_days is None else warn_days
        report = report._replace(paper=board_paper(report, comparisons_of(baselines), days))
    return report


def render_report(name: str, report: Report, *, color: bool = False, width: int | None = None) -> str | bytes:
    """One assessment format of a report, prepared as the CLI prepares it (no baseline)."""
    renderer = get("assessment", name, color=color, width=width, version=report.tool_version)
    return renderer.render(prepare(report, [type(renderer)]))
