"""The proof table: check, generate, cold and warm build and a plain MkDocs baseline at 100, 1,000 and 10,000 terms.

    python benchmarks/bench_proof.py                       # 100 1000 10000, 3 runs (1 at 10,000)
    python benchmarks/bench_proof.py 100 1000 --runs 5

Every measurement is a fresh process (interpreter start and imports included), run several times
in rounds (check, generate, cold, build, plain, then again); the median is reported with the peak
RSS of the process. In the same run, for each size:

- check:    `glossary check` (load and validate)
- generate: the generator alone in its own process: load, validate, render and write build/docs
            (`glossary generate`; the "generator share" column is the same work timed inside the
            cold build process)
- cold:     `glossary build` of a clean clone, as CI runs it: build/ and site/ removed before
            (outside the timing)
- build:    warm `glossary build`, right after the cold one: whatever that build left (site/,
            and build/docs if the build writes it) is there
- plain:    `mkdocs build` of the very Markdown `glossary generate` wrote (a copy in plain-docs/),
            with the plugin removed from mkdocs.yml, into a removed plain-site/: the baseline a
            build is compared with. "cold / plain" is the median of each round's pair, with the
            lowest and highest pair beside it
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

from generator.site.engines import without_glossary_plugin  # noqa: E402

PYTHON = sys.executable
CHILD = """
import resource, sys, time
start = time.perf_counter()
{body}
print("RESULT", time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""
BODIES = {
    "check": "from generator.commands.cli import main\nmain(['check', sys.argv[1], '--today', '2026-11-24'])",
    "generate": (
        "from pathlib import Path\nfrom generator.site.build import generate_docs\n"
        "generate_docs(Path(sys.argv[1]), Path(sys.argv[1]) / 'build' / 'docs')"
    ),
    "build": "from generator.commands.cli import main\nmain(['build', sys.argv[1]])",
    "cold": "from generator.commands.cli import main\nmain(['build', sys.argv[1]])",
    "plain": (
        "from mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
        "build(load_config(sys.argv[1] + '/plain.yml', site_dir=sys.argv[1] + '/plain-site'))"
    ),
    "zensical": "from zensical import build\nbuild(sys.argv[1] + '/zensical.yml', {'clean': True, 'strict': False})",
}
#: Zensical, when installed: a column of its own beside plain MkDocs.
ZENSICAL = importlib.util.find_spec("zensical") is not None
#: The Markdown `glossary generate` writes (the options a build reads from mkdocs.yml).
PLAIN_DOCS = (
    "import sys\nfrom pathlib import Path\nfrom generator.site.build import generate_docs\n"
    "from generator.site.calculator import number_format_of\nfrom generator.core.config import ProjectConfig\n"
    "p = Path(sys.argv[1])\nc = ProjectConfig.read(p)\n"
    "generate_docs(p, p / 'build' / 'docs', site_url=c.site_url, numbers=number_format_of(c))"
)
#: What is removed before a measurement, outside its timing: a cold build starts from a clean clone.
CLEAN = {"cold": ("build", "site"), "plain": ("plain-site",)}


def run(kind: str, project: Path) -> tuple[float, float, float]:
    """(seconds, peak MB, generator seconds inside a build) of one fresh process doing ``kind``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name in CLEAN.get(kind, ()):
        shutil.rmtree(project / name, ignore_errors=True)
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
    plain = without_glossary_plugin(config).replace("docs_dir: build/docs", "docs_dir: plain-docs")
    (project / "plain.yml").write_text(plain, encoding="utf-8")
    # plain MkDocs (and Zensical) read their own copy of the generated Markdown: the cold build removes build/
    subprocess.run([PYTHON, "-c", PLAIN_DOCS, str(project)], check=True, cwd=ROOT)
    shutil.copytree(project / "build" / "docs", project / "plain-docs")
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
            kinds = ("check", "generate", "cold", "build", "plain")  # a warm build follows a cold one
            kinds += ("zensical",) if ZENSICAL else ()
            # Rounds, not blocks: this machine's speed drifts by a third within minutes, so each
            # round runs every kind once and a drift touches build and plain alike. A check is
            # cheap and the noisiest, so each round runs it three times.
            rounds = [{kind: [run(kind, project) for _ in range(3 if kind == "check" else 1)] for kind in kinds}
                      for _ in range(runs)]  # fmt: skip
            pairs = sorted(one["cold"][0][0] / one["plain"][0][0] for one in rounds)
            results[size]["cold/plain"] = (statistics.median(pairs), pairs[0], pairs[-1])
            results[size]["rounds"] = [{k: [round(x[0], 2) for x in v] for k, v in one.items()} for one in rounds]
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
        "\n| terms | check | generate | cold build | warm build | plain MkDocs | cold / plain (pairs) "
        "| warm / plain | generator share | peak MB check/cold/warm/plain |"
        + (" Zensical | peak MB Zensical |" if ZENSICAL else "")
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if ZENSICAL else ""))
    for size, r in results.items():
        share = r["cold"][2] / r["cold"][0]  # the generator's seconds inside the cold build process
        pair, low, high = r["cold/plain"]
        print(
            f"| {size:,} | {r['check'][0]:.2f} s | {r['generate'][0]:.2f} s | {r['cold'][0]:.2f} s | "
            f"{r['build'][0]:.2f} s | {r['plain'][0]:.2f} s | {pair:.2f} ({low:.2f}-{high:.2f}) | "
            f"{r['build'][0] / r['plain'][0]:.2f} | {share:.0%} | "
            f"{r['check'][1]:.0f} / {r['cold'][1]:.0f} / {r['build'][1]:.0f} / {r['plain'][1]:.0f} |"
            + (f" {r['zensical'][0]:.2f} s | {r['zensical'][1]:.0f} |" if ZENSICAL else "")
        )
    sizes = list(results)
    if len(sizes) > 1:
        print("\n| growth | check | generate | cold build | plain MkDocs |")
        print("|---|---:|---:|---:|---:|")
        for small, big in zip(sizes, sizes[1:], strict=False):
            cells = " | ".join(
                f"{results[big][k][0] / results[small][k][0]:.1f}x" for k in ("check", "generate", "cold", "plain")
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
