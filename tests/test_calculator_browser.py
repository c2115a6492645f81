"""A site with another currency and locale, built by plain MkDocs from the generated docs: the
number format and the footer's links come from mkdocs.yml and live in the generated pages, not
only in our plugin (Chromium via Playwright; fixtures in conftest)."""

from __future__ import annotations

import re

import pytest

from generator.build import build_site
from generator.validate import CheckOptions

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
    build_site(project, options=CheckOptions())  # glossary build: the pages carry mkdocs.yml's options
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
