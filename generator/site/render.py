"""Stage 4: render the model into the site's pages with Jinja2: :func:`render_site` (every page),
``Renderer.own_page`` (a term's or playbook's page), the A-Z, print, sources, category, tactic
and classifier pages, and the redirect pages of other names.

What else the site publishes (the data files, embed cards, oEmbed responses, share snippets and
assets) is made in ``data_files.py``; what templates show of tactics beyond the model's fields,
in ``tactic_views.py``; user text is escaped by ``escaping.py``.

Templates live in ``site_config/templates`` (carried by the package: ``package_data.py``); a
project may replace any of them with a file of the same name in its own ``site_config/templates``.
They receive typed model objects and a few helpers, never loose dicts, under ``StrictUndefined``
so a typo fails loudly.
Every piece of user-authored text goes through one of two filters:

* ``text``: plain text (names, titles, summaries). HTML and Markdown syntax are
  escaped, so a term named ``[x](javascript:...)`` or ``<script>`` shows as text.
* ``md``: a Markdown field (definitions, answers, rationales). Raw HTML is escaped,
  unsafe link targets are neutralised (``glossary check`` already refuses them),
  and ``[[term]]`` links become relative links to the term's page.

Output is a list of :class:`~generator.site.page.Page` values; handing them to MkDocs (or writing
them) is the build stage's job (build.py).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2
import markdown as python_markdown

from generator.core.package_data import site_config
from generator.core.problems import GlossaryError
from generator.core.safe_html import SafeLinksExtension
from generator.core.text import WIKILINK, one_line
from generator.interop.export import absolute, is_placeholder_site_url
from generator.model.classifier_document import signals_classification
from generator.model.glossary import Glossary, Playbook, Status, Tactic, TacticTable, Term, group_by_kind
from generator.model.urls import TACTICS_INDEX, markdown_path_to_url, oembed_path, page_of, site_path
from generator.model.wikilinks import link_text
from generator.site.autolink import Autolinker
from generator.site.calculator import (
    NumberFormat,
    calculator_inputs,
    formula_words,
    number_attribute,
    sentence_case,
    starting_source,
)
from generator.site.data_files import (
    CLASSIFIER_JSON,
    asset_pages,
    classifier_json,
    data_pages,
    embed_pages,
    oembed_pages,
    tactic_share_links,
    term_share_links,
)
from generator.site.embed_data import embed_script_pages
from generator.site.escaping import (
    CONTROL,
    EDITORIAL_LABEL,
    as_written,
    defused,
    escape_text,
    link_title,
    no_tags,
    quote_element,
    safe_href,
    yaml_string,
)
from generator.site.governance_views import REVIEW_PAGE, ownership_of, review_page_context
from generator.site.history_pages import (
    CHANGES_FEED,
    CHANGES_PAGE,
    HistoryView,
    atom_feed,
    changes_context,
    template_globals,
    with_last_changed,
)
from generator.site.jinja_cache import TEMPLATES as COMPILED_TEMPLATES
from generator.site.letter_pages import a_z_pages, tactics_pages
from generator.site.optional_pages import CLASSIFIER_PAGE, OPTIONAL_PAGES, optional_pages_of
from generator.site.page import Page
from generator.site.prose import prose_html
from generator.site.search_shards import search_pages
from generator.site.source_views import quote_kinds, quote_summaries
from generator.site.tactic_views import (
    display_name,
    letters_of,
    playbooks_using,
    redirect_slugs,
    rule_anchor,
    signal_lines,
    site_root_from,
    table_cells,
    tactic_redirect_slugs,
    tactic_sources,
    terms_of_tactic,
    terms_using_tactics,
)

TEMPLATES = site_config() / "templates"


class RenderError(GlossaryError):
    """The renderer failed on a content field: one line naming the file and the field, never a traceback.

    ``glossary check`` refuses the shapes known to break Python-Markdown (markdown_limits.py); this
    is for the ones nobody has found yet.
    """


def _field_holding(owner: Any, value: str) -> str | None:
    """The name of ``owner``'s field whose value is ``value`` ('definition', 'examples[1].text'), or None."""
    for name, held in vars(owner).items():
        if held is value or held == value:
            return name
        if isinstance(held, tuple):
            for number, entry in enumerate(held):
                for inner, inner_value in getattr(entry, "__dict__", {}).items():
                    if inner_value is value or inner_value == value:
                        return f"{name}[{number}].{inner}"
    return None


