"""``glossary import``: a spreadsheet (CSV) or a DataHub business glossary becomes a project.

Each importer turns its input into an :class:`ImportPlan`: term records (plain dicts in
the term schema), the categories and sources they need, the problems of items it cannot
take (named by line or by path) and notes about what it did (ids made unique, fields kept
under ``extensions``). :func:`write_plan` then checks the would-be project with the normal
pipeline in a temporary folder and writes only if it is valid (or, with ``keep_going``,
only the valid items), never overwriting a file unless asked to.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .export import FORMULA_STARTS
from .pipeline import load_project
from .text import slugify
from .validate import CheckOptions

#: A spreadsheet export larger than this is refused: split it (10,000 terms take about 8 MB).
MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CELL_CHARS = 100_000
LIST_SPLIT = re.compile(r"\s*(?:;|,|\n)\s*")
#: Column headings (case-insensitive, spaces/underscores/dashes alike) -> term field.
COLUMN_FIELDS = {
    "id": "id",
    "term": "term",
    "name": "term",
    "abbreviation": "abbreviation",
    "abbr": "abbreviation",
    "acronym": "abbreviation",
    "aliases": "aliases",
    "alias": "aliases",
    "synonyms": "aliases",
    "definition": "definition",
    "description": "definition",
    "summary": "summary",
    "category": "category",
    "related": "related",
    "related terms": "related",
    "broader": "broader",
    "owner": "owner",
    "status": "status",
    "last reviewed": "last_reviewed",
    "sources": "sources",
    "url": None,  # our own export's page links: derived, not imported
}
LIST_FIELDS = {"aliases", "related", "sources"}
STATUSES = {"draft", "approved", "deprecated"}
#: Our own DataHub export: ids carry this prefix and source_ref names the glossary itself.
DATAHUB_ID_PREFIX = "gtm-glossary."
DATAHUB_SOURCE_REF = "gtm-glossary"


class ImportError_(Exception):
    """The input cannot be read at all (not a file, not UTF-8, too large, not a glossary)."""


@dataclass
class Draft:
    """A term to write, and where it came from in the input (for messages)."""

    data: dict[str, Any]
    origin: str
    # names (id, name, aliases, paths) that other items use to refer to this one
    keys: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    terms: list[Draft] = field(default_factory=list)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # items that cannot be taken
    notes: list[str] = field(default_factory=list)  # what the import did on its own


@dataclass
class ImportReport:
    written: list[Path]
    problems: list[str]
    notes: list[str]
    skipped: list[str] = field(default_factory=list)


# --- CSV ----------------------------------------------------------------------------------------------


def read_text(path: Path, limit: int = MAX_CSV_BYTES) -> str:
    """The file as text: UTF-8 with or without a byte order mark; anything else is refused."""
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    size = path.stat().st_size
    if size > limit:
        raise ImportError_(
            f"{path}: {size / 1024 / 1024:.1f} MB is more than the {limit // 1024 // 1024} MB an import reads; "
            "split the file into smaller ones"
        )
    raw = path.read_bytes()
    try:
        return codecs.decode(raw, "utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportError_(
            f"{path}:{line}: not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "save the spreadsheet as 'CSV UTF-8'"
        ) from None


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon (Excel in many locales) or tab, from the header line."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def normalise_heading(heading: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", heading.strip().lower()).split())


def column_map(headings: list[str], overrides: dict[str, str]) -> dict[int, str | None]:
    """Column index -> term field (None: ignored); unknown columns map to 'extensions.<heading>'."""
    wanted = {normalise_heading(k): v for k, v in overrides.items()}
    mapping: dict[int, str | None] = {}
    for index, heading in enumerate(headings):
        key = normalise_heading(heading)
        if key in wanted:
            mapping[index] = wanted[key]
        elif key in COLUMN_FIELDS:
            mapping[index] = COLUMN_FIELDS[key]
        elif key:
            mapping[index] = f"extensions.{heading.strip()}"
    return mapping


def unescape_cell(cell: str) -> str:
    """Read back a cell our export protected: "'=x" was written for "=x"."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def from_csv(path: Path, overrides: dict[str, str] | None = None) -> ImportPlan:
    text = read_text(path)
    plan = ImportPlan()
    if not text.strip():
        raise ImportError_(f"{path}: the file is empty; expected a header row such as 'term,definition'")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        headings = next(reader)
    except csv.Error as error:
        raise ImportError_(f"{path}:1: {error}") from None
    mapping = column_map(headings, overrides or {})
    fields = set(mapping.values())
    if "term" not in fields:
        raise ImportError_(
            f"{path}:1: no column holds the term's name (looked for 'term' or 'name' in: {', '.join(headings)}); "
            "name the column, or map it with --map COLUMN=term"
        )
    if "definition" not in fields:
        raise ImportError_(
            f"{path}:1: no column holds the definition (looked for 'definition' or 'description'); "
            "map it with --map COLUMN=definition"
        )
    kept = sorted({m for m in mapping.values() if m and m.startswith("extensions.")})
    if kept:
        plan.notes.append(f"columns kept under extensions (no field of their own): {', '.join(k[11:] for k in kept)}")
    seen_names: dict[str, tuple[int, str]] = {}
    rows = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportError_(f"{path}:{line}: {error}") from None
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        draft = _row_to_draft(row, mapping, line, plan)
        if draft is None:
            continue
        name_key = slugify(draft.data["term"])
        if name_key in seen_names:
            first_line, first_name = seen_names[name_key]
            if first_name.casefold() == draft.data["term"].casefold():
                plan.problems.append(f"line {line}: '{draft.data['term']}' is already defined on line {first_line}")
            else:
                plan.problems.append(
                    f"line {line}: '{draft.data['term']}' and '{first_name}' (line {first_line}) would share the page "
                    f"glossary/{name_key}/; rename one of them"
                )
            continue
        seen_names[name_key] = (line, draft.data["term"])
        plan.terms.append(draft)
    if rows == 0:
        raise ImportError_(f"{path}: only a header row; no terms to import")
    _categories_by_name(plan)
    return plan


