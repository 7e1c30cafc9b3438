"""``--format html``: the assessment as a board paper, in one self-contained page.

Page 1 is the summary a board reads: the authority, the framework and the assessment date,
the position in plain English, a red/amber/green rating per key criterion (the rule is in
:mod:`fhcheck.board`), what changed since the previous assessment when one is given, and
the top risks. The action tracker follows (summary and tracker fit two A4 pages for one
authority), then the detail per key criterion: every minimum expectation with its
position, reasons, owner, dates and evidence (titles link to their ``https:``/``http:``
addresses, and only those), and the go-further options shown as options, not failures.

Everything shown is computed in :mod:`fhcheck.board` and handed here as a
:class:`~fhcheck.board.BoardPaper`; this module only lays it out. The page needs nothing
else: no scripts, fonts, images or style sheets from elsewhere, so it opens offline, can be
mailed as one file, and prints on A4. Every piece of text is escaped with
:func:`html.escape`; ratings and positions are written out in words, never shown by colour
alone.
"""

from __future__ import annotations

from html import escape

from fhcheck.board import AuthorityPaper, BoardPaper, Changes, KeyDetail, Rating
from fhcheck.report.registry import Renderer
from fhcheck.results import InvalidFile
from fhcheck.views import Compared, Report

STYLE = """
:root { --ink: #1d1d1b; --muted: #505050; --line: #b1b4b6; --head: #f3f2f1;
        --red: #a4161a; --amber: #ffbf47; --green: #1e6b34; --link: #1d4f91; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink); background: #fff;
       margin: 2rem auto; max-width: 62rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--ink); padding-bottom: .15rem; margin-top: 2rem; }
h3 { font-size: 1.08rem; margin: 1.1rem 0 .3rem; }
h4 { font-size: 1rem; margin: .9rem 0 .25rem; }
p { margin: .3rem 0; }
a { color: var(--link); }
.muted, p.statement { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .4rem 0; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
p.position { font-size: 1.1rem; border-left: 6px solid var(--ink); padding: .3rem .6rem; background: var(--head); }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
.rag { display: inline-block; min-width: 4.6rem; padding: 0 .35rem; border-radius: 3px; font-weight: 700;
       text-align: center; }
.rag-red { background: var(--red); color: #fff; }
.rag-amber { background: var(--amber); color: #1d1d1b; }
.rag-green { background: var(--green); color: #fff; }
.overdue { font-weight: 700; color: var(--red); }
.unmet { font-weight: 600; }
table.ratings td:last-child { width: 48%; }
table.items td:nth-child(3) { width: 34%; }
div.evidence { color: var(--muted); font-size: .85rem; margin-top: .15rem; }
ul.risks { margin: .2rem 0 .6rem; padding-left: 1.2rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 12mm 13mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  h1 { font-size: 15pt; } h2 { font-size: 12.5pt; margin-top: .6rem; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.authority + section.authority, section.detail, section.invalid, section.regional { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  tr, dl.facts, p.position { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: var(--ink); }
}
"""

def e(value: object) -> str:
    """Text as HTML: markup escaped, and hidden characters made visible (:mod:`fhcheck.safe_text`)."""
    from fhcheck.safe_text import xml_text

    return escape(xml_text(str(value)), quote=True)


def rag_badge(rating: Rating) -> str:
    return f'<span class="rag rag-{rating.rag}">{e(rating.label)}</span>'


def ratings_table(paper: AuthorityPaper) -> str:
    rows = "".join(
        "<tr>"
        f'<th scope="row">{e(r.key_id)}. {e(r.delivery_area[:1].upper() + r.delivery_area[1:])}</th>'
        f"<td>{rag_badge(r)}</td>"
        f'<td class="num">{r.basic.met} of {r.basic.total}</td>'
        f'<td class="num">{r.developed.met} of {r.developed.total}</td>'
        f'<td class="num">{r.go_further.met} of {r.go_further.total}</td>'
        f"<td>{e(r.reason)}</td>"
        "</tr>"
        for r in paper.ratings
    )
    return (
        '<table class="ratings"><caption>Rating per key criterion</caption>'
        '<thead><tr><th scope="col">Key criterion</th><th scope="col">Rating</th><th scope="col">Basic met</th>'
        '<th scope="col">Developed met</th><th scope="col">Go-further options</th><th scope="col">Why</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        '<p class="muted">Green: every minimum expectation met. Amber: the basic expectations are met or planned for '
        "in time, some others are not yet met. Red: a basic expectation is not met and has no in-date plan. "
        "Go-further options are optional and never lower a rating.</p>"
    )


