"""``glossary import datahub``: a DataHub business glossary becomes an :class:`~.imports.ImportPlan`.

The file is read by the same careful loader as content files (:func:`~.load.load_single_file`:
size limit, no aliases, tags or duplicate keys, bounded nesting), and every value is checked for
its shape before it is used: a term that is not a mapping, a name that is a list, ``inherits: 5``
or a link that is not an http(s) address becomes a problem with its line and its node path, and
the item is not taken. Nothing in the file can raise past :func:`from_datahub`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.content.document import RawDocument
from generator.content.load import load_single_file
from generator.core.problems import ProblemList
from generator.core.text import counted, slugify, url_flaw
from generator.interop.imports import LIST_SPLIT, Draft, ImportError_, ImportPlan, control_character, finish_draft

#: Our own DataHub export: ids carry this prefix and source_ref names the glossary itself.
DATAHUB_ID_PREFIX = "gtm-glossary."
DATAHUB_SOURCE_REF = "gtm-glossary"
#: Larger than a content file may be: our own export of 1,000 terms is 1.2 MB. Everything else
#: (nesting, aliases, tags, duplicate keys) has the limits of content files.
MAX_DATAHUB_BYTES = 10 * 1024 * 1024
RELATION_KINDS = ("inherits", "related_terms", "contains", "values")
TERM_KEYS = {"id", "name", "description", "custom_properties", "owners", "domain", "term_source", "source_ref"}
TERM_KEYS |= {"source_url", "knowledge_links", *RELATION_KINDS}
#: What a source url may not contain: a value that would need quoting or escaping in a page or a
#: Markdown link is not an address someone wrote on purpose.


class _WrongShape(Exception):
    """A value of the wrong shape or type: where it is (a path into the document) and what was expected."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path, self.message = path, message


def from_datahub(path: Path) -> ImportPlan:
    """DataHub's business-glossary YAML: nodes -> categories, terms -> terms, relations kept by kind.

    A file that cannot be read as a glossary at all raises :class:`ImportError_`; a node or term
    of the wrong shape becomes a problem in the plan (line and node path) and is left out.
    """
    document = _load(path)
    plan = ImportPlan()
    for key in sorted(set(map(str, document.data)) - {"version", "source", "owners", "url", "nodes", "terms"}):
        plan.notes.append(f"top-level '{key}' has no counterpart and was not imported")
    reader = _Reader(document, plan)
    reader.walk(document.data, (), [], None)
    if not plan.terms and not plan.problems:
        raise ImportError_(f"{path}: no terms to import; a business glossary lists them under 'terms:' of a node")
    _qualify_repeated_names(plan)
    _datahub_relations(reader.relations, reader.by_path, plan)
    return plan


def _load(path: Path) -> RawDocument:
    """The parsed file, with the limits of content files; anything but a version 1 glossary is refused."""
    problems = ProblemList()
    document = load_single_file(path, "datahub", problems, max_bytes=MAX_DATAHUB_BYTES)
    if document is None:
        problem = problems.sorted()[0]
        said = problem.message if problem.message.startswith(str(path)) else f"{problem.location()}: {problem.message}"
        raise ImportError_(said + (f"; {problem.hint}" if problem.hint else ""))
    data = document.data
    if not isinstance(data, dict) or ("nodes" not in data and "terms" not in data):
        found = _kind(data) if not isinstance(data, dict) else "a mapping without them"
        raise ImportError_(
            f"{path}:1: not a DataHub business glossary: expected 'nodes' or 'terms' at the top, found {found}"
        )
    version = data.get("version", "1")
    if isinstance(version, bool) or str(version) != "1":
        line = document.where(("version",))[0]
        raise ImportError_(f"{path}:{line}: business glossary version {version!r}; only version 1 is known")
    return document


