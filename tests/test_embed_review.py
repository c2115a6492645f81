"""A trainer's review of the embeds (issue: trainer): iframe cards and oEmbed under former ids and
aliases, `glossary link --check` on iframes and deprecated terms, links that open a new tab, status in
hover cards, cards that fit their iframe, terms added after load, and the keyboard."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.site.embed_data import unknown_terms

from .conftest import FIXTURES, check, glossary_in, serve_folder, site_project


@pytest.fixture(scope="module")
def glossary():
    return check(FIXTURES / "site").require()


@pytest.fixture(scope="module")
def site_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_project(tmp_path_factory.mktemp("review"))


run = glossary_in


@pytest.fixture
def host_page(tmp_path: Path):
    """``host_page(html)``: serve ``html`` as index.html from another origin than the glossary; its URL."""
    servers = []

    def serve(html: str, name: str = "host") -> str:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "index.html").write_text(html, encoding="utf-8")
        url, server = serve_folder(folder)
        servers.append(server)
        return url + "/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


# --- 1. a renamed term's iframe and oEmbed addresses keep working --------------------------------


def test_former_ids_and_aliases_have_an_embed_card_and_an_oembed_document(built_site: Path, site_url: str) -> None:
    """lead-scoring was points-model (former_ids) and is called "scoring model" (an alias): an
    iframe pasted with either address still shows the current card."""
    for old in ("points-model", "scoring-model"):
        html = (built_site / "embed" / old / "index.html").read_text(encoding="utf-8")
        assert 'data-term="lead-scoring"' in html and "Lead scoring" in html
        assert 'href="../../glossary/lead-scoring/"' in html
        document = json.loads((built_site / "oembed" / f"{old}.json").read_text(encoding="utf-8"))
        assert document["title"] == "Lead scoring"
        assert f'src="{site_url}/embed/lead-scoring/"' in document["html"]
    # the abbreviation's slug, as /glossary/mql/ redirects
    assert 'data-term="marketing-qualified-lead"' in (built_site / "embed" / "mql" / "index.html").read_text()


def test_an_iframe_pasted_before_a_rename_shows_the_current_card(page, site_url: str, host_page) -> None:
    url = host_page(
        f'<!doctype html><title>lesson</title><iframe src="{site_url}/embed/points-model/" title="card"></iframe>'
    )
    page.goto(url)
    card = page.frame_locator("iframe").locator("article.card")
    card.wait_for()
    assert card.get_attribute("data-term") == "lead-scoring"
    assert card.locator("a").get_attribute("href") == "../../glossary/lead-scoring/"


LESSON_WITH_IFRAMES = """<!doctype html>
<p><iframe src="https://g.example/gtm/embed/lead/" title="a"></iframe>
<iframe src="https://g.example/gtm/embed/points-model/" title="b"></iframe>
  <iframe src="https://g.example/gtm/embed/lead-scorng/" title="c"></iframe>
