"""`glossary codeowners` and `glossary review-due`: who approves changes, and which reviews are owed.

Both read the owners registry (glossary/_owners.yaml) through the model, so content errors stop
them before anything is written (exit 1, every problem listed, as `glossary check` lists them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from generator.commands.options import (
    EXIT_OK,
    ContentFailure,
    add_path_argument,
    add_today_option,
    load_glossary,
    root_of,
    write_atomically,
)
from generator.content.load import OWNERS_FILE
from generator.core.clock import build_date
from generator.core.text import counted, one_line

#: Where `glossary codeowners` writes by default, in the repository's root: the one place both GitHub
#: (.github/, the root, docs/: the first found) and GitLab (the root, docs/, .gitlab/) read a CODEOWNERS.
DEFAULT_CODEOWNERS = "CODEOWNERS"


def repository_root(project: Path) -> Path:
    """The root of the git repository holding ``project`` (the nearest folder with a .git), else the
    project itself: CODEOWNERS paths start there."""
    start = project.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def run_codeowners(args: argparse.Namespace) -> int:
    # Imported here, as in run_review_due: every command builds this module's parser, and the model
    # these need added ~25 ms to `glossary check`'s start.
    from generator.interop.governance import codeowners_rules, codeowners_text, is_generated_codeowners

    root = root_of(args)
    repository = repository_root(root)
    output = args.output if args.output is not None else repository / DEFAULT_CODEOWNERS
    shown = _shown(output)
    glossary = load_glossary(root)  # content errors: ContentFailure, exit 1, nothing written
    if not glossary.teams and not (root / OWNERS_FILE).is_file():
        raise ContentFailure(
            f"{OWNERS_FILE} is missing: CODEOWNERS needs each team's handles (README: Ownership and reviews)"
        )
    prefix = root.resolve().relative_to(repository).as_posix() if root.resolve() != repository else ""
    own_path = _path_in(output, repository)
    for path in (prefix, own_path):
        if CODEOWNERS_UNSAFE.search(path):
            raise ContentFailure(
                f"CODEOWNERS cannot name '{one_line(path)}': a space, '#', '!', '[', ']' or '\\' in a path is read "
                "differently by GitHub and GitLab (a space ends the path, '#' starts a comment); use a folder "
                "name without them"
            )
    text = codeowners_text(glossary, prefix, own_path)
    rules = codeowners_rules(glossary, prefix, own_path)
    current = _read(output)
    shadow = repository / ".github" / "CODEOWNERS"
    shadowed = output.resolve() == repository / DEFAULT_CODEOWNERS and shadow.is_file()
    if args.check:
        if shadowed:
            raise ContentFailure(
                f"GitHub reads {_shown(shadow)} and ignores {shown}: merge them, or write there with "
                "--output .github/CODEOWNERS (GitLab does not read .github/)"
            )
        if current is None:
            raise ContentFailure(f"{shown} is missing: run `glossary codeowners` and commit it")
        if current != text:
            raise ContentFailure(
                f"{shown} is out of date ({_first_difference(current, text)}); run `glossary codeowners` and commit it"
            )
        print(f"{shown} is up to date ({counted(len(rules), 'file')})", file=sys.stderr)
        return EXIT_OK
    if current is not None and not is_generated_codeowners(current):
        raise ContentFailure(
            f"{shown} was not written by `glossary codeowners`, so it is left as it is: move its rules "
            "elsewhere, or write to another file with --output"
        )
    if current == text:
        print(f"unchanged: {shown} ({counted(len(rules), 'file')})", file=sys.stderr)
    else:
        write_atomically(output, text)
        teams = len({handles for _, handles in rules})
        print(f"wrote {shown} ({counted(len(rules), 'file')}, {counted(teams, 'team')})", file=sys.stderr)
    if shadowed:
        print(
            f"glossary: warning: GitHub reads {_shown(shadow)} before {shown}: merge them, or write there "
            "with --output .github/CODEOWNERS (GitLab does not read .github/)",
            file=sys.stderr,
        )
    return EXIT_OK


#: Characters a CODEOWNERS path may not hold: GitHub ends a path at whitespace and starts a comment at '#';
#: '!', '[', ']' and '\\' are pattern syntax on one host or the other.
CODEOWNERS_UNSAFE = re.compile(r"[\s#!\[\]\\]")


def _path_in(path: Path, repository: Path) -> str:
    """``path`` from the repository's root with a leading '/' (its own name if it is outside)."""
    try:
        return "/" + path.resolve().relative_to(repository).as_posix()
    except ValueError:
        return "/" + path.name


