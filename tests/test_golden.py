"""Golden files: the rendered Markdown of representative pages, byte for byte.

The input is tests/fixtures/site (the miniature with every feature, owned by the tests); the
expected output is tests/golden/expected/<page path>. After an intended change to a template, regenerate
and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import load_project
from generator.site.render import render_site

GOLDEN = Path(__file__).parent / "golden"
PROJECT = Path(__file__).parent / "fixtures" / "site"
CASES = [
    "glossary/lead.md",  # pronunciation, examples with funnel numbers, FAQ, narrower terms, used in
    # abbreviation, aliases (two only spelt differently), funnel neighbours, every list: broader, narrower,
    # contrast and related (each term once), used in by terms, tactics, playbooks and tables
    "glossary/marketing-qualified-lead.md",
    "glossary/cost-per-lead.md",  # metric with a formula
    "glossary/old-lead-score.md",  # deprecated, superseded by another term
    "playbooks/webinar-to-mql.md",  # steps, funnel table, terms and tactics used
    "glossary/lead-scoring.md",  # former ids, a deprecated term pointing at it
    "tactics/index.md",  # the tactics index: letters, filter chips, old anchors, a table with a footnote
    "tactics/search-optimization.md",  # a tactic page: dispute with a quote, a table cell, a playbook, terms
    "tactics/seo/index.html",  # a tactic alias's redirect page
    "glossary/mql/index.html",  # an abbreviation's redirect page
    "classifier.md",  # the classifier's page: questions rendered, the widget's markup
    "assets/glossary/classifier.json",  # the classifier's data (compared pretty-printed)
    "sources.md",  # cited by, grouped by kind; a stored copy, an editorial source, links to the originals
    "print/index.md",  # the printable glossary: approved terms A-Z as raw HTML, one section each
    "review/index.md",  # the review status on REVIEW_DAY: a team's terms due, with its handles and contact
]
#: The build's date for the review status page (GLOSSARY_TODAY): past the fixture's 180-day interval of
#: marketing-ops, before the default 365 days of the other terms.
REVIEW_DAY = "2026-08-01"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    glossary = load_project(PROJECT).require()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GLOSSARY_TODAY", REVIEW_DAY)
        return {page.path: readable(page.path, page.content) for page in render_site(glossary)}


def readable(path: str, content: str) -> str:
    """JSON is published on one line; its golden file is indented so that diffs can be reviewed."""
    if path.endswith(".json"):
        return json.dumps(json.loads(content), indent=1, ensure_ascii=False) + "\n"
    return content


@pytest.mark.parametrize("case", CASES)
def test_rendered_page_matches_golden_file(case: str, pages: dict[str, str]) -> None:
    expected_file = GOLDEN / "expected" / case
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(pages[case], encoding="utf-8")
    assert pages[case] == expected_file.read_text(encoding="utf-8"), (
        f"{case} differs from its golden file; if the change is intended, run "
        "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py and review the diff"
    )
