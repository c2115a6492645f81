"""``glossary import``: what the importers share, and writing their result into a project.

Each importer (:mod:`.imports_csv`, :mod:`.imports_datahub`) turns its input into an
:class:`ImportPlan`: term records (plain dicts in the term schema), the categories and
sources they need, the problems of items it cannot take (named by line or by path) and
notes about what it did (ids made unique, fields kept under ``extensions``).
:func:`write_plan` then checks the would-be project with the normal pipeline in a
temporary folder and writes only if it is valid (or, with ``keep_going``, only the valid
items), never overwriting a file unless asked to.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.checks.records import CheckOptions
from generator.content.yaml_reader import YAML_LOADER, parse_document
from generator.core.config import CONFIG_FILE, IMPORTED_PROJECT_CONFIG
from generator.core.text import counted, slugify
from generator.pipeline import load_project

LIST_SPLIT = re.compile(r"\s*(?:;|,|\n)\s*")
STATUSES = {"draft", "approved", "deprecated"}
#: Control characters no glossary text holds (tab and line breaks are text); a NUL or an escape
#: sequence in a cell is a sign of a binary or corrupted export, not of a definition.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def control_character(text: str) -> str | None:
    """The first control character in ``text`` as 'U+0000', or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def finish_draft(data: dict[str, Any], extensions: dict[str, Any], origin: str, plan: ImportPlan) -> Draft | None:
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


def _registry_entries(plan: ImportPlan, output: Path) -> tuple[dict[str, str], list[str]]:
    """The text of each registry the terms need entries added to, and what was added."""
    files: dict[str, str] = {}
    created = []
    schema_folder = "../generator/schemas/" if (output / "generator").is_dir() else None
    for registry, key, needed in (
        ("_categories.yaml", "categories", _needed(plan, "category", plan.categories)),
        ("_sources.yaml", "sources", _needed(plan, "sources", plan.sources)),
    ):
        path = output / "glossary" / registry
        text = path.read_bytes().decode("utf-8") if path.is_file() else None
        current = (parse_document(text.removeprefix("\ufeff"))[0] or {}) if text is not None else {}
        have = {entry.get("id") for entry in current.get(key) or [] if isinstance(entry, dict)}
        new = [entry for entry_id, entry in needed.items() if entry_id not in have]
        if not new:
            continue
        if text is None:
            files[registry] = dump_yaml({key: new}, schema_folder and f"{schema_folder}{key}.schema.json")
        else:
            files[registry] = _appended_or_refused(path, text, key, new)
        created += [f"{key[:-1] if key != 'categories' else 'category'} '{e['id']}'" for e in new]
    return files, created


def _appended_or_refused(path: Path, text: str, key: str, entries: list[dict]) -> str:
    """``text`` with ``entries`` added to its ``key`` list, or a clear refusal: a registry is hand-written,
    and rewriting it would lose its comments, its schema line and its layout."""
    grown = append_entries(text, key, entries)
    if grown is None:
        raise ImportError_(
            f"{path}: cannot add {counted(len(entries), 'entry', 'entries')} to its '{key}:' list without rewriting "
            "the file "
            f"(the list is written in an unusual layout); add them by hand, then import again:\n" + dump_yaml(entries)
        )
    return grown


def append_entries(text: str, key: str, entries: list[dict]) -> str | None:
    """``text`` (a registry) with ``entries`` appended to the list under ``key``, every existing byte kept.

    The new entries are written in the list's own indentation after its last entry (or, for an
    empty or missing list, as a new block list). Each candidate is parsed again and taken only if
    it reads as the old entries followed by the new ones; None if no candidate does.
    """
    bom, body = ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
    newline = "\r\n" if "\r\n" in body else "\n"
    current = parse_document(body)[0] or {}
    expected = {**current, key: [*(current.get(key) or []), *entries]}
    for candidate in _insertions(body, key, entries, newline):
        try:
            if parse_document(candidate)[0] == expected:
                return bom + candidate
        except Exception:  # noqa: BLE001 - a candidate that does not parse is simply not taken
            continue
    return None


