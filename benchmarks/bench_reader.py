"""What a reader downloads, at 1,000 and 10,000 terms: the first search, an embedded card, the pages,
and Lighthouse's scores. Printed, never asserted (issue 32).

    python benchmarks/bench_reader.py [--sizes 1000 10000] [--lighthouse PATH [--rounds 3]] [--keep DIR]

Each size is a project of the repository's own content (its 44 terms, tactics, playbooks and
classifier) plus synthetic terms (``make_corpus.py``) up to N, built with ``glossary build`` and served
gzipped on 127.0.0.1 as a static host serves it (``static_server.py``), its address as ``site_url``.
For each it prints:

- the pages: each page's HTML as served (gzip), and everything a first visit transfers;
- the first search, typed into Material's search box in Chromium (``first_search``): the bytes the
  search needs before its first results (our worker, the index's manifest, Material's empty index
  at page load; the shards and result files after typing), the first result, and the milliseconds
  from the last of those bytes arriving to the results shown;
- an embedded card: a page elsewhere with ``embed.js`` and one term link, the link focused until its
  card shows (bytes from the glossary's address), and the iframe card ``/embed/<id>/``;
- the ranking: ``search_queries.yaml`` typed into the search box (``search_ranking.py``), how many
  list the expected page first;
- with ``--lighthouse PATH`` (Lighthouse 12's CLI, e.g. ``node_modules/.bin/lighthouse`` after
  ``npm i -E lighthouse@12.2.3``): mobile scores of the home page, a term page, the classifier and
  the A-Z, with LCP, TBT and the bytes Lighthouse counted; the median of ``--rounds`` runs by
  performance (Lighthouse's throttling is simulated from the tasks it sees: on a busy machine TBT
  grows, so run it on a quiet one).

The repository's own site (44 terms) is measured too, as the small end. Bytes are what Chromium's
network events report for each response (encoded body; a worker's own script by its Content-Length).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402
from static_server import LEVEL, serve_compressed  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
CHROMIUM_ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: What Material's result meta line says while the query is empty (English theme language).
PLACEHOLDER = "Type to start searching"
#: Queries of a first search: an abbreviation, a name every page mentions, a synthetic abbreviation.
QUERIES = ["MQL", "lead", "T123", "pipeline"]
#: Pages measured: (label, path from the site root).
PAGES = [("home", ""), ("A-Z", "glossary/"), ("term", "glossary/marketing-qualified-lead/")]
PAGES += [("classifier", "classifier/"), ("tactics", "tactics/")]
LIGHTHOUSE_PAGES = ["home", "term", "classifier", "A-Z"]


# --- the first search --------------------------------------------------------------------------

#: Installed once the box is ready: the time (ms since the epoch) the first result, or Material's "No
#: matching documents", is shown.
WATCH_RESULTS = """() => {
    const list = document.querySelector('.md-search-result__list');
    const meta = document.querySelector('.md-search-result__meta');
    const placeholder = meta.textContent;
    window.__firstResult = null;
    const observer = new MutationObserver(() => {
        if (list.querySelector('.md-search-result__item') || meta.textContent !== placeholder) {
            window.__firstResult = performance.timeOrigin + performance.now();
            observer.disconnect();
        }
    });
    observer.observe(list.parentElement, {childList: true, subtree: true, characterData: true});
}"""
NOW = "() => performance.timeOrigin + performance.now()"


@dataclass(frozen=True)
class Transfer:
    """One response as Chromium received it: its URL, bytes on the wire (body), start and end (ms
    since the epoch)."""

    url: str
    bytes: int
    start: float
    end: float


@dataclass
class NetworkLog:
    """Every response a page (and its workers) received, from Playwright's network events."""

    transfers: list[Transfer] = field(default_factory=list)

    def attach(self, page) -> NetworkLog:  # type: ignore[no-untyped-def]
        page.on("requestfinished", self._finished)
        return self

    def _finished(self, request) -> None:  # type: ignore[no-untyped-def]
        size = request.sizes()["responseBodySize"]
        response = request.response()
        if not size and response is not None:  # a worker's own script: Chromium reports no body size
            size = int(response.header_value("content-length") or 0)
        timing = request.timing
        start = timing["startTime"]
        self.transfers.append(Transfer(request.url, size, start, start + max(timing["responseEnd"], 0)))


