"""``glossary new term``: a valid term file to start from, wired to its JSON Schema for editors."""

from __future__ import annotations

import os
from pathlib import Path

from generator.core.text import PLACEHOLDER_DEFINITION, PLACEHOLDER_SUMMARY, slugify

TERM_TEMPLATE = """\
{schema_line}# A new term. Editors with YAML support (VS Code with the YAML extension, JetBrains IDEs)
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


TERM_SCHEMA = "term.schema.json"


def schema_reference(project: Path, site_url: str | None, site_dir: str | None = None) -> str | None:
    """Where an editor finds the term schema, written so that it holds on every clone: the
    project's own copy (a checkout of this repository), else the copy the site publishes at
    ``site_url``, else the built site's copy (``site_dir``, relative to the term's folder: there
    after ``glossary build``). Never a path of this machine (the installed package's folder);
    None when the built site lies outside the project."""
    if (project / "generator" / "schemas" / TERM_SCHEMA).is_file():
        return f"../generator/schemas/{TERM_SCHEMA}"
    if site_url:
        return site_url.rstrip("/") + f"/schemas/{TERM_SCHEMA}"
    built = (project / (site_dir or "site") / "schemas" / TERM_SCHEMA).resolve()
    if not built.is_relative_to(project.resolve()):
        return None
    return Path(os.path.relpath(built, (project / "glossary").resolve())).as_posix()


def schema_line(schema: str | None) -> str:
    """The modeline YAML editors read (VS Code's YAML extension, JetBrains IDEs), or nothing."""
    return f"# yaml-language-server: $schema={schema}\n" if schema else ""


def _yaml_text(text: str) -> str:
    """A one-line YAML string, quoted so that any text stays text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def term_file(
    project: Path,
    name: str,
    *,
    abbreviation: str | None,
    summary: str | None,
    site_url: str | None,
    site_dir: str | None = None,
) -> tuple[str, str]:
    """(term id, file text) for a new term called ``name``."""
    term_id = slugify(name)
    text = TERM_TEMPLATE.format(
        schema_line=schema_line(schema_reference(project, site_url, site_dir)),
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
