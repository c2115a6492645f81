"""Link previews of term pages (issue 19): Open Graph and Twitter card metadata, an oEmbed
document per term announced by the page, and the share panel with its copy buttons.

Metadata is read from the built HTML; the oEmbed card is loaded in Chromium; a hostile
summary and name must arrive in the meta tags as text.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.checks.records import CheckOptions
from generator.site.build import build_site
from generator.site.escaping import no_tags

from .conftest import FIXTURES, REPO, check, serving, unsafe_html

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)> & co"


class Head(HTMLParser):
    """The <meta> and <link> elements of a page, and the values of the share panel's fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []
        self.fields: dict[str, str] = {}
        self.buttons: list[dict[str, str | None]] = []
        self.panel: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a["name"] or ""] = a.get("content") or ""
        elif tag == "link":
            self.links.append(a)
        elif tag == "input" and (a.get("id") or "").startswith("share:"):
            self.fields[a["id"] or ""] = a.get("value") or ""
        elif tag == "button" and a.get("data-copy"):
            self.buttons.append(a)
        elif tag == "div" and "glossary-share" in (a.get("class") or "").split():
            self.panel = a


def head_of(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def oembed_links(head: Head) -> list[dict[str, str | None]]:
    return [link for link in head.links if link.get("type") == "application/json+oembed"]


# --- with site_url: the fixture site as served -----------------------------------------------------


def test_a_term_page_carries_open_graph_and_twitter_metadata(built_site: Path, site_url: str) -> None:
    glossary = check_site()
    mql = glossary.terms["marketing-qualified-lead"]
    head = head_of(built_site / "glossary" / mql.id / "index.html")
    assert head.meta["og:title"] == head.meta["twitter:title"] == "Marketing qualified lead (MQL)"
    assert head.meta["og:description"] == head.meta["twitter:description"] == mql.summary
    assert head.meta["og:url"] == f"{site_url}/glossary/{mql.id}/"
    assert head.meta["og:site_name"] == "GTM Glossary"
    assert head.meta["og:type"] == "article"
    assert head.meta["twitter:card"] == "summary"
    [link] = oembed_links(head)
    assert link["href"] == f"{site_url}/oembed/{mql.id}.json"
    assert link["title"] == "Marketing qualified lead (MQL)"


def test_only_term_pages_carry_preview_metadata(built_site: Path) -> None:
    head = head_of(built_site / "index.html")
    assert "og:title" not in head.meta and oembed_links(head) == []


def test_every_term_has_a_valid_oembed_document(built_site: Path, site_url: str) -> None:
    glossary = check_site()
    for term in glossary.terms.values():
        document = json.loads((built_site / "oembed" / f"{term.id}.json").read_text(encoding="utf-8"))
        assert document["version"] == "1.0" and document["type"] == "rich"
        assert document["provider_url"] == f"{site_url}/"
        assert isinstance(document["width"], int) and isinstance(document["height"], int)
        title = term.term + (f" ({term.abbreviation})" if term.abbreviation else "")
        assert document["title"] == title
        src = re.fullmatch(
            r'<iframe src="([^"]+)" title="[^"]*" width="(\d+)" height="(\d+)"[^>]*></iframe>', document["html"]
        )
        assert src, document["html"]
        assert src.group(1) == f"{site_url}/embed/{term.id}/"
        assert (int(src.group(2)), int(src.group(3))) == (document["width"], document["height"])


def test_the_oembed_iframe_loads_the_card(page, site_url: str, tmp_path: Path) -> None:
    """The oEmbed answer's HTML, on a host page of another origin (as a site that embeds it)."""
    from urllib.request import urlopen

    with urlopen(f"{site_url}/oembed/lead.json") as response:
        document = json.loads(response.read())
    (tmp_path / "index.html").write_text(f"<!doctype html><title>host</title><body>{document['html']}</body>")
    with serving(tmp_path, page) as host:
        page.goto(host + "/")
        card = page.frame_locator("iframe").locator("article.card")
        card.wait_for()
        assert card.get_attribute("data-term") == "lead"
        assert card.locator("h1").inner_text() == "Lead"
        assert "Someone who has shown interest" in card.inner_text()


def test_the_share_panel_offers_five_absolute_snippets(built_site: Path, site_url: str) -> None:
    head = head_of(built_site / "glossary" / "marketing-qualified-lead" / "index.html")
    url = f"{site_url}/glossary/marketing-qualified-lead/"
    assert head.panel is not None and "data-root" not in head.panel
    fields = head.fields
    assert fields["share:link"] == url
    assert fields["share:markdown"] == f"[Marketing qualified lead (MQL)]({url})"
    assert fields["share:html"].startswith(f'<a href="{url}" title="') and fields["share:html"].endswith(
        ">Marketing qualified lead (MQL)</a>"
    )
    assert fields["share:iframe"].startswith(f'<iframe src="{site_url}/embed/marketing-qualified-lead/"')
    assert fields["share:hover"].startswith(f'<script src="{site_url}/embed.js" defer></script> <a href="{url}"')
    assert [b["data-copy"] for b in head.buttons] == list(fields)
    assert all(b.get("type") == "button" for b in head.buttons)


#: The clipboard permissions the copy buttons need (a context's, so a page of such a context: page_with).
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def test_copy_buttons_work_by_keyboard(page_with, site_url: str) -> None:
    page = page_with(permissions=CLIPBOARD)  # fails the test on a JavaScript error, as `page` does
    page.goto(f"{site_url}/glossary/marketing-qualified-lead/")
    for key, name in [("markdown", "Copy Markdown link"), ("hover", "Copy hover-card snippet")]:
        button = page.get_by_role("button", name=name, exact=True)
        button.focus()
        page.keyboard.press("Enter")
        status = page.get_by_role("status")
        status.filter(has_text="Copied").wait_for()
        expected = page.locator(f'[id="share:{key}"]').input_value()
        assert page.evaluate("navigator.clipboard.readText()") == expected
    assert page.get_by_role("textbox", name="Markdown link").input_value().startswith("[Marketing qualified lead")


# --- without site_url, and with hostile text ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/base with a hostile summary and name, built without site_url."""
    root = tmp_path_factory.mktemp("previews") / "project"
    shutil.copytree(FIXTURES / "base", root)
    shutil.copytree(REPO / "site_config", root / "site_config")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*\n", "", config), encoding="utf-8")
    path = root / "glossary" / "lead.yaml"
    data = yaml.safe_load(path.read_text())
    data["summary"] = PAYLOAD
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    build_site(root, options=CheckOptions(), strict=False)
    return root / "site"


def test_a_hostile_summary_is_text_in_the_meta_tags(hostile_site: Path) -> None:
    """The summary reaches the meta tags as text (without < and >, as the page's description
    always has: render.no_tags), and the share panel's HTML link as an escaped title."""
    page = hostile_site / "glossary" / "lead" / "index.html"
    markup = page.read_text(encoding="utf-8")
    assert (
        unsafe_html(markup[: markup.index("</head>")], allowed_elements=frozenset({"meta", "link", "script", "style"}))
        == []
    )
    head = head_of(page)
    assert (
        head.meta["og:description"] == head.meta["twitter:description"] == head.meta["description"] == no_tags(PAYLOAD)
    )
    snippet = Head()
    snippet.feed(head.fields["share:html"].replace("<a ", "<link ", 1))
    [link] = snippet.links
    assert link["title"] == PAYLOAD and link["href"] == "glossary/lead/"


def test_without_site_url_absolute_urls_are_left_out(hostile_site: Path) -> None:
    head = head_of(hostile_site / "glossary" / "lead" / "index.html")
    assert "og:url" not in head.meta and oembed_links(head) == []
    assert head.meta["og:title"] == "Lead"
    assert not (hostile_site / "oembed").exists()
    assert head.panel is not None and head.panel["data-root"] == "../../"
    assert head.fields["share:link"] == "glossary/lead/"


def test_at_the_example_site_url_no_page_announces_an_oembed_address() -> None:
    """Material fetches sitemap.xml beside every <link rel="alternate">: at the shipped example address
    that was a request to a host that does not exist (and a console error) on every term page."""
    from generator.interop.export import PLACEHOLDER_SITE_URL
    from generator.site.render import render_site

    glossary = check(FIXTURES / "site").require(strict=False)
    at = {
        url: {p.path: p.content for p in render_site(glossary, site_url=url)}
        for url in (PLACEHOLDER_SITE_URL, "https://x.test/")
    }
    assert "oembed:" not in at[PLACEHOLDER_SITE_URL]["glossary/lead.md"]
    assert 'oembed: "https://x.test/oembed/lead.json"' in at["https://x.test/"]["glossary/lead.md"]


def test_without_site_url_the_panel_makes_its_snippets_absolute(page, hostile_site: Path) -> None:
    with serving(hostile_site, page) as url:
        page.goto(f"{url}/glossary/lead/")
        assert page.locator('[id="share:link"]').input_value() == f"{url}/glossary/lead/"
        assert page.locator('[id="share:markdown"]').input_value() == f"[Lead]({url}/glossary/lead/)"
        assert page.locator('[id="share:iframe"]').input_value().startswith(f'<iframe src="{url}/embed/lead/"')
        hover = page.locator('[id="share:hover"]').input_value()
        assert hover.startswith(f'<script src="{url}/embed.js" defer></script> <a href="{url}/glossary/lead/"')


def check_site():
    return check(FIXTURES / "site").require()


def test_a_term_page_requests_nothing_that_fails(page, site_url: str) -> None:
    """Material takes every <link rel="alternate"> for a language version and fetches sitemap.xml beside
    it: for the oEmbed link that was a 404 (and a console error) on every term page."""
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("console", lambda message: failed.append(message.text) if message.type == "error" else None)
    page.goto(f"{site_url}/glossary/lead/", wait_until="networkidle")
    assert [url for url in failed if "favicon" not in url] == []


def test_a_pressed_copy_button_says_copied_where_a_phone_reader_looks(page_with, site_url: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    page = page_with(permissions=CLIPBOARD)
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(f"{site_url}/glossary/marketing-qualified-lead/")
    button = page.locator('button[data-copy="share:link"]')
    button.scroll_into_view_if_needed()
    button.click()
    expect(page.locator('button[data-copy="share:link"][data-state=copied]')).to_have_text("Copied ✓")
    expect(button).to_be_in_viewport()
    expect(page.get_by_role("status").filter(has_text="Copied the link.")).to_have_count(1)  # for screen readers


def test_without_javascript_the_copy_buttons_are_hidden_and_the_fields_stay(page_with, site_url: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    page = page_with(java_script_enabled=False)
    page.goto(f"{site_url}/glossary/marketing-qualified-lead/")
    expect(page.locator(".glossary-share-value").first).to_be_visible()
    buttons = page.locator("button.glossary-copy")
    assert buttons.count() == 5
    for button in buttons.all():
        expect(button).to_be_hidden()


@pytest.fixture(scope="module")
def example_address_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/base built with mkdocs.yml as shipped: site_url is the example address."""
    root = tmp_path_factory.mktemp("example-address") / "project"
    shutil.copytree(FIXTURES / "base", root)
    shutil.copytree(REPO / "site_config", root / "site_config")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert "site_url: https://glossary.example.com/" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    build_site(root, options=CheckOptions())
    return root / "site"


def test_a_term_page_requests_nothing_from_the_example_address(page, example_address_site: Path) -> None:
    """Issue 32: with the shipped site_url every term page asked for
    https://glossary.example.com/oembed/sitemap.xml (Material fetches a sitemap beside each
    <link rel="alternate">) and logged a network error. The page is served locally; anything else
    it asks for is noted and refused, so the test needs no network."""
    elsewhere: list[str] = []
    page.route(
        re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: (elsewhere.append(route.request.url), route.abort())
    )
    with serving(example_address_site, page) as url:
        page.goto(f"{url}/glossary/lead/", wait_until="networkidle")
        assert page.locator("h1").first.inner_text().startswith("Lead")
    assert elsewhere == []
    assert not (example_address_site / "oembed").exists()
