"""The glossary as data for other tools: terms.json, tactics.json, glossary.csv, one Markdown file.

The same functions serve the site (the generator publishes the files at its root) and
``glossary export``: :data:`EXPORTERS` names every format once, for both. Formats are versioned;
terms.json is declared by ``generator/schemas/terms-export.schema.json``, which the site publishes too.

URLs: ``path`` is always relative to the site root ("glossary/lead/"); ``url`` is
absolute when the site's address (``site_url`` in mkdocs.yml) is known, else the path.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.problems import GlossaryError
from generator.core.text import markdown_text, neutralize_unsafe_links, one_line
from generator.model.urls import site_path

if TYPE_CHECKING:  # the command line reads EXPORTERS to build its parser: the model is imported on use
    from generator.model.glossary import Glossary, Term

EXPORT_VERSION = 1
TERMS_FORMAT = "gtm-glossary/terms"
TACTICS_FORMAT = "gtm-glossary/tactics"
#: One row per term, in this order. Lists are joined with "; ".
CSV_COLUMNS = (
    "id",
    "term",
    "abbreviation",
    "aliases",
    "summary",
    "definition",
    "category",
    "broader",
    "related",
    "status",
    "owner",
    "last_reviewed",
    "sources",
    "url",
)
LIST_SEPARATOR = "; "
#: A spreadsheet evaluates a cell starting with one of these as a formula (CSV injection), also
#: after leading spaces or line breaks, which some trim; the full-width forms too (Excel in CJK locales).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def absolute(path: str, site_url: str | None) -> str:
    return site_url.rstrip("/") + "/" + path if site_url else path


def check_site_url(site_url: str | None) -> str | None:
    """``site_url`` if it is an http(s) address (or None); ValueError otherwise.

    Every link we print or export starts with it: 'javascript:alert(1)//' in mkdocs.yml
    would make each of them run script.
    """
    if site_url is None or re.match(r"https?://[^\s<>\"'`()\\]+$", site_url, re.I):
        return site_url
    raise ValueError(f"site_url '{one_line(site_url)}' is not an http(s) address")


#: The site_url mkdocs.yml ships with: links built from it lead nowhere.
PLACEHOLDER_SITE_URL = "https://glossary.example.com/"


def is_placeholder_site_url(site_url: str | None) -> bool:
    """Whether ``site_url`` is the shipped example address (any scheme, port or path): nothing is
    published there, so the site must request nothing from it."""
    host = re.sub(r"(?i)^https?://([^/:]*).*$", r"\1", site_url or "").casefold()
    return host == "glossary.example.com"


def site_url_warning(site_url: str | None) -> str | None:
    """One line saying that ``site_url`` is missing or still the shipped example, else None."""
    if site_url is None:
        return "site_url is not set, so links are paths, not addresses; set site_url in mkdocs.yml"
    if is_placeholder_site_url(site_url):
        return (
            f"site_url is still the example address {PLACEHOLDER_SITE_URL}; links built from it lead nowhere; "
            "set site_url in mkdocs.yml"
        )
    return None


#: The iframe card's width and height (px) in every snippet: `glossary link --format embed`, the share
#: panel and the oEmbed documents. The tallest shipped card at 360 px (a two-line name and a summary
#: clamped at 4 lines: embed.html.j2) needs 182 px in a wide font (DejaVu Sans); the rest is room for
#: a status line. The card gives its summary's room up first (whole lines in a narrower or lower
#: frame), so a smaller frame still shows the name, the status and the link.
EMBED_CARD_SIZE = (360, 200)


def term_link(term: Term, label: str, fmt: str, site_url: str | None) -> str:
    """A link to ``term`` for training material: a URL, Markdown, an HTML anchor or an embed card.

    ``label`` and the term's text are escaped for the format, on one line.
    """
    url = absolute(site_path(term), site_url)
    if fmt in ("md", "html"):
        return page_link(url, label, term.summary, fmt)
    if fmt == "embed":
        card = html.escape(absolute(f"embed/{term.id}/", site_url), quote=True)
        title = html.escape(one_line(f"{term.term}: glossary card"), quote=True)
        width, height = EMBED_CARD_SIZE
        size = f'width="{width}" height="{height}" style="border:0;max-width:100%" loading="lazy"'
        return f'<iframe src="{card}" title="{title}" {size}></iframe>'
    return url


def page_link(url: str, label: str, summary: str | None, fmt: str) -> str:
    """A link to one of our pages (a term's, a tactic's) as Markdown (``fmt`` 'md') or an HTML
    anchor ('html') whose title is the summary; text escaped for the format, on one line."""
    if fmt == "md":
        return f"[{markdown_text(label)}]({url})"
    title = html.escape(one_line(summary or ""), quote=True)
    return f'<a href="{html.escape(url, quote=True)}" title="{title}">{html.escape(one_line(label))}</a>'


def _sources(citations: Any, site_url: str | None) -> list[dict[str, Any]]:
    return [
        {
            "id": c.source.id,
            "title": c.source.title,
            "locator": c.locator,
            "url": c.source.url,
            "page": absolute(site_path(c.source), site_url),
        }
        | ({"quote": c.quote} if c.quote else {})  # added within format version 1
        for c in citations
    ]


def _perspectives(term: Term, site_url: str | None, html: Callable[[str], str] | None) -> list[dict[str, Any]]:
    """How each source defines the term (added within format version 1)."""
    records = []
    for p in term.perspectives:
        record: dict[str, Any] = {
            "source": p.source.id,
            "title": p.source.title,
            "page": absolute(site_path(p.source), site_url),
            "definition": p.definition,
        }
        if html is not None:
            record["definition_html"] = html(p.definition)
        record |= {"locator": p.locator, "maps_to": p.maps_to.id if p.maps_to else None}
        records.append(record | ({"quote": p.quote} if p.quote else {}))
    return records


def json_one_record_per_line(document: dict[str, Any], records: str) -> str:
    """A data file (terms.json, tactics.json) as JSON with one record per line.

    Compact, so Python's C encoder writes it (indenting makes ``json`` fall back to its
    pure-Python encoder: terms.json of 10,000 terms took 0.49 s instead of 0.22 s, measured),
    yet a record is still one line for grep and for line diffs. ``records`` names the list;
    it is written last.
    """
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    head = json.dumps({k: v for k, v in document.items() if k != records}, **compact)
    lines = ",\n".join(json.dumps(record, **compact) for record in document[records])
    joiner = "," if len(head) > 2 else ""
    body = f"\n{lines}\n" if lines else ""
    return f"{head[:-1]}{joiner}{json.dumps(records)}:[{body}]}}\n"


def term_record(term: Term, site_url: str | None, html: Callable[[str], str] | None) -> dict[str, Any]:
    path = site_path(term)
    record = {
        "id": term.id,
        "term": term.term,
        "abbreviation": term.abbreviation,
        "aliases": list(term.aliases),
        "summary": term.summary,
        "definition": term.definition,
        "path": path,
        "url": absolute(path, site_url),
        "category": term.category.id if term.category else None,
        "category_name": term.category.name if term.category else None,
        "broader": term.broader.id if term.broader else None,
        "narrower": [t.id for t in term.narrower],
        "related": [t.id for t in term.related],
        "status": term.status.value,
        "superseded_by": term.superseded_by.id if term.superseded_by else None,
        "former_ids": list(term.former_ids),
        "forms": list(term.forms),
        "owner": term.owner,
        "last_reviewed": term.last_reviewed.isoformat() if term.last_reviewed else None,
        "sources": _sources(term.sources, site_url),
        "perspectives": _perspectives(term, site_url, html),
    }
    if html is not None:
        record["definition_html"] = html(term.definition)
    return record


def terms_document(
    glossary: Glossary, *, site_url: str | None = None, html: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """terms.json: every term, in id order."""
    return {
        "format": TERMS_FORMAT,
        "version": EXPORT_VERSION,
        "site_url": site_url,
        "terms": [term_record(t, site_url, html) for t in glossary.terms.values()],
    }


def tactics_document(
    glossary: Glossary, *, site_url: str | None = None, html: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """tactics.json: every tactic with its classification, signals, disputes and sources."""
    from generator.model.classifier_document import classifier_document

    document = classifier_document(glossary, url=lambda item: absolute(site_path(item), site_url), html=html)
    return {"format": TACTICS_FORMAT, "version": EXPORT_VERSION, "site_url": site_url, "tactics": document["tactics"]}


def is_formula_like(cell: str) -> bool:
    """Whether a spreadsheet may evaluate ``cell``: a formula character first, or after any
    leading whitespace (" =1+1", "\\n@SUM(A1)")."""
    return cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS)


def _needs_quote(cell: str) -> bool:
    """Formula-like, or formula-like once its own leading quotes are read as ours: "'=x" is
    quoted again, so that reading it back removes one quote and gives "'=x", not "=x"."""
    return is_formula_like(cell.lstrip("'"))


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading ' before anything it could evaluate.

    :func:`from_spreadsheet` (``glossary import csv``) removes that one quote again, so the
    text round-trips.
    """
    return "'" + cell if _needs_quote(cell) else cell


