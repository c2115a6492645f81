"""Our search worker (site_config/overrides/assets/javascripts/workers/glossary-search.js) changes only
what it understands and otherwise behaves exactly as Material's worker, which it wraps.

Unit tests of its functions run in Chromium (the browser the site is for; no Node.js needed): the script
exports them through ``module.exports`` when a page provides ``module``, and does nothing else outside a
worker. The last test serves the fixture site with Material's own worker in place of ours: the page
and its search must work with either.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from .conftest import REPO

pytest.importorskip("playwright.sync_api")

WORKER = REPO / "site_config" / "overrides" / "assets" / "javascripts" / "workers" / "glossary-search.js"
#: The site's separator (mkdocs.yml), as Material gives it to the worker in its setup message.
SEPARATOR = next(
    plugin["search"]["separator"]
    for plugin in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    if isinstance(plugin, dict) and "search" in plugin
)


@pytest.fixture(scope="module")
def worker(browser):
    """A blank page with the worker's functions loaded as ``module.exports``, and a way to call them."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<script>window.module = {exports: {}};</script>")
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))

    def call(expression: str, *args):
        body = "([api, args]) => { const separator = new RegExp(args[0]); return (" + expression + "); }"
        return page.evaluate(f"args => ({body})([window.module.exports, args])", [SEPARATOR, *args])

    yield call
    context.close()


@pytest.mark.parametrize(
    ("query", "rewritten"),
    [
        ("lead", "lead^10 lead"),
        ("cost per lead", "cost^10 cost lead^10 lead"),
        ("Lead-to-opportunity", "lead^10 lead opportunity^10 opportunity"),
        ("MQLs", "mqls^10 mqls mql^5"),
        ("opportunities", "opportunities^10 opportunities opportunity^5"),
        ("process", "process^10 process"),
        ("per", ""),
    ],
)
def test_each_plain_word_counts_most_as_an_exact_word(worker, query: str, rewritten: str) -> None:
    assert worker("api.rewrite(args[1], separator)", query) == rewritten


@pytest.mark.parametrize(
    "query", ['"lead gen"', "+lead -score", "title:lead", "lead^2", "lead~1", "lead*", "", "   ", "市场营销"]
)
def test_operators_and_quotes_are_left_to_material(worker, query: str) -> None:
    assert worker("api.rewrite(args[1], separator)", query) == query


def test_a_word_with_an_operator_keeps_it_and_the_others_are_rewritten(worker) -> None:
    assert worker("api.rewrite(args[1], separator)", "+cost lead") == "+cost lead^10 lead"


@pytest.mark.parametrize(
    "message",
    [
        {"type": 2, "data": {"query": "lead"}},
        {"type": 7, "data": "lead"},
        {"type": 1},
        "lead",
        None,
        [2, "lead"],
    ],
)
def test_messages_of_another_shape_pass_unchanged(worker, message) -> None:
    expression = """(() => {
        const listener = api.makeListener({separator: null, query: null});
        const event = {data: args[1]};
        listener(event);
        return event.data;
    })()"""
    assert worker(expression, message) == message


def test_a_query_message_is_rewritten_in_place_with_the_index_separator(worker) -> None:
    expression = """(() => {
        const listener = api.makeListener({separator: null, query: null});
        listener({data: {type: 0, data: {config: {separator: args[0]}}}});
        const event = {data: {type: 2, data: "cost per lead"}};
        listener(event);
        return event.data;
    })()"""
    assert worker(expression) == {"type": 2, "data": "cost^10 cost lead^10 lead"}


def _group(location: str, title: str, tags: list[str] | None = None) -> list[dict]:
    page = {"location": location, "title": title, "text": "", "score": 1}
    if tags is not None:
        page["tags"] = tags
    return [page, {"location": location + "#definition", "title": "Definition", "text": "", "score": 1}]


RESULTS = [
    _group("tactics/influencer/", "Thought-<mark>leader</mark> outreach"),
    _group("glossary/lead-to-opportunity/", "<mark>Lead</mark>-to-opportunity conversion", ["Opportunity rate"]),
    _group("glossary/lead/", "<mark>Lead</mark>", ["Lead"]),
    _group("glossary/mql/", "Marketing qualified lead (MQL)", ["Marketing qualified lead", "MQL"]),
]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("lead", "glossary/lead/"),
        ("Leads", "glossary/lead/"),
        ("MQLs", "glossary/mql/"),
        ("mql", "glossary/mql/"),
        ("thought leader outreach", "tactics/influencer/"),
    ],
)
def test_the_page_named_as_typed_comes_first(worker, query: str, first: str) -> None:
    items = worker("api.rerank(args[1], args[2], separator)", RESULTS, query)
    assert items[0][0]["location"] == first
    assert sorted(json.dumps(group) for group in items) == sorted(json.dumps(group) for group in RESULTS)


@pytest.mark.parametrize("query", ["opportunity", "conversion lead", "+lead", '"lead"', "lead*", "-leader lead"])
def test_without_a_page_so_named_material_order_stays(worker, query: str) -> None:
    assert worker("api.rerank(args[1], args[2], separator)", RESULTS, query) == RESULTS


