"""embed.js on a training page served from another origin, in Chromium: cards on hover and focus."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, REPO, serve_folder, serving

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect


def lesson(folder: Path, glossary_url: str) -> Path:
    """The repository's demo page, pointed at the glossary under test."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (REPO / "examples" / "embed-demo.html").read_text(encoding="utf-8")
    (folder / "index.html").write_text(text.replace("http://127.0.0.1:8000/", glossary_url + "/"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def glossary_with_cors(built_site: Path):
    url, server = serve_folder(built_site, cors=True)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_lesson():
    """``open_lesson(page, folder)``: serve the folder on a port of its own and open it; the server stops
    when the test ends (after the page has left it)."""
    servers = []

    def open_in(page, folder: Path) -> None:
        url, server = serve_folder(folder)
        servers.append(server)
        page.goto(url + "/")

    yield open_in
    for server in servers:
        server.shutdown()
        server.server_close()


def card(page):
    return page.locator("[data-gtm-glossary] .card")


def console_errors(page) -> list[str]:
    """Every console error and warning the page logs (a blocked fetch logs one of each), but for
    the lesson server's missing favicon.ico, which is the test server's doing, not embed.js's."""
    found: list[str] = []

    def note(message) -> None:
        if message.type in ("error", "warning") and not message.location.get("url", "").endswith("/favicon.ico"):
            found.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", note)
    return found


def wait_ready(page) -> None:
    page.wait_for_function("document.querySelector('[data-glossary=\"SQL\"][data-glossary-ready]')")


DARK_HOST = (
    "<style>html{background:#111;color:#eee;font:24px/2.2 monospace;letter-spacing:.2em;word-spacing:1em}</style>"
)


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("host", ["light", "dark"])
def test_cards_are_readable_and_inside_the_viewport(
    page, open_lesson, tmp_path: Path, glossary_with_cors: str, width: int, host: str
) -> None:
    """The card once shrank to ~100 px (a zero-width container): now 260-340 px, or the viewport less 16 px."""
    folder = lesson(tmp_path / "lms", glossary_with_cors)
    page_file = folder / "index.html"
    text = page_file.read_text()
    if host == "dark":
        text = text.replace("</head>", DARK_HOST + "</head>")
    # a term at the right edge and one at the bottom: the card must shift left and flip above
    text = text.replace(
        "</body>",
        '<p style="text-align:right"><span data-glossary="MQL">edge</span></p>'
        '<p style="position:fixed;bottom:4px;left:4px;margin:0"><span data-glossary="lead">bottom</span></p></body>',
    )
    page_file.write_text(text)
    page.set_viewport_size({"width": width, "height": 700})
    open_lesson(page, folder)
    wait_ready(page)
    viewport = page.evaluate("[document.documentElement.clientWidth, document.documentElement.clientHeight]")
    boxes = {}
    for name, trigger in (
        ("mql", page.locator("a", has_text="MQL")),
        ("edge", page.locator("span", has_text="edge")),
        ("bottom", page.locator("span", has_text="bottom")),
    ):
        trigger.hover()
        expect(card(page)).to_be_visible()
        box = card(page).bounding_box()
        near = trigger.bounding_box()
        boxes[name] = box
        assert min(260, viewport[0] - 16) <= box["width"] <= min(360, viewport[0] - 16), (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport[0], (name, box, viewport)
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport[1], (name, box, viewport)
        if name == "bottom":
            assert box["y"] + box["height"] <= near["y"], "no room below: the card goes above the term"
        else:  # next to its term: below, or above when there is no room below; never over it
            below, above = box["y"] >= near["y"] + near["height"], box["y"] + box["height"] <= near["y"]
            assert below or above, (name, box, near)
            assert min(abs(box["y"] - near["y"] - near["height"]), abs(near["y"] - box["y"] - box["height"])) <= 10
        font = card(page).evaluate("c => [getComputedStyle(c).fontSize, getComputedStyle(c).letterSpacing]")
        assert font == ["14px", "normal"], "the host page's text styles leak into the card"
        if name == "mql":
            ARTIFACTS.mkdir(exist_ok=True)
            for target in (ARTIFACTS / f"i19-card-{host}-{width}.png", Path(f"/tmp/i19-card-{host}-{width}.png")):
                page.screenshot(path=str(target))
        page.mouse.move(0, 0)
        expect(card(page)).to_be_hidden()
    widths = {name: round(box["width"], 1) for name, box in boxes.items()}
    (ARTIFACTS / f"i19-card-{host}-{width}.json").write_text(json.dumps({"viewport": viewport, "card_widths": widths}))
    # the data-glossary element is marked as something to hover
    decoration = page.locator("span[data-glossary='SQL']").evaluate("e => getComputedStyle(e).textDecorationStyle")
    assert decoration == "dotted"


def test_a_focused_trigger_is_described_by_the_summary(page, open_lesson, tmp_path: Path, site_url: str) -> None:
    """What a screen reader announces: Chromium's accessibility tree of the focused link."""
    open_lesson(page, lesson(tmp_path / "lms", site_url))
    wait_ready(page)
    page.locator("a", has_text="MQL").focus()
    expect(card(page)).to_be_visible()
    summary = card(page).locator(".summary").inner_text()
    assert summary
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    node = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": "a[data-glossary-ready]:focus"})
    assert node["nodeId"]
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})["nodes"]
    link = next(n for n in tree if n.get("role", {}).get("value") == "link")
    assert link["name"]["value"] == "MQL"
    assert link.get("description", {}).get("value") == summary
    page.keyboard.press("Escape")
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})["nodes"]
    link = next(n for n in tree if n.get("role", {}).get("value") == "link")
    assert not link.get("description", {}).get("value"), "a hidden card describes nothing"


