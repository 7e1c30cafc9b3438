#!/usr/bin/env python3
"""Peak memory of ``fhcheck assess`` per report format, at two corpus sizes: flat or not.

A format written a file at a time (its renderer ``streams``, :mod:`fhcheck.report.registry`)
keeps only each file's piece (spooled to a temporary file past 8 MiB) and summary, so its
peak should be roughly the same at 600 and 6,000 files; a format that needs every result at
once grows with the corpus. Each run is one process, ``--jobs 1`` (workers would hide the
main process's memory in their own), writing its report to a file; the peak is the child's
own ``ru_maxrss`` from ``os.wait4``. Run by hand, never in the test suite::

    python benchmarks/memory.py                          # every format, 600 and 6,000 files
    python benchmarks/memory.py --sizes 600,6000 --formats json,junit,github
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from run import compile_bytecode, fhcheck_argv, fhcheck_env, generate_corpus  # noqa: E402


def peak(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(peak RSS in MiB, wall seconds, exit status) of one run."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(argv, stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024, time.perf_counter() - start, os.waitstatus_to_exitcode(status)


def main() -> int:
    from fhcheck.report import registry

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="600,6000", help="corpus sizes, comma-separated")
    parser.add_argument("--formats", default=",".join(registry.names("assessment")), help="formats to measure")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    formats = args.formats.split(",")
    compile_bytecode()
    env = fhcheck_env()
    env.pop("GITHUB_STEP_SUMMARY", None)  # the step summary is the whole Markdown report: not streamed
    found: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            corpus = Path(scratch) / f"corpus-{size}"
            corpus.mkdir()
            generate_corpus(corpus, size)
            for name in formats:
                out = Path(scratch) / f"out-{size}.{name}"
                argv = [*fhcheck_argv(), "assess", str(corpus), "--jobs", "1", "--format", f"{name}:{out}", "--force"]
                mib, wall, code = peak(argv, env)
                found[(name, size)] = mib
                streams = "streams" if registry.renderer_class("assessment", name).streams else "whole"
                line = f"{name:<12} {streams:<8} {size:>6} files  {mib:7.1f} MiB  {wall:6.1f} s  exit {code}"
                print(line, flush=True)
                out.unlink(missing_ok=True)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        print(f"\npeak RSS, {large} / {small} files:")
        for name in formats:
            ratio = found[(name, large)] / found[(name, small)]
            print(f"  {name:<12} {found[(name, small)]:7.1f} -> {found[(name, large)]:7.1f} MiB  {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
