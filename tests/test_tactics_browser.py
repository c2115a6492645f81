"""The tactics index (/tactics/) and a tactic's page in Chromium: the filter chips by keyboard, the
full list without JavaScript, and old anchors (tactics/#<id>) landing on the tactic's entry."""

from __future__ import annotations

import pytest

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

FILTERS = {
    "Lead generation": lambda e: e["classification"] == "lead_generation",
    "Demand generation": lambda e: e["classification"] == "demand_generation",
    "Both": lambda e: e["classification"] == "both",
    "Disputed": lambda e: e["disputed"] == "true",
}

ENTRIES = """() => [...document.querySelectorAll('.glossary-tactic')].map(e => ({
    id: e.id, classification: e.dataset.classification, disputed: e.dataset.disputed,
    visible: e.offsetParent !== null}))"""


def open_index(page, site_url: str) -> None:
    page.goto(f"{site_url}/tactics/")
    page.wait_for_selector(".glossary-tactics[data-ready]")


def chip(page, name: str):
    return page.get_by_role("group", name="Show tactics").get_by_role("button", name=name, exact=True)


@pytest.mark.parametrize("name", list(FILTERS))
def test_a_filter_chip_by_keyboard_shows_only_its_tactics(page, site_url: str, name: str) -> None:
    open_index(page, site_url)
    all_chip = chip(page, "All")
    all_chip.focus()
    expect(all_chip).to_have_attribute("aria-pressed", "true")
    while page.evaluate("document.activeElement.textContent") != name:
        page.keyboard.press("Tab")  # the chips are buttons, one Tab stop each
    page.keyboard.press("Space" if name != "Both" else "Enter")
    expect(chip(page, name)).to_have_attribute("aria-pressed", "true")
    expect(all_chip).to_have_attribute("aria-pressed", "false")
    entries = page.evaluate(ENTRIES)
    wanted = [e["id"] for e in entries if FILTERS[name](e)]
    assert wanted, f"the fixture has no {name} tactic: the test would prove nothing"
    assert [e["id"] for e in entries if e["visible"]] == wanted
    expect(page.locator(".glossary-tactic-count")).to_have_text(f"Showing {len(wanted)} of {len(entries)} tactics.")
    # a letter whose tactics are all hidden loses its heading too
    for heading in page.locator("article h2").all():
        if heading.is_visible() and heading.inner_text().strip("¶ \n") not in ("Tactic tables",):
            following = heading.evaluate("h => h.nextElementSibling.querySelectorAll('li:not([hidden])').length")
            assert following > 0, heading.inner_text()
    page.keyboard.press("Shift+Tab")
    while page.evaluate("document.activeElement.textContent") != "All":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert all(e["visible"] for e in page.evaluate(ENTRIES))


def test_without_javascript_every_tactic_is_listed_and_the_chips_stay_hidden(page_with, site_url: str) -> None:
    page = page_with(java_script_enabled=False)
    page.goto(f"{site_url}/tactics/")
    entries = page.locator(".glossary-tactic")
    assert entries.count() >= 8
    for i in range(entries.count()):
        expect(entries.nth(i)).to_be_visible()
    expect(page.locator(".glossary-tactic-filter")).to_be_hidden()


def test_an_old_anchor_lands_on_the_tactics_entry_which_leads_to_its_page(page, site_url: str) -> None:
    page.goto(f"{site_url}/tactics/#search-optimization")
    entry = page.locator("#search-optimization")
    expect(entry).to_be_in_viewport()
    entry.get_by_role("link", name="Search engine optimization").click()
    expect(page).to_have_url(f"{site_url}/tactics/search-optimization/")
    expect(page.locator("h1")).to_contain_text("Search engine optimization")


def test_a_tactic_alias_redirects_to_its_page(page, site_url: str) -> None:
    page.goto(f"{site_url}/tactics/seo/")
    expect(page).to_have_url(f"{site_url}/tactics/search-optimization/")


