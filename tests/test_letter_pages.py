"""The A-Z and the tactics index split by letter once too heavy for one page (issue 32): pages under
150 KB, every term and tactic one plain link from the index, old links still landing somewhere."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from generator.checks.records import CheckOptions
from generator.site import letter_pages
from generator.site.letter_pages import split_by_letter

from . import site_rules
from .conftest import ARTIFACTS, FIXTURES, check, serve_folder, site_project

#: The issue's ceiling for a listing page's HTML.
PAGE_LIMIT = 150_000


def test_one_page_while_everything_fits() -> None:
    groups = [("A", ["apple", "avocado"]), ("B", ["banana"])]
    assert split_by_letter("glossary", groups, len, budget=100) is None


def test_a_letter_too_big_for_a_page_is_cut_in_order_within_the_budget() -> None:
    words = [f"t{n:03d}" + "x" * (n % 7) for n in range(60)]
    groups = [("A", ["apple"]), ("T", words), ("#", ["42"])]
    pages = split_by_letter("glossary", groups, len, budget=100)
    assert pages is not None
    assert [p.path for p in pages if p.letter != "T"] == ["glossary/a-z/a/index.md", "glossary/a-z/other/index.md"]
    t_pages = [p for p in pages if p.letter == "T"]
    assert [p.number for p in t_pages] == list(range(1, len(t_pages) + 1))
    assert all(p.count == len(t_pages) for p in t_pages)
    assert t_pages[0].path == "glossary/a-z/t/index.md" and t_pages[1].path == "glossary/a-z/t/2/index.md"
    assert [w for p in t_pages for w in p.items] == words
    assert all(sum(map(len, p.items)) <= 100 for p in t_pages)
    sizes = [sum(map(len, p.items)) for p in t_pages]
    assert max(sizes) - min(sizes) <= 20, "pages about equal, not a full run and a stub"


def test_hrefs_between_letter_pages_are_folder_relative() -> None:
    assert letter_pages.href("glossary/a-z/t/index.md", "glossary/a-z/t/2/index.md") == "../"
    assert letter_pages.href("glossary/a-z/t/2/index.md", "glossary/a-z/t/2/index.md") == "./"
    assert letter_pages.href("glossary/index.md", "glossary/a-z/s/index.md") == "../../"
    assert letter_pages.href("glossary/a-z/t/3/index.md", "glossary/a-z/s/index.md") == "../t/3/"


def reachable(site: Path, start: str, inside: tuple[str, ...]) -> set[str]:
    """Every page reached from ``start`` by plain links (no script), following only pages whose
    site path starts with one of ``inside``; the site paths of every page linked to on the way."""
    seen, queue, linked = {start}, [start], set()
    while queue:
        here = queue.pop()
        for link in site_rules.parse(site / here / "index.html").links:
            target, _ = urldefrag(link)
            if not target or re.match(r"^[a-z]+:", target):
                continue
            path = posixpath.normpath(posixpath.join("/", here, target.partition("?")[0])).strip("/") + "/"
            linked.add(path)
            if path not in seen and path.startswith(inside) and (site / path / "index.html").is_file():
                seen.add(path)
                queue.append(path)
    return linked


def test_the_a_z_of_500_terms_is_split_and_each_page_stays_light(corpus_site: Path) -> None:
    pages = [corpus_site / "glossary" / "index.html", *(corpus_site / "glossary" / "a-z").rglob("index.html")]
    assert len(pages) >= 3, "500 terms: an index, S and T (T on two pages at least)"
    heavy = {p.relative_to(corpus_site).as_posix(): p.stat().st_size for p in pages if p.stat().st_size > PAGE_LIMIT}
    assert heavy == {}
    assert (corpus_site / "glossary" / "a-z" / "t" / "2" / "index.html").is_file()


def test_every_term_is_one_plain_link_from_the_a_z(corpus_site: Path) -> None:
    glossary = check(corpus_site.parent).require()
    linked = reachable(corpus_site, "glossary/", ("glossary/a-z/",))
    assert {f"glossary/{term_id}/" for term_id in glossary.terms} <= linked
    index = site_rules.parse(corpus_site / "glossary" / "index.html")
    assert {"letter-s", "letter-t"} <= index.ids, "old links to the single A-Z's letters land on them"


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/site built with a budget small enough to split both listings by letter and
    to cut a letter into pages."""
    from generator.site.build import build_site

    project = site_project(tmp_path_factory.mktemp("split"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(letter_pages, "LIST_BUDGET", 700)
        build_site(project, options=CheckOptions())
    return project / "site"


def test_split_listings_keep_every_link_and_anchor_working(split_site: Path) -> None:
    glossary = check(split_site.parent).require()
    assert site_rules.broken_links(split_site) == []
    assert {f"glossary/{t}/" for t in glossary.terms} <= reachable(split_site, "glossary/", ("glossary/a-z/",))
    assert {f"tactics/{t}/" for t in glossary.tactics} <= reachable(split_site, "tactics/", ("tactics/a-z/",))
    letters = {letter for letter, _ in letter_pages.letters_of(glossary.terms.values())}
    index = site_rules.parse(split_site / "glossary" / "index.html")
    assert {f"letter-{letter_pages.letter_slug(letter)}" for letter in letters} <= index.ids
    tactics = site_rules.parse(split_site / "tactics" / "index.html")
    assert {letter_pages.letter_slug(letter) for letter, _ in letter_pages.letters_of(glossary.tactics.values())} <= (
        tactics.ids
    )
    assert set(glossary.tables) <= tactics.ids, "the tactic tables stay on the index"
    paged = [p for p in (split_site / "glossary" / "a-z").glob("*/2/index.html")]
    assert paged, "a letter of the fixture is cut into pages"


def test_letter_pages_stay_out_of_the_menu_and_search(split_site: Path) -> None:
    text = (split_site / "glossary" / "a-z" / "l" / "index.html").read_text(encoding="utf-8")
    assert "Glossary A-Z: L" in text
    menu = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', text, re.S)
    assert menu and "a-z/l/" not in menu.group(0)
    index = (split_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "glossary/a-z/" not in index and "tactics/a-z/" not in index


def test_a_term_or_tactic_may_not_take_the_letter_pages_folder(project: Path) -> None:
    (project / "glossary" / "lead.yaml").rename(project / "glossary" / "a-z.yaml")
    text = (project / "glossary" / "a-z.yaml").read_text()
    (project / "glossary" / "a-z.yaml").write_text(text.replace("id: lead", "id: a-z", 1))
    codes = [p.code for p in check(project).problems]
    assert "reserved-id" in codes


def test_entry_sizes_do_not_underestimate_the_html(corpus_site: Path) -> None:
    """LIST_BUDGET is counted in estimated bytes: the estimate must not fall short of the entries' HTML."""
    glossary = check(corpus_site.parent).require()
    page = corpus_site / "glossary" / "a-z" / "t" / "2" / "index.html"
    html = page.read_text(encoding="utf-8")
    entries = re.findall(r"<li>\s*<p><a href=\"\.\./\.\./\.\./([^/]+)/\".*?</li>", html, re.S)
    assert len(entries) > 10
    actual = sum(
        len(m.group(0).encode()) for m in re.finditer(r"<li>\s*<p><a href=\"\.\./\.\./\.\./.*?</li>", html, re.S)
    )
    estimated = sum(letter_pages.term_entry_size(glossary.terms[term_id]) for term_id in entries)
    assert actual <= estimated


# --- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def split_url(split_site: Path):
    url, server = serve_folder(split_site)
    yield url
    server.shutdown()
    server.server_close()


def test_an_old_link_to_a_tactic_on_the_single_tactics_page_reaches_the_tactic(page, split_url: str) -> None:
    glossary = check(FIXTURES / "site").require()
    tactic = next(iter(glossary.tactics))
    page.goto(f"{split_url}/tactics/#{tactic}")
    page.wait_for_url(f"{split_url}/tactics/{tactic}/")
    letter = sorted(glossary.tactics.values(), key=lambda t: t.name)[0].name[0].lower()
    page.goto(f"{split_url}/tactics/#{letter}")  # a letter's anchor is on the index: it stays
    page.wait_for_load_state("load")
    assert page.url == f"{split_url}/tactics/#{letter}"


def test_a_filtered_link_to_the_tactics_index_carries_the_filter_to_the_letter_pages(page, split_url: str) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    page.goto(f"{split_url}/tactics/?show=disputed")
    first = page.locator(".md-content a[href*='a-z/']").first
    expect(first).to_have_attribute("href", re.compile(r"\?show=disputed$"))
    first.click()
    page.wait_for_url(re.compile(r"/tactics/a-z/.*\?show=disputed$"))
    expect(page.locator("button[data-filter='disputed']")).to_have_attribute("aria-pressed", "true")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_letter_page_reads_well_on_a_phone_and_a_desktop(page, split_url: str, width: int) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{split_url}/glossary/a-z/l/")
    expect(page.locator("h1")).to_have_text(re.compile("Glossary A-Z: L"))
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    for link in page.locator(".glossary-jump a").all():
        box = link.bounding_box()
        assert box and box["height"] >= 24 and box["width"] >= 24, link.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"i32-letter-page-{width}.png"), full_page=True)


def test_hostile_names_stay_text_on_split_listings(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Names reach the letter pages' ranges, titles and entries: as text, never markup."""
    import markdown
    import yaml

    from generator.site.render import Renderer

    from .conftest import unsafe_html
    from .test_stored_xss import HOSTILE_TACTIC_TEXT, MKDOCS_EXTENSIONS

    path = project / "playbooks" / "tactics.yaml"
    data = yaml.safe_load(path.read_text())
    data["tactics"][1].update(name="SEO " + HOSTILE_TACTIC_TEXT, summary=HOSTILE_TACTIC_TEXT)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    term = project / "glossary" / "lead.yaml"
    record = yaml.safe_load(term.read_text())
    record.update(term="Lead " + HOSTILE_TACTIC_TEXT.replace("|", ""), summary=HOSTILE_TACTIC_TEXT)
    term.write_text(yaml.safe_dump(record, allow_unicode=True))
    monkeypatch.setattr(letter_pages, "LIST_BUDGET", 300)
    pages = {p.path: p.content for p in Renderer(check(project).require()).render_site()}
    listings = [p for p in pages if re.match(r"(glossary|tactics)/(index\.md|a-z/)", p)]
    assert "glossary/a-z/l/index.md" in listings and "tactics/a-z/s/index.md" in listings
    for path in listings:
        html = markdown.markdown(pages[path].split("---", 2)[2], extensions=MKDOCS_EXTENSIONS)
        assert unsafe_html(html) == [], (path, html)
        assert "<img" not in html and "<script" not in html, path
