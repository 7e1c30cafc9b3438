"""Time and memory of fhcheck on hostile workbooks, one real process per case.

Each case of tests/hostile/test_hostile_workbooks.py (a zip bomb, a million rows, external
links, macros, encrypted and renamed files, XML entities) is written to a temporary folder
and run as ``python -m fhcheck validate CASE``, end to end, beside a filled template
("baseline": the cost of starting Python and reading a valid workbook). Each case shows
the exit status, the median wall time of --repeat runs (a shared machine adds noise), the
peak resident memory of the process (``os.wait4``), and whether it met the target: under
1 s and under 300 MiB.

    python benchmarks/hostile_workbooks.py              # every case, median of 5
    python benchmarks/hostile_workbooks.py --repeat 3 --only "zip bomb"

Exit status 1 when a case misses its target or does not exit 2 (the baseline must exit 0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 1000
TARGET_MIB = 300


def build(folder: Path) -> None:
    """Write every case into ``folder`` (run in a child process: a forked child's peak memory
    starts from its parent's, so the parent that times the runs never holds a built case)."""
    sys.path.insert(0, str(ROOT / "tests" / "hostile"))
    from test_hostile_workbooks import CASES, template  # the tests' own builders

    (folder / "baseline.xlsx").write_bytes(template())
    for name, (file_name, make, _) in CASES.items():
        (folder / file_name).write_bytes(make())
        (folder / f"{file_name}.name").write_text(name)


def run_once(path: Path) -> tuple[int, float, float]:
    """Exit status, wall seconds and peak resident MiB of one ``fhcheck validate`` process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "fhcheck", "validate", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, elapsed, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build)
        return 0
    wanted = [name for name in args.only.split(",") if name]
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, __file__, "--build", folder], check=True)
        names = sorted(Path(folder).glob("*.name"), key=lambda p: p.stat().st_mtime_ns)
        cases = [("baseline", "baseline.xlsx", 0)] + [(n.read_text(), n.name.removesuffix(".name"), 2) for n in names]
        print(f"{'case':32} {'exit':>4} {'median ms':>10} {'peak MiB':>9} {'file KiB':>9}  target")
        for name, file_name, expected in cases:
            if wanted and name not in wanted and name != "baseline":
                continue
            path = Path(folder) / file_name
            runs = [run_once(path) for _ in range(args.repeat)]
            status = runs[0][0]
            median_ms = statistics.median(r[1] for r in runs) * 1000
            peak = max(r[2] for r in runs)
            ok = status == expected and median_ms < TARGET_MS and peak < TARGET_MIB
            failed |= not ok
            size = path.stat().st_size / 1024
            print(f"{name:32} {status:>4} {median_ms:>10.0f} {peak:>9.1f} {size:>9.0f}  {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
