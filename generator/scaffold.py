"""``glossary new term``: a valid term file to start from, wired to its JSON Schema for editors."""

from __future__ import annotations

import os
from pathlib import Path

from .text import PLACEHOLDER_DEFINITION, PLACEHOLDER_SUMMARY, slugify

TERM_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new term. Editors with YAML support (VS Code with the YAML extension, JetBrains IDEs)
# complete and check the fields as you type. Then run `glossary check`.
id: {id}
term: {term}
status: draft
summary: {summary}
definition: |
  {definition}
{abbreviation}# aliases: [other names readers search for]
# category: an id from glossary/_categories.yaml
# related: [ids of related terms]
# sources:
#   - {{source: an id from glossary/_sources.yaml, locator: "where in the source"}}
"""


def schema_reference(project: Path, site_url: str | None) -> str:
    """Where an editor finds the term schema: the project's own copy, else the published one."""
    local = project / "generator" / "schemas" / "term.schema.json"
    if local.is_file():
        return "../generator/schemas/term.schema.json"
    if site_url:
        return site_url.rstrip("/") + "/schemas/term.schema.json"
    from importlib import resources

    return resources.files("generator").joinpath("schemas", "term.schema.json").as_uri()


def _yaml_text(text: str) -> str:
    """A one-line YAML string, quoted so that any text stays text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def term_file(
    project: Path, name: str, *, abbreviation: str | None, summary: str | None, site_url: str | None
) -> tuple[str, str]:
    """(term id, file text) for a new term called ``name``."""
    term_id = slugify(name)
    text = TERM_TEMPLATE.format(
        schema=schema_reference(project, site_url),
        id=term_id,
        term=_yaml_text(" ".join(name.split())),
        summary=_yaml_text(summary or PLACEHOLDER_SUMMARY.format(name=name.strip())),
        definition=PLACEHOLDER_DEFINITION,
        abbreviation=f"abbreviation: {_yaml_text(abbreviation)}\n" if abbreviation else "# abbreviation: MQL\n",
    )
    return term_id, text


def write_new_file(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; never overwrite (O_EXCL), so two editors cannot clobber a term."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
