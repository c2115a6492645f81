"""Search ranks a glossary well: the page that defines a name first, short words and listings out.

Typed into Material's search box on the fixture site in Chromium, read as a reader sees the results,
with the same code as benchmarks/search_ranking.py (which measures the repository's own content).
Expected pages come from generator.model.urls, so they follow a tactic to wherever it is published.
"""

from __future__ import annotations

import json
import sys

import pytest

from .conftest import FIXTURES, REPO, check
from .search_expectations import FIRST as EXPECTED_FIRST

pytest.importorskip("playwright.sync_api")
sys.path.insert(0, str(REPO / "benchmarks"))

from search_ranking import SearchBox  # noqa: E402

from generator.model.urls import site_path  # noqa: E402
from generator.site.search_shards import name_key, read_index, words  # noqa: E402

GLOSSARY = check(FIXTURES / "site").require(strict=False)


def term(term_id: str) -> str:
    return site_path(GLOSSARY.terms[term_id])


def tactic(tactic_id: str) -> str:
    return site_path(GLOSSARY.tactics[tactic_id])


#: (query, the result that must be listed first): search_expectations.FIRST with each item's page.
FIRST = [(query, term(item) if kind == "term" else tactic(item)) for query, kind, item in EXPECTED_FIRST]

#: Pages that list things rather than define them: never a search result.
LISTINGS = {"", "glossary/", "categories/", "sources/", "playbooks/", "tactics/"} | {
    site_path(category) for category in GLOSSARY.categories.values()
}


@pytest.fixture(scope="module")
def search_box(reused_pages, site_url: str):
    """One page with the search box open and its index loaded, shared by this module's queries: the run's
    reused page (the `page` fixture's), lent for the whole module and reset after it."""
    pool = reused_pages()
    yield SearchBox(pool.lend(), site_url)
    errors = pool.give_back()
    assert errors == [], errors


def test_the_fixture_queries_are_enough() -> None:
    queries = [_query(item) for item in FIRST]
    assert len(queries) >= 30 and len(set(queries)) == len(queries)


def _query(item) -> str:
    return item.values[0] if hasattr(item, "values") else item[0]


@pytest.mark.parametrize(("query", "expected"), FIRST, ids=[_query(item) for item in FIRST])
def test_the_defining_page_ranks_first(search_box: SearchBox, query: str, expected: str) -> None:
    outcome = search_box.search(query)
    assert outcome.hits, f"{query!r}: {outcome.meta}"
    assert outcome.hits[0].is_(expected), f"{query!r}: expected {expected}, got {outcome.hits[:3]}"


@pytest.mark.parametrize("query", ["per", "a", "of the", "to"])
def test_short_words_alone_match_nothing(search_box: SearchBox, query: str) -> None:
    outcome = search_box.search(query)
    assert outcome.hits == [] and outcome.meta == "No matching documents"


def test_a_short_word_adds_no_result_to_a_longer_query(search_box: SearchBox) -> None:
    """ "cost per lead" lists exactly the pages that "cost lead" lists: none for "per" alone
    (before, Pay-per-click or a persona page came second, matched on "per")."""
    with_per = search_box.search("cost per lead")
    without = search_box.search("cost lead")
    assert [hit.path for hit in with_per.hits] == [hit.path for hit in without.hits]
    assert with_per.meta == without.meta


@pytest.mark.parametrize(
    "query", ["lead", "Funnel stages", "Metrics", "Pipeline Field Guide", "From webinar to MQLs", "webinar"]
)
def test_listing_pages_are_never_results(search_box: SearchBox, built_site, query: str) -> None:
    """Each query is words of listing pages (their titles, the names they list) that defining pages
    share: search finds those pages, and no listing among them."""
    listing_html = [(built_site / path / "index.html").read_text(encoding="utf-8").lower() for path in LISTINGS]
    assert any(query.lower() in html for html in listing_html), f"{query!r} is on no listing page: proves nothing"
    outcome = search_box.search(query)
    assert outcome.hits, f"{query!r} found nothing ({outcome.meta}): the test would prove nothing"
    assert not [hit.path for hit in outcome.hits if hit.path in LISTINGS]


def test_listing_pages_are_out_of_the_index_and_terms_fully_in(built_site) -> None:
    """The index itself: Material's holds no page (ours is searched); ours no listing page, and every
    term page with its names, each first for its own name."""
    assert json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    pages = {page.location: page for page in read_index(built_site)}
    assert not set(pages) & LISTINGS
    for item in GLOSSARY.terms.values():
        page = pages[site_path(item)]
        for name in (item.term, item.abbreviation, *item.aliases):
            if name:
                assert set(words(name)) <= page.words and name_key(name) in page.names, (item.id, name)