def _file_of(item: Any) -> str:
    """The content file that holds ``item``: its own for terms and playbooks; tactics and tables
    each live in one file, named with the record."""
    from generator.content.load import TABLES_FILE, TACTICS_FILE

    if getattr(item, "path", None):
        return item.path
    file = {Tactic: TACTICS_FILE, TacticTable: TABLES_FILE}.get(type(item))
    kind = type(item).__name__.lower()
    return f"{file} ({kind} '{item.id}')" if file else f"{kind} '{item.id}'"


class Renderer:
    """Renders pages of one glossary; knows where every object's page lives."""

    def __init__(
        self,
        glossary: Glossary,
        templates: Path | Sequence[Path] = TEMPLATES,
        *,
        edit_base: str | None = None,
        site_url: str | None = None,
        numbers: NumberFormat = NumberFormat(),
        history: HistoryView | None = None,
        own_search: bool = True,
    ):
        self.glossary = glossary
        # The site's own search index (search_shards.py), its pages left out of Material's; False
        # for an engine with a search of its own (Zensical), which then indexes the pages.
        self.own_search = own_search
        self.site_url = site_url
        self.history = history or HistoryView()  # none given: no History sections, /changes/ says why
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html", "html.j2"]),
            keep_trailing_newline=True,
            # A renderer lives for one build: no need to stat each template per page.
            auto_reload=False,
            bytecode_cache=COMPILED_TEMPLATES,  # compiled once per process: serve renders on every save
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["text"] = escape_text
        self.env.filters["notags"] = no_tags
        self.env.filters["yaml_string"] = yaml_string  # front matter values
        self.env.filters["href"] = safe_href
        self.env.filters["site_url"] = site_path  # an object's URL from the site root, for raw HTML links
        self.env.filters["display_name"] = display_name
        self.env.globals["glossary"] = glossary
        self.env.globals["edit_base"] = edit_base
        self.env.globals["own_search"] = own_search
        self.env.globals["share"] = lambda term: term_share_links(term, site_url)
        # The calculators (term.md.j2): fields, starting numbers and the site's number format.
        self.env.globals["calculator_inputs"] = calculator_inputs
        self.env.globals["formula_words"] = formula_words
        self.env.globals["starting_source"] = starting_source
        self.env.globals["number_attribute"] = number_attribute
        self.env.globals["numbers"] = numbers
        self.env.filters["sentence_case"] = sentence_case
        self.env.globals["rule_anchor"] = rule_anchor
        self.env.globals["quote_html"] = quote_element
        self.env.globals["signals_give"] = lambda tactic: signals_classification(glossary, tactic)
        # The tactics index and the classifier are left out while the project has no content for them
        # (optional_pages.py): templates link them only `{% if has_page("classifier.md") %}`.
        self.pages_present = optional_pages_of(glossary)
        self.env.globals["has_page"] = lambda path: path not in OPTIONAL_PAGES or path in self.pages_present
        # oEmbed needs absolute URLs, which the example address is not: Material would fetch
        # <address>/oembed/sitemap.xml from it on every term page (data_files.oembed_pages)
        self.oembed_site = None if is_placeholder_site_url(site_url) else site_url
        self.env.globals["oembed_url"] = lambda term: (
            absolute(oembed_path(term), self.oembed_site) if self.oembed_site else None
        )
        self.env.globals["quote_summaries"] = quote_summaries(glossary)  # the sources page (source_views.py)
        self.env.globals["quote_kinds"] = quote_kinds(glossary)
        self.env.globals["ownership"] = lambda term: ownership_of(glossary, term)  # term.md.j2's "Ownership" line
        self.env.globals.update(template_globals(self.history))  # term pages' History (history_pages.py)
        self.autolinker = Autolinker(glossary)
        # One converter for every data-file field: building Python-Markdown anew each time
        # took a sixth of the rendering time at 1,000 terms.
        self._markdown_to_html = python_markdown.Markdown(extensions=["tables", SafeLinksExtension()])

    def failure(self, value: str, error: Exception, owner: Any = None) -> RenderError:
        """:class:`RenderError` for ``error`` raised while rendering the Markdown field ``value``:
        the file and field that hold it (looked for among the glossary's records if ``owner`` is None)."""
        owners = [owner] if owner is not None else []
        owners += [
            *self.glossary.terms.values(),
            *self.glossary.tactics.values(),
            *self.glossary.playbooks.values(),
            *self.glossary.tables.values(),
        ]
        for candidate in owners:
            field = _field_holding(candidate, value)
            if field is not None:
                where = _file_of(candidate)
                return RenderError(
                    f"{where}: '{field}' could not be rendered ({type(error).__name__}: {one_line(str(error))[:120]});"
                    " simplify that field (glossary check names the shapes it knows to refuse)"
                )
        said = one_line(str(error))[:120]
        return RenderError(f"a Markdown field could not be rendered ({type(error).__name__}: {said})")

    # --- where things live -------------------------------------------------------------

    page_of = staticmethod(page_of)

    @staticmethod
    def relative(target: str, from_page: str) -> str:
        path, _, anchor = target.partition("#")
        if path == from_page:
            link = ""
        else:
            directory, _, name = path.rpartition("/")
            from_directory = from_page.rpartition("/")[0]
            # Most links join two pages of one folder (term to term): no relpath needed.
            link = name if directory == from_directory else _relative_path(path, from_directory or ".")
        return f"{link}#{anchor}" if anchor else link

    # --- filters bound to the page being rendered ---------------------------------------

    def markdown(self, value: str, from_page: str, linked: set[str] | None = None) -> str:
        """User Markdown made safe, [[term]] links resolved and first mentions linked.

        ``linked`` holds the ids of terms already linked on the page (and the page's
        own term), shared by every Markdown field of one page.
        """
        text = defused(value)

        def wikilink(match: re.Match) -> str:
            term = self.glossary.lookup(match.group(1).strip())
            label = as_written(link_text(term, match))
            return self.link(term, from_page, label) if term is not None else escape_text(label)

        if linked is not None:
            # Terms the author linked explicitly count as mentioned; mentions are linked
            # before [[links]] become Markdown links, whose titles must not be touched.
            for match in WIKILINK.finditer(text):
                term = self.glossary.lookup(match.group(1).strip())
                if term is not None:
                    linked.add(term.id)
            text = self.autolinker.link_mentions(text, linked, lambda term, words: self.link(term, from_page, words))
        return WIKILINK.sub(wikilink, text).rstrip("\n")

    def link(self, item: Any, from_page: str, label: str | None = None) -> str:
        """A Markdown link to ``item``, or just its escaped label on ``item``'s own page.

        A term's summary becomes the link's title, which Material shows as a tooltip
        on hover and keyboard focus (the ``content.tooltips`` feature).
        """
        label = escape_text(label if label is not None else display_name(item))
        target = self.relative(self.page_of(item), from_page)
        if not target:
            return label
        summary = getattr(item, "summary", None) if isinstance(item, Term) else None
        if summary:
            return f'[{label}]({target} "{link_title(summary)}")'
        return f"[{label}]({target})"

    def cite(self, citation: Any, from_page: str, parentheses: bool = False, quote: bool = True) -> str:
        """A citation (or dispute) as Markdown: its source's link, the locator, and the quote as an
        expandable element. A citation of an editorial source reads as the team's own word.

        The quote is inline HTML, so it may stand in a list item, a table cell or a paragraph's end;
        its text is escaped like every field (it is shown even when it could not be verified).
        """
        source = citation.source
        text = self.link(source, from_page, EDITORIAL_LABEL if getattr(source, "editorial", False) else None)
        if citation.locator:
            locator = escape_text(citation.locator)
            text += f" ({locator})" if parentheses else f", {locator}"
        if quote and citation.quote:
            text += f" {quote_element(citation.quote)}"
        return text

    def html(self, value: str, base: str = "") -> str:
        """A Markdown field as safe HTML for JSON data: escaped like ``md``; links to our pages are
        relative to the site root, or absolute when ``base`` (the site's address) is given.

        Prose with ``[[links]]`` takes the fast path of :mod:`prose` (the same HTML; 11,000 fields of
        a 10,000-term corpus in 0.5-0.7 s instead of 5.9-6.9 s, measured);
        anything else goes through Python-Markdown.
        """
        try:
            fast = prose_html(defused(value), lambda match: self._link_element(match, base))
            return fast if fast is not None else self.html_by_python_markdown(value, base)
        except RenderError:
            raise
        except Exception as error:  # RecursionError and whatever Python-Markdown raises: one line
            raise self.failure(value, error) from None

    def html_by_python_markdown(self, value: str, base: str = "") -> str:
        """:meth:`html` without the fast path (tests compare the two)."""
        converted = self._markdown_to_html.reset().convert(self.markdown(value, "index.md"))
        return _MD_HREF.sub(lambda m: f'href="{base}{markdown_path_to_url(m.group(1))}"', converted)

    def _link_element(self, match: re.Match, base: str) -> str | None:
        """The <a> Python-Markdown makes of :meth:`link`'s ``[label](page.md "summary")`` for a
        ``[[link]]`` match, or None for a target that is no term (Python-Markdown then renders the field)."""
        term = self.glossary.lookup(match.group(1).strip())
        if term is None:
            return None
        label = as_written(link_text(term, match))
        if CONTROL.search(label) or CONTROL.search(term.summary or ""):
            return None  # Python-Markdown drops or keeps these in ways not worth copying
        text = html.escape(" ".join(no_tags(label).split()), quote=False)
        href = base + site_path(term)
        if term.summary:
            return f'<a href="{href}" title="{link_title(term.summary)}">{text}</a>'
        return f'<a href="{href}">{text}</a>'

    def render(self, template: str, path: str, **context: Any) -> Page:
        own = context.get("term")
        linked: set[str] = {own.id} if isinstance(own, Term) else set()
        bound: dict[str, Callable[..., str]] = {
            "md": lambda value: self.markdown(value, path, linked),
            "url": lambda item: self.relative(self.page_of(item), path),
            "link": lambda item, label=None: self.link(item, path, label),
            "cite": lambda citation, parentheses=False, quote=True: self.cite(citation, path, parentheses, quote),
            # For raw HTML blocks, which MkDocs leaves alone: a Markdown field as HTML and a term's
            # address, both relative to the folder MkDocs publishes this page at ('print/index.md' -> '../',
            # 'glossary/lead.md' -> '../../').
            "html": lambda value: self.html(value, site_root_from(path)),
            "href": lambda term: "../" * path.count("/") + site_path(term),
        }
        context.setdefault("root", site_root_from(path))
        converting: list[str] = []
        bound["md"] = lambda value: (converting.append(value), self.markdown(value, path, linked))[1]
        try:
            content = self.env.get_template(template).render(page_path=path, **bound, **context)
        except RenderError:
            raise
        except Exception as error:
            if not converting or isinstance(error, jinja2.TemplateError):
                raise
            owner = next((context[k] for k in ("term", "tactic", "playbook") if k in context), None)
            raise self.failure(converting[-1], error, owner) from None
        return Page(path, content)

    # --- the site ------------------------------------------------------------------------

    def render_site(self) -> list[Page]:
        g = self.glossary
        # the pages of features without content are left out (optional_pages.py); the A-Z and the
        # tactics index are split by letter when too heavy for one page (letter_pages.py)
        tactics_index = tactics_pages(self) if TACTICS_INDEX in self.pages_present else []
        pages = [
            self.render("home.md.j2", "index.md"),
            *a_z_pages(self),
            self.render(
                "print.md.j2",
                "print/index.md",
                letters=letters_of(t for t in g.terms.values() if t.status is Status.APPROVED),
            ),
            *tactics_index,
            self.render(
                "sources.md.j2",
                "sources.md",
                citing=citations_by_source(g),
                classifier_page=self.relative(CLASSIFIER_PAGE, "sources.md"),
            ),
            self.render("categories.md.j2", "categories/index.md"),
            self.render("playbooks.md.j2", "playbooks/index.md"),
            self.render("review.md.j2", REVIEW_PAGE, **review_page_context(g)),  # counts to the build's date
        ]
        if CLASSIFIER_PAGE in self.pages_present:
            data_url = self.relative(CLASSIFIER_JSON, "classifier/index.md")
            classifier_data = classifier_json(g, self.html)
            pages += [self.render("classifier.md.j2", CLASSIFIER_PAGE, data_url=data_url), classifier_data]
        if self.own_search:
            pages += search_pages(g, [page for page in pages if page.path == CLASSIFIER_PAGE])
        pages += [self.own_page(t) for t in g.terms.values()]
        pages += [
            self.render(
                "category.md.j2",
                self.page_of(c),
                category=c,
                terms=[t for t in g.terms.values() if t.category is c],
                playbooks=[p for p in g.playbooks.values() if p.category is c],
            )
            for c in g.categories.values()
        ]
        pages += [self.own_page(p) for p in g.playbooks.values()]
        pages += self.tactic_pages()
        pages += self.redirect_pages()
        pages += self.tactic_redirect_pages()
        pages += embed_pages(g, self.env.get_template("embed.html.j2"))
        pages += embed_script_pages(g)
        pages += oembed_pages(g, self.oembed_site)
        pages += data_pages(g, self.site_url, self.html, lambda terms: with_last_changed(terms, self.history))
        pages += self.changes_pages()
        pages += asset_pages()
        return pages

    def changes_pages(self) -> list[Page]:
        """/changes/ and its Atom feed /changes.xml: the changes of wording of the last days (history_pages.py)."""
        context = changes_context(self.history, self.glossary)
        page = self.render("changes.md.j2", CHANGES_PAGE, feed=self.relative(CHANGES_FEED, CHANGES_PAGE), **context)
        body = self.env.get_template("_history.html.j2").module.change_body  # type: ignore[attr-defined]
        feed = atom_feed(self.history, context["entries"], self.site_url, lambda change: str(body(change)))
        return [page, Page(CHANGES_FEED, feed)]

    def own_page(self, item: Term | Playbook) -> Page:
        """The page of one term or playbook, as :meth:`render_site` renders it: ``glossary serve``
        renders this page alone first when a save changed only that item's file."""
        if isinstance(item, Term):
            return self.render("term.md.j2", self.page_of(item), term=item)
        return self.render("playbook.md.j2", self.page_of(item), playbook=item)

    def tactic_pages(self) -> list[Page]:
        """/tactics/<id>/: a page per tactic, with what the index has no room for (signals in words,
        each source's position, the table cells it comes from, who uses it)."""
        g = self.glossary
        users = terms_using_tactics(g)
        return [
            self.render(
                "tactic.md.j2",
                self.page_of(t),
                tactic=t,
                signals=signal_lines(g, t),
                cells=table_cells(g, t),
                playbooks=playbooks_using(g, t),
                terms=terms_of_tactic(g, t, users),
                sources=tactic_sources(t),
                share=tactic_share_links(t, self.site_url),
            )
            for t in g.tactics.values()
        ]

    def tactic_redirect_pages(self) -> list[Page]:
        """A small HTML page at /tactics/<name>/ for every other name of a tactic (see
        :func:`tactic_redirect_slugs`), leading to the tactic's page as terms' aliases do."""
        template = self.env.get_template("redirect.html.j2")
        pages = []
        for tactic, slugs in tactic_redirect_slugs(self.glossary.tactics.values()).items():
            content = template.render(term=None, name=tactic.name, target=f"../{tactic.id}/")
            pages += [Page(f"tactics/{slug}/index.html", content) for slug in slugs]
        return pages

    def redirect_pages(self) -> list[Page]:
        """A small HTML page at /glossary/<name>/ for every alias, abbreviation and former id."""
        pages = []
        template = self.env.get_template("redirect.html.j2")
        for term in self.glossary.terms.values():
            slugs = redirect_slugs(term)
            if slugs:  # one page serves every name of the term: rendered once (serve renders on each save)
                content = template.render(term=term, name=term.term, target=f"../{term.id}/")
                pages += [Page(f"glossary/{slug}/index.html", content) for slug in slugs]
        return pages


