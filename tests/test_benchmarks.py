"""The benchmark corpus is valid content, or the timings would measure error paths."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .conftest import REPO, check

sys.path.insert(0, str(REPO / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402


def test_synthetic_corpus_passes_strict_check(tmp_path: Path) -> None:
    make_corpus(120, tmp_path / "corpus")
    result = check(tmp_path / "corpus", today=dt.date(2026, 11, 24))
    assert result.problems == ()
    glossary = result.require(strict=True)
    assert len(glossary.terms) == 120 and len(glossary.tactics) == 12 and len(glossary.playbooks) == 1
    assert [t.id for t in glossary.funnel()][:2] == ["stage-lead", "stage-mql"]


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    make_corpus(30, tmp_path / "a")
    make_corpus(30, tmp_path / "b")
    for path in (tmp_path / "a").rglob("*.yaml"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_each_side_of_a_comparison_imports_its_own_package(tmp_path: Path) -> None:
    import bench_compare

    other = tmp_path / "other-tree"
    (other / "generator").mkdir(parents=True)
    (other / "generator" / "__init__.py").write_text("")
    (tmp_path / "run").mkdir()
    side = bench_compare.Side("ref", other, tmp_path / "run")
    assert bench_compare.imported_from(side) == (other / "generator").resolve()  # not the installed checkout
    this = bench_compare.Side("tree", REPO, tmp_path / "run")
    assert bench_compare.imported_from(this) == (REPO / "generator").resolve()


def test_each_side_runs_its_own_command_line_and_mkdocs_plugin(tmp_path: Path) -> None:
    """A ref from before the move into sub-packages has generator/cli.py and generator/plugin.py: its
    processes must run those, not the installed tree's (MkDocs finds plugins by entry point)."""
    import bench_compare

    old = tmp_path / "old-tree"
    (old / "generator").mkdir(parents=True)
    (old / "generator" / "__init__.py").write_text("")
    (old / "generator" / "cli.py").write_text("")
    (old / "generator" / "plugin.py").write_text("class GlossaryPlugin: pass\n")
    (old / "pyproject.toml").write_text(
        '[project]\nname = "gtm-glossary"\n'
        '[project.entry-points."mkdocs.plugins"]\nglossary = "generator.plugin:GlossaryPlugin"\n'
    )
    (tmp_path / "run-old").mkdir()
    side = bench_compare.Side("ref", old, tmp_path / "run-old")
    bench_compare.write_entry_points(side)
    assert side.command("check")[1:3] == ["-m", "generator.cli"]
    assert bench_compare.plugin_imported_from(side) == (old / "generator" / "plugin.py").resolve()
    (tmp_path / "run-tree").mkdir()
    this = bench_compare.Side("tree", REPO, tmp_path / "run-tree")
    bench_compare.write_entry_points(this)
    assert this.command("check")[1:3] == ["-m", "generator"]
    assert bench_compare.plugin_imported_from(this) == (REPO / "generator" / "site" / "plugin.py").resolve()


def test_a_comparison_reports_the_median_ratio_and_its_spread() -> None:
    import bench_compare

    samples = [(1.0, 0.5), (2.0, 1.2), (1.0, 0.7), (1.0, 0.9), (4.0, 2.0)]  # ratios 0.5 0.6 0.7 0.9 0.5
    line = bench_compare.row("check", samples, "wall")
    assert "**0.60**" in line and "0.50-0.90" in line and "| 0.50-0.70 |" in line
    assert "n/a" in bench_compare.row("serve", [(0.0, 1.0)], "CPU")  # an unknown CPU time is no ratio
