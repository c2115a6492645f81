"""The built site, inspected as a reader's browser would get it."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest

from generator import ContentError
from generator.build import BuildError, build_site
from generator.validate import CheckOptions

from .conftest import REPO

OPTIONS = CheckOptions(today=None)


def copy_project(target: Path) -> Path:
    for name in ("glossary", "playbooks", "site_config"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    build_site(project, options=OPTIONS)
    return project


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag in ("a", "link") and attributes.get("href"):
            self.links.append(attributes["href"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_term_has_a_page_at_its_stable_url(built: Path) -> None:
    for term_file in (REPO / "glossary").glob("[!_]*.yaml"):
        page = built / "site" / "glossary" / term_file.stem / "index.html"
        assert page.is_file(), term_file.stem


def test_aliases_abbreviations_and_names_redirect_to_the_canonical_page(built: Path) -> None:
    site = built / "site" / "glossary"
    for alias, canonical in (
        ("mql", "marketing-qualified-lead"),
        ("sql", "sales-qualified-lead"),
        ("cpl", "cost-per-lead"),
        ("lead-gen", "lead-generation"),
        ("icp", "ideal-customer-profile"),
    ):
        html = (site / alias / "index.html").read_text()
        assert f'url=../{canonical}/"' in html and f'href="../{canonical}/"' in html
        assert (site / canonical / "index.html").is_file()


def test_used_in_lists_the_referring_pages(built: Path) -> None:
    html = (built / "site" / "glossary" / "lead" / "index.html").read_text()
    used_in = html.split('id="used-in"', 1)[1].split("<h2", 1)[0]
    for referrer in ("../cost-per-lead/", "../../playbooks/webinar-to-mql/", "../../tactics/#purchasing-leads"):
        assert f'href="{referrer}"' in used_in


def test_search_index_has_abbreviations_and_pronunciation(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text())
    mql = [d for d in index["docs"] if d["location"] == "glossary/marketing-qualified-lead/"]
    assert mql and "MQL" in mql[0]["title"]
    lead = [d for d in index["docs"] if d["location"] == "glossary/lead/"]
    assert "LEED" in lead[0]["text"]


def test_every_internal_link_and_anchor_resolves(built: Path) -> None:
    site = built / "site"
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue  # served at any depth, so MkDocs gives it root-absolute links
        for href in parsed.links:
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            path, fragment = urldefrag(unquote(href))
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and target.suffix == ".html" and fragment not in pages.get(target, parse(target)).ids:
                broken.append(f"{page.relative_to(site)} -> {href} (anchor)")
    assert broken == []


HOSTILE_TERM = """id: hostile
term: "<script>alert('name')</script>"
aliases: ['"><img src=x onerror=alert(1)>']
summary: "<b onmouseover=alert(2)>hover</b>"
definition: |
  Text with <script>alert('definition')</script> and <img src=x onerror=alert(3)>.
  A [[lead]] link and [a link](https://example.com).
related: [lead]
"""


def test_user_text_is_escaped_in_the_built_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "glossary" / "hostile.yaml").write_text(HOSTILE_TERM)
    build_site(project, options=OPTIONS)
    html = (project / "site" / "glossary" / "hostile" / "index.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert (
        "&lt;script&gt;alert(&#39;definition&#39;)&lt;/script&gt;" in html
        or "&lt;script&gt;alert('definition')" in html
    )
    assert 'href="../lead/"' in html
    # The hostile summary also travels as the tooltip of links to the term.
    lead = (project / "site" / "glossary" / "lead" / "index.html").read_text()
    assert 'href="../hostile/"' in lead and "<b onmouseover" not in lead and "<img src=x" not in lead
    # Pages written as HTML by our own templates: the alias's redirect page and the embed card.
    for page in [
        *(project / "site" / "glossary").glob("*img-src*/index.html"),
        project / "site" / "embed" / "hostile" / "index.html",
    ]:
        text = page.read_text()
        assert "<script>alert" not in text and "<b onmouseover" not in text and "<img src=x" not in text, page
        assert "&lt;script&gt;" in text, page
    assert list((project / "site" / "glossary").glob("*img-src*/index.html")), "the alias has no redirect page"
    # ...and the data files
    terms = {t["id"]: t for t in json.loads((project / "site" / "terms.json").read_text())["terms"]}
    assert "<script>" not in terms["hostile"]["definition_html"] and "<img" not in terms["hostile"]["definition_html"]
    assert terms["hostile"]["term"] == "<script>alert('name')</script>"  # data stays data


def test_term_links_carry_the_summary_as_tooltip(built: Path) -> None:
    html = (built / "site" / "glossary" / "lead" / "index.html").read_text()
    summary = "A lead that has been vetted and confirmed to match the ideal customer profile"
    assert re.search(rf'<a href="../prospect/" title="{summary}[^"]*">', html)
    mkdocs_config = (REPO / "mkdocs.yml").read_text()
    assert "content.tooltips" in mkdocs_config


def test_content_errors_write_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    build_site(project, options=OPTIONS)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    (project / "glossary" / "broken.yaml").write_text("id: broken\nterm: Broken\n")
    with pytest.raises(ContentError):
        build_site(project, options=OPTIONS)
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_a_failing_mkdocs_build_leaves_the_previous_site_intact(tmp_path: Path, monkeypatch) -> None:
    project = copy_project(tmp_path / "project")
    build_site(project, options=OPTIONS)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    import mkdocs.commands.build
    from mkdocs.exceptions import PluginError

    def crash(config, **kwargs):
        Path(config["site_dir"], "half-written.html").write_text("partial")
        raise PluginError("simulated crash inside MkDocs")

    monkeypatch.setattr(mkdocs.commands.build, "build", crash)
    with pytest.raises(BuildError, match="previous site/ is unchanged"):
        build_site(project, options=OPTIONS)
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


def test_home_page_draws_the_funnel_in_order(built: Path) -> None:
    html = (built / "site" / "index.html").read_text()
    chain = html.split('class="glossary-funnel-chain"', 1)[1].split("</div>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', chain)
    assert hrefs == [
        "glossary/lead/",
        "glossary/marketing-qualified-lead/",
        "glossary/sales-qualified-lead/",
        "glossary/opportunity/",
        "glossary/closed-won/",
    ]
