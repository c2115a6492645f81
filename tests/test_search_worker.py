"""Our search worker (site_config/overrides/assets/javascripts/workers/glossary-search.js) reads the index
generator/site/search_shards.py writes, and answers Material's search box.

Unit tests of its functions run in Chromium (the browser the site is for; no Node.js needed): the script
exports them through ``module.exports`` when a page provides ``module``, and does nothing else outside a
worker. Where the worker and the generator must agree (how text splits into words, plurals, shard
files), both answer the same inputs.
"""

from __future__ import annotations

import re

import pytest

from generator.site import search_shards

from .conftest import REPO

pytest.importorskip("playwright.sync_api")

WORKER = REPO / "site_config" / "overrides" / "assets" / "javascripts" / "workers" / "glossary-search.js"
STOP = list(search_shards.STOP_WORDS)


@pytest.fixture(scope="module")
def worker(browser):
    """A blank page with the worker's functions loaded as ``module.exports``, and a way to call them:
    ``worker(expression, *args)`` evaluates ``expression`` with ``api``, ``stop`` (the stop words as a
    Set) and ``args``."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<script>window.module = {exports: {}};</script>")
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))

    def call(expression: str, *args):
        body = "([api, args]) => { const stop = new Set(args[0]); return (" + expression + "); }"
        return page.evaluate(f"args => ({body})([window.module.exports, args])", [STOP, *args])

    yield call
    context.close()


TEXTS = [
    "Cost per lead",
    "Lead-to-opportunity conversion",
    "Buyer's journey",
    "Buyer\u2019s journey",
    "M.Q.L.",
    "Marketing-Qualified Lead (MQL)",
    "Лид",
    "naïve café",
    "nai\u0308ve cafe\u0301",  # decomposed: NFC first
    "市场营销",
    "B2B e-mail, 3.5% ROI!",
    "__init__ snake_case",
    "The cost of a lead, per month, vs. the plan",
    '"lead gen" +cost -score title:lead lead^2 lead~1 lead*',
    "ÉCOLE Straße İstanbul",
    "<script>alert(1)</script>",
    "",
    "per the of",
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_query_splits_into_the_words_the_index_holds(worker, text: str) -> None:
    assert worker("api.words(args[1], stop)", text) == search_shards.words(text)
    assert worker("api.nameKey(args[1], stop)", text) == search_shards.name_key(text)


@pytest.mark.parametrize(
    "word", ["leads", "mqls", "opportunities", "days", "process", "campus", "analysis", "sales", "lead", "cpl", "ties"]
)
def test_plurals_are_read_alike(worker, word: str) -> None:
    assert worker("api.singular(args[1])", word) == search_shards.singular(word)


@pytest.mark.parametrize("key", ["le", "t5", "00", "ле", "lead gen", "é", "市场", "a", "x72c3a9", "ré"])
def test_shard_files_are_named_alike(worker, key: str) -> None:
    assert worker("api.fileKey(args[1])", key) == search_shards.file_key(key)


def test_a_word_is_looked_up_in_the_shard_of_its_longest_key(worker) -> None:
    keys = ["le", "lea", "lead", "ma", "mq", "0"]
    for word in ["lead", "leads", "leader", "lever", "mql", "0", "x"]:
        assert worker("api.shardKey(args[1], args[2])", word, keys) == search_shards.shard_key(word, keys)
    # a word shorter than the keys under it reads those too, while they are few
    assert worker("api.keysFor(args[1], args[2])", "le", keys) == ["le", "lea", "lead"]
    many = ["ma"] + [f"ma{c}" for c in "abcdefgh"]
    assert worker("api.keysFor(args[1], args[2])", "ma", many) == ["ma"]


def test_postings_decode_from_gaps(worker) -> None:
    assert worker("api.decode(args[1])", [0, 5, 3, 10, 1, 7]) == [[0, 5], [3, 10], [4, 7]]


def test_a_word_matches_itself_its_singular_and_longer_words(worker) -> None:
    postings = {"lead": [0, 1], "leads": [1, 1], "leader": [2, 1], "mql": [0, 1], "l": [0, 1]}
    found = worker("api.matches(args[1], args[2])", "leads", postings)
    assert found == {"leads": 1, "lead": 0.9}
    found = worker("api.matches(args[1], args[2])", "lead", postings)
    assert found["lead"] == 1 and found["leads"] == pytest.approx(0.6 * 4 / 5) and "mql" not in found
    assert worker("api.matches(args[1], args[2])", "l", postings) == {"l": 1}  # one letter: itself only


def test_the_page_named_as_typed_comes_first_then_the_best_scores(worker) -> None:
    postings = {"lead": [0, 5, 1, 90, 1, 20], "scoring": [1, 80]}  # pages 0, 1, 2
    ranked = worker("api.rank(args[1], args[2], args[3], 3)", ["lead"], postings, [0])
    assert [entry["page"] for entry in ranked] == [0, 1, 2]  # page 0 is named "lead"
    ranked = worker("api.rank(args[1], args[2], null, 3)", ["lead"], postings)
    assert [entry["page"] for entry in ranked] == [1, 2, 0]
    ranked = worker("api.rank(args[1], args[2], null, 3)", ["lead", "scoring"], postings)
    assert ranked[0]["page"] == 1 and ranked[0]["has"] == {"lead": True, "scoring": True}
    assert ranked[1]["has"] == {"lead": True}


@pytest.mark.parametrize(
    ("text", "typed", "html"),
    [
        ("Lead scoring", ["lead"], "<mark>Lead</mark> scoring"),
        ("Leads & MQLs", ["mqls"], "Leads &amp; <mark>MQLs</mark>"),
        ("<script>alert('lead')</script>", ["lead"], "&lt;script&gt;alert(&#39;<mark>lead</mark>&#39;)&lt;/script&gt;"),
        ('"><img src=x onerror=alert(1)>', ["img"], "&quot;&gt;&lt;<mark>img</mark> src=x onerror=alert(1)&gt;"),
        ("Buyer\u2019s journey", ["buyers"], "<mark>Buyer\u2019s</mark> journey"),
    ],
)
def test_results_are_escaped_with_the_words_typed_marked(worker, text: str, typed: list[str], html: str) -> None:
    assert worker("api.highlight(args[1], args[2])", text, typed) == html


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (
            "https://x.test/a/w.js?index=https%3A%2F%2Fx.test%2Fsearch%2Fglossary%2Fmanifest.json",
            "https://x.test/search/glossary/manifest.json",
        ),
        ("https://x.test/a/w.js?index=..%2Fm.json", "https://x.test/m.json"),
        ("https://x.test/a/w.js?index=https%3A%2F%2Fevil.test%2Fmanifest.json", None),
        ("https://x.test/a/w.js?index=data%3Aapplication%2Fjson%2C%7B%7D", None),
        ("https://x.test/a/w.js?index=https%3A%2F%2Fx.test%2Fm.js", None),
        ("https://x.test/a/w.js", None),
    ],
)
def test_only_an_index_of_the_same_site_is_read(worker, location: str, expected) -> None:
    assert worker("api.manifestUrl(args[1])", location) == expected


def test_every_query_has_a_bounded_cost(worker) -> None:
    assert worker("api.clamp(args[1])", "x" * 5000) == "x" * 200
    assert worker("api.clamp(args[1])", None) == ""


#: A small index as the worker fetches it: base URL -> JSON.
BASE = "https://x.test/search/glossary/manifest.json"
FILES = {
    BASE: {"version": 1, "hash": "h1", "docs": 3, "chunk": 2, "stop": STOP, "shards": ["le", "mq"]},
    "https://x.test/search/glossary/w/le.json?v=h1": {
        "w": {"lead": [0, 10, 1, 50, 1, 60], "leads": [0, 5]},
        "n": {"lead": [0]},
    },
    "https://x.test/search/glossary/w/mq.json?v=h1": {"w": {"mql": [1, 90]}, "n": {"mql": [1]}},
    "https://x.test/search/glossary/d/0.json?v=h1": [
        ["glossary/lead/", "Lead", "A person <b>who</b> may buy.", ["Lead"]],
        ["glossary/mql/", "Marketing qualified lead (MQL)", "A lead marketing vouches for.", ["MQL"]],
    ],
    "https://x.test/search/glossary/d/1.json?v=h1": [["playbooks/x/", "Lead review", "Leads, weekly.", []]],
}

#: A fake worker scope: the worker's ``serve`` with ``load`` answering from FILES (each on the next
#: task, a URL of ``held`` only once the other answers came), recording what it posts and fetches.
#: Returns after setup, the messages and ``answers`` answers; with ``held`` URLs, once they were released
#: and ``last`` (a URL the worker fetches after them) was answered too.
SERVE = """(async () => {
    const [files, base, messages, answers, held, last] = args.slice(1);
    const posted = [], fetched = [], waiting = [];
    let listener = null, lastAnswered = null;
    const scope = {addEventListener: (type, f) => { listener = f; }, postMessage: m => posted.push(m),
                   removeEventListener: () => { throw new Error("not without an index"); }};
    const load = url => { fetched.push(url); return new Promise(ok => {
        const answer = () => setTimeout(() => { ok(files[url] === undefined ? null : files[url]);
                                                if (url === last) lastAnswered(); });
        held.includes(url) ? waiting.push(answer) : answer(); }); };
    api.serve(scope, "https://x.test/assets/javascripts/workers/w.js?index=" + encodeURIComponent(base), load);
    const until = n => new Promise(ok => {
        const t = setInterval(() => { if (posted.length >= n) { clearInterval(t); ok(); } }, 1);
    });
    listener({data: {type: 0, data: {config: {}, docs: [], options: {suggest: true}}}});
    await until(1);
    for (const message of messages) listener({data: message});
    await until(1 + answers);
    if (held.length) {
        const done = new Promise(ok => { lastAnswered = ok; });
        waiting.forEach(answer => answer());
        await done;
        await new Promise(ok => setTimeout(ok));  // what the worker does with it, to the end
    }
    return {posted, fetched};
})()"""


def serve(worker, messages: list, answers: int, files: dict = FILES, held: tuple = (), last: str = "") -> dict:
    return worker(SERVE, files, BASE, messages, answers, list(held), last)


def test_setup_reads_the_manifest_then_a_query_reads_only_its_shard_and_results(worker) -> None:
    run = serve(worker, [{"type": 2, "data": "MQL"}], 1)
    assert run["posted"][0] == {"type": 1}
    result = run["posted"][1]
    assert result["type"] == 3
    items = result["data"]["items"]
    assert [group[0]["location"] for group in items] == ["glossary/mql/"]
    assert items[0][0]["title"] == "Marketing qualified lead (<mark>MQL</mark>)"
    assert items[0][0]["terms"] == {"mql": True}
    assert run["fetched"] == [
        BASE,
        "https://x.test/search/glossary/w/mq.json?v=h1",
        "https://x.test/search/glossary/d/0.json?v=h1",
    ]


@pytest.mark.parametrize("word", ["constructor", "valueof", "tostring", "hasownproperty"])
def test_words_that_are_names_of_objects_own_properties_are_searched_like_any(worker, word: str) -> None:
    """A name or word such as "constructor" was looked up in a plain object, found Object's own
    function and failed the search (attacker review, issue 32)."""
    files = {
        BASE: {**FILES[BASE], "shards": ["le", "mq", word[:2]]},
        **{url: body for url, body in FILES.items() if url != BASE},
        f"https://x.test/search/glossary/w/{word[:2]}.json?v=h1": {"w": {word: [2, 40]}, "n": {word: [2]}},
    }
    run = serve(worker, [{"type": 2, "data": word}], 1, files=files)
    assert [group[0]["location"] for group in run["posted"][1]["data"]["items"]] == ["playbooks/x/"]
    run = serve(worker, [{"type": 2, "data": "constructor"}], 1)  # in no shard: nothing, not an error
    assert run["posted"][1]["data"]["items"] == []


def test_the_page_named_as_typed_is_listed_first_with_a_suggestion(worker) -> None:
    run = serve(worker, [{"type": 2, "data": "leads"}], 1)
    items = run["posted"][1]["data"]["items"]
    # "leads": the page named "lead" (the plural aside) first, though others weigh "lead" more
    assert [group[0]["location"] for group in items] == ["glossary/lead/", "playbooks/x/", "glossary/mql/"]
    assert items[0][0]["text"] == "A person &lt;b&gt;who&lt;/b&gt; may buy."  # shown as text
    assert run["posted"][1]["data"]["suggest"] == []  # nothing longer than "leads" in "Lead"
    run = serve(worker, [{"type": 2, "data": "le"}], 1)
    assert run["posted"][1]["data"]["suggest"] == ["lead"]


def test_only_the_last_of_quick_queries_is_answered(worker) -> None:
    """The reader types on while a shard loads: the answer to an older query would replace a newer one."""
    slow = "https://x.test/search/glossary/w/le.json?v=h1"
    last = "https://x.test/search/glossary/d/1.json?v=h1"  # the results of "lead" need it, not those of "mql"
    run = serve(worker, [{"type": 2, "data": "lead"}, {"type": 2, "data": "mql"}], 1, held=(slow,), last=last)
    assert last in run["fetched"]  # "lead" was searched to the end...
    assert len(run["posted"]) == 2  # ...and not answered
    assert [group[0]["location"] for group in run["posted"][1]["data"]["items"]] == ["glossary/mql/"]


@pytest.mark.parametrize("query", ["", "   ", "per the", "zzz", None])
def test_a_query_without_known_words_finds_nothing(worker, query) -> None:
    run = serve(worker, [{"type": 2, "data": query}], 1)
    assert run["posted"][1] == {"type": 3, "data": {"items": [], "suggest": []}}


#: A fake worker scope without an index (no manifest): returns what the worker did once it imported
#: a script, or once it answered setup.
FALLBACK = """(async () => {
    const [location, messages] = args.slice(1);
    const done = [];
    let listener = null, finished;
    const over = new Promise(ok => { finished = ok; });
    const scope = {
        addEventListener: (type, f) => { listener = f; done.push("listen"); },
        removeEventListener: (type, f) => { if (f === listener) listener = null; done.push("unlisten"); },
        importScripts: url => { done.push("import " + url); setTimeout(finished); },
        dispatchEvent: event => { done.push(["dispatch", event.type, event.data]); },
        postMessage: m => { done.push(["post", m]); setTimeout(finished); },
    };
    api.serve(scope, location, url => new Promise(ok => setTimeout(() => ok(null))));
    for (const message of messages) listener({data: message});
    await over;
    return done;
})()"""


def test_without_an_index_the_engines_worker_takes_over_with_every_message(worker) -> None:
    """A Zensical build has no index of ours: its own worker gets the messages sent meanwhile, in order."""
    engine = "https://x.test/assets/javascripts/workers/search.1.min.js"
    location = f"https://x.test/assets/javascripts/workers/w.js?index=%2Fm.json&material={engine}"
    setup = {"type": 0, "data": {"config": {}, "docs": []}}
    done = worker(FALLBACK, location, [setup, {"type": 2, "data": "lead"}])
    assert done == [
        "listen",
        "unlisten",
        f"import {engine}",
        ["dispatch", "message", setup],
        ["dispatch", "message", {"type": 2, "data": "lead"}],
    ]


@pytest.mark.parametrize(
    "engine", ["", "&material=https%3A%2F%2Fevil.test%2Fsearch.js", "&material=data%3Atext%2Fjavascript%2C1"]
)
def test_without_an_index_nor_an_engine_worker_of_the_site_search_finds_nothing(worker, engine: str) -> None:
    location = f"https://x.test/assets/javascripts/workers/w.js?index=%2Fm.json{engine}"
    done = worker(FALLBACK, location, [{"type": 0, "data": {}}])
    assert done == ["listen", ["post", {"type": 1}]]


def test_a_missing_index_answers_every_query_with_nothing(worker) -> None:
    run = serve(worker, [{"type": 2, "data": "lead"}], 1, files={})
    assert run["posted"] == [{"type": 1}, {"type": 3, "data": {"items": []}}]


@pytest.mark.parametrize("message", [{"type": 7, "data": "lead"}, "lead", None, [2, "lead"]])
def test_other_messages_are_ignored(worker, message) -> None:
    run = serve(worker, [message, {"type": 2, "data": "mql"}], 1)
    assert len(run["posted"]) == 2 and run["posted"][1]["type"] == 3


def test_pages_name_our_worker_its_index_and_the_engines_worker(page, site_url: str, built_site) -> None:
    from urllib.parse import parse_qs, urlsplit

    page.goto(site_url + "/glossary/")
    config = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    assert urlsplit(config).path.endswith("/assets/javascripts/workers/glossary-search.js")
    query = parse_qs(urlsplit(config).query)
    assert query["index"] == [site_url + "/search/glossary/manifest.json"]
    assert (built_site / "search" / "glossary" / "manifest.json").is_file()
    engine = query["material"][0][len(site_url) + 1 :]
    assert engine.startswith("assets/javascripts/workers/search.") and (built_site / engine).is_file()


@pytest.mark.parametrize("query", ["lead~1000", "lead~99 cost~99 " * 20])
def test_a_search_link_with_operators_still_answers(page, site_url: str, query: str) -> None:
    """/?q=lead~1000 once kept Material's worker busy for minutes (lunr built every spelling within the
    edit distance); operators are now words like any other, and the results come."""
    from urllib.parse import quote

    from playwright.sync_api import expect

    page.goto(f"{site_url}/?q={quote(query)}")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"\d+ matching documents?"), timeout=20000)
    href = page.locator(".md-search-result__item a.md-search-result__link").first.get_attribute("href")
    assert href is not None and "/glossary/" in href
