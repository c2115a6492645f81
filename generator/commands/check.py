"""`glossary check` and `glossary sources lock`: validate the content, record what the quotes were verified against."""

from __future__ import annotations

import argparse
import sys

from generator.checks.records import DEFAULT_MAX_REVIEW_AGE_DAYS, CheckOptions
from generator.checks.sources_lock import LOCK_FILE
from generator.commands.options import (
    EXIT_CONTENT,
    EXIT_OK,
    add_path_argument,
    add_stored_copies_option,
    add_today_option,
    root_of,
    stored_copies,
)
from generator.core.clock import build_date
from generator.core.problems import format_problems
from generator.core.text import counted, one_line
from generator.pipeline import check_project

#: Where the loaded project is kept when the process ends right after the command, without
#: freeing anything (``commands/entry.py`` sets a list): freeing 10,000 terms took 0.05 s.
kept: list | None = None


def run_check(args: argparse.Namespace) -> int:
    root = root_of(args)
    options = CheckOptions(
        today=args.today or build_date(),
        max_review_age_days=args.max_review_age,
        stored_copies=stored_copies(args),
    )
    result = check_project(root, options, keep=kept)
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
    return line + f"; {one_line(note)}" if note else line


def run_sources_lock(args: argparse.Namespace) -> int:
    from generator.checks.locking import LockRefused, lock_sources

    root = root_of(args)
    options = CheckOptions(today=args.today or build_date(), stored_copies=stored_copies(args))
    try:
        outcome = lock_sources(root, options, args.today or build_date())
    except LockRefused as error:
        print(format_problems(error.problems, "text"))
        sys.stdout.flush()
        print(f"glossary: {counted(len(error.problems), 'problem')}: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    what = "wrote" if outcome.written else "unchanged:"
    changed = f"; changed: {', '.join(outcome.changed)}" if outcome.changed else ""
    removed = f"; dropped: {', '.join(outcome.removed)}" if outcome.removed else ""
    print(
        f"{what} {outcome.path} ({counted(outcome.sources, 'source')}, {counted(outcome.quotes, 'quote')})"
        f"{changed}{removed}",
        file=sys.stderr,
    )
    return EXIT_OK


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The subcommands of this module, with their options."""
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
    add_today_option(check, "review ages are counted to")
    add_stored_copies_option(check)
    check.set_defaults(run=run_check)

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
    add_today_option(lock, "new or changed entries get")
    lock.set_defaults(run=run_sources_lock)
