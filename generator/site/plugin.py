"""The MkDocs plugin: an adapter that runs the generator inside ``mkdocs build``/``serve``.

A build (``mkdocs build``, ``glossary build``) writes each file once: the plugin renders the
pages in memory (:func:`generator.site.build.render_pages`) before MkDocs gathers its files, and
hands them to MkDocs in ``on_files`` in place of whatever the docs folder holds, in the order
MkDocs would have read them from disk, so the site is byte for byte the one plain MkDocs builds
from ``glossary generate``'s ``build/docs``. Invalid content stops the build with every problem
listed (and ``mkdocs serve`` keeps showing the last good site).
``mkdocs.yml`` lists ``glossary/``, ``playbooks/`` and the templates under
``watch:``, so saving a YAML file rebuilds and reloads the page.

When serving, the plugin writes the docs folder instead (:func:`generator.site.build.generate_docs`)
and MkDocs reads it: rebuilds are usually *dirty*: MkDocs renders only the pages whose Markdown
is newer than their HTML, and the generator rewrites exactly the Markdown that changed
(a renamed or re-summarised term changes the links, and so the Markdown, of every page
that links to it, the A-Z included). What a dirty build of MkDocs gets wrong the plugin
mends after each build (``dirty_build.py``): the search index holds every page again,
not only the rebuilt ones, and the HTML of pages that are gone (a deleted or renamed
term) is removed.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, file_sort_key

from generator.core.config import edit_base_of
from generator.core.outputs import UnsafeOutputError, check_output_folder
from generator.core.problems import ContentError, GlossaryError
from generator.core.safe_html import SafeLinksExtension
from generator.core.text import counted
from generator.site.assistant_files import assistant_pages, write_assistant_files
from generator.site.build import (
    generate_docs,
    generate_edited,
    is_earlier_docs,
    is_earlier_site,
    render_pages,
    rendered_glossaries,
)
from generator.site.calculator import NumberFormat, number_format
from generator.site.dirty_build import ServedSite
from generator.site.escaping import no_tags
from generator.site.jinja_cache import TEMPLATES as COMPILED_TEMPLATES
from generator.site.menu import moved_nav, nav_with_pages
from generator.site.page import Page
from generator.site.render import RenderError
from generator.site.staging import BuildError


class GlossaryConfig(Config):
    project_dir = config_options.Optional(config_options.Type(str))
    """Folder holding glossary/ and playbooks/; default: the folder of mkdocs.yml."""
    edit_url = config_options.Optional(config_options.Type(str))
    """Base of "Edit this term" links, e.g. https://github.com/org/repo/edit/main/;
    default: repo_url + /edit/main/ when repo_url is set."""
    currency = config_options.Optional(config_options.Type(str))
    """ISO 4217 code the calculators show money in (metric formulas with unit: currency); default USD."""
    locale = config_options.Optional(config_options.Type(str))
    """Language tag the calculators format numbers for, e.g. de-DE; default: theme.language, else en."""
    history_authors = config_options.Type(bool, default=False)
    """Name who made each change in term pages' History, "What changed" and its feed; default off.
    Read from mkdocs.yml by core/config.py (``ProjectConfig.history_authors``), as every engine builds."""


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Defining ``on_startup`` keeps one instance across the rebuilds of ``mkdocs serve`` (in
    fact MkDocs keeps it for the whole process: what it remembers is kept per site folder)."""

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        #: Pages MkDocs rendered in the last build (a dirty build renders only the changed ones).
        self.pages_built = 0
        self._sites: dict[str, ServedSite] = {}
        #: The pages rendered for this build, until ``on_files`` hands them to MkDocs (not when serving).
        self._pages: list[Page] | None = None
        #: Set by ``glossary serve`` before a dirty rebuild: if only existing items' files changed,
        #: write their own pages alone (:func:`generate_edited`), so they are served first.
        self.edited_first = False
        #: After a build: it wrote only the edited pages, so a follow-up build must run at once to
        #: bring every other page (A-Z, printable glossary, sources, linking pages) up to date.
        self.follow_up = False
        #: The project of the last ``on_config``, and the assistant files written into each site folder
        #: (a rebuild removes those no longer made: a deleted term's Markdown copy).
        self._project: Path | None = None
        self._assistant_files: dict[str, set[str]] = {}

    def _site(self, config) -> ServedSite:  # type: ignore[no-untyped-def]
        return self._sites.setdefault(os.path.abspath(config.site_dir), ServedSite())

    def on_startup(self, *, command, dirty):  # type: ignore[no-untyped-def]
        self.serving = command == "serve"

    def on_config(self, config):  # type: ignore[no-untyped-def]
        project = Path(self.config.project_dir or Path(config.config_file_path).parent)
        self._project = project
        try:
            # MkDocs empties site_dir before building: never the sources, .git or someone's folder
            check_output_folder(Path(config.site_dir), project, what="site_dir", is_own_output=is_earlier_site)
            options = {
                "edit_base": edit_base_of(self.config.edit_url, config.repo_url),
                "site_url": config.site_url or None,
                "numbers": self._number_format(config),
            }
            self.follow_up = False
            if self.serving:  # dirty rebuilds compare the Markdown files with their HTML
                docs_dir = Path(config.docs_dir)
                edited = generate_edited(project, docs_dir, **options) if self.edited_first else None
                self.follow_up = edited is not None
                if edited is None:
                    generate_docs(project, docs_dir, **options)
            else:
                # the docs folder is not read, but stays ours: `glossary generate` writes it
                check_output_folder(Path(config.docs_dir), project, what="docs_dir", is_own_output=is_earlier_docs)
                self._pages = render_pages(project, **options)
        except ContentError as error:
            listing = "\n".join(p.as_text() for p in error.errors)
            raise PluginError(f"the glossary content has {counted(len(error.errors), 'error')}:\n{listing}") from error
        # e.g. docs_dir names a folder of hand-written pages; RenderError: a field Python-Markdown failed on;
        # GlossaryError: anything else the generator refuses in one line (a malformed GLOSSARY_TODAY)
        except (BuildError, UnsafeOutputError, RenderError, GlossaryError) as error:
            raise PluginError(str(error)) from error
        config.nav = nav_with_pages(moved_nav(config.nav), self._generated_page(config))
        # The pages' HTML gets the same last check on links as the data files' HTML (safe_html.py).
        config.markdown_extensions.append(SafeLinksExtension())
        self.pages_built = 0
        return config

    def _generated_page(self, config):  # type: ignore[no-untyped-def]
        """Whether a page was generated: in memory for a build, in the docs folder when serving."""
        if self._pages is not None:
            return {page.path for page in self._pages}
        return lambda path: (Path(config.docs_dir) / path).is_file()

    def on_files(self, files, config):  # type: ignore[no-untyped-def]
        if self._pages is not None:
            pages, self._pages = self._pages, None
            files = with_pages(files, pages, config)
        if self.serving:
            self._site(config).note_files(files, config)
        return files

    def on_build_error(self, error):  # type: ignore[no-untyped-def]
        self._pages = None
        self.follow_up = False

    def on_env(self, env, config, files):  # type: ignore[no-untyped-def]
        env.bytecode_cache = COMPILED_TEMPLATES  # the theme's templates, compiled once per process
        return env

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context, page, config, nav):  # type: ignore[no-untyped-def]
        self.pages_built += 1
        if self.serving:
            self._site(config).note_page(page, config)
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config):  # type: ignore[no-untyped-def]
        if self.serving:
            self._site(config).mend(config)
        if not self.follow_up:  # a first pass of a save wrote only the edited pages: the follow-up writes these
            self._write_assistant_files(config)

    def _write_assistant_files(self, config) -> None:  # type: ignore[no-untyped-def]
        """llms.txt, llms-full.txt and the Markdown copies into the built site (assistant_files.py)."""
        glossary = rendered_glossaries.get(self._project.resolve()) if self._project else None
        if glossary is None:
            return
        pages = assistant_pages(
            glossary, site_url=config.site_url or None, name=config.site_name, description=config.site_description
        )
        key = os.path.abspath(config.site_dir)
        self._assistant_files[key] = write_assistant_files(pages, Path(key), self._assistant_files.get(key, ()))

    def on_page_content(self, html, page, config, files):  # type: ignore[no-untyped-def]
        """Angle brackets out of the table of contents: Material copies a long entry's text into
        a tooltip it shows as HTML. Headings in user fields are already shown as text (see
        ``escaping.demote_headings``); this holds for any heading that reaches the TOC."""
        for item in _toc_items(page.toc):
            item.title = toc_safe(item.title)
        return html

    def on_serve(self, server, config, builder):  # type: ignore[no-untyped-def]
        """Stop watching the generated docs folder: the YAML files are the sources.

        Each rebuild regenerates build/docs; MkDocs, watching it, would then rebuild a
        second time for the pages the first rebuild wrote (measured: 39 s instead of ~18 s
        from saving a YAML file to the new page at 1,000 terms). The glossary, playbooks
        and templates stay watched through ``watch:`` in mkdocs.yml.
        """
        try:
            server.unwatch(config.docs_dir)
        except (AttributeError, KeyError):  # an older or different dev server: keep its behaviour
            pass
        return server

    def _number_format(self, config) -> NumberFormat:  # type: ignore[no-untyped-def]
        """The same values ``glossary build`` reads from mkdocs.yml (calculator.number_format_of)."""
        try:
            return number_format(self.config.locale or config.theme.get("language"), self.config.currency)
        except ValueError as error:
            raise PluginError(f"glossary plugin: {error}") from error


