"""``--format html``: one self-contained page for a board meeting.

Per evidence file: where it stands (stage, minimum met, the ``--fail-under`` result), a bar
chart of minimum-expectation and 'go further' progress per key criterion drawn as inline
SVG, the same tables as the terminal, then the unmet items with the criterion's text and
the reasons. Several files get a summary table first.

The page needs nothing else: no scripts, no fonts, no images or style sheets from
elsewhere, so it opens offline, can be mailed as one file, and prints on A4 (``@media
print`` keeps colours, avoids splitting rows and starts each file on a new page). Every
piece of text is escaped with :func:`html.escape`. Numbers come from the report's counts;
nothing is decided here.
"""

from __future__ import annotations

from html import escape

from fhcheck.results import Count, FileResult, InvalidFile, ItemResult, KeyCriterionResult, Report

TIER_LABEL = {"minimum": "minimum", "go_further": "go further"}
#: Chart colours, written out because SVG presentation attributes cannot use CSS variables.
MINIMUM_COLOUR, FURTHER_COLOUR, TRACK_COLOUR = "#1d4f91", "#2e8540", "#e9e9e9"
VERDICT_CLASS = {
    "met": "ok",
    "not_applicable": "ok",
    "partially_met": "part",
    "needs_review": "part",
    "stale": "part",
    "not_met": "bad",
    "unevidenced": "bad",
    "missing": "bad",
}

