"""``--format codeclimate``: GitLab's Code Quality report, a JSON array in the subset of the
Code Climate issue format that GitLab reads (``description``, ``check_name``,
``fingerprint``, ``severity``, ``location.path``, ``location.lines.begin``), which it shows
in the merge request widget and the pipeline's Code Quality tab.

One issue per unsatisfied item (accepted exemptions are satisfied, so they are not issues)
and one per problem of an invalid file. Severity follows the tier: ``major`` for a minimum
expectation, ``info`` for an optional 'go further' option, ``blocker`` for an invalid file
(nothing in it could be assessed). The fingerprint is the same as SARIF's line hash: from
the file's path relative to the repository root, the framework, the item and the verdict,
never from line content, so GitLab's "new" and "fixed" lists follow real changes only.
"""

from __future__ import annotations

import json
from typing import Any

from fhcheck.report.registry import Renderer
from fhcheck.views import Report

SEVERITY = {"minimum": "major", "go_further": "info"}
INVALID_CHECK = "fhcheck/invalid-evidence"


class CodeclimateRenderer(Renderer):

    def render(self, report: Report) -> str:
        from fhcheck.report.sarif import fingerprint, repository_path

        issues: list[dict[str, Any]] = []
        for result in report.results:
            path = repository_path(result.file)
            for item in result.items:
                if item.satisfied:
                    continue
                where = result.items_location if item.verdict == "missing" else item.location
                reasons = "; ".join(item.reasons)
                issues.append(
                    {
                        "type": "issue",
                        "check_name": f"fhcheck/{result.framework}/{item.id}",
                        "description": f"{item.id} {item.verdict}" + (f": {reasons}" if reasons else ""),
                        "fingerprint": fingerprint(path, result.framework, item.id, item.verdict),
                        "severity": SEVERITY.get(item.tier, "info"),
                        "location": {"path": path, "lines": {"begin": max(where.line, 1)}},
                    }
                )
        for bad in report.invalid:
            for problem in bad.problems:
                path = repository_path(problem.location.file or bad.file)
                issues.append(
                    {
                        "type": "issue",
                        "check_name": INVALID_CHECK,
                        "description": problem.message,
                        "fingerprint": fingerprint(path, INVALID_CHECK, problem.message),
                        "severity": "blocker",
                        "location": {"path": path, "lines": {"begin": max(problem.location.line, 1)}},
                    }
                )
        return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
