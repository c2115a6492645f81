"""Stage 1: find the content files and parse them into raw records with positions.

Nothing here judges the content; it only turns bytes into plain Python values and
remembers where each value and each key stood, so that later stages can name
``file:line:column`` for any problem. A file that cannot be read or parsed safely
becomes a :class:`~generator.core.problems.Problem`, never an exception.

Two parsers give the same values and positions for a clean file. The fast path
composes the node tree in C (libyaml) and keeps only the values; positions are
worked out again for the rare file that has a problem (:class:`RawDocument`). The
careful parser walks libyaml's events itself: iterative (no stack overflow on
100,000 nested brackets), it refuses aliases and object-constructing tags before
they are expanded or built and catches duplicate keys, which PyYAML would silently
overwrite. Anything unusual goes to the careful parser. A project of 2,000 files or
more is shared with a helper process (:func:`load_files`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.content.files import MAX_FILE_BYTES, ContentFile, read_text_safely
from generator.content.schema import SCHEMA_FILES, matches_schema
from generator.content.yaml_reader import (
    ParseProblem,
    Position,
    is_blank,
    locate_document,
    parse_document,
)
from generator.core.problems import ProblemList

_log = logging.getLogger(__name__)


# Which file holds what. Files whose name starts with "_" are registries.
SOURCES_FILE = "glossary/_sources.yaml"
CATEGORIES_FILE = "glossary/_categories.yaml"
OWNERS_FILE = "glossary/_owners.yaml"
TACTICS_FILE = "playbooks/tactics.yaml"
TABLES_FILE = "playbooks/tactic-tables.yaml"
RESERVED_PLAYBOOK_FILES = {"tactics.yaml", "tactic-tables.yaml", "classifier.yaml"}

Path_ = tuple  # a path into a document: keys and list indexes, e.g. ("related", 2)


#: What in a file's text can give a value ``checks.schema.check_values`` refuses: escapes in double-quoted
#: strings, the YAML names of not-a-number and infinity, a float tag or an exponent too large for a
#: float (1e400 is infinity), and characters that reorder text.
_SUSPECT_TEXT = re.compile(
    r"[\\\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]|\.(?:nan|inf)\b|!!float|\d[eE][+-]?\d{3}", re.I
)
#: In lowercased ASCII text, what every exponent :data:`_SUSPECT_TEXT` finds contains.
_EXPONENT_LOWERED = re.compile(r"e[+-]?\d{3}")


def _may_hold_refused_value(text: str) -> bool:
    """Whether :data:`_SUSPECT_TEXT` could match ``text``: a cheap superset for ASCII text.

    Most files are ASCII (``str.isascii`` is free), where only a backslash, ``!!``, ``.nan``,
    ``.inf`` or an exponent can matter; plain substring tests on the lowercased text find
    those in a fifth of the regular expression's time. Any other text gets the expression.
    """
    if not text.isascii():
        return _SUSPECT_TEXT.search(text) is not None
    if "\\" in text or "!!" in text:
        return True
    lowered = text.lower()
    return ".nan" in lowered or ".inf" in lowered or _EXPONENT_LOWERED.search(lowered) is not None


@dataclass(frozen=True)
class RawDocument:
    """One parsed YAML file: plain data, and where every value and key stood.

    The positions are worked out when first asked for: only a document with a
    problem needs them, and parsing 10,000 valid files without building a
    position table per value is a third faster. A document the careful parser
    read arrives with its positions already known (``located``).
    """

    path: str  # as shown to users: relative to the project root, with "/"
    kind: str  # "term", "sources", "categories", "owners", "tactics", "tables", "playbook"
    data: Any
    text: str = field(default="", repr=False)  # the source: positions and block-scalar text come from it
    located: tuple[dict, dict] | None = field(default=None, repr=False, compare=False)
    #: The fast schema check accepted it (worked out here, where a large project's files are
    #: shared between processes); False means "not known": validation checks it in full.
    matches_schema: bool = False
    #: Whether its text could hold a value ``checks.schema.check_values`` refuses (NaN, an infinity, a
    #: hidden character): per-file work, so worked out where the files are shared out too.
    may_hold_refused_value: bool = True

    @functools.cached_property
    def _tables(self) -> tuple[dict, dict]:
        return self.located if self.located is not None else locate_document(self.text)

    @functools.cached_property
    def _lines(self) -> list[str]:
        """The text's lines, split once: a field with thousands of bad links asks for each."""
        return self.text.splitlines()

    @property
    def positions(self) -> dict:
        """(line, column) of every value, keyed by its path."""
        return self._tables[0]

    @property
    def key_positions(self) -> dict:
        """(line, column) of every mapping key, keyed by the path it ends."""
        return self._tables[1]

    def where(self, path: Path_ = ()) -> Position:
        """Position of the value at ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def locate_text(self, path: Path_, needle: str, line_in_value: int = 0) -> Position:
        """Position of ``needle`` inside the string value at ``path``.

        ``line_in_value`` is the needle's line within the value. A block scalar
        (``|`` or ``>``) starts on the line after its key; a one-line value is
        searched from its own column. Falls back to the value's position.
        """
        line, column = self.where(path)
        lines = self._lines
        value = self.data
        for part in path:
            value = value[part]
        # a block scalar's position is its '|' or '>'; one of a single line has no inner line break
        indicator = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
        block = isinstance(value, str) and ("\n" in value.rstrip("\n") or indicator in ("|", ">"))
        target = line + 1 + line_in_value if block else line
        if 0 < target <= len(lines):
            found = lines[target - 1].find(needle, 0 if block else column - 1)
            if found >= 0:
                return target, found + 1
        return line, column

    def locate_offset(self, path: Path_, offset: int) -> Position:
        """Position of the character at ``offset`` in the string value at ``path``.

        Each source line of the value, stripped of its indentation, is found in order in
        the value: a ``|`` block keeps every line as written, a ``>`` block or a plain or
        quoted multi-line scalar joins them with spaces, so the line is exact for those
        too. Where a line cannot be found (a quoted scalar's escapes, a ``>`` block's
        more-indented lines) the last line found stands: the position is approximate but
        never after the text. Falls back to the value's position.
        """
        path = tuple(path)
        line, column = self.where(path)
        value: Any = self.data
        try:
            for part in path:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return line, column
        lines = self._lines
        if not isinstance(value, str) or not 0 < line <= len(lines):
            return line, column
        indicator = lines[line - 1][column - 1 : column]
        if indicator in ("|", ">"):
            first, start_column = line + 1, None  # the text starts on the line after the indicator
        else:
            first, start_column = line, column + (1 if indicator in ("'", '"') else 0)
        if "\n" not in value and indicator not in ("|", ">"):  # one line: the value as written, if it is
            found = lines[line - 1].find(value, column - 1)
            return (line, found + offset + 1) if found >= 0 else (line, column)
        best, cursor, block_indent = (line, column), 0, None
        for number in range(first, len(lines) + 1):
            source = lines[number - 1]
            if number == first and start_column is not None:
                indent, body = start_column - 1, source[start_column - 1 :].rstrip()
                if indicator in ("'", '"') and body.endswith(indicator):
                    body = body[:-1]
            else:
                body = source.strip()
                indent = len(source) - len(source.lstrip())
                if body and start_column is None:  # a block ends at its first line indented less
                    block_indent = indent if block_indent is None else block_indent
                    if indent < block_indent:
                        break
            if not body:
                continue
            found = value.find(body, cursor)
            if found < 0:
                if start_column is None:
                    continue  # approximate: keep the last line found
                break
            if found > offset:
                break
            if offset < found + len(body):
                return number, indent + (offset - found) + 1
            best, cursor = (number, indent + 1), found + len(body)
            if cursor >= len(value.rstrip("\n")):
                break
        return best

    def where_key(self, path: Path_) -> Position:
        """Position of the mapping key that ends ``path`` (falls back to the value)."""
        path = tuple(path)
        return self.key_positions.get(path) or self.where(path)


@dataclass(frozen=True)
class RawProject:
    root: Path
    documents: tuple[RawDocument, ...]
    #: (kind, path) of the content files that could not be read or parsed: what they define is
    #: unknown, so references that may point into them are not reported (checks/ids.py).
    unreadable: tuple[tuple[str, str], ...] = ()

    def of_kind(self, kind: str) -> list[RawDocument]:
        return [doc for doc in self.documents if doc.kind == kind]


def load_raw_project(root: str | Path, problems: ProblemList, *, jobs: int | None = None) -> RawProject:
    """Parse every content file under ``root``; unreadable files become problems.

    ``jobs``: how many processes may read and parse (None: as many as there are CPUs,
    or ``GLOSSARY_JOBS``); see :func:`load_files`.
    """
    root = Path(root)
    with paused_gc():
        files = discover_files(root, problems)
        loaded = load_files(root, files, problems, jobs)
    documents = tuple(doc for doc in loaded if doc is not None)
    unreadable = tuple((f.kind, f.shown) for f, doc in zip(files, loaded, strict=True) if doc is None)
    return RawProject(root, documents, unreadable)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Parsing allocates millions of containers and none of them are garbage; the
    collector's repeated walks of the growing heap cost more than the parse itself
    (measured: 10,000 files in 4 s with it, under 1 s without).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def discover_files(root: Path, problems: ProblemList) -> list[ContentFile]:
    """List the content files in a stable order (names sorted within each folder)."""
    found: list[ContentFile] = []
    for folder in ("glossary", "playbooks"):
        directory = os.path.join(root, folder)
        if not _folder_is_inside(root, folder, problems) or not os.path.isdir(directory):
            continue
        with os.scandir(directory) as entries:
            listed = sorted((entry.name, entry.is_symlink()) for entry in entries)
        for name, is_link in listed:
            if name.endswith(".yml"):
                problems.warn(
                    f"{folder}/{name}",
                    (0, 0),
                    "ignored-file",
                    f"'{name}' is ignored: content files must end in .yaml",
                    f"rename it to '{name[:-4]}.yaml'",
                )
            elif name.endswith(".yaml"):
                found.append(
                    ContentFile(os.path.join(directory, name), f"{folder}/{name}", _kind_of(folder, name), is_link)
                )
    return found


def _folder_is_inside(root: Path, folder: str, problems: ProblemList) -> bool:
    """A content folder that is a link out of the project is refused, not read and published."""
    path = Path(root, folder)
    if not path.is_symlink():
        return True
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        real = None
    if real is not None and real.is_relative_to(Path(root).resolve()):
        return True
    problems.add(
        folder + "/",
        (0, 0),
        "outside-link",
        f"{folder}/ is a link to {real or 'nowhere'}, outside the project",
        f"make {folder}/ a real folder inside the project",
    )
    return False


def _kind_of(folder: str, name: str) -> str:
    relative = f"{folder}/{name}"
    if relative == SOURCES_FILE:
        return "sources"
    if relative == CATEGORIES_FILE:
        return "categories"
    if relative == OWNERS_FILE:
        return "owners"
    if relative == TACTICS_FILE:
        return "tactics"
    if relative == TABLES_FILE:
        return "tables"
    if folder == "playbooks" and name == "classifier.yaml":
        return "classifier"
    return "term" if folder == "glossary" else "playbook"


def load_document(root: Path, content_file: ContentFile, problems: ProblemList) -> RawDocument | None:
    """Read and parse one file, or record why it cannot be and return None."""
    text = read_text_safely(root, content_file, problems)
    if text is None:
        return None
    return _document(content_file, text, _remembered_outcome(text, content_file.kind), problems)


#: Parse outcomes by (kind, text) while this process serves the site (see :func:`remember_parses`).
_remembered: dict[tuple[str, str], tuple] | None = None
_REMEMBERED_MAX = 50_000


def remember_parses() -> None:
    """Keep each file's parse outcome in this process, keyed by its text: ``glossary serve``
    loads the whole project on every save, and parsing is most of that (0.15 s at 1,000
    terms) though one file changed. The text is still read each time, so nothing goes stale;
    outcomes are plain data that no later stage changes."""
    global _remembered
    if _remembered is None:
        _remembered = {}


def _remembered_outcome(text: str, kind: str) -> tuple:
    if _remembered is None:
        return _parse_outcome(text, kind)
    key = (kind, text)
    outcome = _remembered.get(key)
    if outcome is None:
        if len(_remembered) >= _REMEMBERED_MAX:  # texts of files since edited: start afresh
            _remembered.clear()
        outcome = _remembered[key] = _parse_outcome(text, kind)
    return outcome


def load_single_file(
    path: Path, kind: str, problems: ProblemList, max_bytes: int = MAX_FILE_BYTES
) -> RawDocument | None:
    """Read and parse one YAML file that is not part of a project (an import's input).

    The same reader and careful parser as content files, with the same limits (UTF-8,
    nesting, aliases, tags, duplicate keys; size unless ``max_bytes`` says otherwise: a
    whole exported glossary is larger than any content file), so a hostile input costs
    no more here than in ``glossary check``. Problems name the file as given.
    """
    content_file = ContentFile(str(path), str(path), kind, is_link=False)
    text = read_text_safely(path.parent, content_file, problems, max_bytes)
    if text is None:
        return None
    return _document(content_file, text, _parse_outcome(text, kind), problems)


def _document(content_file: ContentFile, text: str, outcome: tuple, problems: ProblemList) -> RawDocument | None:
    """The document for a parse outcome, or None after recording why there is none."""
    shown = content_file.shown
    if outcome[0] == "problem":
        _, position, code, message, hint = outcome
        problems.add(shown, position, code, message, hint)
        return None
    _, data, located, valid, suspect = outcome
    if data is None and is_blank(text):
        problems.add(shown, (0, 0), "empty-file", f"{shown} is empty", "add the record's fields, or delete the file")
        return None
    return RawDocument(shown, content_file.kind, data, text, located, valid, suspect)


def _parse_outcome(text: str, kind: str) -> tuple:
    """The per-file work: ("ok", data, located, matches its schema, may hold a refused value) or
    ("problem", position, code, message, hint). Plain tuples, so that a helper process can send them back by pickle.

    The fast schema verdict and the refused-value gate are worked out here rather than in
    validation because they are per-file work, which a large project shares out between processes.
    """
    try:
        data, located = parse_document(text)
    except ParseProblem as problem:
        return ("problem", problem.position, problem.code, problem.message, problem.hint)
    valid = kind in SCHEMA_FILES and isinstance(data, dict) and matches_schema(kind, data)
    return ("ok", data, located, valid, _may_hold_refused_value(text))


#: The module a helper process runs (``python -m``).
WORKER_MODULE = "generator.content.parse_worker"

#: Below this many files one process does all the parsing: a helper takes ~0.2 s to start.
PARALLEL_MIN_FILES = 2_000


def load_files(root: Path, files: list[ContentFile], problems: ProblemList, jobs: int | None = None) -> list:
    """The document of each file (None where there is none), in order.

    libyaml's composer is the floor of ``glossary check`` (about 1 s for 10,000 terms in
    one process), so a large project shares its files with helper processes: each
    helper reads and parses a share while this process does the first one. Helpers are
    plain ``python -m generator.content.parse_worker`` subprocesses (no fork of a process that may
    run threads, as ``mkdocs serve`` does; no re-import of the caller's script, as
    multiprocessing's "spawn" would). If one cannot start or fails, this process loads
    its share itself: the result never depends on the helpers.
    """
    helpers = _helper_count(len(files), jobs)
    if helpers == 0:
        return [load_document(root, file, problems) for file in files]
    # Helpers start ~0.2 s late, so this process takes a larger first share.
    cut = len(files) * 6 // 10
    step = -(-(len(files) - cut) // helpers)
    shares = [files[start : start + step] for start in range(cut, len(files), step)]
    started = [_start_helper(root, share) for share in shares]
    documents = [load_document(root, file, problems) for file in files[:cut]]
    for helper, share in zip(started, shares, strict=True):
        documents += _collect_helper(helper, root, share, problems)
    return documents


def load_share(root: Path, files: list[ContentFile]) -> tuple[list, list]:
    """What a helper sends back: (text or None, parse outcome) per file, and read problems."""
    problems = ProblemList()
    with paused_gc():
        results = []
        for file in files:
            text = read_text_safely(root, file, problems)
            results.append((text, None if text is None else _parse_outcome(text, file.kind)))
    return results, list(problems.sorted())


class _Helper(NamedTuple):
    """A started helper process and the file that collects its error output."""

    process: Any
    errors: Any


def _start_helper(root: Path, files: list[ContentFile]) -> _Helper | None:
    import pickle
    import subprocess
    import sys
    import tempfile
    import threading

    errors = None
    try:
        # The helper imports this very package, wherever it was imported from.
        package_parent = str(Path(__file__).resolve().parents[2])
        search_path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
        # Its error output goes to a file, not a pipe: nobody reads a pipe until the helper ends.
        errors = tempfile.TemporaryFile()
        process = subprocess.Popen(
            [sys.executable, "-m", WORKER_MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env={**os.environ, "PYTHONPATH": search_path},
        )
    except OSError as error:  # no temporary file, or no process
        if errors is not None:
            errors.close()
        _log.warning("the parse helper could not start (%s); this process parses its files", error)
        return None
    request = pickle.dumps((root, files), protocol=pickle.HIGHEST_PROTOCOL)
    # The helper reads its request only once its imports are done (~0.2 s); a thread
    # hands the request over so that this process starts on its own share at once.
    threading.Thread(target=_send, args=(process.stdin, request), daemon=True).start()
    return _Helper(process, errors)


def _send(stream: Any, data: bytes) -> None:
    try:
        with stream:
            stream.write(data)
    except OSError:
        pass  # the helper is gone: collecting its share finds out and does the work here


def _collect_helper(helper: _Helper | None, root: Path, files: list[ContentFile], problems: ProblemList) -> list:
    results = None
    if helper is not None:
        results, read_problems = _results_of(helper, len(files))
    if results is None:
        return [load_document(root, file, problems) for file in files]
    problems.extend(read_problems)
    return [
        None if text is None else _document(file, text, outcome, problems)
        for file, (text, outcome) in zip(files, results, strict=True)
    ]


def _results_of(helper: _Helper, expected: int) -> tuple[list | None, list]:
    """The helper's (results, read problems), or (None, []) after saying why there are none."""
    import pickle

    results, read_problems = None, []
    with helper.errors:
        try:
            with helper.process.stdout:
                results, read_problems = pickle.load(helper.process.stdout)
        except Exception:  # the helper died or said something unreadable
            results = None
        status = helper.process.wait()
        if status == 0 and results is not None and len(results) == expected:
            return results, read_problems
        helper.errors.seek(0)
        last_lines = helper.errors.read()[-2000:].decode("utf-8", "replace").strip().splitlines()[-3:]
    _log.warning(
        "the parse helper failed (exit status %s)%s; this process parses its files",
        status,
        ": " + " | ".join(last_lines) if last_lines else "",
    )
    return None, []


def _helper_count(files: int, jobs: int | None) -> int:
    if files < PARALLEL_MIN_FILES:
        return 0
    if jobs is None:
        configured = os.environ.get("GLOSSARY_JOBS", "").strip()
        if configured.isdigit() and int(configured) > 0:
            jobs = int(configured)
        else:
            jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(0, min(jobs, 8) - 1)
