"""The content schemas, declared once as JSON Schema files in ``generator/schemas``.

The same files drive validation here, editor completion (``# yaml-language-server:
$schema=...``) and the field reference in the README, so they cannot drift apart.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

SCHEMA_FILES = {
    "term": "term.schema.json",
    "sources": "sources.schema.json",
    "categories": "categories.schema.json",
    "owners": "owners.schema.json",
    "tactics": "tactics.schema.json",
    "tables": "tactic-tables.schema.json",
    "playbook": "playbook.schema.json",
    "classifier": "classifier.schema.json",
}


@functools.cache
def _schema_text(kind: str) -> str:
    name = SCHEMA_FILES.get(kind, f"{kind}.schema.json")
    return resources.files("generator").joinpath("schemas", name).read_text("utf-8")


def load_schema(kind: str) -> dict[str, Any]:
    """The parsed JSON Schema for records of ``kind`` (a key of :data:`SCHEMA_FILES`), or of an
    export format ("terms-export": the format of terms.json).

    A fresh copy each time, so that no caller can change the schemas published on the site.
    """
    return json.loads(_schema_text(kind))


@functools.cache
def validator_for(kind: str):
    """A compiled Draft 2020-12 validator, with format checking (dates) switched on."""
    from jsonschema import Draft202012Validator

    schema = load_schema(kind)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def fast_validator_for(kind: str):
    """A compiled yes/no check (jsonschema-rs, written in Rust), with format checking on.

    Used as the fast path: a record it accepts is valid; only a record it rejects (or cannot
    take: a non-string key, a date object) is handed to :func:`validator_for`, which lists
    every error with its path. It accepts a valid term in ~4 us: 0.04 s for 10,000 terms,
    where fastjsonschema took 0.29 s and jsonschema 7 s (measured).
    """
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(kind), validate_formats=True)


def matches_schema(kind: str, data: Any) -> bool:
    """True if ``data`` is a valid record of ``kind`` (a key of :data:`SCHEMA_FILES`): the fast yes/no."""
    try:
        return fast_validator_for(kind).is_valid(data)
    except ValueError:  # a value JSON has no form for (jsonschema-rs converts to JSON first)
        return False


#: The record kinds documented in README.md, in order, with where they live.
DOCUMENTED_KINDS = (
    ("term", "Term: `glossary/<id>.yaml`"),
    ("term.perspective", "Perspective: an entry under a term's `perspectives:` (how one source defines the term)"),
    ("tactics", "Tactic: an entry under `tactics:` in `playbooks/tactics.yaml`"),
    ("tactics.intro", "Tactics intro: `intro:` in `playbooks/tactics.yaml` (the tactics index's opening text)"),
    ("tables", "Tactic table: an entry under `tables:` in `playbooks/tactic-tables.yaml`"),
    ("playbook", "Playbook: `playbooks/<id>.yaml`"),
    (
        "term.citation",
        "Citation: an entry under `sources:` of a term, tactic, playbook or classifier question, "
        "a table's `source`, an entry under a tactic's `overrides.sources` or the tactics intro's `sources`",
    ),
    ("sources.registry", "Source registry: `glossary/_sources.yaml` itself"),
    ("sources", "Source: an entry under `sources:` in `glossary/_sources.yaml`"),
    ("categories", "Category: an entry under `categories:` in `glossary/_categories.yaml`"),
    ("owners", "Team: an entry under `teams:` in `glossary/_owners.yaml`"),
    ("classifier", "Classifier question: an entry under `questions:` in `playbooks/classifier.yaml`"),
    ("classifier.answers", "Classifier answer: an entry under a question's `answers:`"),
    ("classifier.calibration", "Classifier calibration: `calibration:` in `playbooks/classifier.yaml`"),
)


def record_schema(kind: str) -> dict[str, Any]:
    """The schema of one record: the file itself, or one entry of a list file.

    ``classifier.answers`` names the list nested in each classifier question, ``classifier.calibration``
    the file's calibration block, ``term.citation`` a
    citation (``sourceRef``), ``term.perspective`` a term's perspective, ``tactics.intro`` the
    tactics file's intro, ``sources.registry`` the source registry file itself.
    """
    kind, _, nested = kind.partition(".")
    schema = load_schema(kind)
    if nested == "citation":  # the same in every schema that cites
        return schema["$defs"]["sourceRef"]
    if nested == "perspective":
        return schema["$defs"]["perspective"]
    if kind == "tactics" and nested == "intro":  # a block of the file, not a list's entry
        return schema["properties"]["intro"]
    if nested == "registry":
        return schema
    if kind in ("term", "playbook"):
        return schema
    if kind == "classifier" and nested == "calibration":  # a block of the file, not a list's entry
        return schema["properties"]["calibration"]
    if kind == "classifier":
        schema = schema["properties"]["questions"]["items"]
        return schema["properties"][nested]["items"] if nested else schema
    # a list file's records are the items of its one list of objects (the sources file also names a
    # folder, the owners registry lists its maintainers' ids)
    return next(
        spec["items"]
        for spec in schema["properties"].values()
        if spec.get("type") == "array" and spec["items"].get("type") == "object"
    )


def signal_values() -> dict[str, list[str]]:
    """The signals a tactic can carry and the values of each, as the tactics schema declares them."""
    signals = record_schema("tactics")["properties"]["signals"]["properties"]
    return {name: list(spec["enum"]) for name, spec in signals.items()}


def field_reference_markdown() -> str:
    """The README's field reference, generated from the schemas (``glossary schema --markdown``)."""
    lines = []
    for kind, heading in DOCUMENTED_KINDS:
        schema = record_schema(kind)
        required = set(schema.get("required", []))
        lines += [f"#### {heading}", "", "| field | required | meaning |", "|---|---|---|"]
        for name, spec in schema["properties"].items():
            meaning = spec.get("description", "").replace("|", "/")
            lines.append(f"| `{name}` | {'yes' if name in required else ''} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
