"""Plain prose to HTML without Python-Markdown: the fast path of the data files' HTML fields.

terms.json, tactics.json and the classifier's data carry every definition and rationale
as HTML. Python-Markdown takes ~0.5 ms per field (its inline processor tries every
pattern at every text node): 5.9-6.9 s for the 11,000 fields of a 10,000-term corpus, where
this module takes 0.5-0.7 s (measured).
Most fields are prose paragraphs with ``[[links]]``; for exactly those this module
writes the HTML Python-Markdown would write, and for anything else it answers ``None``
so the caller converts the field with Python-Markdown as before.

"Exactly": tests/test_prose.py compares the two on generated text (every Markdown
special character included, so both answers are exercised), on the repository's
content and on a synthetic corpus. The rules below are deliberately narrow: a character
that could mean something to Markdown anywhere in a line, or a line that could start a
block (list, heading, quote, code), sends the field to Python-Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.core.text import WIKILINK

#: Characters that may start inline Markdown or need entity handling. Control characters
#: are excluded too: Python-Markdown uses STX/ETX internally as placeholders.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!<>&|#\x00-\x09\x0b-\x1f\x7f]")

#: A line is prose if it starts with a letter (so no list, heading, quote, code block,
#: setext underline or table) and does not end with whitespace (two spaces = line break).
_PROSE_LINE = re.compile(r"[^\W\d_][^\n]*(?<!\s)")

_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")

#: How a resolved ``[[link]]`` becomes HTML: its :data:`text.WIKILINK` match -> HTML or None.
LinkHTML = Callable[[re.Match], "str | None"]


def prose_html(text: str, link_html: LinkHTML) -> str | None:
    """``text`` (paragraphs of prose and ``[[links]]``) as HTML, or None if it is anything more.

    ``link_html`` gets each link's match (target, label, trail, and the text around it for
    :mod:`wikilinks`' rules) and answers its ``<a>`` element, or None
    when it cannot (an unknown term): the whole field then goes to Python-Markdown.
    """
    pieces: list[str] = []
    last = 0
    for match in WIKILINK.finditer(text):
        prose = text[last : match.start()]
        if _INLINE_SYNTAX.search(prose):
            return None
        link = link_html(match)
        if link is None:
            return None
        # A link becomes one placeholder letter: it cannot start a block either.
        pieces.append(prose)
        pieces.append("\x00" + link)
        last = match.end()
    tail = text[last:]
    if _INLINE_SYNTAX.search(tail):
        return None
    pieces.append(tail)
    return _paragraphs("".join(pieces))


def _paragraphs(text: str) -> str | None:
    """Blocks split at blank lines, each a <p>; links (after a NUL) stand in as a letter."""
    blocks = []
    for block in _BLANK_LINES.split(text.strip("\n")):
        lines = block.split("\n")
        for line in lines:
            probe = line.replace("\x00<", "L<") if "\x00" in line else line
            if not _PROSE_LINE.fullmatch(probe):
                return None
        blocks.append("<p>" + "\n".join(lines).replace("\x00", "") + "</p>")
    return "\n".join(blocks) if blocks else None
