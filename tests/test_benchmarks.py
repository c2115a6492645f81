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


def test_a_comparison_reports_the_median_ratio_and_its_spread() -> None:
    import bench_compare

    samples = [(1.0, 0.5), (2.0, 1.2), (1.0, 0.7), (1.0, 0.9), (4.0, 2.0)]  # ratios 0.5 0.6 0.7 0.9 0.5
    line = bench_compare.row("check", samples, "wall")
    assert "**0.60**" in line and "0.50-0.90" in line and "| 0.50-0.70 |" in line
    assert "n/a" in bench_compare.row("serve", [(0.0, 1.0)], "CPU")  # an unknown CPU time is no ratio
