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


def test_without_javascript_every_tactic_is_listed_and_the_chips_stay_hidden(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/tactics/")
    entries = page.locator(".glossary-tactic")
    assert entries.count() >= 8
    for i in range(entries.count()):
        expect(entries.nth(i)).to_be_visible()
    expect(page.locator(".glossary-tactic-filter")).to_be_hidden()
    context.close()


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