def changes_block(changes: Changes | None) -> str:
    if changes is None:
        return "<h3>Changes since the previous assessment</h3><p>No previous assessment was given for comparison.</p>"
    parts = [
        "<h3>Changes since the previous assessment</h3>",
        f"<p>{e(changes.headline)} Then: {e(changes.then_position)}. Now: {e(changes.now_position)}. "
        f"{changes.improved} expectation{'s' if changes.improved != 1 else ''} improved, "
        f"{changes.worse} got worse.</p>",
    ]
    if changes.items:
        shown = changes.items[:8]
        rows = "".join(
            f'<tr><th scope="row">{e(line.item_id)}</th><td>{e(line.then)}</td><td>{e(line.now)}</td>'
            f"<td>{'Worse' if line.worse else 'Better'}</td></tr>"
            for line in shown
        )
        more = len(changes.items) - len(shown)
        parts.append(
            '<table><thead><tr><th scope="col">Item</th><th scope="col">Then</th><th scope="col">Now</th>'
            f'<th scope="col">Change</th></tr></thead><tbody>{rows}</tbody></table>'
            + (f'<p class="muted">And {more} more.</p>' if more else "")
        )
    return "".join(parts)


def risks_block(paper: AuthorityPaper) -> str:
    if not paper.risks:
        return (
            "<h3>Top risks</h3><p>No overdue plans, no evidence or exemptions lapsing within "
            f"{paper.warn_days} days, and no exemptions refused.</p>"
        )
    items = "".join(
        f"<li>{e(risk.summary)}" + (f" (owner: {e(risk.owner)})" if risk.owner else "") + ".</li>"
        for risk in paper.risks
    )
    more = f'<p class="muted">And {paper.more_risks} more, all in the action tracker.</p>' if paper.more_risks else ""
    return f'<h3>Top risks</h3><ul class="risks">{items}</ul>{more}'


