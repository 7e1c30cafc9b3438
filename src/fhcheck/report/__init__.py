"""Renderers: one module per format, each turning a finished Report into text.

Renderers never compute verdicts, totals or exit statuses; they are imported only when
their format is chosen, so start-up pays only for what a run prints.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from fhcheck.errors import UsageError
from fhcheck.results import Report


class Renderer(Protocol):
    def render(self, report: Report) -> str | bytes: ...


#: format name -> "module:class"; the single list of formats ``assess --format`` accepts.
RENDERERS: dict[str, str] = {
    "table": "fhcheck.report.table:TableRenderer",
    "json": "fhcheck.report.json:JsonRenderer",
    "markdown": "fhcheck.report.markdown:MarkdownRenderer",
    "junit": "fhcheck.report.junit:JunitRenderer",
    "sarif": "fhcheck.report.sarif:SarifRenderer",
    "github": "fhcheck.report.github:GithubRenderer",
    "html": "fhcheck.report.html:HtmlRenderer",
    "xlsx": "fhcheck.report.xlsx:XlsxRenderer",
}


def get_renderer(name: str, *, color: bool = False) -> Renderer:
    """The renderer for a format name; an unknown name is a usage error listing the known ones."""
    target = RENDERERS.get(name)
    if target is None:
        raise UsageError(f"unknown format {name!r}; expected one of {', '.join(RENDERERS)}")
    module_name, class_name = target.split(":")
    renderer_class = getattr(importlib.import_module(module_name), class_name)
    return renderer_class(color=color)  # type: ignore[no-any-return]
