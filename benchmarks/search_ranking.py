"""How well the site's search ranks: each query typed into Material's search box in Chromium.

    python benchmarks/search_ranking.py [--site SITE] [--queries benchmarks/search_queries.yaml]

Without --site it runs `glossary build` on the repository and measures ./site. The queries file is a
YAML list of ``{query: ..., expect: URL path}`` (``expect`` may be a list of acceptable paths, e.g. a
tactic's own page and the section of the tactics page it had before). Prints a Markdown table (query,
expected, rank of the expected page, first result, number of results) and the number ranked first.

The browser part (``SearchBox``) is shared with tests/test_search_ranking.py, so the test and this
benchmark measure the same way: through the real search box and web worker, as a reader searches,
waiting for states (the result count shown), never for time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
#: What Material's result meta line says while the query is empty (English theme language).
PLACEHOLDER = "Type to start searching"


@dataclass(frozen=True)
class Hit:
    """One result as listed: the page (path, title) and the best-matching section's path, if any."""

    path: str
    title: str
    section: str | None

    def is_(self, expected: str) -> bool:
        """Whether this result is ``expected``: a page path, or with ``#`` the page's best section."""
        if "#" in expected:
            return self.section == expected
        return self.path == expected


@dataclass(frozen=True)
class Outcome:
    """A query's ranked results as first shown (Material renders the first 10 at once, more on
    scrolling) and the count line Material showed ("62 matching documents")."""

    query: str
    hits: list[Hit]
    meta: str

    def rank(self, expected: str | list[str]) -> int | None:
        """1-based rank of the first result that is one of ``expected``; None if not in the first 10."""
        wanted = [expected] if isinstance(expected, str) else list(expected)
        for rank, hit in enumerate(self.hits, 1):
            if any(hit.is_(path) for path in wanted):
                return rank
        return None


def _relative(url: str, base: str) -> str:
    """``url`` as a site path without the leading slash, the highlight query (?h=) dropped."""
    parts = urlsplit(url)
    path = parts.path[len(urlsplit(base).path.rstrip("/")) + 1 :] if parts.path.startswith("/") else parts.path
    return path + (f"#{parts.fragment}" if parts.fragment else "")


class SearchBox:
    """Material's search box on one open page; ``search`` types a query and reads every result.

    Between queries the box is emptied and the list must return to its placeholder state, so the
    results read afterwards can only be those of the new query (each query is sent as one value).
    """

    def __init__(self, page, base_url: str) -> None:
        from playwright.sync_api import expect

        self.page, self.base, self.expect = page, base_url.rstrip("/") + "/", expect
        page.goto(self.base)
        self.input = page.locator("input.md-search__input")
        self.meta = page.locator(".md-search-result__meta")
        self.input.click()
        # "Initializing search" until the worker has loaded the index.
        expect(self.meta).to_have_text(PLACEHOLDER, timeout=20000)

    def search(self, query: str) -> Outcome:
        self.input.fill("")
        self.input.press("End")  # Material reads the box on keyup
        self.expect(self.meta).to_have_text(PLACEHOLDER, timeout=10000)
        self.input.fill(query)
        self.input.press("End")
        self.expect(self.meta).not_to_have_text(PLACEHOLDER, timeout=10000)
        return Outcome(query, self._hits(), self.meta.inner_text())

    def _hits(self) -> list[Hit]:
        rows = self.page.evaluate(
            """() => [...document.querySelectorAll('.md-search-result__item')].map(li => {
                 const links = [...li.querySelectorAll(':scope > a.md-search-result__link')];
                 return [links[0].href, links[0].querySelector('h1').textContent,
                         links.length > 1 ? links[1].href : null];
               })"""
        )
        return [
            Hit(_relative(page, self.base), title.strip(), _relative(section, self.base) if section else None)
            for page, title, section in rows
        ]


def table(outcomes: list[Outcome], queries: list[dict]) -> str:
    """The Markdown table of the outcomes and, below it, how many ranked the expected page first."""
    lines = ["| query | expected | rank | first result | results |", "|---|---|---:|---|---|"]
    first = 0
    for outcome, item in zip(outcomes, queries, strict=True):
        expected = item["expect"]
        rank = outcome.rank(expected)
        first += rank == 1
        top = outcome.hits[0] if outcome.hits else None
        shown = f"{top.title} (`{top.section or top.path}`)" if top else "(none)"
        wanted = " or ".join(f"`{e}`" for e in ([expected] if isinstance(expected, str) else expected))
        lines.append(f"| {item['query']} | {wanted} | {rank or '>10'} | {shown} | {outcome.meta} |")
    lines.append("")
    lines.append(f"Ranked first: {first} of {len(queries)}.")
    return "\n".join(lines)


def run(site: Path, queries: list[dict]) -> list[Outcome]:
    """Serve ``site`` on 127.0.0.1 (port 0) and search each query in Chromium."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.conftest import serve_folder

    url, server = serve_folder(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            box = SearchBox(browser.new_page(), url)
            outcomes = [box.search(item["query"]) for item in queries]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return outcomes


def main() -> None:
    import yaml

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the repository)")
    parser.add_argument("--queries", type=Path, default=ROOT / "benchmarks" / "search_queries.yaml")
    parser.add_argument("--show", action="append", default=[], help="also list the first results of this query")
    args = parser.parse_args()
    site = args.site
    if site is None:
        subprocess.run([str(ROOT / ".venv" / "bin" / "glossary"), "build"], cwd=ROOT, check=True)
        site = ROOT / "site"
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    extra = [{"query": q, "expect": "-"} for q in args.show]
    outcomes = run(site, queries + extra)
    print(table(outcomes[: len(queries)], queries))
    for outcome in outcomes[len(queries) :]:
        print(f"\n{outcome.query!r}: {outcome.meta}; first five:")
        for hit in outcome.hits[:5]:
            print(f"- {hit.title} (`{hit.section or hit.path}`)")


if __name__ == "__main__":
    main()
