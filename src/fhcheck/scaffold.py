"""A new evidence file listing every item of a framework version, for ``fhcheck init``.

Design: the file is valid as written and claims nothing. It records no status, because a
status fhcheck invented would be a claim the local authority never made; so ``items`` is
an empty mapping (``items: {}``) and every item of the version follows it as a
commented-out stub, in framework order under its key criterion and sub-criterion
headings, with the criterion text, tier, evidence kinds and freshness window beside it.
The file validates at once and every item is assessed ``missing`` until it is filled in.

To record an item, the user changes ``items: {}`` to ``items:`` (once) and uncomments the
item's stub lines (an editor's toggle-comment does it: each stub line is ``# `` plus the
real line's indentation), then fills in the status and evidence. Explanatory text inside
a stub is commented twice, so it stays a comment when the stub is uncommented.

The first line points editors at the JSON Schema (``fhcheck schema``), so that the
identifiers, statuses and kinds complete and are checked as the file is typed.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from fhcheck.catalogue import Catalogue, Item

WIDTH = 96
LEVEL_LABEL = {"basic": "Level 1 basic model", "developed": "Level 2 developed model"}
TIER_LABEL = {"minimum": "minimum expectation", "go_further": "'go further' option"}


def default_schema_ref(version: str) -> str:
    """The schema file name ``init`` points at, beside the evidence file (offline-friendly)."""
    return f"evidence-{version}.schema.json"


def scaffold(
    catalogue: Catalogue,
    local_authority: str,
    assessed_on: dt.date,
    schema_ref: str | None = None,
) -> str:
    """The text of a new evidence file for ``catalogue``'s version: valid, with every item as a stub."""
    version = catalogue.version
    ref = schema_ref if schema_ref is not None else default_schema_ref(version)
    statuses = "met | partially_met | not_met | not_applicable"
    lines = [
        f"# yaml-language-server: $schema={ref}",
        f"# Evidence of {_one_line(local_authority)} against the {catalogue.title} ({version}),",
        "# started by 'fhcheck init'. Every item of the framework is listed below as a commented-out",
        "# stub with its criterion text; fhcheck assesses an item left commented out as missing.",
        "#",
        "# To record an item: change 'items: {}' to 'items:' (once), uncomment the item's stub (an",
        "# editor's toggle-comment keeps the indentation right) and fill in what you need:",
        f"#   status: {statuses}",
        "#     (not_applicable only for conditional items, with a justification)",
        "#   evidence: each entry a title, a url or a path (relative to this file), a kind and a date",
        "#   plan and due: for items not met or partially met",
        "# Then run 'fhcheck validate' and 'fhcheck assess' on this file.",
        "#",
        "# Editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed,",
        "# Emacs and others) check and complete this file from the schema named on the first",
        "# line; write it beside this file with",
        f"#   fhcheck schema --framework {version} --output {ref}",
        "fhcheck: 1",
        f'framework: "{version}"',
        f"local_authority: {json.dumps(local_authority, ensure_ascii=False)}",
        f"assessed_on: {assessed_on.isoformat()}",
        "items: {}  # change to 'items:' when you record the first item below",
    ]
    for key in catalogue.spec.key_criteria:
        lines += [
            "",
            "  # " + "=" * (WIDTH - 4),
            *_wrap(f"Key criterion {key.id} ({catalogue.delivery_area_of(key.id)}): {key.statement}", "  # "),
            "  # " + "=" * (WIDTH - 4),
        ]
        for sub in key.subcriteria:
            lines += ["", f"  # --- {sub.id} {sub.title} ---"]
            for item in sub.items:
                lines += ["", *_stub(catalogue, item)]
    return "\n".join(lines) + "\n"


def _stub(catalogue: Catalogue, item: Item) -> list[str]:
    about = f"{LEVEL_LABEL[item.level]}, {TIER_LABEL[item.tier]}."
    needs = f" Evidence of kind {' or '.join(item.requires_kinds)}" if item.requires_kinds else " Evidence of any kind"
    about += f"{needs}, dated within {catalogue.freshness_months(item)} months of assessed_on."
    if item.conditional:
        about += f" Conditional ({item.conditional}): not_applicable is accepted with a justification."
    statuses = "met | partially_met | not_met" + (" | not_applicable" if item.conditional else "")
    kinds = " | ".join(item.requires_kinds) if item.requires_kinds else "any kind from 'fhcheck criteria kinds'"
    key = f"  # {item.id}:  # "
    indent = "  #" + " " * (len(key) - 5) + "# "
    text = _wrap(item.text, indent)
    lines = [
        key + text[0][len(indent):],
        *text[1:],
        *_wrap(about, indent),
        f"  #   status:  # {statuses}",
        "  #   evidence:",
        "  #     - title:",
        "  #       url:  # https://... or path: docs/file.pdf",
        f"  #       kind:  # {kinds}",
        "  #       date:  # YYYY-MM-DD",
    ]
    if item.conditional:
        lines.append("  #   justification:  # only with status not_applicable: why the condition does not hold")
    return lines


def _wrap(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in textwrap.wrap(_one_line(text), WIDTH - len(prefix), break_on_hyphens=False)]


def _one_line(text: str) -> str:
    return " ".join(text.split())