def jump_letters(page) -> list[str]:
    """The "Jump to" links a reader can see (a hidden letter's item is hidden)."""
    return [link.inner_text() for link in page.locator(".glossary-jump a").all() if link.is_visible()]


def test_a_link_with_the_filter_in_its_address_opens_the_list_filtered(page, site_url: str) -> None:
    page.goto(f"{site_url}/tactics/?show=disputed")
    page.wait_for_selector(".glossary-tactics[data-ready]")
    expect(chip(page, "Disputed")).to_have_attribute("aria-pressed", "true")
    entries = page.evaluate(ENTRIES)
    assert [e["id"] for e in entries if e["visible"]] == [e["id"] for e in entries if e["disputed"] == "true"]
    # the letters left are those with a disputed tactic, in "Jump to" and in the table of contents
    shown = sorted(
        {h.get_attribute("id") for h in page.locator("article h2").all() if h.is_visible()} - {"tactic-tables"}
    )
    assert shown and len(shown) < page.locator(".glossary-tactic-list").count()
    assert [letter.lower() for letter in jump_letters(page) if letter != "Tactic tables"] == shown
    toc = page.locator(".md-nav--secondary a.md-nav__link")
    in_toc = {link.evaluate("a => a.hash.slice(1)") for link in toc.all() if link.is_visible()}
    hidden_letters = {h.get_attribute("id") for h in page.locator("article h2[hidden]").all()}
    assert set(shown) <= in_toc and hidden_letters and not (in_toc & hidden_letters)
    # choosing a chip puts it in the address; "All" takes it out, and every letter comes back
    chip(page, "Both").click()
    expect(page).to_have_url(f"{site_url}/tactics/?show=both")
    chip(page, "All").click()
    expect(page).to_have_url(f"{site_url}/tactics/")
    assert len(jump_letters(page)) == page.locator(".glossary-jump a").count()


def test_without_javascript_a_filtered_link_shows_every_tactic(page_with, site_url: str) -> None:
    page = page_with(java_script_enabled=False)
    page.goto(f"{site_url}/tactics/?show=disputed")
    entries = page.locator(".glossary-tactic")
    for i in range(entries.count()):
        expect(entries.nth(i)).to_be_visible()
    assert len(jump_letters(page)) == page.locator(".glossary-jump a").count()


def test_the_chips_come_before_the_letters_in_tab_order(page, site_url: str) -> None:
    open_index(page, site_url)
    chip(page, "Disputed").focus()
    page.keyboard.press("Tab")
    expect(page.locator(".glossary-jump a").first).to_be_focused()


#: A phone's screen: the device scale factor is the context's (a page cannot change it).
PHONE = {"viewport": {"width": 375, "height": 800}, "device_scale_factor": 2}


def test_on_a_phone_the_letters_are_tap_targets_with_no_separators(page_with, site_url: str) -> None:
    page = page_with(**PHONE)
    open_index(page, site_url)
    links = page.locator(".glossary-jump a")
    assert links.count() >= 3
    for link in links.all():
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (link.inner_text(), box)
    assert "·" not in page.locator(".glossary-jump").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_on_a_phone_the_disputes_table_stacks_as_cards_and_shows_the_quote(page_with, site_url: str) -> None:
    page = page_with(**PHONE)
    page.goto(f"{site_url}/tactics/trade-show/")
    table = page.locator("table.glossary-disputes")
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), "the table is wider than its box"
    quote = table.locator("td[data-label=Quote] q").first
    quote.scroll_into_view_if_needed()
    expect(quote).to_be_in_viewport(ratio=1)
    label = table.locator("td[data-label=Quote]").first.evaluate("c => getComputedStyle(c, '::before').content")
    assert label == '"Quote"'
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(table).to_have_css("display", "table")
    expect(table.locator("thead th")).to_have_text(["Source", "Classifies it as", "Why", "Quote"])
