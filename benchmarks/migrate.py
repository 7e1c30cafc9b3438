"""``fhcheck migrate`` on evidence files with many comment lines: is it linear?

Usage: ``python benchmarks/migrate.py [LINES ...]`` (default 5000 10000 20000 40000).

Each file is ``examples/northbury-2022.yaml`` (framework 2022) with LINES comment lines
spread evenly over its item entries, as a team that annotates every entry would write
them; it is carried to 2025 in-process (``migrate_text``, what the command runs, without
the start-up) and through the command. Prints seconds per run (best of three) and
seconds per thousand comment lines, which stays flat when the cost is linear.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "examples" / "northbury-2022.yaml"


def commented(lines: int) -> str:
    """The example with ``lines`` comment lines spread over its entries (after each item key)."""
    text = SOURCE.read_text(encoding="utf-8").splitlines()
    keys = [i for i, line in enumerate(text) if re.match(r"^  \d+\.\d+\.[A-Z]\d+:", line)]
    each, extra = divmod(lines, len(keys))
    out: list[str] = []
    count = 0
    for index, line in enumerate(text):
        out.append(line)
        if index in keys:
            n = each + (1 if count < extra else 0)
            out += [f"    # note {count}.{k}: checked with the hub manager, see the minutes" for k in range(n)]
            count += 1
    return "\n".join(out) + "\n"


def best(run: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    from fhcheck.catalogue import default_store
    from fhcheck.framework_diff import diff_versions
    from fhcheck.migrate import migrate_text

    store = default_store()
    before, after = store.get("2022"), store.get("2025")
    diff = diff_versions(before, after)
    fhcheck = Path(sys.executable).with_name("fhcheck")
    print(f"{'comment lines':>13} {'migrate_text s':>15} {'s per 1k':>9} {'command s':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            text = commented(size)
            seconds = best(lambda text=text: migrate_text(text, diff, after))
            path = Path(tmp) / f"evidence-{size}.yaml"
            path.write_text(text, encoding="utf-8")
            command = [str(fhcheck), "migrate", str(path), "--to", "2025", "-o", "-", "--quiet"]
            whole = best(lambda command=command: subprocess.run(command, capture_output=True, check=True), repeat=1)
            print(f"{size:>13} {seconds:>15.3f} {seconds / size * 1000:>9.4f} {whole:>10.2f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [5000, 10000, 20000, 40000])