def is_search_file(url: str) -> bool:
    """Whether ``url`` is something only search needs: the worker, Material's index, ours."""
    path = urlsplit(url).path
    return "/search/" in path or "/assets/javascripts/workers/" in path


@dataclass(frozen=True)
class FirstSearch:
    """A first search on a freshly opened page: what it fetched and when its results came."""

    query: str
    hits: list[str]  # result pages, site paths, in order
    meta: str  # Material's count line
    transfers: list[Transfer]  # everything the page fetched, from opening it to the results
    typed_at: float
    results_at: float

    @property
    def search(self) -> list[Transfer]:
        """What search needed: its files at page load, and whatever came after typing."""
        return [t for t in self.transfers if is_search_file(t.url) or t.start >= self.typed_at]

    @property
    def search_bytes(self) -> int:
        return sum(t.bytes for t in self.search)

    @property
    def after_typing_bytes(self) -> int:
        return sum(t.bytes for t in self.transfers if t.start >= self.typed_at)

    @property
    def after_data_ms(self) -> float:
        """From the last byte search needed to the first result shown."""
        return self.results_at - max(t.end for t in self.search if t.end <= self.results_at)


def first_search(page, base_url: str, query: str, path: str = "") -> FirstSearch:  # type: ignore[no-untyped-def]
    """Open ``path`` of the site at ``base_url`` on ``page``, wait until the search box is ready, type
    ``query`` and wait for its results, counting every response with Chromium's network events."""
    from playwright.sync_api import expect

    base = base_url.rstrip("/") + "/"
    log = NetworkLog().attach(page)
    page.goto(base + path)
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    expect(meta).to_have_text(PLACEHOLDER, timeout=30000)  # "Initializing search" until the worker is ready
    page.evaluate(WATCH_RESULTS)
    typed_at = page.evaluate(NOW)
    box.fill(query)
    box.press("End")  # Material reads the box on keyup
    expect(meta).not_to_have_text(PLACEHOLDER, timeout=60000)
    page.wait_for_function("() => window.__firstResult !== null")
    results_at = page.evaluate("() => window.__firstResult")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "links => links.map(a => a.href)"
    )
    hits = [urlsplit(href).path[len(urlsplit(base).path) :] for href in hrefs]
    return FirstSearch(query, hits, meta.inner_text(), list(log.transfers), typed_at, results_at)


# --- embedded cards ------------------------------------------------------------------------------


def embedded_card(page, base_url: str, term_id: str) -> int | None:  # type: ignore[no-untyped-def]
    """Bytes from the glossary for one hover card on a page elsewhere (another origin: a server of its
    own on 127.0.0.1): ``embed.js`` and what it loads until the focused link's card shows; None if no
    card showed."""
    base = base_url.rstrip("/") + "/"
    html = (
        f'<!doctype html><html lang="en"><title>Host</title><p>Read about <a href="{base}glossary/{term_id}/">'
        f'the term</a>.</p><script src="{base}embed.js" defer></script></html>'
    )
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "index.html").write_text(html, encoding="utf-8")
        host, server = serve_compressed(Path(folder))
        log = NetworkLog().attach(page)
        try:
            page.goto(host + "/")
            page.wait_for_function("() => document.querySelector('[data-gtm-glossary]')", timeout=30000)
            page.locator("a").first.focus()
            page.locator("[data-gtm-glossary] [role=tooltip]").wait_for(state="visible", timeout=30000)
        except Exception:  # noqa: BLE001 - no card: the report says so
            return None
        finally:
            server.shutdown()
            server.server_close()
    return sum(t.bytes for t in log.transfers if t.url.startswith(base))


