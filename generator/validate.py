"""Stage 2: every check on the raw records, collecting all problems.

Checks run in two passes. The schema pass judges each file on its own (types,
required and unknown fields, enums, id format). The project pass judges the files
together (ids against file names, duplicates across files, every cross-reference,
the ``broader`` and funnel graphs, formulas, statuses, review age) and only looks
at records that passed the schema, so one typo does not cascade into dozens of
follow-on errors.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .load import RawDocument, RawProject
from .problems import ProblemList
from .safe_html import unsafe_targets
from .schema import matches_schema, signal_values, validator_for
from .text import (
    WIKILINK,
    Suggester,
    closest,
    did_you_mean,
    mixed_scripts,
    name_key,
    normalize_words,
    relative_link_targets,
    slugify,
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


@dataclass
class Item:
    """A record located in its document: a term file, or one entry of a list file."""

    doc: RawDocument
    base: tuple  # path of the record inside the document
    data: dict

    def at(self, *path: Any) -> tuple[int, int]:
        return self.doc.where(self.base + path)

    def key_at(self, *path: Any) -> tuple[int, int]:
        return self.doc.where_key(self.base + path)


@dataclass
class Index:
    """The records that passed the schema, by kind and id, for cross-reference checks."""

    terms: dict[str, Item] = field(default_factory=dict)
    sources: dict[str, Item] = field(default_factory=dict)
    categories: dict[str, Item] = field(default_factory=dict)
    tactics: dict[str, Item] = field(default_factory=dict)
    tables: dict[str, Item] = field(default_factory=dict)
    playbooks: dict[str, Item] = field(default_factory=dict)
    # ids of records that exist but failed the schema: references to them are not
    # reported again, the schema error already says what is wrong.
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    # every name a term can be found by (slug form) -> canonical term id
    term_names: dict[str, str] = field(default_factory=dict)
    # playbooks/classifier.yaml, when present and valid against its schema
    classifier: Item | None = None
    # every did-you-mean hint of the check goes through it, so their cost is bounded
    suggester: Suggester = field(default_factory=Suggester)


def validate_project(raw: RawProject, problems: ProblemList, options: CheckOptions = CheckOptions()) -> Index:
    """Run every check, appending to ``problems``; return the index of valid records."""
    index = Index()
    for doc in raw.documents:
        schema_ok = check_schema(doc, problems, index.suggester) & check_values(doc, problems)
        register_records(doc, schema_ok, index, problems)
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
    check_wikilinks(index, problems)
    warn_about_terms(index, problems, options)
    return index


# --- pass 1: schema ---------------------------------------------------------------


def check_schema(doc: RawDocument, problems: ProblemList, suggester: Suggester) -> bool:
    """Validate one document against its JSON Schema; report each error at its line."""
    if doc.kind not in _RECORD_NAME:
        return True  # kinds added by later stages validate themselves
    if not isinstance(doc.data, dict):
        problems.add(
            doc.path,
            doc.where(),
            "wrong-type",
            f"a {_RECORD_NAME[doc.kind]} file must be a mapping of fields, not {_type_name(doc.data)}",
            "start each line with 'field: value'",
        )
        return False
    if doc.matches_schema:
        return True
    ok = True
    for error in validator_for(doc.kind).iter_errors(doc.data):
        ok = False
        report_schema_error(doc, error, problems, suggester)
    return ok


#: What in a file's text can give a value :func:`check_values` refuses: escapes in double-quoted
#: strings, the YAML names of not-a-number and infinity, a float tag or an exponent too large for a
#: float (1e400 is infinity), and characters that reorder text.
_SUSPECT_TEXT = re.compile(
    r"[\\\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]|\.(?:nan|inf)\b|!!float|\d[eE][+-]?\d{3}", re.I
)
#: Control characters (all but tab and newline) and bidirectional embeddings, overrides and isolates.
_HIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def check_values(doc: RawDocument, problems: ProblemList) -> bool:
    """Refuse values no field can use: NaN and infinities, control and text-reordering characters.

    The schema's "number" and "string" admit them, but ``.nan`` renders as ``width="nan"``, a NUL
    (``"\\0"``) ends a C string in some readers of the CSV, a carriage return or line separator
    can start a new line in a CI log, and U+202E shows text reversed ("Trojan Source"). Only files
    whose text could produce one are walked: most files have no backslash at all.
    """
    if not _SUSPECT_TEXT.search(doc.text):
        return True
    ok = True
    for path, value, is_key in _leaf_values(doc.data, ()):
        where = doc.where_key(path) if is_key else doc.where(path)
        if isinstance(value, float) and not math.isfinite(value):
            problems.add(doc.path, where, "not-finite", f"{describe_path(path)} is {value}", "write a finite number")
            ok = False
        elif isinstance(value, str) and (hidden := _HIDDEN_CHARACTER.search(value)):
            problems.add(
                doc.path,
                where,
                "hidden-character",
                f"{describe_path(path)} contains the invisible character U+{ord(hidden.group()):04X}",
                "delete it; in a double-quoted YAML string an escape such as \\0 or \\u202e writes one",
            )
            ok = False
    return ok


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


def report_schema_error(doc: RawDocument, error: Any, problems: ProblemList, suggester: Suggester) -> None:
    path = tuple(error.absolute_path)
    name = describe_path(path) or "the file"
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties" and error.schema.get("additionalProperties") is False:
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed), key=str):
            hint = suggester.did_you_mean(str(key), allowed) or f"allowed fields: {', '.join(allowed)}"
            where = f" in {name}" if path else ""
            problems.add(doc.path, doc.where_key(path + (key,)), "unknown-field", f"unknown field '{key}'{where}", hint)
        return
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
        return
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
            f"{name} is not a clean http(s) address: {_url_flaw(str(value))}",
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
    else:
        problems.add(doc.path, position, "invalid-value", f"{name}: {error.message}")


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


def _url_flaw(url: str) -> str:
    """What makes ``url`` fail the URL pattern, in words: the first character it may not hold."""
    if not url.startswith(("http://", "https://")):
        return f"'{url[:40]}' does not start with http:// or https://"
    host = url.partition("://")[2]
    if not host or host[0] in "/?#":
        return "it names no host after '://'"
    for offset, char in enumerate(url):
        if char.isspace() or char in "\"'<>`\\" or ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            return f"it holds {char!r} at character {offset + 1}"
    return "it does not match the URL pattern"


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


def register_records(doc: RawDocument, schema_ok: bool, index: Index, problems: ProblemList) -> None:
    """Add the document's records to the index, checking ids against names and each other."""
    if doc.kind in ("term", "playbook"):
        _register_file_record(doc, schema_ok, index, problems)
    elif doc.kind in _LIST_KEY:
        _register_list_records(doc, schema_ok, index, problems)
    elif doc.kind == "classifier" and schema_ok:
        index.classifier = Item(doc, (), doc.data)


