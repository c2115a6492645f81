"""YAML text -> plain values with the line and column of every value and key.

libyaml's C composer does the work on ordinary files (the fast path); anything unusual (aliases,
tags, duplicate keys, deep nesting, bad bytes, values YAML would silently turn into dates or
floats) goes to a careful event-by-event parser that refuses it with its exact position, without
ever expanding or constructing it. Reading files and sharing them between processes is load.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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

#: (line, column), both 1-based.
Position = tuple[int, int]


#: Deeper nesting than this is never legitimate content and is refused while parsing.
MAX_DEPTH = 64


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class ParseProblem(Exception):
    def __init__(self, position: Position, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.position, self.code, self.message, self.hint = position, code, message, hint


def is_blank(text: str) -> bool:
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


#: The safe loaders register no path resolvers; if a future PyYAML does, resolve() asks it every time.
_NO_PATH_RESOLVERS = not YAML_LOADER.yaml_path_resolvers


_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode


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

        if YAML_LOADER is getattr(yaml, "CSafeLoader", None):

            def __init__(self, stream: Any) -> None:
                # The C parser alone: composing reads neither the constructor's state (this loader
                # never constructs) nor the resolver's (its paths serve path resolvers, which there are
                # none of), and their two Python __init__ calls were 3% of composing a small file.
                yaml.cyaml.CParser.__init__(self, stream)

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
    keys and deep nesting; raises :class:`ParseProblem` on syntax errors.
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

    Raises :class:`_Fallback` and :class:`ParseProblem` exactly as it does.
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


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def parse_yaml(text: str) -> tuple[Any, dict, dict]:
    """Parse one YAML document into plain values, value positions and key positions.

    Raises :class:`ParseProblem` for syntax errors, aliases, non-standard tags,
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
                    raise ParseProblem(
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
                raise ParseProblem(
                    _pos(event.start_mark),
                    "yaml-alias",
                    f"alias '*{event.anchor}' is not allowed in content files",
                    "write the value out instead of referring to an anchor",
                )
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ParseProblem(
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
        raise ParseProblem(
            _pos(mark) if mark else (1, 1),
            "yaml-syntax",
            message,
            _syntax_hint(error.problem or ""),
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise ParseProblem(
            (line, column),
            "yaml-syntax",
            f"character #x{error.character:04x} is not allowed in YAML",
            "remove the control character",
        ) from None
    except yaml.YAMLError as error:
        raise ParseProblem((1, 1), "yaml-syntax", str(error).splitlines()[0]) from None
    return root, positions, key_positions


def _syntax_hint(problem: str) -> str:
    """What to do about libyaml's complaint, in an editor's words."""
    if "mapping values are not allowed" in problem:
        return (
            "a value holding ': ' must be quoted (summary: \"Pipeline: what is open\"); "
            "otherwise a key is indented differently from the ones beside it"
        )
    if "tab character" in problem:
        return "YAML does not allow tabs for indentation: indent with spaces (two per level, as the lines around it)"
    if "did not find expected key" in problem:
        return (
            "a line is indented differently from the keys around it; a '- ' item belongs under the key of its "
            "list (e.g. under 'sources:'), indented two spaces more than that key"
        )
    return "check indentation, quoting and the ':' after each key"


def _too_deep(position: Position) -> ParseProblem:
    return ParseProblem(
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
        raise ParseProblem(position, "wrong-type", "a mapping key must be a plain value")
    if key in container or (path + (key,)) in key_positions:
        first = key_positions.get(path + (key,), position)
        raise ParseProblem(
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
    raise ParseProblem(
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
        raise ParseProblem(
            _pos(event.start_mark),
            "unsafe-tag",
            f"YAML tag '{tag}' is not allowed in content files",
            "remove the tag; content files hold only plain mappings, lists and values",
        )
    return builder(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark))