def page_load(page, url: str) -> int:  # type: ignore[no-untyped-def]
    """Bytes a first visit of ``url`` transfers until the network is idle."""
    log = NetworkLog().attach(page)
    page.goto(url, wait_until="networkidle")
    return sum(t.bytes for t in log.transfers)


# --- the projects --------------------------------------------------------------------------------


def mixed_project(terms: int, target: Path) -> Path:
    """The repository's content (mkdocs.yml, site_config, glossary, playbooks) plus synthetic terms
    from ``make_corpus`` up to ``terms`` in all, their sources and categories added to ours."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("glossary", "playbooks", "site_config"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    own = len([p for p in (ROOT / "glossary").glob("*.yaml") if not p.name.startswith("_")])
    if terms > own:
        with tempfile.TemporaryDirectory() as folder:
            corpus = Path(folder) / "corpus"
            make_corpus(terms - own, corpus)
            owners = yaml.safe_load((ROOT / "glossary" / "_owners.yaml").read_text(encoding="utf-8"))
            team = owners["teams"][0]["id"]
            for path in (corpus / "glossary").glob("*.yaml"):
                if path.name.startswith("_"):
                    key = "sources" if path.name == "_sources.yaml" else "categories"
                    ours = target / "glossary" / path.name
                    data = yaml.safe_load(ours.read_text(encoding="utf-8"))
                    data[key] += yaml.safe_load(path.read_text(encoding="utf-8"))[key]
                    ours.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
                else:  # owned by one of our teams, out of our funnel (one funnel: ours)
                    term = yaml.safe_load(path.read_text(encoding="utf-8"))
                    term["owner"] = team
                    term.pop("stage_after", None)
                    text = yaml.safe_dump(term, sort_keys=False, allow_unicode=True)
                    (target / "glossary" / path.name).write_text(text, encoding="utf-8")
    return target


def build(project: Path, site_url: str) -> float:
    """``glossary build`` with ``site_url`` set to the address the site is served at; seconds."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        "\n".join(f"site_url: {site_url}" if line.startswith("site_url:") else line for line in text.splitlines())
        + "\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", str(project)], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=LEVEL, mtime=0))


# --- Lighthouse -------------------------------------------------------------------------------------


