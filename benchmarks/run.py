#!/usr/bin/env python3
"""Whole-process benchmark of fhcheck against the floor and a peer, with public tools only.

Generates a deterministic corpus of 124-item evidence files (notes, two evidence entries
per met item), then runs, interleaved so that drift in machine speed hits every command
alike:

- the floor: a bare Python that only parses the files with libyaml's C loader;
- the peer: check-jsonschema validating the same files against fhcheck's own exported
  JSON Schema (schema checks only, no rules);
- fhcheck: ``assess --format json`` (single process, and ``--jobs 2`` when supported),
  ``validate`` and ``--help``.

It prints medians of wall time and peak memory (each child's own ``ru_maxrss`` from
``os.wait4``), the ratios the performance issue sets targets for, and whether each
target holds. Usage::

    python benchmarks/run.py                 # 1 and 300 files, 5 runs each
    python benchmarks/run.py --full          # also 3,000 files (linearity, flat memory)
    python benchmarks/run.py --runs 9 --sizes 1,300
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: the checkout this script belongs to: its fhcheck is measured, whichever copy is installed
SRC = HERE.parent / "src"
FLOOR = (
    "import os, sys, yaml\n"
    "paths = []\n"
    "for top in sys.argv[1:]:\n"
    "    if os.path.isdir(top):\n"
    "        for base, _, names in os.walk(top):\n"
    "            paths += [os.path.join(base, n) for n in names if n.endswith(('.yaml', '.yml'))]\n"
    "    else:\n"
    "        paths.append(top)\n"
    "for path in sorted(paths):\n"
    "    with open(path, 'rb') as handle:\n"
    "        yaml.load(handle, Loader=yaml.CSafeLoader)\n"
)


def generate_corpus(folder: Path, count: int, seed: int = 20251001) -> list[Path]:
    """``count`` evidence files for framework 2025, the same bytes on every run."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from fhcheck.catalogue import default_store

    catalogue = default_store().get("2025")
    kinds = list(default_store().kinds)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        assessed = dt.date(2025, 10, 1)
        lines = [
            "fhcheck: 1",
            'framework: "2025"',
            f"local_authority: Benchmark Authority {index:04d}",
            f"assessed_on: {assessed.isoformat()}",
            "items:",
        ]
        for item in catalogue.iter_items():
            status = rng.choices(["met", "partially_met", "not_met"], weights=[8, 1, 1])[0]
            lines.append(f"  {item.id}:")
            lines.append(f"    status: {status}")
            if status == "met":
                lines.append("    evidence:")
                for number in range(2):
                    kind = (
                        item.requires_kinds[number % len(item.requires_kinds)]
                        if item.requires_kinds
                        else rng.choice(kinds)
                    )
                    date = assessed - dt.timedelta(days=rng.randint(10, 300))
                    lines += [
                        f'      - title: "Evidence {number + 1} for {item.id}: {item.subcriterion} document"',
                        f"        url: https://www.authority{index:04d}.example.gov.uk/family-hubs/{item.id}/{number}",
                        f"        kind: {kind}",
                        f"        date: {date.isoformat()}",
                    ]
            else:
                lines.append("    plan: Included in the next family hubs delivery plan with named leads")
                lines.append(f"    due: {(assessed + dt.timedelta(days=rng.randint(30, 300))).isoformat()}")
            lines.append(
                f"    note: Reviewed by the family hubs partnership board; reference {rng.randint(1000, 9999)}."
            )
        path = folder / f"la-{index:04d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@dataclass
class Measure:
    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    wall: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    def run_once(self) -> None:
        start = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            process = subprocess.Popen(self.argv, stdout=sink, stderr=sink, env=self.env)
            _, status, usage = os.wait4(process.pid, 0)
        self.wall.append(time.perf_counter() - start)
        self.peak_mib.append(usage.ru_maxrss / 1024)
        self.codes.add(os.waitstatus_to_exitcode(status))

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def peak(self) -> float:
        return statistics.median(self.peak_mib)


def tool(name: str) -> str | None:
    """The console script installed beside this Python, else whatever ``PATH`` finds.

    A version manager's shim (pyenv's is a bash script) adds a tenth of a second of its
    own to every start; the floor runs this Python directly, so the tools must too.
    """
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def fhcheck_argv() -> list[str]:
    found = tool("fhcheck")
    return [found] if found else [sys.executable, "-m", "fhcheck"]


