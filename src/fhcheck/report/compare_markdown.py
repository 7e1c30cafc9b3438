"""``fhcheck compare --format markdown`` and the ``assess --baseline`` delta: what moved, as Markdown.

Both read finished :class:`~fhcheck.comparison.Comparison` records and decide nothing. The
sentences ("This change moves 2.3.D1 from not_met to met.") are built here once, so that a
pull-request comment, the compare report and the terminal table word a move alike.
Everything from a user's file is escaped with the assess Markdown report's helpers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fhcheck.report.markdown_text import code, escape, table
from fhcheck.report.registry import Renderer

if TYPE_CHECKING:
    from fhcheck.baseline import Baseline
    from fhcheck.comparison import Comparison, CriterionChange, ItemChange
    from fhcheck.views import Compared

KIND_LABEL = {
    "improved": "improved",
    "regressed": "regressed",
    "newly_stale": "newly stale",
    "newly_overdue": "newly overdue",
    "changed": "changed",
}
TIER_LABEL = {"minimum": "minimum", "go_further": "go further"}
ARROW = "\u2192"


def item_label(change: ItemChange, old_framework: str, markdown: bool = True) -> str:
    """The item's identifier, with the old identifiers it was compared with when they differ."""
    ident = f"**{escape(change.id)}**" if markdown else change.id
    if change.remapped:
        olds = " + ".join(change.then_ids)
        ident += f" (was {escape(olds) if markdown else olds} in {old_framework})"
    return ident


def reason(change: ItemChange) -> str:
    """Why the item stands where it does now (or stood, for a move to met): plain text."""
    if change.now_reasons and change.now != "met":
        return "; ".join(change.now_reasons)
    return ""


def move(change: ItemChange, old_framework: str, markdown: bool = True, subject: str = "This change") -> str:
    """One sentence for one move, e.g. 'This change moves 2.3.D1 from not_met to met.'

    ``subject`` says who moved it: "This change" for a pull request's delta, "The new file"
    when two assessments a year apart are compared.
    """
    ident = item_label(change, old_framework, markdown)

    def verdict(value: str) -> str:
        return code(value) if markdown else value

    if change.kind == "newly_stale":
        text = f"lets {ident} go stale (was {verdict(change.then)})"
    elif change.kind == "newly_overdue":
        text = f"lets the plan for {ident} go overdue ({verdict(change.now)}"
        text += f", was {verdict(change.then)})" if change.then != change.now else ")"
    elif change.kind == "changed":
        text = f"moves {ident} sideways from {verdict(change.then)} to {verdict(change.now)}"
    else:
        text = f"moves {ident} from {verdict(change.then)} to {verdict(change.now)}"
    why = reason(change)
    if why:
        why = why.rstrip(". ")
        text += f": {escape(why) if markdown else why}"
    return f"{subject} {text}."


def _stage_line(comparison: Comparison) -> str:
    def yes(ok: bool) -> str:
        return "yes" if ok else "no"

    counts = comparison.counts()
    moved = ", ".join(f"{n} {KIND_LABEL[kind]}" for kind, n in counts.items())
    return (
        f"Stage **{comparison.then_stage}** {ARROW} **{comparison.now_stage}** · minimum met "
        f"{yes(comparison.then_minimum_met)} {ARROW} {yes(comparison.now_minimum_met)} · items: {moved}"
    )


def _criterion_cells(record: CriterionChange) -> list[str]:
    def met(value: bool | None) -> str:
        return "-" if value is None else ("yes" if value else "**no**")

    def stage(value: str | None) -> str:
        return "-" if value is None else value

    def gf(value: object) -> str:
        return "-" if value is None or getattr(value, "total", 0) == 0 else str(value)

    mark = "**changed**" if record.changed else ""
    if record.worse:
        mark = "**worse**"
    return [
        met(record.then_minimum_met),
        met(record.now_minimum_met),
        stage(record.then_stage),
        stage(record.now_stage),
        gf(record.then_go_further),
        gf(record.now_go_further),
        mark,
    ]


def comparison_section(comparison: Comparison, level: int = 2) -> list[str]:
    """The whole comparison of one pair of files, headed at Markdown ``level``."""
    h = "#" * level
    lines = [
        f"{h} {escape(comparison.new_local_authority)}: {comparison.old_assessed_on.isoformat()} {ARROW} "
        f"{comparison.new_assessed_on.isoformat()}",
        "",
        f"{code(comparison.old_file)} (framework {escape(comparison.old_framework)}) {ARROW} "
        f"{code(comparison.new_file)} (framework {escape(comparison.new_framework)})",
        "",
        _stage_line(comparison),
        "",
    ]
    lines += _note_lines(comparison)
    lines += [f"{h}# What moved", ""]
    lines += _moved_lines(comparison)
    lines.append("")
    lines += _criteria_tables(comparison, h)
    if comparison.links:
        lines += _link_lines(comparison, h)
    if comparison.unmapped:
        lines += _unmapped_lines(comparison, h)
    return lines


def _note_lines(comparison: Comparison) -> list[str]:
    """The comparison's notes as Markdown quotes, followed by a blank line only when there are any."""
    lines = [f"> **Note:** {escape(note)}" for note in comparison.notes]
    return lines + [""] if lines else lines


