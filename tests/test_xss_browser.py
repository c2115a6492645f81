"""A hostile corpus in every user-authored field, built and loaded in Chromium: no script may run.

Every payload calls window.__xss(name) if it ever executes. Each built page is loaded with
that trap installed, every element is hovered, focused and clicked-at by events, and the
page's links are checked for script URLs. The content passes `glossary check`: these are
the payloads a contributor could get merged, so the renderer is what must stop them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.checks.records import CheckOptions
from generator.site.build import build_site

from .conftest import FIXTURES, REPO, SETTLE, serve_folder, serving, strings

playwright = pytest.importorskip("playwright.sync_api")

PAYLOADS = [
    "<script>__xss('script')</script>",
    "<img src=x onerror=__xss('img')>",
    "<svg onload=__xss('svg')><circle/></svg>",
    "\"><b onmouseover=__xss('attr')>quote</b>",
    "' onfocus='__xss(`single`)' autofocus='",
    "<a href=\"javascript:__xss('href')\">link</a>",
    "<iframe srcdoc=\"<script>parent.__xss('srcdoc')</script>\"></iframe>",
    "{{ 7*7 }} {% raw %}jinja{% endraw %}",
    "</title></textarea></script><script>__xss('breakout')</script>",
    "<details open ontoggle=__xss('toggle')>",
]
#: Markdown fields: the same (but script URLs, which `glossary check` refuses there) and Markdown link tricks.
MARKDOWN_PAYLOADS = [
    *(p for p in PAYLOADS if "javascript:" not in p),
    "[click](https://example.com/\"onmouseover=\"__xss('mdattr'))",
    "![img](https://example.com/x\"onerror=\"__xss('mdimg'))",
    "<https://example.com/<script>__xss('autolink')</script>>",
    '[ref][r]\n\n[r]: https://example.com/ "t" onmouseover="__xss(\'reftitle\')"',
]
#: A word too long for the TOC's width: Material truncates it and shows the whole entry in a tooltip.
LONG_WORD = "Longheadingtext" * 8
#: Each Markdown construct a payload is wrapped in ({p}): as the whole field, in a heading (long, so
#: Material makes a TOC tooltip of it), a setext heading, lists, quotes, a table, a reference
#: definition and a link title, a footnote-shaped definition, code, emphasis and an admonition.
CONSTRUCTS = [
    "{p}",
    "## {p} " + LONG_WORD,
    "{p}\n---\n\nAfter [[lead]].",
    "{p}\n===",
    "- {p}\n- [[lead]]",
    "1. {p}\n2. second",
    "> {p}",
    "> ## {p} " + LONG_WORD,
    "| {p} | b |\n|---|---|\n| {p} | [[lead]] |",
    "[ref][r]\n\n[r]: https://example.com/ ({p})",
    "[title](https://example.com/ '{p}')",
    "Note[^1]\n\n[^1]: https://example.com/ {p}",
    "`{p}` and **{p}**",
    '!!! note "{p}"\n    {p}',
]
TRAP = "window.__ran = []; window.__xss = (name) => window.__ran.push(String(name)); window.alert = window.__xss;"
#: After TRAP: each name the trap records is also sent to the test (window.__report, a Playwright binding).
REPORT_TO_THE_TEST = (
    " const __push = window.__ran.push.bind(window.__ran);"
    " window.__ran.push = (name) => { window.__report(name); return __push(name); };"
)


def text(n: int) -> str:
    """A plain field: every other one starts with the payload, with no ordinary text before it."""
    payload = PAYLOADS[n % len(PAYLOADS)]
    return payload if n % 2 else "Hostile " + payload


def markdown(n: int) -> str:
    """A Markdown field: payload n in construct n (so across the fields every payload meets many constructs)."""
    payload, construct = MARKDOWN_PAYLOADS[n % len(MARKDOWN_PAYLOADS)], CONSTRUCTS[n % len(CONSTRUCTS)]
    if construct != "{p}":
        payload = payload.split("\n", 1)[0]  # a multi-line payload keeps its shape only unwrapped
    return construct.format(p=payload) + "\n\nSee [[lead]]."


TERMS = max(len(MARKDOWN_PAYLOADS), len(CONSTRUCTS))


def hostile_term(n: int) -> dict:
    return {
        "id": f"hostile-{n}",
        "term": (PAYLOADS[n % len(PAYLOADS)].replace("[", "(").replace("]", ")") + f" hostile {n}")
        if n % 2
        else f"Hostile {n} " + PAYLOADS[n % len(PAYLOADS)].replace("[", "(").replace("]", ")"),
        "abbreviation": f"HX{n}",
        "aliases": [f"alias {n} " + PAYLOADS[(n + 1) % len(PAYLOADS)]],
        "pronunciation": text(n + 2),
        "category": "leads",
        "summary": text(n + 3),
        "definition": markdown(n),
        "examples": [{"title": text(n + 4) + " " + LONG_WORD, "text": markdown(n + 1)}],
        "faq": [{"question": text(n + 5), "answer": markdown(n + 2)}],
        "related": ["lead"],
        "owner": text(n + 6),
        "sources": [{"source": "seed-a", "locator": text(n + 7), "quote": text(n + 8)}],
        "perspectives": [
            {"source": "seed-b", "definition": markdown(n + 3), "locator": text(n + 9), "quote": text(n + 10)},
            {"source": "seed-a", "definition": markdown(n + 4), "maps_to": "lead"},
        ],
    }


def hostile_project(root: Path) -> Path:
    shutil.copytree(FIXTURES / "base", root)
    shutil.copytree(REPO / "site_config", root / "site_config")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    g, p = root / "glossary", root / "playbooks"
    for n in range(TERMS):
        (g / f"hostile-{n}.yaml").write_text(yaml.safe_dump(hostile_term(n), allow_unicode=True))
    lead = yaml.safe_load((g / "lead.yaml").read_text())
    lead["related"] = ["marketing-qualified-lead", *(f"hostile-{n}" for n in range(TERMS))]
    (g / "lead.yaml").write_text(yaml.safe_dump(lead))
    (g / "_categories.yaml").write_text(yaml.safe_dump({"categories": [
        {"id": "leads", "name": text(1), "description": text(2)}]}))  # fmt: skip
    (g / "_sources.yaml").write_text(yaml.safe_dump({"sources": [
        {"id": "seed-a", "title": text(3), "publisher": text(4), "author": text(5), "summary": text(6),
         "url": "https://example.com/a_(b)/c?q=1&r=%22x%22#f"},
        {"id": "seed-b", "title": text(7)}]}))  # fmt: skip
    tactics = yaml.safe_load((p / "tactics.yaml").read_text())
    tactics["intro"] = {"text": markdown(5), "sources": [{"source": "seed-a", "locator": text(6), "quote": text(7)}]}
    for n, tactic in enumerate(tactics["tactics"]):
        tactic.update(name=f"Tactic {n} {PAYLOADS[n]}", summary=text(n + 1), rationale=markdown(n + 2))
        tactic["aliases"] = [f"t{n} " + PAYLOADS[n + 3]]
        for dispute in tactic.get("disputed", []):
            dispute.update(note=markdown(n + 4), locator=text(n + 5))
    (p / "tactics.yaml").write_text(yaml.safe_dump(tactics, allow_unicode=True))
    tables = yaml.safe_load((p / "tactic-tables.yaml").read_text())
    table = tables["tables"][0]
    table.update(title=text(1), caption=markdown(3))
    table["columns"][0]["heading"] = text(2)
    table["footnotes"][0]["text"] = markdown(4)
    (p / "tactic-tables.yaml").write_text(yaml.safe_dump(tables, allow_unicode=True))
    play = yaml.safe_load((p / "webinar-play.yaml").read_text())
    play.update(title="Play " + PAYLOADS[0], goal=text(2), summary=text(3), audience=text(4), owner=text(5))
    play["steps"] = [{"title": text(6), "text": markdown(7)}]
    play["funnel"][0]["stage"] = text(8)
    (p / "webinar-play.yaml").write_text(yaml.safe_dump(play, allow_unicode=True))
    classifier = yaml.safe_load((p / "classifier.yaml").read_text())
    question = classifier["questions"][0]
    question.update(question=text(1), help=text(2))
    question["answers"][0].update(label=text(3), reason=text(4))
    (p / "classifier.yaml").write_text(yaml.safe_dump(classifier, allow_unicode=True))
    return root


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    project = hostile_project(tmp_path_factory.mktemp("xss") / "project")
    build_site(project, options=CheckOptions())  # passes `glossary check`: these payloads can be merged
    url, server = serve_folder(project / "site")
    yield url, project / "site"
    server.shutdown()
    server.server_close()


#: Material for MkDocs shows title attributes and truncated (.md-ellipsis) text in tooltips through
#: innerHTML: any '<' there would become markup. None may reach those places.
TOOLTIP_SOURCES = (
    "[...document.querySelectorAll('[title]')].map(e => e.title).concat("
    "[...document.querySelectorAll('.md-ellipsis')].map(e => e.innerText)).filter(t => /[<>]/.test(t))"
)
LINK_TARGETS = (
    "[...document.querySelectorAll('[href],[src]')].map(e => e.getAttribute('href') || e.getAttribute('src'))"
)


#: Hover, focus and toggle everything, as a curious reader would; then wait until what that queued has run.
PROVOKE = f"""async () => {{
    for (const el of document.querySelectorAll('body *')) {{
        for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'toggle', 'load', 'error']) {{
            el.dispatchEvent(new Event(type, {{bubbles: true}}));
        }}
        if (typeof el.focus === 'function') {{ el.focus(); }}
    }}
    await ({SETTLE})();
}}"""
#: PROVOKE, then in the same round trip what the sweep checks: the names the trap recorded, text
#: Material would show as tooltip HTML, and every link target.
PROVOKE_AND_LOOK = f"""async () => {{
    await ({PROVOKE})();
    return {{ran: window.__ran, tooltipSources: {TOOLTIP_SOURCES}, links: {LINK_TARGETS}}};
}}"""


SCRIPT_SCHEMES = ("javascript:", "data:text", "vbscript:")


#: The context of the tests that hover, focus and search with the trap installed (page_with(**TRAPPED)):
#: one page for all of them, reset between tests; wide enough to show the table of contents.
TRAPPED = {"init_script": TRAP, "viewport": {"width": 1400, "height": 900}}
#: Playwright's default viewport, which the tests that did not ask for a wide one had.
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}


def provoke(page) -> None:
    """Hover, focus and toggle everything, and wait until what that started has run (PROVOKE)."""
    page.evaluate(PROVOKE)


#: A redirect page's two redirecting lines (templates/redirect.html.j2): taken out, the page stays.
STAYS = re.compile(r'<meta http-equiv="refresh" content="[^"<>]*">|<script>location\.replace\([^<>]*\);</script>')


def test_no_script_runs_on_any_page(browser, hostile_site) -> None:
    """Every page is loaded with the trap and provoked; a payload that runs reports to this test
    through a binding (window.__ran is lost on leaving).

    A redirect page leaves at once, before a payload in it could run or be provoked: followed, it
    proved nothing (a name written unescaped into its body ran nowhere) and cost a second load of
    the page it leads to. So each is served here without its two redirecting lines (STAYS), every
    other byte as built, and provoked as a page that stays; whether names lead where they should
    is test_build's and test_letter_pages' to say."""
    url, site = hostile_site
    pages, redirect_pages, contents = [], [], set()
    for file in sorted(site.rglob("index.html")):
        content = file.read_bytes()  # a page byte for byte another's (an alias's /embed/ card) once only
        if content not in contents:
            contents.add(content)
            path = file.relative_to(site).parent.as_posix()
            (redirect_pages if b'<meta http-equiv="refresh"' in content else pages).append(path)
    assert len(pages) > 30 and len(redirect_pages) > 10, (len(pages), len(redirect_pages))
    context = browser.new_context()
    reported: list[tuple[str, str]] = []
    context.expose_binding("__report", lambda source, name: reported.append((source["frame"].url, str(name))))
    context.add_init_script(TRAP + REPORT_TO_THE_TEST)
    page = context.new_page()
    ran, script_links, provoked, redirects = {}, {}, set(), 0

    def provoke_and_look(path: str) -> None:
        provoked.add(page.url)
        if path == "classifier":
            page.wait_for_selector(".gc[data-ready]")
            page.locator("#gc-input").fill("tactic")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
        seen = page.evaluate(PROVOKE_AND_LOOK)  # one round trip per page
        if seen["ran"]:
            ran[path] = seen["ran"]
        if seen["tooltipSources"]:
            ran.setdefault(path, []).append(f"markup Material renders as tooltip HTML: {seen['tooltipSources'][:3]}")
        bad = [h for h in seen["links"] if h and h.strip().lower().startswith(SCRIPT_SCHEMES)]
        if bad:
            script_links[path] = bad

    for path in pages:
        target = f"{url}/{'' if path == '.' else path + '/'}"
        page.goto(target)
        assert page.url == target, f"{path} is no redirect page, yet it led to {page.url}"
        provoke_and_look(path)
    staying = {
        f"{url}/{path}/": STAYS.sub("", (site / path / "index.html").read_text("utf-8")) for path in redirect_pages
    }
    page.route(
        lambda address: address in staying,
        lambda route: route.fulfill(body=staying[route.request.url], content_type="text/html; charset=utf-8"),
    )
    for path in redirect_pages:
        page.goto(f"{url}/{path}/")
        assert page.url == f"{url}/{path}/", f"{path} left, though its redirecting lines were taken out"
        redirects += 1
        provoke_and_look(path)
    page.evaluate("1")  # a round trip: every binding call made before it has reached this test
    context.close()
    assert redirects > 10 and len(provoked) > 60, (redirects, len(provoked))
    assert ran == {}, f"payloads ran: {ran}"
    assert reported == [], f"payloads ran: {reported}"
    assert script_links == {}, f"script URLs: {script_links}"


def test_payloads_are_shown_as_text(page, hostile_site) -> None:
    url, _ = hostile_site
    page.goto(f"{url}/glossary/hostile-0/")
    heading = page.locator("h1").inner_text()
    assert "\uff1cscript\uff1e" in heading, heading  # shown with look-alike brackets, never as markup
    assert page.locator("article script, article img[onerror], article svg[onload]").count() == 0
    assert page.locator("table.glossary-perspectives tbody tr").count() == 3  # ours and the two perspectives
    page.goto(f"{url}/tactics/")
    assert page.locator("article script, article img[onerror], article svg[onload]").count() == 0
    assert page.locator("article p", has_text=re.compile(r"^Sources:$")).count() == 1  # the intro was rendered


def test_hovering_hostile_links_in_a_real_browser_runs_nothing(page_with, hostile_site) -> None:
    url, _ = hostile_site
    page = page_with(**TRAPPED)
    page.set_viewport_size(DEFAULT_VIEWPORT)
    page.goto(f"{url}/glossary/lead/")
    links = page.query_selector_all("article a[title]")  # Material moves a title away while it shows it
    assert len(links) >= 10
    shown = 0
    for link in links:
        if link.is_visible():
            page.mouse.move(0, 0)
            page.locator(".md-tooltip2--active").wait_for(state="detached")
            link.hover(timeout=5000)
            page.locator(".md-tooltip2--active").wait_for(state="visible")  # Material shows it after a delay
            shown += 1
    assert shown >= 10, f"only {shown} tooltips shown: the test would prove little"
    assert page.evaluate("window.__ran") == []
    assert page.locator(".md-tooltip2 img, .md-tooltip2 svg, .md-tooltip2 script").count() == 0


def test_embed_cards_keep_payloads_as_text(page_with, hostile_site, tmp_path: Path) -> None:
    url, _ = hostile_site
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    (lesson / "index.html").write_text(
        f'<p><a href="{url}/glossary/hostile-1/">h</a> <span data-glossary="HX2">x</span></p>'
        f'<script src="{url}/embed.js"></script>'
    )
    page = page_with(**TRAPPED)
    with serving(lesson, page) as lesson_url:
        page.set_viewport_size(DEFAULT_VIEWPORT)
        page.goto(lesson_url + "/")
        page.wait_for_selector("[data-glossary-ready]")
        for selector in ("a", "span"):
            page.locator(selector).first.hover()
            card = page.locator("[data-gtm-glossary] .card")
            card.wait_for(state="visible")
            assert "Hostile" in card.inner_text()
        provoke(page)
        assert page.evaluate("window.__ran") == []


def hostile_pages(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "glossary").glob("hostile-*/index.html"))


def toc_entries(page: Path) -> set[str]:
    """The markup of each entry of a built page's table of contents (Material's secondary sidebar)."""
    html = page.read_text(encoding="utf-8")
    start = html.find("md-sidebar--secondary")
    sidebar = html[start : html.find('class="md-content"', start)] if start >= 0 else ""
    return set(re.findall(r'class="md-nav__link">(.*?)</a>', sidebar, re.S))


#: (index, markup) of each link whose text Material truncates (and so shows in a tooltip), in one round trip.
TRUNCATED_ENTRIES = """links => links.flatMap((e, i) =>
    [...e.querySelectorAll('.md-ellipsis')].some(s => s.scrollWidth > s.clientWidth) ? [[i, e.innerHTML]] : [])"""


def test_hovering_and_focusing_table_of_contents_entries_runs_nothing(page_with, hostile_site) -> None:
    """Long TOC entries get Material's tooltip (content.tooltips), which shows the entry's text as HTML.
    The tooltip is made from the entry's markup alone, so each distinct entry is hovered and focused
    once: the same payload in the same words on another page makes the same tooltip (21 entries, 10
    distinct, when this was written). A page is loaded only if its built TOC holds an entry no page
    loaded before held (10 pages of 21, 7 of them redirects); test_no_script_runs_on_any_page loads
    and provokes every page with the trap."""
    url, site = hostile_site
    page = page_with(**TRAPPED)  # wide enough to show the TOC
    tooltips_seen, entries_seen, built_entries_seen = 0, set(), set()
    for name in hostile_pages(site):
        built_entries = toc_entries(site / "glossary" / name / "index.html")
        if built_entries <= built_entries_seen:
            continue
        built_entries_seen |= built_entries
        page.goto(f"{url}/glossary/{name}/")
        links = page.locator(".md-sidebar--secondary .md-nav__link")
        for i, entry in links.evaluate_all(TRUNCATED_ENTRIES):
            link = links.nth(i)
            if entry in entries_seen or not link.is_visible():
                continue
            entries_seen.add(entry)
            page.mouse.move(0, 0)
            link.hover()
            page.locator(".md-tooltip2--active").wait_for(state="visible")
            page.mouse.move(0, 0)
            page.locator(".md-tooltip2--active").wait_for(state="detached")
            link.focus()  # keyboard focus shows the same tooltip
            page.locator(".md-tooltip2--active").wait_for(state="visible")
            tooltips_seen += 1
            link.blur()
        assert page.evaluate("window.__ran") == [], name
        assert page.locator(".md-tooltip2 img, .md-tooltip2 svg, .md-tooltip2 script").count() == 0, name
        assert page.evaluate(TOOLTIP_SOURCES) == [], name
    assert tooltips_seen >= len(PAYLOADS), f"only {tooltips_seen} TOC tooltips: fewer than the payloads"


@pytest.mark.parametrize("query", ["hostile", "onerror", "longheadingtext", "tactic"])
def test_search_results_show_payloads_as_text(page_with, hostile_site, query: str) -> None:
    url, _ = hostile_site
    page = page_with(**TRAPPED)
    page.goto(f"{url}/")
    page.locator("input.md-search__input").click()
    # The index loads in a web worker: type once it says it is ready, as a reader would see.
    playwright.expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("Type to start"))
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    provoke(page)
    assert page.evaluate("window.__ran") == []
    assert page.locator(".md-search-result img, .md-search-result svg, .md-search-result script").count() == 0
    results.first.locator("a").first.click()
    page.wait_for_load_state()
    provoke(page)
    assert page.evaluate("window.__ran") == []


def test_exports_carry_no_active_html(hostile_site) -> None:
    """terms.json, tactics.json, the classifier's data and glossary.csv: every HTML field is inert,
    and no field of any kind carries a script element or an unsafe link."""
    import csv
    import io
    import json

    from .conftest import unsafe_html

    _, site = hostile_site
    documents = {
        "terms.json": json.loads((site / "terms.json").read_text()),
        "tactics.json": json.loads((site / "tactics.json").read_text()),
        "classifier.json": json.loads((site / "assets" / "glossary" / "classifier.json").read_text()),
    }

    html_fields = 0
    for name, document in documents.items():
        for key, value in strings(document):
            if key.endswith("html"):
                html_fields += 1
                assert unsafe_html(value) == [], (name, key, value)
    assert html_fields > 20
    rows = list(csv.reader(io.StringIO((site / "glossary.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) > 10
    for row in rows:
        for cell in row:
            assert not cell.lower().startswith(("javascript:", "data:", "vbscript:")), cell
