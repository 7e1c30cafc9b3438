"""Cited documents: confinement to the repository, existence, and the sign-off digest.

Each case writes a small repository under tmp_path (a ``.git`` folder marks its root, as
``git init`` would) with an evidence file citing one ``path``, then asks
:func:`fhcheck.documents.check_documents` what it makes of it: a problem (the path may
not be read at all) or a fact (ok, missing, not a file, changed, unreadable).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from fhcheck.catalogue import default_store
from fhcheck.documents import DocumentFact, check_documents, repository_root
from fhcheck.evidence import parse_evidence
from fhcheck.load import load

Outcome = tuple[str, str]  # ("problem", message) or (fact state, detail)


def evidence_text(path: str, sha256: str | None = None) -> str:
    digest = f'\n        sha256: "{sha256}"' if sha256 else ""
    return (
        'fhcheck: 1\nframework: "2025"\nlocal_authority: Testshire\nassessed_on: 2025-10-01\n'
        "items:\n  2.2.B1:\n    status: met\n    evidence:\n"
        f"      - title: Board minutes\n        path: {path}\n        kind: minutes\n        date: 2025-06-01{digest}\n"
    )


def check(evidence_file: Path, path: str, sha256: str | None = None) -> tuple[list[str], dict[tuple[str, int], DocumentFact]]:
    """Write the evidence file citing ``path``; the problems' messages and the facts."""
    evidence_file.parent.mkdir(parents=True, exist_ok=True)
    evidence_file.write_text(evidence_text(path, sha256), encoding="utf-8")
    doc = load(evidence_file, str(evidence_file))
    evidence, catalogue = parse_evidence(doc, default_store())
    facts, problems = check_documents(evidence, doc, evidence_file, catalogue)
    return [p.message for p in problems], facts