STYLE = """
:root { --ink: #1d1d1b; --muted: #5a5a5a; --line: #c8c8c8; --track: #e9e9e9;
        --minimum: #1d4f91; --further: #2e8540; --bad: #a4161a; --part: #8a5a00; --ok: #1e6b34; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink);
       margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.75rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
p.meta, p.statement, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.id, td.nowrap { white-space: nowrap; }
.ok { color: var(--ok); } .bad { color: var(--bad); } .part { color: var(--part); }
.verdict { font-weight: 600; white-space: nowrap; }
dl.headline { display: flex; flex-wrap: wrap; gap: .5rem 2rem; margin: 1rem 0; }
dl.headline div { min-width: 8rem; } dl.headline dt { color: var(--muted); font-size: .85rem; }
dl.headline dd { margin: 0; font-size: 1.2rem; font-weight: 600; }
figure { margin: 1rem 0; } figcaption { color: var(--muted); font-size: .9rem; }
svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
.legend span { display: inline-block; width: .8rem; height: .8rem; vertical-align: middle; margin: 0 .3rem 0 1rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.file + section.file, section.invalid { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  tr, figure, dl.headline { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def e(value: object) -> str:
    """Text as HTML: markup escaped, and hidden characters made visible (:mod:`fhcheck.safe_text`)."""
    from fhcheck.safe_text import xml_text

    return escape(xml_text(str(value)), quote=True)


def percent(count: Count) -> str:
    return "-" if count.total == 0 else f"{round(100 * count.met / count.total)}%"


def count_cell(count: Count) -> str:
    if count.total == 0:
        return '<td class="num muted">-</td>'
    css = "ok" if count.complete else "bad"
    return f'<td class="num {css}">{e(count)}</td>'


def yes_no(ok: bool) -> str:
    return '<span class="ok">\u2714 yes</span>' if ok else '<span class="bad">\u2718 no</span>'


def chart(result: FileResult, number: int) -> str:
    """Two bars per key criterion, minimum and go further, each on a 0-100% track."""
    label_width, bar_width, bar_height, gap, group_gap, value_width = 130, 330, 16, 4, 14, 210
    width = label_width + bar_width + value_width
    rows: list[str] = []
    y = 8
    for key in result.key_criteria:
        rows.append(
            f'<text x="0" y="{y + bar_height + 2}" font-weight="600">Key criterion {e(key.id)}</text>'
            f'<text x="0" y="{y + 2 * bar_height + gap + 2}" fill="#5a5a5a">{e(key.delivery_area)}</text>'
        )
        for offset, (name, count, colour) in enumerate(
            (("minimum", key.minimum, MINIMUM_COLOUR), ("go further", key.go_further, FURTHER_COLOUR))
        ):
            top = y + offset * (bar_height + gap)
            filled = 0.0 if count.total == 0 else bar_width * count.met / count.total
            value = "none in this version" if count.total == 0 else f"{count} ({percent(count)})"
            rows.append(
                f'<rect x="{label_width}" y="{top}" width="{bar_width}" height="{bar_height}" fill="{TRACK_COLOUR}">'
                f"<title>{e(name)}: {e(value)}</title></rect>"
                f'<rect x="{label_width}" y="{top}" width="{filled:.1f}" height="{bar_height}" fill="{colour}"/>'
                f'<text x="{label_width + bar_width + 8}" y="{top + bar_height - 4}">{e(name)} {e(value)}</text>'
            )
        y += 2 * bar_height + gap + group_gap
    height = y
    summary = "; ".join(
        f"key criterion {key.id}: minimum {key.minimum}, go further {key.go_further}" for key in result.key_criteria
    )
    return (
        "<figure>"
        f'<svg role="img" aria-labelledby="chart-title-{number}" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" preserveAspectRatio="xMinYMin meet">'
        f'<title id="chart-title-{number}">Items satisfied per key criterion: {e(summary)}</title>'
        + "".join(rows)
        + "</svg>"
        '<figcaption class="legend">Items satisfied per key criterion:'
        f'<span style="background:{MINIMUM_COLOUR}"></span>minimum expectations (basic and developed)'
        f'<span style="background:{FURTHER_COLOUR}"></span>go further options</figcaption>'
        "</figure>"
    )


def key_table(key: KeyCriterionResult) -> str:
    rows = "".join(
        "<tr>"
        f'<td class="id">{e(sub.id)}</td><td>{e(sub.title)}</td>'
        f"{count_cell(sub.basic)}{count_cell(sub.developed)}"
        f'<td class="nowrap">{yes_no(sub.minimum_met)}</td>{count_cell(sub.go_further)}'
        "</tr>"
        for sub in key.subcriteria
    )
    return (
        f"<h4>Key criterion {e(key.id)} ({e(key.delivery_area)})</h4>"
        f'<p class="statement">{e(key.statement)}</p>'
        "<table><thead><tr><th>Sub</th><th>Title</th><th>Basic</th><th>Developed</th>"
        "<th>Minimum met</th><th>Go further</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def item_rows(items: list[ItemResult]) -> str:
    return "".join(
        "<tr>"
        f'<td class="id">{e(item.id)}</td>'
        f'<td><span class="verdict {VERDICT_CLASS.get(item.verdict, "bad")}">{e(item.verdict.replace("_", " "))}</span></td>'
        f"<td>{e(item.text)}</td>"
        f"<td>{'<br>'.join(e(reason) for reason in item.reasons)}</td>"
        "</tr>"
        for item in items
    )


def unmet(result: FileResult) -> str:
    parts: list[str] = []
    for tier, heading in (("minimum", "Minimum expectations not met"), ("go_further", "Go further options not yet met")):
        items = [item for item in result.items if not item.satisfied and item.tier == tier]
        if not items:
            continue
        parts.append(
            f"<h3>{e(heading)} ({len(items)})</h3>"
            "<table><thead><tr><th>Item</th><th>Verdict</th><th>Criterion</th><th>Why</th></tr></thead>"
            f"<tbody>{item_rows(items)}</tbody></table>"
        )
    warned = [item for item in result.items if item.warnings]
    if warned:
        rows = "".join(
            f'<tr><td class="id">{e(item.id)}</td><td>{"<br>".join(e(w) for w in item.warnings)}</td></tr>'
            for item in warned
        )
        parts.append(
            f"<h3>Coming up ({len(warned)})</h3>"
            f"<table><thead><tr><th>Item</th><th>Lapses</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if not parts:
        parts.append('<p class="ok">Every item is satisfied.</p>')
    return "".join(parts)


class HtmlRenderer:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report) -> str:
        names = sorted({result.local_authority for result in report.results})
        title = "Family hubs assessment" + (f": {names[0]}" if len(names) == 1 else "")
        body = [f"<header><h1>{e(title)}</h1>{self.overview(report)}</header>"]
        if len(report.results) + len(report.invalid) > 1:
            body.append(self.summary(report))
        if len(report.results) > 1:  # several authorities: the regional heat map and per-item counts
            from fhcheck.regional import regional_view
            from fhcheck.report.regional import html_section

            body.append(html_section(regional_view(report.results)))
        body += [self.file(result, report.fail_under, number) for number, result in enumerate(report.results, 1)]
        if report.invalid:
            body.append(self.invalid(report.invalid))
        version = f" {report.tool_version}" if report.tool_version else ""
        body.append(
            f"<footer>Produced by fhcheck{e(version)} from the evidence files named above. Verdicts are computed from "
            "the evidence cited, never taken on trust: only met items and accepted exemptions count.</footer>"
        )
        return (
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + "\n</body>\n</html>\n"
        )

    @staticmethod
    def overview(report: Report) -> str:
        files = len(report.results) + len(report.invalid)
        reached = sum(1 for result in report.results if result.passed)
        state = '<span class="ok">every file reaches it</span>' if report.passed else '<span class="bad">not every file reaches it</span>'
        return (
            f'<p class="meta">{files} evidence file{"s" if files != 1 else ""}; threshold (--fail-under) '
            f"<strong>{e(report.fail_under)}</strong>: {state} ({reached} of {files}).</p>"
        )

    @staticmethod
    def summary(report: Report) -> str:
        rows = "".join(
            "<tr>"
            f"<td>{e(result.local_authority)}</td><td>{e(result.file)}</td><td>{e(result.framework)}</td>"
            f"<td><strong>{e(result.stage)}</strong></td><td>{yes_no(result.minimum_met)}</td>"
            f"{count_cell(result.minimum)}{count_cell(result.go_further)}"
            f"<td>{yes_no(result.passed)}</td>"
            "</tr>"
            for result in report.results
        )
        rows += "".join(
            f'<tr><td class="muted">-</td><td>{e(bad.file)}</td><td colspan="5" class="bad">invalid: '
            f"{len(bad.problems)} problem{'s' if len(bad.problems) != 1 else ''}</td><td>{yes_no(False)}</td></tr>"
            for bad in report.invalid
        )
        return (
            "<section><h2>Summary</h2><table><thead><tr><th>Local authority</th><th>File</th><th>Framework</th>"
            "<th>Stage</th><th>Minimum met</th><th>Minimum items</th><th>Go further</th><th>Reaches threshold</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></section>"
        )

    @staticmethod
    def file(result: FileResult, fail_under: str, number: int = 1) -> str:
        headline = (
            '<dl class="headline">'
            f"<div><dt>Stage</dt><dd>{e(result.stage)}</dd></div>"
            f"<div><dt>Minimum expectations</dt><dd>{e(result.minimum)} ({percent(result.minimum)})</dd></div>"
            f"<div><dt>Go further options</dt><dd>{e(result.go_further)} ({percent(result.go_further)})</dd></div>"
            f"<div><dt>Reaches {e(fail_under)}</dt><dd>{yes_no(result.passed)}</dd></div>"
            "</dl>"
        )
        return (
            '<section class="file">'
            f"<h2>{e(result.local_authority)}</h2>"
            f'<p class="meta">{e(result.file)} · {e(result.framework_title)} ({e(result.framework)}) · assessed on '
            f"{e(result.assessed_on.isoformat())} · minimum met {yes_no(result.minimum_met)} · basic {e(result.basic)} · "
            f"developed {e(result.developed)} · go further {e(result.go_further)}</p>"
            f"{headline}"
            "<h3>Progress per key criterion</h3>"
            f"{chart(result, number)}"
            "<h3>Key criteria and sub-criteria</h3>"
            + "".join(key_table(key) for key in result.key_criteria)
            + unmet(result)
            + "</section>"
        )

    @staticmethod
    def invalid(invalid: tuple[InvalidFile, ...]) -> str:
        parts = ['<section class="invalid"><h2>Files that could not be assessed</h2>']
        for bad in invalid:
            problems = "".join(f"<li>{e(problem)}</li>" for problem in bad.problems)
            parts.append(f"<h3>{e(bad.file)}</h3><ul>{problems}</ul>")
        parts.append("</section>")
        return "".join(parts)
