"""What a dirty MkDocs build gets wrong while serving, mended after each build.

``glossary serve`` rebuilds *dirty*: MkDocs renders only the pages whose Markdown is newer
than their HTML, and the generator rewrites exactly the Markdown that changed. Three things
a dirty build leaves wrong, which :class:`ServedSite` (one per served site folder, kept by
the plugin across rebuilds) puts right: Material's search index holds only the rebuilt
pages (the entries of every page are kept and the index written whole), the HTML of pages
that are gone stays (removed), and the sitemap and 404 page are rebuilt though no page came
or went (left alone: at 1,000 terms the sitemap alone takes 0.1 s).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from mkdocs.structure.files import InclusionLevel


@dataclass
class ServedSite:
    """What is remembered of one served site between its builds."""

    search_entries: dict[str, list] = field(default_factory=dict)  # page -> its search index entries
    search_index: object = None  # this build's index, and how many of its entries are assigned
    search_seen: int = 0
    outputs: set[str] = field(default_factory=set)  # every file the last build put in site_dir
    page_urls: frozenset[str] = frozenset()
    files: object = None  # this build's Files
    nav: object = None  # the menu of the last build (config.nav)

    def note_files(self, files, config) -> None:  # type: ignore[no-untyped-def]
        """Before a build: keep its files; if no page came or went, skip the sitemap and 404 page;
        if the menu changed (the first tactic brings "Tactics" into it), every page is rebuilt."""
        self.files = files
        menu_changed = self.nav is not None and config.nav != self.nav
        if menu_changed:
            for page in files.documentation_pages():
                remove_output(page.abs_dest_path, config.site_dir)  # a page without HTML is rebuilt
        self.nav = config.nav
        urls = frozenset(f.url for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
        if urls == self.page_urls and not menu_changed:
            for name in ("sitemap.xml", "404.html"):
                if os.path.isfile(os.path.join(config.site_dir, name)):  # a dirty build: site_dir was kept
                    config.theme.static_templates.discard(name)
        self.page_urls = urls

    def note_page(self, page, config) -> None:  # type: ignore[no-untyped-def]
        """After the search plugin indexed ``page``: remember that page's entries."""
        index = search_index_of(config)
        if index is None:
            return
        if index is not self.search_index:  # a new build, a new index
            self.search_index, self.search_seen = index, 0
        self.search_entries[page.file.src_uri] = index.entries[self.search_seen :]
        self.search_seen = len(index.entries)

    def mend(self, config) -> None:  # type: ignore[no-untyped-def]
        """After the build: remove the HTML of pages that are gone, write the whole search index."""
        if self.files is None:
            return
        files, self.files = self.files, None
        outputs = {f.abs_dest_path for f in files}
        for path in self.outputs - outputs:  # pages of deleted or renamed terms
            remove_output(path, config.site_dir)
        self.outputs = outputs
        index = search_index_of(config)
        if index is None:
            return
        pages = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
        self.search_entries = {uri: self.search_entries.get(uri, []) for uri in pages}
        index.entries = [entry for uri in pages for entry in self.search_entries[uri]]
        data = index.generate_search_index(None)
        target = os.path.join(config.site_dir, "search", "search_index.json")
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(data)


def search_index_of(config):  # type: ignore[no-untyped-def]
    """Material's search index (``material/search``), or None with another search plugin."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list) and hasattr(index, "generate_search_index"):
            return index
    return None


def remove_output(path: str, site_dir: str) -> None:
    """Delete a page's HTML from ``site_dir``, and the folders left empty by that."""
    root = os.path.abspath(site_dir)
    if not os.path.abspath(path).startswith(root + os.sep):
        return
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(os.path.abspath(path))
    while folder != root and folder.startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:  # not empty
            return
        folder = os.path.dirname(folder)