def from_spreadsheet(cell: str) -> str:
    """The text :func:`spreadsheet_safe` protected: "'=x" was written for "=x", "' =x" for " =x"."""
    return cell[1:] if cell.startswith("'") and _needs_quote(cell[1:]) else cell


def terms_csv(glossary: Glossary, *, site_url: str | None = None) -> str:
    """glossary.csv: UTF-8 with a byte order mark (Excel then reads it as UTF-8), CRLF rows, quoted as needed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for term in glossary.terms.values():
        record = term_record(term, site_url, None)
        row = {
            **record,
            "aliases": LIST_SEPARATOR.join(record["aliases"]),
            "related": LIST_SEPARATOR.join(record["related"]),
            "sources": LIST_SEPARATOR.join(s["id"] for s in record["sources"]),
        }
        writer.writerow([spreadsheet_safe(str(row[column] or "")) for column in CSV_COLUMNS])
    return "\ufeff" + out.getvalue()


def glossary_markdown(glossary: Glossary, *, site_url: str | None = None) -> str:
    """One Markdown glossary for a training document: A-Z, each term with its summary, definition and link."""
    lines = ["# Glossary", ""]
    for term in sorted(glossary.terms.values(), key=lambda t: t.term.casefold()):
        name = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
        lines += [f"## {_md_text(name)}", ""]
        if term.summary:
            lines += [f"*{_md_text(term.summary)}*", ""]
        lines += [_plain_links(term.definition, glossary, site_url), ""]
        if term.aliases:
            lines += [f"Also called: {', '.join(_md_text(alias) for alias in term.aliases)}.", ""]
        lines += [f"[Full definition]({absolute(site_path(term), site_url)})", ""]
    return "\n".join(lines)


def _md_text(text: str) -> str:
    """A plain field as literal Markdown: runs of white space as one space, markup escaped."""
    return markdown_text(" ".join(text.split()))


def _plain_links(markdown: str, glossary: Glossary, site_url: str | None) -> str:
    """Definitions keep their Markdown; [[term]] links become ordinary links to the site."""
    from generator.core.text import WIKILINK
    from generator.model.wikilinks import link_text

    def link(match: re.Match) -> str:
        term = glossary.lookup(match.group(1).strip())
        shown = link_text(term, match)
        # a label is the author's Markdown, as in the definition; a name is plain text
        label = shown if match.group(2) else _md_text(shown)
        return f"[{label}]({absolute(site_path(term), site_url)})" if term else label

    # the names come escaped; the definition's own links are checked, and made safe again here
    return neutralize_unsafe_links(WIKILINK.sub(link, markdown.replace("<", "&lt;"))).strip()


DATAHUB_ID_PREFIX = "gtm-glossary."


def datahub_document(glossary: Glossary, *, site_url: str | None = None) -> dict[str, Any]:
    """A business-glossary file for DataHub's ``datahub-business-glossary`` source, version 1.

    A node per category; each term with its definition, an explicit stable id
    (``gtm-glossary.<id>``, so renaming a term here never forks it there), ``inherits``
    from its broader term, ``related_terms``, its owner as a group, ``source_url`` to its
    page on the site, and abbreviation, aliases, summary and status as custom properties.
    References are DataHub paths (node name + "." + term name), as its parser expects.
    """
    paths = {t.id: (f"{t.category.name}.{t.term}" if t.category else t.term) for t in glossary.terms.values()}

    def term_entry(term: Term) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": term.term,
            "id": DATAHUB_ID_PREFIX + term.id,
            "description": term.definition.strip(),
            "term_source": "INTERNAL",
            "source_ref": "gtm-glossary",
        }
        if site_url:
            entry["source_url"] = absolute(site_path(term), site_url)
        if term.owner:
            entry["owners"] = {"groups": [term.owner]}
        if term.broader:
            entry["inherits"] = [paths[term.broader.id]]
        if term.related:
            entry["related_terms"] = [paths[t.id] for t in term.related]
        properties = {
            "summary": term.summary or "",
            "abbreviation": term.abbreviation or "",
            "aliases": LIST_SEPARATOR.join(term.aliases),
            "status": term.status.value,
            "last_reviewed": term.last_reviewed.isoformat() if term.last_reviewed else "",
        }
        entry["custom_properties"] = {k: v for k, v in properties.items() if v}
        links = [
            {"label": c.source.title, "url": c.source.url or absolute(site_path(c.source), site_url)}
            for c in term.sources
            if c.source.url or site_url
        ]
        if links:
            entry["knowledge_links"] = links
        return entry

    nodes = []
    for category in glossary.categories.values():
        terms = [term_entry(t) for t in glossary.terms.values() if t.category is category]
        if terms:
            nodes.append(
                {
                    "name": category.name,
                    "id": f"{DATAHUB_ID_PREFIX}category.{category.id}",
                    "description": category.description or category.name,
                    "terms": terms,
                }
            )
    owners = sorted({t.owner for t in glossary.terms.values() if t.owner})
    document: dict[str, Any] = {
        "version": "1",
        "source": "DataHub",
        "owners": {"groups": owners[:1] or ["gtm-glossary"]},
    }
    if site_url:
        document["url"] = site_url
    document["nodes"] = nodes
    loose = [term_entry(t) for t in glossary.terms.values() if t.category is None]
    if loose:
        document["terms"] = loose
    return document


def datahub_yaml(glossary: Glossary, *, site_url: str | None = None) -> str:
    """:func:`datahub_document` as the YAML file DataHub's ingestion reads."""
    from generator.interop.imports import dump_yaml  # the import's YAML writer: block style, no anchors

    return dump_yaml(datahub_document(glossary, site_url=site_url))


