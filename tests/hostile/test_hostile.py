"""Hostile and malformed input, end to end: one message, exit status 2, never a traceback.

Two tables drive these tests. ``CORPUS`` names the committed files in
``tests/hostile/corpus/`` (rebuilt by ``make_corpus.py``); ``BUILT`` builds cases that
need a file system arrangement or megabytes of input in a temporary folder. Each case
gives the exit status and the message expected, as ``LINE:COL: text`` after the file's
name. Every case also checks what holds for all of them: no traceback, every line of
standard error a ``FILE[:LINE:COL]: ...`` message, at most a screenful per file, no
code run (``tag-python-apply.yaml`` would create ``PWNED`` in the working folder), and
(under ``alarm``) no blocking on a FIFO or device. How fast each case is refused, and
in how much memory, is measured by ``benchmarks/hostile.py``, not here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile.make_corpus import HEAD, ITEM, empty_folder, fifo, symlink_loops

import fhcheck
from fhcheck.cli import ISSUES_URL

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
YAML_ERROR = "YAML syntax error: "
MAPPING = "expected a mapping with fhcheck, framework, local_authority, assessed_on and items"
EMPTY = "1:1: the file is empty (or only comments); expected a YAML mapping such as 'fhcheck: 1'"
TAG = "expected plain YAML without tags (tags are never run)"
BOOLEAN = "(a YAML 1.1 boolean: quote it if you mean the word)"
NOT_UTF8 = "is not UTF-8; expected a UTF-8 text file (save it as UTF-8)"
OUTSIDE = "expected a path relative to the evidence file's folder"
BELOW = None  # accepted and assessed: below the default --fail-under, so exit 1 and nothing on stderr

#: corpus file -> (exit status, "LINE:COL: message" expected after the file name, or None)
CORPUS: dict[str, tuple[int, str | None]] = {
    "empty.yaml": (2, EMPTY),
    "comments-only.yaml": (2, EMPTY),
    "blank-lines.yaml": (2, EMPTY),
    "document-marker-only.yaml": (2, f"2:1: found nothing (null) at the top of the file; {MAPPING}"),
    "top-list.yaml": (2, f"1:1: found a list at the top of the file; {MAPPING}"),
    "top-scalar.yaml": (2, f"1:1: found 'Exampleshire County Council' at the top of the file; {MAPPING}"),
    "top-number.yaml": (2, f"1:1: found the number 42 at the top of the file; {MAPPING}"),
    "top-null.yaml": (2, f"1:1: found nothing (null) at the top of the file; {MAPPING}"),
    "random-bytes.yaml": (2, f"1:2: byte 0xac at byte offset 1 {NOT_UTF8}"),
    "nul-byte.yaml": (2, "3:34: NUL byte at byte offset 62; expected a UTF-8 text file, not binary data"),
    "latin-1.yaml": (2, f"3:21: byte 0xe9 at byte offset 49 {NOT_UTF8}"),
    "lone-surrogate-utf8.yaml": (2, f"3:32: byte 0xed at byte offset 60 {NOT_UTF8}"),
    "truncated-utf8.yaml": (2, f"6:6: byte 0xc3 at byte offset 113 {NOT_UTF8}"),
    "utf-16-le-bom.yaml": (2, "1:1: the file is UTF-16 (little-endian); expected UTF-8 (save it as UTF-8 and try again)"),
    "utf-16-be-bom.yaml": (2, "1:1: the file is UTF-16 (big-endian); expected UTF-8"),
    "utf-16-le-no-bom.yaml": (2, "1:1: the file is UTF-16 (little-endian); expected UTF-8"),
    "utf-32-le-bom.yaml": (2, "1:1: the file is UTF-32 (little-endian); expected UTF-8"),
    "control-escape-sequence.yaml": (2, "3:18: a control character U+001B at byte offset 46; expected printable text"),
    "control-bell.yaml": (2, "8:15: a control character U+0007 at byte offset 145; expected printable text"),
    "lone-surrogate-escape.yaml": (2, f"3:24: {YAML_ERROR}found invalid Unicode character escape code"),
    "key-with-line-break.yaml": (
        2, "8:3: unknown identifier '1.1.B1\\n\\x1b[2Jfhcheck: all clear'; expected an identifier of framework 2025",
    ),
    "tab-indent.yaml": (2, "6:1: a tab character is used for indentation; expected spaces (YAML forbids tabs there)"),
    "tab-after-spaces.yaml": (2, "7:3: a tab character is used for indentation; expected spaces"),
    "unclosed-double-quote.yaml": (2, f"3:18: {YAML_ERROR}a quoted value starts here and is never closed; expected a closing quote"),
    "unclosed-single-quote.yaml": (2, f"8:15: {YAML_ERROR}did not find expected key (started at line 7, column 5)"),
    "bad-indentation.yaml": (
        2, f"8:4: {YAML_ERROR}did not find expected key (started at line 6, column 3); expected the same indentation",
    ),
    "colon-in-plain-scalar.yaml": (2, f"8:16: {YAML_ERROR}a ': ' inside a value; expected a value containing ': ' to be quoted"),
    "unknown-escape.yaml": (2, f"8:16: {YAML_ERROR}did not find expected hexdecimal number while parsing a quoted scalar; expected a known escape"),
    "multiple-documents.yaml": (2, "5:1: a second YAML document starts here; expected one document per file"),
    "unclosed-flow-sequence.yaml": (2, f"9:1: {YAML_ERROR}did not find expected node content while parsing a flow node"),
    "unclosed-flow-mapping.yaml": (2, f"8:1: {YAML_ERROR}did not find expected ',' or '}}' while parsing a flow mapping"),
    "empty-anchor.yaml": (2, f"7:14: {YAML_ERROR}did not find expected alphabetic or numeric character while scanning an anchor"),
    "reserved-indicator.yaml": (2, f"8:11: {YAML_ERROR}found character '@' that cannot start any token; expected a value that starts with it to be quoted"),
    "list-under-mapping.yaml": (2, f"8:3: {YAML_ERROR}did not find expected key"),
    "block-scalar-dedent.yaml": (2, f"10:1: {YAML_ERROR}a key without ':' (started at line 9, column 5)"),
    "yaml-version-directive.yaml": (2, f"1:1: {YAML_ERROR}a %YAML directive for a version other than 1.1 or 1.2; expected no %YAML line"),
    "document-end-then-more.yaml": (2, f"6:1: {YAML_ERROR}did not find expected <document start>"),
    "duplicate-key.yaml": (2, "5:1: duplicate key 'local_authority' (first at line 3); expected each key once"),
    "duplicate-item.yaml": (2, "8:3: duplicate key '1.1.B1' (first at line 6); expected each key once"),
    "complex-key.yaml": (2, "5:3: a key is a mapping or list; expected a plain text key"),
    "long-plain-key.yaml": (2, f"6:2003: {YAML_ERROR}a key longer than 1024 characters"),
    "tag-include.yaml": (2, f"5:8: unknown tag '!include'; {TAG}"),
    "tag-python-apply.yaml": (2, f"5:8: unknown tag '!!python/object/apply:builtins.exec'; {TAG}"),
    "tag-python-name.yaml": (2, f"5:8: unknown tag '!!python/name:os.system'; {TAG}"),
    "tag-python-object.yaml": (2, f"1:1: unknown tag '!!python/object:fhcheck.cli.App'; {TAG}"),
    "tag-python-key.yaml": (2, f"5:1: unknown tag '!!python/object/apply:os.getcwd'; {TAG}"),
    "tag-binary.yaml": (2, f"7:13: unknown tag '!!binary'; {TAG}"),
    "tag-set.yaml": (2, f"5:8: unknown tag '!!set'; {TAG}"),
    "tag-custom.yaml": (2, f"7:13: unknown tag '!met'; {TAG}"),
    "tag-directive.yaml": (2, f"7:8: unknown tag '!!python/object/apply:os.getcwd'; {TAG}"),
    "merge-key.yaml": (2, "8:5: merge keys ('<<') are not supported; expected plain keys"),
    "billion-laughs.yaml": (2, "9:35: aliases expand to more than 50,000 values; expected a file without alias expansion bombs"),
    "alias-fan-out.yaml": (2, "6:9525: aliases expand to more than 50,000 values"),
    "recursive-alias.yaml": (2, "6:11: alias *items refers to a value that contains it; expected data without cycles"),
    "undefined-alias.yaml": (2, "7:13: alias *met has no anchor; expected &met on an earlier value"),
    "status-no.yaml": (2, f"7:13: found no {BOOLEAN}; expected one of met, partially_met, not_met or not_applicable"),
    "status-yes-quoted.yaml": (2, "7:13: found 'yes'; expected one of met, partially_met, not_met or not_applicable"),
    "local-authority-yes.yaml": (2, f"3:18: found yes {BOOLEAN}; expected text"),
    "local-authority-number.yaml": (2, "3:18: found the number 1974; expected text (put it in quotes if it is meant as text)"),
    "impossible-date.yaml": (2, "4:14: found '2025-13-45', which is not a calendar date; expected a real date YYYY-MM-DD"),
    "february-30.yaml": (2, "4:14: found '2025-02-30', which is not a calendar date; expected a real date YYYY-MM-DD"),
    "date-with-time.yaml": (2, "4:14: found the date and time 2025-10-01T09:30:00; expected a date written YYYY-MM-DD"),
    "format-version-2.yaml": (2, "1:10: found format version 2; expected one of 1"),
    "format-version-missing.yaml": (2, "1:1: fhcheck is missing; expected fhcheck in this mapping"),
    "framework-1999.yaml": (2, "2:12: found framework version '1999'; expected one of 2022, 2025"),
    "framework-boolean.yaml": (2, f"2:12: found yes {BOOLEAN}; expected a framework version, one of 2022, 2025"),
    "items-list.yaml": (2, "6:3: found a list; expected a mapping of keys to values"),
    "item-string.yaml": (2, "6:11: found 'met'; expected a mapping of keys to values"),
    "many-unknown-items.yaml": (2, "6:3: unknown identifier 9.1.B1; expected an identifier of framework 2025"),
    "key-like-a-pydantic-tag.yaml": (2, "5:1: unknown key '['; expected one of fhcheck, framework, local_authority"),
    "huge-integer.yaml": (2, "1:10: found format version 9999999999"),
    "path-absolute.yaml": (2, f"10:15: path '/etc/passwd' is absolute; {OUTSIDE}"),
    "path-home.yaml": (2, f"10:15: path '~/.ssh/id_rsa' is absolute; {OUTSIDE}"),
    "path-drive.yaml": (2, f"10:15: path 'C:\\\\Windows\\\\win.ini' is absolute; {OUTSIDE}"),
    "path-dotdot.yaml": (2, "10:15: path '../../../../../../../../etc/passwd' leads outside the git repository"),
    "path-nul.yaml": (2, "10:15: path contains a NUL character; expected a plain relative path"),
    "crlf.yaml": (1, BELOW),
    "cr-only.yaml": (1, BELOW),
    "utf-8-bom.yaml": (1, BELOW),
    "long-line.yaml": (1, BELOW),
    "quoted-yes-and-no.yaml": (1, BELOW),
    "legitimate-alias.yaml": (1, BELOW),
}


#: corpus files whose report has more than one line
LINES = {"many-unknown-items.yaml": 41, "key-like-a-pydantic-tag.yaml": 2}


def check_run(run: Any, status: int, files: list[str], expected: str | None, *, lines: int = 1) -> None:
    """What every hostile case must show, whatever it is."""
    assert "Traceback" not in run.err and "Traceback" not in run.out
    assert run.status == status, run.err
    if expected is None:
        assert run.err == ""
        return
    messages = run.err.splitlines()
    assert expected in run.err, run.err
    assert len(messages) == lines, run.err
    assert len(messages) <= 41 * len(files)  # a screenful per file at most
    for message in messages:
        assert message.startswith(tuple(f"{f}{end}" for f in files for end in ":/")), message


def test_the_table_covers_the_whole_corpus() -> None:
    assert sorted(CORPUS) == sorted(p.name for p in CORPUS_DIR.iterdir())


@pytest.mark.parametrize(("name", "status", "expected"), [(n, s, e) for n, (s, e) in CORPUS.items()])
def test_corpus_assess(
    name: str, status: int, expected: str | None, fhcheck: Callable[..., Any], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, alarm: None,
) -> None:
    monkeypatch.chdir(tmp_path)  # were a tag ever run, PWNED would appear here
    path = str(CORPUS_DIR / name)
    lines = LINES.get(name, 1)
    check_run(fhcheck("assess", path, "--format", "json"), status, [path], expected and f"{path}:{expected}", lines=lines)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "status", "expected"), [(n, s, e) for n, (s, e) in CORPUS.items() if s == 2])
def test_corpus_validate(name: str, status: int, expected: str, fhcheck: Callable[..., Any], alarm: None) -> None:
    path = str(CORPUS_DIR / name)
    run = fhcheck("validate", path, "--quiet")
    lines = LINES.get(name, 1)
    check_run(run, status, [path], f"{path}:{expected}", lines=lines)


def test_a_screenful_per_file_then_how_many_more(fhcheck: Callable[..., Any]) -> None:
    path = str(CORPUS_DIR / "many-unknown-items.yaml")
    messages = fhcheck("assess", path).err.splitlines()
    assert len(messages) == 41
    assert messages[39].startswith(f"{path}:45:3: unknown identifier 9.40.B1;")
    assert messages[40] == f"{path}:46:3: ... and 160 more problems in this file"


def test_valid_files_are_still_reported_beside_hostile_ones(fhcheck: Callable[..., Any], tmp_path: Path) -> None:
    import json

    good = tmp_path / "good.yaml"
    good.write_text(HEAD)
    bad = str(CORPUS_DIR / "billion-laughs.yaml")
    run = fhcheck("assess", str(good), bad, "--format", "json")
    assert run.status == 2
    assert [r["file"] for r in json.loads(run.out)["results"]] == [str(good)]
    assert run.err.startswith(f"{bad}:9:35: aliases expand")


# --------------------------------------------------------------------------- built at test time


def _write(text: str | bytes, name: str = "evidence.yaml") -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return [str(path)]

    return build


def _nothing(folder: Path) -> list[str]:
    return [str(folder / "no-such-evidence.yaml")]








def _fifo_in_folder(folder: Path) -> list[str]:
    (folder / "hub").mkdir()
    os.mkfifo(folder / "hub" / "pipe.yaml")
    return [str(folder / "hub")]


def _device(folder: Path) -> list[str]:
    return ["/dev/zero"]


def _device_link(folder: Path) -> list[str]:
    (folder / "zero.yaml").symlink_to("/dev/zero")
    return [str(folder / "zero.yaml")]


def _dangling(folder: Path) -> list[str]:
    (folder / "gone.yaml").symlink_to(folder / "deleted.yaml")
    return [str(folder / "gone.yaml")]


def _too_long_a_name(folder: Path) -> list[str]:
    return [str(folder / ("x" * 300 + ".yaml"))]


def _deep_folders(folder: Path) -> list[str]:
    here = folder / "deep"
    here.mkdir()
    top = os.getcwd()
    os.chdir(here)
    try:
        for _ in range(1_200):  # deeper than Python's recursion limit
            os.mkdir("d")
            os.chdir("d")
        Path("evidence.yaml").write_text("- not a mapping\n")
    finally:
        os.chdir(top)
    return [str(here)]


def _remove_deep(top: Path) -> None:
    """Bottom up, without recursion: shutil.rmtree (and pytest's clean-up) would exhaust the stack."""
    chain = [top]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    (chain[-1] / "evidence.yaml").unlink()
    for folder in reversed(chain):
        folder.rmdir()


#: name -> (build the input in a folder and return the command-line paths, extra options, status, expected)
BUILT: dict[str, tuple[Callable[[Path], list[str]], tuple[str, ...], int, str | None]] = {
    "nonexistent-path": (_nothing, (), 2, "no such file or folder; expected an evidence file or a folder of them"),
    "path-too-long": (_too_long_a_name, (), 2, "cannot be looked at (File name too long); expected a file or folder path"),
    "empty-folder": (empty_folder, (), 2, "folder holds no .yaml or .yml files; expected evidence files"),
    "folder-with-symlink-loops": (symlink_loops, (), 2, "a.yaml: cannot be read (a symlink loop); expected a readable file"),
    "fifo": (fifo, (), 2, "is a named pipe (FIFO), which is never read; expected a regular YAML file"),
    "fifo-in-folder": (_fifo_in_folder, (), 2, "pipe.yaml: is a named pipe (FIFO), which is never read"),
    "dev-zero": (_device, (), 2, "is a character device, which is never read; expected a regular YAML file"),
    "symlink-to-dev-zero": (_device_link, (), 2, "is a character device, which is never read"),
    "dangling-symlink": (_dangling, (), 2, "no such file; expected an existing YAML file"),
    "deep-folder-tree": (_deep_folders, (), 2, f"1:1: found a list at the top of the file; {MAPPING}"),
    "over-the-size-limit": (
        _write(HEAD + "# " + "x" * (6 * 1024 * 1024) + "\n"), (), 2,
        "file is 6,291,557 bytes (6.0 MiB); expected at most 5,242,880 bytes (raise the limit with --max-bytes)",
    ),
    "over-max-bytes": (
        _write(HEAD), ("--max-bytes", "50"), 2,
        "file is 98 bytes; expected at most 50 bytes (raise the limit with --max-bytes)",
    ),
    "too-many-values": (
        _write(HEAD + "items: [" + "1, " * 75_000 + "]\n"), (), 2,
        "5:149976: the file holds more than 50,000 values; expected a smaller evidence file (raise the limit with --max-bytes)",
    ),
    "too-many-keys": (
        _write(HEAD + "".join(f"k{n}: 1\n" for n in range(30_000))), (), 2,
        "25000:9: the file holds more than 50,000 values",
    ),
    "deep-flow-sequences": (
        _write(HEAD + "items: " + "[" * 100_000 + "]" * 100_000 + "\n"), (), 2,
        "5:71: nesting is deeper than 64 levels; expected a shallow evidence file",
    ),
    "deep-unclosed-flow": (_write(HEAD + "items: " + "[" * 100_000 + "\n"), (), 2, "5:71: nesting is deeper than 64 levels"),
    "deep-flow-mappings": (
        _write(HEAD + "items: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"), (), 2,
        "5:260: nesting is deeper than 64 levels",
    ),
    "deep-block-sequences": (_write(HEAD + "items: \n" + "- " * 100_000 + "x\n"), (), 2, "6:127: nesting is deeper than 64 levels"),
    "deep-block-mappings": (
        _write(HEAD + "".join(" " * i + "a:\n" for i in range(2_000))), (), 2, "69:65: nesting is deeper than 64 levels",
    ),
    "huge-scalar": (_write(ITEM + "    status: not_met\n    plan: " + "x" * (4 * 1024 * 1024) + "\n    due: 2026-03-31\n"), (), 1, BELOW),
    "max-bytes-raised": (
        _write(HEAD + "# " + "x" * (6 * 1024 * 1024) + "\n"), ("--max-bytes", str(7 * 1024 * 1024)), 1, BELOW,
    ),
}


@pytest.mark.parametrize(("name", "build", "options", "status", "expected"), [(n, *c) for n, c in BUILT.items()])
def test_built_cases(
    name: str, build: Callable[[Path], list[str]], options: tuple[str, ...], status: int, expected: str | None,
    fhcheck: Callable[..., Any], tmp_path: Path, alarm: None,
) -> None:
    if "fifo" in name and not hasattr(os, "mkfifo") or name.startswith(("dev-", "symlink-to-dev")) and not Path("/dev/zero").exists():
        pytest.skip("needs FIFOs and /dev/zero")
    paths = build(tmp_path)
    try:
        run = fhcheck("assess", *paths, *options, "--format", "json")
    finally:
        if name == "deep-folder-tree":
            _remove_deep(tmp_path / "deep")
    lines = 2 if name == "folder-with-symlink-loops" else 1
    check_run(run, status, [str(tmp_path), *paths], expected, lines=lines)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_files_and_folders_are_named(fhcheck: Callable[..., Any], tmp_path: Path) -> None:
    hub = tmp_path / "hub"
    (hub / "locked").mkdir(parents=True)
    (hub / "secret.yaml").write_text(HEAD)
    (hub / "secret.yaml").chmod(0)
    (hub / "locked").chmod(0)
    try:
        run = fhcheck("assess", str(hub))
    finally:
        (hub / "locked").chmod(0o700)
    assert run.status == 2
    assert run.err.splitlines() == [
        f"{hub / 'locked'}: folder cannot be read (Permission denied); expected a readable folder",
        f"{hub / 'secret.yaml'}: permission denied; expected a readable file",
    ]


def test_the_deepest_nesting_in_a_real_process(tmp_path: Path) -> None:
    """In a process of its own: were libyaml's C composer ever used again, this would be a segfault."""
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 500_000 + "]" * 500_000)
    done = subprocess.run(
        [sys.executable, "-m", "fhcheck", "assess", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "PYTHONPATH": str(Path(fhcheck.__file__).resolve().parents[1])},
    )
    assert (done.returncode, done.stderr) == (
        2, f"{path}:1:65: nesting is deeper than 64 levels; expected a shallow evidence file\n",
    )


