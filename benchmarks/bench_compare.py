"""Compare this working tree with a git ref in one run: check, cold build and serve, interleaved.

    python benchmarks/bench_compare.py REF                     # make bench-compare REF=e7d21a3
    python benchmarks/bench_compare.py REF --pairs 7 --build-pairs 3 --serve-pairs 5
    python benchmarks/bench_compare.py REF --only check --check-sizes 10000

REF is checked out into a temporary git worktree (removed afterwards). Both sides run in fresh
processes of this venv's Python with their own tree first on the import path (PYTHONPATH, from a
neutral working folder, so that `python -m` never picks up the current folder's `generator`);
the script verifies that each side imports its own package before timing anything. Both sides read
the same synthetic corpus (this tree's make_corpus.py) with their own mkdocs.yml and site_config/.

Runs go in pairs, ref and tree back to back, the order alternating from pair to pair, so that a
machine whose speed drifts (other jobs, the kernel writing back a build) touches both sides alike.
Each pair gives a ratio tree/ref; the table shows the median ratio and its spread (min-max and
the interquartile range), for wall time and for CPU time (user + system of the process and its
children, which other jobs on a shared machine disturb less). Serve: both servers stay up, and
each pair saves one term on each side in turn, timing save -> new text served (CPU from
/proc/PID/stat). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_serve import listing_showing, summary_start  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

TODAY = "2026-11-24"


@dataclass
class Side:
    """One tree under test: where its package is, and its project copies."""

    name: str
    tree: Path
    neutral: Path  # an empty working folder for its processes

    def env(self) -> dict[str, str]:
        path = os.pathsep.join([str(self.neutral / METADATA_FOLDER), str(self.tree)])
        return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1", "GLOSSARY_JOBS": ""}

    def command(self, *args: str) -> list[str]:
        """Its own command line: ``python -m generator`` since the package has a __main__, else the
        flat layout's ``generator.cli`` (a ref from before the move into sub-packages)."""
        module = "generator" if (self.tree / "generator" / "__main__.py").is_file() else "generator.cli"
        return [sys.executable, "-m", module, *args]


#: Beside each side's processes, first on their path: distribution metadata naming that side's own
#: MkDocs plugin, so that MkDocs (which finds plugins by entry point, and takes the first distribution
#: of a name on the path) loads the side's plugin, not the installed tree's.
METADATA_FOLDER = "metadata"


