"""axe-core (bundled by axe-playwright-python, never from a CDN) on the pages readers use most."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = {
    "home": "/",
    "term": "/glossary/marketing-qualified-lead/",
    "metric": "/glossary/cost-per-lead/",  # the calculator, prefilled
    "metric-refused": "/glossary/cost-per-lead/",  # the calculator showing a refused number
    "classifier": "/classifier/?tactic=trade-show",  # a disputed tactic: every view is shown
    "classifier-answers": "/classifier/?content_access=gated&goal=build_awareness",
    "a-z": "/glossary/",
    "tactics": "/tactics/",  # the index: filter chips, badges, letters
    "tactic": "/tactics/search-optimization/",  # a disputed tactic: the sources side by side, a table cell
}


def serious_violations(page) -> list[str]:
    response = axe_module.Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


#: Colours change at once: axe must never measure contrast halfway through a fade.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def at_rest(page) -> None:
    """Nothing hovered, focused or fading, no tooltip shown: the page as a reader sees it at rest.

    A run once failed in dark mode because axe caught a tooltip mid-hover (the mouse was still
    on the palette toggle it had just clicked), so the test waits for this state, not for time.
    """
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_function("!document.querySelector('.md-tooltip2--active, .md-tooltip--active')")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(browser, site_url: str, name: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    page.add_style_tag(content=NO_MOTION)
    if name.startswith("classifier"):
        page.wait_for_selector(".gc[data-ready]")
    if name == "tactics":
        page.wait_for_selector(".glossary-tactic-filter:not([hidden])")  # the chips shown, as readers see them
    if scheme == "dark":
        page.locator("label[for=__palette_1]").click()
        page.wait_for_selector("body[data-md-color-scheme=slate]")
    if name == "metric-refused":
        page.locator("form.glossary-calculator input[data-name=spend]").fill("-5")
        page.wait_for_selector("form.glossary-calculator input[aria-invalid=true]")
    at_rest(page)
    found = serious_violations(page)
    context.close()
    assert found == [], "\n".join(found)