def test_touch_tap_opens_the_card_tap_outside_closes_second_tap_follows(
    browser, open_lesson, tmp_path: Path, glossary_with_cors: str
) -> None:
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 375, "height": 700})
    page = context.new_page()
    open_lesson(page, lesson(tmp_path / "lms", glossary_with_cors))
    wait_ready(page)
    lesson_url = page.url
    link = page.locator("a", has_text="MQL")
    link.tap()
    expect(card(page)).to_be_visible()
    assert page.url == lesson_url, "the first tap must show the card, not leave the page"
    page.locator("h1").tap()
    expect(card(page)).to_be_hidden()
    page.locator("span[data-glossary='SQL']").tap()
    expect(card(page)).to_be_visible()
    expect(card(page).locator(".name")).to_have_text("Sales qualified lead (SQL)")
    card(page).locator(".summary").tap()  # a tap inside the card keeps it open
    expect(card(page)).to_be_visible()
    page.locator("h1").tap()
    expect(card(page)).to_be_hidden()
    link.tap()
    expect(card(page)).to_be_visible()
    with page.expect_navigation():
        link.tap()  # the second tap follows the link
    assert page.url.startswith(glossary_with_cors + "/glossary/")
    context.close()


def test_demo_page_with_an_open_card_has_no_serious_axe_findings(
    page, open_lesson, tmp_path: Path, site_url: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_lesson(page, lesson(tmp_path / "lms", site_url))
    wait_ready(page)
    page.locator("span[data-glossary='SQL']").focus()
    expect(card(page)).to_be_visible()
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]]) for v in violations if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("host", ["cors", "no-cors"])
def test_hover_and_keyboard_focus_show_the_card(
    page, open_lesson, tmp_path: Path, glossary_with_cors: str, site_url: str, host: str
) -> None:
    glossary = glossary_with_cors if host == "cors" else site_url
    console = console_errors(page)
    open_lesson(page, lesson(tmp_path / "lms", glossary))
    assert not page.url.startswith(glossary), "the lesson must come from another origin"
    ready = page.wait_for_function("document.querySelector('[data-glossary-ready]')")
    assert ready
    # a script tag needs no CORS header: one data path (the shards), no failed fetch logged on either host
    assert page.locator("[data-gtm-glossary]").get_attribute("data-gtm-glossary") == "embed-data/"
    page.locator("a", has_text="MQL").hover()  # a link to an alias page
    expect(card(page)).to_be_visible()
    expect(card(page).locator(".name")).to_have_text("Marketing qualified lead (MQL)")
    expect(card(page).locator(".summary")).to_contain_text("marketing")
    expect(card(page).locator("a.more")).to_have_attribute("href", f"{glossary}/glossary/marketing-qualified-lead/")
    page.mouse.move(0, 0)
    expect(card(page)).to_be_hidden()
    # keyboard: Tab to the data-glossary element, the card describes it; Escape hides it
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-glossary')") == "SQL":
            break
    else:
        pytest.fail("the data-glossary element is not reachable with Tab")
    expect(card(page)).to_be_visible()
    expect(card(page).locator(".name")).to_have_text("Sales qualified lead (SQL)")
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "gtm-glossary-description"
    page.keyboard.press("Escape")
    expect(card(page)).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('data-glossary')") == "SQL"  # focus stays put
    assert page.evaluate("document.activeElement.hasAttribute('aria-describedby')") is False
    # links elsewhere are left alone
    assert page.locator("a[href='https://example.com/']").get_attribute("data-glossary-ready") is None
    page.wait_for_load_state("networkidle")
    assert console == []


