"""``fhcheck.git_revisions`` and ``assess --baseline REF`` against a real git repository with two commits."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from fhcheck.assessment import AssessOptions
from fhcheck.baseline import assess_at, baselines
from fhcheck.catalogue import default_store
from fhcheck.errors import UsageError
from fhcheck.git_revisions import locate, read_at, resolve_ref
from fhcheck.results import FileResult, InvalidFile
from helpers import cli, many_entries

HEADER = 'fhcheck: 1\nframework: "2025"\nlocal_authority: Brookfield Borough Council\nassessed_on: 2025-10-01\nitems:\n'
BEFORE = HEADER + """\
  1.1.B1:
    status: met
    evidence:
      - title: Start for Life offer
        path: docs/offer.md
        kind: publication
        date: 2025-06-01
  1.1.B3:
    status: met
    evidence:
      - title: Family survey
        url: https://brookfield.example.gov.uk/survey
        kind: survey
        date: 2025-01-15
  2.3.D1:
    status: not_met
    plan: Family hubs named as a budget priority in the 2026-27 budget round
    due: 2026-03-31
"""
#: the second commit: 2.3.D1 is met, and the survey is swapped for an older one (1.1.B3 goes stale)
AFTER = BEFORE.replace("date: 2025-01-15", "date: 2024-06-30").replace(
    """    status: not_met
    plan: Family hubs named as a budget priority in the 2026-27 budget round
    due: 2026-03-31
""",
    """    status: met
    evidence:
      - title: Budget 2025-26, family hubs line
        url: https://brookfield.example.gov.uk/budget
        kind: budget
        date: 2025-02-20
""",
)
pytestmark = pytest.mark.usefixtures("plain_output")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git", "-c", "user.email=tests@example.com", "-c", "user.name=fhcheck tests",
            "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A repository: commit 1 has BEFORE, commit 2 has AFTER, and the work tree is at commit 2."""
    root = tmp_path / "repo"
    (root / "evidence").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "offer.md").write_text("# Start for Life offer\n")
    git(root, "init", "-q")
    (root / "evidence" / "brookfield.yaml").write_text(BEFORE)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first assessment")
    (root / "evidence" / "brookfield.yaml").write_text(AFTER)
    git(root, "commit", "-q", "-am", "budget agreed")
    return root


def state(repo: Path) -> tuple[str, str, str]:
    """What must never change: HEAD, the index and work tree status, and the file's bytes."""
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "status", "--porcelain", "--untracked-files=all"),
        (repo / "evidence" / "brookfield.yaml").read_text(),
    )


# --- reading a revision ------------------------------------------------------------------


def test_locate_finds_the_work_tree_and_the_path_in_it(repo: Path) -> None:
    found = locate(repo / "evidence" / "brookfield.yaml")
    assert found is not None
    assert (found.root, found.path) == (repo.resolve(), "evidence/brookfield.yaml")


def test_outside_git_there_is_no_revision(tmp_path: Path) -> None:
    (tmp_path / "alone.yaml").write_text(HEADER)
    assert locate(tmp_path / "alone.yaml") is None


def test_read_at_returns_the_committed_bytes_without_touching_the_work_tree(repo: Path) -> None:
    before = state(repo)
    found = locate(repo / "evidence" / "brookfield.yaml")
    assert found is not None
    assert read_at(resolve_ref("HEAD~1", repo), found) == BEFORE.encode()
    assert read_at(resolve_ref("HEAD", repo), found) == AFTER.encode()
    assert state(repo) == before


def test_a_path_absent_at_the_revision_reads_as_none(repo: Path) -> None:
    (repo / "evidence" / "later.yaml").write_text(AFTER)
    found = locate(repo / "evidence" / "later.yaml")
    assert found is not None
    assert read_at(resolve_ref("HEAD", repo), found) is None


@pytest.mark.parametrize("ref", ["no-such-branch", "HEAD~5", "--output=/tmp/x", ""])
def test_a_revision_that_does_not_exist_is_a_usage_error(repo: Path, ref: str) -> None:
    with pytest.raises(UsageError, match="--baseline"):
        resolve_ref(ref, repo)


def test_assess_at_checks_cited_documents_in_the_work_tree(repo: Path) -> None:
    (repo / "docs" / "offer.md").unlink()
    old = assess_at("HEAD~1", repo / "evidence" / "brookfield.yaml", "brookfield.yaml", default_store(), AssessOptions())
    assert isinstance(old, FileResult)
    assert old.file == "HEAD~1:evidence/brookfield.yaml"
    offer = next(item for item in old.items if item.id == "1.1.B1")
    assert offer.verdict == "unevidenced"
    assert "cited document docs/offer.md does not exist" in offer.reasons[0]


def test_a_file_invalid_at_the_revision_is_reported_not_raised(repo: Path) -> None:
    (repo / "evidence" / "brookfield.yaml").write_text("fhcheck: 1\nitems: [\n")
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "evidence" / "brookfield.yaml").write_text(AFTER)
    old = assess_at("HEAD", repo / "evidence" / "brookfield.yaml", "x", default_store(), AssessOptions())
    assert isinstance(old, InvalidFile)
    assert str(old.problems[0].location).startswith("HEAD:evidence/brookfield.yaml:")


