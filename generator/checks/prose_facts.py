"""What the whole-corpus checks need from one record's prose, worked out once per file in the parse.

Several checks read every text of every record (links, Markdown limits, placeholders, claims of
several sources, source names): at 10,000 terms that was a third of ``glossary check``, all in the
main process after the parse. Each of those readings depends on the text alone (or, for source
names, on the names in ``glossary/_sources.yaml``), so ``checks/prescan.py`` works them out while
the file is parsed, in whichever process parses it (the parse helper does half the files), and
keeps only what the checks report from: almost every text gives nothing. The checks then combine
these facts with the index (which terms exist, which sources a record cites) instead of reading
the texts again.

Facts are made only for a file of one record (a term or a playbook) that its schema passed as a
whole: then every field the checks read is the value in the file, as ``Item.get`` would give it.
Any other record is read as before, and so is a record whose facts were made for other source
names than the index's (``names_key``). ``tests/test_prescan.py`` checks that both ways report the
same problems at the same places.

Plain tuples throughout: the facts cross the process boundary by pickle, as a plain tuple (a
named tuple costs pickle a class lookup and a call per record: 0.13 s instead of 0.04 s to unpickle
half of a 10,000-term project); :func:`facts_of` names its parts.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: The kinds of record the parse works facts out for: one record per file, at the file's root.
PRESCANNED_KINDS = frozenset({"term", "playbook"})


class ProseFacts(NamedTuple):
    """One record's prose, as the checks read it (paths are from the record's root)."""

    #: Markdown limits passed (``markdown_limits``): (path, ((offset, shape, message, hint), ...)),
    #: with the file's weight already counted over its fields in order.
    limits: tuple
    #: Links of each Markdown field with any (``wikilinks``): (path, unsafe, relative, wikilinks),
    #: unsafe and relative as ((target, line in the value), ...), wikilinks as ((target, written,
    #: line in the value), ...).
    links: tuple
    #: Placeholders ``glossary new term`` wrote (``completeness``): (field, first word, line in the value).
    placeholders: tuple
    #: Claims of several sources (``consistency``): (path, offset, phrase as written).
    claims: tuple
    #: Source names in the texts (``consistency``): (path, ((offset, normalised name, as written), ...)),
    #: found with the names of ``names_key``.
    names: tuple
    #: The normalised source names searched for (sorted), or None if they could not be read: the
    #: checks use ``names`` only when the index has exactly these.
    names_key: tuple | None
    #: The keys a term's names claim (``names.name_slug_facts``), or None (read the names).
    name_slugs: tuple | None = None
    #: What the record refers to (``references.reference_facts``), or None (read the record).
    references: tuple | None = None
    #: The paths of its citations with a quote and a source (``records.quoted_citations``).
    quoted: tuple | None = None


def facts_of(item: Any) -> ProseFacts | None:
    """The facts of a record, when the checks may use them: worked out in the parse, for a record
    the schema passed whole and that is its file's only record."""
    facts = item.doc.facts
    if facts is None or item.invalid or item.base:
        return None
    return _named(ProseFacts, facts)  # ProseFacts._make without its call and its length check


_named = tuple.__new__
