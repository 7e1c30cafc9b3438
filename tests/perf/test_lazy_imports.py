"""A single assessment loads only what it uses: start-up is most of a one-file run.

Each import named here costs a one-file ``assess`` milliseconds it does not need (the
figures are in ``benchmarks/README.md``); these tests keep them out by design. No timing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from fhcheck.assessment import AssessOptions, assess_paths
from fhcheck.catalogue import CriteriaStore, default_criteria_dir
from fhcheck.results import FileResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "exampleshire-2025.yaml"

_PROBE = """
import contextlib, io, json, sys
from fhcheck.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_json_assessment_imports_no_renderer_library_and_no_other_command() -> None:
    loaded = _modules_after("assess", str(EXAMPLE), "--format", "json")
    assert "fhcheck.evaluate" in loaded  # the probe really assessed
    unwanted = {
        "rich", "ruamel", "xlsxwriter", "fhcheck.oruk", "fhcheck.migrate", "fhcheck.framework_diff", "fhcheck.report.table",
        "fhcheck.suggest",
    }
    assert {name.split(".")[0] if not name.startswith("fhcheck") else name for name in loaded} & unwanted == set()


_DATACLASS_PROBE = """
import contextlib, dataclasses, io, json, sys
made = []
create = dataclasses._process_class
def counted(cls, *args, **kwargs):
    made.append(cls.__module__ + "." + cls.__qualname__)
    return create(cls, *args, **kwargs)
dataclasses._process_class = counted
from fhcheck.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(name for name in made if name.startswith("fhcheck"))))
"""


def test_an_assessment_creates_only_the_dataclasses_that_cannot_be_named_tuples() -> None:
    """Each dataclass costs ~1.8 ms to create at import, a NamedTuple ~0.4 ms: records are NamedTuples.

    The exceptions: Catalogue and Document hold dicts made per instance, and a YAML 1.1
    boolean is a value in the user's data, where a tuple would pass for a list.
    """
    args = [sys.executable, "-c", _DATACLASS_PROBE, "assess", str(EXAMPLE), "--format", "json"]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    made = json.loads(done.stdout.splitlines()[-1])
    assert made == ["fhcheck.catalogue.Catalogue", "fhcheck.load.document.Document", "fhcheck.load.document.Yaml11Boolean"]


def test_a_feed_is_analysed_only_where_one_is_cited(tmp_path: Path) -> None:
    """The ORUK module loads for a file that cites a saved feed for an item whose
    ``service_directory`` check reads it, and not otherwise (above): the check's gather step
    reads the feed, so a feed cited where no check reads it is never analysed."""
    feed = tmp_path / "services.json"
    feed.write_text('{"total_items": 0, "contents": []}', encoding="utf-8")
    text = EXAMPLE.read_text(encoding="utf-8")
    cited = "evidence:\n      - {title: Directory feed, kind: service_directory, path: services.json, date: 2025-01-01}"
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text(text.replace("  3.1.D1:\n    status: met\n    evidence:", "  3.1.D1:\n    status: met\n    " + cited, 1))
    assert "fhcheck.oruk" in _modules_after("assess", str(evidence), "--format", "json")
    evidence.write_text(text.replace("evidence:", cited, 1))  # 1.1.B1 declares no check that reads feeds
    assert "fhcheck.oruk" not in _modules_after("assess", str(evidence), "--format", "json")


def test_assessing_a_2025_file_never_reads_the_2022_criteria(tmp_path: Path) -> None:
    criteria = tmp_path / "criteria"
    shutil.copytree(default_criteria_dir(), criteria)
    (criteria / "2022.yaml").write_text("framework: [unclosed\n", encoding="utf-8")
    outcomes = list(assess_paths([str(EXAMPLE)], CriteriaStore(criteria), AssessOptions()))
    assert [type(outcome) for outcome in outcomes] == [FileResult]