def _register_file_record(doc: RawDocument, schema_ok: bool, index: Index, problems: ProblemList) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    record_id = data.get("id")
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
        schema_ok = False
    if not isinstance(record_id, str):
        return
    if not schema_ok:
        index.broken_ids.setdefault(_PLURAL[doc.kind], set()).add(record_id)
        return
    table[record_id] = Item(doc, (), data)


def _register_list_records(doc: RawDocument, schema_ok: bool, index: Index, problems: ProblemList) -> None:
    key = _LIST_KEY[doc.kind]
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return
    table: dict[str, Item] = getattr(index, key)
    for number, entry in enumerate(items):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        record_id = entry["id"]
        item = Item(doc, (key, number), entry)
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
        if not schema_ok and not matches_schema(doc.kind, {key: [entry]}):
            index.broken_ids.setdefault(key, set()).add(record_id)
            continue
        table[record_id] = item


# --- ids that would overwrite a generated page or anchor -------------------------------------

#: Ids a record may not take because the generator already publishes something there (see
#: urls.py and the templates): glossary/index.md is the A-Z page, categories/index.md and
#: playbooks/index.md the lists; tactics and tables are anchors on tactics.md beside its
#: headings, sources anchors on sources.md.
RESERVED_IDS = {
    "terms": {"index"},
    "categories": {"index"},
    "playbooks": {"index"},
    "tactics": {"lead-generation-vs-demand-generation", "all-tactics"},
    "tables": {"lead-generation-vs-demand-generation", "all-tactics"},
    "sources": {"sources"},
}


