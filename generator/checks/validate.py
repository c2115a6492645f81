"""Stage 2: every check on the raw records, collecting all problems.

Checks run in two passes. The schema pass judges each file on its own (types,
required and unknown fields, enums, id format) and notes the path of every field it
refuses. The project pass judges the files together (ids against file names,
duplicates across files, every cross-reference, names, links, the ``broader`` and
funnel graphs, formulas, statuses, review age) on every record, schema errors or
not, but skips each refused field and everything inside it: a file's other problems
are reported in the same run, while the consequences of a schema error (a list that
is a string has no references to check) are not reported a second time.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.checks.citations import CitationReport, check_citations
from generator.checks.consistency import check_consistency
from generator.checks.markdown_limits import check_markdown_limits
from generator.content.load import RawDocument, RawProject, paused_gc
from generator.content.schema import signal_values, validator_for
from generator.core.problems import ProblemList
from generator.core.safe_html import unsafe_targets
from generator.core.text import (
    WIKILINK,
    Suggester,
    closest,
    did_you_mean,
    find_placeholder,
    mixed_scripts,
    name_key,
    normalize_words,
    phrase_key,
    relative_link_targets,
    slugify,
    url_flaw,
)

#: Default for ``glossary check --max-review-age``.
DEFAULT_MAX_REVIEW_AGE_DAYS = 365
MAX_FORMULA_LENGTH = 200

_RECORD_NAME = {
    "term": "term",
    "sources": "source registry",
    "categories": "category registry",
    "tactics": "tactics file",
    "tables": "tactic tables file",
    "playbook": "playbook",
    "classifier": "classifier file",
}
_PLURAL = {
    "term": "terms",
    "source": "sources",
    "category": "categories",
    "tactic": "tactics",
    "table": "tables",
    "playbook": "playbooks",
}
_PLURAL_TO_KIND = {plural: kind for kind, plural in _PLURAL.items()}
_LIST_KEY = {"sources": "sources", "categories": "categories", "tactics": "tactics", "tables": "tables"}


@dataclass(frozen=True)
class CheckOptions:
    """What the checks depend on besides the content: the clock is passed in, never read."""

    today: dt.date | None = None
    max_review_age_days: int = DEFAULT_MAX_REVIEW_AGE_DAYS
    #: The folder of stored copies the user named (``--stored-copies``); None: the environment
    #: variable GLOSSARY_STORED_COPIES, else ``stored_copies`` in glossary/_sources.yaml.
    stored_copies: Path | None = None


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
    # every did-you-mean hint of the check goes through it, so their cost is bounded
    suggester: Suggester = field(default_factory=Suggester)
    # how each quote was verified, and the stored copies read (citations.check_citations)
    citations: CitationReport | None = None
    # every Markdown field of every record, once the records are all in (see all_markdown_fields)
    _markdown: list[tuple[Item, tuple, str]] | None = None

    def all_markdown_fields(self) -> list[tuple[Item, tuple, str]]:
        """(record, path, text) of every Markdown field, terms, tactics, tables, then playbooks:
        gathered once for the checks that read them all (links, Markdown limits)."""
        if self._markdown is None:
            self._markdown = [
                (item, path, text)
                for kind, table in (
                    ("term", self.terms),
                    ("tactic", self.tactics),
                    ("table", self.tables),
                    ("playbook", self.playbooks),
                )
                for item in table.values()
                for path, text in markdown_fields(kind, item)
            ]
        return self._markdown


def _collector_paused(function: Callable[..., Index]) -> Callable[..., Index]:
    """Run ``function`` with the cyclic garbage collector paused (:func:`load.paused_gc`).

    The checks build many small objects and leave no garbage, while the collector's walks over
    the loaded project's millions of objects cost a fifth of validation at 10,000 terms (measured).
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Index:
        with paused_gc():
            return function(*args, **kwargs)

    return paused


@_collector_paused
def validate_project(raw: RawProject, problems: ProblemList, options: CheckOptions = CheckOptions()) -> Index:
    """Run every check, appending to ``problems``; return the index of the records.

    Records with schema errors are indexed too, with the fields the schema refused: the
    model may be built from the index only when ``problems`` holds no error.
    """
    index = Index()
    hold_back_references_into(raw.unreadable, index)
    for doc in raw.documents:
        invalid = check_schema(doc, problems, index.suggester) | check_values(doc, problems)
        register_records(doc, frozenset(invalid), index, problems)
    check_reserved_ids(index, problems)
    check_term_names(index, problems)
    check_term_references(index, problems)
    check_broader_cycles(index, problems)
    check_funnel(index, problems)
    check_formulas(index, problems)
    check_statuses(index, problems)
    check_tactics(index, problems)
    check_tables(index, problems)
    check_playbooks(index, problems)
    check_classifier(index, problems)
    check_consistency(index, problems)
    check_wikilinks(index, problems)
    check_markdown_limits(index, problems)
    check_placeholders(index, problems)
    index.citations = check_citations(raw.root, index, problems, options, raw.documents)
    warn_about_terms(index, problems, options)
    return index


# --- pass 1: schema ---------------------------------------------------------------


def check_schema(doc: RawDocument, problems: ProblemList, suggester: Suggester) -> set[tuple]:
    """Validate one document against its JSON Schema; report each error at its line.

    Returns the paths of the fields the schema refused (``()``: the whole document).
    """
    if doc.kind not in _RECORD_NAME:
        return set()  # kinds added by later stages validate themselves
    if not isinstance(doc.data, dict):
        problems.add(
            doc.path,
            doc.where(),
            "wrong-type",
            f"a {_RECORD_NAME[doc.kind]} file must be a mapping of fields, not {_type_name(doc.data)}",
            "start each line with 'field: value'",
        )
        return {()}
    if doc.matches_schema:
        return set()
    invalid: set[tuple] = set()
    for error in validator_for(doc.kind).iter_errors(doc.data):
        invalid |= report_schema_error(doc, error, problems, suggester)
    return invalid