def with_pages(files: Files, pages: list[Page], config) -> Files:  # type: ignore[no-untyped-def]
    """``files`` with ``pages`` in place of the docs folder's files: the Files MkDocs would have
    gathered had the pages been written to the docs folder and read back.

    The same order (``file_sort_key`` replicates the walk of ``get_files``: it decides the order
    of the search index and the sitemap), and a page wins over a theme file of the same path as
    a docs file does. Each page is ``File.generated``: MkDocs reads its content from memory and
    writes it (a Markdown page as HTML, any other file as it is) into the site, once.
    """
    generated = [File.generated(config, page.path, content=page.content) for page in pages]
    generated.sort(key=file_sort_key)
    ours = {file.src_uri for file in generated}
    docs_dir = os.path.normpath(config.docs_dir)
    others = [
        file
        for file in files
        if file.src_uri not in ours and not (file.src_dir and os.path.normpath(file.src_dir) == docs_dir)
    ]
    return Files(generated + others)


def toc_safe(title: str) -> str:
    """A TOC entry's title (HTML-escaped text) without anything Material's tooltip could read as a
    tag: '<' and '>', however encoded, become the look-alikes of ``escaping.no_tags``."""
    return html.escape(no_tags(html.unescape(title)), quote=False)


def _toc_items(items):  # type: ignore[no-untyped-def]
    for item in items:
        yield item
        yield from _toc_items(item.children)
