"""The regional view drawn: an inline SVG heat map for HTML, and the same matrix as Markdown.

Both read a :class:`~fhcheck.regional_view.RegionalView` and decide nothing. The heat map's
colours are five buckets, each named in its legend and in every cell's tooltip, so that
the page reads without colour too:

- red: minimum expectations not met, fewer than half of its minimum items satisfied;
- amber: not met, half or more satisfied;
- pale green: minimum expectations met, no 'go further' option met (or none offered);
- green: met, some 'go further' options met;
- dark green: met, every 'go further' option met.

Every text from a user's file is escaped (and stripped of control characters, which XML
forbids), so an authority's name cannot break the SVG or the page around it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from fhcheck.report.markdown_text import escape as md_escape
from fhcheck.report.markdown_text import table as md_table

if TYPE_CHECKING:
    from fhcheck.regional_view import Cell, ItemTally, RegionalView

TICK, CROSS, DASH = "\u2714", "\u2718", "\u2013"
#: bucket -> (fill, text colour, legend wording)
BUCKETS: dict[str, tuple[str, str, str]] = {
    "red": ("#e8a0a0", "#1d1d1b", "minimum not met, under half of its minimum items satisfied"),
    "amber": ("#f5d49a", "#1d1d1b", "minimum not met, half or more satisfied"),
    "pale": ("#cfe8d0", "#1d1d1b", "minimum met, no 'go further' option met"),
    "green": ("#7cc47f", "#1d1d1b", "minimum met, some 'go further' options met"),
    "dark": ("#2e7d32", "#ffffff", "minimum met, every 'go further' option met"),
    "absent": ("#f3f3f3", "#5a5a5a", "not in this authority's framework version"),
}

LABEL_WIDTH, CELL_W, CELL_H, STAGE_WIDTH = 190, 40, 26, 70
HEAD_H = 44


def e(value: object) -> str:
    from fhcheck.safe_text import xml_text

    return html.escape(xml_text(str(value)), quote=True)


def bucket(cell: Cell | None) -> str:
    """Which of the five colours (or absent) a cell takes."""
    if cell is None:
        return "absent"
    if not cell.minimum_met:
        minimum = cell.minimum
        return "amber" if minimum.total and minimum.met * 2 >= minimum.total else "red"
    further = cell.go_further
    if further.total == 0 or further.met == 0:
        return "pale"
    return "dark" if further.met == further.total else "green"


def cell_text(cell: Cell | None) -> str:
    """✔ with 'go further' met/total when the minimum is met; ✘ with minimum items met/total when not."""
    if cell is None:
        return DASH
    if cell.minimum_met:
        return f"{TICK} {cell.go_further}" if cell.go_further.total else TICK
    return f"{CROSS} {cell.minimum}"


def _tooltip(label: str, title: str, column_id: str, cell: Cell | None) -> str:
    if cell is None:
        return f"{label} \u2014 {column_id} {title}: {BUCKETS['absent'][2]}"
    state = "minimum met" if cell.minimum_met else "minimum not met"
    return (
        f"{label} \u2014 {column_id} {title}: {state} (basic {cell.basic}, developed {cell.developed}); "
        f"go further {cell.go_further}"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def heat_map_svg(view: RegionalView) -> str:
    """Authorities (rows) by sub-criteria (columns) as one inline SVG with a legend and tooltips.

    Inline in an HTML page, so without an ``xmlns`` (HTML puts ``<svg>`` in the SVG namespace
    itself, and the page then names no address at all); its shapes carry ``class="regional"``.
    """
    columns, rows = view.columns, view.rows
    width = LABEL_WIDTH + CELL_W * len(columns) + STAGE_WIDTH
    legend_y = HEAD_H + CELL_H * (len(rows) + 1) + 16
    legend_rows = (len(BUCKETS) + 1) // 2
    height = legend_y + legend_rows * 20 + 4
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="regional-title" class="regional">',
        f'<title id="regional-title">Minimum expectations per sub-criterion for {len(rows)} local authorities</title>',
        '<g font-family="system-ui, -apple-system, Segoe UI, Arial, sans-serif" font-size="11">',
    ]
    # key criterion groups, then sub-criterion ids
    start = 0
    while start < len(columns):
        key = columns[start].key_criterion
        end = start
        while end < len(columns) and columns[end].key_criterion == key:
            end += 1
        x0, x1 = LABEL_WIDTH + start * CELL_W, LABEL_WIDTH + end * CELL_W
        parts.append(
            f'<text x="{(x0 + x1) / 2:g}" y="14" text-anchor="middle" font-weight="600">Key criterion {e(key)}</text>'
            if end - start > 2
            else f'<text x="{(x0 + x1) / 2:g}" y="14" text-anchor="middle" font-weight="600">KC {e(key)}</text>'
        )
        parts.append(f'<line x1="{x0 + 2}" y1="19" x2="{x1 - 2}" y2="19" stroke="#5a5a5a"/>')
        start = end
    for index, column in enumerate(columns):
        x = LABEL_WIDTH + index * CELL_W + CELL_W / 2
        parts.append(
            f'<text x="{x:g}" y="{HEAD_H - 8}" text-anchor="middle"><title>{e(column.id)} {e(column.title)}</title>'
            f"{e(column.id)}</text>"
        )
    parts.append(
        f'<text x="{LABEL_WIDTH + CELL_W * len(columns) + 8}" y="{HEAD_H - 8}">Stage</text>'
    )
    for r, row in enumerate(rows):
        y = HEAD_H + r * CELL_H
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + CELL_H / 2 + 4:g}" text-anchor="end"><title>{e(row.label)} \u2014 '
            f"{e(row.file)}, framework {e(row.framework)}</title>{e(_clip(row.label, 28))}</text>"
        )
        for c, (column, cell) in enumerate(zip(columns, row.cells, strict=False)):
            fill, ink, _ = BUCKETS[bucket(cell)]
            x = LABEL_WIDTH + c * CELL_W
            parts.append(
                f'<g><title>{e(_tooltip(row.label, column.title, column.id, cell))}</title>'
                f'<rect class="regional" x="{x + 1}" y="{y + 1}" '
                f'width="{CELL_W - 2}" height="{CELL_H - 2}" fill="{fill}"/>'
                f'<text x="{x + CELL_W / 2:g}" y="{y + CELL_H / 2 + 4:g}" '
                f'text-anchor="middle" font-size="10" fill="{ink}">'
                f"{e(cell_text(cell))}</text></g>"
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + CELL_W * len(columns) + 8}" y="{y + CELL_H / 2 + 4:g}">{e(row.stage)}</text>'
        )
    y = HEAD_H + len(rows) * CELL_H
    parts.append(
        f'<text x="{LABEL_WIDTH - 8}" y="{y + CELL_H / 2 + 4:g}" text-anchor="end" '
        'font-weight="600">Minimum met by</text>'
    )
    for c, tally in enumerate(view.column_tallies):
        parts.append(
            f'<text x="{LABEL_WIDTH + c * CELL_W + CELL_W / 2:g}" y="{y + CELL_H / 2 + 4:g}" text-anchor="middle" '
            f'font-weight="600">{tally.minimum_met}/{tally.assessed}</text>'
        )
    for index, (_name, (fill, _, words)) in enumerate(BUCKETS.items()):
        lx = 0 if index % 2 == 0 else width / 2
        ly = legend_y + (index // 2) * 20
        parts.append(
            f'<rect class="regional" x="{lx:g}" y="{ly}" width="14" height="14" fill="{fill}" stroke="#c8c8c8"/>'
            f'<text x="{lx + 20:g}" y="{ly + 11}">{e(words)}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _not_satisfied(item: ItemTally, limit: int = 6) -> str:
    names = list(item.not_satisfied_by)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def html_section(view: RegionalView) -> str:
    """The regional section of the HTML page: the heat map, then the per-item counts."""
    rows = "".join(
        "<tr>"
        f'<td class="id">{e(item.id)}</td><td>{e("go further" if item.tier == "go_further" else item.tier)}</td>'
        f'<td class="num">{item.satisfied}/{item.assessed}</td><td>{e(_not_satisfied(item))}</td>'
        "</tr>"
        for item in view.items
    )
    return (
        '<section class="regional"><h2>Regional view</h2>'
        f'<p class="meta">{len(view.rows)} evidence files, framework {e(", ".join(view.frameworks))}. Each cell is '
        f"one authority's sub-criterion: {TICK} with 'go further' options met/offered when its minimum "
        f"expectations are met, {CROSS} with minimum items met/total when they are not.</p>"
        f"<figure>{heat_map_svg(view)}<figcaption>Local authorities by sub-criterion (hover a cell for its counts)."
        "</figcaption></figure>"
        "<h3>How many authorities satisfy each item</h3>"
        "<table><thead><tr><th>Item</th><th>Tier</th><th>Satisfied by</th><th>Not satisfied by</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def markdown_section(view: RegionalView, level: int = 2) -> list[str]:
    """The same matrix and counts as Markdown lines (headed at ``level``)."""
    h = "#" * level
    header = ["Local authority", "Stage"] + [md_escape(c.id) for c in view.columns]
    rows = [
        [md_escape(row.label), row.stage] + [cell_text(cell) for cell in row.cells]
        for row in view.rows
    ]
    rows.append(["**Minimum met by**", ""] + [f"{t.minimum_met}/{t.assessed}" for t in view.column_tallies])
    lines = [
        f"{h} Regional view",
        "",
        f"{len(view.rows)} evidence files, framework {md_escape(', '.join(view.frameworks))}. {TICK} minimum "
        f"expectations met, with 'go further' options met/offered; {CROSS} not met, with minimum items met/total; "
        f"{DASH} not in that framework version.",
        "",
        *md_table(header, rows),
        "",
    ]
    least = view.least_satisfied()
    if least:
        lines += [f"{h}# Minimum expectations the fewest authorities satisfy", ""]
        lines += md_table(
            ["Item", "Satisfied by", "Not satisfied by"],
            [[md_escape(i.id), f"{i.satisfied}/{i.assessed}", md_escape(_not_satisfied(i))] for i in least],
        )
        lines.append("")
    # every item is a long table: folded, so a pull-request comment stays readable
    lines += [
        f"{h}# How many authorities satisfy each item",
        "",
        f"<details><summary>{len(view.items)} items</summary>",
        "",
    ]
    lines += md_table(
        ["Item", "Tier", "Satisfied by", "Not satisfied by"],
        [
            [md_escape(i.id), "go further" if i.tier == "go_further" else i.tier, f"{i.satisfied}/{i.assessed}",
             md_escape(_not_satisfied(i))]
            for i in view.items
        ],
    )
    lines += ["", "</details>", ""]
    return lines
