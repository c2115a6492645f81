"""``glossary import csv``: a spreadsheet's export becomes an :class:`~.imports.ImportPlan`."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import Any

from generator.core.text import slugify
from generator.interop.export import from_spreadsheet
from generator.interop.imports import LIST_SPLIT, Draft, ImportError_, ImportPlan, control_character, finish_draft

#: A spreadsheet export larger than this is refused: split it (10,000 terms take about 8 MB).
MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CELL_CHARS = 100_000
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


def duplicate_columns(headings: list[str], mapping: dict[int, str | None]) -> str | None:
    """Two columns that fill one field ('term' and 'Name', a heading given twice): the second would
    silently replace the first in every row. Says which, or None."""
    first: dict[str, int] = {}
    for index, target in sorted(mapping.items()):
        if target is None:
            continue
        if target in first:
            other = first[target]
            return (
                f"columns {other + 1} ('{headings[other].strip()}') and {index + 1} ('{headings[index].strip()}') "
                f"both fill '{target}'; rename or delete one of them (or --map it to another field)"
            )
        first[target] = index
    return None


def from_csv(path: Path, overrides: dict[str, str] | None = None) -> ImportPlan:
    text = read_text(path)
    plan = ImportPlan()
    if not text.strip():
        raise ImportError_(f"{path}: the file is empty; expected a header row such as 'term,definition'")
    # strict: a quote that is never closed is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    try:
        headings = next(reader)
    except csv.Error as error:
        raise ImportError_(f"{path}:1: {error}") from None
    mapping = column_map(headings, overrides or {})
    duplicate = duplicate_columns(headings, mapping)
    if duplicate:
        raise ImportError_(f"{path}:1: {duplicate}")
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
            raise ImportError_(f"{path}:{line}: {_csv_error(error)}") from None
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        draft = _row_to_draft(row, mapping, line, plan) if _row_fits(row, headings, line, plan) else None
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


def _csv_error(error: csv.Error) -> str:
    """The csv module's words, said as what to fix."""
    text = str(error)
    if "unexpected end of data" in text:
        return 'a quoted cell starting on this line is never closed; add the closing " or remove the opening one'
    if "field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters; a glossary cell is much shorter"
    if "expected after" in text:
        return f'{text}: a quote inside a quoted cell is written twice ("")'
    return text


def _row_fits(row: list[str], headings: list[str], line: int, plan: ImportPlan) -> bool:
    """A cell beyond the header row, or under a column without a heading, would be lost: refuse the row."""
    for index, cell in enumerate(row):
        if cell.strip() and (index >= len(headings) or not headings[index].strip()):
            where = f"column {index + 1} has no heading" if index < len(headings) else (
                f"the row has {len(row)} cells but the header row {len(headings)}"
            )  # fmt: skip
            plan.problems.append(
                f"line {line}: {where} ('{cell.strip()[:30]}' would be lost); "
                "quote cells that hold the separator, or give the column a heading"
            )
            return False
    return True


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
        if raw.lstrip().startswith(("=", "@")):
            start = raw.lstrip()
            plan.problems.append(
                f"line {line}: the {target} cell starts with '{start[0]}', which a spreadsheet treats as a formula; "
                f"if it is text, write it as '{start[:20]} (with a leading quote)"
            )
            return None
        control = control_character(raw)
        if control:
            plan.problems.append(
                f"line {line}: the {target} cell holds the control character {control}; "
                "remove it (the file may not be a text export)"
            )
            return None
        value = from_spreadsheet(raw).replace("\r\n", "\n").replace("\r", "\n").strip()  # without our export's quote
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
    return finish_draft(data, extensions, f"line {line}", plan)


def _categories_by_name(plan: ImportPlan) -> None:
    """A category cell may hold an id or a name: both become a registry entry."""
    for draft in plan.terms:
        name = draft.data.get("category")
        if name:
            category_id = slugify(name)
            draft.data["category"] = category_id
            plan.categories.setdefault(category_id, {"id": category_id, "name": name})
