"""The ``glossary`` command: arguments and exit codes only; the work is in the stages.

Exit codes: 0 clean, 1 content errors (or warnings with --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.checks.quotes import ENV_VAR, OPTION
from generator.checks.records import DEFAULT_MAX_REVIEW_AGE_DAYS, CheckOptions
from generator.checks.sources_lock import LOCK_FILE
from generator.content.schema import SCHEMA_FILES, field_reference_markdown, load_schema
from generator.core.problems import ContentError, GlossaryError, format_problems
from generator.core.text import counted, json_text, one_line
from generator.pipeline import check_project, load_project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or paths: exit code 2 with the message."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glossary", description="Validate and publish the go-to-market glossary kept as YAML in git."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate the content and report every problem with file:line",
        description="Validate glossary/*.yaml and playbooks/*.yaml. Exit 0 when clean, 1 on content errors "
        "(or warnings with --strict), 2 on usage errors.",
    )
    add_path_argument(check)
    check.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="text: file:line:col lines; github: workflow annotations on PR lines; json: a list",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--max-review-age",
        type=int,
        default=DEFAULT_MAX_REVIEW_AGE_DAYS,
        metavar="DAYS",
        help=f"warn when last_reviewed is older than this (default: {DEFAULT_MAX_REVIEW_AGE_DAYS})",
    )
    check.add_argument(
        "--today",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date review ages are counted to (default: today); for reproducible CI runs",
    )
    add_stored_copies_option(check)
    check.set_defaults(run=run_check)

    build = commands.add_parser(
        "build",
        help="validate, render and build the site with MkDocs",
        description="Validate the content (nothing is written if it has errors), render the pages and "
        "build the site with MkDocs, each file written once (the pages go to MkDocs in memory; "
        "`glossary generate` writes them to build/docs). The previous site is replaced only when the "
        "new one is complete.",
    )
    add_path_argument(build)
    build.add_argument("--site-dir", type=Path, default=None, metavar="DIR", help="output folder (default: PATH/site)")
    build.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="the site generator: MkDocs with Material (default) or Zensical, Material's successor "
        "(needs the 'zensical' extra; builds the same pages without the glossary plugin)",
    )
    add_stored_copies_option(build)
    build.set_defaults(run=run_build)

    generate = commands.add_parser(
        "generate",
        help="write the site's pages as Markdown into build/docs (for plain MkDocs or to read them)",
        description="Validate the content (nothing is written if it has errors) and write the rendered "
        "pages into build/docs, changing only the files whose content changed: `mkdocs build` without "
        "the glossary plugin (or another engine) builds the same site from them.",
    )
    add_path_argument(generate)
    generate.set_defaults(run=run_generate)

    serve = commands.add_parser(
        "serve",
        help="preview the site; a save rebuilds the pages it changed and reloads the browser",
        description="Build the site and serve it (default: http://127.0.0.1:8000/). Saving a file in glossary/, "
        "playbooks/ or site_config/ rebuilds the pages whose content changed (the A-Z, search and every page "
        "linking to a changed term included) and reloads the browser. Prints the address, each rebuild with "
        "its time, and content problems as file:line lines; while the content is invalid the last good site "
        "stays served.",
    )
    add_path_argument(serve)
    serve.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        help="address to serve on (default: 127.0.0.1:8000)",
    )
    serve.add_argument(
        "--full",
        action="store_true",
        help="rebuild every page on each save, as `mkdocs serve` does (slow on big glossaries)",
    )
    serve.add_argument("--dirty", action="store_true", help=argparse.SUPPRESS)  # the default now
    add_stored_copies_option(serve)
    serve.set_defaults(run=run_serve)

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

    classify = commands.add_parser(
        "classify",
        help="is a tactic lead generation, demand generation or both? with reasons and sources",
        description="Classify a tactic by name (typos are forgiven), by a description, or by answering the "
        'classifier\'s questions, e.g. `glossary classify "gated ebook"` or '
        "`glossary classify --gated yes --goal awareness`. Uses the same rules as the /classifier/ page "
        "(playbooks/classifier.yaml). Each question is an option: see --list.",
        epilog="Answers: --FLAG VALUE for each question (--list shows them), or --answer SIGNAL=VALUE.",
    )
    classify.add_argument("text", nargs="*", help="a tactic's name or alias, or a short description of a tactic")
    classify.add_argument(
        "--answer", action="append", default=[], metavar="SIGNAL=VALUE", help="answer a question (repeatable)"
    )
    classify.add_argument("--list", action="store_true", help="list the questions, their options and answers")
    classify.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json for tools")
    add_project_option(classify)
    classify.set_defaults(run=run_classify)

    export = commands.add_parser(
        "export",
        help="write the glossary as JSON, CSV or one Markdown file",
        description="Write every term as data: json (the format of the site's terms.json), csv (one row per "
        "term, UTF-8 with BOM, as the site's glossary.csv), or md (one Markdown glossary to paste into "
        "training material). URLs are absolute when mkdocs.yml has site_url (or --site-url is given).",
    )
    add_path_argument(export)
    export.add_argument("--format", choices=("json", "csv", "md", "datahub"), default="json",
                        help="json, csv, md, or datahub: a business-glossary file for DataHub's ingestion")  # fmt: skip
    export.add_argument("--output", "-o", type=Path, default=None, metavar="FILE", help="write here (default: stdout)")
    export.add_argument("--site-url", default=None, metavar="URL", help="the site's address (default: from mkdocs.yml)")
    export.set_defaults(run=run_export)

    link = commands.add_parser(
        "link",
        help="print a link to a term for training material",
        description="Print a ready link to a term's page. TERM may be its id, name, abbreviation, alias or a "
        "former id (any case). Unknown terms fail with suggestions.",
    )
    link.add_argument("term", help="id, name, abbreviation or alias, e.g. MQL")
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

    sources = commands.add_parser(
        "sources",
        help="the sources' stored copies: `glossary sources lock` records what the quotes were verified against",
        description="Work with the sources' stored copies.",
    )
    sources_commands = sources.add_subparsers(dest="action", required=True, metavar="ACTION")
    lock = sources_commands.add_parser(
        "lock",
        help=f"verify every quote against the stored copies and write {LOCK_FILE}",
        description=f"Verify every quote against its source's stored copy and write {LOCK_FILE}: per source, "
        "the digest of its copy, the date and the digest of each quote. Commit it: `glossary check` then verifies "
        "unchanged quotes where the copies are not at hand (a fresh clone, CI). Writes nothing when a copy is "
        "missing, a quote is not found, or the content has errors.",
    )
    add_path_argument(lock)
    add_stored_copies_option(lock)
    lock.add_argument(
        "--today",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date new or changed entries get (default: today)",
    )
    lock.set_defaults(run=run_sources_lock)

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
    return parser


ENGINE_NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}


def run_build(args: argparse.Namespace) -> int:
    from generator.core.config import ProjectConfig
    from generator.interop.export import site_url_warning
    from generator.site.build import BuildError, build_site  # here, not at the top: `glossary check` needs no renderer

    root = _root_of(args)
    warning = site_url_warning(ProjectConfig.read(root).site_url)
    if warning:
        print(f"glossary: warning: {warning}", file=sys.stderr)
    try:
        options = CheckOptions(today=dt.date.today(), stored_copies=_stored_copies(args))
        report = build_site(root, args.site_dir, options=options, engine=args.engine)
    except ContentError as error:
        print(format_problems([p for p in error.problems if p.is_error], "text"))
        print(f"{counted(len(error.errors), 'error')}: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as error:  # MkDocs' warnings follow, a line each
        first, *more = str(error).splitlines()
        report_error(first)
        for line in more:
            print(one_line(line), file=sys.stderr)
        return EXIT_CONTENT
    print(
        f"built {counted(report.pages, 'page')} into {report.site_dir} "
        f"(generate {report.seconds_generate:.2f} s, {ENGINE_NAMES[args.engine]} {report.seconds_mkdocs:.2f} s)",
        file=sys.stderr,
    )
    return EXIT_OK


def run_generate(args: argparse.Namespace) -> int:
    from generator.core.config import ProjectConfig
    from generator.site.build import DOCS_SUBDIR, BuildError, generate_docs
    from generator.site.calculator import number_format_of

    root = _root_of(args)
    try:
        config = ProjectConfig.read(root)
        pages = generate_docs(
            root,
            root / DOCS_SUBDIR,
            CheckOptions(today=dt.date.today()),
            site_url=config.site_url,
            numbers=number_format_of(config),
        )
    except ContentError as error:
        print(format_problems([p for p in error.problems if p.is_error], "text"))
        print(f"{counted(len(error.errors), 'error')}: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except (BuildError, ValueError) as error:  # ValueError: mkdocs.yml's locale or currency
        report_error(error)
        return EXIT_CONTENT
    print(f"wrote {counted(pages, 'page')} into {root / DOCS_SUBDIR}", file=sys.stderr)
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from generator.site.serve import ServeError, serve

    root = _root_of(args)
    folder = _stored_copies(args)
    if folder is not None:  # the glossary plugin loads the content inside MkDocs: it reads the variable
        os.environ[ENV_VAR] = str(folder.resolve())
    try:
        serve(root, args.dev_addr, full=args.full)
    except ServeError as error:
        report_error(error)
        return EXIT_USAGE
    return EXIT_OK


def report_error(error: object) -> None:
    """``glossary: error: ...`` on stderr, on one line: messages quote content, git and MkDocs."""
    print(f"glossary: error: {one_line(str(error))}", file=sys.stderr)


def run_schema(args: argparse.Namespace) -> int:
    if args.markdown:
        print(field_reference_markdown())
    else:
        print(json.dumps(load_schema(args.kind), indent=2, ensure_ascii=False))
    return EXIT_OK


def add_path_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", default=".", help="project root holding glossary/ and playbooks/ (default: .)"
    )
    parser.add_argument("--project", default=None, metavar="PATH", help="the same as PATH, as other commands take it")


def add_stored_copies_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        OPTION,
        type=Path,
        default=None,
        metavar="DIR",
        help=f"the folder of the sources' stored copies (over {ENV_VAR} and stored_copies in glossary/_sources.yaml)",
    )


def _stored_copies(args: argparse.Namespace) -> Path | None:
    """The folder --stored-copies names: it must exist (a typo would silently verify against the lock)."""
    folder = getattr(args, "stored_copies", None)
    if folder is not None and not folder.is_dir():
        raise UsageError(f"{OPTION} {folder}: no such folder")
    return folder


def add_project_option(parser: argparse.ArgumentParser) -> None:
    """For commands whose positional argument is something else (a term, a file, a revision)."""
    parser.add_argument("--project", default=".", metavar="PATH", help="project root (default: .)")


def _root_of(args: argparse.Namespace) -> Path:
    return _project_root(args.project or args.path)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _project_root(path: str) -> Path:
    root = Path(path)
    if not root.is_dir():
        raise UsageError(f"'{path}' is not a directory")
    if not (root / "glossary").is_dir():
        raise UsageError(f"'{path}' has no glossary/ folder; run this from the project root or pass its path")
    return root


def run_check(args: argparse.Namespace) -> int:
    root = _root_of(args)
    options = CheckOptions(
        today=args.today or dt.date.today(),
        max_review_age_days=args.max_review_age,
        stored_copies=_stored_copies(args),
    )
    result = check_project(root, options)
    if result.problems:
        print(format_problems(result.problems, args.format))
    elif args.format == "json":
        print("[]")
    errors, warnings = len(result.errors), len(result.warnings)
    if args.format == "text":
        summary = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
        if not errors:
            counts = result.counts
            summary = (
                f"checked {counted(counts['terms'], 'term')}, {counted(counts['tactics'], 'tactic')}, "
                f"{counted(counts['tables'], 'table')}, {counted(counts['playbooks'], 'playbook')}: {summary}"
            )
        sys.stdout.flush()
        print(summary, file=sys.stderr)
        quotes = quote_summary(result.quotes, result.copies_note)
        if quotes:
            print(quotes, file=sys.stderr)
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_CONTENT if failed else EXIT_OK


def quote_summary(counts: dict[str, int], note: str) -> str:
    """One line on how the quotes were verified ("" when there are none)."""
    if not sum(counts.values()):
        return ""
    parts = []
    if counts.get("copy"):
        parts.append(f"{counts['copy']} verified against the stored copies")
    if counts.get("lock"):
        parts.append(f"{counts['lock']} verified against {LOCK_FILE} (the stored copies are not at hand)")
    if counts.get("none"):
        parts.append(f"{counts['none']} not verified")
    line = "quotes: " + ", ".join(parts)
    return line + f" ({one_line(note)})" if note else line


def run_sources_lock(args: argparse.Namespace) -> int:
    from generator.checks.locking import LockRefused, lock_sources

    root = _root_of(args)
    options = CheckOptions(today=args.today or dt.date.today(), stored_copies=_stored_copies(args))
    try:
        outcome = lock_sources(root, options, args.today or dt.date.today())
    except LockRefused as error:
        print(format_problems(error.problems, "text"))
        sys.stdout.flush()
        print(f"glossary: {counted(len(error.problems), 'problem')}: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    what = "wrote" if outcome.written else "unchanged:"
    changed = f"; changed: {', '.join(outcome.changed)}" if outcome.changed else ""
    removed = f"; dropped: {', '.join(outcome.removed)}" if outcome.removed else ""
    print(
        f"{what} {outcome.path} ({outcome.sources} sources, {outcome.quotes} quotes){changed}{removed}",
        file=sys.stderr,
    )
    return EXIT_OK


def run_classify(args: argparse.Namespace) -> int:
    from generator.classifier.classify import (
        ClassifyError,
        classify,
        describe_questions,
        describe_result,
        resolve_answer,
    )
    from generator.model.classifier_document import classifier_document
    from generator.model.urls import site_path

    root = _project_root(args.project)
    document = classifier_document(_load_glossary(root), url=site_path)
    if args.list:
        print(describe_questions(document))
        return EXIT_OK
    try:
        answers = dict(resolve_answer(document, *_split_answer(text)) for text in args.answer)
        answers.update(resolve_answer(document, key, value) for key, value in _flag_pairs(args.extra))
        outcome = classify(document, " ".join(args.text), answers)
    except ClassifyError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        print(json_text(outcome))
    else:
        print(describe_result(outcome, document))
    return EXIT_OK


def _load_glossary(root: Path):
    result = load_project(root, CheckOptions())
    if result.glossary is None:
        print(format_problems(result.errors, "text"))
        raise ContentFailure(
            f"{counted(len(result.errors), 'error')} in the content: fix them first (`glossary check`)"
        )
    return result.glossary


class ContentFailure(Exception):
    """The content has errors: exit code 1 with the message (the problems are already printed)."""


def run_export(args: argparse.Namespace) -> int:
    from generator.interop.export import glossary_markdown, json_one_record_per_line, terms_csv, terms_document
    from generator.site.render import Renderer

    root = _root_of(args)
    glossary = _load_glossary(root)
    site_url = _site_url(args, root)
    if args.format == "json":
        base = site_url.rstrip("/") + "/" if site_url else ""
        renderer = Renderer(glossary, site_url=site_url)
        document = terms_document(glossary, site_url=site_url, html=lambda value: renderer.html(value, base))
        text = json_one_record_per_line(document, "terms")
    elif args.format == "csv":
        text = terms_csv(glossary, site_url=site_url)
    elif args.format == "datahub":
        from generator.interop.export import datahub_document
        from generator.interop.imports import dump_yaml

        text = dump_yaml(datahub_document(glossary, site_url=site_url))
    else:
        text = glossary_markdown(glossary, site_url=site_url)
    if args.output is None:
        sys.stdout.write(text.removeprefix("\ufeff") if args.format == "csv" else text)
    else:
        from generator.core.outputs import check_output_file
        from generator.interop.export import is_earlier_export

        check_output_file(args.output, root, is_own_output=lambda path: is_earlier_export(path, args.format))
        _write_atomically(args.output, text)
        print(f"wrote {counted(len(glossary.terms), 'term')} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename over it: a reader never sees half a file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, _mode_for(path))  # mkstemp makes 0600: an export is for others to read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or those a new file gets under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def run_link(args: argparse.Namespace) -> int:
    from generator.core.text import closest, name_key, slugify
    from generator.interop.export import term_link

    root = _project_root(args.project)
    glossary = _load_glossary(root)
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
    print(term_link(term, label, args.format, _site_url(args, root)))
    return EXIT_OK


def _site_url(args: argparse.Namespace, root: Path) -> str | None:
    """--site-url, else mkdocs.yml's site_url: an http(s) address or None.

    Warns on stderr (one line) when it is missing or still the shipped example address.
    """
    from generator.core.config import ProjectConfig
    from generator.interop.export import check_site_url, site_url_warning

    try:
        site_url = check_site_url(args.site_url or ProjectConfig.read(root).site_url)
    except ValueError as error:
        raise UsageError(str(error)) from None
    warning = site_url_warning(site_url)
    if warning:
        print(f"glossary: warning: {warning}", file=sys.stderr)
    return site_url


def run_diff(args: argparse.Namespace) -> int:
    from generator.interop.diff import DiffError, default_base, load_at_revision, semantic_diff, to_markdown

    root = _project_root(args.project)
    options = CheckOptions()
    try:
        base = args.base or default_base(root)
        old = load_at_revision(root, base, options)
    except DiffError as error:
        raise UsageError(f"git: {error}") from None
    new = _load_glossary(root)
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

    overrides = dict(_split_answer(item) for item in args.map)
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

    root = _project_root(args.project)
    glossary = _load_glossary(root)
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


def _split_answer(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise UsageError(f"'{text}': write NAME=VALUE, e.g. content_access=gated or Begriff=term")
    return key.strip(), value.strip()


def _flag_pairs(extra: list[str]) -> list[tuple[str, str]]:
    """['--gated', 'yes', '--goal=awareness'] -> [('gated', 'yes'), ('goal', 'awareness')]."""
    pairs, items = [], list(extra)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--") or len(flag) == 2:
            raise UsageError(f"unexpected argument '{flag}'; quote a description with spaces")
        key, sep, value = flag[2:].partition("=")
        if not sep:
            if not items or items[0].startswith("--"):
                raise UsageError(f"--{key} needs an answer, e.g. --{key} VALUE (see --list)")
            value = items.pop(0)
        pairs.append((key, value))
    return pairs


_CLASSIFY_OPTIONS = {"--answer", "--list", "--format", "--project", "-h", "--help"}


def take_answer_flags(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``classify``'s own options from the question flags (--gated yes), which depend on the content.

    argparse cannot declare them (they come from playbooks/classifier.yaml) and would
    take their values for the positional text, so they are set aside before parsing.
    """
    if not argv or argv[0] != "classify":
        return argv, []
    kept, extra, items = [argv[0]], [], argv[1:]
    while items:
        item = items.pop(0)
        name = item.split("=", 1)[0]
        if item == "--":
            kept += [item, *items]
            break
        if item.startswith("--") and name not in _CLASSIFY_OPTIONS:
            extra.append(item)
            if "=" not in item and items and not items[0].startswith("-"):
                extra.append(items.pop(0))
            continue
        kept.append(item)
        if name in ("--answer", "--format", "--project") and "=" not in item and items:
            kept.append(items.pop(0))
    return kept, extra


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv, extra = take_answer_flags(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    args.extra = extra
    try:
        return args.run(args)
    except UsageError as error:
        report_error(error)
        return EXIT_USAGE
    except ContentFailure as error:
        report_error(error)
        return EXIT_CONTENT
    except GlossaryError as error:  # an unsafe output path, a package missing its data files...
        report_error(error)
        return EXIT_CONTENT
    except OSError as error:  # a full disk, a folder without permission: say so, no traceback
        where = f" {error.filename}" if error.filename else ""
        print(f"glossary: error: cannot write or read{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_CONTENT


if __name__ == "__main__":
    sys.exit(main())
