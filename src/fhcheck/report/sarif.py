"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; one rule per criterion item of every framework version in the report (its text as
the rule's help); one result per unsatisfied item, located at the item's key in the
evidence file, or at the ``items:`` key for an item the file leaves out. The level follows
the item's tier: ``error`` for a minimum expectation, ``note`` for an optional 'go further'
option (so a file meeting every minimum raises no warnings). An accepted exemption
(``not_applicable``) is a result too, carrying a ``suppressions`` entry with its
justification, so code scanning shows it dismissed rather than not at all. Problems in
invalid files are results of the ``invalid-evidence`` rule.

Rule identifiers are ``<framework>/<item>`` (``2025/1.1.B1``) so that the same identifier
in two framework versions, which may be worded differently, stays two rules.

Code scanning keys an alert on ``partialFingerprints.primaryLocationLineHash`` alone, and
upload-sarif fills it from the text at the result's line when it is absent, which would
re-key alerts whenever an entry is renamed or the first item edited. fhcheck writes its own,
from the file's path relative to the repository root, the framework, the item and the
verdict, never from line content. Paths are always URIs relative to the repository root
(the current folder, where CI runs): ``./x.yaml`` and ``x.yaml`` are the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Iterable, Iterator
from typing import Any, TextIO
from urllib.parse import quote

from fhcheck.errors import Location
from fhcheck.report.registry import Renderer
from fhcheck.results import FileResult, InvalidFile, ItemResult, Overview
from fhcheck.safe_text import visible
from fhcheck.views import Report

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/fhcheck/fhcheck"
INVALID_RULE = "invalid-evidence"
LEVEL = {"minimum": "error", "go_further": "note"}
TIER_LABEL = {"minimum": "minimum expectation", "go_further": "'go further' option"}


def repository_path(path: str, root: str | None = None) -> str:
    """A file's path relative to the repository root (``root``, by default the current
    folder, where CI runs), with ``/`` separators and ``.``/``..`` resolved: the one spelling
    of a file that URIs and fingerprints use. A relative path stays relative; an absolute
    one outside the root stays absolute."""
    path = path.replace("\\", "/")
    if len(path) > 1 and path[1] == ":":  # a Windows drive path: never inside a POSIX root
        return path
    if not os.path.isabs(path):
        return posixpath.normpath(path)
    base = os.path.abspath(root if root is not None else os.getcwd())
    relative = os.path.relpath(os.path.normpath(path), base).replace("\\", "/")
    return path if relative == ".." or relative.startswith("../") else relative


def artifact_uri(path: str, root: str | None = None) -> str:
    """A file name as a URI reference: relative to the repository root for every file inside
    it (however it was named on the command line), a ``file:`` URI only for one outside."""
    where = repository_path(path, root)
    # a name that is not UTF-8 on disk is decoded with surrogateescape: its own bytes are escaped
    errors = (
        "surrogateescape"
        if all(0xDC80 <= ord(c) <= 0xDCFF for c in where if 0xD800 <= ord(c) <= 0xDFFF)
        else "replace"
    )
    if where.startswith("/"):
        return "file://" + quote(where, safe="/", errors=errors)
    if len(where) > 1 and where[1] == ":":
        return "file:///" + quote(where, safe="/:", errors=errors)
    return quote(where, safe="/", errors=errors)


def physical_location(location: Location, fallback_file: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.file or fallback_file)}}
    if location.cell:  # a workbook has no text lines: the cell is a logical location
        logical = [{"fullyQualifiedName": location.cell, "kind": "element"}]
        return {"physicalLocation": physical, "logicalLocations": logical}
    if location.line > 0:
        region: dict[str, int] = {"startLine": location.line}
        if location.column > 0:
            region["startColumn"] = location.column
        physical["region"] = region
    return {"physicalLocation": physical}


def rule_name(item_id: str) -> str:
    """The rule's friendly name, ``Item1Dot1DotB4``: a Pascal-case identifier, as Microsoft's
    SARIF validator asks (rule SARIF2012; ``Item1_1_B4`` was not one), each dot spelled out
    so ``1.11`` and ``11.1`` stay apart."""
    return "Item" + "".join("Dot" if ch == "." else ch for ch in item_id if ch.isalnum() or ch == ".")


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def line_hash(path: str, framework: str, item_id: str, verdict: str) -> str:
    """fhcheck's ``primaryLocationLineHash``: in GitHub's ``HASH:OCCURRENCE`` shape, from
    what identifies the finding (never the text at its line), so it survives edits."""
    return fingerprint(repository_path(path), framework, item_id, verdict)[:16] + ":1"


