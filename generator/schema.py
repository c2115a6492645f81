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
    "tactics": "tactics.schema.json",
    "tables": "tactic-tables.schema.json",
    "playbook": "playbook.schema.json",
}


@functools.cache
def load_schema(kind: str) -> dict[str, Any]:
    """The parsed JSON Schema for records of ``kind`` (a key of :data:`SCHEMA_FILES`)."""
    text = resources.files("generator").joinpath("schemas", SCHEMA_FILES[kind]).read_text("utf-8")
    return json.loads(text)


@functools.cache
def validator_for(kind: str):
    """A compiled Draft 2020-12 validator, with format checking (dates) switched on."""
    from jsonschema import Draft202012Validator

    schema = load_schema(kind)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