# href="x.md" or href="x.md#a" as Python-Markdown writes our relative links
_MD_HREF = re.compile(r'href="([^":#]+\.md(?:#[^"]*)?)"')


@functools.lru_cache(maxsize=65536)
def _relative_path(path: str, start: str) -> str:
    """posixpath.relpath, remembered: the same few thousand page pairs recur on every page."""
    return posixpath.relpath(path, start)


def citations_by_source(glossary: Glossary) -> dict[str, tuple[tuple[str, tuple[Any, ...]], ...]]:
    """Source id -> what cites it, grouped by kind (terms, tactics, playbooks, tables, classifier
    rules: :func:`model.group_by_kind`), each item once however often it cites the source."""
    citing: dict[str, list[Any]] = {source_id: [] for source_id in glossary.sources}
    for item, sources in _cited_sources(glossary):
        for source in sources:
            citing[source.id].append(item)
    return {source_id: group_by_kind(items) for source_id, items in citing.items()}


def _cited_sources(glossary: Glossary) -> Iterator[tuple[Any, list[Any]]]:
    """(item, the sources it cites) for everything that cites: citations, a tactic's disputes and
    override, a table's source, a classifier rule's sources and disputes (its answers' too)."""
    for term in glossary.terms.values():  # a perspective cites its source too ("How sources define it")
        yield term, [c.source for c in term.sources] + [p.source for p in term.perspectives]
    for playbook in glossary.playbooks.values():
        yield playbook, [c.source for c in playbook.sources]
    for tactic in glossary.tactics.values():
        override = tactic.overrides.sources if tactic.overrides else ()
        yield tactic, [c.source for c in (*tactic.sources, *override)] + [d.source for d in tactic.disputes]
    for table in glossary.tables.values():
        yield table, [table.source.source] if table.source else []
    for question in glossary.classifier.questions if glossary.classifier else ():
        answers = question.answers
        yield (
            question,
            [
                *(c.source for c in question.sources),
                *(d.source for d in question.disputes),
                *(c.source for a in answers for c in a.sources),  # an answer's own passage
                *(d.source for a in answers for d in a.disputes),
            ],
        )