# --------------------------------------------------------------------------- cited paths that escape


def test_cited_paths_that_escape_are_reported_and_never_opened(
    fhcheck: Callable[..., Any], tmp_path: Path, alarm: None
) -> None:
    """Every target here is a FIFO with no writer: opening any of them would block the run."""
    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "pipe")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    os.mkfifo(repo / "docs" / "inside-pipe.pdf")
    (repo / "link-out.pdf").symlink_to(outside / "pipe")
    (repo / "docs" / "rel-link.pdf").symlink_to("../../outside/pipe")
    (repo / "loop.pdf").symlink_to("loop.pdf")
    (repo / "dev-link.pdf").symlink_to("/dev/zero")
    digest = hashlib.sha256(b"x").hexdigest()
    cited = [
        "../outside/pipe",
        "link-out.pdf",
        "docs/rel-link.pdf",
        "docs/../link-out.pdf",
        "loop.pdf",
        "dev-link.pdf",
        str(outside / "pipe"),
        "~/pipe",
        "docs/inside-pipe.pdf",
    ]
    evidence = ITEM + "    status: met\n    evidence:\n" + "".join(
        f"      - title: Document {n}\n        path: {path}\n        sha256: {digest}\n" for n, path in enumerate(cited)
    )
    file = repo / "evidence.yaml"
    file.write_text(evidence)
    run = fhcheck("validate", str(file), "--quiet")
    assert run.status == 2
    assert run.err.splitlines() == [
        f"{file}:10:15: path '../outside/pipe' leads outside the git repository; expected a document inside it",
        f"{file}:13:15: path 'link-out.pdf' is a symlink to outside the git repository; expected a document inside it",
        f"{file}:16:15: path 'docs/rel-link.pdf' is a symlink to outside the git repository; expected a document inside it",
        f"{file}:19:15: path 'docs/../link-out.pdf' is a symlink to outside the git repository; expected a document inside it",
        f"{file}:22:15: path 'loop.pdf' cannot be resolved (a symlink loop?); expected a document inside the git repository",
        f"{file}:25:15: path 'dev-link.pdf' is a symlink to outside the git repository; expected a document inside it",
        f"{file}:28:15: path '{outside / 'pipe'}' is absolute; {OUTSIDE}",
        f"{file}:31:15: path '~/pipe' is absolute; {OUTSIDE}",
        f"{file}:34:15: cited path docs/inside-pipe.pdf is not a file; expected an existing, unchanged document",
    ]
    assert fhcheck("assess", str(file)).status == 2