<iframe src="https://elsewhere.example/embed/nothing/" title="d"></iframe>
<iframe src="https://g.example/gtm/embed/MQLs/" title="e"></iframe></p>
"""


def test_link_check_reads_iframes_of_embed_cards(glossary) -> None:
    unknown = unknown_terms(LESSON_WITH_IFRAMES, glossary, "https://g.example/gtm/")
    found = [(m.line, m.column, m.kind, m.slug, match[0] if match else None) for m, match in unknown]
    # a former id has its card; a form ("MQLs") has a hover card but no /embed/ page
    assert found == [(4, 3, "iframe", "lead-scorng", "lead-scoring"), (6, 1, "iframe", "MQLs", "mql")]


def test_link_check_reports_an_iframe_with_its_place_and_the_closest_name(site_fixture: Path, tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.html"
    lesson.write_text(LESSON_WITH_IFRAMES, encoding="utf-8")
    result = run(site_fixture, "link", "--check", str(lesson), "--site-url", "https://g.example/gtm/")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{lesson}:4:3: unknown term in an iframe of https://g.example/gtm/embed/lead-scorng/; "
        'did you mean "lead-scoring" (Lead scoring)?',
        f"{lesson}:6:1: unknown term in an iframe of https://g.example/gtm/embed/MQLs/; "
        'did you mean "mql" (Marketing qualified lead)?',
    ]


# --- 2. "Read the full definition" opens a new tab, never the whole course ----------------------

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect


def lesson(site_url: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Lesson</title></head><body>"
        f"<h1>Lesson</h1>{body}<script src='{site_url}/embed.js' defer></script></body></html>"
    )


def hover_card(page):
    return page.locator("[data-gtm-glossary] .card")


def test_the_hover_cards_link_opens_a_new_tab(page, site_url: str, host_page) -> None:
    url = host_page(lesson(site_url, '<p><span data-glossary="SQL">sales qualified lead</span></p>'))
    page.goto(url)
    span = page.locator("span[data-glossary]")
    expect(span).to_have_attribute("data-glossary-ready", "sales-qualified-lead")
    span.hover()
    more = hover_card(page).locator("a.more")
    expect(more).to_be_visible()
    assert (more.get_attribute("target"), more.get_attribute("rel")) == ("_blank", "noopener")
    with page.context.expect_page() as opened:
        more.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == f"{site_url}/glossary/sales-qualified-lead/"
    assert page.url == url, "the lesson stays where it was"
    opened.value.close()


@pytest.mark.parametrize("sandbox", [None, "allow-scripts allow-popups"])
def test_the_iframe_cards_link_opens_a_new_tab_even_in_a_sandboxed_frame(
    page, site_url: str, host_page, sandbox: str | None
) -> None:
    """As an LMS frames a lesson: _top navigated the whole course away, and did nothing in a sandbox."""
    attribute = f' sandbox="{sandbox}"' if sandbox else ""
    url = host_page(
        f'<!doctype html><title>course</title><iframe src="{site_url}/embed/lead/" title="card"{attribute}></iframe>'
    )
    page.goto(url)
    link = page.frame_locator("iframe").locator("a", has_text="Read the full definition")
    link.wait_for()
    assert (link.get_attribute("target"), link.get_attribute("rel")) == ("_blank", "noopener")
    with page.context.expect_page() as opened:
        link.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == f"{site_url}/glossary/lead/"
    assert page.url == url
    opened.value.close()


# --- 3. draft and deprecated terms say so in their hover card -----------------------------------


def test_a_deprecated_or_draft_term_says_so_in_its_hover_card(page, site_url: str, host_page) -> None:
    url = host_page(
        lesson(
            site_url,
            '<p><span data-glossary="old lead score">old</span> <span data-glossary="SQL">sql</span> '
            '<span data-glossary="lead">lead</span></p>',
        )
    )

    def sql_as_a_draft(route) -> None:  # the fixture has no draft term: the shard says SQL is one
        body = route.fetch().text()
        body = body.replace('"id":"sales-qualified-lead"', '"id":"sales-qualified-lead","x":0')
        body = re.sub(r'("x":0.*?"status":)"approved"', r'\1"draft"', body, count=1)
        route.fulfill(body=body, content_type="text/javascript")

    page.route(f"{site_url}/embed-data/*.js", sql_as_a_draft)
    page.goto(url)
    expect(page.locator("[data-glossary-ready]")).to_have_count(3)
    expected = {
        "old lead score": "Deprecated: use Lead scoring instead.",
        "SQL": "Draft: not yet agreed.",
        "lead": None,
    }
    for name, status in expected.items():
        page.locator(f'span[data-glossary="{name}"]').hover()
        line = hover_card(page).locator(".status")
        if status is None:
            expect(line).to_be_hidden()
        else:
            expect(line).to_have_text(status)
            # screen readers hear it too, before the summary
            description = page.locator("#gtm-glossary-description")
            expect(description).to_have_text(re.compile("^" + re.escape(status) + " "))
        page.mouse.move(0, 0)
        expect(hover_card(page)).to_be_hidden()
    page.unroute(f"{site_url}/embed-data/*.js")


def test_the_iframe_card_says_deprecated_in_the_same_words(built_site: Path) -> None:
    html = (built_site / "embed" / "old-lead-score" / "index.html").read_text(encoding="utf-8")
    assert '<p class="status">Deprecated: use Lead scoring instead.</p>' in html


def test_link_check_warns_of_deprecated_terms_with_their_successor_and_passes(
    site_fixture: Path, tmp_path: Path
) -> None:
    lesson_file = tmp_path / "lesson.html"
    lesson_file.write_text(
        '<p><span data-glossary="MQL">m</span>\n<a href="https://g.example/glossary/old-lead-score/">old</a>'
        '<iframe src="https://g.example/embed/old-lead-score/" title="x"></iframe></p>',
        encoding="utf-8",
    )
    result = run(site_fixture, "link", "--check", str(lesson_file), "--site-url", "https://g.example/")
    assert result.returncode == 0, result.stderr
    old = "https://g.example/"
    instead = '(Old lead score); use "lead-scoring" (Lead scoring) instead'
    assert result.stdout.splitlines() == [
        f"{lesson_file}:2:1: warning: deprecated term in a link to {old}glossary/old-lead-score/ {instead}",
        f"{lesson_file}:2:61: warning: deprecated term in an iframe of {old}embed/old-lead-score/ {instead}",
    ]
    assert result.stderr.splitlines() == [
        "glossary: every term in 1 page is known; 2 deprecated terms named (warnings only)"
    ]


# --- 4. the iframe card fits its frame: every shipped card, on a phone too ----------------------


#: Words for the cards of different lengths the test writes (never the shipped content: a team's
#: own summaries must not decide whether `make test` passes).
WORDS = "marketing qualifies every lead before sales follows up with a call or an email about the offer".split()


def card_term(number: int, name_words: int, summary_words: int, status: str = "approved") -> str:
    name = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(name_words)).capitalize()
    summary = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(summary_words)).capitalize() + "."
    extra = "superseded_by: lead\n" if status == "deprecated" else ""
    return (
        f"id: card-{number}\nterm: {name} {number}\nstatus: {status}\n{extra}summary: {summary}\n"
        "definition: A term of the card sizes test.\nrelated: [lead]\n"
    )


@pytest.fixture(scope="module")
def sized_cards(tmp_path_factory: pytest.TempPathFactory):
    """The fixture site's cards and cards written here, names of one to nine words and summaries of
    four to sixty, some draft or deprecated (a status line), served: (URL, {term id: summary length})."""
    from generator.site.data_files import embed_pages
    from generator.site.render import Renderer

    project = site_project(tmp_path_factory.mktemp("sized"))
    sizes = [(1, 4), (2, 12), (3, 20), (4, 28), (6, 34), (9, 40), (2, 60), (5, 24), (3, 30), (7, 16)]
    for number, (name_words, summary_words) in enumerate(sizes):
        status = ("approved", "draft", "deprecated")[number % 3]
        (project / "glossary" / f"card-{number}.yaml").write_text(card_term(number, name_words, summary_words, status))
    glossary = check(project).require(strict=False)
    folder = tmp_path_factory.mktemp("cards")
    for card in embed_pages(glossary, Renderer(glossary).env.get_template("embed.html.j2")):
        (folder / card.path).parent.mkdir(parents=True, exist_ok=True)
        (folder / card.path).write_text(card.content, encoding="utf-8")
    url, server = serve_folder(folder)
    yield url, {term.id: len(term.summary or "") for term in glossary.terms.values()}
    server.shutdown()
    server.server_close()


FITS = """() => {
  const link = document.querySelector("a").getBoundingClientRect(), page = document.documentElement;
  const summary = document.querySelector(".summary");
  const lines = summary.clientHeight / parseFloat(getComputedStyle(summary).lineHeight);
  return {link: link.bottom <= innerHeight - 8 && link.right <= innerWidth, scrolls: page.scrollHeight > innerHeight
          || page.scrollWidth > innerWidth, clamped: summary.scrollHeight > summary.clientHeight + 1,
          cut: Math.abs(lines - Math.round(lines)) > 0.05};
}"""


def test_every_card_fits_the_size_snippets_give_it(page_with, sized_cards) -> None:
    """At the size of `link --format embed`, the share panel and oEmbed every card shows whole but for a
    summary longer than the clamp (4 lines), its link inside the frame; in a narrower frame (a phone) and
    in frames pasted at the earlier 360x170 the summary gives way (whole lines), never the link."""
    from generator.interop.export import EMBED_CARD_SIZE

    url, summaries = sized_cards
    assert len(summaries) >= 20 and max(summaries.values()) > 300
    width, height = EMBED_CARD_SIZE
    sizes = ((width, height), (343, height), (360, 170))
    page = page_with(viewport={"width": width, "height": height})
    measured: dict[tuple[int, int], dict[str, dict]] = {size: {} for size in sizes}
    for term_id in summaries:  # each card loaded once and laid out in each frame size (its viewport)
        page.goto(f"{url}/embed/{term_id}/")
        for size in sizes:
            page.set_viewport_size({"width": size[0], "height": size[1]})
            measured[size][term_id] = page.evaluate(FITS)
    for size, results in measured.items():
        assert [i for i, r in results.items() if not r["link"] or r["scrolls"]] == [], size
        assert [i for i, r in results.items() if r["cut"]] == [], f"{size}: a summary line cut in half"
        if size == EMBED_CARD_SIZE:  # whole but for summaries longer than the clamp
            clamped = [i for i, r in results.items() if r["clamped"]]
            assert [i for i in clamped if summaries[i] <= 120] == [], clamped
            assert [i for i in summaries if summaries[i] > 300 and i not in clamped] == []


def test_the_three_snippets_give_the_card_one_size_and_shrink_on_a_phone(
    page_with, built_site: Path, site_url: str, site_fixture: Path, host_page
) -> None:
    from generator.interop.export import EMBED_CARD_SIZE

    from .test_link_previews import head_of

    linked = run(site_fixture, "link", "lead", "--format", "embed", "--site-url", site_url).stdout.strip()
    shared = head_of(built_site / "glossary" / "lead" / "index.html").fields["share:iframe"]
    oembed = json.loads((built_site / "oembed" / "lead.json").read_text(encoding="utf-8"))
    size = f'width="{EMBED_CARD_SIZE[0]}" height="{EMBED_CARD_SIZE[1]}"'
    for snippet in (linked, shared, oembed["html"]):
        assert size in snippet and "max-width:100%" in snippet, snippet
    assert (oembed["width"], oembed["height"]) == EMBED_CARD_SIZE
    page = page_with(viewport={"width": 375, "height": 700})
    page.goto(host_page(f"<!doctype html><meta name='viewport' content='width=device-width'><p>{linked}</p>"))
    link = page.frame_locator("iframe").locator("a", has_text="Read the full definition")
    link.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the card overflows the phone"
    frame = page.locator("iframe").bounding_box()
    box = link.bounding_box()
    assert frame["x"] + frame["width"] <= 375 and box["y"] + box["height"] <= frame["y"] + frame["height"]


# --- 5. terms added to the page after it loaded ---------------------------------------------------


def test_terms_added_after_load_get_cards(page, site_url: str, host_page) -> None:
    """An LMS that renders its lesson with JavaScript, a quiz revealed later: watched and batched."""
    page.goto(host_page(lesson(site_url, '<p><span data-glossary="lead">lead</span></p><div id="later"></div>')))
    expect(page.locator("span[data-glossary='lead']")).to_have_attribute("data-glossary-ready", "lead")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.startswith(site_url) else None)
    page.evaluate(
        """url => {
        const later = document.getElementById("later");
        later.innerHTML = '<p><span data-glossary="SQL">sql</span> <a href="' + url + '/glossary/mql/">MQL</a></p>';
        const span = document.createElement("span");
        span.textContent = "cpl";
        later.appendChild(span);
        span.setAttribute("data-glossary", "CPL");  // an attribute set after the element was added
    }""",
        site_url,
    )
    expect(page.locator("#later [data-glossary-ready]")).to_have_count(3)
    page.locator("#later a").hover()
    expect(hover_card(page).locator(".name")).to_have_text("Marketing qualified lead (MQL)")
    assert fetched == [], "the glossary is small: its one shard was loaded already, and is not asked again"


def test_scan_finds_terms_in_a_shadow_root(page, site_url: str, host_page) -> None:
    """What the observer cannot see (a web component's shadow root): window.glossaryEmbed.scan(root)."""
    page.goto(host_page(lesson(site_url, '<p><span data-glossary="lead">lead</span></p><div id="widget"></div>')))
    expect(page.locator("span[data-glossary='lead']")).to_have_attribute("data-glossary-ready", "lead")
    found = page.evaluate(
        """() => {
        const root = document.getElementById("widget").attachShadow({mode: "open"});
        root.innerHTML = '<span data-glossary="SQL">sql</span> <span data-glossary="zzzzzz">?</span>';
        return window.glossaryEmbed.scan(root);
    }"""
    )
    assert found == 2
    expect(page.locator("#widget span[data-glossary='SQL']")).to_have_attribute("data-glossary-ready", re.compile("."))
    assert page.evaluate("window.glossaryEmbed.scan(document.getElementById('widget').shadowRoot)") == 0


# --- 6. the keyboard and screen readers reach the definition --------------------------------------


def test_enter_on_a_data_glossary_term_opens_its_page_in_a_new_tab(page, site_url: str, host_page) -> None:
    url = host_page(lesson(site_url, '<p>Then <span data-glossary="SQL">sales qualified lead</span>.</p>'))
    page.goto(url)
    span = page.locator("span[data-glossary]")
    expect(span).to_have_attribute("data-glossary-ready", "sales-qualified-lead")
    page.keyboard.press("Tab")
    expect(span).to_be_focused()
    expect(hover_card(page)).to_be_visible()
    # a screen reader hears a link, its text and the summary as its description
    summary = hover_card(page).locator(".summary").inner_text()
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    node = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": "span[data-glossary]"})
    [ax] = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})["nodes"][:1]
    assert (ax["role"]["value"], ax["name"]["value"]) == ("link", "sales qualified lead")
    assert ax["description"]["value"] == summary
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    opened.value.wait_for_load_state()
    assert opened.value.url == f"{site_url}/glossary/sales-qualified-lead/"
    opened.value.close()
    assert page.url == url
    page.keyboard.press("Escape")
    expect(hover_card(page)).to_be_hidden()
    expect(span).to_be_focused()
    # a screen reader's "activate" is a click: the same page
    with page.context.expect_page() as opened:
        span.click()
    opened.value.wait_for_load_state()
    assert opened.value.url == f"{site_url}/glossary/sales-qualified-lead/"
    opened.value.close()