def template_folders(project: Path) -> list[Path]:
    """Where a project's templates are looked up: its own ``site_config/templates`` first, if it
    has one (a template there replaces the packaged one of the same name), then the package's."""
    own = project / "site_config" / "templates"
    if own.is_dir() and own.resolve() != TEMPLATES:
        return [own, TEMPLATES]
    return [TEMPLATES]


def render_site(
    glossary: Glossary,
    *,
    edit_base: str | None = None,
    site_url: str | None = None,
    templates: Sequence[Path] = (TEMPLATES,),
    numbers: NumberFormat = NumberFormat(),
    history: HistoryView | None = None,
    own_search: bool = True,
) -> list[Page]:
    """Every page of the site for ``glossary``; ``edit_base`` + a term's path is its edit link;
    ``site_url`` (the site's address) makes the URLs in the data files absolute; ``templates``
    are the folders templates are looked up in, first match wins (see :func:`template_folders`);
    ``numbers`` is the locale and currency the calculators format with; ``history`` what the
    pages show of the terms' history (:func:`generator.site.history_pages.site_history`); ``own_search``
    whether the site searches its own index (:mod:`generator.site.search_shards`), not the engine's."""
    renderer = Renderer(
        glossary,
        templates,
        edit_base=edit_base,
        site_url=site_url,
        numbers=numbers,
        history=history,
        own_search=own_search,
    )
    return renderer.render_site()
