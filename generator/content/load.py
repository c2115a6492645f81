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
import errno
import functools
import gc
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from generator.content.schema import SCHEMA_FILES, matches_schema
from generator.core.problems import ProblemList

_log = logging.getLogger(__name__)

#: Files larger than this are refused before they are read into memory.
MAX_FILE_BYTES = 1_000_000
#: Deeper nesting than this is never legitimate content and is refused while parsing.
MAX_DEPTH = 64

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Which file holds what. Files whose name starts with "_" are registries.
SOURCES_FILE = "glossary/_sources.yaml"
CATEGORIES_FILE = "glossary/_categories.yaml"
TACTICS_FILE = "playbooks/tactics.yaml"
TABLES_FILE = "playbooks/tactic-tables.yaml"
RESERVED_PLAYBOOK_FILES = {"tactics.yaml", "tactic-tables.yaml", "classifier.yaml"}

Path_ = tuple  # a path into a document: keys and list indexes, e.g. ("related", 2)
Position = tuple[int, int]

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_CONSTRUCTOR = SafeConstructor()
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": lambda node: None,
}


#: What in a file's text can give a value ``validate.check_values`` refuses: escapes in double-quoted
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
    kind: str  # "term", "sources", "categories", "tactics", "tables", "playbook"
    data: Any
    text: str = field(default="", repr=False)  # the source: positions and block-scalar text come from it
    located: tuple[dict, dict] | None = field(default=None, repr=False, compare=False)
    #: The fast schema check accepted it (worked out here, where a large project's files are
    #: shared between processes); False means "not known": validation checks it in full.
    matches_schema: bool = False
    #: Whether its text could hold a value ``validate.check_values`` refuses (NaN, an infinity, a
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
    #: unknown, so references that may point into them are not reported (validate.py).
    unreadable: tuple[tuple[str, str], ...] = ()

    def of_kind(self, kind: str) -> list[RawDocument]:
        return [doc for doc in self.documents if doc.kind == kind]