def check_reserved_ids(index: Index, problems: ProblemList) -> None:
    """No id may replace a generated page or anchor, and tactics and tables (which share
    tactics.md) may not share an id: the page would hold two elements with one anchor."""
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


def term_names(data: dict) -> list[tuple[tuple, str, str]]:
    """Every name a term is found by: (path in the record, role, name)."""
    names = [(("id",), "id", data["id"]), (("term",), "name", data["term"])]
    if "abbreviation" in data:
        names.append((("abbreviation",), "abbreviation", data["abbreviation"]))
    names += [(("aliases", i), "alias", alias) for i, alias in enumerate(data.get("aliases", []))]
    names += [(("former_ids", i), "former id", old) for i, old in enumerate(data.get("former_ids", []))]
    return names


def check_term_names(index: Index, problems: ProblemList) -> None:
    """Ids, names, abbreviations, aliases and former ids must not collide across terms.

    They are compared case-insensitively in slug form, because each of them becomes
    a URL (/glossary/mql/) and a search hit; two terms must never claim one.
    """
    claimed: dict[str, tuple[str, Item, tuple, str]] = {}
    for term_id in sorted(index.terms):
        item = index.terms[term_id]
        for path, role, name in term_names(item.data):
            if not _refuse_line_breaks(item, path, role, name, problems):
                continue
            _warn_mixed_scripts(item, path, role, name, problems)
            for key in dict.fromkeys((name_key(name), slugify(name))):  # the name, and its page's URL
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


def check_reference(
    item: Item,
    path: tuple,
    target: str,
    table: dict[str, Item],
    kind: str,
    index: Index,
    problems: ProblemList,
    *,
    names: dict[str, str] | None = None,
) -> bool:
    """Report ``target`` if no record of ``kind`` has that id; suggest the likely one."""
    if target in table or target in index.broken_ids.get(_PLURAL[kind], set()):
        return True
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


def _term_ref(item: Item, path: tuple, target: str, index: Index, problems: ProblemList) -> bool:
    return check_reference(item, path, target, index.terms, "term", index, problems, names=index.term_names)


def _source_refs(item: Item, field_name: str, index: Index, problems: ProblemList) -> None:
    for number, ref in enumerate(item.data.get(field_name, [])):
        check_reference(item, (field_name, number, "source"), ref["source"], index.sources, "source", index, problems)