#: Control characters (all but tab and newline) and bidirectional embeddings, overrides and isolates.
_HIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def check_values(doc: RawDocument, problems: ProblemList) -> set[tuple]:
    """Refuse values no field can use: NaN and infinities, control and text-reordering characters.

    The schema's "number" and "string" admit them, but ``.nan`` renders as ``width="nan"``, a NUL
    (``"\\0"``) ends a C string in some readers of the CSV, a carriage return or line separator
    can start a new line in a CI log, and U+202E shows text reversed ("Trojan Source"). Only files
    whose text could produce one are walked: most files have no backslash at all. Returns the
    paths of the values it refuses.
    """
    if not doc.may_hold_refused_value:  # worked out per file while loading
        return set()
    invalid: set[tuple] = set()
    for path, value, is_key in _leaf_values(doc.data, ()):
        where = doc.where_key(path) if is_key else doc.where(path)
        if isinstance(value, float) and not math.isfinite(value):
            problems.add(doc.path, where, "not-finite", f"{describe_path(path)} is {value}", "write a finite number")
            invalid.add(path)
        elif isinstance(value, str) and (hidden := _HIDDEN_CHARACTER.search(value)):
            problems.add(
                doc.path,
                where,
                "hidden-character",
                f"{describe_path(path)} contains the invisible character U+{ord(hidden.group()):04X}",
                "delete it; in a double-quoted YAML string an escape such as \\0 or \\u202e writes one",
            )
            invalid.add(path)
    return invalid


def _leaf_values(value: Any, path: tuple) -> Iterator[tuple[tuple, Any, bool]]:
    """Every scalar with its path and whether it is a mapping key (keys are text shown too)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key), key, True
            yield from _leaf_values(child, (*path, key))
    elif isinstance(value, list):
        for number, child in enumerate(value):
            yield from _leaf_values(child, (*path, number))
    else:
        yield path, value, False


def report_schema_error(doc: RawDocument, error: Any, problems: ProblemList, suggester: Suggester) -> set[tuple]:
    """Report one schema error; return the paths it makes unusable for the later checks.

    That is the refused value's path, except: an unknown field makes only itself unusable
    (and the field it is probably a misspelling of, when that one is absent: 'sumary' is no
    reason to warn that the summary is missing), a missing field only itself, and a repeated
    list item nothing (each item is still a valid reference to check).
    """
    path = tuple(error.absolute_path)
    name = describe_path(path) or "the file"
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties" and error.schema.get("additionalProperties") is False:
        allowed = sorted(error.schema.get("properties", {}))
        unusable = set()
        for key in sorted(set(value) - set(allowed), key=str):
            meant = suggester.closest(str(key), allowed)
            hint = f"did you mean '{meant}'?" if meant else f"allowed fields: {', '.join(allowed)}"
            where = f" in {name}" if path else ""
            problems.add(doc.path, doc.where_key(path + (key,)), "unknown-field", f"unknown field '{key}'{where}", hint)
            unusable.add(path + (key,))
            if meant and meant not in value:
                unusable.add(path + (meant,))
        return unusable
    if kind == "required":
        for missing in [f for f in error.validator_value if f not in value]:
            described = error.schema.get("properties", {}).get(missing, {}).get("description", "")
            where = f" in {name}" if path else ""
            problems.add(
                doc.path,
                doc.where(path),
                "missing-field",
                f"required field '{missing}' is missing{where}",
                f"add '{missing}:' ({described})" if described else f"add '{missing}:'",
            )
        return {path + (missing,) for missing in error.validator_value if missing not in value}
    position = doc.where(path)
    if kind == "type":
        expected = _expected_type(error.validator_value)
        hint = ""
        if isinstance(value, bool):
            hint = "yes/no/true/false/on/off are read as booleans; put the text in quotes"
        elif expected == "a string" and isinstance(value, (int, float)):
            hint = "put the value in quotes"
        elif expected == "a list":
            hint = "write each item on its own line starting with '- '"
        problems.add(doc.path, position, "wrong-type", f"{name} must be {expected}, not {_type_name(value)}", hint)
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        problems.add(
            doc.path,
            position,
            "invalid-value",
            f"{name} is '{value}', expected one of: {', '.join(options)}",
            suggester.did_you_mean(str(value), options),
        )
    elif kind == "pattern" and _is_slug_schema(error.schema):
        suggestion = slugify(str(value))
        problems.add(
            doc.path,
            position,
            "invalid-id",
            f"{name} '{value}' is not an id: use lowercase letters, digits and single hyphens",
            f"write '{suggestion}'" if suggestion else "",
        )
    elif kind == "pattern" and _is_url_schema(error.schema):
        problems.add(
            doc.path,
            position,
            "invalid-url",
            f"{name} is not a clean http(s) address: {url_flaw(str(value)) or 'it does not match the pattern'}",
            "write the whole address (https://host/path) and percent-encode what may not appear in it: "
            "a space as %20, \" as %22, ' as %27, < as %3C, > as %3E, ` as %60",
        )
    elif kind == "propertyNames":
        problems.add(
            doc.path,
            position,
            "invalid-value",
            f"{name} has a name that is not lowercase letters, digits and '_': {error.message}",
        )
    elif kind == "format":
        problems.add(
            doc.path,
            position,
            "invalid-value",
            f"{name} '{value}' is not a valid {error.validator_value}",
            "write dates as YYYY-MM-DD, e.g. 2026-03-31",
        )
    elif kind == "minLength":
        problems.add(doc.path, position, "invalid-value", f"{name} must not be empty")
    elif kind in ("minItems", "minProperties"):
        problems.add(doc.path, position, "invalid-value", f"{name} needs at least {error.validator_value} item(s)")
    elif kind == "uniqueItems":
        problems.add(
            doc.path, position, "duplicate-item", f"{name} lists the same item twice", "remove the repeated item"
        )
        return set()
    else:
        problems.add(doc.path, position, "invalid-value", f"{name}: {error.message}")
    return {path}


def describe_path(path: Iterable[Any]) -> str:
    """('examples', 0, 'title') -> "'examples[0].title'" as users see it in YAML."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"'{text}'" if text else ""


def _is_slug_schema(schema: dict) -> bool:
    return schema.get("pattern") == "^[a-z0-9]+(-[a-z0-9]+)*$"


def _is_url_schema(schema: dict) -> bool:
    return str(schema.get("pattern", "")).startswith("^https?://")


