"""An evidence workbook's data -> the text of an evidence file, each item under its criterion text.

The data written is exactly what was read from the cells (not the validated model), so
the YAML file says what the workbook said, and gives the same verdicts.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from fhcheck.catalogue import Catalogue
from fhcheck.scaffold import WIDTH, default_schema_ref

_TOP = ("fhcheck", "framework", "local_authority", "assessed_on")


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=WIDTH, default_flow_style=False)


def evidence_yaml(data: dict[str, Any], catalogue: Catalogue, source: str) -> str:
    """The evidence file for ``data``: top-level keys, then items in framework order with their text as comments."""
    lines = [
        f"# yaml-language-server: $schema={default_schema_ref(catalogue.version)}",
        f"# Imported from {' '.join(source.split())} by 'fhcheck import'.",
    ]
    top = {key: data[key] for key in _TOP if key in data}
    if "framework" in top:
        top["framework"] = str(top["framework"])
    lines.append(_dump(top).rstrip("\n"))
    items = data.get("items") or {}
    if not items:
        lines.append("items: {}")
    else:
        lines.append("items:")
        for item_id in [i for i in catalogue.items if i in items] + [i for i in items if i not in catalogue.items]:
            item = catalogue.items.get(item_id)
            if item is not None:
                lines += textwrap.wrap(
                    " ".join(item.text.split()), WIDTH - 4, initial_indent="  # ", subsequent_indent="  # "
                )
            block = _dump({item_id: items[item_id]})
            lines += ["  " + line if line else line for line in block.rstrip("\n").split("\n")]
    rest = {key: value for key, value in data.items() if key not in (*_TOP, "items")}
    if rest:
        lines.append(_dump(rest).rstrip("\n"))
    return "\n".join(lines) + "\n"