#: how deep each list's entries stand in the log: rules in runs[0].tool.driver, results in
#: runs[0], file entries in runs[0].properties
RULE_LEVEL, RESULT_LEVEL, FILE_LEVEL = 6, 4, 5
#: a piece's results are numbered in ``write``; until then each carries this rule number
_UNNUMBERED = -1
_PLACEHOLDER = f'"ruleIndex": {_UNNUMBERED},'
INVALID_RULE_DEFINITION: dict[str, Any] = {
    "id": INVALID_RULE,
    "name": "InvalidEvidenceFile",
    "shortDescription": {"text": "The evidence file is not valid"},
    "fullDescription": {
        "text": "The evidence file could not be assessed: its shape, identifiers or cited documents are wrong."
    },
    "help": {"text": "Fix the problem named in the message; 'fhcheck validate FILE' lists every problem."},
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["family-hubs", "invalid-input"]},
}


def _invalid_results(bad: InvalidFile) -> Iterator[dict[str, Any]]:
    """An invalid file's problems as results, less their ``ruleId`` and ``ruleIndex``."""
    for problem in bad.problems:
        where = repository_path(problem.location.file or bad.file)
        yield {
            "level": "error",
            "kind": "fail",
            "message": {"text": visible(problem.message, keep_lines=True)},
            "locations": [physical_location(problem.location, bad.file)],
            "partialFingerprints": {
                "primaryLocationLineHash": fingerprint(where, INVALID_RULE, problem.message)[:16] + ":1",
            },
        }


def _skeleton(overview: Overview) -> list[str]:
    """The log's text around its three lists (rules, results, files): four parts, written
    by the same encoder as the lists so the whole reads as one ``json.dumps``."""
    from fhcheck.report.json import dumps

    marks = ["\x00rules", "\x00results", "\x00files"]
    driver: dict[str, Any] = {"name": "fhcheck", "informationUri": INFORMATION_URI, "rules": marks[0]}
    if overview.tool_version:
        driver["version"] = overview.tool_version
        driver["semanticVersion"] = overview.tool_version
        # GitHub Advanced Security for Azure DevOps requires it (validator rule GHAzDO1018)
        driver["fullName"] = f"fhcheck {overview.tool_version}"
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": marks[1],
        "properties": {"failUnder": overview.fail_under, "passed": overview.passed, "files": marks[2]},
    }
    text = dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}) + "\n"
    parts: list[str] = []
    for mark in marks:
        before, text = text.split(json.dumps(mark), 1)
        parts.append(before)
    return [*parts, text]


def _write_list(out: TextIO, entries: Iterable[str], level: int) -> None:
    """A JSON list of already-encoded ``entries``, each standing ``level`` levels deep."""
    inner = "\n" + "  " * level
    separator = "[" + inner
    for entry in entries:
        out.write(separator)
        out.write(entry)
        separator = "," + inner
    out.write("[]" if separator == "[" + inner else "\n" + "  " * (level - 1) + "]")