def _expected_type(json_type: Any) -> str:
    names = {
        "string": "a string",
        "array": "a list",
        "object": "a mapping",
        "number": "a number",
        "integer": "a whole number",
        "boolean": "true or false",
    }
    if isinstance(json_type, list):
        return " or ".join(names.get(t, t) for t in json_type)
    return names.get(json_type, str(json_type))


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# --- registering records ----------------------------------------------------------


def register_records(doc: RawDocument, invalid: frozenset[tuple], index: Index, problems: ProblemList) -> None:
    """Add the document's records to the index, checking ids against names and each other.

    A record is indexed whatever else the schema refused in it, as long as its id is usable;
    ``invalid`` (the refused paths) goes with it so that later checks skip those fields.
    """
    if doc.kind in ("term", "playbook"):
        _register_file_record(doc, invalid, index, problems)
    elif doc.kind in _LIST_KEY:
        _register_list_records(doc, invalid, index, problems)
    elif doc.kind == "classifier" and isinstance(doc.data, dict):
        index.classifier = Item(doc, (), doc.data, invalid)


def _register_file_record(doc: RawDocument, invalid: frozenset[tuple], index: Index, problems: ProblemList) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    record_id = data.get("id")
    id_ok = Item(doc, (), data, invalid).ok("id")
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
        index.broken_ids.setdefault(_PLURAL[doc.kind], set()).add(record_id)
        return
    table[record_id] = Item(doc, (), data, invalid)


def _register_list_records(doc: RawDocument, invalid: frozenset[tuple], index: Index, problems: ProblemList) -> None:
    key = _LIST_KEY[doc.kind]
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
    "terms": {"index"},
    "categories": {"index"},
    "playbooks": {"index"},
    "tactics": {"index", *TACTICS_INDEX_ANCHORS},
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
                f"choose another id, e.g. '{record_id}-{_PLURAL_TO_KIND[table_name]}'",
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


# --- terms: names and references ---------------------------------------------------


_NAME_FIELDS = (("id", "id"), ("term", "name"), ("abbreviation", "abbreviation"))
_NAME_LISTS = (("aliases", "alias"), ("former_ids", "former id"))


def term_names(item: Item) -> list[tuple[tuple, str, str]]:
    """Every name a term is found by that the schema passed: (path in the record, role, name)."""
    if not item.invalid:  # the usual case: read the record directly (10,000 terms, 50,000 names)
        data = item.data
        names = [((field_name,), role, data.get(field_name)) for field_name, role in _NAME_FIELDS]
        for field_name, role in _NAME_LISTS:
            listed = data.get(field_name)
            if isinstance(listed, list):
                names += [((field_name, i), role, name) for i, name in enumerate(listed)]
        return [(path, role, name) for path, role, name in names if isinstance(name, str)]
    names = [((field_name,), role, item.text(field_name)) for field_name, role in _NAME_FIELDS]
    for field_name, role in _NAME_LISTS:
        names += [((field_name, i), role, name) for i, name in item.entries(field_name)]
    return [(path, role, name) for path, role, name in names if isinstance(name, str)]


def check_term_names(index: Index, problems: ProblemList) -> None:
    """Ids, names, abbreviations, aliases and former ids must not collide across terms.

    They are compared case-insensitively in slug form, because each of them becomes
    a URL (/glossary/mql/) and a search hit; two terms must never claim one.
    """
    claimed: dict[str, tuple[str, Item, tuple, str]] = {}
    for term_id in sorted(index.terms):
        item = index.terms[term_id]
        for path, role, name in term_names(item):
            if not _refuse_line_breaks(item, path, role, name, problems):
                continue
            if name.isascii():  # an ASCII name's key is its slug, and no script is mixed
                keys: Iterable[str] = (slugify(name),)
            else:
                _warn_mixed_scripts(item, path, role, name, problems)
                keys = dict.fromkeys((name_key(name), slugify(name)))  # the name, and its page's URL
            for key in keys:
                owner = claimed.get(key)
                if owner is None and key:
                    claimed[key] = (term_id, item, path, role)
                    index.term_names[key] = term_id
                elif owner is not None and owner[0] != term_id:
                    _report_duplicate_name(item, term_id, path, role, name, owner, problems)
                    break


def _report_duplicate_name(
    item: Item, term_id: str, path: tuple, role: str, name: str, owner: tuple, problems: ProblemList
) -> None:
    other_id, other, other_path, other_role = owner
    other_name = other.data
    for part in other_path:
        other_name = other_name[part]
    looks_like = f" ('{other_name}' looks the same)" if name_key(other_name) == name_key(name) != slugify(name) else ""
    problems.add(
        item.doc.path,
        item.at(*path),
        "duplicate-name",
        f"{role} '{name}' of term '{term_id}' is already the {other_role} of term "
        f"'{other_id}' ({other.doc.path}:{other.at(*other_path)[0]}){looks_like}",
        "each name may lead to only one term; remove it from one of them",
    )


def _refuse_line_breaks(item: Item, path: tuple, role: str, name: str, problems: ProblemList) -> bool:
    """A name is one line: it is a heading, a link text, a tooltip, a CSV cell and a log line."""
    if "\n" not in name:
        return True
    problems.add(
        item.doc.path,
        item.at(*path),
        "multi-line-name",
        f"{role} {name.splitlines()[0]!r}... of '{item.data['id']}' has a line break",
        "write the name on one line (a YAML '>' or '|' block keeps its line breaks)",
    )
    return False


