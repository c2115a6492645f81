"""`glossary export`, `link`, `diff` and `import`: definitions travelling."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.checks.records import CheckOptions
from generator.commands.options import (
    EXIT_CONTENT,
    EXIT_OK,
    UsageError,
    add_path_argument,
    add_project_option,
    load_glossary,
    project_root,
    report_error,
    root_of,
    site_url_of,
    split_answer,
    write_atomically,
)
from generator.core.text import counted, json_text, one_line

if TYPE_CHECKING:
    from generator.model.glossary import Glossary
    from generator.site.render import Renderer


def run_export(args: argparse.Namespace) -> int:
    from generator.interop.export import ExportInput, export_text

    root = root_of(args)
    glossary = load_glossary(root)
    site_url = site_url_of(args, root)
    data = ExportInput(glossary, site_url, html=_lazy_field_html(glossary, site_url))
    text = export_text(args.format, data)
    if args.output is None:
        sys.stdout.write(text.removeprefix("\ufeff"))  # a byte order mark is for a file (Excel), not a pipe
    else:
        from generator.core.outputs import check_output_file
        from generator.interop.export import is_earlier_export

        check_output_file(args.output, root, is_own_output=lambda path: is_earlier_export(path, args.format))
        write_atomically(args.output, text)
        print(f"wrote {counted(len(glossary.terms), 'term')} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _lazy_field_html(glossary: Glossary, site_url: str | None) -> Callable[[str], str]:
    """A Markdown field as the site's data files show it (terms.json's ``definition_html``), links
    absolute with ``site_url``; the renderer is made only if a format asks for HTML."""

    @functools.cache
    def renderer() -> Renderer:
        from generator.site.render import Renderer

        return Renderer(glossary, site_url=site_url)

    base = site_url.rstrip("/") + "/" if site_url else ""
    return lambda value: renderer().html(value, base)


def run_link(args: argparse.Namespace) -> int:
    from generator.core.text import closest, name_key, slugify
    from generator.interop.export import term_link

    if args.check and args.term is not None:
        raise UsageError("give a TERM or --check FILE, not both")
    if not args.check and args.term is None:
        raise UsageError("give a TERM (glossary link MQL) or --check FILE.html")
    root = project_root(args.project)
    glossary = load_glossary(root)
    if args.check:
        return check_pages(args.check, glossary, _quiet_site_url(args, root))
    term = glossary.lookup(args.term)
    by_form = glossary.having_form(args.term)
    if term is None and len(by_form) > 1:
        which = ", ".join(f"'{t.term}' ({t.id})" for t in by_form)
        report_error(f"'{args.term}' is a form of more than one term: {which}; give the term's name or id")
        return EXIT_CONTENT
    if term is None and by_form:
        term = by_form[0]
    elif term is not None and any(t is not term for t in by_form):  # a name wins over another term's form
        others = ", ".join(f"'{t.term}' ({t.id})" for t in by_form if t is not term)
        print(f"glossary: note: '{one_line(args.term)}' is {term.id}; it is also a form of {one_line(others)}",
              file=sys.stderr)  # fmt: skip
    if term is None:
        names = {slugify(n): t.id for t in glossary.terms.values() for n in (*t.names, *t.forms, t.id)}
        match = closest(slugify(args.term), names)
        hint = f"; did you mean '{glossary.terms[names[match]].term}' ({names[match]})?" if match else ""
        report_error(f"no term is called '{args.term}'{hint}")
        return EXIT_CONTENT
    # The term's own spelling: its abbreviation when that is what was asked for ('mql' -> 'MQL'), else its name.
    abbreviation = term.abbreviation and name_key(args.term) == name_key(term.abbreviation)
    label = term.abbreviation if abbreviation else term.term
    print(term_link(term, label, args.format, site_url_of(args, root)))
    return EXIT_OK


def _quiet_site_url(args: argparse.Namespace, root: Path) -> str | None:
    """--site-url, else mkdocs.yml's: where a page's links to the glossary lead when it has no embed.js."""
    from generator.core.config import ProjectConfig
    from generator.interop.export import check_site_url

    try:
        return check_site_url(args.site_url or ProjectConfig.read(root).site_url)
    except ValueError as error:
        raise UsageError(str(error)) from None


def check_pages(files: list[Path], glossary: Glossary, site_url: str | None) -> int:
    """`glossary link --check FILE...`: each term a training page names (data-glossary, links to
    term pages, iframes of embed cards) that the glossary has no card for, at its line and column,
    with the closest name: exit 1 if there is one. A deprecated term is a warning, with the term to
    use instead: its card and its link still work (the card says it is deprecated), so exit 0."""
    from generator.model.glossary import Status
    from generator.site.embed_data import checked_mentions

    found = deprecated = 0
    for file in files:
        try:
            html = file.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise UsageError(f"cannot read {file}: {error.strerror or error}") from None
        for mention, term, match in checked_mentions(html, glossary, site_url):
            said = {
                "data-glossary": f'data-glossary="{mention.value}"',
                "link": f"a link to {mention.value}",
                "iframe": f"an iframe of {mention.value}",
            }[mention.kind]
            place = f"{file}:{mention.line}:{mention.column}"
            if term is None:
                hint = f'; did you mean "{match[0]}" ({match[1].term})?' if match else ""
                print(one_line(f"{place}: unknown term in {said}{hint}"))
                found += 1
            elif term.status is Status.DEPRECATED:
                successor = term.superseded_by
                instead = f'; use "{successor.id}" ({successor.term}) instead' if successor else ""
                print(one_line(f"{place}: warning: deprecated term in {said} ({term.term}){instead}"))
                deprecated += 1
    warned = f"; {counted(deprecated, 'deprecated term')} named (warnings only)" if deprecated else ""
    if found:
        print(f"glossary: {counted(found, 'unknown term')} in {counted(len(files), 'page')}{warned}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"glossary: every term in {counted(len(files), 'page')} is known{warned}", file=sys.stderr)
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from generator.interop.diff import DiffError, default_base, load_at_revision, semantic_diff, to_markdown

    root = project_root(args.project)
    options = CheckOptions()
    try:
        base = args.base or default_base(root)
        old = load_at_revision(root, base, options)
    except DiffError as error:
        raise UsageError(f"git: {error}") from None
    new = load_glossary(root)
    if old.glossary is None:
        errors = counted(len(old.errors), "error")
        print(f"glossary: the content at {one_line(base)} has {errors}; nothing to compare with", file=sys.stderr)
        return EXIT_OK
    changes = semantic_diff(old.glossary, new)
    if args.format == "json":
        print(json_text({"base": base, **changes}))
    else:
        print(to_markdown(changes, base))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from generator.interop.imports import ImportError_, write_plan
    from generator.interop.imports_csv import from_csv
    from generator.interop.imports_datahub import from_datahub

    overrides = dict(split_answer(item) for item in args.map)
    try:
        plan = from_csv(args.file, overrides) if args.kind == "csv" else from_datahub(args.file)
        report = write_plan(plan, args.output, force=args.force, keep_going=args.keep_going)
    except ImportError_ as error:
        report_error(error)
        print("nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    for note in report.notes:  # notes and problems quote the file's cells: one line each
        print(f"note: {one_line(note)}", file=sys.stderr)
    for problem in report.problems:
        print(one_line(f"{args.file}: {problem}"))
    for skipped in report.skipped:
        print(one_line(f"{args.file}: skipped {skipped}"))
    if not report.written:
        print("nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    terms = sum(1 for p in report.written if p.parent.name == "glossary" and not p.name.startswith("_"))
    print(
        f"wrote {counted(terms, 'term')} ({counted(len(report.written), 'file')}) into {args.output}", file=sys.stderr
    )
    return EXIT_CONTENT if report.problems or report.skipped else EXIT_OK


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The subcommands of this module, with their options."""
    from generator.interop.export import EXPORTERS

    formats = "; ".join(f"{name}: {exporter.description}" for name, exporter in EXPORTERS.items())
    export = commands.add_parser(
        "export",
        help=f"write the glossary as data ({', '.join(EXPORTERS)})",
        description=f"Write every term as data. {formats}. URLs are absolute when mkdocs.yml has site_url "
        "(or --site-url is given).",
    )
    add_path_argument(export)
    export.add_argument("--format", choices=tuple(EXPORTERS), default="json", help=formats)
    export.add_argument("--output", "-o", type=Path, default=None, metavar="FILE", help="write here (default: stdout)")
    export.add_argument("--site-url", default=None, metavar="URL", help="the site's address (default: from mkdocs.yml)")
    export.set_defaults(run=run_export)

    link = commands.add_parser(
        "link",
        help="print a link to a term for training material",
        description="Print a ready link to a term's page. TERM may be its id, name, abbreviation, alias or a "
        "former id (any case). Unknown terms fail with suggestions. With --check, list the terms a training "
        "page names (data-glossary, links to term pages, iframes of /embed/ cards) that the glossary does not "
        "know, and exit 1 if any; deprecated terms are warnings (exit 0), with the term to use instead.",
    )
    link.add_argument("term", nargs="?", default=None, help="id, name, abbreviation or alias, e.g. MQL")
    link.add_argument(
        "--check",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="HTML pages using embed.js or embed cards: list their unknown terms, each with the closest name "
        "(exit 1 if any), and warn of deprecated ones",
    )
    link.add_argument(
        "--format",
        choices=("url", "md", "html", "embed"),
        default="url",
        help="url; md: [name](url); html: <a href> with the summary as title; embed: an <iframe> card",
    )
    add_project_option(link)
    link.add_argument("--site-url", default=None, metavar="URL", help="the site's address (default: from mkdocs.yml)")
    link.set_defaults(run=run_link)

    diff = commands.add_parser(
        "diff",
        help="what a change means: terms added, removed, renamed, reworded; tactics reclassified",
        description="Compare the content at a git revision (default: the merge base with main) with the working "
        "tree and print Markdown for a pull-request comment (or JSON). Exit 0 whatever changed.",
    )
    diff.add_argument("base", nargs="?", default=None, metavar="BASE_REV", help="git revision to compare with")
    diff.add_argument("--format", choices=("md", "json"), default="md")
    add_project_option(diff)
    diff.set_defaults(run=run_diff)

    importer = commands.add_parser(
        "import",
        help="start or extend a project from a spreadsheet (CSV) or a DataHub business glossary",
        description="Turn a CSV export of a spreadsheet, or DataHub's business-glossary YAML, into "
        "glossary/*.yaml (plus the category and source registries) under --output. Everything is checked "
        "first: on any problem nothing is written (unless --keep-going). Existing files are never "
        "replaced without --force.",
    )
    importer.add_argument("kind", choices=("csv", "datahub"), help="what FILE is")
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument("--output", "-o", type=Path, required=True, metavar="DIR", help="project root to write into")
    importer.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                          help="CSV: read COLUMN as FIELD (term, definition, summary, aliases, ...)")  # fmt: skip
    importer.add_argument("--force", action="store_true", help="replace files that already exist")
    importer.add_argument("--keep-going", action="store_true", help="write the items that are valid, list the rest")
    importer.set_defaults(run=run_import)
