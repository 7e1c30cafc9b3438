"""``fhcheck explain``: one item's :class:`~fhcheck.explain.Explanation` as text or JSON; nothing decided here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fhcheck.actions import uk_date
from fhcheck.board import plain
from fhcheck.explain import Explanation

LEVEL_TEXT = {"basic": "Level 1 (basic)", "developed": "Level 2 (developed)"}


def render_text(ex: Explanation) -> str:
    """Join the explanation's sections in reading order; each section decides its own wording."""
    lines = _heading(ex)
    lines += ["", _rule_line(ex)]
    if ex.machine_checks:
        lines.append("Machine checks: " + "; ".join(ex.machine_checks))
    if ex.conditional:
        lines.append(f"Conditional: applies {ex.conditional}")
    lines.append("")
    lines += _evidence_lines(ex)
    if ex.check_failures:
        lines.append("Machine checks failed:")
        lines += [f"  - {failure}" for failure in ex.check_failures]
    if ex.exemption is not None:
        lines += ["", _exemption_line(ex.exemption)]
    if ex.plan is not None:
        lines += ["", _plan_line(ex.plan)]
    if ex.to_satisfy:
        lines += ["", "To satisfy it:"]
        lines += [f"  - {step}" for step in ex.to_satisfy]
    return "\n".join(lines) + "\n"


def _heading(ex: Explanation) -> list[str]:
    """What the item is, where it was claimed, and its verdict with the reasons and warnings behind it."""
    tier = "minimum expectation" if ex.tier == "minimum" else "go-further option"
    lines = [
        f"{ex.item_id} ({LEVEL_TEXT.get(ex.level, ex.level)} {tier}; sub-criterion {ex.subcriterion} "
        f"{ex.subcriterion_title}; key criterion {ex.key_criterion})",
        f"  {ex.text}",
        "",
        f"{ex.file}:{ex.line}: {ex.local_authority}, framework {ex.framework}, assessed on {uk_date(ex.assessed_on)}",
        f"Status claimed: {ex.status.replace('_', ' ') if ex.status else 'not in the evidence file'}",
        f"Verdict: {ex.verdict} ({ex.verdict_text}); {'satisfied' if ex.satisfied else 'not satisfied'}",
    ]
    lines += [f"  - {plain(reason)}" for reason in ex.reasons]
    lines += [f"  ! {plain(warning)}" for warning in ex.warnings]
    return lines


def _rule_line(ex: Explanation) -> str:
    """The evidence window (and accepted kinds) as one sentence, so the cut-off date is explicit."""
    rule = f"Evidence window: {ex.window_months} months, so evidence must be dated on or after {uk_date(ex.cutoff)}"
    if ex.requires_kinds:
        rule += f"; kinds accepted: {', '.join(ex.requires_kinds)}"
    return rule + "."


def _evidence_lines(ex: Explanation) -> list[str]:
    """Each cited piece of evidence, numbered, with whether it counts and why."""
    if not ex.evidence:
        return ["Evidence: none cited."]
    lines = [f"Evidence ({len(ex.evidence)}):"]
    for number, one in enumerate(ex.evidence, 1):
        where = one.url or one.path or ""
        owner = f", owner {one.owner}" if one.owner else ""
        lines.append(f"  {number}. {one.title} [{one.kind or 'no kind'}{owner}] {where} (line {one.line})")
        lines.append(f"     {'counts' if one.counts else 'does not count'}: {one.why}")
    return lines


def _exemption_line(x: Mapping[str, Any]) -> str:
    """The exemption in one line, naming each missing field rather than leaving it blank."""
    return (
        f"Exemption ({'accepted' if x['accepted'] else 'not accepted'}): condition {x['condition'] or 'none'}; "
        f"justification {x['justification'] or 'none'}; approved by {x['approved_by'] or 'not recorded'}; "
        f"review by {uk_date(x['review_by']) if x['review_by'] else 'not set'}"
    )


def _plan_line(p: Mapping[str, Any]) -> str:
    """The improvement plan in one line, flagging an overdue due date."""
    due = uk_date(p["due"]) + (" (overdue)" if p["overdue"] else "") if p["due"] else "no date set"
    return f"Plan: {p['plan'] or 'none'}; owner {p['owner'] or 'not recorded'}; due {due}"


def render_json(ex: Explanation, tool_version: str) -> str:
    return json.dumps({"tool_version": tool_version, **ex.as_json()}, indent=2, ensure_ascii=False) + "\n"