def check_term_references(index: Index, problems: ProblemList) -> None:
    """Every id a term mentions must name an existing record."""
    for term_id, item in index.terms.items():
        data = item.data
        for field_name in ("related", "contrasts_with"):
            for number, target in enumerate(data.get(field_name, [])):
                if target == term_id:
                    problems.add(
                        item.doc.path,
                        item.at(field_name, number),
                        "self-reference",
                        f"{describe_path((field_name, number))} refers to the term itself",
                    )
                else:
                    _term_ref(item, (field_name, number), target, index, problems)
        for field_name in ("broader", "stage_after", "superseded_by"):
            if field_name in data:
                if data[field_name] == term_id:
                    problems.add(
                        item.doc.path,
                        item.at(field_name),
                        "self-reference",
                        f"'{field_name}' refers to the term itself",
                    )
                else:
                    _term_ref(item, (field_name,), data[field_name], index, problems)
        if "category" in data:
            check_reference(item, ("category",), data["category"], index.categories, "category", index, problems)
        _source_refs(item, "sources", index, problems)
        for e_number, example in enumerate(data.get("examples", [])):
            for m_number, metric in enumerate(example.get("metrics", [])):
                if "term" in metric:
                    _term_ref(
                        item, ("examples", e_number, "metrics", m_number, "term"), metric["term"], index, problems
                    )
        for name, target in (data.get("formula", {}).get("inputs") or {}).items():
            _term_ref(item, ("formula", "inputs", name), target, index, problems)


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
    return {t: i.data[field_name] for t, i in index.terms.items() if i.data.get(field_name) in index.terms}


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
        formula = item.data.get("formula")
        if not formula:
            continue
        names = formula_names(formula["expression"])
        if isinstance(names, str):
            problems.add(
                item.doc.path,
                item.at("formula", "expression"),
                "formula-syntax",
                f"formula '{formula['expression']}' {names}",
                "e.g. 'spend / leads'",
            )
            continue
        inputs = formula["inputs"]
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
                f"formula input '{name}' is not used in '{formula['expression']}'",
            )


def check_statuses(index: Index, problems: ProblemList) -> None:
    for term_id, item in index.terms.items():
        status = item.data.get("status", "approved")
        successor = item.data.get("superseded_by")
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
        elif successor in index.terms and index.terms[successor].data.get("status") == "deprecated":
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
    for tactic_id, item in index.tactics.items():
        for path, name in [(("name",), item.data["name"])] + [
            (("aliases", i), a) for i, a in enumerate(item.data.get("aliases", []))
        ]:
            if not _refuse_line_breaks(item, path, "tactic name", name, problems):
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
        _source_refs(item, "sources", index, problems)
        for number, dispute in enumerate(item.data.get("disputed", [])):
            check_reference(
                item, ("disputed", number, "source"), dispute["source"], index.sources, "source", index, problems
            )
            if dispute["classification"] == item.data["classification"]:
                problems.warn(
                    item.doc.path,
                    item.at("disputed", number, "classification"),
                    "not-a-dispute",
                    f"source '{dispute['source']}' agrees with the classification '{dispute['classification']}'",
                    "cite it under sources instead",
                )
        for number, term in enumerate(item.data.get("terms", [])):
            _term_ref(item, ("terms", number), term, index, problems)


def check_tables(index: Index, problems: ProblemList) -> None:
    for table_id, item in index.tables.items():
        columns = item.data["columns"]
        footnotes = {f["id"] for f in item.data.get("footnotes", [])}
        source = item.data.get("source", {}).get("source")
        if source:
            check_reference(item, ("source", "source"), source, index.sources, "source", index, problems)
        for r, row in enumerate(item.data["rows"]):
            if len(row) != len(columns):
                problems.add(
                    item.doc.path,
                    item.at("rows", r),
                    "table-shape",
                    f"row {r + 1} of table '{table_id}' has {len(row)} cell(s) but the table has "
                    f"{len(columns)} column(s)",
                )
            for c, cell in enumerate(row):
                path = ("rows", r, c, "tactic")
                if not check_reference(item, path, cell["tactic"], index.tactics, "tactic", index, problems):
                    continue
                if "footnote" in cell and cell["footnote"] not in footnotes:
                    problems.add(
                        item.doc.path,
                        item.at("rows", r, c, "footnote"),
                        "unknown-reference",
                        f"cell refers to footnote '{cell['footnote']}', which the table does not define",
                        with_valid_ids(
                            index.suggester.did_you_mean(cell["footnote"], footnotes), footnotes, "footnote"
                        ),
                    )
                if c < len(columns):
                    _check_cell_classification(item, path, cell["tactic"], columns[c], source, index, problems)


