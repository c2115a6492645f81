"""Time `glossary check` on synthetic projects and print a table.

    python benchmarks/bench_check.py            # 1,000 and 10,000 terms, 3 runs each
    python benchmarks/bench_check.py 100 1000 --runs 5

Each run is a fresh `glossary check` process (interpreter start and imports
included), timed from outside; peak memory is the child's maximum resident set.
The in-process figures split one run into its stages. Target: 10,000 terms checked
in under 2 s on a 2-core machine. Figures are printed, never asserted.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

from generator.checks.records import CheckOptions  # noqa: E402
from generator.checks.validate import validate_project  # noqa: E402
from generator.content.load import load_raw_project  # noqa: E402
from generator.core.problems import ProblemList  # noqa: E402
from generator.model.assemble import build_model  # noqa: E402


def time_cli(root: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB, exit code of one `glossary check` process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", "check", str(root), "--today", "2026-11-24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def time_stages(root: Path) -> dict[str, float]:
    problems = ProblemList()
    t0 = time.perf_counter()
    raw = load_raw_project(root, problems)
    t1 = time.perf_counter()
    index = validate_project(raw, problems, CheckOptions())
    t2 = time.perf_counter()
    build_model(index)
    t3 = time.perf_counter()
    assert not problems.has_errors(), problems.sorted()[:3]
    return {"load": t1 - t0, "validate": t2 - t1, "model": t3 - t2}


def main() -> None:
    parser = argparse.ArgumentParser(description="Time glossary check on synthetic projects.")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'terms':>7} {'check (median)':>15} {'min':>7} {'max':>7} {'peak RSS':>9} "
        f"{'load':>7} {'validate':>9} {'model':>7} {'µs/term':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            root = Path(tmp) / f"corpus-{size}"
            make_corpus(size, root)
            runs = [time_cli(root) for _ in range(args.runs)]
            if any(code != 0 for _, _, code in runs):
                sys.exit(f"glossary check failed on the {size}-term corpus")
            times = [t for t, _, _ in runs]
            stages = time_stages(root)
            median = statistics.median(times)
            print(
                f"{size:>7} {median:>14.2f}s {min(times):>6.2f}s {max(times):>6.2f}s "
                f"{max(m for _, m, _ in runs):>7.0f}MB {stages['load']:>6.2f}s {stages['validate']:>8.2f}s "
                f"{stages['model']:>6.2f}s {median / size * 1e6:>8.0f}"
            )


if __name__ == "__main__":
    main()