def tracker(paper: AuthorityPaper) -> str:
    if not paper.tracker:
        return (
            "<h3>Action tracker</h3>"
            "<p>Nothing needs doing: every minimum expectation is met and nothing lapses soon.</p>"
        )
    rows = "".join(
        "<tr>"
        f'<td class="nowrap{" overdue" if row.overdue else ""}">{e(row.due)}</td>'
        f"<td>{e(row.items)}</td><td>{e(row.summary)}</td><td>{e(row.owner)}</td>"
        "</tr>"
        for row in paper.tracker
    )
    return (
        "<h3>Action tracker</h3>"
        '<table><thead><tr><th scope="col">Due</th><th scope="col">Item</th><th scope="col">Action</th>'
        f'<th scope="col">Owner</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def summary(paper: AuthorityPaper, heading: str) -> str:
    return (
        '<section class="authority">'
        f"<h2>{e(heading)}</h2>"
        '<dl class="facts">'
        f"<dt>Local authority</dt><dd>{e(paper.local_authority)}</dd>"
        f"<dt>Framework</dt><dd>{e(paper.framework_title)} ({e(paper.framework)})</dd>"
        f"<dt>Assessed on</dt><dd>{e(paper.assessed_on_text)}</dd>"
        f"<dt>Evidence file</dt><dd>{e(paper.file)}</dd>"
        + (f"<dt>Funding deadline</dt><dd>{e(paper.deadline)}</dd>" if paper.deadline else "")
        + "</dl>"
        f'<p class="position"><strong>{e(paper.headline)}</strong>{e(paper.position[len(paper.headline):])}.</p>'
        f"{ratings_table(paper)}{changes_block(paper.changes)}{risks_block(paper)}{tracker(paper)}"
        "</section>"
    )


def evidence_cell(detail_evidence: tuple[object, ...]) -> str:
    from fhcheck.board import EvidenceLine

    parts = []
    for line in detail_evidence:
        assert isinstance(line, EvidenceLine)
        title = f'<a href="{e(line.link)}">{e(line.title)}</a>' if line.link else e(line.title)
        owner = f", owner {e(line.owner)}" if line.owner else ""
        parts.append(f"{title} ({e(line.date)}{owner})")
    return "<br>".join(parts) if parts else '<span class="muted">none cited</span>'


def key_detail(detail: KeyDetail) -> str:
    key = detail.key
    subs = "".join(
        f'<tr><th scope="row">{e(sub.id)}</th><td>{e(sub.title)}</td>'
        f'<td class="num">{sub.basic.met} of {sub.basic.total}</td>'
        f'<td class="num">{sub.developed.met} of {sub.developed.total}</td>'
        f"<td>{'Yes' if sub.minimum_met else 'No'}</td></tr>"
        for sub in key.subcriteria
    )
    items = "".join(
        "<tr>"
        f'<th scope="row">{e(line.item_id)}</th>'
        f'<td>{e(line.text)}<div class="evidence">Evidence: {evidence_cell(line.evidence)}</div></td>'
        f'<td><span class="{"" if line.satisfied else "unmet"}">{e(line.verdict_text)}</span>'
        + "".join(f"<div>{e(reason)}</div>" for reason in line.reasons)
        + (f"<div>Owner: {e(line.owner)}</div>" if line.owner else "")
        + (f'<div class="muted">{e(line.dates[:1].upper() + line.dates[1:])}</div>' if line.dates else "")
        + "</td></tr>"
        for line in detail.minimum
    )
    taken = "".join(
        f"<li>{e(line.item_id)}: {e(line.text)} ({evidence_cell(line.evidence)})</li>" for line in detail.options_taken
    )
    options = (
        f"<p>Taken up ({len(detail.options_taken)}):</p><ul>{taken}</ul>" if detail.options_taken
        else "<p>None taken up yet.</p>"
    )
    if detail.options_open:
        options += f"<p>Not taken up ({len(detail.options_open)}): {e(', '.join(detail.options_open))}.</p>"
    if not detail.options_taken and not detail.options_open:
        options = "<p>This key criterion has no go-further options in this framework.</p>"
    return (
        f"<h3>Key criterion {e(key.id)}: {e(key.delivery_area)} ({e(detail.rating.label)})</h3>"
        f'<p class="statement">{e(key.statement)}</p>'
        f"<p>{rag_badge(detail.rating)} {e(detail.rating.reason)}</p>"
        '<table><thead><tr><th scope="col">Sub-criterion</th><th scope="col">Title</th><th scope="col">Basic met</th>'
        f'<th scope="col">Developed met</th><th scope="col">Minimum met</th></tr></thead><tbody>{subs}</tbody></table>'
        f"<h4>Minimum expectations of key criterion {e(key.id)}</h4>"
        '<table class="items"><thead><tr><th scope="col">Item</th><th scope="col">Expectation and evidence</th>'
        f'<th scope="col">Position</th></tr></thead><tbody>{items}</tbody></table>'
        f"<h4>Go-further options of key criterion {e(key.id)} (optional)</h4>{options}"
    )


def detail(paper: AuthorityPaper) -> str:
    return (
        '<section class="detail">'
        f"<h2>{e(paper.local_authority)}: detail by key criterion</h2>"
        + "".join(key_detail(d) for d in paper.details)
        + "</section>"
    )


def overview(paper: BoardPaper) -> str:
    rows = "".join(
        f'<tr><th scope="row">{e(p.local_authority)}</th><td>{e(p.file)}</td><td>{e(p.framework)}</td>'
        f"<td>{e(p.headline)}</td><td class=\"num\">{p.basic.met} of {p.basic.total}</td>"
        f'<td class="num">{p.developed.met} of {p.developed.total}</td>'
        f'<td class="num">{p.go_further.met} of {p.go_further.total}</td>'
        f"<td>{e(', '.join(f'{r.key_id} {r.label}' for r in p.ratings))}</td></tr>"
        for p in paper.authorities
    )
    rows += "".join(
        f'<tr><th scope="row">Could not be assessed</th><td>{e(bad.file)}</td><td colspan="6">'
        f"{len(bad.problems)} problem{'s' if len(bad.problems) != 1 else ''} (listed at the end)</td></tr>"
        for bad in paper.invalid
    )
    return (
        '<section class="overview"><h2>All evidence files</h2><table><thead><tr><th scope="col">Local authority</th>'
        '<th scope="col">Evidence file</th><th scope="col">Framework</th><th scope="col">Position</th>'
        '<th scope="col">Basic met</th><th scope="col">Developed met</th><th scope="col">Go-further options</th>'
        f'<th scope="col">Ratings</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def invalid_section(invalid: tuple[InvalidFile, ...]) -> str:
    parts = ['<section class="invalid"><h2>Files that could not be assessed</h2>']
    for bad in invalid:
        problems = "".join(f"<li>{e(problem)}</li>" for problem in bad.problems)
        parts.append(f"<h3>{e(bad.file)}</h3><ul>{problems}</ul>")
    parts.append("</section>")
    return "".join(parts)


def page(title: str, body: list[str], tool_version: str) -> str:
    """The HTML document around ``body``: language, character set, viewport, style, footer."""
    version = f" {tool_version}" if tool_version else ""
    body.append(
        f"<footer>Produced by fhcheck{e(version)} from the evidence files named above. Positions are worked out "
        "from the evidence cited, never taken on trust: only met expectations and accepted exemptions count.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


class HtmlRenderer(Renderer):
    """Not streamed: the page opens with the overview, regional view and risks of every file
    (the board paper, decided from all results at once)."""

    needs_paper = True

    def render(self, report: Report) -> str:
        """The board paper :func:`~fhcheck.report.registry.prepare` decided for the report."""
        if report.paper is None:
            raise ValueError("the report was not prepared: its board paper is decided before rendering")
        return self.render_paper(report.paper)

    def render_paper(self, paper: BoardPaper) -> str:
        body = [f"<header><h1>{e(paper.title)}</h1></header>"]
        several = len(paper.authorities) + len(paper.invalid) > 1
        if several:
            body.append(overview(paper))
        if paper.regional is not None:
            from fhcheck.report.regional import html_section

            body.append(html_section(paper.regional))
        for authority in paper.authorities:
            body.append(summary(authority, authority.local_authority if several else "Summary"))
        body += [detail(authority) for authority in paper.authorities]
        if paper.invalid:
            body.append(invalid_section(paper.invalid))
        return page(paper.title, body, paper.tool_version)


class CompareHtmlRenderer(Renderer):
    """``compare --format html``: the board paper of NEW, with what changed since OLD."""

    needs_paper = True

    def render(self, value: Compared) -> str:
        if value.paper is None:
            raise ValueError("the comparison was not prepared: its board paper is decided before rendering")
        return HtmlRenderer().render_paper(value.paper)