def write_entry_points(side: Side) -> None:
    """The side's ``mkdocs.plugins`` entry points, read from its own pyproject.toml."""
    import tomllib

    project = tomllib.loads((side.tree / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    plugins = project.get("entry-points", {}).get("mkdocs.plugins", {})
    info = side.neutral / METADATA_FOLDER / "gtm_glossary-0.0.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: gtm-glossary\nVersion: 0.0.0\n", encoding="utf-8")
    lines = ["[mkdocs.plugins]", *(f"{name} = {target}" for name, target in plugins.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def plugin_imported_from(side: Side) -> Path:
    """Where the side's processes import the MkDocs plugin from."""
    script = (
        "import importlib, os; from importlib.metadata import entry_points; "
        "ep = [e for e in entry_points(group='mkdocs.plugins') if e.name == 'glossary'][0]; "
        "print(os.path.realpath(importlib.import_module(ep.module).__file__))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=side.neutral, env=side.env(), check=True, capture_output=True, text=True
    )
    return Path(out.stdout.strip())


@dataclass
class Series:
    """Paired samples of one benchmark: (ref, tree) seconds per pair, wall and CPU."""

    label: str
    wall: list[tuple[float, float]] = field(default_factory=list)
    cpu: list[tuple[float, float]] = field(default_factory=list)


# --- the temporary worktree ------------------------------------------------------------------------


def add_worktree(ref: str, where: Path) -> str:
    """Check ``ref`` out at ``where`` (detached); returns the commit it names."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{ref}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), commit], check=True,
                   capture_output=True)  # fmt: skip
    return commit


def remove_worktree(where: Path) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)], capture_output=True)
    subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], capture_output=True)


def imported_from(side: Side) -> Path:
    """Where ``import generator`` resolves for this side's processes."""
    out = subprocess.run(
        [sys.executable, "-c", "import generator, os; print(os.path.dirname(generator.__file__))"],
        cwd=side.neutral,
        env=side.env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Path(out).resolve()


# --- projects -----------------------------------------------------------------------------------------


def project_for(side: Side, corpus: Path, where: Path, *, site_files: bool) -> Path:
    """A copy of the corpus for one side (with that side's mkdocs.yml and site_config/ for builds)."""
    if where.exists():
        shutil.rmtree(where)
    for folder in ("glossary", "playbooks"):
        shutil.copytree(corpus / folder, where / folder)
    if site_files:
        shutil.copytree(side.tree / "site_config", where / "site_config")
        shutil.copy(side.tree / "mkdocs.yml", where / "mkdocs.yml")
    return where


# --- one timed process ----------------------------------------------------------------------------------


def timed(side: Side, args: list[str], before: Callable[[], None] | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one command of ``side``; exits if it fails."""
    if before is not None:
        before()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(side.command(*args), cwd=side.neutral, env=side.env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        sys.exit(f"{side.name}: `glossary {' '.join(args)}` failed ({done.returncode}):\n  " + "\n  ".join(tail))
    cpu = after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime
    return wall, cpu


def paired(
    series: Series,
    pairs: int,
    run_ref: Callable[[], tuple],
    run_tree: Callable[[], tuple],
    also: Series | None = None,
) -> Series:
    """Run ``pairs`` pairs, alternating which side goes first; print each pair as it ends.
    A run may give a second (wall, CPU) of the same work, for ``also``."""
    for number in range(pairs):
        if number % 2 == 0:
            ref, tree = run_ref(), run_tree()
        else:
            tree, ref = run_tree(), run_ref()
        for target, at in ((series, 0), (also, 2)):
            if target is None:
                continue
            target.wall.append((ref[at], tree[at]))
            target.cpu.append((ref[at + 1], tree[at + 1]))
            cpu = f", CPU {ref[at + 1]:.2f} / {tree[at + 1]:.2f} s" if ref[at + 1] and tree[at + 1] else ""
            print(f"  {target.label} pair {number + 1}: ref {ref[at]:.2f} s, tree {tree[at]:.2f} s{cpu}", flush=True)
    return series


# --- check and build ------------------------------------------------------------------------------------


def bench_check(ref: Side, tree: Side, corpus: Path, terms: int, pairs: int) -> Series:
    for side in (ref, tree):  # warm-up (bytecode compiled, files in the page cache), not counted
        timed(side, ["check", str(corpus), "--today", TODAY])
    args = ["check", str(corpus), "--today", TODAY]
    return paired(Series(f"check {terms:,}"), pairs, lambda: timed(ref, args), lambda: timed(tree, args))


def bench_build(ref: Side, tree: Side, corpus: Path, terms: int, pairs: int, work: Path) -> Series:
    """Cold `glossary build`: build/ and site/ removed before each (outside the timing)."""
    projects = {
        side.name: project_for(side, corpus, work / f"build-{side.name}", site_files=True) for side in (ref, tree)
    }

    def cold(side: Side) -> tuple[float, float]:
        project = projects[side.name]

        def clean() -> None:
            for folder in ("build", "site"):
                shutil.rmtree(project / folder, ignore_errors=True)
            os.sync()  # the previous build's files are written back before this one starts

        return timed(side, ["build", str(project)], clean)

    return paired(Series(f"cold build {terms:,}"), pairs, lambda: cold(ref), lambda: cold(tree))


# --- serve ----------------------------------------------------------------------------------------------------


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


def wait_for(url: str, text: str, timeout: float, server: subprocess.Popen) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        if server.poll() is not None:
            raise RuntimeError(f"the server ended ({server.returncode}) before {url} showed {text!r}")
        time.sleep(0.05)
    raise TimeoutError(f"{url} never showed {text!r}")


def process_cpu(pid: int) -> float:
    """User + system seconds of a running process (Linux /proc), 0.0 where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class Server:
    side: Side
    project: Path
    process: subprocess.Popen
    url: str
    term_file: Path
    original: str
    listing: str  # the A-Z page (its letter's page, on a split A-Z) that lists the term


def start_server(side: Side, corpus: Path, work: Path) -> Server:
    project = project_for(side, corpus, work / f"serve-{side.name}", site_files=True)
    port = free_port()
    process = subprocess.Popen(
        side.command("serve", str(project), "--dev-addr", f"127.0.0.1:{port}"),
        cwd=side.neutral,
        env=side.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    term = sorted(p.stem for p in (project / "glossary").glob("term-*.yaml"))[0]
    url = f"http://127.0.0.1:{port}/glossary/{term}/"
    wait_for(url, "<html", 900, process)
    term_file = project / "glossary" / f"{term}.yaml"
    original = term_file.read_text(encoding="utf-8")
    return Server(side, project, process, url, term_file, original, listing_showing(url, summary_start(original)))


def save_and_wait(server: Server, marker: str) -> tuple[float, float, float, float]:
    """Edit the term's summary; seconds until the page serves it and server CPU meanwhile, then the
    same until the A-Z serves it too (a server that serves the edited page first rebuilds the
    listing pages after it: the next save waits for that, so neither side's work overlaps the other's)."""
    text = server.original
    edited = (
        text.replace("summary: ", f"summary: {marker} ", 1)
        if "summary: " in text
        else text.replace("definition:", f"summary: {marker}\ndefinition:", 1)
    )
    cpu = process_cpu(server.process.pid)
    start = time.perf_counter()
    server.term_file.write_text(edited, encoding="utf-8")
    wall = wait_for(server.url, marker, 600, server.process)
    used = process_cpu(server.process.pid) - cpu
    wait_for(server.listing, marker, 600, server.process)  # the A-Z, or its letter's page
    wall_all, used_all = time.perf_counter() - start, process_cpu(server.process.pid) - cpu
    time.sleep(1)  # let the server settle (livereload, search index) before the next save
    return wall, used, wall_all, used_all


def bench_serve(ref: Side, tree: Side, corpus: Path, terms: int, pairs: int, work: Path) -> list[Series]:
    servers: list[Server] = []
    try:
        for side in (ref, tree):  # one first build at a time
            servers.append(start_server(side, corpus, work))
        by_name = {server.side.name: server for server in servers}
        counter = iter(range(10**6))
        everything = Series(f"serve {terms:,} save->A-Z too")
        page = paired(
            Series(f"serve {terms:,} save->served"),
            pairs,
            lambda: save_and_wait(by_name[ref.name], f"edited-ref-{next(counter)}"),
            lambda: save_and_wait(by_name[tree.name], f"edited-tree-{next(counter)}"),
            also=everything,
        )
        return [page, everything]
    finally:
        for server in servers:
            server.process.terminate()
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()


# --- the report -------------------------------------------------------------------------------------------------


def quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 4:
        return min(values), max(values)
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def row(label: str, samples: list[tuple[float, float]], unit: str) -> str:
    if not samples or not all(ref > 0 and tree > 0 for ref, tree in samples):
        return f"| {label} | {unit} | n/a | n/a | n/a | n/a | n/a |"
    ratios = [tree / ref for ref, tree in samples]
    low, high = quartiles(ratios)
    ref_median = statistics.median(ref for ref, _ in samples)
    tree_median = statistics.median(tree for _, tree in samples)
    return (
        f"| {label} | {unit} | {ref_median:.2f} s | {tree_median:.2f} s | **{statistics.median(ratios):.2f}** "
        f"| {min(ratios):.2f}-{max(ratios):.2f} | {low:.2f}-{high:.2f} |"
    )


def report(ref_name: str, commit: str, results: list[Series]) -> None:
    print()
    print(f"tree ({ROOT}) vs ref {ref_name} ({commit[:10]}); ratio = tree / ref, per pair; <1 is faster")
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print("| benchmark | time | ref (median) | tree (median) | ratio (median) | min-max | IQR |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for series in results:
        print(row(f"{series.label} ({len(series.wall)} pairs)", series.wall, "wall"))
        print(row(series.label, series.cpu, "CPU"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ref", help="git ref to compare against (commit, tag, branch)")
    parser.add_argument("--pairs", type=int, default=7, help="pairs for check (default 7)")
    parser.add_argument("--build-pairs", type=int, default=5, help="pairs for the cold build (default 5)")
    parser.add_argument("--serve-pairs", type=int, default=5, help="saves per side for serve (default 5)")
    parser.add_argument("--check-sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--build-size", type=int, default=1000, metavar="N")
    parser.add_argument("--serve-size", type=int, default=1000, metavar="N")
    parser.add_argument("--only", nargs="+", choices=("check", "build", "serve"), default=["check", "build", "serve"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
        work = Path(tmp)
        ref_tree = work / "ref"
        commit = add_worktree(args.ref, ref_tree)
        try:
            (work / "run-ref").mkdir()
            (work / "run-tree").mkdir()
            ref = Side("ref", ref_tree, work / "run-ref")
            tree = Side("tree", ROOT, work / "run-tree")
            for side in (ref, tree):
                write_entry_points(side)
                found = imported_from(side)
                if found != (side.tree / "generator").resolve():
                    sys.exit(f"{side.name} imports generator from {found}, not from {side.tree}")
                plugin = plugin_imported_from(side)
                if not plugin.is_relative_to((side.tree / "generator").resolve()):
                    sys.exit(f"{side.name} imports its MkDocs plugin from {plugin}, not from {side.tree}")
            corpora: dict[int, Path] = {}

            def corpus(terms: int) -> Path:
                if terms not in corpora:
                    corpora[terms] = work / f"corpus-{terms}"
                    make_corpus(terms, corpora[terms])
                return corpora[terms]

            print(f"ref {args.ref} = {commit[:10]} at {ref_tree}; tree = {ROOT}")
            results: list[Series] = []
            if "check" in args.only:
                for terms in args.check_sizes:
                    results.append(bench_check(ref, tree, corpus(terms), terms, args.pairs))
            if "build" in args.only:
                results.append(bench_build(ref, tree, corpus(args.build_size), args.build_size, args.build_pairs, work))
            if "serve" in args.only:
                results += bench_serve(ref, tree, corpus(args.serve_size), args.serve_size, args.serve_pairs, work)
            report(args.ref, commit, results)
        finally:
            remove_worktree(ref_tree)


if __name__ == "__main__":
    main()
