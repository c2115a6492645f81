"""Stored XSS through the places issue 14 found: source URLs, headings in Markdown fields, and link
definitions the link regex did not see. Each is refused by `glossary check` (tests/fixtures/invalid/
holds the files) and, for a model that never went through the check, made harmless by the renderer.
The payloads run in Chromium in tests/test_xss_browser.py; these tests read the generated HTML.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from generator.checks.records import CheckOptions
from generator.site.build import build_site
from generator.site.render import Renderer

from .conftest import FIXTURES, REPO, check, unsafe_html

#: The Markdown extensions of mkdocs.yml, without the plugin's own last check on links.
MKDOCS_EXTENSIONS = ["tables", "admonition", "toc"]

HOSTILE_URLS = [
    "https://example.com/a b\"<img src=x onerror=alert('url')>",
    "https://example.com/\n\n<script>alert('blank-lines')</script>",
    "https://example.com/`<img src=x onerror=alert(1)>`",
    "https://example.com/x) <img src=x onerror=alert(2)> (",
    "https://example.com/x' onmouseover='alert(3)",
    "javascript:alert(4)",
    " data:text/html,<script>alert(5)</script>",
]


def site_project(root: Path) -> Path:
    shutil.copytree(FIXTURES / "base", root)
    shutil.copytree(REPO / "site_config", root / "site_config")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def set_definition(project: Path, term_id: str, definition: str) -> None:
    path = project / "glossary" / f"{term_id}.yaml"
    data = yaml.safe_load(path.read_text())
    data["definition"] = definition
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


# --- 3. sources[].url --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_source_url_renders_as_one_harmless_link(project: Path, url: str) -> None:
    """The model is changed after the check, as if validation had missed the URL."""
    glossary = check(project).require()
    object.__setattr__(glossary.sources["seed-a"], "url", url)
    citing = {s: () for s in glossary.sources}
    page = Renderer(glossary).render("sources.md.j2", "sources.md", citing=citing, classifier_page="classifier.md")
    html = markdown.markdown(page.content.split("---", 2)[2], extensions=MKDOCS_EXTENSIONS)
    assert unsafe_html(html) == []
    assert "<img" not in html and "<script" not in html
    links = re.findall(r'<a href="([^"]*)">Read the original</a>', html)
    assert len(links) == 1, html
    assert not re.search(r"[\s\"'<>`()]", links[0]), links[0]


def test_safe_href_keeps_a_clean_address_and_encodes_the_rest() -> None:
    from generator.site.escaping import safe_href

    clean = "https://example.com/a/b?q=1&r=%20x#part"
    assert safe_href(clean) == clean
    assert safe_href("https://example.com/a b\"<c>`(d)'") == "https://example.com/a%20b%22%3Cc%3E%60%28d%29%27"
    assert safe_href("java\tscript:alert(1)") == "#"
    assert safe_href("&#106;avascript:alert(1)") == "#"


# --- 4. headings inside Markdown fields -------------------------------------------------------------

HEADING_PAYLOAD = "## <img/src=\"x\"/onerror=alert('toc')> " + "long text " * 20


def table_of_contents(page: str) -> str:
    """The HTML of Material's table of contents on a built page."""
    toc = page[page.index('data-md-component="toc"') :]
    return toc[: toc.index("</nav>")]


HEADINGS_IN_DEFINITIONS = {
    "atx": HEADING_PAYLOAD,
    "in-quote": "Intro.\n\n> " + HEADING_PAYLOAD,
    "in-list": "- " + HEADING_PAYLOAD,
    "setext-2": "<img src=x onerror=alert('setext')> long text\n---",
    "setext-1": "<img src=x onerror=alert('setext')> long text\n===",
}


@pytest.fixture(scope="module")
def headings_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base project with one term per heading construct (term ``heading-<construct>``, its
    definition the construct alone), built once: each term's page is the page of that construct."""
    project = site_project(tmp_path_factory.mktemp("headings") / "project")
    for construct, definition in HEADINGS_IN_DEFINITIONS.items():
        term = {"id": f"heading-{construct}", "term": f"Heading {construct}", "category": "leads",
                "summary": "A term whose definition holds a heading.", "definition": definition,
                "sources": [{"source": "seed-b"}], "last_reviewed": "2026-01-10"}  # fmt: skip
        (project / "glossary" / f"heading-{construct}.yaml").write_text(yaml.safe_dump(term, allow_unicode=True))
    build_site(project, options=CheckOptions())
    return project / "site"