def _insertions(body: str, key: str, entries: list[dict], newline: str) -> Iterator[str]:
    """Ways to add ``entries`` to the ``key`` list of ``body``, the most natural first."""
    root = yaml.compose(body, Loader=YAML_LOADER)  # the project check accepted this file: no aliases or tags
    value = next((v for k, v in (root.value if isinstance(root, yaml.MappingNode) else []) if k.value == key), None)
    separator = newline if body and not body.endswith(("\n", "\r")) else ""
    if value is None:  # no list yet: a new key at the end
        yield body + separator + f"{key}:{newline}" + _block(entries, 2, newline)
        return
    start, end = value.start_mark.index, value.end_mark.index
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        block = _block(entries, value.start_mark.column, newline)
        # At the list's end: for a registry (one list, the whole file) that is the end of the file, so
        # the old text stays a prefix of the new; failing that, after the last entry's last line.
        yield body[:end] + ("" if body[:end].endswith("\n") else newline) + block + body[end:]
        after_last = _end_of_last_content_line(body, end)
        yield body[:after_last] + ("" if body[:after_last].endswith("\n") else newline) + block + body[after_last:]
    elif isinstance(value, yaml.SequenceNode) and value.value:  # [a, b]: one more item in the brackets
        items = ", ".join(json.dumps(entry, ensure_ascii=False) for entry in entries)
        yield body[: end - 1] + ", " + items + body[end - 1 :]
    else:  # "key: []" or "key:" with nothing: the value becomes a block list
        yield body[:start] + newline + _block(entries, 2, newline).rstrip("\r\n") + body[end:]


def _block(entries: list[dict], indent: int, newline: str) -> str:
    """``entries`` as a block list whose dashes stand at column ``indent`` (0-based)."""
    text = yaml.dump(entries, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=110)
    return "".join((" " * indent + line if line.strip() else line) + newline for line in text.splitlines())


def _end_of_last_content_line(body: str, end: int) -> int:
    """Where the line after the last line before ``end`` that is neither blank nor a comment starts:
    a comment after a list belongs to what follows it."""
    lines = body[:end].splitlines(keepends=True)
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return sum(len(line) for line in lines)


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
    for registry, text in registries.items():
        files[f"glossary/{registry}"] = text
    if not (output / CONFIG_FILE).exists():
        files[CONFIG_FILE] = IMPORTED_PROJECT_CONFIG
    return files, created


def _refuse_a_content_folder(output: Path) -> None:
    """``--output`` names a project root; given its glossary/ folder by mistake, the import would
    write glossary/glossary/<id>.yaml and an mkdocs.yml among the terms."""
    folder = output.resolve()
    if folder.name in ("glossary", "playbooks") and (folder.parent / CONFIG_FILE).is_file():
        raise ImportError_(
            f"{output} is the {folder.name}/ folder of a project; give the project's own folder ({folder.parent})"
        )


def write_plan(plan: ImportPlan, output: Path, *, force: bool = False, keep_going: bool = False) -> ImportReport:
    """Validate the would-be project, then write it: all or nothing, or the valid part with ``keep_going``."""
    _refuse_a_content_folder(output)
    existing_names = _existing_names(output)
    _unique_ids(plan, set())
    _resolve_references(plan, existing_names)
    skipped: list[str] = []
    problems = list(plan.problems)
    if problems and not keep_going:
        return ImportReport([], problems, plan.notes)
    if not plan.terms:  # nothing valid to write: not even an mkdocs.yml into an empty folder
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
        raise ImportError_(f"{output} already holds content with {counted(len(result.errors), 'error')}; fix it first")
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
    """Write ``text`` atomically (a temporary file beside it, then a rename), byte for byte (no newline
    translation), with the permissions the file had (a new file: the usual ones, not mkstemp's 0600)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
