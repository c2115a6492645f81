"""Reading one content file without surprises: a size limit, no following a symlink out of the project,
no device or FIFO, UTF-8 or a problem at the file (never a traceback).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from generator.core.problems import ProblemList

#: Files larger than this are refused before they are read into memory.
MAX_FILE_BYTES = 1_000_000


class ContentFile(NamedTuple):
    """A file :func:`generator.content.load.discover_files` found: where it is, how users see it, what it holds.

    A named tuple: a project of 10,000 files lists 10,000 of them before anything else can start
    (a frozen dataclass took three times as long to make)."""

    path: str  # on disk
    shown: str  # relative to the project root, with "/"
    kind: str
    is_link: bool


def read_text_safely(
    root: Path, content_file: ContentFile, problems: ProblemList, max_bytes: int = MAX_FILE_BYTES
) -> str | None:
    """Return the file's text, refusing links out of the project, huge files and non-UTF-8."""
    shown = content_file.shown
    try:
        if content_file.is_link:
            try:
                real = Path(content_file.path).resolve(strict=True)
            except RuntimeError:  # Python < 3.13 says "Symlink loop" this way
                raise OSError(errno.ELOOP, "the link leads round in a loop") from None
            if not real.is_relative_to(root.resolve()):
                problems.add(
                    shown,
                    (0, 0),
                    "outside-link",
                    f"{shown} is a link to a file outside the project ({real})",
                    "copy the content into the project instead of linking to it",
                )
                return None
        raw = _read_bytes_within_limit(content_file.path, max_bytes)
    except _NotAFile:
        problems.add(
            shown,
            (0, 0),
            "not-a-file",
            f"{shown} is not a regular file (a pipe, socket or device)",
            "replace it with an ordinary file",
        )
        return None
    except OSError as error:
        problems.add(shown, (0, 0), "unreadable-file", f"cannot read {shown}: {error.strerror or error}")
        return None
    if raw is None:
        problems.add(
            shown,
            (0, 0),
            "file-too-large",
            f"{shown} is larger than the limit of {max_bytes:,} bytes",
            "split it into smaller files",
        )
        return None
    try:
        # what raw.decode("utf-8-sig") does (a leading BOM dropped), without its codec's Python function
        # (a fifth of the time; 10,000 files); a decoding error's offsets are the same, after the BOM
        return raw[3:].decode("utf-8") if raw.startswith(_BOM) else raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(
            shown,
            (line, column),
            "not-utf8",
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
        )
        return None


_BOM = b"\xef\xbb\xbf"

#: O_NONBLOCK: opening a named pipe would otherwise wait for a writer forever.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


class _NotAFile(Exception):
    """A content path that is a pipe, socket or device: reading it could block or never end."""


def _read_bytes_within_limit(path: str, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The file's bytes, or None if it is larger than ``limit`` (:data:`MAX_FILE_BYTES`).

    Plain ``os`` calls sized by ``fstat`` (half the time of ``open().read()`` over
    10,000 small files); reading on to the end guards against a file that grows. A first read
    asks for one byte more than ``fstat`` counted: when it brings exactly the size, that is the
    whole file (had it grown, the extra byte would have come), and the read that would find the
    end is spared (one system call per file).
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _NotAFile(path)
        size = status.st_size
        if size > limit:
            return None
        raw = os.read(fd, size + 1)
        if len(raw) == size:
            return raw
        if len(raw) > limit:
            return None
        while chunk := os.read(fd, size + 1 - len(raw) if len(raw) <= size else 65_536):
            raw += chunk
            if len(raw) > limit:
                return None
        return raw
    finally:
        os.close(fd)
