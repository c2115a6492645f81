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
