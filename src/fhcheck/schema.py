"""The JSON Schema of the evidence file for one framework version, for editors and peer validators.

Nothing here is a hand-kept copy of the format. The shape (keys, types, nullability,
required keys, the status and change enums, ``carried_from`` and ``retired``) comes from
the pydantic models in :mod:`fhcheck.evidence` via ``model_json_schema``; the framework
version's item identifiers come from its catalogue, each with its criterion text as the
description an editor shows; evidence kinds come from ``criteria/evidence-kinds.yaml``.
What the models check in Python code (the format version, the framework name, web
addresses, SHA-256 digests, calendar dates, "url or path", "sha256 only with a path") is
added as the JSON Schema keywords that say the same, each tied to a field the models must
still have.

The schema is draft-07, the dialect editors' YAML support (yaml-language-server) and
check-jsonschema both handle fully. It accepts every file ``fhcheck validate`` accepts,
except for problems only fhcheck can see: cited documents (existence, confinement to the
repository, digests), duplicate keys and YAML 1.1 booleans such as an unquoted ``no``
(JSON Schema sees YAML 1.2 data, where ``no`` is text).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from fhcheck.catalogue import Catalogue

DIALECT = "http://json-schema.org/draft-07/schema#"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: The evidence model's web-address rule (``evidence._URL``), case-insensitive without flags.
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/$.?#][^\s]*$"
SHA256_PATTERN = r"^[0-9a-fA-F]{64}$"

STATUS_HELP = (
    "What the file claims: met | partially_met | not_met | not_applicable. fhcheck decides the verdict "
    "from the evidence; only met (with evidence that counts) and an accepted not_applicable satisfy an item."
)
FIELD_HELP: dict[tuple[str, str], str] = {
    ("EvidenceFile", "fhcheck"): "Evidence format version: 1.",
    ("EvidenceFile", "local_authority"): "The local authority whose evidence this is.",
    ("EvidenceFile", "assessed_on"): "Date of the assessment, YYYY-MM-DD; freshness windows count back from it.",
    ("EvidenceFile", "retired"): "Items kept by 'fhcheck migrate' from an older framework version; not assessed.",
    ("ItemEntry", "status"): STATUS_HELP,
    ("ItemEntry", "evidence"): "Documents or pages that show the item is met: each needs a title and a url or path.",
    ("ItemEntry", "note"): "Free text.",
    ("ItemEntry", "justification"): "Why the item's condition does not hold here (needed for not_applicable).",
    ("ItemEntry", "approved_by"): "Who approved the exemption (not_applicable).",
    ("ItemEntry", "review_by"): "YYYY-MM-DD after which the exemption lapses and the item counts as unmet.",
    ("ItemEntry", "plan"): "What will be done to meet the item (not_met, partially_met).",
    ("ItemEntry", "due"): "YYYY-MM-DD by which the plan is due.",
    ("ItemEntry", "owner"): "Who owns the item.",
    ("ItemEntry", "carried_from"): (
        "Set by 'fhcheck migrate' where the criterion changed; set reviewed: true once checked."
    ),
    ("EvidenceEntry", "title"): "What the document or page is.",
    ("EvidenceEntry", "url"): "A web address starting https:// or http://.",
    ("EvidenceEntry", "path"): "A document in the repository, relative to this file's folder.",
    ("EvidenceEntry", "date"): "The evidence's effective date (issued or collected), YYYY-MM-DD.",
    ("EvidenceEntry", "owner"): "Who owns the document.",
    ("EvidenceEntry", "sha256"): "SHA-256 digest of the cited document at sign-off; a changed document is reported.",
}
TIER_LABEL = {"minimum": "minimum expectation", "go_further": "'go further' option"}


def evidence_schema(catalogue: Catalogue, kinds: Mapping[str, str], tool_version: str = "") -> dict[str, Any]:
    """The draft-07 JSON Schema of an evidence file for ``catalogue``'s framework version."""
    from fhcheck.evidence import FORMAT_VERSIONS, EvidenceFile

    generated = EvidenceFile.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    definitions: dict[str, Any] = generated.pop("$defs")
    definitions["EvidenceFile"] = generated
    for model in definitions.values():
        _drop_generated_titles(model)
    _add_date_patterns(definitions)
    for (model, name), text in FIELD_HELP.items():
        if name in definitions[model]["properties"]:
            definitions[model]["properties"][name]["description"] = text

    top = definitions.pop("EvidenceFile")
    top_props = _properties(top, "fhcheck", "framework", "items")
    top_props["fhcheck"] = {"enum": list(FORMAT_VERSIONS), "description": FIELD_HELP[("EvidenceFile", "fhcheck")]}
    version = catalogue.version
    top_props["framework"] = {
        "enum": [version, int(version)] if version.isdigit() else [version],
        "description": f"The framework version this file is assessed against; this schema is for {version}.",
    }
    top_props["items"] = _items(catalogue, top_props["items"])

    entry = _properties(definitions["EvidenceEntry"], "url", "path", "kind", "sha256")
    _string_branch(entry["url"])["pattern"] = URL_PATTERN
    _string_branch(entry["sha256"])["pattern"] = SHA256_PATTERN
    entry["kind"] = {
        "enum": [*kinds, None],
        "description": "The kind of evidence, from the controlled vocabulary: "
        + "; ".join(f"{name}: {text}" for name, text in kinds.items()),
    }
    definitions["EvidenceEntry"]["anyOf"] = [
        {"required": [field], "properties": {field: {"type": "string"}}} for field in ("url", "path")
    ]
    # A digest is of a document in the repository: sha256 only beside a path.
    definitions["EvidenceEntry"]["if"] = {"required": ["sha256"], "properties": {"sha256": {"type": "string"}}}
    definitions["EvidenceEntry"]["then"] = {"required": ["path"], "properties": {"path": {"type": "string"}}}
    definitions["ItemEntry"]["defaultSnippets"] = _snippets()

    comment = (
        f"Generated by fhcheck{' ' + tool_version if tool_version else ''} from criteria/{version}.yaml and "
        "criteria/evidence-kinds.yaml; regenerate with 'fhcheck schema', do not edit."
    )
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$comment": comment,
        "title": f"fhcheck evidence file for the {catalogue.title} ({version})",
        "description": f"A local authority's evidence against the {catalogue.title} ({version}), evidence "
        "format 1. Check it with 'fhcheck validate' and assess it with 'fhcheck assess'.",
    }
    schema.update({key: value for key, value in top.items() if key not in ("title", "description")})
    schema["definitions"] = definitions
    return schema