class _Reader:
    """Walks the nodes and terms, turning each into a category or a draft, and each wrong shape into a
    problem at its line; collects the relations to resolve once every term is known."""

    def __init__(self, document: RawDocument, plan: ImportPlan):
        self.document, self.plan = document, plan
        self.by_path: dict[str, str] = {}
        self.relations: list[tuple[Draft, str, list[str]]] = []

    def report(self, what: str, error: _WrongShape) -> None:
        line = self.document.where(error.path)[0]
        self.plan.problems.append(f"line {line}: {what}: {error.message}")

    def walk(self, container: dict, at: tuple, trail: list[str], category: str | None) -> None:
        """The nodes and terms of the top level or of a node (nesting is bounded by the loader)."""
        for index, node in enumerate(self.items(container, at, trail, "nodes", "node")):
            self.node(node, (*at, "nodes", index), trail, index)
        for index, term in enumerate(self.items(container, at, trail, "terms", "term")):
            self.term(term, (*at, "terms", index), trail, index, category)

    def items(self, container: dict, at: tuple, trail: list[str], key: str, what: str) -> list:
        """The list under ``key`` ('nodes' or 'terms'); anything else is reported and read as empty."""
        value = container.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            where = "node " + " > ".join(trail) if trail else "top level"
            self.report(where, _WrongShape((*at, key), f"'{key}' is {_kind(value)}; expected a list of {what}s"))
            return []
        return value

    def node(self, node: Any, at: tuple, trail: list[str], index: int) -> None:
        where = " > ".join([*trail, _name_or(node, f"#{index + 1}")])
        try:
            if not isinstance(node, dict):
                raise _WrongShape(at, f"is {_kind(node)}; expected a mapping with a name, a description and terms")
            name = _text(node, at, "name", required=True)
            node_id = _datahub_id(_text(node, at, "id"))
            description = _text(node, at, "description")
        except _WrongShape as error:
            self.report(f"node {where}", error)
            return
        node_trail = [*trail, name]
        node_id = node_id or slugify("-".join(node_trail))
        entry = {"id": node_id, "name": " / ".join(node_trail)}
        if description.strip():
            entry["description"] = " ".join(description.split())
        self.plan.categories.setdefault(node_id, entry)
        lost = sorted(k for k in ("owners", "knowledge_links", "custom_properties") if node.get(k))
        if lost:
            self.plan.notes.append(f"node {where}: {', '.join(lost)} not kept (categories have no such fields)")
        self.by_path[".".join(node_trail)] = ""
        self.walk(node, at, node_trail, node_id)

    def term(self, term: Any, at: tuple, trail: list[str], index: int, category: str | None) -> None:
        where = " > ".join([*trail, _name_or(term, f"#{index + 1}")])
        try:
            draft = _datahub_term(term, at, where, category, self.plan)
            relations = [(kind, _texts(term, at, kind, "term paths such as 'Funnel.Lead'")) for kind in RELATION_KINDS]
        except _WrongShape as error:
            self.report(f"term {where}", error)
            return
        if draft is None:
            return
        term_path = ".".join([*trail, draft.data["term"]])
        draft.keys.append(term_path)
        self.by_path[term_path] = draft.data["id"]
        self.plan.terms.append(draft)
        self.relations += [(draft, kind, targets) for kind, targets in relations if targets]


def _name_or(item: Any, fallback: str) -> str:
    """A node's or term's name for messages, whatever its shape."""
    name = item.get("name") if isinstance(item, dict) else None
    return name if isinstance(name, str) and name.strip() and not control_character(name) else fallback


def _kind(value: Any) -> str:
    """How a message names what it found: 'a list', 'a number', 'true/false'..."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list", str: "text"}.get(type(value), type(value).__name__)


def _text(mapping: dict, at: tuple, key: str, *, required: bool = False) -> str:
    """A text field: a string, or a number written without quotes; '' when absent."""
    value = mapping.get(key)
    if value is None or value == "":
        if required:
            raise _WrongShape(at, f"has no {key}")
        return ""
    if isinstance(value, str):
        control = control_character(value)
        if control:
            raise _WrongShape((*at, key), f"'{key}' holds the control character {control}; remove it")
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise _WrongShape((*at, key), f"'{key}' is {_kind(value)}; expected text (quote it if it is meant as text)")


def _texts(mapping: dict, at: tuple, key: str, expected: str) -> list[str]:
    """A list of text items ('inherits', 'users'...); [] when absent."""
    value = mapping.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _WrongShape((*at, key), f"'{key}' is {_kind(value)}; expected a list of {expected}")
    items = []
    for index, item in enumerate(value):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise _WrongShape((*at, key, index), f"'{key}' item {index + 1} is {_kind(item)}; expected {expected}")
        items.append(item)
    return items


def _qualify_repeated_names(plan: ImportPlan) -> None:
    """DataHub allows one name in two nodes ('Revenue' under Finance and Sales); a glossary page per name
    does not. Later ones get their node in brackets and their own id, in file order, and are reported."""
    seen: set[str] = set()
    for draft in plan.terms:
        key = slugify(draft.data["term"])
        if key in seen:
            trail = draft.origin.removeprefix("term ").split(" > ")
            node = trail[-2] if len(trail) > 1 else "top level"
            old_name = draft.data["term"]
            draft.data["term"] = f"{old_name} ({node})"
            if draft.data["id"] == key:
                draft.data["id"] = slugify(draft.data["term"])
            draft.keys.insert(0, draft.data["id"])
            plan.notes.append(f"{draft.origin}: the name '{old_name}' is taken; this term is '{draft.data['term']}'")
        seen.add(slugify(draft.data["term"]))


def _datahub_id(value: Any) -> str | None:
    """Our own export's ids ('gtm-glossary.lead') and plain ids come back as slugs; urns and guids do not."""
    if not value:
        return None
    text = str(value)
    text = text.removeprefix("urn:li:glossaryTerm:").removeprefix("urn:li:glossaryNode:")
    text = text.removeprefix(DATAHUB_ID_PREFIX).removeprefix("category.")
    if re.fullmatch(r"[0-9a-f]{32}", text):
        return None  # a generated guid says nothing; the name gives a readable id
    return slugify(text) or None


