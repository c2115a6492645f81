"""The site's files beside its pages, for other tools and other sites.

- The data (:func:`data_pages`): terms.json and glossary.csv at the site root (the formats of
  ``glossary export`` that name a ``site_file`` in ``interop/export.py``'s ``EXPORTERS``),
  tactics.json, and the JSON Schemas under schemas/.
- Embedding a term elsewhere: the iframe cards (:func:`embed_pages`), the oEmbed responses
  (:func:`oembed_pages`), embed-data.js (:func:`embed_data_script`; embed.js and the data it loads
  come from embed_data.py) and what the share panels
  of term and tactic pages offer to copy (:func:`term_share_links`, :func:`tactic_share_links`).
- The classifier's data (:func:`classifier_json`) and the site's own JavaScript, CSS and logo
  (:func:`asset_pages`).

``Renderer.render_site`` (render.py) adds them to the site's pages. A Markdown field in a data file
comes as HTML through the ``html`` function it passes (``Renderer.html``: escaped like the pages).
"""

from __future__ import annotations

import html as html_text
import json
from collections.abc import Callable
from typing import Any

import jinja2

from generator.core.package_data import site_config
from generator.interop.export import (
    EMBED_CARD_SIZE,
    EXPORTERS,
    ExportInput,
    absolute,
    json_one_record_per_line,
    page_link,
    tactics_document,
    term_link,
)
from generator.model.classifier_document import classifier_document
from generator.model.glossary import Glossary, Tactic, Term
from generator.model.urls import OEMBED_FOLDER, site_path
from generator.site.page import Page
from generator.site.tactic_views import card_slugs

ASSETS = site_config() / "assets"
#: Assets written by another module: embed.js, with the number of its data's shards (embed_data.py).
BUILT_ASSETS = {"embed.js"}
CLASSIFIER_JSON = "assets/glossary/classifier.json"
#: The fields of terms.json a hover card needs.
EMBED_FIELDS = ("id", "term", "abbreviation", "aliases", "former_ids", "forms", "summary", "path", "status")
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def data_pages(
    glossary: Glossary,
    site_url: str | None,
    html: Callable[[str, str], str],
    add_to_terms: Callable[[dict[str, Any]], Any] | None = None,
) -> list[Page]:
    """The formats of :data:`~generator.interop.export.EXPORTERS` that name a ``site_file`` (terms.json,
    glossary.csv) at the site root, with embed-data.js and tactics.json, and the JSON Schemas under
    schemas/.

    ``html(value, base)`` renders a Markdown field, its links to our pages starting with ``base``
    (the site's address, or nothing: relative to the site root). ``add_to_terms`` may add fields to
    terms.json's document before any format is written from it (the history's ``last_changed``)."""
    from generator.content.schema import SCHEMA_FILES, load_schema

    base = site_url.rstrip("/") + "/" if site_url else ""

    def field_html(value: str) -> str:
        return html(value, base)

    def dump(document: Any) -> str:
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    data = ExportInput(glossary, site_url, field_html)
    if add_to_terms is not None:
        add_to_terms(data.terms)
    pages = [Page(exporter.site_file, exporter.write(data)) for exporter in EXPORTERS.values() if exporter.site_file]
    tactics = tactics_document(glossary, site_url=site_url, html=field_html)
    pages += [
        Page("embed-data.js", embed_data_script(data.terms)),
        Page("tactics.json", json_one_record_per_line(tactics, "tactics")),
    ]
    for kind in [*SCHEMA_FILES, "terms-export"]:
        name = SCHEMA_FILES.get(kind, f"{kind}.schema.json")
        pages.append(Page(f"schemas/{name}", dump(load_schema(kind))))
    return pages


def embed_data_script(terms_document: dict) -> str:
    """embed-data.js: the card fields of every term of terms.json as one script (a script tag needs no
    CORS). embed.js loaded it until the glossary grew (3 MB at 10,000 terms); it now loads only its
    terms' shards (embed_data.py), and this file stays published for pages and tools that load it."""
    data = dict(terms_document, terms=[{k: t[k] for k in EMBED_FIELDS} for t in terms_document["terms"]])
    payload = json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("</", "<\\/")
    return f"window.gtmGlossaryEmbedData && window.gtmGlossaryEmbedData({payload});\n"