def _warn_mixed_scripts(item: Item, path: tuple, role: str, name: str, problems: ProblemList) -> None:
    """A name mixing alphabets is how look-alikes are made ('Leаd' with a Cyrillic 'а')."""
    scripts = mixed_scripts(name)
    if scripts:
        problems.warn(
            item.doc.path,
            item.at(*path),
            "mixed-script",
            f"{role} '{name}' mixes {' and '.join(scripts)} letters",
            f"write it in one alphabet; it reads as '{name_key(name)}'",
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
            index.broken_ids.setdefault(_PLURAL[kind], set()).add(stem)
            if kind == "term":
                index.unreadable_kinds.add("term names")
        elif kind in _LIST_KEY:
            index.unreadable_kinds.add(_LIST_KEY[kind])


def check_reference(
    item: Item,
    path: tuple,
    target: Any,
    table: dict[str, Item],
    kind: str,
    index: Index,
    problems: ProblemList,
    *,
    names: dict[str, str] | None = None,
) -> bool:
    """Report ``target`` if no record of ``kind`` has that id; suggest the likely one.

    A target that is not a string (the schema reported it) is not reported again.
    """
    if not isinstance(target, str) or target in table or target in index.broken_ids.get(_PLURAL[kind], set()):
        return True
    if _PLURAL[kind] in index.unreadable_kinds:
        return True  # its list file did not parse: the target may be defined there
    hint = ""
    if names is not None and name_key(target) in names:
        hint = f"'{target}' is another name of '{names[name_key(target)]}'; refer to it by its id"
    hint = hint or suggest_reference(target, table, kind, index.suggester, names)
    problems.add(
        item.doc.path,
        item.at(*path),
        "unknown-reference",
        f"{describe_path(path)} refers to {kind} '{target}', which does not exist",
        with_valid_ids(hint, table, kind),
    )
    return False


#: An unknown reference's hint lists the valid ids when there are at most this many.
MAX_LISTED_IDS = 8


def with_valid_ids(hint: str, ids: Collection[str], kind: str) -> str:
    """``hint``, followed by the valid ids when they are few enough to read in one line."""
    if len(ids) > MAX_LISTED_IDS:  # counted before sorting: thousands of bad links may ask
        return hint
    listed = f"valid: {', '.join(sorted(ids))}" if ids else f"no {kind}s are defined yet"
    return f"{hint}; {listed}" if hint else listed


def suggest_reference(
    target: str, table: dict[str, Item], kind: str, suggester: Suggester, names: dict[str, str] | None
) -> str:
    """The likely id of an unknown reference: once per distinct target, within the check's budget."""

    def search() -> str:
        return did_you_mean(target, table) or (suggest_term_by_name(target, names) if names is not None else "")

    cost = 2 * len(table) + (3 * len(names) if names is not None else 0)
    return suggester.hint(("reference", kind, target), cost, search)


def suggest_term_by_name(target: str, names: dict[str, str]) -> str:
    """Suggest a term whose abbreviation, alias or initials look like ``target``.

    Editors often type what they say: 'sq' or 'mql' for sales-qualified-lead; ids
    are long slugs, so matching against ids alone would miss those.
    """
    key = slugify(target)
    close = closest(key, names)
    if close:
        return f"did you mean '{names[close]}'?"
    for term_id in sorted(set(names.values())):
        initials = "".join(part[0] for part in term_id.split("-"))
        if key and len(key) >= 2 and initials.startswith(key.replace("-", "")):
            return f"did you mean '{term_id}'?"
    return ""


def _term_ref(item: Item, path: tuple, index: Index, problems: ProblemList) -> bool:
    """Check the term id at ``path`` (if present and passed by the schema)."""
    target = item.get(*path)
    if target is None:
        return True
    return check_reference(item, path, target, index.terms, "term", index, problems, names=index.term_names)


def _ref(item: Item, path: tuple, table: dict[str, Item], kind: str, index: Index, problems: ProblemList) -> bool:
    """Check the id of a ``kind`` at ``path`` (if present and passed by the schema)."""
    target = item.get(*path)
    return target is None or check_reference(item, path, target, table, kind, index, problems)


def _source_refs(item: Item, field_name: str, index: Index, problems: ProblemList) -> None:
    for number, _ in item.entries(field_name):
        _ref(item, (field_name, number, "source"), index.sources, "source", index, problems)


def check_term_references(index: Index, problems: ProblemList) -> None:
    """Every id a term mentions must name an existing record."""
    terms = index.terms
    for term_id, item in terms.items():
        for field_name in ("related", "contrasts_with"):
            for number, target in item.entries(field_name):
                if isinstance(target, str) and target in terms and target != term_id:
                    continue  # the usual case: an existing term (what _term_ref would find)
                if target == term_id:
                    problems.add(
                        item.doc.path,
                        item.at(field_name, number),
                        "self-reference",
                        f"{describe_path((field_name, number))} refers to the term itself",
                    )
                else:
                    _term_ref(item, (field_name, number), index, problems)
        for field_name in ("broader", "stage_after", "superseded_by"):
            target = item.get(field_name)
            if target is None:
                continue
            if target == term_id:
                problems.add(
                    item.doc.path,
                    item.at(field_name),
                    "self-reference",
                    f"'{field_name}' refers to the term itself",
                )
            else:
                check_reference(
                    item, (field_name,), target, index.terms, "term", index, problems, names=index.term_names
                )
        _ref(item, ("category",), index.categories, "category", index, problems)
        _source_refs(item, "sources", index, problems)
        for e_number, _ in item.entries("examples"):
            for m_number, metric in item.entries("examples", e_number, "metrics"):
                if not (isinstance(metric, dict) and isinstance(term := metric.get("term"), str) and term in terms):
                    _term_ref(item, ("examples", e_number, "metrics", m_number, "term"), index, problems)
        if "formula" in item.data and isinstance(inputs := item.get("formula", "inputs"), dict):
            for name in inputs:
                _term_ref(item, ("formula", "inputs", name), index, problems)


# --- graphs -------------------------------------------------------------------------


def _find_cycles(edges: dict[str, str]) -> list[list[str]]:
    """Cycles in a graph where each node has at most one outgoing edge, each listed once."""
    cycles, done = [], set()
    for start in sorted(edges):
        trail, node = [], start
        seen_here: dict[str, int] = {}
        while node in edges and node not in done and node not in seen_here:
            seen_here[node] = len(trail)
            trail.append(node)
            node = edges[node]
        if node in seen_here:
            cycles.append(trail[seen_here[node] :])
        done.update(trail)
    return cycles


def term_edges(index: Index, field_name: str) -> dict[str, str]:
    """term id -> id of the term named in ``field_name``, where that term exists."""
    edges = {t: i.get(field_name) for t, i in index.terms.items() if field_name in i.data}
    return {t: target for t, target in edges.items() if isinstance(target, str) and target in index.terms}


def report_cycles(index: Index, field_name: str, code: str, what: str, hint: str, problems: ProblemList) -> bool:
    """Report each cycle in a term-to-term field once, at its alphabetically first term."""
    cycles = _find_cycles(term_edges(index, field_name))
    for cycle in cycles:
        first = min(cycle)
        item = index.terms[first]
        loop = " -> ".join(_rotate(cycle, first) + [first])
        problems.add(item.doc.path, item.at(field_name), code, f"{what} form a cycle: {loop}", hint)
    return bool(cycles)


def check_broader_cycles(index: Index, problems: ProblemList) -> None:
    report_cycles(
        index,
        "broader",
        "broader-cycle",
        "'broader' terms",
        "a term cannot be a kind of itself; break the loop",
        problems,
    )


def _rotate(cycle: list[str], first: str) -> list[str]:
    at = cycle.index(first)
    return cycle[at:] + cycle[:at]


def check_funnel(index: Index, problems: ProblemList) -> None:
    """``stage_after`` links must form one chain: no cycle, no fork, a single start."""
    if report_cycles(
        index, "stage_after", "stage-cycle", "funnel stages", "each stage must come after an earlier one", problems
    ):
        return
    edges = term_edges(index, "stage_after")
    followers: dict[str, list[str]] = {}
    for term_id in sorted(edges):
        followers.setdefault(edges[term_id], []).append(term_id)
    for before, after in sorted(followers.items()):
        for extra in after[1:]:
            item = index.terms[extra]
            problems.add(
                item.doc.path,
                item.at("stage_after"),
                "funnel-fork",
                f"both '{after[0]}' and '{extra}' come right after '{before}'",
                f"the funnel is one chain; make '{extra}' come after '{after[0]}' or remove its stage_after",
            )
    stages = set(edges) | set(edges.values())
    starts = sorted(s for s in stages if s not in edges)
    if len(starts) > 1:
        for extra in starts[1:]:
            item = index.terms[extra]
            problems.add(
                item.doc.path,
                item.at("id"),
                "funnel-split",
                f"the funnel has {len(starts)} separate starts ({', '.join(starts)}); '{extra}' starts a second chain",
                "connect the chains with stage_after so the stages form one funnel",
            )


# --- formulas, statuses ---------------------------------------------------------------

_ALLOWED_FORMULA_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Name,
    ast.Constant,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.USub,
    ast.UAdd,
)


