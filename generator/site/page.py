"""A file of the generated site (:class:`Page`): what rendering makes, the plugin hands MkDocs in memory
and ``glossary generate`` writes into ``build/docs``; and how many of them a build reports as pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One file of the generated docs folder: a docs-relative path and its content."""

    path: str
    content: str


def page_count(pages: Iterable[Page]) -> int:
    """How many pages a build reports: the Markdown pages MkDocs renders into HTML, which is what
    ``glossary serve`` counts as MkDocs renders them (the plugin's ``pages_built``). Data files,
    assets, embed cards and redirects are files of the site, not pages (counted, ``build`` said 317
    where ``serve`` said 94 for the same content)."""
    return sum(1 for page in pages if page.path.endswith(".md"))
