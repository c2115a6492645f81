"""axe-core (bundled by axe-playwright-python, never from a CDN) on the pages readers use most."""

from __future__ import annotations

import pytest

expect = pytest.importorskip("playwright.sync_api").expect
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = {
    "home": "/",
    "term": "/glossary/marketing-qualified-lead/",  # how the sources define it: a table stacking as cards
    "term-deprecated": "/glossary/old-lead-score/",  # the ownership line's deprecated badge
    "first-stage": "/glossary/lead/",  # the stage names across the sources
    "metric": "/glossary/cost-per-lead/",  # the calculator, prefilled
    "metric-refused": "/glossary/cost-per-lead/",  # the calculator showing a refused number
    "classifier": "/classifier/?tactic=trade-show",  # a disputed tactic: every view is shown
    "classifier-answers": "/classifier/?content_access=gated&goal=build_awareness",
    "a-z": "/glossary/",
    "review": "/review/",  # the review status (whatever is due on the day the test site was built)
    "tactics": "/tactics/",  # the index: filter chips, badges, letters
    "tactics-disputed": "/tactics/?show=disputed",  # filtered from the address: the disputed markers
    "playbook": "/playbooks/webinar-to-mql/",  # the funnel's bars and labels
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


def in_scheme(page, scheme: str) -> None:
    """Switch the page to dark with the palette toggle (Material keeps the choice, not the media query),
    and check the page shows the scheme asked for: a light test on a dark page would prove nothing."""
    if scheme == "dark":
        page.locator("label[for=__palette_1]").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")


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


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(page, site_url: str, name: str) -> None:
    """Light, then dark in the same page load: the page as loaded, then switched with the palette toggle
    as a reader switches it (with the media query dark too). One load for both schemes, not one each."""
    page.emulate_media(color_scheme="light", reduced_motion="reduce")
    page.goto(site_url + PAGES[name])
    page.add_style_tag(content=NO_MOTION)
    if name.startswith("classifier"):
        page.wait_for_selector(".gc[data-ready]")
    if name.startswith("tactics"):
        page.wait_for_selector(".glossary-tactic-filter:not([hidden])")  # the chips shown, as readers see them
    if name == "metric-refused":
        page.locator("form.glossary-calculator input[data-name=spend]").fill("-5")
        page.wait_for_selector("form.glossary-calculator input[aria-invalid=true]")
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        in_scheme(page, scheme)
        at_rest(page)
        found[scheme] = serious_violations(page)
    assert found == {"light": [], "dark": []}, "\n".join(f"{s}: {v}" for s, vs in found.items() for v in vs)


#: WCAG's contrast of two CSS colours ("rgb(r, g, b)"), computed in the page.
CONTRAST = """([a, b]) => {
    const lum = c => { const [r, g, bl] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
        v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_funnel_bars_stand_out_and_its_labels_stay_readable_on_a_phone(page, site_url: str, scheme: str) -> None:
    """Bars at 3:1 or more against the page (WCAG 1.4.11), labels at 12 px or more at 375 px."""
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + "/playbooks/webinar-to-mql/")
    in_scheme(page, scheme)
    page.add_style_tag(content=NO_MOTION)
    at_rest(page)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    bars = page.locator(".glossary-funnel-bar")
    assert bars.count() >= 3
    for bar in bars.all():
        colour = bar.evaluate("b => getComputedStyle(b).backgroundColor")
        assert page.evaluate(CONTRAST, [colour, background]) >= 3, (colour, background)
    for label in page.locator(".glossary-funnel-label").all():
        assert label.evaluate("l => parseFloat(getComputedStyle(l).fontSize)") >= 12
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_disputed_marker_is_as_visible_as_the_badge(page, site_url: str, scheme: str) -> None:
    """Its own colour at AA (4.5:1) against the page, a solid border and a sign, like the badge."""
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "/tactics/")
    in_scheme(page, scheme)
    page.add_style_tag(content=NO_MOTION)
    at_rest(page)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    marker = page.locator(".glossary-disputed").first
    style = marker.evaluate(
        "m => { const s = getComputedStyle(m); return {color: s.color, border: s.borderTopStyle,"
        " weight: s.fontWeight, sign: getComputedStyle(m, '::before').content}; }"
    )
    assert page.evaluate(CONTRAST, [style["color"], background]) >= 4.5, style
    assert style["border"] == "solid" and int(style["weight"]) >= 700 and "\u26a0" in style["sign"], style