def test_an_unreachable_glossary_leaves_the_page_as_it_was(page, open_lesson, tmp_path: Path) -> None:
    with serving(tmp_path / "empty", page) as url:  # no embed.js, no terms.json there
        folder = lesson(tmp_path / "lms", url)
        before = (folder / "index.html").read_text()
        open_lesson(page, folder)
        page.wait_for_load_state("networkidle")  # embed.js was asked for and refused: nothing more will come
        assert page.locator("[data-gtm-glossary]").count() == 0
        assert page.locator("[data-glossary-ready]").count() == 0
        assert page.locator("a", has_text="MQL").get_attribute("href").endswith("/glossary/mql/")
        assert before  # the page's own links still work as plain links


def test_embed_script_without_its_data_does_nothing_harmful_and_says_so_once(
    page, open_lesson, tmp_path: Path, built_site: Path
) -> None:
    glossary = tmp_path / "half"
    glossary.mkdir()
    (glossary / "embed.js").write_text((built_site / "embed.js").read_text())  # embed-data/ missing
    with serving(glossary, page) as url:
        warnings: list[str] = []
        page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        with page.expect_console_message(lambda message: message.type == "warning"):
            open_lesson(page, lesson(tmp_path / "lms", url))
        page.locator("a", has_text="MQL").hover()
        page.wait_for_load_state("networkidle")  # its requests for the shards have failed
        assert page.locator("[data-gtm-glossary]").count() == 0
        assert page.locator("[data-glossary-ready]").count() == 0
        assert warnings == [
            f"gtm-glossary: could not load {url}/embed-data/0.js: the glossary at {url}/ is unreachable, so its terms "
            "on this page have no cards (the links still work)."
        ]


def test_names_of_object_properties_are_no_terms(page, open_lesson, tmp_path: Path, glossary_with_cors: str) -> None:
    """data-glossary="constructor" once read the lookup table's prototype and showed a broken card."""
    folder = lesson(tmp_path / "lms", glossary_with_cors)
    names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]
    spans = "".join(f'<span data-glossary="{name}" tabindex="0">{name}</span> ' for name in names)
    links = "".join(f'<a href="{glossary_with_cors}/glossary/{name}/">{name}</a> ' for name in names)
    page_file = folder / "index.html"
    page_file.write_text(page_file.read_text().replace("</h1>", f"</h1><p>{spans}{links}</p>"))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_lesson(page, folder)
    page.wait_for_function("document.querySelector('[data-glossary=\"SQL\"][data-glossary-ready]')")
    for name in names:
        for element in (page.locator(f'span[data-glossary="{name}"]'), page.locator("a", has_text=name).first):
            assert element.get_attribute("data-glossary-ready") is None
            element.hover()
            expect(card(page)).to_be_hidden()
    assert errors == []


def test_a_form_of_a_term_gets_its_card(page, open_lesson, tmp_path: Path, glossary_with_cors: str) -> None:
    """`glossary link "marketing qualified leads"` works, so data-glossary with a form must too."""
    folder = lesson(tmp_path / "lms", glossary_with_cors)
    page_file = folder / "index.html"
    spans = '<span data-glossary="marketing qualified leads" tabindex="0">MQL stage</span>'
    page_file.write_text(page_file.read_text().replace("</h1>", f"</h1><p>{spans}</p>"))
    open_lesson(page, folder)
    span = page.locator('span[data-glossary="marketing qualified leads"]')
    expect(span).to_have_attribute("data-glossary-ready", re.compile(".*"))
    span.hover()
    expect(card(page)).to_be_visible()
    expect(card(page).locator(".name")).to_have_text("Marketing qualified lead (MQL)")


# --- the data of one card, not of every term (issue 32) ---------------------------------------------


@pytest.fixture(scope="module")
def corpus_glossary(corpus_site: Path):
    """The 500-term site, served: its embed.js data is in many shards."""
    url, server = serve_folder(corpus_site)
    yield url
    server.shutdown()
    server.server_close()


def shards_of(site: Path) -> int:
    return int(re.search(r"var SHARDS = (\d+);", (site / "embed.js").read_text(encoding="utf-8")).group(1))


def one_card_lesson(folder: Path, glossary_url: str, term_id: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Lesson</title></head><body>"
        f"<h1>Lesson</h1><p>One <a href='{glossary_url}/glossary/{term_id}/'>term</a>.</p>"
        f"<script src='{glossary_url}/embed.js' defer></script></body></html>",
        encoding="utf-8",
    )
    return folder


