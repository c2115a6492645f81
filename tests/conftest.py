"""Shared helpers: a small valid project to break, and the content checker."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator import CheckOptions, LoadResult, load_project

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
#: Tests never read the real clock: review ages are counted to this date.
TODAY = dt.date(2026, 2, 1)


def check(root: Path, today: dt.date = TODAY, max_age: int = 365) -> LoadResult:
    return load_project(root, CheckOptions(today=today, max_review_age_days=max_age))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/base, valid with zero problems, for a test to break."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", root)
    return root