@pytest.mark.parametrize("construct", HEADINGS_IN_DEFINITIONS)
def test_a_heading_in_a_definition_never_reaches_the_table_of_contents(headings_site: Path, construct: str) -> None:
    term_id = f"heading-{construct}"
    page = (headings_site / "glossary" / term_id / "index.html").read_text()
    toc = table_of_contents(page)
    assert "img" not in toc, toc  # no entry for the field's heading at all
    article = page[page.index("<article") : page.index("</article>")]
    assert not re.search(r"<h[1-6][^>]*>[^<]*&lt;img", article), "the field's heading became a heading"
    assert "&lt;img" in article  # shown as text
    terms = json.loads((headings_site / "terms.json").read_text())["terms"]
    (term,) = [t for t in terms if t["id"] == term_id]
    assert not re.search(r"<h[1-6]", term["definition_html"]), term["definition_html"]


def test_any_heading_that_reaches_the_toc_holds_no_angle_brackets(tmp_path: Path, monkeypatch) -> None:
    """The plugin's second line: even a heading the renderer let through (here: demotion switched
    off) reaches the TOC with look-alike brackets, never with text Material's tooltip reads as a tag."""
    monkeypatch.setattr("generator.site.escaping.demote_headings", lambda markdown: markdown)
    project = site_project(tmp_path / "project")
    set_definition(project, "lead", HEADING_PAYLOAD)
    build_site(project, options=CheckOptions())
    page = (project / "site" / "glossary" / "lead" / "index.html").read_text()
    toc = table_of_contents(page)
    assert "\uff1cimg" in toc
    assert "&lt;" not in toc and "<img" not in toc


# --- 5. link definitions the link regex did not see ---------------------------------------------------

HIDDEN_DEFINITIONS = [
    "A [quoted][q] link.\n\n> [q]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'A [listed][l] link.\n\n- item\n\n    [l]: data:text/html,<script>alert(2)</script> "title"',
    "A [nested][n] link.\n\n> - [n]:\n>   data:text/html,x",
    "An [empty][] link.\n\n[]: data:text/html,x",
    "A [titled][t] link.\n\n1. [t]: <data:text/html,x> 'title'",
]


@pytest.mark.parametrize("definition", HIDDEN_DEFINITIONS)
def test_glossary_check_refuses_a_data_link_in_any_reference_definition(project: Path, definition: str) -> None:
    set_definition(project, "lead", definition)
    problems = [p for p in check(project).problems if p.code == "unsafe-link"]
    assert problems, definition
    assert problems[0].path == "glossary/lead.yaml"


@pytest.mark.parametrize("definition", HIDDEN_DEFINITIONS)
def test_unsafe_targets_the_regex_misses_are_neutralised_in_pages_and_data(
    tmp_path: Path, monkeypatch, definition: str
) -> None:
    """With the Markdown-level steps switched off (as if their regular expression missed a form),
    the last check on the HTML still leaves no unsafe link in the page or in terms.json."""
    monkeypatch.setattr("generator.site.escaping.neutralize_unsafe_links", lambda markdown: markdown)
    monkeypatch.setattr("generator.core.safe_html.unsafe_link_targets", lambda markdown: [])
    project = site_project(tmp_path / "project")
    set_definition(project, "lead", definition)
    assert [p.code for p in check(project).problems if p.code == "unsafe-link"], "the rendered check missed it"
    glossary = check(project).glossary
    assert glossary is None
    # Build what the check would refuse: the renderer alone must hold.
    monkeypatch.setattr("generator.checks.wikilinks._LINK_RULES", ())
    build_site(project, options=CheckOptions())
    site = project / "site"
    page = (site / "glossary" / "lead" / "index.html").read_text()
    article = page[page.index("<article") : page.index("</article>")]
    assert unsafe_html(article) == []
    assert 'href="#"' in article
    for record in json.loads((site / "terms.json").read_text())["terms"]:
        assert unsafe_html(record["definition_html"]) == [], record["definition_html"]


# --- 6. quotes of citations ---------------------------------------------------------------------------
# A quote of a source with a stored copy can only be text that copy holds; a quote of a source
# without one is shown all the same (glossary check only warns), so it must be escaped everywhere.