def formula_names(expression: str) -> set[str] | str:
    """The input names an expression uses, or a message saying why it does not parse."""
    if len(expression) > MAX_FORMULA_LENGTH:
        return f"is longer than {MAX_FORMULA_LENGTH} characters"
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as error:
        return f"does not parse: {error.msg}"
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_FORMULA_NODES):
            return f"uses '{type(node).__name__}'; only + - * / ( ), numbers and input names are allowed"
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, (int, float))
        ):
            return f"has the constant {node.value!r}; only numbers are allowed"
        if isinstance(node, ast.Name):
            names.add(node.id)
    return names


def check_formulas(index: Index, problems: ProblemList) -> None:
    for item in index.terms.values():
        expression = item.text("formula", "expression")
        if expression is None:
            continue
        names = formula_names(expression)
        if isinstance(names, str):
            problems.add(
                item.doc.path,
                item.at("formula", "expression"),
                "formula-syntax",
                f"formula '{expression}' {names}",
                "e.g. 'spend / leads'",
            )
            continue
        inputs = item.get("formula", "inputs")
        if not isinstance(inputs, dict):
            continue  # missing or refused: the schema said so
        for name in sorted(names - set(inputs)):
            problems.add(
                item.doc.path,
                item.at("formula", "expression"),
                "formula-input",
                f"formula uses '{name}', which is not one of its inputs",
                index.suggester.did_you_mean(name, inputs) or f"add '{name}: <term id>' under formula.inputs",
            )
        for name in sorted(set(inputs) - names):
            problems.warn(
                item.doc.path,
                item.key_at("formula", "inputs", name),
                "unused-input",
                f"formula input '{name}' is not used in '{expression}'",
            )
        check_formula_example(item, set(inputs), problems)


def check_formula_example(item: Item, inputs: set[str], problems: ProblemList) -> None:
    """formula.example gives the calculator's starting numbers: one for each input, no others
    (a partial example would start the calculator on a half-filled, meaningless form)."""
    example = item.get("formula", "example")
    if not isinstance(example, dict):
        return  # absent, or refused by the schema
    for name in sorted(set(example) - inputs):
        problems.add(
            item.doc.path,
            item.key_at("formula", "example", name),
            "formula-example",
            f"formula example gives '{name}', which is not one of the formula's inputs",
            f"use the input names: {', '.join(sorted(inputs))}",
        )
    missing = sorted(inputs - set(example))
    if missing:
        problems.add(
            item.doc.path,
            item.at("formula", "example"),
            "formula-example",
            f"formula example lacks {', '.join(repr(n) for n in missing)}",
            "give a number for every input",
        )


def check_statuses(index: Index, problems: ProblemList) -> None:
    for term_id, item in index.terms.items():
        if not (item.ok("status") and item.ok("superseded_by")):
            continue  # a refused status or successor: whether they agree is not known
        status = item.get("status", default="approved")
        successor = item.get("superseded_by")
        if status == "deprecated" and not successor:
            problems.add(
                item.doc.path,
                item.at("status"),
                "deprecated-without-successor",
                f"term '{term_id}' is deprecated but does not say what replaces it",
                "add 'superseded_by: <term id>'",
            )
        elif successor and status != "deprecated":
            problems.add(
                item.doc.path,
                item.at("superseded_by"),
                "successor-without-deprecation",
                f"term '{term_id}' has superseded_by but its status is '{status}'",
                "set 'status: deprecated' or remove superseded_by",
            )
        elif successor in index.terms and index.terms[successor].get("status") == "deprecated":
            problems.warn(
                item.doc.path,
                item.at("superseded_by"),
                "deprecated-successor",
                f"'{successor}', which replaces '{term_id}', is itself deprecated",
                "point superseded_by at the current term",
            )


# --- tactics, tables, playbooks -----------------------------------------------------------


