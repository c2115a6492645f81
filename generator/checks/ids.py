"""Registering records in the index: ids against file names and each other, ids the site
already uses, and references held back into files that did not parse.
"""

from __future__ import annotations

from generator.checks.records import LIST_KEY, PLURAL, PLURAL_TO_KIND, Index, Item
from generator.content.document import RawDocument
from generator.core.problems import ProblemList
from generator.core.text import slugify

# --- registering records ----------------------------------------------------------


def register_records(doc: RawDocument, invalid: frozenset[tuple], index: Index, problems: ProblemList) -> None:
    """Add the document's records to the index, checking ids against names and each other.

    A record is indexed whatever else the schema refused in it, as long as its id is usable;
    ``invalid`` (the refused paths) goes with it so that later checks skip those fields.
    """
    if doc.kind in ("term", "playbook"):
        _register_file_record(doc, invalid, index, problems)
    elif doc.kind in LIST_KEY:
        _register_list_records(doc, invalid, index, problems)
        if doc.kind == "owners":
            index.owner_registry = Item(doc, (), doc.data if isinstance(doc.data, dict) else {}, invalid)
    elif doc.kind == "classifier" and isinstance(doc.data, dict):
        index.classifier = Item(doc, (), doc.data, invalid)


def _register_file_record(doc: RawDocument, invalid: frozenset[tuple], index: Index, problems: ProblemList) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    record_id = data.get("id")
    id_ok = not invalid or Item(doc, (), data, invalid).ok("id")
    table = index.terms if doc.kind == "term" else index.playbooks
    stem = doc.path.rpartition("/")[2].rpartition(".")[0]  # discovered files all end in .yaml or .yml
    if isinstance(record_id, str) and record_id != stem and slugify(record_id) == record_id:
        problems.add(
            doc.path,
            doc.where(("id",)),
            "id-mismatch",
            f"id '{record_id}' does not match the file name '{stem}.yaml'",
            f"rename the file to '{record_id}.yaml' or set 'id: {stem}'",
        )
        id_ok = False
    if not isinstance(record_id, str):
        return
    if not id_ok:
        index.broken_ids.setdefault(PLURAL[doc.kind], set()).add(record_id)
        return
    table[record_id] = Item(doc, (), data, invalid)


def _register_list_records(doc: RawDocument, invalid: frozenset[tuple], index: Index, problems: ProblemList) -> None:
    key = LIST_KEY[doc.kind]
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return
    table: dict[str, Item] = getattr(index, key)
    for number, entry in enumerate(items):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        record_id = entry["id"]
        item = Item(doc, (key, number), entry, invalid)
        if record_id in table:
            first = table[record_id]
            problems.add(
                doc.path,
                item.at("id"),
                "duplicate-id",
                f"{key[:-1]} id '{record_id}' is used twice (first at {first.doc.path}:{first.at('id')[0]})",
                "give each entry its own id",
            )
            continue
        if not item.ok("id"):
            index.broken_ids.setdefault(key, set()).add(record_id)
            continue
        table[record_id] = item


# --- ids that would overwrite a generated page or anchor -------------------------------------

#: The anchors of the tactics index's own headings and controls (letters, the tables' section,
#: the filter), besides those of the single tactics page it replaced: tactic and table ids are
#: anchors there too.
TACTICS_INDEX_ANCHORS = {
    "lead-generation-vs-demand-generation",
    "all-tactics",
    "tactic-tables",
    "tactic-filter",
    "tactic-list",
    *"abcdefghijklmnopqrstuvwxyz",  # the letters' headings, "## A" -> id "a"
    "other",
}

#: Ids a record may not take because the generator already publishes something there (see
#: urls.py and the templates): glossary/index.md is the A-Z page, categories/index.md and
#: playbooks/index.md the lists, tactics/index.md the tactics index (tactics are pages beside
#: it and anchors on it, tables anchors on it); sources are anchors on sources.md.
RESERVED_IDS = {
    "terms": {"index", "a-z"},  # glossary/a-z/<letter>/: the A-Z's letter pages (site/letter_pages.py)
    "categories": {"index"},
    "playbooks": {"index"},
    "tactics": {"index", "a-z", *TACTICS_INDEX_ANCHORS},  # tactics/a-z/<letter>/ likewise
    "tables": {"index", *TACTICS_INDEX_ANCHORS},
    "sources": {"sources"},
}


def check_reserved_ids(index: Index, problems: ProblemList) -> None:
    """No id may replace a generated page or anchor, and tactics and tables (both
    anchors on the tactics index) may not share an id: it would hold two elements with one anchor."""
    for table_name, reserved in RESERVED_IDS.items():
        table: dict[str, Item] = getattr(index, table_name)
        for record_id in sorted(reserved & table.keys()):
            item = table.pop(record_id)
            index.broken_ids.setdefault(table_name, set()).add(record_id)
            problems.add(
                item.doc.path,
                item.at("id"),
                "reserved-id",
                f"id '{record_id}' is reserved: the site already has a page or heading there",
                f"choose another id, e.g. '{record_id}-{PLURAL_TO_KIND[table_name]}'",
            )
    for record_id in sorted(index.tactics.keys() & index.tables.keys()):
        tactic, table_item = index.tactics[record_id], index.tables[record_id]
        problems.add(
            table_item.doc.path,
            table_item.at("id"),
            "duplicate-id",
            f"table id '{record_id}' is also a tactic's id ({tactic.doc.path}:{tactic.at('id')[0]}); "
            "both are anchors on the tactics page",
            "give the table another id",
        )


def hold_back_references_into(unreadable: tuple[tuple[str, str], ...], index: Index) -> None:
    """A file that did not parse defines records nobody can see: a term file's id is its file name
    (references to it are held back like those to a record that failed its schema); a list file
    (sources, categories, tactics, tables) may define any id, so references of that kind are held
    back altogether; and while a term file is unreadable, unknown [[links]] (they may name one of its
    aliases) and orphan warnings wait for the next run. One syntax error must not read as seven."""
    for kind, path in unreadable:
        if kind in ("term", "playbook"):
            stem = path.rpartition("/")[2].rpartition(".")[0]
            index.broken_ids.setdefault(PLURAL[kind], set()).add(stem)
            if kind == "term":
                index.unreadable_kinds.add("term names")
        elif kind in LIST_KEY:
            index.unreadable_kinds.add(LIST_KEY[kind])
