"""The A-Z and the tactics index, split by letter once they would be too heavy to read on one page.

Up to :data:`LIST_BUDGET` bytes of entries the A-Z (``glossary/index.md``) and the tactics index
(``tactics/index.md``) list everything on one page, as they always have. Above it (some 450 terms
or 350 tactics; issue 32 measured 2.9 MB of A-Z HTML at 10,000 terms) each becomes an index of
letters, with every letter's entries on pages of their own: ``glossary/a-z/<letter>/`` and
``tactics/a-z/<letter>/`` (``other`` for names not starting with A-Z), a letter too big for one
page continued at ``.../<letter>/2/``, ``3/``... Every entry stays one plain link away from the
index, without script. Old links keep leading somewhere: ``/glossary/#letter-m`` is the index's
M section, which links to M's pages; ``/tactics/#<letter>`` likewise; ``/tactics/#<tactic-id>``
(the single tactics page of old) is sent to the tactic's page by tactics.js, and lands on the
index without script. ``a-z`` is a reserved id of terms and tactics (checks/ids.py). The letter
pages stay out of the menu, as term pages do.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from generator.model.glossary import Glossary, Tactic, Term
from generator.model.urls import TACTICS_INDEX, markdown_path_to_url
from generator.site.page import Page
from generator.site.tactic_views import display_name, letters_of


class Renderer(Protocol):
    """What these pages need of render.py's Renderer (which imports this module)."""

    glossary: Glossary

    def render(self, template: str, path: str, **context: Any) -> Page: ...

    def relative(self, target: str, from_page: str) -> str: ...


#: The A-Z page.
A_Z_INDEX = "glossary/index.md"
#: The folder of the letter pages, under glossary/ and tactics/ (a reserved id of both).
LETTERS_FOLDER = "a-z"
#: Bytes of entries (estimated as HTML) a listing page holds. Material's frame (header, menu,
#: footer, scripts) adds about 15 KB, the letters and the pager 2-3 KB: pages stay under 150 KB.
LIST_BUDGET = 120_000


@dataclass(frozen=True)
class LetterPage:
    """One page of a letter's entries: ``number`` of ``count`` pages of ``letter`` ('#': not A-Z)."""

    letter: str
    number: int
    count: int
    items: tuple[Any, ...]
    path: str

    @property
    def label(self) -> str:
        return "Other" if self.letter == "#" else self.letter

    @property
    def first(self) -> str:
        return display_name(self.items[0])

    @property
    def last(self) -> str:
        return display_name(self.items[-1])


def letter_slug(letter: str) -> str:
    return "other" if letter == "#" else letter.lower()


def letter_page_path(section: str, letter: str, number: int) -> str:
    """'glossary', 'M', 2 -> 'glossary/a-z/m/2/index.md'; page 1 is the letter's folder."""
    folder = f"{section}/{LETTERS_FOLDER}/{letter_slug(letter)}"
    return f"{folder}/index.md" if number == 1 else f"{folder}/{number}/index.md"


def term_entry_size(term: Term) -> int:
    """About the bytes of a term's entry in the A-Z's HTML: the summary twice (text and the link's
    title), the name, abbreviation, link and list markup."""
    summary = len((term.summary or "").encode())
    named = len(term.term.encode()) + len((term.abbreviation or "").encode())
    return 2 * summary + named + 2 * len(term.id) + 80


def tactic_entry_size(tactic: Tactic) -> int:
    """About the bytes of a tactic's entry on the tactics index (its id twice, classes, badge, summary)."""
    return len((tactic.summary or "").encode()) + len(tactic.name.encode()) + 2 * len(tactic.id) + 260


def split_by_letter(
    section: str,
    groups: Sequence[tuple[str, Sequence[Any]]],
    size: Callable[[Any], int],
    budget: int | None = None,
) -> list[LetterPage] | None:
    """The letter pages of ``groups`` (letters_of), or None when every entry fits one page.
    A letter larger than ``budget`` is cut into pages of about equal size, in order."""
    budget = LIST_BUDGET if budget is None else budget
    sizes = {letter: [size(item) for item in items] for letter, items in groups}
    if sum(sum(each) for each in sizes.values()) <= budget:
        return None
    pages: list[LetterPage] = []
    for letter, items in groups:
        chunks = _chunks(list(items), sizes[letter], budget)
        pages += [
            LetterPage(letter, number, len(chunks), tuple(chunk), letter_page_path(section, letter, number))
            for number, chunk in enumerate(chunks, start=1)
        ]
    return pages