def check_tactics(index: Index, problems: ProblemList) -> None:
    claimed: dict[str, tuple[str, Item]] = {}
    shared = _shared_words(index)
    words: dict[tuple[str, ...], str] = {}
    for tactic_id, item in index.tactics.items():  # every name first: a word may not be another tactic's name
        for name in [item.text("name")] + [a for _, a in item.entries("aliases")]:
            if isinstance(name, str) and phrase_key(name):
                words.setdefault(phrase_key(name), tactic_id)
    for tactic_id, item in index.tactics.items():
        names = [(("name",), item.text("name"))] + [(("aliases", i), a) for i, a in item.entries("aliases")]
        for path, name in names:
            if name is None or not _refuse_line_breaks(item, path, "tactic name", name, problems):
                continue
            key = name_key(name)
            if key in claimed and claimed[key][0] != tactic_id:
                problems.add(
                    item.doc.path,
                    item.at(*path),
                    "duplicate-name",
                    f"tactic name '{name}' is already used by tactic '{claimed[key][0]}'",
                    "each name may lead to only one tactic",
                )
            claimed.setdefault(key, (tactic_id, item))
        _claim_words(tactic_id, item, words, shared, problems)
        _source_refs(item, "sources", index, problems)
        classification = item.get("classification")
        for number, _ in item.entries("disputed"):
            source = item.get("disputed", number, "source")
            _ref(item, ("disputed", number, "source"), index.sources, "source", index, problems)
            disputed = item.get("disputed", number, "classification")
            if disputed is not None and disputed == classification:
                problems.warn(
                    item.doc.path,
                    item.at("disputed", number, "classification"),
                    "not-a-dispute",
                    f"source '{source}' agrees with the classification '{disputed}'",
                    "cite it under sources instead",
                )
        for number, _ in item.entries("terms"):
            _term_ref(item, ("terms", number), index, problems)


def check_tables(index: Index, problems: ProblemList) -> None:
    for table_id, item in index.tables.items():
        columns = item.get("columns")
        footnotes = {item.get("footnotes", n, "id") for n, _ in item.entries("footnotes")} - {None}
        source = item.text("source", "source")
        _ref(item, ("source", "source"), index.sources, "source", index, problems)
        for r, row in item.entries("rows"):
            if isinstance(columns, list) and len(row) != len(columns):
                problems.add(
                    item.doc.path,
                    item.at("rows", r),
                    "table-shape",
                    f"row {r + 1} of table '{table_id}' has {len(row)} cell(s) but the table has "
                    f"{len(columns)} column(s)",
                )
            for c, _ in item.entries("rows", r):
                path = ("rows", r, c, "tactic")
                if item.get(*path) is None or not _ref(item, path, index.tactics, "tactic", index, problems):
                    continue
                footnote = item.get("rows", r, c, "footnote")
                if footnote is not None and footnote not in footnotes:
                    problems.add(
                        item.doc.path,
                        item.at("rows", r, c, "footnote"),
                        "unknown-reference",
                        f"cell refers to footnote '{footnote}', which the table does not define",
                        with_valid_ids(index.suggester.did_you_mean(footnote, footnotes), footnotes, "footnote"),
                    )
                if isinstance(columns, list) and c < len(columns):
                    _check_cell_classification(item, path, ("columns", c), source, index, problems)


def _check_cell_classification(
    item: Item, path: tuple, column: tuple, source: str | None, index: Index, problems: ProblemList
) -> None:
    """A tactic listed under a column must be classified so, or record the source's dispute."""
    tactic_id = item.get(*path)
    tactic = index.tactics.get(tactic_id)
    expected = item.get(*column, "classification")
    actual = tactic.get("classification") if tactic else None
    if actual is None or expected is None or actual == expected or "both" in (actual, expected):
        return
    disputes = [
        (tactic.get("disputed", n, "source"), tactic.get("disputed", n, "classification"))
        for n, _ in tactic.entries("disputed")
    ]
    if (source, expected) in disputes:
        return
    problems.add(
        item.doc.path,
        item.at(*path),
        "table-mismatch",
        f"tactic '{tactic_id}' is classified '{actual}' but the table lists it under "
        f"'{item.get(*column, 'heading')}' ({expected})",
        f"fix the classification, or record source '{source}' under the tactic's disputed entries"
        if source
        else "fix the tactic's classification or move it to another column",
    )


def check_playbooks(index: Index, problems: ProblemList) -> None:
    for item in index.playbooks.values():
        for number, _ in item.entries("terms"):
            _term_ref(item, ("terms", number), index, problems)
        for number, _ in item.entries("tactics"):
            _ref(item, ("tactics", number), index.tactics, "tactic", index, problems)
        for number, _ in item.entries("funnel"):
            _term_ref(item, ("funnel", number, "term"), index, problems)
        _ref(item, ("category",), index.categories, "category", index, problems)
        _source_refs(item, "sources", index, problems)


def _shared_words(index: Index) -> set[tuple[str, ...]]:
    item = index.classifier
    if item is None:
        return set()
    return {phrase_key(w) for _, w in item.entries("shared_words") if isinstance(w, str)}


def _claim_words(
    tactic_id: str, item: Item, claimed: dict[tuple[str, ...], str], shared: set[tuple[str, ...]], problems: ProblemList
) -> None:
    """A tactic's words point the classifier to it alone, unless the classifier declares them shared."""
    for number, word in item.entries("words"):
        if not isinstance(word, str):
            continue
        key = phrase_key(word)
        if not key:
            problems.add(
                item.doc.path,
                item.at("words", number),
                "empty-word",
                f"word '{word}' has nothing the classifier can match (only filler words or punctuation)",
                "remove it, or write the word that matters",
            )
            continue
        owner = claimed.setdefault(key, tactic_id)
        if owner != tactic_id and key not in shared:
            problems.add(
                item.doc.path,
                item.at("words", number),
                "duplicate-word",
                f"word '{word}' is also a word or name of tactic '{owner}'",
                "list it under one tactic, or declare it in shared_words of playbooks/classifier.yaml",
            )