# --------------------------------------------------------------------------- our own bugs


def _crash(*_: object, **__: object) -> None:
    raise RuntimeError("rules engine exploded\nsecond line of detail")


def test_an_internal_error_is_one_line_saying_it_is_a_bug(
    fhcheck: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fhcheck.assessment.evaluate", _crash)
    good = tmp_path / "good.yaml"
    good.write_text(HEAD)
    run = fhcheck("assess", str(good))
    assert run.status == 3
    assert run.err == (
        f"fhcheck: internal error (RuntimeError: rules engine exploded). This is a bug in fhcheck {fhcheck_version()}, "
        f"not in your files; please report it at {ISSUES_URL} with the output of the same command run with --debug.\n"
    )


def test_debug_shows_the_traceback_of_an_internal_error(
    fhcheck: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fhcheck.assessment.evaluate", _crash)
    good = tmp_path / "good.yaml"
    good.write_text(HEAD)
    run = fhcheck("--debug", "assess", str(good))
    assert run.status == 3
    assert run.err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: rules engine exploded" in run.err
    assert run.err.splitlines()[-1].startswith("fhcheck: internal error (RuntimeError: rules engine exploded).")


def test_an_internal_error_while_loading_is_still_a_bug_not_a_crash(
    fhcheck: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def overflow(*_: object, **__: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("fhcheck.load._Composer.run", overflow)
    good = tmp_path / "good.yaml"
    good.write_text(HEAD)
    run = fhcheck("validate", str(good))
    assert run.status == 3
    assert run.err.startswith("fhcheck: internal error (RecursionError: maximum recursion depth exceeded). This is a bug")
    assert "Traceback" not in run.err


def fhcheck_version() -> str:
    return fhcheck.__version__


def test_unreadable_files_and_folders_are_named_even_as_root(
    fhcheck: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads anything, so the file system's refusals are simulated where they would happen."""
    hub = tmp_path / "hub"
    (hub / "locked").mkdir(parents=True)
    (hub / "secret.yaml").write_text(HEAD)
    real_scandir, real_open = os.scandir, os.open

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "secret.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    run = fhcheck("assess", str(hub))
    assert run.status == 2
    assert run.err.splitlines() == [
        f"{hub / 'locked'}: folder cannot be read (Permission denied); expected a readable folder",
        f"{hub / 'secret.yaml'}: permission denied; expected a readable file",
    ]