def _shown(path: Path) -> str:
    """``path`` as the user reads it: relative to the working folder where it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read(path: Path) -> str | None:
    """The file's text, or None if there is none; a folder or unreadable bytes are errors, never replaced."""
    if not path.exists():
        return None
    if not path.is_file():
        raise ContentFailure(f"{_shown(path)} is not a file")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "\ufffd"  # not ours: --check says it differs, writing refuses it


def _first_difference(current: str, expected: str) -> str:
    """Where two texts first differ, in a few words: the line, what it should be and what it is."""
    have, want = current.splitlines(), expected.splitlines()
    for number, (line, wanted) in enumerate(zip(have, want, strict=False), 1):
        if line != wanted:
            return f"line {number} is '{one_line(line)[:80]}', expected '{wanted[:80]}'"
    if len(have) < len(want):
        return f"line {len(have) + 1} is missing: '{want[len(have)][:80]}'"
    if len(have) > len(want):
        return f"line {len(want) + 1} should not be there: '{one_line(have[len(want)])[:80]}'"
    return "line endings differ"


def run_review_due(args: argparse.Namespace) -> int:
    from generator.interop.governance import reviews_document, reviews_markdown
    from generator.model.reviews import reviews_due

    root = root_of(args)
    glossary = load_glossary(root)
    today = args.today or build_date()
    until = today + dt.timedelta(days=args.within)
    groups = reviews_due(glossary, until)
    if args.format == "json":
        print(json.dumps(reviews_document(groups, today, until), ensure_ascii=False, indent=1))
    else:
        print(reviews_markdown(groups, today, until), end="")
    return EXIT_OK


#: --within's ceiling: a century ahead is "everything"; more would leave Python's calendar.
MAX_WITHIN_DAYS = 36500


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days") from None
    if not 0 <= days <= MAX_WITHIN_DAYS:
        raise argparse.ArgumentTypeError(f"'{text}': give 0 to {MAX_WITHIN_DAYS} days")
    return days


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """The subcommands of this module, with their options."""
    codeowners = commands.add_parser(
        "codeowners",
        help="write CODEOWNERS: each term's and playbook's file to its owning team's handles",
        description=f"Write a CODEOWNERS file (read by GitHub and GitLab) that maps each term and playbook file "
        f"to the handles of its owner, a team of {OWNERS_FILE}: a pull request changing a definition then asks "
        "its owners for review. Files without an owner are left out. Default: CODEOWNERS at the repository's "
        "root. Written only when the content has no errors, and never over a CODEOWNERS it did not write.",
    )
    add_path_argument(codeowners)
    codeowners.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="PATH",
        help="the file to write or check (default: CODEOWNERS at the root of the project's git repository)",
    )
    codeowners.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with the reason when the file is missing or differs (for CI and pre-commit)",
    )
    codeowners.set_defaults(run=run_codeowners)

    review = commands.add_parser(
        "review-due",
        help="list the approved terms due for review, by owner (Markdown for an issue, or JSON)",
        description="List the approved terms whose next review (last_reviewed + review_interval_days: the "
        "term's category's, else its owning team's, else 365 days) falls on or before today + --within days, "
        "never-reviewed ones included, grouped by owner with its handles, oldest first. Exit 0 either way: it "
        "is a list, not a check.",
    )
    add_path_argument(review)
    review.add_argument(
        "--within",
        type=_days,
        default=0,
        metavar="DAYS",
        help="also list the reviews falling due in the next DAYS days (default: 0, due by today)",
    )
    review.add_argument(
        "--format", choices=("md", "json"), default="md", help="md: an issue body (default); json: for tools"
    )
    add_today_option(review, "the reviews are counted to")
    review.set_defaults(run=run_review_due)
