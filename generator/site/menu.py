"""The site's menu: mkdocs.yml's ``nav`` made to fit the pages generated, by the plugin (and the
Zensical engine, which runs no plugin).

- The optional pages (optional_pages.py: the tactics index and the classifier, generated only once
  the content has tactics and questions): a project's ``mkdocs.yml`` (the skeleton's) need not
  list them in ``nav``: "Tactics" and "Classifier" are added after the A-Z once their pages are
  generated; a ``nav`` that lists them (this repository's, an older project's) keeps working: an
  entry whose page was left out is dropped, so the menu never leads to a missing page
  (:func:`nav_with_pages`).
- Pages the generator has moved: an older ``nav`` naming their old paths is mended (:func:`moved_nav`).

Why both for the optional pages: plain MkDocs (no plugin) builds ``build/docs`` with the ``nav`` as
written, strict. A ``nav`` entry for a page that is not there is a warning, so strict fails: a project
without tactics must not list them. A page that exists but is not in ``nav`` is no warning
(``validation.nav.omitted_files: ignore``): a project that lists them once it has tactics, or
does not, builds either way.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import Any

from generator.site.optional_pages import OPTIONAL_NAV

#: The menu entry the optional ones follow (else they go before the playbooks, else last).
AFTER_PAGE = "glossary/index.md"
BEFORE_PAGE = "playbooks/index.md"


def nav_with_pages(nav: Any, present: Container[str] | Callable[[str], bool]) -> Any:
    """``nav`` (mkdocs.yml's, as loaded) with the optional pages' entries as the pages are:
    an entry whose page is not ``present`` dropped, and an entry added (after the A-Z) for a
    present page the nav does not name. No ``nav`` (MkDocs lists the files) stays none."""
    is_present = present if callable(present) else present.__contains__
    if not isinstance(nav, list):
        return nav
    missing = {page for _, page in OPTIONAL_NAV if not is_present(page)}
    kept = _without_pages(nav, missing)
    named = set(_pages_named(kept))
    added = [{title: page} for title, page in OPTIONAL_NAV if page not in missing and page not in named]
    if not added:
        return kept
    return _insert_at(kept, _insertion_index(kept), added)


def _without_pages(nav: list, pages: set[str]) -> list:
    """``nav`` without the entries (at any depth) that lead to one of ``pages``; a section
    left empty goes too."""
    kept = []
    for item in nav:
        target = _target(item)
        if isinstance(target, str) and target in pages:
            continue
        if isinstance(target, list):
            inner = _without_pages(target, pages)
            if not inner:
                continue
            item = {next(iter(item)): inner}
        kept.append(item)
    return kept


def _target(item: Any) -> Any:
    """What a nav entry leads to: a page path, a section's list, or (``- page.md``) the item itself."""
    if isinstance(item, dict) and len(item) == 1:
        return next(iter(item.values()))
    return item


def _pages_named(nav: list) -> list[str]:
    pages = []
    for item in nav:
        target = _target(item)
        if isinstance(target, str):
            pages.append(target)
        elif isinstance(target, list):
            pages += _pages_named(target)
    return pages


def _insertion_index(nav: list) -> int:
    """After the A-Z's entry at the top level, else before the playbooks', else at the end."""
    targets = [_target(item) for item in nav]
    if AFTER_PAGE in targets:
        return targets.index(AFTER_PAGE) + 1
    if BEFORE_PAGE in targets:
        return targets.index(BEFORE_PAGE)
    return len(nav)


def _insert_at(nav: list, index: int, items: list) -> list:
    return nav[:index] + items + nav[index:]


#: Pages the generator has moved: an older project's mkdocs.yml may still name them in its nav.
MOVED_PAGES = {"tactics.md": "tactics/index.md"}


def moved_nav(nav: Any) -> Any:
    """``nav`` with the moved pages' new paths (a project's mkdocs.yml from before the tactics got
    a page each names ``tactics.md``): its nav keeps working without an edit."""
    if isinstance(nav, str):
        return MOVED_PAGES.get(nav, nav)
    if isinstance(nav, list):
        return [moved_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {key: moved_nav(value) for key, value in nav.items()}
    return nav
