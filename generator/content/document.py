"""The parsed content: :class:`RawDocument` (one YAML file's data, and where each value stood) and
:class:`RawProject` (every document of a project).

Kept apart from the loader (``load.py``) so that what imports only the documents (every check, the
parse helper's results) does not import the loading machinery with them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.yaml_reader import Position, locate_document

Path_ = tuple  # a path into a document: keys and list indexes, e.g. ("related", 2)


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
    #: What the checks need from its prose, worked out in the parse (``checks/prescan.py``): None when
    #: not worked out (the checks then read the prose themselves).
    facts: Any = field(default=None, repr=False, compare=False)

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
