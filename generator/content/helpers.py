"""The parse helper processes of ``load.load_files``: when to have one, and starting one.

Kept apart from the loader, and light (nothing here imports YAML, the schemas or the checks), so
that the ``glossary`` command can start a helper before its own imports (``commands/entry.py``):
a helper takes ~0.2 s to start, which then overlaps with this process's start instead of
delaying the helper's share.

Where the command allows it (:data:`fork_allowed`: ``glossary check`` on Linux), a helper is
instead a fork of this process made when the files are listed (:func:`fork_helper`): it starts
parsing at once, with every module already imported and the list of files in memory, where a new
interpreter imports (and, without a bytecode cache, compiles) them first and is sent the list.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

_log = logging.getLogger("generator.content.load")

#: The module a helper process runs (``python -m``).
WORKER_MODULE = "generator.content.parse_worker"

#: Below this many files one process does all the parsing: a helper takes ~0.2 s to start.
PARALLEL_MIN_FILES = 2_000


class Helper(NamedTuple):
    """A started helper process, the file its frames are written to and the one that collects its
    error output. Files, not pipes: the helper never waits for this process to read."""

    process: Any
    output: Any
    errors: Any


#: Helpers started ahead of time (:func:`prestart_helpers`), waiting for their request.
_prestarted: list[Helper] = []

#: Whether a helper may be a fork of this process (:func:`fork_helper`): set by the ``glossary``
#: entry point for ``check``, which runs no thread and ends with ``os._exit``. A library caller
#: (``glossary serve`` runs threads) keeps new interpreters.
fork_allowed = False


def can_fork() -> bool:
    """Whether this platform forks safely enough for a helper: Linux (macOS' system libraries
    refuse a fork once loaded, and Windows has none)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class _Forked:
    """A forked helper as the loader waits for it (like a ``Popen``'s ``poll`` and ``wait``)."""

    stdin = None
    #: The loader does not wait for its exit once it has read the end of its output: freeing a
    #: helper's memory took 0.02-0.03 s at 10,000 files, and the command ends moments later.
    exits_unwaited = True

    def __init__(self, pid: int):
        self.pid = pid
        self._status: int | None = None

    def poll(self) -> int | None:
        if self._status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._status = os.waitstatus_to_exitcode(status)
        return self._status

    def wait(self) -> int:
        if self._status is None:
            self._status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self._status


def will_fork() -> bool:
    """Whether :func:`fork_helper` would fork now."""
    import threading

    return fork_allowed and can_fork() and threading.active_count() == 1


def fork_helper(work: Callable[[Any], None]) -> Helper | None:
    """A helper forked from this process, running ``work(output file)`` and ending with ``os._exit``
    (status 0, or 1 with its traceback in the error file); None, and nothing started, unless
    :data:`fork_allowed` and no other thread runs (a lock a thread held at the fork would stay held
    in the helper)."""
    import tempfile

    if not will_fork():
        return None
    output = errors = None
    try:
        output, errors = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        pid = os.fork()
    except OSError as error:
        for stream in (output, errors):
            if stream is not None:
                stream.close()
        _log.warning("the parse helper could not start (%s); this process parses its files", error)
        return None
    if pid == 0:  # the helper: never returns
        status = 1
        try:
            # Its standard output and error go to its error file: it holds no pipe or terminal of the
            # command's, which would otherwise stay open until its exit (a reader of `glossary check |`
            # waits for that), and anything it prints is kept for the warning if it fails.
            os.dup2(errors.fileno(), 1)
            os.dup2(errors.fileno(), 2)
            work(output)
            output.flush()
            status = 0
        except BaseException:
            import traceback

            errors.write(traceback.format_exc().encode("utf-8", "replace"))
            errors.flush()
        finally:
            os._exit(status)
    _forked.append(_Forked(pid))
    return Helper(_forked[-1], output, errors)


#: The helpers forked by this process (:func:`reap_ended_helpers`).
_forked: list[_Forked] = []


def reap_ended_helpers() -> None:
    """Collect the exit of each forked helper that has ended, without waiting for one that has not:
    the command's own end (``commands/entry.py``) then counts their time as its children's."""
    for helper in _forked:
        try:
            helper.poll()
        except ChildProcessError:
            pass


def prestart_helpers(count: int) -> None:
    """Start ``count`` helper processes now, before the caller's own imports: a helper takes ~0.2 s
    to start, which then overlaps with this process's start instead of delaying its share. The next
    ``load.load_files`` hands them their work; a helper that gets none ends when this process does."""
    _prestarted.extend(helper for helper in (spawn_helper() for _ in range(count)) if helper is not None)


def spawn_helper() -> Helper | None:
    """A new helper process (``python -m`` :data:`WORKER_MODULE`), waiting for its request on its
    standard input; None, after saying why, if it cannot start."""
    import subprocess
    import sys
    import tempfile

    output = errors = None
    try:
        # The helper imports this very package, wherever it was imported from.
        package_parent = str(Path(__file__).resolve().parents[2])
        search_path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
        # Its output goes to files, not pipes: nobody reads a pipe until the helper is done.
        output, errors = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        process = subprocess.Popen(
            [sys.executable, "-m", WORKER_MODULE],
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=errors,
            env={**os.environ, "PYTHONPATH": search_path},
        )
    except OSError as error:  # no temporary file, or no process
        for stream in (output, errors):
            if stream is not None:
                stream.close()
        _log.warning("the parse helper could not start (%s); this process parses its files", error)
        return None
    return Helper(process, output, errors)


def take_helper() -> Helper | None:
    """A helper started ahead of time, or a new one (None if none can start)."""
    return _prestarted.pop() if _prestarted else spawn_helper()


def helper_count(files: int, jobs: int | None) -> int:
    """How many helpers parse ``files`` files besides this process: none below
    :data:`PARALLEL_MIN_FILES`; else one fewer than ``jobs`` (None: ``GLOSSARY_JOBS``, else the CPUs)."""
    if files < PARALLEL_MIN_FILES:
        return 0
    if jobs is None:
        configured = os.environ.get("GLOSSARY_JOBS", "").strip()
        if configured.isdigit() and int(configured) > 0:
            jobs = int(configured)
        else:
            jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(0, min(jobs, 8) - 1)
