"""Time from saving one YAML file to the rebuilt page being served by `glossary serve`, at N terms.

    python benchmarks/bench_serve.py [N] [--runs 5]

Starts `glossary serve` on a synthetic project of N terms (default 1,000), once in the default mode
(only the pages whose Markdown changed are rebuilt) and once with --full (every page rebuilt on each
save: the behaviour before issue 15), in the same run; waits for the first build, then edits one
term's summary RUNS times and polls the term's page every 50 ms until the new text is served.
A summary edit rewrites the term's page and every page linking to it (their tooltips), the A-Z,
its category, the sources and tactics pages: ~15 pages at 1,000 terms. In the default mode the
term's own page is rebuilt and served first, the others in a follow-up build right after: the last
column is the time until the A-Z shows the new summary too. Printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} never showed {text!r}")


def listing_showing(page_url: str, text: str) -> str:
    """The A-Z page that lists the term of ``page_url`` with ``text`` (its summary's first words): the
    A-Z itself on a small glossary, else one of the letter pages it links to (glossary/a-z/<letter>/,
    and /2/, /3/... where a letter is cut into pages), as the A-Z is split from 300 terms on."""
    a_z = page_url.split("/glossary/")[0] + "/glossary/"
    index = fetch(a_z)
    if text in index:
        return a_z
    for link in dict.fromkeys(re.findall(r'href="(a-z/[a-z0-9_/-]+/)"', index)):
        if text in fetch(a_z + link):
            return a_z + link
    raise LookupError(f"no A-Z page under {a_z} shows {text!r}")


def summary_start(term_yaml: str) -> str:
    """The first words of a term file's summary, as a listing page shows them."""
    found = re.search(r"(?m)^summary: *(.+)$", term_yaml)
    return " ".join(found.group(1).split()[:4]) if found else ""


def measure(project: Path, full: bool, runs: int) -> tuple[float, list[float]]:
    port = free_port()
    args = [sys.executable, "-m", "generator", "serve", str(project), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        args + (["--full"] if full else []),
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    term = sorted(p.stem for p in (project / "glossary").glob("term-*.yaml"))[0]
    url = f"http://127.0.0.1:{port}/glossary/{term}/"
    try:
        first = wait_for(url, "<html", timeout=600)
        path = project / "glossary" / f"{term}.yaml"
        original = path.read_text(encoding="utf-8")
        a_z = listing_showing(url, summary_start(original))  # the letter page, on a split A-Z
        times, listed = [], []
        for n in range(runs):
            marker = f"edited-{'full' if full else 'default'}-{n}"
            saved = time.perf_counter()
            path.write_text(original.replace("definition:", f"summary: {marker}\ndefinition:", 1)
                            if "summary:" not in original else
                            original.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")  # fmt: skip
            times.append(wait_for(url, marker, timeout=600))
            wait_for(a_z, marker, timeout=600)  # the follow-up pass: the listing pages show it too
            listed.append(time.perf_counter() - saved)
            time.sleep(1)
        path.write_text(original, encoding="utf-8")
        return first, times, listed
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("terms", nargs="?", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        make_corpus(args.terms, project)
        shutil.copytree(ROOT / "site_config", project / "site_config")
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        print(f"glossary serve, {args.terms:,} terms: save one YAML file -> the rebuilt page is served")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("| mode | first build | median | min | max | A-Z shows it too: median (min-max) |")
        print("|---|---:|---:|---:|---:|---:|")
        for full in (False, True):
            first, times, listed = measure(project, full, args.runs)
            mode = "`--full` (every page, as before)" if full else "default (changed pages only)"
            spread = f"{min(times):.2f} s | {max(times):.2f} s"
            after = f"{statistics.median(listed):.2f} s ({min(listed):.2f}-{max(listed):.2f})"
            print(f"| {mode} | {first:.1f} s | {statistics.median(times):.2f} s | {spread} | {after} |", flush=True)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
