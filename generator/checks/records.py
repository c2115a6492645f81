"""The records the checks read, and what every check shares: a record located in its document
(:class:`Item`), the index of records by kind and id (:class:`Index`), the options of a run
(:class:`CheckOptions`) and how a field's path is shown to users (:func:`describe_path`).

The lowest module of ``generator.checks``: it imports no other check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.checks.prose_facts import ProseFacts, facts_of
from generator.content.document import RawDocument
from generator.core.text import Suggester

if TYPE_CHECKING:
    from generator.checks.quotes import CitationReport


#: Default for ``glossary check --max-review-age``.
DEFAULT_MAX_REVIEW_AGE_DAYS = 365

PLURAL = {
    "term": "terms",
    "source": "sources",
    "category": "categories",
    "tactic": "tactics",
    "table": "tables",
    "playbook": "playbooks",
    "team": "teams",
}
PLURAL_TO_KIND = {plural: kind for kind, plural in PLURAL.items()}
LIST_KEY = {
    "sources": "sources",
    "categories": "categories",
    "owners": "teams",
    "tactics": "tactics",
    "tables": "tables",
}


@dataclass(frozen=True)
class CheckOptions:
    """What the checks depend on besides the content: the clock is passed in, never read."""

    today: dt.date | None = None
    max_review_age_days: int = DEFAULT_MAX_REVIEW_AGE_DAYS
    #: The folder of stored copies the user named (``--stored-copies``); None: the environment
    #: variable GLOSSARY_STORED_COPIES, else ``stored_copies`` in glossary/_sources.yaml.
    stored_copies: Path | None = None


class _FactsOnce:
    """``Item.facts``: worked out on first reading, then an ordinary attribute of the record
    (``functools.cached_property`` takes a lock on each first reading: twice the time here)."""

    def __get__(self, item: Item | None, owner: type) -> ProseFacts | None:
        if item is None:
            return None
        facts = item.__dict__["facts"] = facts_of(item)
        return facts


@dataclass
class Item:
    """A record located in its document: a term file, or one entry of a list file.

    ``invalid`` holds the paths (from the document's root) of the fields the schema refused.
    Checks read fields through :meth:`get` and :meth:`entries`, which give nothing for such a
    field or anything inside it: what the schema passed has the type the schema declares.
    """

    doc: RawDocument
    base: tuple  # path of the record inside the document
    data: dict
    invalid: frozenset[tuple] = frozenset()

    #: What the parse worked out of the record's prose and references (``prose_facts.facts_of``),
    #: named once: several checks ask for each record's.
    facts = _FactsOnce()  # not annotated: not a field of the dataclass

    def at(self, *path: Any) -> tuple[int, int]:
        return self.doc.where(self.base + path)

    def key_at(self, *path: Any) -> tuple[int, int]:
        return self.doc.where_key(self.base + path)

    def ok(self, *path: Any) -> bool:
        """True unless the schema refused the field at ``path`` or a field that holds it."""
        if not self.invalid:
            return True
        full = self.base + path
        return not any(full[:end] in self.invalid for end in range(len(full) + 1))

    def get(self, *path: Any, default: Any = None) -> Any:
        """The value at ``path``, or ``default`` when it is absent or the schema refused it."""
        if self.invalid and not self.ok(*path):
            return default
        value: Any = self.data
        try:  # what the schema passed has its declared type: only an absent field is missing
            for part in path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return default
        return value

    def entries(self, *path: Any) -> Iterable[tuple[int, Any]]:
        """(number, item) of each item of the list at ``path`` that the schema passed."""
        if self.invalid:
            value = self.get(*path)
            if not isinstance(value, list):
                return ()
            return [(number, entry) for number, entry in enumerate(value) if self.ok(*path, number)]
        # the usual case, walked here rather than through get(): checks call this 100,000 times
        value = self.data
        try:
            for part in path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return ()
        return enumerate(value) if isinstance(value, list) else ()

    def text(self, *path: Any) -> str | None:
        """The string at ``path``, or None (absent, refused by the schema, or not a string)."""
        if self.invalid:
            value = self.get(*path)
            return value if isinstance(value, str) else None
        value = self.data  # the usual case, as in entries()
        try:
            for part in path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
        return value if isinstance(value, str) else None


@dataclass
class Index:
    """Every record with a usable id, by kind and id, for cross-reference checks."""

    terms: dict[str, Item] = field(default_factory=dict)
    sources: dict[str, Item] = field(default_factory=dict)
    categories: dict[str, Item] = field(default_factory=dict)
    tactics: dict[str, Item] = field(default_factory=dict)
    tables: dict[str, Item] = field(default_factory=dict)
    playbooks: dict[str, Item] = field(default_factory=dict)
    #: the teams of glossary/_owners.yaml (see owner_registry)
    teams: dict[str, Item] = field(default_factory=dict)
    # ids of records that exist but are not indexed (the id itself is refused, does not
    # match its file name, or is reserved): references to them are not reported again,
    # the record's own error already says what is wrong.
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    # every name a term can be found by (slug form) -> canonical term id
    term_names: dict[str, str] = field(default_factory=dict)
    # kinds whose records may sit in a file that did not parse (see hold_back_references_into)
    unreadable_kinds: set[str] = field(default_factory=set)
    # playbooks/classifier.yaml, when present and a mapping
    classifier: Item | None = None
    # glossary/_owners.yaml, when present: then every `owner` must be a team's id (checks/owners.py)
    owner_registry: Item | None = None
    # the `intro` block of playbooks/tactics.yaml, when present and a mapping (checks/tactics_intro.py)
    tactics_intro: Item | None = None
    # every did-you-mean hint of the check goes through it, so their cost is bounded
    suggester: Suggester = field(default_factory=Suggester)
    # how each quote was verified, and the stored copies read (citations.check_citations)
    citations: CitationReport | None = None
    # every record with Markdown, once the records are all in (see markdown_records)
    _markdown: list[tuple[Item, Any, list[tuple[tuple, str]]]] | None = None

    def all_markdown_fields(self) -> list[tuple[Item, tuple, str]]:
        """(record, path, text) of every Markdown field, terms, tactics, tables, then playbooks."""
        return [(item, path, text) for item, _, fields in self.markdown_records() for path, text in fields]

    def markdown_records(self) -> list[tuple[Item, Any, list[tuple[tuple, str]]]]:
        """(record, its prose facts or None, [(path, text) of each Markdown field]) of every record
        with Markdown, terms, tactics, tables, then playbooks, and the tactics' intro: gathered once
        for the checks that read them all (links, Markdown limits). A record with facts
        (``prose_facts``) is not walked: its fields list is empty."""
        if self._markdown is None:
            self._markdown = []
            for kind, table in (
                ("term", self.terms),
                ("tactic", self.tactics),
                ("table", self.tables),
                ("playbook", self.playbooks),
            ):
                for item in table.values():
                    facts = item.facts
                    self._markdown.append((item, facts, [] if facts is not None else markdown_fields(kind, item)))
            intro = self.tactics_intro
            if intro is not None and (text := intro.text("text")) is not None:
                self._markdown.append((intro, None, [(("text",), text)]))
        return self._markdown


def describe_path(path: Iterable[Any]) -> str:
    """('examples', 0, 'title') -> "'examples[0].title'" as users see it in YAML."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"'{text}'" if text else ""


#: Where each kind of record keeps Markdown: top-level fields, and (list, field) pairs.
_MARKDOWN_FIELDS = {
    "term": (("definition",), (("examples", "text"), ("faq", "answer"), ("perspectives", "definition"))),
    "tactic": (("rationale",), (("disputed", "note"),)),
    "table": (("caption",), (("footnotes", "text"),)),
    "playbook": (("goal",), (("steps", "text"),)),
}


#: Where a term or a playbook cites its sources (``checks/citations.py``): each entry may quote one.
_CITING_LISTS = {"term": ("sources", "perspectives"), "playbook": ("sources",)}


def quoted_citations(kind: str, data: dict) -> tuple[tuple[str, int], ...]:
    """The path of each citation in a term or playbook its schema passed whole that has both a quote
    and a source (``prose_facts.ProseFacts.quoted``): the only ones whose quotes are checked."""
    return tuple(
        (list_name, number)
        for list_name in _CITING_LISTS[kind]
        if isinstance(entries := data.get(list_name), list)
        for number, entry in enumerate(entries)
        if isinstance(entry, dict) and isinstance(entry.get("quote"), str) and isinstance(entry.get("source"), str)
    )


def markdown_fields(kind: str, item: Item) -> list[tuple[tuple, str]]:
    """Every Markdown-valued field of a record that the schema passed, with its path."""
    fields, lists = _MARKDOWN_FIELDS[kind]
    paths = [(name,) for name in fields]
    paths += [(list_name, number, name) for list_name, name in lists for number, _ in item.entries(list_name)]
    return [(path, text) for path in paths if (text := item.text(*path)) is not None]