@dataclass(frozen=True)
class ExportInput:
    """What every format is made from: the glossary, the site's address (None: links are paths) and
    how a Markdown field becomes HTML (the site's renderer; None: the JSON has no ``definition_html``).

    terms.json's document is made once, however many formats read it (the site's terms.json and
    embed-data.js: the HTML of every definition is the costly part)."""

    glossary: Glossary
    site_url: str | None = None
    html: Callable[[str], str] | None = None

    @functools.cached_property
    def terms(self) -> dict[str, Any]:
        return terms_document(self.glossary, site_url=self.site_url, html=self.html)


@dataclass(frozen=True)
class Exporter:
    """One format of ``glossary export``: all the command line, the site and the dispatch know of it."""

    #: The file's text.
    write: Callable[[ExportInput], str]
    #: What it is, for ``glossary export --help``.
    description: str
    #: How the start of an earlier export reads: ``--output`` replaces only such a file (a mistyped
    #: path must not overwrite mkdocs.yml or a term).
    starts: re.Pattern[str]
    #: The name the site publishes it under at its root (None: not published).
    site_file: str | None = None


#: Every format of ``glossary export``, by the name ``--format`` takes: its choices, its dispatch
#: (:func:`export_text`) and the site's downloads (:data:`Exporter.site_file`) all read this table.
EXPORTERS: dict[str, Exporter] = {
    "json": Exporter(
        lambda data: json_one_record_per_line(data.terms, "terms"),
        "the format of the site's terms.json",
        re.compile(r'\A\s*\{\s*"format"\s*:\s*"gtm-glossary/terms"'),
        site_file="terms.json",
    ),
    "csv": Exporter(
        lambda data: terms_csv(data.glossary, site_url=data.site_url),
        "one row per term, UTF-8 with BOM, as the site's glossary.csv",
        re.compile(r"\A\ufeff?" + re.escape(",".join(CSV_COLUMNS)) + r"\r?\n"),
        site_file="glossary.csv",
    ),
    "md": Exporter(
        lambda data: glossary_markdown(data.glossary, site_url=data.site_url),
        "one Markdown glossary to paste into training material",
        re.compile(r"\A# Glossary\n\n## .*?\n\[Full definition\]\(", re.S),
    ),
    "datahub": Exporter(
        lambda data: datahub_yaml(data.glossary, site_url=data.site_url),
        "a business-glossary file for DataHub's ingestion",
        re.compile(r"\Aversion: '?1'?\nsource: DataHub\n"),
    ),
}


class UnknownFormatError(GlossaryError, ValueError):
    """A format :data:`EXPORTERS` does not have."""


def exporter(name: str) -> Exporter:
    """The format called ``name``; :class:`UnknownFormatError` for any other (never a fallback)."""
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(EXPORTERS)
        raise UnknownFormatError(f"unknown export format '{one_line(str(name))}'; one of {known}") from None


def export_text(name: str, data: ExportInput) -> str:
    """The glossary in the format called ``name`` (a key of :data:`EXPORTERS`)."""
    return exporter(name).write(data)


def is_earlier_export(path: Path, fmt: str) -> bool:
    """Whether ``path`` holds what ``glossary export --format fmt`` writes (judged by its start)."""
    starts = exporter(fmt).starts
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            start = handle.read(65536)
    except OSError:
        return False
    return bool(starts.match(start))
