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
from generator.commands.options import command_parser, run_command


def build_parser() -> argparse.ArgumentParser:
    return command_parser((check, publish, share, classify, author, governance, mcp))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # classify's question flags (--gated yes) are named by the content, not the parser: set aside first
    argv, extra = classify.take_answer_flags(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    args.extra = extra
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
