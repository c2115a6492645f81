"""What several commands share: exit codes, the usage error, the project and stored-copies options, dates."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.checks.quotes import ENV_VAR, OPTION
from generator.checks.records import CheckOptions
from generator.core.clock import ENV_VAR as CLOCK_VAR
from generator.core.clock import YEARS, parse_day
from generator.core.problems import GlossaryError, format_problems
from generator.core.text import counted, one_line
from generator.pipeline import load_project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or paths: exit code 2 with the message."""


class ContentFailure(Exception):
    """The content has errors: exit code 1 with the message (the problems are already printed)."""


def report_error(error: object) -> None:
    """``glossary: error: ...`` on stderr, on one line: messages quote content, git and MkDocs."""
    print(f"glossary: error: {one_line(str(error))}", file=sys.stderr)


def command_parser(
    modules: Iterable[Any], parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """The ``glossary`` command line with the subcommands of ``modules`` (each one's ``add_parsers``)."""
    parser = parser_class(
        prog="glossary", description="Validate and publish the go-to-market glossary kept as YAML in git."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in modules:
        module.add_parsers(commands)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command; its exit code, with usage, content and file errors said in one line."""
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return code
    except UsageError as error:
        report_error(error)
        return EXIT_USAGE
    except ContentFailure as error:
        report_error(error)
        return EXIT_CONTENT
    except GlossaryError as error:  # an unsafe output path, a package missing its data files...
        report_error(error)
        return EXIT_CONTENT
    except BrokenPipeError:  # the reader stopped reading (`glossary classify ... | head -1`): nothing to say
        quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:  # a full disk, a folder without permission: say so, no traceback
        where = f" {error.filename}" if error.filename else ""
        print(f"glossary: error: cannot write or read{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_CONTENT


#: The exit code of a command whose output pipe was closed, as a shell reports a process ended by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141


def quiet_stdout() -> None:
    """Point standard output at the null device, so that Python's own flush at exit does not report the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


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


def add_today_option(parser: argparse.ArgumentParser, counts: str) -> None:
    """``--today YYYY-MM-DD``: the day ``counts`` (the check's review ages, review-due's list, the lock's
    new entries). Unset, the commands take :func:`generator.core.clock.build_date` (GLOSSARY_TODAY, else
    today), the day the site is built on."""
    parser.add_argument(
        "--today",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"the date {counts} (default: {CLOCK_VAR} if set, else today); for reproducible runs",
    )


def stored_copies(args: argparse.Namespace) -> Path | None:
    """The folder --stored-copies (else GLOSSARY_STORED_COPIES) names: it must exist. A typo would
    otherwise fall back to the lock, and the job meant to check the lock against the copies would pass."""
    folder = getattr(args, "stored_copies", None)
    if folder is not None:
        if not folder.is_dir():
            raise UsageError(f"{OPTION} {folder}: no such folder")
        return folder
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env and not Path(from_env).expanduser().is_dir():
        raise UsageError(
            f"{ENV_VAR}={from_env}: no such folder (resolved as {Path(from_env).expanduser().absolute()}); "
            f"fix the path, or unset {ENV_VAR} to verify quotes against the lock"
        )
    return None


def add_project_option(parser: argparse.ArgumentParser) -> None:
    """For commands whose positional argument is something else (a term, a file, a revision)."""
    parser.add_argument("--project", default=".", metavar="PATH", help="project root (default: .)")


def root_of(args: argparse.Namespace) -> Path:
    return project_root(args.project or args.path)


def parse_date(text: str) -> dt.date:
    day = parse_day(text)
    if day is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write YYYY-MM-DD (years {YEARS.start}-{YEARS.stop - 1})"
        )
    return day


def project_root(path: str) -> Path:
    root = Path(path)
    if not root.is_dir():
        raise UsageError(f"'{path}' is not a directory")
    if not (root / "glossary").is_dir():
        raise UsageError(f"'{path}' has no glossary/ folder; run this from the project root or pass its path")
    return root


def load_glossary(root: Path):
    result = load_project(root, CheckOptions())
    if result.glossary is None:
        print(format_problems(result.errors, "text"))
        raise ContentFailure(
            f"{counted(len(result.errors), 'error')} in the content: fix them first (`glossary check`)"
        )
    return result.glossary


def site_url_of(args: argparse.Namespace, root: Path) -> str | None:
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


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename over it: a reader never sees half a file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, mode_for(path))  # mkstemp makes 0600: an export is for others to read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def mode_for(path: Path) -> int:
    """The replaced file's permissions, or those a new file gets under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def split_answer(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise UsageError(f"'{text}': write NAME=VALUE, e.g. content_access=gated or Begriff=term")
    return key.strip(), value.strip()