def _rule_text(
    rule_id: str, framework: str, item_id: str, tier: str, level: str, text: str, subcriterion: str, key_criterion: str
) -> str:
    """A rule as it stands in the log's ``rules``, written once per rule (bounded: a
    framework has a few hundred items) from what a piece carries of it."""
    from fhcheck.report.json import dumps

    tier_label = TIER_LABEL.get(tier, tier)
    summary = f"{item_id}: {level} model, {tier_label} (framework {framework})"
    shown = visible(text, keep_lines=True)
    rule = {
        "id": rule_id,
        "name": rule_name(item_id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": shown},
        "help": {
            "text": f"{shown}\n\n{summary}; sub-criterion {subcriterion}, key criterion {key_criterion}. "
            "Record the item in the evidence file with evidence that counts; "
            f"'fhcheck criteria show {item_id} --framework {framework}' shows what it needs."
        },
        "defaultConfiguration": {"level": LEVEL.get(tier, "note")},
        "properties": {"tags": ["family-hubs", f"framework-{framework}", level, tier]},
    }
    return dumps(rule, RULE_LEVEL)


class SarifRenderer(Renderer):
    """Streams, in three passes over the pieces: the run's ``rules`` (one per framework item
    any file has, numbered in the order files first name them) come before every ``result``,
    and each result points at its rule by that number, so the first pass only numbers the
    rules (at most one per item of each framework, however many files), the second writes
    the results and the third each file's ``files`` entry. The text is the same, byte for
    byte, as ``json.dumps(log, indent=2, ensure_ascii=False)`` of the whole log."""

    streams = True

    def render(self, report: Report) -> str:
        from io import StringIO

        out = StringIO()
        self.write(out, report.overview(), [self.piece(result) for result in report.results])
        return out.getvalue()

    def piece(self, result: FileResult) -> str:
        """One file in four lines of compact JSON: its rule ids (item order), what each of
        those rules is written from (the item's text and place, a third of the rule's text),
        its results' text with a placeholder rule number, its ``files`` entry's text; each
        text already indented as it stands in the log. The ids have a line of their own so
        that numbering the rules parses a file's rules only when it names a new one."""
        from fhcheck.report.json import dumps

        rules: dict[str, list[str]] = {}
        results: list[list[str]] = []
        for item in result.items:
            rule_id = f"{result.framework}/{item.id}"
            if rule_id not in rules:
                rules[rule_id] = [result.framework, item.id, item.tier, item.level, item.text, item.subcriterion]
                rules[rule_id].append(item.key_criterion)
            if not item.satisfied or item.verdict == "not_applicable":
                results.append([rule_id, dumps(self._result(rule_id, _UNNUMBERED, result, item), RESULT_LEVEL)])
        entry = {
            "file": visible(result.file, keep_lines=True),
            "localAuthority": visible(result.local_authority, keep_lines=True),
            "framework": result.framework,
            "stage": result.stage,
            "minimumMet": result.minimum_met,
            "passed": result.passed,
        }
        lines = (list(rules), list(rules.values()), results, dumps(entry, FILE_LEVEL))
        # ASCII, so any text (a lone surrogate of a file name not UTF-8 on disk too) spools as UTF-8
        return "\n".join(json.dumps(line) for line in lines)

    def write(self, out: TextIO, overview: Overview, pieces: Iterable[str]) -> None:
        """The whole log; ``pieces`` is read three times (rules, results, files)."""
        from fhcheck.report.json import dumps

        rules: list[str] = []
        index: dict[str, int] = {}
        for piece in pieces:
            ids = json.loads(piece[: piece.index("\n")])
            if all(rule_id in index for rule_id in ids):
                continue
            for rule_id, inputs in zip(ids, json.loads(piece.split("\n", 2)[1]), strict=True):
                if rule_id not in index:
                    index[rule_id] = len(rules)
                    rules.append(_rule_text(rule_id, *inputs))
        invalid = [result for bad in overview.invalid for result in _invalid_results(bad)]
        if overview.invalid:
            index[INVALID_RULE] = len(rules)
            rules.append(dumps(INVALID_RULE_DEFINITION, RULE_LEVEL))

        def numbered() -> Iterator[str]:
            for piece in pieces:
                for rule_id, text in json.loads(piece.split("\n", 3)[2]):
                    yield text.replace(_PLACEHOLDER, f'"ruleIndex": {index[rule_id]},', 1)
            for result in invalid:
                yield dumps({"ruleId": INVALID_RULE, "ruleIndex": index[INVALID_RULE], **result}, RESULT_LEVEL)

        head, middle, tail, end = _skeleton(overview)
        out.write(head)
        _write_list(out, rules, RULE_LEVEL)
        out.write(middle)
        _write_list(out, numbered(), RESULT_LEVEL)
        out.write(tail)
        _write_list(out, (json.loads(piece[piece.rindex("\n") + 1 :]) for piece in pieces), FILE_LEVEL)
        out.write(end)

    def _result(self, rule_id: str, rule_index: int, result: FileResult, item: ItemResult) -> dict[str, Any]:
        reasons = "; ".join(item.reasons)
        message = f"{item.id} {item.verdict}" + (f": {reasons}" if reasons else "")
        where = item.location if item.verdict != "missing" else result.items_location
        sarif_result: dict[str, Any] = {
            "ruleId": rule_id,
            "ruleIndex": rule_index,
            "level": LEVEL.get(item.tier, "note"),
            "kind": "fail",
            "message": {"text": visible(message, keep_lines=True)},
            "locations": [physical_location(where, result.file)],
            "partialFingerprints": {
                "primaryLocationLineHash": line_hash(result.file, result.framework, item.id, item.verdict)
            },
            "properties": {"verdict": item.verdict, "localAuthority": visible(result.local_authority, keep_lines=True)},
        }
        if item.verdict == "not_applicable":
            # an exemption the evidence file declares and fhcheck accepted: shown dismissed, with why
            justification = reasons.removeprefix("not applicable: ") or "declared not applicable in the evidence file"
            sarif_result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": justification}]
        return sarif_result