def embed_pages(glossary: Glossary, template: jinja2.Template) -> list[Page]:
    """/embed/<id>/: a small, self-contained card per term, light enough for an iframe
    (``template``: embed.html.j2). The same card under every former id and other name that has a
    redirect page under /glossary/ (``tactic_views.card_slugs``): an iframe pasted before a rename keeps
    showing the term, where a redirect would have to leave the frame's own origin rules to chance."""
    pages = []
    for term in glossary.terms.values():
        card = template.render(term=term, target=f"../../{site_path(term)}")
        pages += [Page(f"embed/{slug}/index.html", card) for slug in card_slugs(term)]
    return pages


def term_share_links(term: Term, site_url: str | None) -> dict[str, str]:
    """What a term page's share panel offers to copy, each on one line, its text escaped for its
    format: the link, a Markdown link, an HTML link, the iframe card and the hover-card snippet.

    URLs are absolute with ``site_url``; without it they are relative to the site root, and
    glossary.js makes them absolute from the page's own address (``data-root`` on the panel).
    """
    root = site_url or ""
    label = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
    script = html_text.escape(absolute("embed.js", root), quote=True)
    return {
        "link": term_link(term, label, "url", root),
        "markdown": term_link(term, label, "md", root),
        "html": term_link(term, label, "html", root),
        "iframe": term_link(term, label, "embed", root),
        "hover": f'<script src="{script}" defer></script> {term_link(term, label, "html", root)}',
    }


def tactic_share_links(tactic: Tactic, site_url: str | None) -> dict[str, str]:
    """What a tactic page's share panel offers to copy (as :func:`term_share_links`, without the
    cards): the page's permanent link, a Markdown link and an HTML link, for training material."""
    root = site_url or ""
    url = absolute(site_path(tactic), root)
    return {
        "link": url,
        "markdown": page_link(url, tactic.name, tactic.summary, "md"),
        "html": page_link(url, tactic.name, tactic.summary, "html"),
    }


def oembed_pages(glossary: Glossary, site_url: str | None) -> list[Page]:
    """/oembed/<id>.json: an oEmbed "rich" response per term, its HTML the embed card as an
    iframe. oEmbed needs absolute URLs: without ``site_url`` there are none (nor the
    ``<link rel="alternate">`` on term pages that announces them)."""
    if not site_url:
        return []
    provider = site_url.rstrip("/") + "/"
    pages = []
    for term in glossary.terms.values():  # under its id and, as its card, every name with a redirect page
        title = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
        document = {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_url": provider,
            "html": term_link(term, title, "embed", site_url),
            "width": EMBED_CARD_SIZE[0],  # the iframe's, as in every snippet (export.term_link)
            "height": EMBED_CARD_SIZE[1],
        }
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        pages += [Page(f"{OEMBED_FOLDER}/{slug}.json", text) for slug in card_slugs(term)]
    # Material's bundle takes every <link rel="alternate"> for another language of the site and
    # fetches sitemap.xml beside its address; for the oEmbed link that is oembed/sitemap.xml.
    # An empty sitemap there answers it: no 404 and no console error on every term page.
    pages.append(Page(f"{OEMBED_FOLDER}/sitemap.xml", EMPTY_SITEMAP))
    return pages


def classifier_json(glossary: Glossary, html: Callable[[str], str]) -> Page:
    """The data of the /classifier/ page: questions, rules and every tactic (see classify.py);
    ``html`` renders a Markdown field, its links relative to the site root."""
    document = classifier_document(glossary, url=site_path, html=html)
    return Page(CLASSIFIER_JSON, json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def asset_pages() -> list[Page]:
    """The site's own JavaScript, CSS and logo (SVG), copied to docs/assets/glossary/ (embed.js goes
    to the root, from embed_data.py): mkdocs.yml's theme.logo and favicon name the logo there, so plain
    MkDocs finds it too."""
    return [
        Page(f"assets/glossary/{path.name}", path.read_text("utf-8"))
        for path in sorted(ASSETS.glob("*"))
        if path.suffix in (".js", ".css", ".svg") and path.name not in BUILT_ASSETS
    ]
