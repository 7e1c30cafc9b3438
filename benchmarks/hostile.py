"""Time and memory of fhcheck on hostile input, one real process per case.

Every file of the hostile corpus (tests/hostile/corpus/) and every large or special case
below is written to a temporary folder and run as ``python -m fhcheck assess CASE
--format json``, end to end. For each case the table shows the exit status, the wall time
(the best of --repeat runs, since a shared machine adds noise, never removes it), the
peak resident memory of that process (from ``os.wait4``), and whether it met the target:
under 1 s and under 300 MiB. A valid file ("baseline") is measured first: it is the cost
of starting Python and fhcheck, which every case pays.

    python benchmarks/hostile.py              # every case, best of 3
    python benchmarks/hostile.py --repeat 1 --only deep,laughs
    python benchmarks/hostile.py --markdown   # the table as Markdown, for a report

Exit status 1 when a case misses its target or a case's exit status is not 0, 1 or 2,
so the script can gate CI if wanted. Unit tests never time anything; this script does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "hostile" / "corpus"
TARGET_MS = 1000
TARGET_MIB = 300
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
from make_corpus import HEAD, ITEM, empty_folder, fifo, laughs, symlink_loops  # noqa: E402 - the corpus's own builders


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[str]]  # writes the case under a folder, returns the command-line arguments


def text(content: Callable[[], str | bytes], name: str = "evidence.yaml") -> Callable[[Path], list[str]]:
    """A case that is one file; its content is made only when the case runs."""

    def build(folder: Path) -> list[str]:
        made = content()
        path = folder / name
        path.write_bytes(made.encode() if isinstance(made, str) else made)
        return [str(path)]

    return build


def escapes(folder: Path) -> list[str]:
    """Cited paths leaving a repository; each target is a FIFO that would block if opened."""
    outside = folder / "outside"
    outside.mkdir()
    os.mkfifo(outside / "pipe")
    repo = folder / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "link-out.pdf").symlink_to(outside / "pipe")
    (repo / "loop.pdf").symlink_to("loop.pdf")
    digest = hashlib.sha256(b"x").hexdigest()
    cited = ["../outside/pipe", "link-out.pdf", "loop.pdf", "/etc/passwd", "~/.ssh/id_rsa", "../../../../etc/passwd"]
    body = "".join(
        f"      - title: Doc {n}\n        path: {p}\n        sha256: {digest}\n" for n, p in enumerate(cited)
    )
    (repo / "evidence.yaml").write_text(ITEM + "    status: met\n    evidence:\n" + body)
    return [str(repo / "evidence.yaml")]


def deep_folders(folder: Path) -> list[str]:
    here = folder / "deep-folders"
    here.mkdir()
    path = here
    for _ in range(1_200):
        path = path / "d"
        path.mkdir()
    (path / "evidence.yaml").write_text(HEAD)
    return [str(here)]


def links_out(folder: Path) -> list[str]:
    """A folder whose links lead out of it: to a credentials file, and to a folder of secrets."""
    outside = folder / "outside"
    (outside / "secrets").mkdir(parents=True)
    (outside / ".git-credentials").write_text("https://x-access-token:ghs_0000@github.com\n")
    (outside / "secrets" / "k.yaml").write_text("ghs_0000: 1\n")
    evidence = folder / "repo" / "evidence"
    evidence.mkdir(parents=True)
    (evidence / "credentials.yaml").symlink_to(outside / ".git-credentials")
    (evidence / "linked").symlink_to(outside / "secrets", target_is_directory=True)
    (evidence / "ok.yaml").write_text(HEAD)
    return [str(evidence)]


def hostile_names(folder: Path) -> list[str]:
    """Two files whose names and plans are markup and forged workflow commands, shown as a table too."""
    plan = "Budget\\n::error file=README.md::forged\\n##[stop-commands]x \\u001b]52;c;aGk=\\u0007 @octocat #1"
    for name in ("a", "b"):
        (folder / f"{name}.yaml").write_text(
            HEAD.replace("Exampleshire County Council", '"[/] [link=https://evil.example]x[/link]"')
            + f'items:\n  1.1.B1:\n    status: not_met\n    plan: "{plan}"\n'
        )
    return [str(folder / "a.yaml"), str(folder / "b.yaml"), "--format", f"table:{folder / 'table.txt'}", "--force"]


def planted_output_link(folder: Path) -> list[str]:
    """A committed report link pointing at a script outside: refused before any work."""
    (folder / "deploy.sh").write_text("#!/bin/sh\n")
    (folder / "fhcheck.sarif").symlink_to(folder / "deploy.sh")
    (folder / "evidence.yaml").write_text(HEAD)
    return [str(folder / "evidence.yaml"), "--format", f"sarif:{folder / 'fhcheck.sarif'}", "--force"]


def same_output_twice(folder: Path) -> list[str]:
    (folder / "sub").mkdir()
    (folder / "evidence.yaml").write_text(HEAD)
    twice = folder / "sub" / ".." / "out.json"
    return [str(folder / "evidence.yaml"), "--format", f"sarif:{folder / 'out.json'}", "-o", str(twice)]


one_line_plan = text(lambda: ITEM + "    status: not_met\n    plan: " + "word " * 1_000_000 + "\n")


def many_jobs(folder: Path) -> list[str]:
    """--jobs 100000 over 60 files: capped at the cores available, not a process per file."""
    for n in range(60):
        (folder / f"e{n:02d}.yaml").write_text(HEAD)
    return [str(folder), "--jobs", "100000"]


def valid_items(count: int) -> str:
    """A plausible but very full evidence file: ``count`` items, three cited documents each."""
    sys.path.insert(0, str(ROOT / "src"))
    from fhcheck.catalogue import default_store

    items = list(default_store().get("2025").items)[:count]
    body = "".join(
        f"  {item}:\n    status: met\n    evidence:\n"
        + "".join(
            f"      - title: Document {n} for {item}\n        url: https://example.gov.uk/{item}/{n}\n"
            f"        kind: publication\n        date: 2025-06-01\n"
            for n in range(3)
        )
        for item in items
    )
    return HEAD + "items:\n" + body


BUILT: list[Case] = [
    Case("baseline: valid, no items", text(lambda: HEAD)),
    Case("valid: 124 items, 3 documents each", text(lambda: valid_items(124))),
    Case("nonexistent path", lambda d: [str(d / "missing.yaml")]),
    Case("empty path ''", lambda d: [""]),
    Case("folder with links out of it", links_out),
    Case("markup and forged commands, 2 files + table", hostile_names),
    Case(
        "5 MiB one-line plan, table",
        lambda d: one_line_plan(d) + ["--format", f"table:{d / 'table.txt'}", "--force"],
    ),
    Case("planted report link (--force)", planted_output_link),
    Case("two outputs, one file", same_output_twice),
    Case("--jobs 100000, 60 files", many_jobs),
    Case("empty folder", empty_folder),
    Case("folder with symlink loops", symlink_loops),
    Case("folder tree 1,200 deep", deep_folders),
    Case("FIFO as the file", fifo),
    Case("/dev/zero as the file", lambda d: ["/dev/zero"]),
    Case("cited paths escaping (FIFO targets)", escapes),
    Case("over the size limit (6 MiB)", text(lambda: HEAD + "# " + "x" * (6 * 1024 * 1024) + "\n")),
    Case("5 MiB of '[1, 1, ...' (values limit)", text(lambda: HEAD + "items: [" + "1, " * 1_700_000 + "]\n")),
    Case("5 MiB of keys (values limit)", text(lambda: HEAD + "".join(f"k{n:07d}: 1\n" for n in range(400_000)))),
    Case(
        "4 MiB single scalar",
        text(lambda: ITEM + "    status: not_met\n    plan: " + "x" * (4 * 1024 * 1024) + "\n    due: 2026-03-31\n"),
    ),
    Case(
        "5 MiB one line of words",
        text(lambda: ITEM + "    status: not_met\n    plan: " + "word " * 1_000_000 + "\n    due: 2026-03-31\n"),
    ),
    Case("[ nested 1,000,000 deep (unclosed)", text(lambda: "[" * 1_000_000)),
    Case("[ ] nested 500,000 deep", text(lambda: "[" * 500_000 + "]" * 500_000)),
    Case("{a: nested 500,000 deep", text(lambda: "{a: " * 500_000 + "1" + "}" * 500_000)),
    Case("- nested 500,000 deep", text(lambda: "- " * 500_000 + "x\n")),
    Case("block mapping 3,000 deep", text(lambda: "".join(" " * i + "a:\n" for i in range(3_000)))),
    Case("billion laughs (10 levels x 10)", text(lambda: laughs(10, 10))),
    Case("billion laughs (30 levels x 2)", text(lambda: laughs(30, 2))),
    Case(
        "200,000 aliases to one list",
        text(lambda: HEAD + "a: &a [x, y]\nitems: [" + ", ".join(["*a"] * 200_000) + "]\n"),
    ),
    Case("recursive alias", text(lambda: HEAD + "items: &i\n  1.1.B1: *i\n")),
    Case(
        "4,000 unknown items (screenful)",
        text(lambda: HEAD + "items:\n" + "".join(f"  9.{n}.B1: {{status: met}}\n" for n in range(4_000))),
    ),
    Case("random bytes (1 MiB)", text(lambda: os.urandom(1 << 20))),
    Case("UTF-16 (1 MiB)", text(lambda: (HEAD * 10_000).encode("utf-16"))),
]


def corpus_cases() -> list[Case]:
    def copy(source: Path) -> Callable[[Path], list[str]]:
        def build(folder: Path) -> list[str]:
            target = folder / source.name
            shutil.copyfile(source, target)
            return [str(target)]

        return build

    return [Case(f"corpus: {p.name}", copy(p)) for p in sorted(CORPUS.iterdir())]


@dataclass(frozen=True)
class Measured:
    case: str
    status: int
    wall_ms: float
    peak_mib: float
    message: str

    @property
    def ok(self) -> bool:
        return self.status in (0, 1, 2) and self.wall_ms < TARGET_MS and self.peak_mib < TARGET_MIB


def build_elsewhere(case: Case, folder: Path) -> list[str]:
    """Build a case in a child process, so that this one stays small.

    On Linux a child's peak RSS starts at its parent's peak (it is carried across fork
    and exec), so megabytes of case text built here would be counted against fhcheck.
    """
    done = subprocess.run(
        [sys.executable, __file__, "--build", case.name, str(folder)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    return list(json.loads(done.stdout))


def measure(case: Case, folder: Path, repeat: int, timeout: float) -> Measured:
    args = build_elsewhere(case, folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    best_wall, peak, status, message = float("inf"), 0.0, -1, ""
    for _ in range(repeat):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "fhcheck", "assess", *args, "--format", "json"],
                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=folder,
            )
            deadline = start + timeout
            while True:
                pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    process.kill()
                    pid, wait_status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.002)
            wall = (time.perf_counter() - start) * 1000
            status = process.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here, not by Popen
            best_wall = min(best_wall, wall)
            # ru_maxrss is KiB on Linux, bytes on macOS
            peak = max(peak, usage.ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1 << 10))
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").splitlines()
            message = (lines[0] if lines else "").replace(str(folder) + "/", "")
            if len(lines) > 1:
                message += f" (+{len(lines) - 1} lines)"
    return Measured(case.name, status, best_wall, peak, message)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best wall time is shown")
    parser.add_argument("--only", default="", help="comma-separated substrings of case names to run")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a case is killed")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--no-corpus", action="store_true", help="leave out the corpus files")
    parser.add_argument("--build", nargs=2, metavar=("CASE", "FOLDER"), help=argparse.SUPPRESS)
    options = parser.parse_args()

    cases = BUILT + ([] if options.no_corpus else corpus_cases())
    if options.build:
        name, folder = options.build
        print(json.dumps(next(c for c in cases if c.name == name).build(Path(folder))))
        return 0
    if options.only:
        wanted = [w.strip().lower() for w in options.only.split(",")]
        cases = [c for c in cases if any(w in c.name.lower() for w in wanted)]
    results = []
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="fhcheck-hostile-") as name:
            results.append(measure(case, Path(name), options.repeat, options.timeout))
            _remove_deep(Path(name))
        if not options.markdown:
            r = results[-1]
            print(
                f"{r.case[:44]:<44} {r.status:>4} {r.wall_ms:>8.0f} {r.peak_mib:>8.1f}  "
                f"{'ok' if r.ok else 'MISSED'}  {r.message[:90]}"
            )
    if options.markdown:
        print(f"| case | exit | wall ms | peak RSS MiB | < {TARGET_MS / 1000:g} s, < {TARGET_MIB} MiB | message |")
        print("|---|---:|---:|---:|---|---|")
        for r in results:
            shown = r.message[:110].replace("|", "\\|")
            print(
                f"| {r.case} | {r.status} | {r.wall_ms:.0f} | {r.peak_mib:.1f} | "
                f"{'ok' if r.ok else '**missed**'} | {shown} |"
            )
    missed = [r for r in results if not r.ok]
    print(
        f"\n{len(results) - len(missed)} of {len(results)} cases within {TARGET_MS} ms and {TARGET_MIB} MiB",
        file=sys.stderr,
    )
    return 1 if missed else 0


def _remove_deep(folder: Path) -> None:
    """TemporaryDirectory's clean-up recurses; take a deep folder tree apart bottom up first."""
    top = folder / "deep-folders"
    if not top.is_dir():
        return
    chain = [top]
    while (chain[-1] / "d").is_dir():
        chain.append(chain[-1] / "d")
    for entry in chain[-1].iterdir():
        entry.unlink()
    for path in reversed(chain):
        path.rmdir()


if __name__ == "__main__":
    sys.exit(main())
