"""``fhcheck.document_digests``: a cited document is hashed once per run, with ``--jobs`` too."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fhcheck import document_digests
from fhcheck.assessment import AssessOptions, assess_paths, worker_count
from fhcheck.catalogue import default_store
from fhcheck.results import FileResult

REAL_SHA256 = hashlib.sha256


@pytest.fixture()
def hashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A log of every hash made, by whichever process (forked workers inherit the counting hashlib)."""
    log = tmp_path / "hashes.log"
    log.touch()

    def counting(*args: Any) -> Any:
        with log.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return REAL_SHA256(*args)

    monkeypatch.setattr(hashlib, "sha256", counting)
    yield log
    document_digests.share_in(None)


def made(log: Path) -> int:
    return len(log.read_text().splitlines())


def test_a_digest_another_worker_shared_is_read_not_hashed_again(
    tmp_path: Path, hashes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "large.pdf"
    document.write_bytes(b"x" * 300_000)
    shared = tmp_path / "shared"
    shared.mkdir()
    document_digests.share_in(shared)
    assert document_digests.sha256_of(document) == REAL_SHA256(b"x" * 300_000).hexdigest()
    assert made(hashes) == 1
    monkeypatch.setattr(document_digests, "_DIGESTS", {})  # another worker: nothing in its memory
    assert document_digests.sha256_of(document) == REAL_SHA256(b"x" * 300_000).hexdigest()
    assert made(hashes) == 1
    document.write_bytes(b"y" * 300_001)  # a new version is hashed again, once
    assert document_digests.sha256_of(document) == REAL_SHA256(b"y" * 300_001).hexdigest()
    assert made(hashes) == 2
    assert sorted(p.suffix for p in shared.iterdir()) == ["", "", ".lock", ".lock"]


def test_an_unusable_shared_folder_only_costs_the_saving(tmp_path: Path, hashes: Path) -> None:
    document = tmp_path / "large.pdf"
    document.write_bytes(b"z" * 1000)
    document_digests.share_in(tmp_path / "no-such-folder")
    assert document_digests.sha256_of(document) == REAL_SHA256(b"z" * 1000).hexdigest()
    assert made(hashes) == 1


def test_a_document_cited_by_every_file_is_hashed_once_with_two_workers(
    tmp_path: Path, hashes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: the hash-once cache was per worker, so ``--jobs N`` hashed a shared document N times."""
    if worker_count(2, 2) < 2:
        pytest.skip("one core: no second worker to share with")
    (tmp_path / "docs").mkdir()
    body = b"%PDF-1.7 minutes\n" * 20_000
    (tmp_path / "docs" / "minutes.pdf").write_bytes(body)
    digest = REAL_SHA256(body).hexdigest()
    for index in range(40):
        (tmp_path / f"la-{index:02d}.yaml").write_text(
            'fhcheck: 1\nframework: "2025"\n'
            f"local_authority: Authority {index}\nassessed_on: 2025-10-01\nitems:\n"
            "  1.1.B1:\n    status: met\n    evidence:\n"
            "      - title: Board minutes\n        path: docs/minutes.pdf\n"
            f"        sha256: {digest}\n        kind: publication\n        date: 2025-06-01\n",
            encoding="utf-8",
        )
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.chdir(tmp_path)
    outcomes = list(assess_paths(["."], default_store(), AssessOptions(), jobs=2))
    assert len(outcomes) == 40 and all(isinstance(o, FileResult) for o in outcomes)
    offers = [next(i for i in o.items if i.id == "1.1.B1") for o in outcomes if isinstance(o, FileResult)]
    assert {item.verdict for item in offers} == {"met"}
    assert made(hashes) == 1
    assert not list((tmp_path / "tmp").iterdir())  # the run's shared folder goes with it
