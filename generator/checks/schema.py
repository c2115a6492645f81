"""Pass 1: each file on its own against its JSON Schema, and values no field can use.

Each check returns the paths of the fields it refused; the project pass skips them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from generator.checks.records import describe_path
from generator.content.document import RawDocument
from generator.content.schema import validator_for
from generator.core.problems import ProblemList
from generator.core.text import Suggester, slugify, url_flaw

# --- pass 1: schema ---------------------------------------------------------------


_RECORD_NAME = {
    "term": "term",
    "sources": "source registry",
    "categories": "category registry",
    "owners": "owners registry",
    "tactics": "tactics file",
    "tables": "tactic tables file",
    "playbook": "playbook",
    "classifier": "classifier file",
}


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


#: Control characters (all but tab and newline); bidirectional marks, embeddings, overrides and isolates;
#: the zero-width space, word joiner and invisible operators, and a byte-order mark inside text: each
#: invisible, each able to split a word or reorder one where a reader, a search or a filter sees the text
#: (attacker review, issue 31: they reached hover cards, terms.json and llms.txt). The zero-width
#: joiner and non-joiner (U+200C, U+200D) stay: Persian, Indic scripts and emoji need them.
HIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


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
        elif isinstance(value, str) and (hidden := HIDDEN_CHARACTER.search(value)):
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


#: Other words editors use for a field, where spelling alone does not lead to it.
_WORDS_FOR = {
    "synonyms": "aliases",
    "synonym": "aliases",
    "also_known_as": "aliases",
    "aka": "aliases",
    "acronym": "abbreviation",
    "abbr": "abbreviation",
    "description": "definition",
    "meaning": "definition",
    "short": "summary",
    "title": "term",
    "name": "term",
    "see_also": "related",
    "references": "sources",
    "citations": "sources",
    "reviewed": "last_reviewed",
}


def report_repeated_item(doc: RawDocument, path: tuple, items: Any, position: Any, problems: ProblemList) -> None:
    """A list holding an item twice, reported at the repeat (not the list's '[') and naming it."""
    seen: list = []
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if item in seen:
            shown = f"'{item}'" if isinstance(item, str) else f"item {index + 1}"
            problems.add(
                doc.path,
                doc.where(path + (index,)),
                "duplicate-item",
                f"{describe_path(path) or 'the file'} lists {shown} twice "
                f"(items {seen.index(item) + 1} and {index + 1})",
                "remove the repeated item",
            )
            return
        seen.append(item)
    problems.add(
        doc.path,
        position,
        "duplicate-item",
        f"{describe_path(path)} lists the same item twice",
        "remove the repeated item",
    )


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
            meant = suggester.closest(str(key), allowed) or _WORDS_FOR.get(str(key).lower())
            meant = meant if meant in allowed else None
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
    elif kind == "pattern" and error.schema.get("patternErrorMessage"):  # the schema says what it wants
        problems.add(
            doc.path,
            position,
            "invalid-value",
            f"{name} '{value}' is not in the expected form",
            str(error.schema["patternErrorMessage"]),
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
        report_repeated_item(doc, path, value, position, problems)
        return set()
    else:
        problems.add(doc.path, position, "invalid-value", f"{name}: {error.message}")
    return {path}


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