def test_baselines_compare_each_file_with_itself(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fhcheck.assessment import assess_file

    monkeypatch.chdir(repo)
    now = assess_file(Path("evidence/brookfield.yaml"), "evidence/brookfield.yaml", default_store(), AssessOptions())
    assert isinstance(now, FileResult)
    [found] = baselines("HEAD~1", [now], default_store(), AssessOptions())
    assert found.state == "compared" and found.comparison is not None
    assert [(c.id, c.kind, c.then, c.now) for c in found.comparison.items] == [
        ("1.1.B3", "newly_stale", "met", "stale"),
        ("2.3.D1", "improved", "not_met", "met"),
    ]


# --- assess --baseline ----------------------------------------------------------------


def test_assess_baseline_prints_one_sentence_per_move_after_the_report(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    before = state(repo)
    status, out, err = cli(capsys, "assess", "evidence/brookfield.yaml", "--baseline", "HEAD~1", "--fail-under", "none")
    assert (status, err) == (0, "")
    report, _, delta = out.partition("## Changes since `HEAD~1`\n")
    assert "Brookfield Borough Council" in report
    assert delta.splitlines()[1:5] == [
        "**`evidence/brookfield.yaml`** (Brookfield Borough Council): Stage **none** \u2192 **none** \u00b7 minimum met "
        "no \u2192 no \u00b7 items: 0 regressed, 1 newly stale, 0 newly overdue, 1 improved, 0 changed",
        "",
        "- This change lets **1.1.B3** go stale (was `met`): newest evidence 2024-06-30 is older than the 12-month "
        "window (evidence must be dated on or after 2024-10-01).",
        "- This change moves **2.3.D1** from `not_met` to `met`.",
    ]
    assert state(repo) == before


def test_assess_baseline_in_markdown_to_a_file(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "delta.md"
    status, out, _ = cli(
        capsys, "assess", str(repo / "evidence"), "--format", "json", "--baseline", "HEAD~1",
        "--baseline-output", str(target), "--fail-under", "none",
    )
    assert status == 0
    assert out.lstrip().startswith("{") and "Changes since" not in out
    text = target.read_text()
    assert text.startswith("## Changes since `HEAD~1`\n")
    assert "- This change moves **2.3.D1** from `not_met` to `met`." in text


def test_a_file_new_since_the_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "evidence" / "northbury.yaml").write_text(AFTER.replace("Brookfield", "Northbury"))
    status, out, _ = cli(capsys, "assess", str(repo / "evidence"), "--baseline", "HEAD", "--fail-under", "none")
    assert status == 0
    assert f"**`{repo / 'evidence' / 'northbury.yaml'}`** is new: it did not exist at `HEAD`." in out
    assert "- This change moves no item's verdict." in out


def test_an_unknown_revision_exits_2_before_any_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "assess", str(repo / "evidence"), "--baseline", "nope")
    assert (status, out) == (2, "")
    assert err.startswith("fhcheck: --baseline 'nope': no such revision in the git repository at ")


def test_baseline_outside_git_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "alone.yaml").write_text(AFTER)
    status, out, err = cli(capsys, "assess", str(tmp_path / "alone.yaml"), "--baseline", "HEAD")
    assert (status, out) == (2, "")
    assert "is not inside a git repository" in err


def test_baseline_after_a_machine_format_on_stdout_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(capsys, "assess", str(repo / "evidence"), "--format", "json", "--baseline", "HEAD")
    assert (status, out) == (2, "")
    assert "expected --baseline-output FILE" in err


def test_baseline_output_without_baseline_is_refused(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = cli(capsys, "assess", str(repo / "evidence"), "--baseline-output", str(tmp_path / "d.md"))
    assert status == 2 and "expected --baseline REF too" in err


def test_git_location_variables_of_a_hook_do_not_redirect_git(repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    found = locate(repo / "evidence" / "brookfield.yaml")
    assert found is not None and found.root == repo.resolve()
    assert read_at(resolve_ref("HEAD~1", repo), found) == BEFORE.encode()


def test_git_refusing_the_repository_is_a_usage_error_in_gits_words(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fhcheck.git_revisions as git_revisions

    def refuse(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.CompletedProcess(args, 128, b"", b"fatal: detected dubious ownership in repository at '/r'\n")

    monkeypatch.setattr(git_revisions, "_git", refuse)
    with pytest.raises(UsageError, match=r"git cannot read the repository that holds it \(detected dubious ownership"):
        locate(repo / "evidence" / "brookfield.yaml")


def test_the_documented_pull_request_workflow_is_a_valid_github_workflow(tmp_path: Path) -> None:
    import re
    import sys

    import yaml

    text = (Path(__file__).resolve().parents[2] / "docs" / "ci.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "evidence-delta.yml" in b.splitlines()[0]]
    workflow = yaml.safe_load(block)
    steps = workflow["jobs"]["delta"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert '--baseline "origin/$BASE_REF" --baseline-output delta.md' in steps[3]["run"]
    path = tmp_path / "evidence-delta.yml"
    path.write_text(block, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_raised_max_bytes_raises_the_value_limit_for_the_baseline_too(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work tree and its ``--baseline`` copy are read with the same limits (issue 15): a
    6,500-entry file allowed by ``--max-bytes`` is not refused at HEAD for its 50,000 values."""
    (repo / "evidence" / "brookfield.yaml").write_text(many_entries(HEADER, 6_500))
    git(repo, "commit", "-q", "-am", "a large file")
    monkeypatch.chdir(repo)
    status, out, err = cli(capsys, "assess", "evidence/brookfield.yaml", "--fail-under", "none")
    assert status == 2
    assert "evidence/brookfield.yaml:22258:9: the file holds more than 50,000 values" in out + err
    status, out, err = cli(
        capsys, "assess", "evidence/brookfield.yaml", "--max-bytes", str(10 * 1024 * 1024),
        "--baseline", "HEAD", "--fail-under", "none",
    )
    assert (status, err) == (0, "")
    assert "values" not in out
    assert "- This change moves no item's verdict." in out
