"""Rules any built site must keep, whatever its content: computed from the terms that exist.

The repository's own content is judged by these and by `glossary check --strict`, never by
names or counts (tests/test_repository_content.py); the generator's tests apply them to the
fixture's site too (tests/test_build.py). Each function returns what is wrong, empty when nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

from generator import Glossary
from generator.core.text import slugify
from generator.site.search_shards import name_key, read_index, words
from generator.site.tactic_views import tactic_redirect_slugs


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


def _parsed(pages: dict[Path, _Links], page: Path) -> _Links:
    """``page`` parsed, from ``pages`` when it is there (parsed on first use and kept when not)."""
    if page not in pages:
        pages[page] = parse(page)
    return pages[page]


def broken_links(site: Path) -> list[str]:
    """Every internal link of every page that leads to no file, or to an anchor its page lacks."""
    # Keyed by resolved path, as targets are: each page is parsed once (parsing is this check's cost).
    site = site.resolve()
    pages = {p.resolve(): parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in list(pages.items()):
        if page.name == "404.html":
            continue  # served at any depth, so MkDocs gives it root-absolute links
        for href in parsed.links:
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            path, fragment = urldefrag(unquote(href))
            path = path.partition("?")[0]  # a query (classifier/?tactic=x) names the same file
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and target.suffix == ".html" and fragment not in _parsed(pages, target).ids:
                broken.append(f"{page.relative_to(site)} -> {href} (anchor)")
    return broken


def missing_pages(site: Path, glossary: Glossary) -> list[str]:
    """A page per term, category, playbook and tactic; a redirect page per ASCII name and former id
    of a term and per other name of a tactic."""
    missing = [f"glossary/{t}/" for t in glossary.terms if not (site / "glossary" / t / "index.html").is_file()]
    missing += [
        f"categories/{c}/" for c in glossary.categories if not (site / "categories" / c / "index.html").is_file()
    ]
    missing += [f"playbooks/{p}/" for p in glossary.playbooks if not (site / "playbooks" / p / "index.html").is_file()]
    missing += [f"tactics/{t}/" for t in glossary.tactics if not (site / "tactics" / t / "index.html").is_file()]
    for tactic, slugs in tactic_redirect_slugs(glossary.tactics.values()).items():
        for slug in slugs:
            page = site / "tactics" / slug / "index.html"
            if not page.is_file() or f'href="../{tactic.id}/"' not in page.read_text(encoding="utf-8"):
                missing.append(f"tactics/{slug}/ (redirect to {tactic.id})")
    for term in glossary.terms.values():
        for name in (*term.names, *term.former_ids):
            slug = slugify(name)
            if not name.isascii() or slug == term.id:
                continue  # a URL slug is ASCII: names in other alphabets get no redirect page
            page = site / "glossary" / slug / "index.html"
            if not page.is_file() or f'href="../{term.id}/"' not in page.read_text(encoding="utf-8"):
                missing.append(f"glossary/{slug}/ (redirect to {term.id})")
    return missing


def unsearchable_names(site: Path, glossary: Glossary) -> list[str]:
    """Each name of each term (id, display name, abbreviation, aliases) must find the term's own page:
    every word of it is a word the site's search index holds for that page (generator/site/search_shards.py,
    read back as the search worker reads it), and the name itself comes first for it."""
    pages = {page.location: page for page in read_index(site)}
    unfound = []
    for term in glossary.terms.values():
        page = pages.get(f"glossary/{term.id}/")
        if page is None:
            unfound.append(f"{term.id}: its page is not in the search index")
            continue
        for name in (term.id, *term.names):
            if not set(words(name)) <= page.words:
                unfound.append(f"{term.id}: search does not find it by {name!r}")
            elif name in term.names and name_key(name) and name_key(name) not in page.names:
                unfound.append(f"{term.id}: search does not list it first for {name!r}")
    return unfound
