"""axe-core (bundled by axe-playwright-python, never from a CDN) on the pages readers use most."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = {
    "home": "/",
    "term": "/glossary/marketing-qualified-lead/",
    "classifier": "/classifier/?tactic=tradeshow-or-conference",
    "classifier-answers": "/classifier/?content_access=gated&goal=build_awareness",
    "a-z": "/glossary/",
}


def serious_violations(page) -> list[str]:
    response = axe_module.Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(browser, site_url: str, name: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    if name.startswith("classifier"):
        page.wait_for_selector(".gc[data-ready]")
    if scheme == "dark":
        page.locator("label[for=__palette_1]").click()
        page.wait_for_selector("body[data-md-color-scheme=slate]")
    found = serious_violations(page)
    context.close()
    assert found == [], "\n".join(found)