def outcome(evidence_file: Path, path: str, sha256: str | None = None) -> Outcome:
    problems, facts = check(evidence_file, path, sha256)
    if problems:
        assert not facts, "a path that may not be read must not be looked at"
        return ("problem", problems[0])
    (fact,) = facts.values()
    return (fact.state, fact.detail)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "minutes.md").write_text("minutes\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("not the repository's\n", encoding="utf-8")
    return root


def symlink(link: Path, target: Path) -> None:
    try:
        os.symlink(target, link, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError) as exc:  # pragma: no cover - e.g. Windows without privilege
        pytest.skip(f"symlinks unavailable here: {exc}")


# --- existence ---------------------------------------------------------------------------


def test_an_existing_document_inside_the_repository_is_ok(repo: Path) -> None:
    assert outcome(repo / "evidence.yaml", "docs/minutes.md") == ("ok", "")


def test_a_missing_document_is_a_fact_not_a_problem(repo: Path) -> None:
    assert outcome(repo / "evidence.yaml", "docs/gone.pdf") == ("missing", "cited document docs/gone.pdf does not exist")


def test_a_folder_is_not_a_document(repo: Path) -> None:
    assert outcome(repo / "evidence.yaml", "docs") == (
        "not_a_file",
        "cited path docs is not a file (it is a folder; cite a file inside it, such as docs/minutes.md)",
    )


def test_paths_are_relative_to_the_evidence_files_folder(repo: Path) -> None:
    (repo / "la" / "docs").mkdir(parents=True)
    (repo / "la" / "docs" / "offer.pdf").write_bytes(b"%PDF-1.4\n")
    assert outcome(repo / "la" / "evidence.yaml", "docs/offer.pdf") == ("ok", "")
    assert outcome(repo / "la" / "evidence.yaml", "docs/minutes.md")[0] == "missing"


def test_dot_dot_that_stays_inside_the_repository_is_allowed(repo: Path) -> None:
    assert outcome(repo / "la" / "2025" / "evidence.yaml", "../../docs/minutes.md") == ("ok", "")


def test_a_name_the_file_system_refuses_is_unreadable_not_a_crash(repo: Path) -> None:
    state, detail = outcome(repo / "evidence.yaml", "docs/" + "x" * 300 + ".pdf")
    assert state in ("unreadable", "missing")  # ENAMETOOLONG on most systems; some accept long names
    if state == "unreadable":
        assert detail.endswith("cannot be read (File name too long)")


def test_a_document_that_cannot_be_opened_is_unreadable(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fhcheck.documents

    def refuse(path: Path) -> str:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(fhcheck.documents, "_sha256", refuse)
    assert outcome(repo / "evidence.yaml", "docs/minutes.md", "0" * 64) == (
        "unreadable",
        "cited document docs/minutes.md cannot be read (Permission denied)",
    )


# --- sha256 at sign-off ------------------------------------------------------------------


def test_a_matching_digest_is_ok_in_either_case(repo: Path) -> None:
    digest = hashlib.sha256(b"minutes\n").hexdigest()
    assert outcome(repo / "evidence.yaml", "docs/minutes.md", digest) == ("ok", "")
    assert outcome(repo / "evidence.yaml", "docs/minutes.md", digest.upper()) == ("ok", "")


def test_a_changed_document_is_reported_with_both_digests(repo: Path) -> None:
    signed = hashlib.sha256(b"minutes as signed off\n").hexdigest()
    actual = hashlib.sha256(b"minutes\n").hexdigest()
    state, detail = outcome(repo / "evidence.yaml", "docs/minutes.md", signed)
    assert state == "changed"
    assert detail == (
        f"cited document docs/minutes.md has changed since sign-off (sha256 {actual[:12]}…, signed off as {signed[:12]}…)"
    )


def test_a_digest_of_a_missing_document_reports_it_missing(repo: Path) -> None:
    assert outcome(repo / "evidence.yaml", "docs/gone.pdf", "a" * 64)[0] == "missing"


# --- confinement: ../ escapes ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["../outside/secret.txt", "docs/../../outside/secret.txt", "../../../../../../../../etc/passwd", ".."],
)
def test_dot_dot_out_of_the_repository_is_refused(repo: Path, path: str) -> None:
    state, message = outcome(repo / "evidence.yaml", path)
    assert state == "problem"
    assert message == f"path {path!r} leads outside the git repository; expected a document inside it"


def test_outside_git_the_evidence_files_folder_is_the_boundary(tmp_path: Path) -> None:
    folder = tmp_path / "plain" / "la"
    folder.mkdir(parents=True)
    (tmp_path / "plain" / "common.pdf").write_bytes(b"x")
    if repository_root(folder) != folder.resolve():  # pragma: no cover - depends on where tmp is
        pytest.skip("the temporary folder is inside a git work tree")
    state, message = outcome(folder / "evidence.yaml", "../common.pdf")
    assert state == "problem"
    assert "leads outside the evidence file's folder" in message


def test_a_git_file_marks_a_worktree_root(tmp_path: Path) -> None:
    root = tmp_path / "worktree"
    (root / "la").mkdir(parents=True)
    (root / ".git").write_text("gitdir: /elsewhere/.git/worktrees/w\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "a.md").write_text("a", encoding="utf-8")
    assert repository_root(root / "la") == root.resolve()
    assert outcome(root / "la" / "evidence.yaml", "../docs/a.md") == ("ok", "")


# --- confinement: absolute paths ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/etc/passwd", "~/secret.txt", "C:\\\\Windows\\\\win.ini", "C:/Windows/win.ini"])
def test_absolute_paths_are_refused(repo: Path, path: str) -> None:
    quoted = path.replace("\\\\", "\\")
    state, message = outcome(repo / "evidence.yaml", f'"{path}"')
    assert state == "problem"
    assert message == f"path {quoted!r} is absolute; expected a path relative to the evidence file's folder"


def test_an_absolute_path_to_a_document_inside_the_repository_is_still_refused(repo: Path) -> None:
    state, message = outcome(repo / "evidence.yaml", str((repo / "docs" / "minutes.md").resolve()))
    assert state == "problem"
    assert "is absolute" in message


def test_a_nul_character_is_refused(repo: Path) -> None:
    state, message = outcome(repo / "evidence.yaml", '"docs/minutes.md\\0.pdf"')
    assert (state, message) == ("problem", "path contains a NUL character; expected a plain relative path")


# --- confinement: symlinks ---------------------------------------------------------------


def test_a_symlinked_file_pointing_outside_is_refused(repo: Path, tmp_path: Path) -> None:
    symlink(repo / "docs" / "leak.txt", tmp_path / "outside" / "secret.txt")
    assert outcome(repo / "evidence.yaml", "docs/leak.txt") == (
        "problem",
        "path 'docs/leak.txt' is a symlink to outside the git repository; expected a document inside it",
    )


def test_a_symlinked_folder_pointing_outside_is_refused(repo: Path, tmp_path: Path) -> None:
    symlink(repo / "docs" / "shared", tmp_path / "outside")
    state, message = outcome(repo / "evidence.yaml", "docs/shared/secret.txt")
    assert state == "problem"
    assert "is a symlink to outside the git repository" in message


def test_dot_dot_after_a_symlink_is_resolved_as_the_os_opens_it(repo: Path, tmp_path: Path) -> None:
    """Regression: 'link/../x' is lexically 'x' beside the link, but opens beside the link's target."""
    (tmp_path / "outside" / "deeper").mkdir()
    symlink(repo / "docs" / "link", tmp_path / "outside" / "deeper")
    (repo / "docs" / "secret.txt").write_text("decoy inside the repository", encoding="utf-8")
    state, message = outcome(repo / "evidence.yaml", "docs/link/../secret.txt")
    assert state == "problem"
    assert "is a symlink to outside the git repository" in message


def test_a_symlink_to_a_document_inside_the_repository_is_fine(repo: Path) -> None:
    symlink(repo / "latest-minutes.md", repo / "docs" / "minutes.md")
    assert outcome(repo / "evidence.yaml", "latest-minutes.md") == ("ok", "")


def test_a_symlink_loop_is_never_an_internal_error(repo: Path) -> None:
    symlink(repo / "docs" / "loop", repo / "docs" / "loop")
    state, _ = outcome(repo / "evidence.yaml", "docs/loop")
    assert state in ("problem", "missing", "unreadable")


def test_a_dangling_symlink_inside_the_repository_is_missing(repo: Path) -> None:
    symlink(repo / "docs" / "dangling.md", repo / "docs" / "nowhere.md")
    assert outcome(repo / "evidence.yaml", "docs/dangling.md")[0] == "missing"


# --- what reaches the user ---------------------------------------------------------------


def test_escapes_are_located_at_the_path_value_and_only_web_addresses_are_never_checked(repo: Path) -> None:
    file = repo / "evidence.yaml"
    file.write_text(
        evidence_text("../outside/secret.txt")
        + "  1.1.B1:\n    status: met\n    evidence:\n      - title: Offer\n        url: https://example.gov.uk/offer\n",
        encoding="utf-8",
    )
    doc = load(file, "evidence.yaml")
    evidence, catalogue = parse_evidence(doc, default_store())
    facts, problems = check_documents(evidence, doc, file, catalogue)
    assert facts == {}
    assert [(p.location.file, p.location.line, p.location.column) for p in problems] == [("evidence.yaml", 10, 15)]


def test_validate_reports_an_escape_and_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fhcheck.cli import main

    file = repo / "evidence.yaml"
    file.write_text(evidence_text("../outside/secret.txt"), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_status:
        main(["validate", str(file)])
    assert exit_status.value.code == 2
    assert f"{file}:10:15: path '../outside/secret.txt' leads outside the git repository" in capsys.readouterr().err


def test_a_document_cited_many_times_is_hashed_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fhcheck import documents

    made: list[object] = []
    real_sha256 = hashlib.sha256

    def counting(*args: Any) -> Any:
        made.append(args)
        return real_sha256(*args)

    monkeypatch.setattr(hashlib, "sha256", counting)
    document = tmp_path / "large.pdf"
    document.write_bytes(b"x" * 100_000)
    digests = {documents._sha256(document) for _ in range(60)}
    assert digests == {real_sha256(b"x" * 100_000).hexdigest()} and len(made) == 1
    document.write_bytes(b"y" * 100_001)  # a new version is hashed again
    assert documents._sha256(document) == real_sha256(b"y" * 100_001).hexdigest() and len(made) == 2