def test_a_data_glossary_term_inside_a_link_is_left_to_the_link(page, site_url: str, host_page) -> None:
    page.goto(host_page(lesson(site_url, '<p><a href="#x"><span data-glossary="SQL">sql</span></a></p>')))
    span = page.locator("span[data-glossary]")
    expect(span).to_have_attribute("data-glossary-ready", "sales-qualified-lead")
    assert (span.get_attribute("role"), span.get_attribute("tabindex")) == (None, None), "one tab stop: the link"


# --- 7. the README says what to change in the snippet and what happens when the glossary is down --


def test_the_readme_says_to_replace_the_example_host_right_above_each_snippet() -> None:
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [
        m.start() for m in re.finditer(r"```html\n<script src=\"https://glossary\.example\.com/embed\.js\"", readme)
    ]
    assert len(blocks) == 2
    for start in blocks:
        paragraph = readme[:start].rstrip().rsplit("\n\n", 1)[-1]
        assert "Replace `https://glossary.example.com`" in paragraph and "your glossary's" in paragraph, paragraph


def test_the_readme_says_what_a_trainer_sees_when_the_glossary_is_unreachable() -> None:
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    hover = readme.split("### Hover cards in training material", 1)[1].split("\n### ", 1)[0]
    assert "if `embed.js` itself does not load" in hover and "terms stay plain text" in hover
    assert "Only when `embed.js`\nloads and its data" in hover
    for behaviour in ('target="_blank" rel="noopener"', "window.glossaryEmbed.scan(root)", "Enter", "Deprecated: use"):
        assert behaviour in hover, behaviour
