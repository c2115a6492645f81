"""`glossary schema`, `init` and `new term`: starting and writing content."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from generator.checks.records import CheckOptions
from generator.commands.options import (
    EXIT_CONTENT,
    EXIT_OK,
    UsageError,
    add_project_option,
    load_glossary,
    project_root,
)
from generator.content.schema import SCHEMA_FILES, field_reference_markdown, load_schema
from generator.core.problems import format_problems
from generator.core.text import counted
from generator.pipeline import load_project


def run_schema(args: argparse.Namespace) -> int:
    if args.markdown:
        print(field_reference_markdown())
    else:
        print(json.dumps(load_schema(args.kind), indent=2, ensure_ascii=False))
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from generator.scaffold.new_project import InitError, init_project

    try:
        project = init_project(Path(args.directory), starter=args.starter)
    except InitError as error:
        raise UsageError(str(error)) from None
    print(
        f"created a glossary project in {project.root} ({counted(len(project.files), 'file')}); next, in that folder:"
    )
    for note in project.notes:
        print(f"  note: {note}")
    print("  glossary check --strict   # validate")
    print("  glossary build            # build the site into site/ (or `glossary serve` to preview it)")
    return EXIT_OK


def run_new_term(args: argparse.Namespace) -> int:
    from generator.core.config import ProjectConfig
    from generator.scaffold.term import term_file, write_new_file

    root = project_root(args.project)
    glossary = load_glossary(root)
    config = ProjectConfig.read(root)
    site_dir = config.get("site_dir")
    term_id, text = term_file(
        root,
        args.name,
        abbreviation=args.abbreviation,
        summary=args.summary,
        site_url=config.site_url,
        site_dir=site_dir if isinstance(site_dir, str) else None,
    )
    if not term_id:
        raise UsageError(f"'{args.name}' has no letters or digits to make an id from")
    for name in filter(None, (args.name, term_id, args.abbreviation)):
        existing = glossary.lookup(name)
        if existing is not None:
            raise UsageError(f"'{name}' is already a name of the term '{existing.id}' (glossary/{existing.id}.yaml)")
    path = root / "glossary" / f"{term_id}.yaml"
    try:
        write_new_file(path, text)
    except FileExistsError:
        raise UsageError(f"{path} already exists") from None
    result = load_project(root, CheckOptions())
    mine = [p for p in result.errors if p.path == f"glossary/{term_id}.yaml"]
    if mine:  # cannot happen with a sane template; never leave a broken file behind
        path.unlink()
        print(format_problems(mine, "text"))
        return EXIT_CONTENT
    print(f"wrote {path}: fill in the definition, sources and related terms, then run `glossary check`")
    return EXIT_OK


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The subcommands of this module, with their options."""
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a content file, or the field reference",
        description="Print the JSON Schema that validates one kind of content file (for editors and other "
        "tools), or with --markdown the field reference shown in README.md.",
    )
    schema.add_argument(
        "kind", nargs="?", choices=sorted(SCHEMA_FILES), default="term", help="which schema (default: term)"
    )
    schema.add_argument("--markdown", action="store_true", help="print the field reference of every kind as Markdown")
    schema.set_defaults(run=run_schema)

    init = commands.add_parser(
        "init",
        help="start a new glossary project in a new or empty folder",
        description="Create a project that passes `glossary check --strict` and builds: mkdocs.yml, a README, "
        ".gitignore, glossary/ with one example term, its source and category, playbooks/ with one playbook, "
        "and site_config/overrides (the Material theme fixes, the project's own to change). Never overwrites: "
        "the folder must be new or empty (a .git folder may be there).",
    )
    init.add_argument("directory", nargs="?", default=".", metavar="DIR", help="where to create it (default: .)")
    init.add_argument(
        "--starter",
        action="store_true",
        help="take the GTM starter content (about 45 terms, tactics, the classifier, playbooks) instead of one term",
    )
    init.set_defaults(run=run_init)

    new = commands.add_parser("new", help="start a new content file", description="Scaffold a new content file.")
    new_kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    new_term = new_kinds.add_parser(
        "term",
        help="a new glossary/<id>.yaml",
        description="Write glossary/<id>.yaml for a new term (id from the name), valid as written, with the "
        "schema comment that lets editors complete and check fields. Never overwrites a file.",
    )
    new_term.add_argument("name", help='the display name, e.g. "Marketing qualified lead"')
    new_term.add_argument("--abbreviation", default=None)
    new_term.add_argument("--summary", default=None, help="one plain sentence")
    add_project_option(new_term)
    new_term.set_defaults(run=run_new_term)