def _datahub_term(term: Any, at: tuple, where: str, category: str | None, plan: ImportPlan) -> Draft | None:
    """The draft for one term; a wrong shape raises :class:`_WrongShape`, a missing description is
    a problem (None)."""
    if not isinstance(term, dict):
        raise _WrongShape(at, f"is {_kind(term)}; expected a mapping with a name and a description")
    odd_key = next((key for key in term if not isinstance(key, str)), None)
    if odd_key is not None or None in term:
        raise _WrongShape((*at, odd_key), f"the key {odd_key!r} is not a field name; DataHub's fields are words")
    name = _text(term, at, "name", required=True).strip()
    description = _text(term, at, "description").strip()
    if not description:
        plan.problems.append(f"term {where}: has no description (DataHub requires one; it becomes the definition)")
        return None
    data: dict[str, Any] = {"term": name, "definition": description}
    if category:
        data["category"] = category
    if term.get("id") is not None:
        data["id"] = _datahub_id(_text(term, at, "id")) or ""
    properties = _properties(term.get("custom_properties"), (*at, "custom_properties"))
    for field_name in ("summary", "abbreviation", "status", "last_reviewed", "aliases"):
        text = _text(properties, (*at, "custom_properties"), field_name)
        properties.pop(field_name, None)
        if field_name == "aliases" and text:
            data["aliases"] = [a for a in LIST_SPLIT.split(text) if a]
        elif text:
            data[field_name] = text
    datahub = _kept_for_datahub(term, at, properties, data, plan, where)
    sources = _datahub_sources(term, at, plan)
    if sources:
        data["sources"] = sources
    return finish_draft(data, {"datahub": datahub} if datahub else {}, f"term {where}", plan)


def _kept_for_datahub(
    term: dict, at: tuple, properties: dict, data: dict, plan: ImportPlan, where: str
) -> dict[str, Any]:
    """What has no field of its own, kept verbatim under ``extensions.datahub`` (owners beyond one group,
    other custom properties, domain, term_source, unknown keys); the owner summary goes into ``data``."""
    owner, owner_detail = _owner(term.get("owners"), (*at, "owners"))
    if owner:
        data["owner"] = owner
    datahub: dict[str, Any] = {}
    if owner_detail:
        datahub["owners"] = owner_detail
    if properties:
        datahub["custom_properties"] = properties
    source_ref = _text(term, at, "source_ref")
    for name in ("domain", "term_source"):
        value = _text(term, at, name)
        if value and not (name == "term_source" and source_ref == DATAHUB_SOURCE_REF):
            datahub[name] = value
    unknown = sorted(set(term) - TERM_KEYS)
    for name in unknown:
        datahub[name] = term[name]
    if unknown:
        plan.notes.append(f"term {where}: {', '.join(unknown)} kept under extensions.datahub")
    return datahub


def _properties(value: Any, at: tuple) -> dict[str, Any]:
    """custom_properties as a map (DataHub's own example also writes a list of one-key maps)."""
    if value is None:
        return {}
    items = value if isinstance(value, list) else [value]
    merged: dict[str, Any] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            where = (*at, index) if isinstance(value, list) else at
            raise _WrongShape(where, f"'custom_properties' holds {_kind(item)}; expected a mapping of names to text")
        merged.update((str(key), item_value) for key, item_value in item.items())
    return merged