def fhcheck_env() -> dict[str, str]:
    """The environment fhcheck runs in: this checkout's ``src`` first on the module path."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(SRC) + (os.pathsep + path if path else "")}


def compile_bytecode() -> None:
    """Compile this checkout's fhcheck as installing a wheel does.

    An editable checkout run under ``PYTHONDONTWRITEBYTECODE`` (or just edited) would
    otherwise compile every module from source on every run, which no installed copy does
    and which the floor and the peer (compiled at install) never pay.
    """
    import compileall

    compileall.compile_dir(SRC / "fhcheck", quiet=1)


def supports(option: str) -> bool:
    done = subprocess.run([*fhcheck_argv(), "assess", "--help"], capture_output=True, text=True, env=fhcheck_env())
    return option in done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each command (after one warm-up)")
    parser.add_argument("--sizes", default="1,300", help="corpus sizes, comma-separated")
    parser.add_argument("--full", action="store_true", help="also run 3,000 files")
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    parser.add_argument(
        "--peer-runs",
        type=int,
        help="counted runs of check-jsonschema on 300 files (default: --runs; 0 leaves it out)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([3000] if args.full else [])
    work = args.keep or Path(tempfile.mkdtemp(prefix="fhcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    fh, env = fhcheck_argv(), fhcheck_env()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"fhcheck from {SRC}, Python {sys.version.split()[0]}, {cores} cores")
    schema = work / "evidence-2025.schema.json"
    with schema.open("w", encoding="utf-8") as handle:
        exported = subprocess.run([*fh, "schema", "--framework", "2025"], stdout=handle, env=env).returncode == 0
    peer = tool("check-jsonschema") if exported else None
    if peer is None:
        print("check-jsonschema (or 'fhcheck schema') not available: the peer is left out")
    jobs = supports("--jobs")
    results: dict[int, dict[str, Measure]] = {}
    for size in sizes:
        corpus = work / f"corpus-{size}"
        files = sorted(corpus.glob("*.yaml")) if corpus.is_dir() else generate_corpus(corpus, size)
        target = [str(files[0])] if size == 1 else [str(corpus)]
        assess = [*fh, "assess", *target, "--format", "json", "--fail-under", "none"]
        one_process = ["--jobs", "1"] if jobs else []  # one process, whatever the default
        measures = {
            "floor": Measure("floor", [sys.executable, "-c", FLOOR, *target]),
            "fhcheck": Measure(f"fhcheck assess --format json {' '.join(one_process)}", [*assess, *one_process], env),
        }
        if jobs and size > 1:
            measures["jobs2"] = Measure("fhcheck assess --jobs 2", [*assess, "--jobs", "2"], env)
            measures["auto"] = Measure("fhcheck assess (default jobs)", assess, env)
        if size == 1:
            measures["validate"] = Measure("fhcheck validate", [*fh, "validate", *target], env)
            measures["help"] = Measure("fhcheck --help", [*fh, "--help"], env)
        if peer and size <= 300 and args.peer_runs != 0:  # --peer-runs 0: leave the (slow) peer out
            measures["peer"] = Measure("check-jsonschema", [peer, "--schemafile", str(schema), *map(str, files)])
        results[size] = measures
    # every command of every size in turn, run after run: a drift in the machine's speed then
    # hits the 300- and 3,000-file runs alike, and their ratio measures fhcheck, not the drift
    every = [(size, key, measure) for size, measures in results.items() for key, measure in measures.items()]
    for _, _, measure in every:  # warm-up
        measure.run_once()
        measure.wall.clear(), measure.peak_mib.clear()
    for run in range(args.runs):
        for size, key, measure in every:
            if key == "peer" and size > 1 and args.peer_runs is not None and run >= args.peer_runs:
                continue
            measure.run_once()
    for size, measures in results.items():
        print(f"\n{size} file(s), {args.runs} runs each (median wall s, median peak MiB, exit codes)")
        for measure in measures.values():
            print(f"  {measure.name:<40} {measure.median:8.3f} s {measure.peak:8.1f} MiB  exit {sorted(measure.codes)}")
    print("\nTargets")
    report_targets(results)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report_targets(results: dict[int, dict[str, Measure]]) -> None:
    def line(label: str, value: float, limit: float) -> None:
        verdict = "ok" if value <= limit else "MISSED"
        print(f"  {label:<58} {value:6.2f}x  (target <= {limit}x)  {verdict}")

    one = results.get(1)
    if one:
        floor = one["floor"].median
        line("1 file: assess / floor", one["fhcheck"].median / floor, 4.0)
        if "peer" in one:
            line("1 file: assess / check-jsonschema", one["fhcheck"].median / one["peer"].median, 0.6)
            line("1 file: validate / check-jsonschema", one["validate"].median / one["peer"].median, 0.6)
            line("1 file: --help / check-jsonschema", one["help"].median / one["peer"].median, 0.6)
        line("1 file: validate / floor", one["validate"].median / floor, 4.0)
        line("1 file: --help / floor", one["help"].median / floor, 4.0)
    many = results.get(300)
    if many:
        floor = many["floor"].median
        line("300 files: assess / floor", many["fhcheck"].median / floor, 1.5)
        if "peer" in many:
            line("300 files: assess / check-jsonschema", many["fhcheck"].median / many["peer"].median, 0.15)
        if "jobs2" in many:
            line("300 files: assess --jobs 2 / single-process floor", many["jobs2"].median / floor, 1.0)
            line("300 files: assess, default jobs / single-process floor", many["auto"].median / floor, 1.0)
    most = results.get(3000)
    if many and most:
        floor_growth = most["floor"].median / many["floor"].median
        print(f"  (3,000 / 300 files: the floor's own time grew {floor_growth:.2f}x in this run)")
        line("3,000 / 300 files: assess time", most["fhcheck"].median / many["fhcheck"].median, 11.0)
        line("3,000 / 300 files: assess peak memory", most["fhcheck"].peak / many["fhcheck"].peak, 1.5)
        if "jobs2" in most and "jobs2" in many:
            line("3,000 / 300 files: assess --jobs 2 time", most["jobs2"].median / many["jobs2"].median, 11.0)
            line("3,000 / 300 files: assess --jobs 2 peak memory", most["jobs2"].peak / many["jobs2"].peak, 1.5)


if __name__ == "__main__":
    sys.exit(main())
