"""The ``glossary`` command's entry point (the console script, and ``python -m generator``).

Everything here happens before the command line's own imports, for ``glossary check``, whose
whole run at 10,000 terms is about a second, so that a tenth of it matters:

- on Linux, a project's parse helper is a fork of this process, made once the files are listed
  (``content.helpers.fork_allowed``): it starts parsing at once, with every module imported,
  where a new interpreter imports (without a bytecode cache, compiles) them first. Elsewhere a
  project of :data:`~generator.content.helpers.PARALLEL_MIN_FILES` files or more gets its parse
  helper started first (``content.helpers.prestart_helpers``): the helper's own start (~0.2 s)
  then overlaps with this process's imports instead of delaying its share of the files. Which
  project is only guessed here (the path argument, read without the parser); ``load_files`` uses
  a helper started ahead of time if there is one and starts one otherwise, so a wrong guess costs
  time, never a result.
- the cyclic garbage collector stays off: loading and validating pause it anyway (``load.paused_gc``),
  and after them its first full pass walked the millions of objects of the loaded project for
  nothing (~0.1 s at 10,000 terms); the process ends moments later.
- only ``check``'s own subcommands are declared (``commands/check.py``): the other commands' modules
  and what building their parsers imports cost ~0.02 s. Arguments that parser refuses go to the
  full command line, which reports them as ever.
- once the command has printed everything, the process ends with ``os._exit``: nothing is left to
  do, and the interpreter's teardown would free the loaded project object by object. The command
  keeps what it loaded to the end (``check.kept``) rather than free it when it returns (0.05 s).

Every other command is :func:`generator.commands.cli.main` as it is.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

#: ``glossary check``'s options that take a value: what follows them is not the project's path.
_VALUE_OPTIONS = frozenset({"--format", "--max-review-age", "--today", "--stored-copies", "--project"})


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] != ["check"]:
        from generator.commands.cli import main as run

        return run(argv)
    from generator.content import helpers

    if helpers.can_fork():
        helpers.fork_allowed = True  # a helper is forked once the files are listed (content/helpers.py)
    else:
        _prestart_helpers(project_guess(argv[1:]))
    gc.disable()  # see the module's docstring
    status = _run_check(argv)
    helpers.reap_ended_helpers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``glossary check | head``): nothing more to say
            pass
    os._exit(status)


class _Refused(Exception):
    """The check-only command line refused the arguments: the full one reports why."""


def _run_check(argv: list[str]) -> int:
    """``glossary check ARGS`` (or ``glossary check sources ...``) with only check.py's parser."""
    import argparse

    from generator.commands import check
    from generator.commands.options import command_parser, run_command

    class Quiet(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise _Refused(message)

    check.kept = []  # freed by os._exit, all at once
    try:
        args = command_parser((check,), Quiet).parse_args(argv)
    except _Refused:
        from generator.commands.cli import main as run

        return run(argv)
    args.extra = []  # as classify.take_answer_flags leaves them for any command but classify
    return run_command(args)


def project_guess(args: list[str]) -> str:
    """The project folder ``glossary check ARGS`` will most likely check ('.' without one)."""
    path, skip = None, False
    for number, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg == "--project" and number + 1 < len(args):
            return args[number + 1]
        if arg.startswith("--project="):
            return arg.partition("=")[2]
        if arg in _VALUE_OPTIONS:
            skip = True
        elif arg == "--":
            return path or (args[number + 1] if number + 1 < len(args) else ".")
        elif not arg.startswith("-") and path is None:
            path = arg
    return path or "."


def _prestart_helpers(root: str) -> None:
    from generator.content import helpers

    files = 0
    for folder in ("glossary", "playbooks"):
        try:
            with os.scandir(os.path.join(root, folder)) as entries:
                files += sum(1 for entry in entries if entry.name.endswith(".yaml"))
        except OSError:
            continue
    helpers.prestart_helpers(helpers.helper_count(files, None))
