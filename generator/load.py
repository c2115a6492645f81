"""Stage 1: find the content files and parse them into raw records with positions.

Nothing here judges the content; it only turns bytes into plain Python values and
remembers where each value and each key stood, so that later stages can name
``file:line:column`` for any problem. A file that cannot be read or parsed safely
becomes a :class:`~generator.problems.Problem`, never an exception.

The parser walks libyaml's event stream itself instead of composing a node tree:
that keeps it iterative (no stack overflow on 100,000 nested brackets), lets it
refuse aliases and object-constructing tags before they are expanded or built,
and catches duplicate keys, which PyYAML would silently overwrite.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

from .problems import ProblemList

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


@dataclass(frozen=True)
class RawDocument:
    """One parsed YAML file: plain data, and where every value and key stood."""

    path: str  # as shown to users: relative to the project root, with "/"
    kind: str  # "term", "sources", "categories", "tactics", "tables", "playbook"
    data: Any
    positions: dict = field(repr=False)
    key_positions: dict = field(repr=False)
    text: str = field(default="", repr=False)  # kept to locate text inside block scalars

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
        lines = self.text.splitlines()
        value = self.data
        for part in path:
            value = value[part]
        block = isinstance(value, str) and "\n" in value.rstrip("\n")
        target = line + 1 + line_in_value if block else line
        if 0 < target <= len(lines):
            found = lines[target - 1].find(needle, 0 if block else column - 1)
            if found >= 0:
                return target, found + 1
        return line, column

    def where_key(self, path: Path_) -> Position:
        """Position of the mapping key that ends ``path`` (falls back to the value)."""
        path = tuple(path)
        return self.key_positions.get(path) or self.where(path)


@dataclass(frozen=True)
class RawProject:
    root: Path
    documents: tuple[RawDocument, ...]

    def of_kind(self, kind: str) -> list[RawDocument]:
        return [doc for doc in self.documents if doc.kind == kind]


class _ParseProblem(Exception):
    def __init__(self, position: Position, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.position, self.code, self.message, self.hint = position, code, message, hint


def load_raw_project(root: str | Path, problems: ProblemList) -> RawProject:
    """Parse every content file under ``root``; unreadable files become problems."""
    root = Path(root)
    documents = []
    with paused_gc():
        for path, kind, is_link in discover_files(root, problems):
            doc = load_document(root, path, kind, problems, is_link=is_link)
            if doc is not None:
                documents.append(doc)
    return RawProject(root, tuple(documents))


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


def discover_files(root: Path, problems: ProblemList) -> list[tuple[Path, str, bool]]:
    """List the content files in a stable order: (path, kind of record, is a symlink)."""
    found: list[tuple[Path, str, bool]] = []
    for folder in ("glossary", "playbooks"):
        directory = root / folder
        if not directory.is_dir():
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
                found.append((directory / name, _kind_of(folder, name), is_link))
    return found


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


def display_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_document(
    root: Path, path: Path, kind: str, problems: ProblemList, *, is_link: bool | None = None
) -> RawDocument | None:
    """Read and parse one file, or record why it cannot be and return None."""
    shown = f"{path.parent.name}/{path.name}" if path.parent.parent == root else display_path(root, path)
    text = read_text_safely(root, path, shown, problems, is_link=path.is_symlink() if is_link is None else is_link)
    if text is None:
        return None
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        problems.add(shown, (0, 0), "empty-file", f"{shown} is empty", "add the record's fields, or delete the file")
        return None
    try:
        data, positions, key_positions = parse_document(text)
    except _ParseProblem as problem:
        problems.add(shown, problem.position, problem.code, problem.message, problem.hint)
        return None
    return RawDocument(shown, kind, data, positions, key_positions, text)


def parse_document(text: str) -> tuple[Any, dict, dict]:
    """Parse one file: the fast composed path, or the careful one when anything is unusual.

    Both give the same values and positions for a clean file. The careful parser
    (:func:`parse_yaml`) names the exact line of an alias, a duplicate key or a bad
    tag and never builds them; the fast path hands any of those over to it.
    """
    if text.count("[") + text.count("{") <= _FAST_PATH_MAX_BRACKETS and not _deep_block_nesting(text):
        try:
            return parse_composed(text)
        except _Fallback:
            pass
    return parse_yaml(text)


#: Above this many flow brackets a file goes straight to the careful parser, whose
#: depth limit protects libyaml's recursive composer from overflowing the C stack
#: (block nesting is bounded by the file size limit: a 1 MB file nests ~1,400 deep).
_FAST_PATH_MAX_BRACKETS = 500
# Block nesting without brackets: a run of indicators on one line ("- - - - x", 100,000 deep in a
# 200 KB file crashed libyaml's composer, measured) or very deep indentation.
_INDICATOR_RUN = re.compile(r"(?:[-?:][ \t]+){50}")
_DEEP_INDENT = " " * 400


def _deep_block_nesting(text: str) -> bool:
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


class _ComposingLoader(YAML_LOADER):  # type: ignore[misc,valid-type]
    """The C loader with a resolver shortcut: most scalars are words, hence strings.

    libyaml's composer asks the Python resolver about every scalar; answering the
    common case without the regular-expression scan cuts composing 10,000 terms
    from 1.35 s to 1.02 s (benchmarks/README.md).
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
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
    try:
        loader = _ComposingLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        raise _Fallback from None  # the careful parser words syntax errors
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


def _composed_scalar(node: Any) -> Any:
    tag = node.tag
    if tag == _STR or tag == _TIMESTAMP:
        return node.value
    builder = _SCALAR_BUILDERS.get(tag)
    if builder is None:
        raise _Fallback
    return builder(node)


def read_text_safely(root: Path, path: Path, shown: str, problems: ProblemList, *, is_link: bool) -> str | None:
    """Return the file's text, refusing links out of the project, huge files and non-UTF-8."""
    try:
        if is_link:
            real = path.resolve(strict=True)
            if not real.is_relative_to(root.resolve()):
                problems.add(
                    shown,
                    (0, 0),
                    "outside-link",
                    f"{shown} is a link to a file outside the project ({real})",
                    "copy the content into the project instead of linking to it",
                )
                return None
        with open(path, "rb") as stream:
            # fstat, not read(limit + 1): asking for a 1 MB read allocates 1 MB per file.
            too_large = os.fstat(stream.fileno()).st_size > MAX_FILE_BYTES
            raw = b"" if too_large else stream.read()
        if too_large:
            problems.add(
                shown,
                (0, 0),
                "file-too-large",
                f"{shown} is larger than the limit of {MAX_FILE_BYTES:,} bytes",
                "split it into smaller files",
            )
            return None
    except OSError as error:
        problems.add(shown, (0, 0), "unreadable-file", f"cannot read {shown}: {error.strerror or error}")
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
                    raise _ParseProblem(
                        _pos(event.start_mark),
                        "too-deep",
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "content records are at most a few levels deep",
                    )
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
        message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        if error.context_mark and mark and error.context_mark.line != mark.line:
            message += f" (started at line {error.context_mark.line + 1})"
        raise _ParseProblem(
            _pos(mark) if mark else (1, 1),
            "yaml-syntax",
            message,
            "check indentation, quoting and the ':' after each key",
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
