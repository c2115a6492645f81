"""embed.js on a training page served from another origin, in Chromium: cards on hover and focus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, REPO, serve_folder

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
    # a script tag needs no CORS header: one data path, no failed fetch logged on either host
    assert page.locator("[data-gtm-glossary]").get_attribute("data-gtm-glossary") == "embed-data.js"
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
    url, server = serve_folder(tmp_path / "empty")  # no embed.js, no terms.json there
    folder = lesson(tmp_path / "lms", url)
    before = (folder / "index.html").read_text()
    open_lesson(page, folder)
    page.wait_for_load_state("networkidle")  # embed.js was asked for and refused: nothing more will come
    assert page.locator("[data-gtm-glossary]").count() == 0
    assert page.locator("[data-glossary-ready]").count() == 0
    assert page.locator("a", has_text="MQL").get_attribute("href").endswith("/glossary/mql/")
    assert before  # the page's own links still work as plain links
    server.shutdown()
    server.server_close()


def test_embed_script_without_its_data_does_nothing_harmful(
    page, open_lesson, tmp_path: Path, built_site: Path
) -> None:
    glossary = tmp_path / "half"
    glossary.mkdir()
    (glossary / "embed.js").write_text((built_site / "embed.js").read_text())  # terms.json and embed-data.js missing
    url, server = serve_folder(glossary)
    open_lesson(page, lesson(tmp_path / "lms", url))
    page.locator("a", has_text="MQL").hover()
    page.wait_for_load_state("networkidle")  # its requests for terms.json and embed-data.js have failed
    assert page.locator("[data-gtm-glossary]").count() == 0
    server.shutdown()
    server.server_close()


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
