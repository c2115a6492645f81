"""A reader's first search on a 500-term site fetches only what it needs, and finds an abbreviation's
term first (issue 32).

The site (benchmarks/make_corpus.py, 500 terms: the suite's shared corpus_site; a 1,000-term site of
this file's own took 11 s of the suite to build) is served gzipped, as a static host serves it
(benchmarks/static_server.py), by a server of each test's own: a new origin, so nothing comes from the
reused page's HTTP cache. Bytes are counted with Chromium's network events (benchmarks/bench_reader.py
``first_search``, which the reader benchmark prints the same way), the search worker's requests included.

The budget: at most 300 KB at 10,000 terms (the issue's goal), so at most 25 KB here, where Material's
whole index alone would be some 110 KB compressed (220 KB at 1,000 terms, and it grows with the
glossary). Ours, when this was written: 7.5 KB for an abbreviation, 16 KB for "lead", a word in most
of the terms.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import REPO

pytest.importorskip("playwright.sync_api")
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_reader import first_search  # noqa: E402
from make_corpus import term_ids  # noqa: E402
from static_server import serve_compressed  # noqa: E402

TERMS = 500  # conftest.corpus_site's
BUDGET = 25 * 1024


@pytest.fixture
def served(corpus_site: Path):
    url, server = serve_compressed(corpus_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("query", ["T123", "t123"])
def test_a_first_search_for_an_abbreviation_lists_its_term_first_within_the_budget(
    page, served: str, query: str
) -> None:
    found = first_search(page, served, query, "glossary/term-00001/")
    assert found.hits and found.hits[0] == f"glossary/{term_ids(TERMS)[123]}/", found.hits[:3]
    shards = [t for t in found.search if "/search/glossary/w/" in t.url]
    assert shards and all(t.bytes > 0 for t in shards)  # counted from the wire, worker's requests included
    assert found.search_bytes <= BUDGET, [(t.url, t.bytes) for t in found.search]


def test_opening_a_page_fetches_no_index_until_the_reader_searches(page, served: str) -> None:
    found = first_search(page, served, "lead", "glossary/term-00001/")
    at_load = [t for t in found.search if t.start < found.typed_at]
    material = [t for t in at_load if t.url.endswith("/search/search_index.json")]
    assert material and material[0].bytes < 1024  # Material's index holds no page: ours is searched
    assert not [t.url for t in at_load if "/search/glossary/" in t.url and not t.url.endswith("/manifest.json")]
    assert [t for t in found.search if t.start >= found.typed_at and "/search/glossary/w/" in t.url]
    assert found.search_bytes <= BUDGET and found.hits