@pytest.mark.parametrize(
    ("query", "terms", "shown"),
    [
        # the MQL page found for "MQLs": it has the singular, so nothing is missing
        ("MQLs", {"mqls": False, "mql": True}, {"mql": True}),
        # a page with neither: the plural typed is missing, not the singular added
        ("MQLs", {"mqls": False, "mql": False}, {"mqls": False}),
        ("cost leads", {"cost": True, "leads": False, "lead": True}, {"cost": True, "lead": True}),
        ("cost lead", {"cost": False, "lead": True}, {"cost": False, "lead": True}),
        # operators: Material's notes as they are
        ("+mqls", {"mqls": False, "mql": True}, {"mqls": False, "mql": True}),
    ],
)
def test_missing_notes_name_only_words_typed_and_really_missing(worker, query: str, terms: dict, shown: dict) -> None:
    items = [[{"location": "glossary/x/", "title": "X", "terms": terms}]]
    tidied = worker("(api.tidyMissing(args[1], args[2], separator), args[1])", items, query)
    assert tidied[0][0]["terms"] == shown


@pytest.mark.parametrize("items", [None, {"a": 1}, [{"location": "x"}], "text"])
def test_results_of_another_shape_pass_unchanged(worker, items) -> None:
    assert worker("api.rerank(args[1], 'lead', separator)", items) == items


def test_only_result_messages_are_reordered(worker) -> None:
    expression = """(() => {
        const sent = [];
        const state = {separator: null, query: null};
        const post = api.makePost(message => sent.push(message), state);
        post({type: 3, data: {items: args[1]}});          // before any query: as it is
        post({type: 1});                                   // ready
        api.makeListener(state)({data: {type: 2, data: "lead"}});
        post({type: 3, data: {items: args[1], suggest: ["lead"]}});
        post({type: 5, data: {items: args[1]}});           // unknown type: as it is
        return sent;
    })()"""
    sent = worker(expression, RESULTS)
    assert sent[0] == {"type": 3, "data": {"items": RESULTS}}
    assert sent[1] == {"type": 1}
    assert sent[2]["data"]["suggest"] == ["lead"] and sent[2]["data"]["items"][0][0]["location"] == "glossary/lead/"
    assert sent[3] == {"type": 5, "data": {"items": RESULTS}}


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (
            "https://x.test/a/w.js?material=https%3A%2F%2Fx.test%2Fa%2Fsearch.1.min.js",
            "https://x.test/a/search.1.min.js",
        ),
        ("https://x.test/a/w.js?material=search.1.min.js", "https://x.test/a/search.1.min.js"),
        ("https://x.test/a/w.js?material=https%3A%2F%2Fevil.test%2Fsearch.js", None),
        ("https://x.test/a/w.js?material=data%3Atext%2Fjavascript%2C1", None),
        ("https://x.test/a/w.js", None),
    ],
)
def test_only_a_script_of_the_same_site_is_imported(worker, location: str, expected) -> None:
    assert worker("api.materialWorker(args[1])", location) == expected


def test_pages_name_our_worker_and_material_worker_it_wraps(page, site_url: str, built_site) -> None:
    page.goto(site_url + "/glossary/")
    config = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    assert "/assets/javascripts/workers/glossary-search.js?material=" in config
    material = config.split("?material=", 1)[1]
    from urllib.parse import unquote

    path = unquote(material)[len(site_url) + 1 :]
    assert path.startswith("assets/javascripts/workers/search.") and (built_site / path).is_file()


def test_the_site_searches_with_material_worker_alone(browser, site_url: str, built_site) -> None:
    """Our worker's URL answered by Material's worker: the page, its config and search work unchanged
    (what a site gets from Material alone, e.g. with another custom_dir)."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from search_ranking import SearchBox

    material = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    context = browser.new_context()
    context.route("**/glossary-search.js*", lambda route: route.fulfill(path=material, content_type="text/javascript"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    box = SearchBox(page, site_url)
    outcome = box.search("cost per lead")
    context.close()
    assert outcome.hits and outcome.hits[0].path == "glossary/cost-per-lead/"
    assert errors == []


@pytest.mark.parametrize(
    ("query", "clamped"),
    [
        ("lead~1000", "lead~2"),
        ("lead~2 cost~3", "lead~2 cost~2"),
        ("lead~0001", "lead~1"),
        ("lead~1", "lead~1"),
        ("lead", "lead"),
        ("x" * 5000, "x" * 200),
    ],
)
def test_every_query_has_a_bounded_cost(worker, query: str, clamped: str) -> None:
    assert worker("api.clamp(args[1])", query) == clamped


def test_a_query_message_asks_lunr_for_at_most_two_edits(worker) -> None:
    expression = """(() => {
        const listener = api.makeListener({separator: null, query: null});
        const event = {data: {type: 2, data: "lead~1000"}};
        listener(event);
        return event.data;
    })()"""
    assert worker(expression) == {"type": 2, "data": "lead~2"}


@pytest.mark.parametrize("query", ["lead~1000", "lead~99 cost~99 " * 20])
def test_a_search_link_asking_for_huge_fuzziness_still_answers(page, site_url: str, query: str) -> None:
    """/?q=lead~1000 kept Material's worker busy for minutes (lunr builds every spelling within the
    edit distance) and the box said "Initializing search"; clamped, the results come."""
    from urllib.parse import quote

    from playwright.sync_api import expect

    page.goto(f"{site_url}/?q={quote(query)}")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"\d+ matching documents?|No matching documents"), timeout=20000)
    hits = page.locator(".md-search-result__item a.md-search-result__link").first.get_attribute("href")
    assert hits is not None and "/glossary/" in hits  # the fuzzy match works: pages with "lead" and "cost"