def _properties(model: dict[str, Any], *names: str) -> dict[str, Any]:
    """The model's properties, failing loudly if the evidence model lost a field this module refines."""
    properties: dict[str, Any] = model["properties"]
    missing = [name for name in names if name not in properties]
    if missing:  # pragma: no cover - a change to fhcheck.evidence that this module must follow
        raise RuntimeError(f"evidence model has no field {', '.join(missing)}; update fhcheck.schema")
    return properties


def _string_branch(prop: dict[str, Any]) -> dict[str, Any]:
    """The ``type: string`` alternative of an optional field (``anyOf: [string, null]``)."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "string":
            return branch  # type: ignore[no-any-return]
    raise RuntimeError(f"no string alternative in {prop}")  # pragma: no cover - see _properties


def _drop_generated_titles(schema: Any) -> None:
    """pydantic titles every field after its name ("Url") and says ``default: null``; editors
    show descriptions instead. pydantic 2.11 and later also write ``additionalProperties: true``
    for a dict of anything, JSON Schema's default that older releases leave out: dropped, so the
    shipped schema is the same whatever pydantic made it. Walks schema keywords only, never
    property names."""
    if not isinstance(schema, dict):
        return
    if isinstance(schema.get("title"), str):
        del schema["title"]
    if schema.get("additionalProperties") is True:
        del schema["additionalProperties"]
    if "default" in schema and schema["default"] is None:
        del schema["default"]
    for keyword in ("properties", "$defs", "definitions"):
        for sub in (schema.get(keyword) or {}).values():
            _drop_generated_titles(sub)
    for keyword in ("anyOf", "allOf", "oneOf"):
        for sub in schema.get(keyword) or []:
            _drop_generated_titles(sub)
    for keyword in ("items", "additionalProperties", "not"):
        _drop_generated_titles(schema.get(keyword))


def _add_date_patterns(node: Any) -> None:
    """``format: date`` is advisory in many validators; the pattern makes YYYY-MM-DD binding everywhere."""
    if isinstance(node, dict):
        if node.get("format") == "date":
            node["pattern"] = DATE_PATTERN
        for value in node.values():
            _add_date_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _add_date_patterns(value)


def _items(catalogue: Catalogue, generated: dict[str, Any]) -> dict[str, Any]:
    """Every identifier of the version as a property, its criterion text as the description."""
    ref = copy.deepcopy(generated["additionalProperties"])
    properties: dict[str, Any] = {}
    for item in catalogue.iter_items():
        description = (
            f"{item.id} ({item.level} model, {TIER_LABEL[item.tier]}; key criterion {item.key_criterion}, "
            f"sub-criterion {item.subcriterion} {catalogue.subcriteria[item.subcriterion].title}): {item.text}"
        )
        if item.requires_kinds:
            description += f" Evidence of kind: {', '.join(item.requires_kinds)}."
        description += f" Fresh for {catalogue.freshness_months(item)} months."
        if item.conditional:
            description += f" Conditional ({item.conditional}): not_applicable is accepted with a justification."
        properties[item.id] = {"description": description, "allOf": [copy.deepcopy(ref)]}
    return {
        "type": "object",
        "description": f"One entry per item of framework {catalogue.version} that the file records; "
        "items left out are assessed as missing.",
        "properties": properties,
        "additionalProperties": False,
    }


def _snippets() -> list[dict[str, Any]]:
    """Editor completions for a new item (yaml-language-server ``defaultSnippets``)."""
    return [
        {
            "label": "met, with evidence",
            "body": {"status": "met", "evidence": [{"title": "$1", "url": "https://$2", "kind": "$3", "date": "$4"}]},
        },
        {"label": "not met, with a plan", "body": {"status": "not_met", "plan": "$1", "due": "$2"}},
        {"label": "not applicable (conditional items)", "body": {"status": "not_applicable", "justification": "$1"}},
    ]
