"""Time `glossary build` against a plain `mkdocs build` of the same pages, in one run.

    python benchmarks/bench_build.py            # the repository's content and 1,000 terms
    python benchmarks/bench_build.py 1000 --runs 3

The baseline builds the very Markdown `glossary generate` writes (build/docs, copied to
plain-docs/) with the same mkdocs.yml minus the glossary plugin, so the difference is the
generator's own cost (`glossary build` itself hands MkDocs the pages in memory).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from generator.checks.records import CheckOptions  # noqa: E402
from generator.core.config import ProjectConfig  # noqa: E402
from generator.site.build import DOCS_SUBDIR, build_site, generate_docs  # noqa: E402
from generator.site.build import _generated as generated  # noqa: E402
from generator.site.calculator import number_format_of  # noqa: E402


def plain_mkdocs(project: Path, site: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(str(project / "plain.yml"), docs_dir=str(project / "plain-docs"), site_dir=str(site)))
    return time.perf_counter() - start


def plain_docs(project: Path) -> None:
    """plain.yml (mkdocs.yml without the glossary plugin) and plain-docs/, the pages as Markdown."""
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    plugin = lines.index("  - glossary\n", lines.index("plugins:\n"))
    (project / "plain.yml").write_text("".join(lines[:plugin] + lines[plugin + 1 :]), encoding="utf-8")
    config = ProjectConfig.read(project)
    generate_docs(project, project / DOCS_SUBDIR, site_url=config.site_url, numbers=number_format_of(config))
    shutil.copytree(project / DOCS_SUBDIR, project / "plain-docs")
    generated.clear()


def measure(project: Path, runs: int) -> tuple[float, float, float, int]:
    full, generator_share, baseline = [], [], []
    plain_docs(project)
    for _ in range(runs):
        # Each run generates afresh: within one process an unchanged project is otherwise not
        # generated again (generate_docs remembers it), which made the generator column 0.
        generated.clear()
        start = time.perf_counter()
        report = build_site(project, options=CheckOptions())
        full.append(time.perf_counter() - start)
        generator_share.append(full[-1] - report.seconds_mkdocs)
        baseline.append(plain_mkdocs(project, project / "plain-site"))
    return statistics.median(full), statistics.median(generator_share), statistics.median(baseline), report.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"{'project':>12} {'pages':>6} {'glossary build':>15} {'generator':>10} {'plain mkdocs':>13} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        projects = [("repository", ROOT)]
        for size in args.sizes:
            path = Path(tmp) / f"corpus-{size}"
            make_corpus(size, path)
            projects.append((f"{size} terms", path))
        for name, source in projects:
            project = Path(tmp) / f"project-{name.replace(' ', '-')}"
            for folder in ("glossary", "playbooks"):
                shutil.copytree(source / folder, project / folder)
            shutil.copytree(ROOT / "site_config", project / "site_config")
            shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
            full, own, plain, pages = measure(project, args.runs)
            print(f"{name:>12} {pages:>6} {full:>14.2f}s {own:>9.2f}s {plain:>12.2f}s {full / plain:>6.2f}")


if __name__ == "__main__":
    main()