def _check_cell_classification(
    item: Item, path: tuple, tactic_id: str, column: dict, source: str | None, index: Index, problems: ProblemList
) -> None:
    """A tactic listed under a column must be classified so, or record the source's dispute."""
    tactic = index.tactics.get(tactic_id)
    if tactic is None:
        return
    expected = column["classification"]
    actual = tactic.data["classification"]
    if actual == expected or actual == "both" or expected == "both":
        return
    if any(d["source"] == source and d["classification"] == expected for d in tactic.data.get("disputed", [])):
        return
    problems.add(
        item.doc.path,
        item.at(*path),
        "table-mismatch",
        f"tactic '{tactic_id}' is classified '{actual}' but the table lists it under "
        f"'{column['heading']}' ({expected})",
        f"fix the classification, or record source '{source}' under the tactic's disputed entries"
        if source
        else "fix the tactic's classification or move it to another column",
    )


def check_playbooks(index: Index, problems: ProblemList) -> None:
    for item in index.playbooks.values():
        data = item.data
        for number, term in enumerate(data.get("terms", [])):
            _term_ref(item, ("terms", number), term, index, problems)
        for number, tactic in enumerate(data.get("tactics", [])):
            check_reference(item, ("tactics", number), tactic, index.tactics, "tactic", index, problems)
        for number, stage in enumerate(data.get("funnel", [])):
            if "term" in stage:
                _term_ref(item, ("funnel", number, "term"), stage["term"], index, problems)
        if "category" in data:
            check_reference(item, ("category",), data["category"], index.categories, "category", index, problems)
        _source_refs(item, "sources", index, problems)


def check_classifier(index: Index, problems: ProblemList) -> None:
    """The classifier asks about real signals, cites real sources and links real terms."""
    item = index.classifier
    if item is None:
        return
    known = signal_values()
    seen_signals: dict[str, int] = {}
    for q, question in enumerate(item.data["questions"]):
        signal = question["signal"]
        if signal not in known:
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
        seen_signals.setdefault(signal, q)
        _check_answers(item, q, question, known.get(signal), index.suggester, problems)
        for number, term in enumerate(question.get("terms", [])):
            _term_ref(item, ("questions", q, "terms", number), term, index, problems)
        for number, ref in enumerate(question["sources"]):
            path = ("questions", q, "sources", number, "source")
            check_reference(item, path, ref["source"], index.sources, "source", index, problems)
        for a, answer in enumerate(question["answers"]):
            for number, term in enumerate(answer.get("terms", [])):
                _term_ref(item, ("questions", q, "answers", a, "terms", number), term, index, problems)
    _check_keywords(item, problems)


def _check_answers(
    item: Item, q: int, question: dict, values: list[str] | None, suggester: Suggester, problems: ProblemList
) -> None:
    seen: set[str] = set()
    for a, answer in enumerate(question["answers"]):
        path = ("questions", q, "answers", a)
        value = answer["value"]
        if values is not None and value not in values:
            problems.add(
                item.doc.path,
                item.at(*path, "value"),
                "unknown-signal",
                f"signal '{question['signal']}' has no value '{value}'",
                suggester.did_you_mean(value, values) or f"its values are: {', '.join(values)}",
            )
        if value in seen:
            problems.add(item.doc.path, item.at(*path, "value"), "duplicate-id", f"answer '{value}' is listed twice")
        seen.add(value)
        leans, weight = answer["leans"], answer.get("weight")
        if (leans == "neither") != (not weight):
            problems.add(
                item.doc.path,
                item.at(*path, "weight" if "weight" in answer else "leans"),
                "answer-weight",
                f"answer '{value}' leans {leans.replace('_', ' ')} with weight {weight or 0}",
                "give a leaning answer a weight of 1 or more, and a 'neither' answer none",
            )


