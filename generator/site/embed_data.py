"""Hover cards on other sites: embed.js and the data it loads, a shard at a time.

A trainer's page carries ``<script src="https://GLOSSARY/embed.js">``. The script finds the page's
term links and ``data-glossary`` elements, turns each into a *slug* (``slugify`` of the name, as the
redirect pages' URLs are made) and loads only the shards that hold those slugs:
``embed-data/<n>.js``, each a script (a script tag needs no CORS header, and works from a page
opened from disk) calling ``window.gtmGlossaryEmbedShard({...})``. A shard holds every slug whose
FNV-1a hash falls in it, each with its term's card (name, abbreviation, summary, path): one request
per term, however large the glossary. The number of shards is written into embed.js when the site
is built (``SHARDS``), chosen so that no shard is larger than :data:`MAX_SHARD_BYTES`; every shard
repeats it, so an embed.js cached from an earlier build asks again with the new number.

``embed-data/names-<c>.js`` lists the slugs that start with ``c``, by term, for the "did you mean"
of an unknown ``data-glossary`` value: fetched only when a page has one. ``glossary link --check
PAGE.html`` (:func:`unknown_terms`) lists a page's unknown terms, suggesting the closest of all names
by the same measure.

``embed-data.js`` (every card in one script, what embed.js loaded before the shards) is still
published by data_files.py for pages and tools that load it themselves; embed.js no longer does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.core.package_data import site_config
from generator.core.text import closest, slugify
from generator.model.glossary import Glossary, Term
from generator.model.urls import site_path
from generator.site.page import Page
from generator.site.tactic_views import card_slugs

#: The folder of the shards and of the names-<c>.js files, beside embed.js at the site root.
SHARD_FOLDER = "embed-data"
#: No shard is larger than this (bytes, uncompressed): a page with one card loads at most this much data.
MAX_SHARD_BYTES = 16_000
#: The line of embed.js that the build sets to the number of shards.
_SHARDS_LINE = re.compile(r"^(\s*var SHARDS = )\d+(;)", re.M)
SHARD_FORMAT = "gtm-glossary/embed-shard"
#: What a slug starts with (slugify keeps only these and '-', never first).
SLUG_INITIALS = "abcdefghijklmnopqrstuvwxyz0123456789"
NAMES_FORMAT = "gtm-glossary/embed-names"


def embed_names(glossary: Glossary) -> dict[str, Term]:
    """Slug -> term, as embed.js resolves a ``data-glossary`` value or a link's last path segment:
    each term's id, name, abbreviation, aliases and former ids (names are unique, checked), then
    the forms ("MQLs"), which never take a slug a name has; a form two terms share goes to the first."""
    names: dict[str, Term] = {}
    terms = list(glossary.terms.values())
    for term in terms:
        for name in (term.id, term.term, term.abbreviation, *term.aliases, *term.former_ids):
            key = slugify(name) if name else ""
            if key and key not in names:
                names[key] = term
    for term in terms:
        for form in term.forms:
            key = slugify(form)
            if key and key not in names:
                names[key] = term
    return names


def shard_of(slug: str, shards: int) -> int:
    """The shard holding ``slug``: FNV-1a (32 bits) of its bytes modulo ``shards``; embed.js's
    ``shardOf`` is its twin (slugs are ASCII, so a character is a byte)."""
    value = 0x811C9DC5
    for byte in slug.encode("ascii", "replace"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def card(term: Term) -> dict[str, Any]:
    """What a hover card shows of a term (embed.js): with a deprecated term's status, the name of
    the term to use instead (``superseded_by``, only when there is one)."""
    shown = {
        "id": term.id,
        "term": term.term,
        "abbreviation": term.abbreviation,
        "summary": term.summary,
        "path": site_path(term),
        "status": term.status.value,
    }
    if term.superseded_by is not None:
        shown["superseded_by"] = term.superseded_by.term
    return shown


def _json(value: Any) -> str:
    # ASCII only and no "</": safe to load as a script whatever the page's encoding
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("</", "<\\/")


def shard_count(names: dict[str, Term], cards: dict[str, str], limit: int | None = None) -> int:
    """The fewest shards (a power of two) in which every shard's data stays within ``limit``
    bytes (default :data:`MAX_SHARD_BYTES`; ``cards``: each term's card as JSON); more shards
    cannot split one card."""
    limit = MAX_SHARD_BYTES if limit is None else limit
    shards = 1
    while True:
        sizes = [200] * shards  # the script's call and the document's other keys
        seen: list[set[str]] = [set() for _ in range(shards)]
        for slug, term in names.items():
            n = shard_of(slug, shards)
            sizes[n] += len(slug) + 8
            if term.id not in seen[n]:
                seen[n].add(term.id)
                sizes[n] += len(cards[term.id]) + 1
        if max(sizes) <= limit or shards >= 2 * len(names):
            return shards
        shards *= 2


def shard_script(number: int, shards: int, entries: list[tuple[str, Term]], cards: dict[str, str]) -> str:
    """embed-data/<number>.js: the cards of the slugs in this shard, ``names`` mapping each slug to
    its card's index in ``cards``."""
    order: dict[str, int] = {}
    names = {}
    for slug, term in sorted(entries, key=lambda entry: entry[0]):
        names[slug] = order.setdefault(term.id, len(order))
    listed = ",".join(cards[term_id] for term_id in order)
    head = _json({"format": SHARD_FORMAT, "version": 1, "shard": number, "shards": shards})[:-1]
    document = f'{head},"cards":[{listed}],"names":{_json(names)}}}'
    return f"window.gtmGlossaryEmbedShard && window.gtmGlossaryEmbedShard({document});\n"


def names_scripts(names: dict[str, Term]) -> dict[str, str]:
    """embed-data/names-<c>.js per first character ``c`` of a slug: per term its id, its name and
    its slugs that start with ``c``, for the closest match to an unknown ``data-glossary`` value,
    found among the names that start as it does (the candidates of :func:`unknown_terms`, which
    searches them all). One file for every name would be the whole glossary again (about 700 KB at
    10,000 terms), for a page with a typo."""
    buckets: dict[str, dict[str, list[Any]]] = {first: {} for first in SLUG_INITIALS}  # none missing: no 404
    for slug, term in names.items():
        rows = buckets[slug[0]]
        rows.setdefault(term.id, [term.id, term.term]).append(slug)
    scripts = {}
    for first, rows in sorted(buckets.items()):
        document = {"format": NAMES_FORMAT, "version": 1, "first": first, "terms": list(rows.values())}
        scripts[first] = f"window.gtmGlossaryEmbedNames && window.gtmGlossaryEmbedNames({_json(document)});\n"
    return scripts


def embed_script_pages(glossary: Glossary) -> list[Page]:
    """embed.js (its ``SHARDS`` set), the shards and names.js."""
    names = embed_names(glossary)
    cards = {term.id: _json(card(term)) for term in glossary.terms.values()}
    shards = shard_count(names, cards) if names else 1
    grouped: list[list[tuple[str, Term]]] = [[] for _ in range(shards)]
    for slug, term in names.items():
        grouped[shard_of(slug, shards)].append((slug, term))
    script = (site_config() / "assets" / "embed.js").read_text(encoding="utf-8")
    script, found = _SHARDS_LINE.subn(lambda m: f"{m.group(1)}{shards}{m.group(2)}", script, count=1)
    if not found:
        raise ValueError("embed.js has no 'var SHARDS = <n>;' line for the build to set")
    pages = [Page("embed.js", script)]
    pages += [Page(f"{SHARD_FOLDER}/names-{first}.js", text) for first, text in names_scripts(names).items()]
    pages += [
        Page(f"{SHARD_FOLDER}/{number}.js", shard_script(number, shards, entries, cards))
        for number, entries in enumerate(grouped)
    ]
    return pages


# --- glossary link --check: the unknown terms of a training page -----------------------------------


@dataclass(frozen=True)
class Mention:
    """A term a page asks a card for: a ``data-glossary`` value, a link to a glossary page or an
    iframe of an embed card."""

    line: int
    column: int
    kind: str  # "data-glossary", "link" or "iframe" (an embed card, /embed/<slug>/)
    value: str
    slug: str


class _Mentions(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, str]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        values = dict(attrs)
        if "data-glossary" in values:  # a bare attribute names "" for embed.js: no term
            self.found.append((line, column + 1, "data-glossary", values["data-glossary"] or ""))
        if tag == "a" and values.get("href"):
            self.found.append((line, column + 1, "link", values["href"] or ""))
        if tag == "iframe" and values.get("src"):
            self.found.append((line, column + 1, "iframe", values["src"] or ""))
        if tag == "script" and (values.get("src") or "").split("?")[0].endswith("embed.js"):
            self.scripts.append(values["src"] or "")


def mentions(html: str, site_url: str | None) -> Iterator[Mention]:
    """What ``html`` asks the glossary for: every ``data-glossary`` value, every link to a page
    under ``glossary/`` of the site its embed.js comes from (else of ``site_url``), as embed.js reads
    them, and every iframe of a card under ``embed/`` of that site."""
    parser = _Mentions()
    parser.feed(html)
    parser.close()
    bases = [urljoin(src, ".") for src in parser.scripts if urlsplit(src).scheme in ("http", "https")]
    if not bases and site_url:
        bases = [site_url.rstrip("/") + "/"]
    for line, column, kind, value in parser.found:
        if kind == "data-glossary":
            yield Mention(line, column, kind, value, slugify(value))
            continue
        for base in bases:
            prefix = urljoin(base, "embed/" if kind == "iframe" else "glossary/")
            target = urlsplit(urljoin(base, value))
            start = urlsplit(prefix)
            if (target.scheme, target.netloc) != (start.scheme, start.netloc):
                continue
            if not target.path.startswith(start.path):
                continue
            rest = target.path[len(start.path) :].removesuffix("index.html").rstrip("/")
            if rest and "/" not in rest:
                yield Mention(line, column, kind, value, rest)
            break


def card_names(glossary: Glossary) -> dict[str, Term]:
    """Slug -> term for the iframe cards the site has: /embed/<id>/ and /embed/<name>/ for every
    name with a redirect page (data_files.embed_pages); not the forms, which have neither."""
    return {slug: term for term in glossary.terms.values() for slug in card_slugs(term)}


def checked_mentions(
    html: str, glossary: Glossary, site_url: str | None
) -> list[tuple[Mention, Term | None, tuple[str, Term] | None]]:
    """Each mention in ``html`` with its term (None if it names none) and, for an unknown one, the
    closest name (a slug embed.js knows, and its term) or None: difflib's measure over every name,
    as embed.js's ``closest`` computes it over the names that start like the mention. An iframe's
    card must exist as written (a URL's path is case-sensitive); its closest name is its slug's."""
    names = embed_names(glossary)
    cards: dict[str, Term] | None = None
    checked: list[tuple[Mention, Term | None, tuple[str, Term] | None]] = []
    for mention in mentions(html, site_url):
        known = names
        if mention.kind == "iframe":
            known = cards = card_names(glossary) if cards is None else cards
        if mention.slug in known:
            checked.append((mention, known[mention.slug], None))
            continue
        wanted = slugify(mention.slug) if mention.kind == "iframe" else mention.slug
        match = closest(wanted, known) if wanted else None
        checked.append((mention, None, (match, known[match]) if match else None))
    return checked


def unknown_terms(html: str, glossary: Glossary, site_url: str | None) -> list[tuple[Mention, tuple[str, Term] | None]]:
    """The mentions in ``html`` that name no term, each with the closest name or None (:func:`checked_mentions`)."""
    return [(mention, match) for mention, term, match in checked_mentions(html, glossary, site_url) if term is None]
