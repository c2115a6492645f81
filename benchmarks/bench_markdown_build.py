"""`glossary check` and `glossary build`, each in its own process, on a project whose one definition is
a worst-case Markdown field of about 0.9 MB (the file limit is 1 MB); prints a table.

    python benchmarks/bench_markdown_build.py                       # the issue's cases and every limit-* shape
    python benchmarks/bench_markdown_build.py limit-unclosed-long   # some shapes of bench_markdown.py

The issue's cases (900,000 '[', a 700-level list) must be refused by `check` (and so by `build`) in
well under a second; the limit-* shapes of bench_markdown.py are what `check` lets through, and `build`
must finish them in seconds. Figures are printed, never asserted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_markdown import SHAPES  # noqa: E402

from tests.conftest import FIXTURES, site_project  # noqa: E402

GLOSSARY = str(Path(sys.executable).with_name("glossary"))


def cases(names: list[str]) -> dict[str, str]:
    found = {
        "900,000 '[' (issue: 8,000 built in 36 s)": "[" * 900_000,
        "700-level list (issue: RecursionError)": "\n".join("  " * depth + "- x" for depth in range(700)),
        "100,000 '# a' lines (review: built in 78 s)": "# a\n" * 100_000,
        "100,000 'a  ' hard breaks (review: 35 s)": "a  \n" * 100_000,
        "80,000 '!!! note' lines (review: 90,000 over 100 s)": "!!! note\n" * 80_000,
    }
    for name in names or [n for n in SHAPES if n.startswith("limit-")]:
        found[name] = SHAPES[name](900)
    return found


def main() -> None:
    print("| definition | file KB | command | seconds | exit | lines of output | first line |")
    print("|---|---:|---|---:|---:|---:|---|")
    for name, text in cases(sys.argv[1:]).items():
        with tempfile.TemporaryDirectory() as folder:
            root = site_project(Path(folder) / "project", FIXTURES / "base")
            lead = root / "glossary" / "lead.yaml"
            data = yaml.safe_load(lead.read_text())
            data["definition"] = text
            lead.write_text(yaml.safe_dump(data, sort_keys=False, width=10**9))
            kb = lead.stat().st_size // 1024
            for command in ("check", "build"):
                start = time.perf_counter()
                done = subprocess.run([GLOSSARY, command, str(root)], capture_output=True, text=True, timeout=1800)
                seconds = time.perf_counter() - start
                said = (done.stdout + done.stderr).strip().splitlines()
                first = said[0][:100].replace("|", "/") if said else ""
                print(f"| {name} | {kb} | {command} | {seconds:.1f} | {done.returncode} | {len(said)} | {first} |")
                sys.stdout.flush()
            shutil.rmtree(root / "site", ignore_errors=True)


if __name__ == "__main__":
    main()