class _ParseProblem(Exception):
    def __init__(self, position: Position, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.position, self.code, self.message, self.hint = position, code, message, hint


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


@dataclass(frozen=True)
class ContentFile:
    """A file :func:`discover_files` found: where it is, how users see it, what it holds."""

    path: str  # on disk
    shown: str  # relative to the project root, with "/"
    kind: str
    is_link: bool


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
    if data is None and _is_blank(text):
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
    except _ParseProblem as problem:
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


def _is_blank(text: str) -> bool:
    """Only spaces and comments: what users mean by an empty file (YAML reads it as null)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def parse_document(text: str) -> tuple[Any, tuple[dict, dict] | None]:
    """Parse one file: ``(data, (positions, key positions) or None if not yet worked out)``.

    The fast path composes in C and leaves positions for later (:func:`locate_document`);
    anything unusual goes to the careful parser (:func:`parse_yaml`), which names the
    exact line of an alias, a duplicate key or a bad tag and never builds them.
    """
    if _fast_path_is_safe(text):
        try:
            return parse_composed_data(text), None
        except _Fallback:
            pass
    data, positions, key_positions = parse_yaml(text)
    return data, (positions, key_positions)


def locate_document(text: str) -> tuple[dict, dict]:
    """(value positions, key positions) of a file :func:`parse_document` accepted."""
    if _fast_path_is_safe(text):
        try:
            return parse_composed(text)[1:]
        except _Fallback:
            pass
    return parse_yaml(text)[1:]


def _fast_path_is_safe(text: str) -> bool:
    return text.count("[") + text.count("{") <= _FAST_PATH_MAX_BRACKETS and not _deep_block_nesting(text)


#: Above this many flow brackets a file goes straight to the careful parser, whose
#: depth limit protects libyaml's recursive composer from overflowing the C stack
#: (block nesting is bounded by the file size limit: a 1 MB file nests ~1,400 deep).
_FAST_PATH_MAX_BRACKETS = 500
# Block nesting without brackets: a run of indicators on one line ("- - - - x", 100,000 deep in a
# 200 KB file crashed libyaml's composer, measured) or very deep indentation.
_INDICATOR_RUN = re.compile(r"(?:[-?:][ \t]+){50}")
_DEEP_INDENT = " " * 400
#: Every level of block nesting takes at least two characters ("- "), so a file this small
#: nests at most 2,000 deep; libyaml composed 20,000 levels on an 8 MB stack (measured).
_SHALLOW_BY_SIZE = 4_000


def _deep_block_nesting(text: str) -> bool:
    if len(text) <= _SHALLOW_BY_SIZE:
        return False  # the regex scan cost a tenth of the load at 10,000 terms
    return _DEEP_INDENT in text or _INDICATOR_RUN.search(text) is not None


# First characters that can start a non-string plain scalar (true, null, 12, -1, .5, ~ ...);
# a plain scalar starting with anything else is a string without asking the resolver.
_RESOLVABLE_FIRST = frozenset(YAML_LOADER.yaml_implicit_resolvers) | {""}
_WORD_TAGS = {
    **dict.fromkeys(
        "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split(), "tag:yaml.org,2002:bool"
    ),
    **dict.fromkeys(["null", "Null", "NULL"], "tag:yaml.org,2002:null"),
}


_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode
#: The safe loaders register no path resolvers; if a future PyYAML does, resolve() asks it every time.
_NO_PATH_RESOLVERS = not YAML_LOADER.yaml_path_resolvers


class _ComposingLoader(YAML_LOADER):  # type: ignore[misc,valid-type]
    """The C loader with a resolver shortcut: most scalars are words, hence strings.

    libyaml's composer asks the Python resolver about every scalar; answering the
    common case without the regular-expression scan cuts composing 10,000 terms
    from 1.35 s to 1.02 s (benchmarks/README.md).
    """

    # libyaml's composer calls these two around every node, for path resolvers, which the safe
    # loaders never register (yaml_path_resolvers is empty): C built-ins that take the same
    # arguments and do nothing of note save two Python calls per node (5% of composing).
    if not YAML_LOADER.yaml_path_resolvers:
        descend_resolver = staticmethod(slice)  # slice(parent, index): built and dropped
        ascend_resolver = staticmethod(tuple)  # tuple(): the empty tuple

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if _NO_PATH_RESOLVERS:  # then the base resolver's answer depends on the node alone:
            if kind is not _SCALAR_NODE:  # a collection without a tag is a list or a mapping,
                return _SEQ if kind is _SEQUENCE_NODE else _MAP
            if not implicit[0]:  # and a quoted or block scalar is text (4% of composing, measured)
                return _STR
        if kind is _SCALAR_NODE and implicit[0]:
            first = value[:1]
            if first not in _RESOLVABLE_FIRST:
                return _STR
            if first.isalpha():  # a word: only YAML 1.1's booleans and nulls are not text
                return _WORD_TAGS.get(value, _STR)
        return super().resolve(kind, value, implicit)


class _Fallback(Exception):
    """The fast path met something only the careful parser reports well."""


def parse_composed(text: str) -> tuple[Any, dict, dict]:
    """Compose the node tree in C (libyaml), then turn it into values with positions.

    Twice as fast as walking the events in Python: the nodes already carry their
    marks. Raises :class:`_Fallback` on aliases, unknown tags, duplicate or complex
    keys and deep nesting; raises :class:`_ParseProblem` on syntax errors.
    """
    node = _compose(text)
    positions: dict = {}
    key_positions: dict = {}
    if node is None:
        return None, positions, key_positions
    seen: set[int] = set()
    root: list[Any] = []
    # (node, path, container to put the value in, key or None to append, depth)
    work: list[tuple[Any, tuple, Any, Any, int]] = [(node, (), root, None, 1)]
    while work:
        node, path, parent, key, depth = work.pop()
        positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in seen or depth > MAX_DEPTH:
            raise _Fallback
        seen.add(id(node))
        kind = type(node)
        if kind is yaml.ScalarNode:
            value = _composed_scalar(node)
        elif kind is yaml.MappingNode:
            if node.tag != _MAP:
                raise _Fallback
            value = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _Fallback
                item_key = _composed_scalar(key_node)
                if item_key in value or item_key is None:
                    raise _Fallback
                value[item_key] = None  # reserves the key's place in the file's order
                key_positions[path + (item_key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                work.append((value_node, path + (item_key,), value, item_key, depth + 1))
        elif kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise _Fallback
            value = [None] * len(node.value)
            for index in range(len(node.value) - 1, -1, -1):
                work.append((node.value[index], path + (index,), value, index, depth + 1))
        else:
            raise _Fallback
        if parent is root:
            root.append(value)
        else:
            parent[key] = value
    return root[0], positions, key_positions


def parse_composed_data(text: str) -> Any:
    """Like :func:`parse_composed`, but only the values: the common, valid case.

    Raises :class:`_Fallback` and :class:`_ParseProblem` exactly as it does.
    """
    node = _compose(text)
    if node is None:
        return None
    # An alias needs an anchor ('&'); without one no node can appear twice.
    return _plain_value(node, 1, set() if "&" in text else None)


def _plain_value(node: Any, depth: int, seen: set[int] | None) -> Any:
    """The value of a composed node (recursive: depth is capped at MAX_DEPTH).

    Text scalars, most of any file, are taken inline rather than through a call each.
    """
    if seen is not None:
        if id(node) in seen:
            raise _Fallback
        seen.add(id(node))
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _composed_scalar(node)
    if depth >= MAX_DEPTH:
        raise _Fallback
    if kind is yaml.MappingNode:
        if node.tag != _MAP:
            raise _Fallback
        mapping: dict = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _Fallback
            key = key_node.value if key_node.tag == _STR else _composed_scalar(key_node)
            if key in mapping or key is None:
                raise _Fallback
            if seen is None and value_node.tag == _STR and type(value_node) is yaml.ScalarNode:
                mapping[key] = value_node.value
            else:
                mapping[key] = _plain_value(value_node, depth + 1, seen)
        return mapping
    if kind is yaml.SequenceNode:
        if node.tag != _SEQ:
            raise _Fallback
        return [
            item.value
            if seen is None and item.tag == _STR and type(item) is yaml.ScalarNode
            else _plain_value(item, depth + 1, seen)
            for item in node.value
        ]
    raise _Fallback


def _compose(text: str) -> Any:
    try:
        loader = _ComposingLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        raise _Fallback from None  # the careful parser words syntax errors


def _composed_scalar(node: Any) -> Any:
    tag = node.tag
    if tag == _STR or tag == _TIMESTAMP:
        return node.value
    builder = _SCALAR_BUILDERS.get(tag)
    if builder is None:
        raise _Fallback
    return builder(node)


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
        return raw.decode("utf-8-sig")
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


class _NotAFile(Exception):
    """A content path that is a pipe, socket or device: reading it could block or never end."""


def _read_bytes_within_limit(path: str, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The file's bytes, or None if it is larger than ``limit`` (:data:`MAX_FILE_BYTES`).

    Plain ``os`` calls sized by ``fstat`` (half the time of ``open().read()`` over
    10,000 small files); reading on to the end guards against a file that grows.
    """
    # O_NONBLOCK: opening a named pipe would otherwise wait for a writer forever
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _NotAFile(path)
        size = status.st_size
        if size > limit:
            return None
        raw = b""
        while chunk := os.read(fd, size + 1 - len(raw) if len(raw) <= size else 65_536):
            raw += chunk
            if len(raw) > limit:
                return None
        return raw
    finally:
        os.close(fd)


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def parse_yaml(text: str) -> tuple[Any, dict, dict]:
    """Parse one YAML document into plain values, value positions and key positions.

    Raises :class:`_ParseProblem` for syntax errors, aliases, non-standard tags,
    duplicate keys, non-scalar keys, excessive nesting and multiple documents.
    """
    positions: dict = {}
    key_positions: dict = {}
    # Each frame: [container, path, pending_key or _NO_KEY]
    stack: list[list] = []
    root: Any = None
    have_root = False
    documents = 0
    try:
        for event in _events(text):
            kind = type(event)
            if kind is ScalarEvent:
                value = _scalar_value(event)
                if stack and stack[-1][2] is _NO_KEY and isinstance(stack[-1][0], dict):
                    _accept_key(stack[-1], value, event, key_positions)
                    continue
                root, have_root = _place(stack, value, _pos(event.start_mark), positions, root, have_root)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                _check_collection_tag(event, _MAP if kind is MappingStartEvent else _SEQ)
                if stack and stack[-1][2] is _NO_KEY and isinstance(stack[-1][0], dict):
                    raise _ParseProblem(
                        _pos(event.start_mark),
                        "wrong-type",
                        "a mapping key must be a plain value, not a list or mapping",
                    )
                if len(stack) >= MAX_DEPTH:
                    raise _too_deep(_pos(event.start_mark))
                container: Any = {} if kind is MappingStartEvent else []
                path = _child_path(stack)
                root, have_root = _place(stack, container, _pos(event.start_mark), positions, root, have_root)
                stack.append([container, path, _NO_KEY])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is AliasEvent:
                raise _ParseProblem(
                    _pos(event.start_mark),
                    "yaml-alias",
                    f"alias '*{event.anchor}' is not allowed in content files",
                    "write the value out instead of referring to an anchor",
                )
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _ParseProblem(
                        _pos(event.start_mark),
                        "yaml-syntax",
                        "a content file holds one YAML document, found a second '---'",
                        "split it into separate files",
                    )
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "nesting depth" in (error.problem or ""):
            # The libyaml in PyYAML 6.0.4 wheels stops at 1,000 levels while scanning ahead,
            # before our own limit is reached event by event: the same problem, said alike.
            raise _too_deep(_pos(mark) if mark else (1, 1)) from None
        message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        if error.context_mark and mark and error.context_mark.line != mark.line:
            message += f" (started at line {error.context_mark.line + 1})"
        raise _ParseProblem(
            _pos(mark) if mark else (1, 1),
            "yaml-syntax",
            message,
            _syntax_hint(error.problem or ""),
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise _ParseProblem(
            (line, column),
            "yaml-syntax",
            f"character #x{error.character:04x} is not allowed in YAML",
            "remove the control character",
        ) from None
    except yaml.YAMLError as error:
        raise _ParseProblem((1, 1), "yaml-syntax", str(error).splitlines()[0]) from None
    return root, positions, key_positions


def _syntax_hint(problem: str) -> str:
    """What to do about libyaml's complaint, in an editor's words."""
    if "mapping values are not allowed" in problem:
        return (
            "a value holding ': ' must be quoted (summary: \"Pipeline: what is open\"); "
            "otherwise a key is indented differently from the ones beside it"
        )
    return "check indentation, quoting and the ':' after each key"


def _too_deep(position: Position) -> _ParseProblem:
    return _ParseProblem(
        position, "too-deep", f"nesting deeper than {MAX_DEPTH} levels", "content records are at most a few levels deep"
    )


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def _child_path(stack: list[list]) -> tuple:
    if not stack:
        return ()
    container, path, pending = stack[-1]
    if isinstance(container, dict):
        return path + (pending[0],)
    return path + (len(container),)


def _place(stack, value, position, positions, root, have_root):
    """Put ``value`` into the innermost open container (or make it the root)."""
    if not stack:
        positions[()] = position
        return value, True
    frame = stack[-1]
    container, path, pending = frame
    if isinstance(container, dict):
        key = pending[0]
        container[key] = value
        positions[path + (key,)] = position
        frame[2] = _NO_KEY
    else:
        positions[path + (len(container),)] = position
        container.append(value)
    return root, have_root


def _accept_key(frame: list, key: Any, event: Any, key_positions: dict) -> None:
    container, path, _ = frame
    position = _pos(event.start_mark)
    if not isinstance(key, (str, int, float, bool)) and key is not None:
        raise _ParseProblem(position, "wrong-type", "a mapping key must be a plain value")
    if key in container or (path + (key,)) in key_positions:
        first = key_positions.get(path + (key,), position)
        raise _ParseProblem(
            position,
            "duplicate-key",
            f"key '{key}' appears twice in the same mapping (first at line {first[0]})",
            "YAML keeps only the last value; remove one of them",
        )
    key_positions[path + (key,)] = position
    frame[2] = (key,)


def _check_collection_tag(event: Any, expected: str) -> None:
    tag = event.tag
    if tag is None or tag == "!" or tag == expected:
        return
    raise _ParseProblem(
        _pos(event.start_mark),
        "unsafe-tag",
        f"YAML tag '{tag}' is not allowed in content files",
        "remove the tag; content files hold only plain mappings, lists and values",
    )


def _events(text: str) -> Iterator[Any]:
    """libyaml's events for ``text``, pulled straight from the parser (no node tree)."""
    parser = YAML_LOADER(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or type(event) is StreamEndEvent:
                return
            yield event
    finally:
        parser.dispose()


def _scalar_value(event: Any) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        value = event.value
        if tag == "!" or event.style or value[:1] not in _RESOLVABLE_FIRST:
            return value  # quoted, '!'-tagged or plainly text
        tag = YAML_LOADER.resolve(YAML_LOADER, yaml.ScalarNode, value, event.implicit)
    if tag == _STR or tag == _TIMESTAMP:
        # Dates stay text: the schema checks their format, the model converts them.
        return event.value
    builder = _SCALAR_BUILDERS.get(tag)
    if builder is None:
        raise _ParseProblem(
            _pos(event.start_mark),
            "unsafe-tag",
            f"YAML tag '{tag}' is not allowed in content files",
            "remove the tag; content files hold only plain mappings, lists and values",
        )
    return builder(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark))