def _check_keywords(item: Item, problems: ProblemList) -> None:
    """A keyword may choose only one answer: the description 'webinar' cannot mean two things."""
    claimed: dict[str, str] = {}
    for q, question in enumerate(item.data["questions"]):
        for a, answer in enumerate(question["answers"]):
            for k, keyword in enumerate(answer.get("keywords", [])):
                key = normalize_words(keyword)
                owner = f"{question['signal']}={answer['value']}"
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


def markdown_fields(kind: str, data: dict) -> list[tuple[tuple, str]]:
    """Every Markdown-valued field of a record, with its path."""
    found: list[tuple[tuple, str]] = []

    def add(path: tuple, value: Any) -> None:
        if isinstance(value, str):
            found.append((path, value))

    if kind == "term":
        add(("definition",), data.get("definition"))
        for i, example in enumerate(data.get("examples", [])):
            add(("examples", i, "text"), example.get("text"))
        for i, entry in enumerate(data.get("faq", [])):
            add(("faq", i, "answer"), entry.get("answer"))
    elif kind == "tactic":
        add(("rationale",), data.get("rationale"))
        for i, dispute in enumerate(data.get("disputed", [])):
            add(("disputed", i, "note"), dispute.get("note"))
    elif kind == "table":
        add(("caption",), data.get("caption"))
        for i, note in enumerate(data.get("footnotes", [])):
            add(("footnotes", i, "text"), note.get("text"))
    elif kind == "playbook":
        add(("goal",), data.get("goal"))
        for i, step in enumerate(data.get("steps", [])):
            add(("steps", i, "text"), step.get("text"))
    return found


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
    for kind, table in (
        ("term", index.terms),
        ("tactic", index.tactics),
        ("table", index.tables),
        ("playbook", index.playbooks),
    ):
        for item in table.values():
            for path, text in markdown_fields(kind, item.data):
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


def incoming_term_references(index: Index) -> dict[str, int]:
    """How many times each term is referred to by another term, a tactic or a playbook."""
    counts = dict.fromkeys(index.terms, 0)

    def count(target: Any, source_id: str | None = None) -> None:
        if target in counts and target != source_id:
            counts[target] += 1

    for term_id, item in index.terms.items():
        data = item.data
        for target in data.get("related", []) + data.get("contrasts_with", []):
            count(target, term_id)
        for key in ("broader", "stage_after", "superseded_by"):
            count(data.get(key), term_id)
        for target in (data.get("formula", {}).get("inputs") or {}).values():
            count(target, term_id)
        for example in data.get("examples", []):
            for metric in example.get("metrics", []):
                count(metric.get("term"), term_id)
    for item in index.tactics.values():
        for target in item.data.get("terms", []):
            count(target)
    for item in index.playbooks.values():
        for target in item.data.get("terms", []) + [s.get("term") for s in item.data.get("funnel", [])]:
            count(target)
    return counts


def warn_about_terms(index: Index, problems: ProblemList, options: CheckOptions) -> None:
    incoming = incoming_term_references(index)
    for term_id, item in index.terms.items():
        data = item.data
        if "summary" not in data:
            problems.warn(
                item.doc.path,
                item.at("term"),
                "missing-summary",
                f"term '{term_id}' has no summary",
                "add one plain sentence under 'summary:' for tooltips and embeds",
            )
        if not data.get("sources"):
            problems.warn(
                item.doc.path,
                item.at("definition"),
                "no-sources",
                f"term '{term_id}' cites no source",
                "add 'sources:' with the documents it rests on",
            )
        if incoming[term_id] == 0 and data.get("status") != "deprecated":
            problems.warn(
                item.doc.path,
                item.at("id"),
                "orphan-term",
                f"no other term, tactic or playbook refers to '{term_id}'",
                "list it under 'related' of a term it belongs with",
            )
        if options.today and "last_reviewed" in data:
            _warn_review_age(item, term_id, options, problems)


def _warn_review_age(item: Item, term_id: str, options: CheckOptions, problems: ProblemList) -> None:
    reviewed = dt.date.fromisoformat(item.data["last_reviewed"])
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