def _row_to_draft(row: list[str], mapping: dict[int, str | None], line: int, plan: ImportPlan) -> Draft | None:
    data: dict[str, Any] = {}
    extensions: dict[str, str] = {}
    for index, raw in enumerate(row):
        target = mapping.get(index)
        if target is None or not raw.strip():
            continue
        if len(raw) > MAX_CELL_CHARS:
            plan.problems.append(f"line {line}: a cell of {len(raw):,} characters is too long for a glossary")
            return None
        if raw.startswith(("=", "@")):
            plan.problems.append(
                f"line {line}: the {target} cell starts with '{raw[0]}', which a spreadsheet treats as a formula; "
                f"if it is text, write it as '{raw[:20]} (with a leading quote)"
            )
            return None
        value = unescape_cell(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
        if target.startswith("extensions."):
            extensions[target[11:]] = value
        elif target in LIST_FIELDS:
            data[target] = [item for item in LIST_SPLIT.split(value) if item]
        else:
            data[target] = value
    if not data.get("term"):
        plan.problems.append(f"line {line}: no term name")
        return None
    if not data.get("definition"):
        plan.problems.append(f"line {line}: '{data['term']}' has no definition")
        return None
    return _finish_draft(data, extensions, f"line {line}", plan)


def _finish_draft(data: dict[str, Any], extensions: dict[str, Any], origin: str, plan: ImportPlan) -> Draft | None:
    if "status" in data:
        data["status"] = data["status"].lower()
        if data["status"] not in STATUSES:
            plan.problems.append(f"{origin}: status '{data['status']}' is not one of {', '.join(sorted(STATUSES))}")
            return None
    if "last_reviewed" in data:
        try:
            dt.date.fromisoformat(data["last_reviewed"])
        except ValueError:
            plan.problems.append(f"{origin}: last reviewed '{data['last_reviewed']}' is not a date (YYYY-MM-DD)")
            return None
    if data.get("sources"):
        data["sources"] = [s if isinstance(s, dict) else {"source": slugify(s)} for s in data["sources"]]
    term_id = data.get("id") if data.get("id") and slugify(data["id"]) == data["id"] else slugify(data["term"])
    if not term_id:
        plan.problems.append(f"{origin}: '{data['term']}' has no letters or digits to make an id from")
        return None
    data["id"] = term_id
    if extensions:
        data["extensions"] = extensions
    keys = [data["id"], data["term"], *data.get("aliases", [])]
    if data.get("abbreviation"):
        keys.append(data["abbreviation"])
    return Draft(data, origin, keys)


def _categories_by_name(plan: ImportPlan) -> None:
    """A category cell may hold an id or a name: both become a registry entry."""
    for draft in plan.terms:
        name = draft.data.get("category")
        if name:
            category_id = slugify(name)
            draft.data["category"] = category_id
            plan.categories.setdefault(category_id, {"id": category_id, "name": name})


# --- DataHub ------------------------------------------------------------------------------------------


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
    draft = _finish_draft(data, {"datahub": datahub} if datahub else {}, f"term {where}", plan)
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


# --- writing -----------------------------------------------------------------------------------------


class _BlockDumper(yaml.SafeDumper):
    """Multi-line text as YAML block scalars (|), as people write definitions by hand."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any, schema: str | None = None) -> str:
    text = yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=110)
    return (f"# yaml-language-server: $schema={schema}\n" if schema else "") + text


FIELD_ORDER = (
    "id", "term", "abbreviation", "aliases", "status", "category", "summary", "definition",
    "broader", "related", "owner", "last_reviewed", "sources", "extensions",
)  # fmt: skip


def _unique_ids(plan: ImportPlan, taken: set[str]) -> None:
    """Make ids unique in input order: a second 'lead-score' becomes 'lead-score-2'; reported."""
    used = set(taken)
    for draft in plan.terms:
        base = draft.data["id"]
        if base not in used:
            used.add(base)
            continue
        number = 2
        while f"{base}-{number}" in used:
            number += 1
        draft.data["id"] = f"{base}-{number}"
        used.add(draft.data["id"])
        draft.keys.insert(0, draft.data["id"])
        plan.notes.append(f"{draft.origin}: id '{base}' is taken; this term gets '{draft.data['id']}'")


def _resolve_references(plan: ImportPlan, existing: dict[str, str]) -> None:
    """related/broader may name terms by id, name, alias or abbreviation: turn them into ids."""
    names = dict(existing)
    for draft in plan.terms:
        for key in draft.keys:
            names.setdefault(slugify(key), draft.data["id"])
    imported = {d.data["id"] for d in plan.terms}
    for draft in plan.terms:
        broader = draft.data.get("broader")
        if broader and broader not in imported:
            target = names.get(slugify(broader))
            if target:
                draft.data["broader"] = target
            else:
                plan.notes.append(f"{draft.origin}: broader term '{broader}' is unknown; kept under extensions")
                draft.data.setdefault("extensions", {})["unresolved_broader"] = draft.data.pop("broader")
        if "related" in draft.data:
            resolved, unknown = [], []
            for value in draft.data["related"]:
                target = names.get(slugify(value))
                if target and target != draft.data["id"]:
                    if target not in resolved:
                        resolved.append(target)
                elif not target:
                    unknown.append(value)
            if unknown:
                plan.notes.append(f"{draft.origin}: related {', '.join(unknown)} unknown; kept under extensions")
                draft.data.setdefault("extensions", {})["unresolved_related"] = unknown
            if resolved:
                draft.data["related"] = resolved
            else:
                draft.data.pop("related")


def _registry_entries(plan: ImportPlan, output: Path) -> tuple[dict[str, list], list[str]]:
    """The categories and sources registries with whatever the terms need added."""
    files: dict[str, list] = {}
    created = []
    for registry, key, needed in (
        ("_categories.yaml", "categories", _needed(plan, "category", plan.categories)),
        ("_sources.yaml", "sources", _needed(plan, "sources", plan.sources)),
    ):
        path = output / "glossary" / registry
        current = []
        if path.is_file():
            current = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or []
        have = {entry.get("id") for entry in current if isinstance(entry, dict)}
        new = [entry for entry_id, entry in needed.items() if entry_id not in have]
        if new:
            files[registry] = [*current, *new]
            created += [f"{key[:-1] if key != 'categories' else 'category'} '{e['id']}'" for e in new]
    return files, created


def _needed(plan: ImportPlan, field_name: str, known: dict[str, dict]) -> dict[str, dict]:
    needed: dict[str, dict] = {}
    for draft in plan.terms:
        values = draft.data.get(field_name)
        ids = [c["source"] if isinstance(c, dict) else c for c in values] if isinstance(values, list) else [values]
        if field_name == "sources" and isinstance(values, list):
            draft.data["sources"] = [c if isinstance(c, dict) else {"source": c} for c in values]
        for value in filter(None, ids):
            needed.setdefault(
                value, known.get(value) or {"id": value, ("title" if field_name == "sources" else "name"): value}
            )
    return needed


def planned_files(plan: ImportPlan, output: Path) -> tuple[dict[str, str], list[str]]:
    """Relative path -> text of every file the import would write, and the registry entries it adds."""
    files: dict[str, str] = {}
    schema = "../generator/schemas/term.schema.json" if (output / "generator").is_dir() else None
    for draft in plan.terms:
        ordered = {k: draft.data[k] for k in FIELD_ORDER if k in draft.data}
        files[f"glossary/{draft.data['id']}.yaml"] = dump_yaml(ordered, schema)
    registries, created = _registry_entries(plan, output)
    for registry, entries in registries.items():
        key = "categories" if registry == "_categories.yaml" else "sources"
        files[f"glossary/{registry}"] = dump_yaml({key: entries})
    if not (output / "mkdocs.yml").exists():
        files["mkdocs.yml"] = MKDOCS_YML
    return files, created


def write_plan(plan: ImportPlan, output: Path, *, force: bool = False, keep_going: bool = False) -> ImportReport:
    """Validate the would-be project, then write it: all or nothing, or the valid part with ``keep_going``."""
    existing_names = _existing_names(output)
    _unique_ids(plan, set())
    _resolve_references(plan, existing_names)
    skipped: list[str] = []
    problems = list(plan.problems)
    if problems and not keep_going:
        return ImportReport([], problems, plan.notes)
    while True:
        files, created = planned_files(plan, output)
        clashes = [p for p in files if (output / p).exists() and p.startswith("glossary/") and not _is_registry(p)]
        if clashes and not force:
            return ImportReport([], problems + [
                f"{p} already exists (from {_origin(plan, p)}); use --force to replace it" for p in clashes
            ], plan.notes)  # fmt: skip
        errors = _check_in_scratch(files, output)
        if not errors:
            break
        failing = {path for path, _ in errors}
        blamed = [d for d in plan.terms if f"glossary/{d.data['id']}.yaml" in failing]
        listed = [f"{_origin(plan, path)}: {message}" for path, message in errors]
        if not keep_going or not blamed:
            return ImportReport([], problems + listed, plan.notes)
        skipped += [f"{d.origin}: {m}" for d in blamed for path, m in errors if path == f"glossary/{d.data['id']}.yaml"]
        plan.terms = [d for d in plan.terms if d not in blamed]
        if not plan.terms:
            return ImportReport([], problems, plan.notes, skipped)
    written = []
    for relative, text in files.items():
        target = output / relative
        if target.exists() and not force and not _is_registry(relative):
            continue  # cannot happen: clashes were refused above
        _write_file(target, text)
        written.append(target)
    notes = plan.notes + ([f"added to the registries: {', '.join(created)}"] if created else [])
    return ImportReport(written, problems, notes, skipped)


def _is_registry(path: str) -> bool:
    return path in ("glossary/_categories.yaml", "glossary/_sources.yaml")


def _origin(plan: ImportPlan, path: str) -> str:
    for draft in plan.terms:
        if path == f"glossary/{draft.data['id']}.yaml":
            return draft.origin
    return path


def _existing_names(output: Path) -> dict[str, str]:
    """Names of terms already in the output project (slug -> id): references may point at them."""
    if not (output / "glossary").is_dir():
        return {}
    result = load_project(output, CheckOptions())
    if result.glossary is None:
        raise ImportError_(f"{output} already holds content with {len(result.errors)} error(s); fix it first")
    return {slugify(name): term.id for term in result.glossary.terms.values() for name in (*term.names, term.id)}


def _check_in_scratch(files: dict[str, str], output: Path) -> list[tuple[str, str]]:
    """Errors of the project as it would be after the import, by file, checked in a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="glossary-import-") as tmp:
        scratch = Path(tmp)
        for folder in ("glossary", "playbooks"):
            if (output / folder).is_dir():
                shutil.copytree(output / folder, scratch / folder)
        for relative, text in files.items():
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (scratch / "glossary").mkdir(exist_ok=True)
        result = load_project(scratch, CheckOptions())
    return [(p.path, f"{p.code}: {p.message}" + (f"; {p.hint}" if p.hint else "")) for p in result.errors]


def _write_file(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: mkdocs.yml for a project created by an import: `glossary build` works on it at once.
MKDOCS_YML = """\
# Written by `glossary import`. See the gtm-glossary README for every option.
site_name: Glossary
docs_dir: build/docs
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.instant, search.suggest, search.highlight, content.tooltips]
plugins:
  - search:
      separator: '[\\s\\-,:!=\\[\\]()"/]+'
  - glossary
extra_javascript: [assets/glossary/glossary.js, assets/glossary/classifier.js]
extra_css: [assets/glossary/glossary.css]
markdown_extensions: [tables, admonition, {toc: {permalink: true}}]
nav:
  - Home: index.md
  - Glossary A-Z: glossary/index.md
  - Tactics: tactics.md
  - Classifier: classifier.md
  - Playbooks: playbooks/index.md
  - Categories: categories/index.md
  - Sources: sources.md
validation:
  nav: {omitted_files: ignore}
  links: {not_found: warn, anchors: warn, unrecognized_links: warn}
"""