def lighthouse(binary: str, url: str, out: Path) -> dict:
    """Lighthouse's mobile scores of ``url`` (performance, accessibility, best practices, SEO) and its
    LCP, TBT and transferred bytes."""
    flags = "--headless=new --no-sandbox --disable-dev-shm-usage --disable-gpu"
    subprocess.run(
        [binary, url, "--quiet", f"--chrome-flags={flags}", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility,best-practices,seo"],
        env=dict(os.environ, CHROME_PATH=CHROMIUM), check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    scores = {key: round(value["score"] * 100) for key, value in report["categories"].items()}
    return {
        **scores,
        "LCP": audits["largest-contentful-paint"]["displayValue"],
        "TBT": audits["total-blocking-time"]["displayValue"],
        "KiB": round(audits["total-byte-weight"]["numericValue"] / 1024),
        "failing": [
            ref["id"]
            for category in ("accessibility", "best-practices", "seo")
            for ref in report["categories"][category]["auditRefs"]
            if (audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1 and ref["weight"] > 0)
        ],
    }


# --- the report -----------------------------------------------------------------------------------


def measure(label: str, project: Path, lighthouse_binary: str | None, queries: list[dict], rounds: int = 3) -> None:
    from playwright.sync_api import sync_playwright
    from search_ranking import run as rank_queries

    site = project / "site"
    site.mkdir(parents=True, exist_ok=True)
    url, server = serve_compressed(site)
    try:
        seconds = build(project, url + "/")
        terms = len(json.loads((site / "terms.json").read_text(encoding="utf-8"))["terms"])
        print(f"\n## {label}: {terms:,} terms (built in {seconds:.0f} s)\n")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print("| page | HTML (gzip) | first visit |\n|---|---:|---:|")
            for name, path in PAGES:
                html = site / path / "index.html"
                if not html.is_file():
                    continue
                context = browser.new_context()
                loaded = page_load(context.new_page(), f"{url}/{path}")
                context.close()
                print(f"| {name} `/{path}` | {gz(html) / 1024:.1f} KB | {loaded / 1024:.1f} KB |")
            print("\n| first search | at page load | after typing | total | results after the data | first result |")
            print("|---|---:|---:|---:|---:|---|")
            for query in QUERIES:
                context = browser.new_context()
                found = first_search(context.new_page(), url, query)
                context.close()
                at_load = found.search_bytes - found.after_typing_bytes
                print(
                    f"| {query} | {at_load / 1024:.1f} KB | {found.after_typing_bytes / 1024:.1f} KB | "
                    f"{found.search_bytes / 1024:.1f} KB | {found.after_data_ms:.0f} ms | "
                    f"`{found.hits[0] if found.hits else '-'}` ({found.meta}) |"
                )
            context = browser.new_context()
            card = embedded_card(context.new_page(), url, "marketing-qualified-lead")
            context.close()
            context = browser.new_context()
            iframe = page_load(context.new_page(), f"{url}/embed/marketing-qualified-lead/")
            context.close()
            browser.close()
        shown = f"{card / 1024:.1f} KB" if card is not None else "no card showed"
        print(f"\nOne embedded card: hover card {shown} (embed.js and its data), iframe card {iframe / 1024:.1f} KB.")
        data = {name: gz(site / name) for name in ("embed-data.js", "terms.json") if (site / name).is_file()}
        print("Data files (gzip): " + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in data.items()))
        outcomes = rank_queries(site, queries)
        first = sum(outcome.rank(item["expect"]) == 1 for outcome, item in zip(outcomes, queries, strict=True))
        misses = [
            item["query"] for outcome, item in zip(outcomes, queries, strict=True) if outcome.rank(item["expect"]) != 1
        ]
        print(
            f"Ranking (search_queries.yaml): {first} of {len(queries)} first"
            + (f"; not first: {misses}" if misses else "")
        )
        if lighthouse_binary:
            print("\n| Lighthouse (mobile) | performance | accessibility | best practices | SEO | LCP | TBT | KiB |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            with tempfile.TemporaryDirectory() as folder:
                for name, path in PAGES:
                    if name not in LIGHTHOUSE_PAGES or not (site / path / "index.html").is_file():
                        continue
                    runs = [
                        lighthouse(lighthouse_binary, f"{url}/{path}", Path(folder) / "r.json") for _ in range(rounds)
                    ]
                    r = sorted(runs, key=lambda run: run["performance"])[len(runs) // 2]  # the median run
                    failing = f" (below 100: {', '.join(r['failing'])})" if r["failing"] else ""
                    print(
                        f"| {name} | {r['performance']} | {r['accessibility']} | {r['best-practices']} | {r['seo']} | "
                        f"{r['LCP']} | {r['TBT']} | {r['KiB']}{failing} |"
                    )
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="terms per project")
    parser.add_argument("--lighthouse", help="Lighthouse's CLI (e.g. node_modules/.bin/lighthouse)")
    parser.add_argument("--rounds", type=int, default=3, help="Lighthouse runs per page (the median is shown)")
    parser.add_argument("--keep", type=Path, help="build the projects here and keep them (default: a temporary folder)")
    parser.add_argument("--queries", type=Path, default=ROOT / "benchmarks" / "search_queries.yaml")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        for size in [0, *args.sizes]:
            project = mixed_project(size, folder / f"reader-{size or 'own'}")
            label = "the repository's own content" if size == 0 else f"{size:,} terms"
            measure(label, project, args.lighthouse, queries, args.rounds)
            if args.keep is None:
                shutil.rmtree(project)


if __name__ == "__main__":
    main()