def check_classifier(index: Index, problems: ProblemList) -> None:
    """The classifier asks about real signals, cites real sources and links real terms."""
    item = index.classifier
    if item is None:
        return
    known = signal_values()
    seen_signals: dict[str, int] = {}
    for q, _ in item.entries("questions"):
        signal = item.get("questions", q, "signal")
        if signal is None:
            pass  # missing or refused: the schema said so
        elif signal not in known:
            problems.add(
                item.doc.path,
                item.at("questions", q, "signal"),
                "unknown-signal",
                f"question asks about signal '{signal}', which tactics do not have",
                index.suggester.did_you_mean(signal, known) or f"signals are: {', '.join(known)}",
            )
        elif signal in seen_signals:
            problems.add(
                item.doc.path,
                item.at("questions", q, "signal"),
                "duplicate-id",
                f"signal '{signal}' is asked twice (first at line {item.at('questions', seen_signals[signal])[0]})",
                "ask about each signal once",
            )
        if signal is not None:
            seen_signals.setdefault(signal, q)
        _check_answers(item, q, signal, known.get(signal) if signal else None, index.suggester, problems)
        for number, _ in item.entries("questions", q, "terms"):
            _term_ref(item, ("questions", q, "terms", number), index, problems)
        for number, _ in item.entries("questions", q, "sources"):
            path = ("questions", q, "sources", number, "source")
            _ref(item, path, index.sources, "source", index, problems)
        for a, _ in item.entries("questions", q, "answers"):
            for number, _ in item.entries("questions", q, "answers", a, "terms"):
                _term_ref(item, ("questions", q, "answers", a, "terms", number), index, problems)
            for number, _ in item.entries("questions", q, "answers", a, "sources"):
                _ref(
                    item,
                    ("questions", q, "answers", a, "sources", number, "source"),
                    index.sources,
                    "source",
                    index,
                    problems,
                )
    _check_keywords(item, problems)
    _check_calibration(item, problems)


def _check_answers(
    item: Item, q: int, signal: str | None, values: list[str] | None, suggester: Suggester, problems: ProblemList
) -> None:
    seen: set[str] = set()
    for a, _ in item.entries("questions", q, "answers"):
        path = ("questions", q, "answers", a)
        value = item.get(*path, "value")
        if value is not None and values is not None and value not in values:
            problems.add(
                item.doc.path,
                item.at(*path, "value"),
                "unknown-signal",
                f"signal '{signal}' has no value '{value}'",
                suggester.did_you_mean(value, values) or f"its values are: {', '.join(values)}",
            )
        if value is not None and value in seen:
            problems.add(item.doc.path, item.at(*path, "value"), "duplicate-id", f"answer '{value}' is listed twice")
        seen.add(value)
        leans, weight = item.get(*path, "leans"), item.get(*path, "weight")
        if leans is None or not item.ok(*path, "weight"):
            continue  # missing or refused: the schema said so
        if (leans == "neither") != (not weight):
            problems.add(
                item.doc.path,
                item.at(*path, "weight" if weight is not None else "leans"),
                "answer-weight",
                f"answer '{value}' leans {leans.replace('_', ' ')} with weight {weight or 0}",
                "give a leaning answer a weight of 1 or more, and a 'neither' answer none",
            )


def _check_calibration(item: Item, problems: ProblemList) -> None:
    """The published calibration adds up: a reader compares its figures, so a typo pasted into
    them must not reach the page. Each level is named once, gave no more right answers than
    answers, the levels' answers add up to the set's items, and the count wrong with confidence
    high is the high level's answers minus its right ones (as the benchmark counts it)."""
    if item.get("calibration") is None:
        return
    block = item.base + ("calibration",)
    if any(path[: len(block)] == block for path in item.invalid):
        return  # the schema refused part of it and said so; the sums would only repeat that

    def add(path: tuple, message: str, hint: str) -> None:
        problems.add(item.doc.path, item.at("calibration", *path), "calibration-counts", message, hint)

    seen: dict[str, int] = {}
    total = 0
    for number, row in item.entries("calibration", "levels"):
        level, answers, right = row["level"], row["answers"], row["right"]
        if level in seen:
            add(("levels", number, "level"), f"confidence level '{level}' is listed twice", "list each level once")
        seen[level] = number
        if right > answers:
            add(
                ("levels", number, "right"),
                f"level '{level}' has {right} right of {answers} answers",
                "right counts answers of this level, so it cannot exceed answers",
            )
        total += answers
    items = item.get("calibration", "items")
    if total != items:
        add(
            ("levels",),
            f"the levels' answers add up to {total}, but the set has {items} items",
            "every description gets one confidence level: paste the block the benchmark prints again",
        )
    if item.get("calibration", "right") > items:
        add(("right",), f"{item.get('calibration', 'right')} right of {items} items", "right cannot exceed items")
    high = item.get("calibration", "levels", seen["high"]) if "high" in seen else {"answers": 0, "right": 0}
    wrong = item.get("calibration", "confidently_wrong")
    if wrong != high["answers"] - high["right"]:
        add(
            ("confidently_wrong",),
            f"confidently_wrong is {wrong}, but level 'high' has {high['answers'] - high['right']} wrong answers",
            "confidently_wrong counts the answers with confidence high that were wrong",
        )


def _check_keywords(item: Item, problems: ProblemList) -> None:
    """A keyword may choose only one answer: the description 'webinar' cannot mean two things."""
    claimed: dict[str, str] = {}
    for q, _ in item.entries("questions"):
        for a, _ in item.entries("questions", q, "answers"):
            signal, value = item.get("questions", q, "signal"), item.get("questions", q, "answers", a, "value")
            owner = f"{signal or '?'}={value or '?'}"
            for k, keyword in item.entries("questions", q, "answers", a, "keywords"):
                key = normalize_words(keyword)
                if key in claimed and claimed[key] != owner:
                    problems.add(
                        item.doc.path,
                        item.at("questions", q, "answers", a, "keywords", k),
                        "duplicate-keyword",
                        f"keyword '{keyword}' already chooses {claimed[key]}",
                        "a keyword may choose only one answer; remove one of them",
                    )
                claimed.setdefault(key, owner)


# --- links inside Markdown ----------------------------------------------------------------


#: Where each kind of record keeps Markdown: top-level fields, and (list, field) pairs.
_MARKDOWN_FIELDS = {
    "term": (("definition",), (("examples", "text"), ("faq", "answer"))),
    "tactic": (("rationale",), (("disputed", "note"),)),
    "table": (("caption",), (("footnotes", "text"),)),
    "playbook": (("goal",), (("steps", "text"),)),
}


def markdown_fields(kind: str, item: Item) -> list[tuple[tuple, str]]:
    """Every Markdown-valued field of a record that the schema passed, with its path."""
    fields, lists = _MARKDOWN_FIELDS[kind]
    paths = [(name,) for name in fields]
    paths += [(list_name, number, name) for list_name, name in lists for number, _ in item.entries(list_name)]
    return [(path, text) for path in paths if (text := item.text(*path)) is not None]


