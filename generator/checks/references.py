"""References between records: an id must name an existing record of its kind, and an unknown
one gets the likely id as a hint (within the check's budget of suggestions).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from generator.checks.records import PLURAL, Index, Item, describe_path
from generator.core.problems import ProblemList
from generator.core.text import Suggester, closest, did_you_mean, name_key, slugify


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
    if not isinstance(target, str) or target in table or target in index.broken_ids.get(PLURAL[kind], set()):
        return True
    if PLURAL[kind] in index.unreadable_kinds:
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


def term_ref(item: Item, path: tuple, index: Index, problems: ProblemList) -> bool:
    """Check the term id at ``path`` (if present and passed by the schema)."""
    target = item.get(*path)
    if target is None:
        return True
    return check_reference(item, path, target, index.terms, "term", index, problems, names=index.term_names)


def ref(item: Item, path: tuple, table: dict[str, Item], kind: str, index: Index, problems: ProblemList) -> bool:
    """Check the id of a ``kind`` at ``path`` (if present and passed by the schema)."""
    target = item.get(*path)
    return target is None or check_reference(item, path, target, table, kind, index, problems)


def source_refs(item: Item, field_name: str, index: Index, problems: ProblemList) -> None:
    for number, _ in item.entries(field_name):
        ref(item, (field_name, number, "source"), index.sources, "source", index, problems)


# --- references worked out in the parse ------------------------------------------------

#: A term's fields that name other terms, which must exist and may not be the term itself.
TERM_LIST_FIELDS = ("related", "contrasts_with")
TERM_ID_FIELDS = ("broader", "stage_after", "superseded_by")


def reference_facts(kind: str, data: dict) -> tuple | None:
    """What a record its schema passed whole refers to, for ``prose_facts.ProseFacts.references``:
    for a term (ids that must be other existing terms, ids that must be existing terms, its
    category or None, its sources' ids); for a playbook ((), the terms it refers to, None, ()).
    None when a target is not a string: the checks then read the record themselves, as ever.

    The checks take a record whose targets all exist as having nothing to report and read any
    other record in full, so these need only hold every target.
    """
    if kind == "playbook":
        targets = list(_listed(data, "terms"))
        targets += [step.get("term") for step in _listed(data, "funnel") if isinstance(step, dict)]
        targets = [target for target in targets if target is not None]
        if not all(map(_is_str, targets)):
            return None
        return ((), tuple(targets), None, ())
    others: list = []
    for field_name in TERM_LIST_FIELDS:
        others += _listed(data, field_name)
    others += [data[field_name] for field_name in TERM_ID_FIELDS if data.get(field_name) is not None]
    existing: list = []
    for example in _listed(data, "examples"):
        for metric in _listed(example, "metrics") if isinstance(example, dict) else ():
            if isinstance(metric, dict) and metric.get("term") is not None:
                existing.append(metric["term"])
    formula = data.get("formula")
    inputs = formula.get("inputs") if isinstance(formula, dict) else None
    if isinstance(inputs, dict):
        existing += [target for target in inputs.values() if target is not None]
    sources = [entry.get("source") for entry in _listed(data, "sources") if isinstance(entry, dict)]
    sources = [source for source in sources if source is not None]
    category = data.get("category")
    if not (all(map(_is_str, others)) and all(map(_is_str, existing)) and all(map(_is_str, sources))):
        return None
    if category is not None and not isinstance(category, str):
        return None
    return (tuple(others), tuple(existing), category, tuple(sources))


#: isinstance(value, str), called from C by map().
_is_str = str.__instancecheck__


def _listed(data: dict, field_name: str) -> list:
    """The list at ``field_name`` (``Item.entries``' items), or an empty one."""
    value = data.get(field_name)
    return value if isinstance(value, list) else []