def _owner(owners: Any, at: tuple) -> tuple[str | None, Any]:
    """A one-group owner is our owner as is; anything richer is summarised and kept verbatim.

    DataHub writes ``{users: [...], groups: [...]}`` or a list of such with a ``type``.
    """
    if not owners:
        return None, None
    entries = owners if isinstance(owners, list) else [owners]
    users: list[str] = []
    groups: list[str] = []
    for index, entry in enumerate(entries):
        where = (*at, index) if isinstance(owners, list) else at
        if not isinstance(entry, dict):
            raise _WrongShape(
                where, f"'owners' holds {_kind(entry)}; expected a mapping such as {{groups: [sales-ops]}}"
            )
        users += _texts(entry, where, "users", "user names")
        groups += _texts(entry, where, "groups", "group names")
        _text(entry, where, "type")
    if len(groups) == 1 and not users and len(entries) == 1 and set(entries[0]) <= {"groups", "type"}:
        return groups[0], None
    names = [*groups, *users]
    return (", ".join(names) or None), owners


def _datahub_sources(term: dict, at: tuple, plan: ImportPlan) -> list[dict[str, str]]:
    """knowledge_links, source_ref and source_url as cited sources; every url must be a clean http(s) address."""
    links = _links(term, at)
    source_ref, source_url = _text(term, at, "source_ref"), _text(term, at, "source_url")
    if source_ref != DATAHUB_SOURCE_REF and (source_ref or source_url):
        links.insert(0, (source_ref or source_url, source_url, (*at, "source_url")))
    cited: list[dict[str, str]] = []
    for title, url, where in links:
        if url:
            _check_url(url, where)
        source_id = slugify(title) or slugify(url)
        if not source_id:
            raise _WrongShape(where, f"the source '{title}' has no letters or digits to make an id from")
        entry = {"id": source_id, "title": title}
        if url:
            entry["url"] = url
        plan.sources.setdefault(source_id, entry)
        if source_id not in [c["source"] for c in cited]:
            cited.append({"source": source_id})
    return cited


def _links(term: dict, at: tuple) -> list[tuple[str, str, tuple]]:
    """(title, url, where the url is) of each knowledge link: a mapping with a label, a url or both."""
    value = term.get("knowledge_links")
    if value is None:
        return []
    if not isinstance(value, list):
        raise _WrongShape((*at, "knowledge_links"), f"'knowledge_links' is {_kind(value)}; expected a list of links")
    links = []
    for index, link in enumerate(value):
        where = (*at, "knowledge_links", index)
        if not isinstance(link, dict):
            raise _WrongShape(where, f"knowledge link {index + 1} is {_kind(link)}; expected {{label: ..., url: ...}}")
        label, url = _text(link, where, "label").strip(), _text(link, where, "url")  # a url is checked, not trimmed
        if label or url:
            links.append((label or url, url, (*where, "url")))
    return links


def _check_url(url: str, where: tuple) -> None:
    """Refuse anything but a well-formed absolute http(s) address: it ends up as a link on the site."""
    reason = url_flaw(url)
    if reason:
        raise _WrongShape(
            where, f"the url {url[:80]!r} is refused: {reason}; write a full https:// address or remove it"
        )


def _datahub_relations(
    relations: list[tuple[Draft, str, list[str]]], by_path: dict[str, str], plan: ImportPlan
) -> None:
    """inherits -> broader (the first), related_terms/contains/values -> related; kinds kept in extensions."""
    by_name = {}
    for path, term_id in by_path.items():
        if term_id:
            by_name.setdefault(path.rsplit(".", 1)[-1].casefold(), term_id)
    for draft, kind, targets in relations:
        resolved = []
        for target in targets:
            term_id = by_path.get(target) or by_name.get(target.rsplit(".", 1)[-1].casefold())
            if term_id and term_id != draft.data["id"]:
                resolved.append(term_id)
            else:
                plan.notes.append(
                    f"{draft.origin}: {kind} '{target}' is not a term of this file; kept under extensions"
                )
                draft.data.setdefault("extensions", {}).setdefault("datahub", {}).setdefault(f"unresolved_{kind}", [])
                draft.data["extensions"]["datahub"][f"unresolved_{kind}"].append(target)
        if not resolved:
            continue
        if kind == "inherits":
            draft.data["broader"] = resolved[0]
            rest = resolved[1:]
            if rest:
                draft.data["extensions"] = draft.data.get("extensions") or {}
                draft.data["extensions"].setdefault("datahub", {})["inherits"] = resolved
                plan.notes.append(
                    f"{draft.origin}: inherits {counted(len(resolved), 'term')}; the first is its broader term"
                )
            continue
        related = draft.data.setdefault("related", [])
        related += [r for r in resolved if r not in related]
        if kind != "related_terms":
            draft.data["extensions"] = draft.data.get("extensions") or {}
            draft.data["extensions"].setdefault("datahub", {})[kind] = resolved
