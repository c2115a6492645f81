"""The proof table: check, generate, build and a plain MkDocs baseline at 100, 1,000 and 10,000 terms.

    python benchmarks/bench_proof.py                       # 100 1000 10000, 3 runs (1 at 10,000)
    python benchmarks/bench_proof.py 100 1000 --runs 5

Every measurement is a fresh process (interpreter start and imports included), run several times
in rounds (check, generate, build, plain, then again); the median is reported with the peak RSS of
the process. In the same run, for each size:

- check:    `glossary check` (load and validate)
- generate: the generator alone in its own process: load, validate, render and write build/docs
            (the "generator share" column is the same work timed inside the build process)
- build:    `glossary build` (generate + MkDocs with the glossary plugin)
- plain:    `mkdocs build` of the very Markdown the generator wrote, with the plugin removed from
            mkdocs.yml: the baseline a build is compared with
- zensical: `zensical build` of the same Markdown and plugin-less configuration, its cache cleared
            (Material's successor; skipped when the `zensical` extra is not installed)

then the ratios (generator share of the build, build / plain, growth from one size to the next)
and the weight of the output per term. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from generator.engines import without_glossary_plugin  # noqa: E402

PYTHON = sys.executable
CHILD = """
import resource, sys, time
start = time.perf_counter()
{body}
print("RESULT", time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""
BODIES = {
    "check": "from generator.cli import main\nmain(['check', sys.argv[1], '--today', '2026-11-24'])",
    "generate": (
        "from pathlib import Path\nfrom generator.build import generate_docs\n"
        "generate_docs(Path(sys.argv[1]), Path(sys.argv[1]) / 'build' / 'docs')"
    ),
    "build": "from generator.cli import main\nmain(['build', sys.argv[1]])",
    "plain": (
        "from mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
        "build(load_config(sys.argv[1] + '/plain.yml', site_dir=sys.argv[1] + '/plain-site'))"
    ),
    "zensical": "from zensical import build\nbuild(sys.argv[1] + '/zensical.yml', {'clean': True, 'strict': False})",
}
#: Zensical, when installed: a column of its own beside plain MkDocs.
ZENSICAL = importlib.util.find_spec("zensical") is not None


def run(kind: str, project: Path) -> tuple[float, float, float]:
    """(seconds, peak MB, generator seconds inside a build) of one fresh process doing ``kind``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # A build writes ~1 GB at 10,000 terms; without this the kernel's write-back of it ran
    # during the next measurement (a check right after a build took 2.6 s instead of ~1.8 s).
    os.sync()
    start = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "-c", CHILD.format(body=BODIES[kind]), str(project)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    wall = time.perf_counter() - start
    line = next((x for x in result.stderr.splitlines() if x.startswith("RESULT")), None)
    if line is None and kind == "zensical":  # a figure, not a stop: Zensical refuses some large sites
        print(f"  zensical failed on {project}: {result.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return float("nan"), float("nan"), 0.0
    if line is None:
        raise SystemExit(f"{kind} failed on {project}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    _, _, peak_kb = line.split()
    own = re.search(r"\(generate ([0-9.]+) s, MkDocs", result.stderr)
    return wall, int(peak_kb) / 1024, float(own.group(1)) if own else 0.0


def prepare(size: int, folder: Path) -> Path:
    project = folder / f"project-{size}"
    make_corpus(size, project)
    shutil.copytree(ROOT / "site_config", project / "site_config")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    plain = without_glossary_plugin(config)  # the plugin's entry and its options (`watch:` keeps its own)
    (project / "plain.yml").write_text(plain, encoding="utf-8")
    # Zensical wants site_dir under the configuration's folder, and relative (0.0.73).
    (project / "zensical.yml").write_text(plain + "site_dir: zensical-site\n", encoding="utf-8")
    return project


def weight(project: Path, terms: int) -> dict[str, float]:
    site = project / "site"
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = (site / "search" / "search_index.json").stat().st_size
    pages = [site / "glossary" / p.stem / "index.html" for p in (project / "glossary").glob("*.yaml")]
    pages = [p for p in pages if p.is_file()]
    return {
        "site KB/term": total / terms / 1024,
        "search index KB/term": index / terms / 1024,
        "term page KB": statistics.mean(p.stat().st_size for p in pages) / 1024,
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (at 10,000 terms: 1 unless set)")
    args = parser.parse_args()
    results: dict[int, dict[str, tuple[float, float]]] = {}
    weights: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = prepare(size, Path(tmp))
            runs = args.runs if size < 10000 or "--runs" in sys.argv else 1
            results[size] = {}
            kinds = ("check", "generate", "build", "plain") + (("zensical",) if ZENSICAL else ())
            # Rounds, not blocks: this machine's speed drifts by a third within minutes, so each
            # round runs every kind once and a drift touches build and plain alike. A check is
            # cheap and the noisiest, so each round runs it three times.
            rounds = [{kind: [run(kind, project) for _ in range(3 if kind == "check" else 1)] for kind in kinds}
                      for _ in range(runs)]  # fmt: skip
            for kind in kinds:
                samples = [sample for one in rounds for sample in one[kind]]
                results[size][kind] = (
                    statistics.median(s[0] for s in samples),
                    max(s[1] for s in samples),
                    statistics.median(s[2] for s in samples),
                )
                print(f"  {size:>6} terms  {kind:<8} {results[size][kind][0]:7.2f} s  {results[size][kind][1]:6.0f} MB"
                      f"  ({len(samples)} runs)", file=sys.stderr, flush=True)  # fmt: skip
            weights[size] = weight(project, size)
            shutil.rmtree(project)
    print(
        "\n| terms | check | generate | build | plain MkDocs | generator share | build / plain | peak MB check/build |"
        + (" Zensical | peak MB Zensical |" if ZENSICAL else "")
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if ZENSICAL else ""))
    for size, r in results.items():
        share = r["build"][2] / r["build"][0]  # the generator's seconds inside the build process
        print(
            f"| {size:,} | {r['check'][0]:.2f} s | {r['generate'][0]:.2f} s | {r['build'][0]:.2f} s | "
            f"{r['plain'][0]:.2f} s | {share:.0%} | {r['build'][0] / r['plain'][0]:.2f} | "
            f"{r['check'][1]:.0f} / {r['build'][1]:.0f} |"
            + (f" {r['zensical'][0]:.2f} s | {r['zensical'][1]:.0f} |" if ZENSICAL else "")
        )
    sizes = list(results)
    if len(sizes) > 1:
        print("\n| growth | check | generate | build | plain MkDocs |")
        print("|---|---:|---:|---:|---:|")
        for small, big in zip(sizes, sizes[1:], strict=False):
            cells = " | ".join(
                f"{results[big][k][0] / results[small][k][0]:.1f}x" for k in ("check", "generate", "build", "plain")
            )
            print(f"| {small:,} -> {big:,} ({big / small:.0f}x terms) | {cells} |")
    print("\n| terms | files in site/ | site KB per term | search index KB per term | term page KB |")
    print("|---:|---:|---:|---:|---:|")
    for size, w in weights.items():
        cells = f"{w['site KB/term']:.1f} | {w['search index KB/term']:.2f} | {w['term page KB']:.1f}"
        print(f"| {size:,} | {w['files']:,} | {cells} |")
    print(json.dumps({"results": results, "weights": weights}), file=sys.stderr)


if __name__ == "__main__":
    main()
