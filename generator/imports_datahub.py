"""``glossary import datahub``: a DataHub business glossary becomes an :class:`~.imports.ImportPlan`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .imports import LIST_SPLIT, Draft, ImportError_, ImportPlan, finish_draft
from .imports_csv import read_text
from .text import slugify

#: Our own DataHub export: ids carry this prefix and source_ref names the glossary itself.
DATAHUB_ID_PREFIX = "gtm-glossary."
DATAHUB_SOURCE_REF = "gtm-glossary"


def from_datahub(path: Path) -> ImportPlan:
    """DataHub's business-glossary YAML: nodes -> categories, terms -> terms, relations kept by kind."""
    text = read_text(path)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ImportError_(f"{path}: not valid YAML: {error}") from None
    if not isinstance(document, dict) or ("nodes" not in document and "terms" not in document):
        raise ImportError_(f"{path}: not a DataHub business glossary (no 'nodes' or 'terms' at the top)")
    if str(document.get("version", "1")) != "1":
        raise ImportError_(f"{path}: business glossary version {document['version']!r}; only version 1 is known")
    plan = ImportPlan()
    by_path: dict[str, str] = {}
    relations: list[tuple[Draft, str, list[str]]] = []
    for key in sorted(set(document) - {"version", "source", "owners", "url", "nodes", "terms"}):
        plan.notes.append(f"top-level '{key}' has no counterpart and was not imported")

    def walk(container: dict, trail: list[str], category: str | None) -> None:
        for number, node in enumerate(container.get("nodes") or []):
            where = " > ".join([*trail, str(node.get("name", f"node {number + 1}"))])
            if not isinstance(node, dict) or not node.get("name"):
                plan.problems.append(f"node {where}: has no name")
                continue
            node_trail = [*trail, str(node["name"])]
            node_id = _datahub_id(node.get("id")) or slugify("-".join(node_trail))
            entry = {"id": node_id, "name": " / ".join(node_trail)}
            if node.get("description"):
                entry["description"] = " ".join(str(node["description"]).split())
            plan.categories.setdefault(node_id, entry)
            lost = sorted(k for k in node if k in ("owners", "knowledge_links", "custom_properties") and node[k])
            if lost:
                plan.notes.append(f"node {where}: {', '.join(lost)} not kept (categories have no such fields)")
            by_path[".".join(node_trail)] = ""
            walk(node, node_trail, node_id)
        for number, term in enumerate(container.get("terms") or []):
            where = " > ".join([*trail, str(term.get("name", f"term {number + 1}")) if isinstance(term, dict) else "?"])
            draft = _datahub_term(term, where, category, plan)
            if draft is None:
                continue
            term_path = ".".join([*trail, str(term["name"])])
            draft.keys.append(term_path)
            by_path[term_path] = draft.data["id"]
            plan.terms.append(draft)
            for kind in ("inherits", "related_terms", "contains", "values"):
                if term.get(kind):
                    relations.append((draft, kind, [str(v) for v in term[kind]]))

    walk(document, [], None)
    _qualify_repeated_names(plan)
    _datahub_relations(relations, by_path, plan)
    return plan


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


def _datahub_term(term: Any, where: str, category: str | None, plan: ImportPlan) -> Draft | None:
    if not isinstance(term, dict) or not term.get("name"):
        plan.problems.append(f"term {where}: has no name")
        return None
    if not str(term.get("description") or "").strip():
        plan.problems.append(f"term {where}: has no description (DataHub requires one; it becomes the definition)")
        return None
    data: dict[str, Any] = {"term": str(term["name"]), "definition": str(term["description"]).strip()}
    if category:
        data["category"] = category
    if term.get("id"):
        data["id"] = _datahub_id(term["id"]) or ""
    properties = {str(k): v for k, v in _properties(term.get("custom_properties")).items()}
    for name in ("summary", "abbreviation", "status", "last_reviewed"):
        if properties.get(name):
            data[name] = str(properties.pop(name))
    if properties.get("aliases"):
        data["aliases"] = [a for a in LIST_SPLIT.split(str(properties.pop("aliases"))) if a]
    owner, owner_detail = _owner(term.get("owners"))
    if owner:
        data["owner"] = owner
    datahub: dict[str, Any] = {}
    if owner_detail:
        datahub["owners"] = owner_detail
    if properties:
        datahub["custom_properties"] = properties
    for name in ("domain", "term_source"):
        if term.get(name) and not (name == "term_source" and term.get("source_ref") == DATAHUB_SOURCE_REF):
            datahub[name] = term[name]
    sources = _datahub_sources(term, plan)
    if sources:
        data["sources"] = sources
    unknown = sorted(
        set(term)
        - {"id", "name", "description", "custom_properties", "owners", "domain", "term_source", "source_ref"}
        - {"source_url", "knowledge_links", "inherits", "related_terms", "contains", "values"}
    )
    for name in unknown:
        datahub[name] = term[name]
    if unknown:
        plan.notes.append(f"term {where}: {', '.join(unknown)} kept under extensions.datahub")
    draft = finish_draft(data, {"datahub": datahub} if datahub else {}, f"term {where}", plan)
    return draft


def _properties(value: Any) -> dict[str, Any]:
    """custom_properties as a map (DataHub's own example also writes a list of one-key maps)."""
    if isinstance(value, dict):
        return dict(value)
    merged: dict[str, Any] = {}
    for item in value or []:
        if isinstance(item, dict):
            merged.update(item)
    return merged


def _owner(owners: Any) -> tuple[str | None, Any]:
    """A one-group owner is our owner as is; anything richer is summarised and kept verbatim."""
    if not owners:
        return None, None
    entries = owners if isinstance(owners, list) else [owners]
    users = [str(u) for e in entries if isinstance(e, dict) for u in e.get("users") or []]
    groups = [str(g) for e in entries if isinstance(e, dict) for g in e.get("groups") or []]
    if len(groups) == 1 and not users and len(entries) == 1 and set(entries[0]) <= {"groups", "type"}:
        return groups[0], None
    names = [*groups, *users]
    return (", ".join(names) or None), owners


def _datahub_sources(term: dict, plan: ImportPlan) -> list[dict[str, str]]:
    cited = []
    links = list(term.get("knowledge_links") or [])
    if term.get("source_url") and term.get("source_ref") != DATAHUB_SOURCE_REF:
        links.insert(0, {"label": term.get("source_ref") or term["source_url"], "url": term["source_url"]})
    elif term.get("source_ref") and term.get("source_ref") != DATAHUB_SOURCE_REF:
        links.insert(0, {"label": term["source_ref"]})
    for link in links:
        if not isinstance(link, dict) or not (link.get("label") or link.get("url")):
            continue
        title = str(link.get("label") or link.get("url"))
        source_id = slugify(title) or slugify(str(link.get("url")))
        entry = {"id": source_id, "title": title}
        if link.get("url") and re.match(r"https?://", str(link["url"])):
            entry["url"] = str(link["url"])
        plan.sources.setdefault(source_id, entry)
        if source_id not in [c["source"] for c in cited]:
            cited.append({"source": source_id})
    return cited


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
                plan.notes.append(f"{draft.origin}: inherits {len(resolved)} terms; the first is its broader term")
            continue
        related = draft.data.setdefault("related", [])
        related += [r for r in resolved if r not in related]
        if kind != "related_terms":
            draft.data["extensions"] = draft.data.get("extensions") or {}
            draft.data["extensions"].setdefault("datahub", {})[kind] = resolved
