"""The checks' per-file reading, done in the parse: the prescan hook of ``content.load.load_files``.

The loader runs the hook on each file whose schema it found clean, in whichever process parses
the file (this one, or the parse helper), so the prose facts (``prose_facts.ProseFacts``) of a
large project are worked out by two processes instead of by the checks in one. The loader cannot
import the checks (they sit above it), so it is given :data:`SPEC`, this module's factory by name.

The one thing a file's facts need beyond its own text is the source names to look for
(``named-source-not-cited``): each process reads them from ``glossary/_sources.yaml`` itself
(a small file), and the facts say which names they were found with, so the check uses them only
when the index has exactly those names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator.checks.completeness import term_placeholders
from generator.checks.markdown_limits import record_limit_facts, within_every_limit
from generator.checks.names import name_slug_facts
from generator.checks.prose_facts import PRESCANNED_KINDS, ProseFacts
from generator.checks.records import Item, markdown_fields, quoted_citations
from generator.checks.references import reference_facts
from generator.checks.source_mentions import MentionScanner, record_texts, source_names
from generator.checks.wikilinks import field_link_facts
from generator.content.files import ContentFile, read_text_safely
from generator.content.load import SOURCES_FILE
from generator.content.yaml_reader import ParseProblem, parse_document
from generator.core.problems import ProblemList

#: What ``load_files`` is given: the factory of the hook, by name.
SPEC = "generator.checks.prescan:prescan_for"


def prescan_for(root: Path) -> Callable[[str, Any, str], tuple | None]:
    """The hook for the project at ``root``: (kind, data its schema passed, text) -> facts (a
    :class:`ProseFacts` as a plain tuple, for pickle) or None."""
    names = _source_names_key(Path(root))
    mentions = MentionScanner(names)

    def prescan(kind: str, data: Any, text: str) -> tuple | None:
        if kind not in PRESCANNED_KINDS or not isinstance(data, dict):
            return None
        return tuple(record_facts(kind, data, names, mentions))

    return prescan


def record_facts(kind: str, data: dict, names: tuple[str, ...] | None, mentions: MentionScanner) -> ProseFacts:
    """The facts of one record its schema passed whole, the only record of its file, found with
    the source ``names`` (``mentions`` looks for them)."""
    item = Item(None, (), data)  # type: ignore[arg-type]  # the checks' readers, without a document
    # Every prose text of the record (its Markdown fields among them), joined: one test on it rules
    # a kind of finding out for every field at once, as for most records.
    texts = list(record_texts(kind, item))
    joined = "\n\n".join(text for _, text in texts)
    lowered = joined.lower()
    fields = markdown_fields(kind, item)
    links = []
    if "[" in joined or ":" in joined or "&" in joined:  # else no field has a link (field_link_facts)
        for path, text in fields:
            found = field_link_facts(text)
            if found is not None:
                links.append((path, *found))
    claims, named = mentions.facts(kind, item, texts, lowered if joined.isascii() else None)
    return ProseFacts(
        limits=() if within_every_limit(joined) else record_limit_facts(fields),
        links=tuple(links),
        placeholders=term_placeholders(item) if kind == "term" and "todo" in lowered else (),
        claims=claims,
        names=named,
        names_key=names,
        name_slugs=name_slug_facts(item) if kind == "term" else None,
        references=reference_facts(kind, data),
        quoted=quoted_citations(kind, data),
    )


def _source_names_key(root: Path) -> tuple[str, ...] | None:
    """The normalised names of the sources in ``glossary/_sources.yaml``, sorted, as
    ``source_mentions.source_names`` gives them from the index; None if the file cannot be read.
    Sources are taken as registering would take them (first of an id), so the names are the
    index's unless the file has problems; the checks compare before using the facts."""
    problems = ProblemList()
    file = ContentFile(str(root / SOURCES_FILE), SOURCES_FILE, "sources", False)
    try:
        text = read_text_safely(root, file, problems) if (root / SOURCES_FILE).is_file() else ""
        data = parse_document(text)[0] if text is not None else None
    except (ParseProblem, OSError):
        return None
    if text == "" or data is None:
        return ()
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None

    registered = SimpleNamespace(sources={})  # what source_names reads of the index
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            registered.sources.setdefault(entry["id"], Item(None, (), entry))  # type: ignore[arg-type]
    return tuple(sorted(source_names(registered)))  # type: ignore[arg-type]