#: Link targets a Markdown field may not have: (finder, code, message, hint).
_LINK_RULES = (
    (
        unsafe_targets,
        "unsafe-link",
        "{} links to '{}'",
        "links may point only to http(s) or mailto addresses, or to terms with [[id]]",
    ),
    (
        relative_link_targets,
        "relative-link",
        "{} links to '{}', which is not a full address",
        "this text is shown on several pages, where a relative link or an in-page anchor cannot all "
        "resolve: link a term with [[id]], or write the whole https:// address",
    ),
)


def check_wikilinks(index: Index, problems: ProblemList) -> None:
    """Links in Markdown: ``[[name]]`` must name a term, others must be safe to follow."""
    for item, path, text in index.all_markdown_fields():
        for finder, code, message, hint in _LINK_RULES:
            for offset, target in finder(text):
                position = item.doc.locate_text(item.base + path, target, text.count("\n", 0, offset))
                problems.add(item.doc.path, position, code, message.format(describe_path(path), target), hint)
        for match in WIKILINK.finditer(text):
            target = match.group(1).strip()
            if (
                target in index.terms
                or name_key(target) in index.term_names
                or target in index.broken_ids.get("terms", set())
                or "term names" in index.unreadable_kinds
            ):
                continue
            line_in_value = text.count("\n", 0, match.start())
            position = item.doc.locate_text(item.base + path, match.group(0), line_in_value)
            problems.add(
                item.doc.path,
                position,
                "unknown-reference",
                f"link [[{target}]] in {describe_path(path)} names no term",
                with_valid_ids(_suggest_link(target, index), index.terms, "term") or "link to a term id",
            )


def _suggest_link(target: str, index: Index) -> str:
    """The likely term of an unknown [[link]]: once per distinct target, within the check's budget."""
    word = slugify(target)
    return index.suggester.hint(("link", word), 2 * len(index.terms), lambda: did_you_mean(word, index.terms))


# --- warnings ----------------------------------------------------------------------------


def check_placeholders(index: Index, problems: ProblemList) -> None:
    """A summary or definition that still holds what ``glossary new term`` wrote is not ready.

    A warning, so ``glossary check --strict`` (which ``make site`` and CI run) refuses it.
    """
    for item in index.terms.values():
        for field_name in ("summary", "definition"):
            text = item.text(field_name)
            match = find_placeholder(text) if text is not None else None
            if match is None:
                continue
            line_in_value = text.count("\n", 0, match.start())
            problems.warn(
                item.doc.path,
                item.doc.locate_text(item.base + (field_name,), match.group(0).split()[0], line_in_value),
                "placeholder",
                f"'{field_name}' of term '{item.data['id']}' is still the placeholder `glossary new term` wrote",
                "replace it with the term's own words; check --strict refuses it, so it is never published",
            )


def incoming_term_references(index: Index) -> dict[str, int]:
    """How many times each term is referred to by another term, a tactic or a playbook."""
    counts = dict.fromkeys(index.terms, 0)

    def count(target: Any, source_id: str | None = None) -> None:
        if isinstance(target, str) and target in counts and target != source_id:
            counts[target] += 1

    for term_id, item in index.terms.items():
        for field_name in ("related", "contrasts_with"):
            for _, target in item.entries(field_name):  # count(), inline: the most frequent reference
                if isinstance(target, str) and target in counts and target != term_id:
                    counts[target] += 1
        for key in ("broader", "stage_after", "superseded_by"):
            count(item.get(key), term_id)
        inputs = item.get("formula", "inputs") if "formula" in item.data else None
        for name in inputs if isinstance(inputs, dict) else ():
            count(item.get("formula", "inputs", name), term_id)
        for e, _ in item.entries("examples"):
            for m, _ in item.entries("examples", e, "metrics"):
                count(item.get("examples", e, "metrics", m, "term"), term_id)
    for item in index.tactics.values():
        for _, target in item.entries("terms"):
            count(target)
    for item in index.playbooks.values():
        for _, target in item.entries("terms"):
            count(target)
        for number, _ in item.entries("funnel"):
            count(item.get("funnel", number, "term"))
    return counts


def warn_about_terms(index: Index, problems: ProblemList, options: CheckOptions) -> None:
    """Completeness warnings; a field the schema refused (or an unknown field probably meant as
    it) is not warned about again."""
    incoming = incoming_term_references(index)
    for term_id, item in index.terms.items():
        if item.ok("summary") and item.get("summary") is None:
            problems.warn(
                item.doc.path,
                item.at("term"),
                "missing-summary",
                f"term '{term_id}' has no summary",
                "add one plain sentence under 'summary:' for tooltips and embeds",
            )
        if item.ok("sources") and not item.get("sources"):
            problems.warn(
                item.doc.path,
                item.at("definition"),
                "no-sources",
                f"term '{term_id}' cites no source",
                "add 'sources:' with the documents it rests on",
            )
        if incoming[term_id] == 0 and item.get("status") != "deprecated" and not index.unreadable_kinds:
            problems.warn(
                item.doc.path,
                item.at("id"),
                "orphan-term",
                f"no other term, tactic or playbook refers to '{term_id}'",
                "list it under 'related' of a term it belongs with",
            )
        if options.today and item.text("last_reviewed") is not None:
            _warn_review_age(item, term_id, options, problems)


def _warn_review_age(item: Item, term_id: str, options: CheckOptions, problems: ProblemList) -> None:
    reviewed = dt.date.fromisoformat(item.text("last_reviewed"))
    age = (options.today - reviewed).days
    if age > options.max_review_age_days:
        problems.warn(
            item.doc.path,
            item.at("last_reviewed"),
            "stale-review",
            f"term '{term_id}' was last reviewed {age} days ago ({reviewed}); "
            f"the limit is {options.max_review_age_days}",
            "ask its owner to confirm the definition and update last_reviewed",
        )
    elif age < 0:
        problems.warn(
            item.doc.path,
            item.at("last_reviewed"),
            "future-review",
            f"term '{term_id}' has last_reviewed in the future ({reviewed})",
        )