def test_one_card_on_another_origin_fetches_only_its_own_data(
    page, open_lesson, tmp_path: Path, corpus_site: Path, corpus_glossary: str
) -> None:
    from generator.site.embed_data import MAX_SHARD_BYTES, shard_of

    shards = shards_of(corpus_site)
    assert shards >= 16, "500 terms need many shards"
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.startswith(corpus_glossary) else None)
    open_lesson(page, one_card_lesson(tmp_path / "lms", corpus_glossary, "term-00123"))
    assert not page.url.startswith(corpus_glossary), "the lesson must come from another origin"
    expect(page.locator("a[data-glossary-ready='term-00123']")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    shard = f"embed-data/{shard_of('term-00123', shards)}.js"
    assert fetched == [f"{corpus_glossary}/embed.js", f"{corpus_glossary}/{shard}"]
    data = (corpus_site / shard).read_text(encoding="utf-8")
    assert len(data.encode()) <= MAX_SHARD_BYTES
    assert data.count('"id":') < 40, "a shard holds a few terms, not the glossary"
    page.locator("a", has_text="term").hover()
    expect(card(page).locator(".name")).to_have_text("Term 00123 (T128)")
    expect(card(page).locator("a.more")).to_have_attribute("href", f"{corpus_glossary}/glossary/term-00123/")


def test_an_embed_js_from_an_earlier_build_asks_again_with_the_datas_shard_count(
    page, open_lesson, tmp_path: Path, corpus_site: Path
) -> None:
    """A browser may hold embed.js from before the glossary grew: the shard it asks for says how
    many there are now, and the script asks again, once."""
    from generator.site.embed_data import shard_of

    shards = shards_of(corpus_site)
    stale = tmp_path / "stale"
    shutil.copytree(corpus_site / "embed-data", stale / "embed-data")
    script = (corpus_site / "embed.js").read_text(encoding="utf-8")
    (stale / "embed.js").write_text(script.replace(f"var SHARDS = {shards};", "var SHARDS = 1;"), encoding="utf-8")
    with serving(stale, page) as url:
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url) if request.url.startswith(url) else None)
        open_lesson(page, one_card_lesson(tmp_path / "lms", url, "term-00123"))
        expect(page.locator("a[data-glossary-ready='term-00123']")).to_have_count(1)
        right = shard_of("term-00123", shards)
        assert fetched == [f"{url}/embed.js", f"{url}/embed-data/0.js", f"{url}/embed-data/{right}.js"]


LINK_CHECK = "`glossary link --check PAGE.html` lists every unknown term of a page."


def test_an_unknown_term_is_warned_once_with_the_closest_name_as_link_check_says(
    page, open_lesson, tmp_path: Path, site_url: str
) -> None:
    """A trainer's typo got no card, no underline and no word: now one console warning per unknown
    name, with the closest name, the one `glossary link --check` prints."""
    from generator.site.embed_data import unknown_terms

    from .conftest import FIXTURES, check

    folder = lesson(tmp_path / "lms", site_url)
    page_file = folder / "index.html"
    typos = (
        '<span data-glossary="lead scorng">a</span> <span data-glossary="lead scorng">again</span> '
        '<span data-glossary="opportunty">b</span> <span data-glossary="zzzzzz">c</span> '
        f'<a href="{site_url}/glossary/mqll/">d</a>'
    )
    page_file.write_text(page_file.read_text().replace("</h1>", f"</h1><p>{typos}</p>"))
    expected = []
    for mention, match in unknown_terms(page_file.read_text(), check(FIXTURES / "site").require(), None):
        said = f'data-glossary="{mention.value}"' if mention.kind == "data-glossary" else f"a link to {mention.value}"
        hint = f'; did you mean "{match[0]}" ({match[1].term})?' if match else "."
        line = f"gtm-glossary: unknown term in {said}{hint} {LINK_CHECK}"
        if line not in expected:
            expected.append(line)
    assert len(expected) == 4 and sum("did you mean" in line for line in expected) == 3
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    with page.expect_console_message(lambda message: "zzzzzz" in message.text):
        with page.expect_console_message(lambda message: "opportunty" in message.text):
            open_lesson(page, folder)
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    assert sorted(warnings) == sorted(expected)
    for typo in page.locator("span[data-glossary='lead scorng']").all():
        assert typo.get_attribute("data-glossary-ready") is None
        assert typo.evaluate("e => getComputedStyle(e).textDecorationStyle") != "dotted"
