"""A site with another currency and locale, built by plain MkDocs from the generated docs: the
number format and the footer's links come from mkdocs.yml and live in the generated pages, not
only in our plugin (Chromium via Playwright; fixtures in conftest)."""

from __future__ import annotations

import re

import pytest

from generator.commands.cli import main

from .conftest import mkdocs_build, serve_folder, site_project, without_glossary_plugin

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect


@pytest.fixture(scope="module")
def euro_site(tmp_path_factory: pytest.TempPathFactory):
    """tests/fixtures/site in euros for German readers, with a repo_url, built without the plugin."""
    project = site_project(tmp_path_factory.mktemp("euro"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^      currency: USD$", "      currency: EUR\n      locale: de-DE", config)
    config = re.sub(r"(?m)^# repo_url: .*$", "repo_url: https://git.example.org/gtm/glossary", config)
    config = config.replace("team: the go-to-market team", 'team: "Sales & <b>Ops</b>"')
    assert "currency: EUR" in config and "repo_url: https" in config and "<b>Ops" in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert main(["generate", str(project)]) == 0  # glossary generate: the pages carry mkdocs.yml's options
    (project / "plain.yml").write_text(without_glossary_plugin(config), encoding="utf-8")
    result = mkdocs_build(project, "-f", "plain.yml", "-d", "plain-site")
    assert result.returncode == 0, result.stderr
    url, server = serve_folder(project / "plain-site")
    yield url
    server.shutdown()
    server.server_close()


def test_money_and_numbers_follow_the_sites_locale_and_currency(page, euro_site: str) -> None:
    page.goto(f"{euro_site}/glossary/cost-per-lead/")
    calculator = page.locator("form.glossary-calculator")
    expect(calculator.locator("output")).to_have_text("50,00\u00a0€")
    expect(calculator.locator(".glossary-calculator-numbers")).to_have_text(" = 5.000\u00a0€ ÷ 100")
    expect(calculator.locator(".glossary-calculator-unit")).to_have_text("EUR")
    page.get_by_label("Number of leads").fill("3")
    expect(calculator.locator("output")).to_have_text("1.666,67\u00a0€")


def test_percentages_follow_the_sites_locale(page, euro_site: str) -> None:
    page.goto(f"{euro_site}/glossary/lead-to-opportunity-conversion/")
    expect(page.locator("form.glossary-calculator output")).to_have_text("15\u00a0%")


def test_the_footer_names_the_team_as_text_and_links_to_proposing_a_change(page, euro_site: str) -> None:
    page.goto(f"{euro_site}/")
    expect(page.locator(".glossary-footer-team")).to_have_text("Maintained by Sales & <b>Ops</b>")
    link = page.locator(".md-copyright").get_by_role("link", name="Propose a change")
    expect(link).to_have_attribute("href", "https://git.example.org/gtm/glossary/issues/new")


def test_without_a_propose_url_the_footer_links_to_the_home_pages_section(page, site_url: str) -> None:
    """The repository's mkdocs.yml sets neither propose_change_url nor repo_url: readers still see
    "Propose a change", which leads to the home page's section saying whom to ask."""
    page.goto(f"{site_url}/glossary/lead/")
    page.locator(".md-copyright").get_by_role("link", name="Propose a change").click()
    expect(page).to_have_url(f"{site_url}/#proposing-a-change")
    heading = page.locator("#proposing-a-change")
    expect(heading).to_be_in_viewport()
    section = heading.locator("xpath=following-sibling::p")
    expect(section.first).to_contain_text("Tell the team that keeps this glossary")
    expect(section.nth(1)).to_contain_text("glossary check")


def calculator(page, site_url: str, term: str):
    page.goto(f"{site_url}/glossary/{term}/")
    form = page.locator("form.glossary-calculator")
    form.locator("output").filter(has_not_text="–").wait_for()  # started from the example's numbers
    return form


def test_a_count_must_be_whole_and_money_keeps_its_cents(page, site_url: str) -> None:
    form = calculator(page, site_url, "cost-per-lead")
    leads = form.get_by_label("Number of leads")
    expect(leads).to_have_attribute("step", "1")
    expect(leads).to_have_attribute("inputmode", "numeric")
    leads.fill("3.5")
    expect(form.locator(".glossary-calculator-message").filter(has_text="whole")).to_have_text(
        "Number of leads must be a whole number: 3.5 is not."
    )
    expect(leads).to_have_attribute("aria-invalid", "true")
    expect(form.locator("output")).to_have_text("–")
    leads.fill("4")
    form.get_by_label("Marketing spend").fill("1000.50")
    expect(form.locator("output")).to_have_text("$250.13")
    expect(leads).not_to_have_attribute("aria-invalid", "true")


def test_a_huge_number_is_refused_rather_than_shown_with_rounding_noise(page, site_url: str) -> None:
    form = calculator(page, site_url, "cost-per-lead")
    form.get_by_label("Marketing spend").fill("1e13")
    message = form.locator(".glossary-calculator-message").filter(has_text="too large")
    expect(message).to_have_text("Marketing spend is too large: enter at most $1,000,000,000,000.")
    expect(form.locator("output")).to_have_text("–")
    form.get_by_label("Marketing spend").fill("1000000000000")
    expect(form.locator("output")).to_have_text("$10,000,000,000.00")


def test_a_rate_over_a_hundred_percent_asks_to_check_the_numbers(page, site_url: str) -> None:
    form = calculator(page, site_url, "lead-to-opportunity-conversion")
    note = form.locator(".glossary-calculator-note")
    form.locator("input[data-name=opportunities]").fill("50")
    form.locator("input[data-name=leads]").fill("40")
    expect(form.locator("output")).to_have_text("125%")
    expect(note).to_have_text("More opportunities than leads: check the numbers.")
    form.locator("input[data-name=leads]").fill("400")
    expect(form.locator("output")).to_have_text("12.5%")
    expect(note).to_have_text("")
