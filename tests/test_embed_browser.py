"""embed.js on a training page served from another origin, in Chromium: cards on hover and focus."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPO, serve_folder

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


def open_lesson(page, folder: Path) -> None:
    url, server = serve_folder(folder)
    page.context.on("close", lambda _: (server.shutdown(), server.server_close()))
    page.goto(url + "/")


def card(page):
    return page.locator("[data-gtm-glossary] .card")


@pytest.mark.parametrize("host", ["cors", "no-cors"])
def test_hover_and_keyboard_focus_show_the_card(
    page, tmp_path: Path, glossary_with_cors: str, site_url: str, host: str
) -> None:
    glossary = glossary_with_cors if host == "cors" else site_url  # without CORS, embed-data.js is used
    open_lesson(page, lesson(tmp_path / "lms", glossary))
    assert not page.url.startswith(glossary), "the lesson must come from another origin"
    ready = page.wait_for_function("document.querySelector('[data-glossary-ready]')")
    assert ready
    via = "terms.json" if host == "cors" else "embed-data.js"
    assert page.locator("[data-gtm-glossary]").get_attribute("data-gtm-glossary") == via
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
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "gtm-glossary-card"
    page.keyboard.press("Escape")
    expect(card(page)).to_be_hidden()
    # links elsewhere are left alone
    assert page.locator("a[href='https://example.com/']").get_attribute("data-glossary-ready") is None


def test_an_unreachable_glossary_leaves_the_page_as_it_was(page, tmp_path: Path) -> None:
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


def test_embed_script_without_its_data_does_nothing_harmful(page, tmp_path: Path, built_site: Path) -> None:
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


def test_names_of_object_properties_are_no_terms(page, tmp_path: Path, glossary_with_cors: str) -> None:
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
