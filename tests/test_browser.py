"""The built site in a real browser (Debian's Chromium driven by Playwright; fixtures in conftest)."""

from __future__ import annotations

import re

import pytest

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect


def test_conversion_calculator_starts_from_the_terms_example_and_recomputes(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/lead-to-opportunity-conversion/")
    calculator = page.locator("form.glossary-calculator")
    # The example "A webinar's leads" counts both inputs (6 opportunities of 40 leads).
    expect(calculator.locator("output")).to_have_text("15%")
    expect(calculator.locator("input[data-name=leads]")).to_have_value("40")
    calculator.locator("input[data-name=opportunities]").fill("3")
    calculator.locator("input[data-name=leads]").fill("10")
    expect(calculator.locator("output")).to_have_text("30%")
    calculator.locator("input[data-name=opportunities]").fill("1")
    calculator.locator("input[data-name=leads]").fill("300")
    expect(calculator.locator("output")).to_have_text("0.3%")


def test_cost_per_lead_calculator_explains_its_result(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/cost-per-lead/")
    calculator = page.locator("form.glossary-calculator")
    expect(calculator.get_by_label("Marketing spend")).to_have_value("5000")
    expect(calculator.get_by_label("Number of leads")).to_have_value("100")
    result = calculator.locator(".glossary-calculator-result")
    expect(result).to_have_text("Cost per lead = marketing spend ÷ number of leads = $5,000 ÷ 100 = $50.00")
    expect(result).to_have_attribute("aria-live", "polite")
    page.fill("input[data-name=leads]", "40")
    expect(calculator.locator("output")).to_have_text("$125.00")


def test_a_negative_number_is_refused_with_a_message_tied_to_its_field(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/cost-per-lead/")
    spend = page.get_by_label("Marketing spend")
    expect(spend).to_have_attribute("min", "0")
    spend.fill("-5")
    message = page.locator("#" + spend.get_attribute("aria-describedby"))
    expect(message).to_have_text("Marketing spend cannot be negative.")
    expect(spend).to_have_attribute("aria-invalid", "true")
    expect(page.locator("form.glossary-calculator output")).to_have_text("–")
    spend.fill("500")
    expect(message).to_have_text("")
    expect(spend).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("form.glossary-calculator output")).to_have_text("$5.00")


def test_what_is_not_a_number_is_explained(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/cost-per-lead/")
    leads = page.get_by_label("Number of leads")
    leads.fill("")
    leads.press_sequentially("1e")  # Chromium's number field takes it, but it is no number
    message = page.locator("#" + leads.get_attribute("aria-describedby"))
    expect(message).to_have_text("Number of leads must be a whole number, such as 1500.")  # a count
    spend = page.get_by_label("Marketing spend")
    spend.fill("")
    spend.press_sequentially("1e")
    expect(page.locator("#" + spend.get_attribute("aria-describedby"))).to_have_text(
        "Marketing spend must be a number, such as 1500 or 12.5."
    )
    expect(leads).to_have_attribute("aria-invalid", "true")


def test_no_leads_explains_why_there_is_no_cost_per_lead(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/cost-per-lead/")
    page.get_by_label("Number of leads").fill("0")
    note = page.locator("form.glossary-calculator .glossary-calculator-note")
    expect(note).to_have_text("No leads yet: cost per lead is undefined until there is at least one lead.")
    expect(page.locator("form.glossary-calculator output")).to_have_text("–")


def test_the_footer_names_the_team_instead_of_the_theme(page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    footer = page.locator(".md-copyright")
    expect(footer).to_contain_text("Maintained by the go-to-market team")
    expect(footer).not_to_contain_text("Made with")
    # no repo_url, no URL set: the home page's section on proposing a change (test_calculator_browser.py)
    propose = footer.get_by_role("link", name="Propose a change")
    expect(propose).to_have_attribute("href", re.compile(r"/#proposing-a-change$"))
    expect(page.locator(".md-header__button.md-logo img")).to_have_attribute("src", re.compile(r"logo\.svg$"))


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