def _moved_lines(comparison: Comparison) -> list[str]:
    """One sentence per move, then the same moves as a table, so both a reader and a scanner are served."""
    if not comparison.items:
        return ["No item's verdict changed."]
    lines = [f"- {move(change, comparison.old_framework, subject='The new file')}" for change in comparison.items]
    lines.append("")
    rows = [_move_row(change, comparison.old_framework) for change in comparison.items]
    return lines + table(["Item", "Change", "Tier", "Then", "Now", "Reason then", "Reason now"], rows)


def _move_row(change: ItemChange, old_framework: str) -> list[str]:
    """One item's row of the moves table: its label, kind, tier, verdicts then and now, and the reasons."""

    def verdict(value: str, overdue: bool) -> str:
        return code(value, cell=True) + (" (overdue)" if overdue else "")

    return [
        item_label(change, old_framework),
        KIND_LABEL[change.kind],
        TIER_LABEL.get(change.tier, escape(change.tier)),
        verdict(change.then, change.then_overdue),
        verdict(change.now, change.now_overdue),
        escape("; ".join(change.then_reasons)),
        escape("; ".join(change.now_reasons)),
    ]


def _criteria_tables(comparison: Comparison, h: str) -> list[str]:
    """The key-criteria table (without titles: the statements are too long) and the sub-criteria table."""
    tail = ["Minimum met then", "now", "Stage then", "now", "Go further then", "now", ""]
    lines = [f"{h}# Key criteria", ""]
    lines += table(["Key", *tail], [[escape(r.id), *_criterion_cells(r)] for r in comparison.key_criteria])
    lines += ["", f"{h}# Sub-criteria", ""]
    rows = [[escape(r.id), escape(r.title), *_criterion_cells(r)] for r in comparison.subcriteria]
    lines += table(["Sub", "Title", *tail], rows)
    lines.append("")
    return lines


def _link_lines(comparison: Comparison, h: str) -> list[str]:
    """Which new item stands for which old ones, so a cross-version move can be traced."""
    lines = [f"{h}# Compared through 'replaces' links", ""]
    lines += [
        f"- {escape(link.new)} ({comparison.new_framework}) stands for "
        f"{escape(' + '.join(link.old))} ({comparison.old_framework})"
        for link in comparison.links
    ]
    lines.append("")
    return lines


def _unmapped_lines(comparison: Comparison, h: str) -> list[str]:
    """Items with no counterpart, new ones first, so nothing silently drops out of the comparison."""
    lines = [f"{h}# Not compared: no counterpart in the other framework", ""]
    for side, framework, what in (
        ("new", comparison.new_framework, "new in"),
        ("old", comparison.old_framework, "dropped after"),
    ):
        chosen = [u for u in comparison.unmapped if u.side == side]
        if chosen:
            listed = ", ".join(f"{escape(u.id)} ({code(u.verdict)})" for u in chosen)
            lines.append(f"- {what} framework {escape(framework)}: {listed}")
    lines.append("")
    return lines


def render(comparison: Comparison) -> str:
    lines = ["# Family hubs assessment compared", ""] + comparison_section(comparison)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_baseline(found: Sequence[Baseline]) -> str:
    """The pull-request delta: per file, one sentence per move, then the stage then and now."""
    ref = found[0].ref if found else ""
    lines = [f"## Changes since {code(ref)}" if ref else "## Changes", ""]
    if not found:
        lines.append("No evidence file was assessed.")
    for one in found:
        lines += _baseline_lines(one)
    return "\n".join(lines).rstrip("\n") + "\n"


def _baseline_lines(one: Baseline) -> list[str]:
    """One file's part of the delta: new at REF, invalid at REF, or compared with its version there."""
    if one.state == "new":
        return [f"**{code(one.file)}** is new: it did not exist at {code(one.ref)}.", ""]
    if one.state == "invalid" or one.comparison is None:
        lines = [f"**{code(one.file)}** was not a valid evidence file at {code(one.ref)}:", ""]
        lines += [f"- {code(str(p.location))}: {escape(p.message)}" for p in one.problems]
        return lines + [""]
    comparison = one.comparison
    lines = [f"**{code(one.file)}** ({escape(comparison.new_local_authority)}): {_stage_line(comparison)}", ""]
    lines += _note_lines(comparison)
    if comparison.items:
        lines += [f"- {move(change, comparison.old_framework)}" for change in comparison.items]
    else:
        lines.append("- This change moves no item's verdict.")
    lines += _roll_up_lines(comparison)
    return lines + [""]


def _roll_up_lines(comparison: Comparison) -> list[str]:
    """Criteria that now meet their minimum expectations, then those that got worse, one sentence each."""
    records = (*comparison.key_criteria, *comparison.subcriteria)
    better = [r for r in records if r.then_minimum_met is False and r.now_minimum_met]
    lines = [f"- {_scope(r)} {escape(r.id)} now meets its minimum expectations." for r in better]
    lines += [_worse_line(r) for r in records if r.worse]
    return lines


def _worse_line(record: CriterionChange) -> str:
    """Why a criterion is worse: it stopped meeting its minimum, or otherwise fell a stage."""
    if record.then_minimum_met and not record.now_minimum_met:
        return f"- {_scope(record)} {escape(record.id)} no longer meets its minimum expectations."
    return f"- {_scope(record)} {escape(record.id)} falls from {record.then_stage} to {record.now_stage}."


def _scope(record: CriterionChange) -> str:
    return "Key criterion" if record.scope == "key_criterion" else "Sub-criterion"


class CompareMarkdownRenderer(Renderer):
    baseline_delta_follows = True

    def render(self, value: Compared) -> str:
        return render(value.comparison)
