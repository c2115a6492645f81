"""The built site in a real browser (Debian's Chromium driven by Playwright; fixtures in conftest)."""

from __future__ import annotations

import re

import pytest

playwright = pytest.importorskip("playwright.sync_api")


def test_conversion_calculator_works_the_seed_example(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/lead-to-opportunity-conversion/")
    calculator = page.locator("form.glossary-calculator")
    calculator.locator("input[data-name=opportunities]").fill("3")
    calculator.locator("input[data-name=leads]").fill("10")
    assert calculator.locator("output").inner_text() == "30%"
    calculator.locator("input[data-name=opportunities]").fill("1")
    calculator.locator("input[data-name=leads]").fill("100")
    assert calculator.locator("output").inner_text() == "1%"


def test_cost_per_lead_calculator(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/cost-per-lead/")
    page.fill("input[data-name=spend]", "5000")
    page.fill("input[data-name=leads]", "40")
    assert page.locator("form.glossary-calculator output").inner_text() == "125"


def test_alias_url_lands_on_the_canonical_page(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/mql/")
    page.wait_for_url(f"{site_url}/glossary/marketing-qualified-lead/")
    assert page.locator("h1").inner_text().startswith("Marketing qualified lead")


def test_hovering_a_term_link_shows_its_summary(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/lead/")
    link = page.locator("article a[href$='/glossary/prospect/']").first
    link.hover()
    tooltip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text="checked and fits the profile")
    tooltip.first.wait_for(state="visible", timeout=5000)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MQL", "glossary/marketing-qualified-lead/"),
        ("marketing qualified", "glossary/marketing-qualified-lead/"),
        ("LEED", "glossary/lead/"),
        ("CPL", "glossary/cost-per-lead/"),
    ],
)
def test_search_puts_the_right_term_first(page, site_url: str, query: str, expected: str) -> None:
    page.goto(f"{site_url}/")
    search = page.locator("input.md-search__input")
    search.click()
    # Material says "Initializing search" until its web worker has loaded the index, then
    # "Type to start searching": type only once the index is ready, as a reader sees it.
    playwright.expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching", timeout=15000)
    page.keyboard.type(query, delay=60)
    first = page.locator(".md-search-result__item a").first
    # Results refresh as the query changes; wait for them to settle on the expected page.
    playwright.expect(first).to_have_attribute("href", re.compile(rf"/{re.escape(expected)}(\?|#|$)"), timeout=10000)