def _chunks(items: list[Any], sizes: list[int], budget: int) -> list[list[Any]]:
    """``items`` in order, cut into pages of at most ``budget`` bytes (an item over it alone) and
    about equal: as few pages as the budget allows, each cut at the item boundary nearest to its
    share of the total."""
    total = sum(sizes)
    count = max(1, math.ceil(total / budget))
    while True:
        chunks: list[list[Any]] = [[]]
        filled = [0]
        done = 0
        for item, size in zip(items, sizes, strict=True):
            if chunks[-1] and len(chunks) < count and done + size / 2 > len(chunks) * total / count:
                chunks.append([])
                filled.append(0)
            chunks[-1].append(item)
            filled[-1] += size
            done += size
        if all(size <= budget or len(chunk) == 1 for chunk, size in zip(chunks, filled, strict=True)):
            return chunks
        count += 1


def href(target: str, here: str) -> str:
    """The link from page ``here`` to page ``target`` (both docs paths) as raw HTML needs it: between
    the folders MkDocs publishes them at, which it does not rewrite ('../', '2/')."""
    source, destination = markdown_path_to_url(here), markdown_path_to_url(target)
    relative = posixpath.relpath(destination or ".", source or ".")
    return "./" if relative == "." else relative + "/"


def _page_context(pages: list[LetterPage], page: LetterPage, index: str) -> dict[str, Any]:
    """What a letter page links to (raw HTML hrefs): every letter's first page (``letters``), the
    index, its letter's pages (``pages_of_letter``), the previous and the next one."""
    here = page.path
    letters = [
        {"label": p.label, "href": href(p.path, here), "current": p.letter == page.letter}
        for p in pages
        if p.number == 1
    ]
    siblings = [p for p in pages if p.letter == page.letter]
    numbered = [
        {"number": p.number, "href": href(p.path, here), "current": p is page, "range": _range(p)} for p in siblings
    ]
    previous = siblings[page.number - 2] if page.number > 1 else None
    following = siblings[page.number] if page.number < page.count else None
    return {
        "letter_page": page,
        "letters": letters,
        "index": href(index, here),
        "pages_of_letter": numbered,
        "previous": href(previous.path, here) if previous else None,
        "next": href(following.path, here) if following else None,
    }


def _range(page: LetterPage) -> str:
    return page.first if page.first == page.last else f"{page.first} – {page.last}"


def _letter_sections(renderer: Renderer, pages: list[LetterPage], index: str) -> list[dict[str, Any]]:
    """The index's sections, one per letter: its entries' count and its pages, linked from ``index``."""
    sections: dict[str, dict[str, Any]] = {}
    for page in pages:
        section = sections.setdefault(
            page.letter, {"label": page.label, "slug": letter_slug(page.letter), "count": 0, "pages": []}
        )
        section["count"] += len(page.items)
        section["pages"].append({"href": renderer.relative(page.path, index), "range": _range(page), "page": page})
    return list(sections.values())


def a_z_pages(renderer: Renderer) -> list[Page]:
    """The A-Z: one page (a-z.md.j2) while it is light enough, else an index of letters
    (a-z-letters.md.j2) and the letter pages (a-z-letter.md.j2)."""
    letters = letters_of(renderer.glossary.terms.values())
    pages = split_by_letter("glossary", letters, term_entry_size)
    if pages is None:
        return [renderer.render("a-z.md.j2", A_Z_INDEX, letters=letters)]
    index = renderer.render("a-z-letters.md.j2", A_Z_INDEX, sections=_letter_sections(renderer, pages, A_Z_INDEX))
    return [index] + [
        renderer.render("a-z-letter.md.j2", page.path, terms=page.items, **_page_context(pages, page, A_Z_INDEX))
        for page in pages
    ]


def tactics_pages(renderer: Renderer) -> list[Page]:
    """The tactics index (tactics.md.j2): every tactic on it while it is light enough, else its
    letters' sections linking to the letter pages (tactics-letter.md.j2), with the filter there."""
    letters = letters_of(renderer.glossary.tactics.values())
    pages = split_by_letter("tactics", letters, tactic_entry_size)
    if pages is None:
        return [renderer.render("tactics.md.j2", TACTICS_INDEX, letters=letters, sections=None)]
    sections = _letter_sections(renderer, pages, TACTICS_INDEX)
    index = renderer.render("tactics.md.j2", TACTICS_INDEX, letters=letters, sections=sections)
    return [index] + [
        renderer.render(
            "tactics-letter.md.j2", page.path, tactics=page.items, **_page_context(pages, page, TACTICS_INDEX)
        )
        for page in pages
    ]