HOSTILE_QUOTES = [
    "<img src=x onerror=alert('quote')>",
    "</q></details><script>alert('close')</script>",
    "a | b <img src=x onerror=alert('cell')> | c",
    "`<img src=x onerror=alert('code')>` [x](javascript:alert('link'))",
    "line\n\n<script>alert('blank-lines')</script>",
]


@pytest.mark.parametrize("quote", HOSTILE_QUOTES)
def test_a_hostile_quote_of_an_unverified_source_is_shown_as_text_on_every_page(project: Path, quote: str) -> None:
    def add_quote(relative: str, old: str, indent: str) -> None:
        path = project / relative
        text = path.read_text()
        assert old in text, (relative, old)
        path.write_text(text.replace(old, old + f"{indent}quote: {json.dumps(quote)}\n", 1))

    add_quote("glossary/lead.yaml", "  - source: seed-a\n", "    ")
    add_quote("playbooks/tactics.yaml", "        note: B calls it lead gen.\n", "        ")
    add_quote("playbooks/tactics.yaml", "    sources:\n      - source: seed-a\n", "        ")
    result = check(project)
    assert {p.code for p in result.problems} == {"quote-unverified"}
    renderer = Renderer(result.require())
    # The term, the tactics index and each tactic's page: the webinar cites the quote, seo's dispute carries it.
    shown = ("glossary/lead.md", "tactics/index.md", "tactics/webinar.md", "tactics/seo.md")
    pages = {p.path: p.content for p in renderer.render_site() if p.path in shown}
    assert sorted(pages) == sorted(shown)
    for path, content in pages.items():
        html = markdown.markdown(content.split("---", 2)[2], extensions=MKDOCS_EXTENSIONS)
        assert unsafe_html(html) == [], (path, html)
        assert "<img" not in html and "<script" not in html, path
        quotes = re.findall(r"<q>(.*?)</q>", html, re.S)
        assert all("\uff1c" in q for q in quotes), (path, quotes)  # look-alike brackets: no tags
        assert quotes or path == "tactics/index.md", path  # the index shows no quotes


# --- 7. a tactic's own page and the tactics index ------------------------------------------------------

#: Passes `glossary check` (an unsafe link would not): the renderer alone must keep it text.
HOSTILE_TACTIC_TEXT = "x <img src=x onerror=alert('tactic')> | ` \"'> </li></ul><script>alert(2)</script>"


def test_hostile_tactic_text_is_shown_as_text_on_its_page_the_index_and_its_redirects(project: Path) -> None:
    path = project / "playbooks" / "tactics.yaml"
    data = yaml.safe_load(path.read_text())
    seo = data["tactics"][1]
    blank_line = "\n\n<script>alert(3)</script>"  # a blank line in a raw HTML block
    seo.update(
        name="SEO " + HOSTILE_TACTIC_TEXT,
        summary=HOSTILE_TACTIC_TEXT + blank_line,
        aliases=["s " + HOSTILE_TACTIC_TEXT],
    )
    seo["disputed"][0].update(note=HOSTILE_TACTIC_TEXT, locator=HOSTILE_TACTIC_TEXT, quote=HOSTILE_TACTIC_TEXT)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    glossary = check(project).require()
    pages = {p.path: p.content for p in Renderer(glossary).render_site()}
    for page in ("tactics/index.md", "tactics/seo.md"):
        html = markdown.markdown(pages[page].split("---", 2)[2], extensions=MKDOCS_EXTENSIONS)
        assert unsafe_html(html) == [], (page, html)
        assert "<img" not in html and "<script" not in html, page
    redirects = [p for p in pages if p.startswith("tactics/s-") and p.endswith("/index.html")]
    assert redirects, sorted(pages)
    assert "<img" not in pages[redirects[0]] and "<script>alert" not in pages[redirects[0]]


def test_ascii_arrows_become_arrows_and_other_angle_brackets_look_alikes() -> None:
    """'->' showed as '-' and a missing glyph (Liberation fonts lack U+FF1E): arrows are turned into
    arrows before the escaping, which still leaves no '<' or '>' in plain text."""
    from generator.site.escaping import escape_text, link_title, no_tags

    assert escape_text("lead -> MQL <- SQL => won <-> lost") == "lead → MQL ← SQL ⇒ won ↔ lost"
    assert no_tags("a->b") == link_title("a->b") == "a→b"
    assert escape_text("<script>-->") == "\uff1cscript\uff1e-→"
    assert "<" not in escape_text("<-<img src=x>") and ">" not in no_tags("<img src=x>->")
