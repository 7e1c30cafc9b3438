"""``--format docx``: the board paper in Word, for councils to paste into their own templates.

The same summary, ratings, changes, risks and action tracker as the HTML board paper
(:mod:`fhcheck.board` decides all of them), then the minimum expectations per key
criterion, as real Word headings (Title, Heading 1-3), bulleted lists and tables with a
built-in table style and a repeated header row, so that a template's own styles take over
when pasted. Written with ``python-docx``, imported only when this format is chosen.
Control characters (which Word's XML cannot hold) are shown as \ufffd; text is never
markup here, since every run is plain text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from fhcheck.board import AuthorityPaper, BoardPaper
from fhcheck.report.registry import Renderer
from fhcheck.views import Report

TABLE_STYLE = "Light Grid Accent 1"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def t(value: object) -> str:
    return _CONTROL.sub("\ufffd", str(value))


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles[TABLE_STYLE]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = t(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    marker = OxmlElement("w:tblHeader")  # repeat the header row on every page
    marker.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(marker)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = t(text)


def _summary(document: Any, paper: AuthorityPaper, heading: str) -> None:
    document.add_heading(t(heading), level=1)
    for label, value in (
        ("Local authority", paper.local_authority),
        ("Framework", f"{paper.framework_title} ({paper.framework})"),
        ("Assessed on", paper.assessed_on_text),
        ("Evidence file", paper.file),
    ):
        para = document.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(t(value))
    para = document.add_paragraph()
    para.add_run(t(paper.headline)).bold = True
    para.add_run(t(paper.position[len(paper.headline):]) + ".")
    document.add_heading("Rating per key criterion", level=2)
    _table(
        document,
        ("Key criterion", "Rating", "Basic met", "Developed met", "Go-further options", "Why"),
        [
            (f"{r.key_id}. {r.delivery_area}", r.label, f"{r.basic.met} of {r.basic.total}",
             f"{r.developed.met} of {r.developed.total}", f"{r.go_further.met} of {r.go_further.total}", r.reason)
            for r in paper.ratings
        ],
    )
    document.add_paragraph(
        "Green: every minimum expectation met. Amber: the basic expectations are met or planned for in time, some "
        "others are not yet met. Red: a basic expectation is not met and has no in-date plan. Go-further options "
        "are optional and never lower a rating."
    )
    document.add_heading("Changes since the previous assessment", level=2)
    changes = paper.changes
    if changes is None:
        document.add_paragraph("No previous assessment was given for comparison.")
    else:
        document.add_paragraph(
            t(f"{changes.headline} Then: {changes.then_position}. Now: {changes.now_position}. "
              f"{changes.improved} improved, {changes.worse} got worse.")
        )
        if changes.items:
            _table(document, ("Item", "Then", "Now", "Change"),
                   [(c.item_id, c.then, c.now, "Worse" if c.worse else "Better") for c in changes.items])
    document.add_heading("Top risks", level=2)
    if not paper.risks:
        document.add_paragraph(
            f"No overdue plans, no evidence or exemptions lapsing within {paper.warn_days} days, and no exemptions "
            "refused."
        )
    for risk in paper.risks:
        owner = f" (owner: {risk.owner})" if risk.owner else ""
        document.add_paragraph(t(f"{risk.summary}{owner}."), style="List Bullet")
    if paper.more_risks:
        document.add_paragraph(f"And {paper.more_risks} more, all in the action tracker.")
    document.add_heading("Action tracker", level=2)
    if not paper.tracker:
        document.add_paragraph("Nothing needs doing: every minimum expectation is met and nothing lapses soon.")
    else:
        _table(document, ("Due", "Item", "Action", "Owner"),
               [(row.due, row.items, row.summary, row.owner) for row in paper.tracker])


def _detail(document: Any, paper: AuthorityPaper) -> None:
    document.add_page_break()
    document.add_heading(t(f"{paper.local_authority}: detail by key criterion"), level=1)
    for detail in paper.details:
        key = detail.key
        document.add_heading(t(f"Key criterion {key.id}: {key.delivery_area} ({detail.rating.label})"), level=2)
        document.add_paragraph(t(key.statement))
        document.add_heading(t(f"Minimum expectations of key criterion {key.id}"), level=3)
        _table(
            document,
            ("Item", "Expectation", "Position", "Owner and dates"),
            [
                (line.item_id, line.text, "; ".join((line.verdict_text, *line.reasons)),
                 "; ".join(part for part in (line.owner or "", line.dates) if part))
                for line in detail.minimum
            ],
        )
        document.add_heading(t(f"Go-further options of key criterion {key.id} (optional)"), level=3)
        taken = ", ".join(line.item_id for line in detail.options_taken) or "none"
        open_ = ", ".join(detail.options_open) or "none"
        document.add_paragraph(t(f"Taken up: {taken}. Not taken up: {open_}."))


class DocxRenderer(Renderer):
    binary = True
    needs_paper = True

    def render(self, report: Report) -> bytes:
        """The board paper :func:`~fhcheck.report.registry.prepare` decided for the report."""
        if report.paper is None:
            raise ValueError("the report was not prepared: its board paper is decided before rendering")
        return self.render_paper(report.paper)

    def render_paper(self, paper: BoardPaper) -> bytes:
        from docx import Document

        document = Document()
        properties = document.core_properties
        properties.title = t(paper.title)
        properties.author = "fhcheck"
        dates = [a.assessed_on for a in paper.authorities]
        stamp = max(dates) if dates else dt.date(2000, 1, 1)
        properties.created = properties.modified = dt.datetime(stamp.year, stamp.month, stamp.day)
        properties.revision = 1
        document.add_heading(t(paper.title), level=0)
        several = len(paper.authorities) > 1
        for authority in paper.authorities:
            _summary(document, authority, authority.local_authority if several else "Summary")
        for authority in paper.authorities:
            _detail(document, authority)
        if paper.invalid:
            document.add_heading("Files that could not be assessed", level=1)
            for bad in paper.invalid:
                for problem in bad.problems:
                    document.add_paragraph(t(problem), style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        return _fixed_timestamps(buffer.getvalue())


def _fixed_timestamps(package: bytes) -> bytes:
    """The package with every member dated 1 January 1980, so the same paper gives the same bytes
    (python-docx stamps members with the time of saving)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
