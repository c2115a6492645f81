"""`glossary build`, `generate` and `serve`: publishing the site (the work is in ``generator/site/``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.checks.quotes import ENV_VAR
from generator.checks.records import CheckOptions
from generator.commands.options import (
    EXIT_CONTENT,
    EXIT_OK,
    EXIT_USAGE,
    add_path_argument,
    add_stored_copies_option,
    report_error,
    root_of,
    stored_copies,
)
from generator.core.clock import build_date
from generator.core.problems import ContentError, format_problems
from generator.core.text import counted, one_line

ENGINE_NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}


def run_build(args: argparse.Namespace) -> int:
    from generator.core.config import ProjectConfig
    from generator.interop.export import site_url_warning
    from generator.site.build import build_site  # here, not at the top: `glossary check` needs no renderer
    from generator.site.staging import BuildError

    root = root_of(args)
    warning = site_url_warning(ProjectConfig.read(root).site_url)
    if warning:
        print(f"glossary: warning: {warning}", file=sys.stderr)
    try:
        options = CheckOptions(today=build_date(), stored_copies=stored_copies(args))
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
    if report.warnings:
        print(
            f"glossary: {counted(report.warnings, 'warning')} in the content (built anyway; "
            "`glossary check` lists them, and `check --strict` in CI fails on them)",
            file=sys.stderr,
        )
    return EXIT_OK


def run_generate(args: argparse.Namespace) -> int:
    from generator.core.config import ProjectConfig
    from generator.site.build import DOCS_SUBDIR, generate_docs
    from generator.site.calculator import number_format_of
    from generator.site.staging import BuildError

    root = root_of(args)
    try:
        config = ProjectConfig.read(root)
        pages = generate_docs(
            root,
            root / DOCS_SUBDIR,
            CheckOptions(today=build_date()),
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

    root = root_of(args)
    folder = stored_copies(args)
    if folder is not None:  # the glossary plugin loads the content inside MkDocs: it reads the variable
        os.environ[ENV_VAR] = str(folder.resolve())
    try:
        serve(root, args.dev_addr, full=args.full)
    except ServeError as error:
        report_error(error)
        return EXIT_USAGE
    return EXIT_OK


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The subcommands of this module, with their options."""
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
