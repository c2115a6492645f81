"""The ``glossary`` command: arguments and exit codes only; the work is in the stages.

Each module of this package declares its subcommands (``add_parsers``) and runs them (``run_*``):
check.py (check, sources lock), publish.py (build, generate, serve), share.py (export, link, diff,
import), classify.py (classify), author.py (schema, init, new term), governance.py (codeowners,
review-due), mcp.py (mcp: the server is mcp_server.py); options.py holds what they share.

Exit codes: 0 clean, 1 content errors (or warnings with --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from generator.commands import author, check, classify, governance, mcp, publish, share
from generator.commands.options import EXIT_CONTENT, EXIT_USAGE, ContentFailure, UsageError, report_error
from generator.core.problems import GlossaryError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glossary", description="Validate and publish the go-to-market glossary kept as YAML in git."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (check, publish, share, classify, author, governance, mcp):
        module.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # classify's question flags (--gated yes) are named by the content, not the parser: set aside first
    argv, extra = classify.take_answer_flags(list(sys.argv[1:] if argv is None else argv))
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
