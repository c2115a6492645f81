"""A Markdown field as a reader sees it, in plain words: what the site's History and "What changed"
compare word by word (interop/history.py), so trainers read the change, not the source.

``**bold**`` reads "bold", ``[[marketing-lead|marketing lead]]`` "marketing lead" and ``[[lead]]``
the term's name (model/wikilinks.py, the rule the pages follow), ``[text](url)`` "text", ``` `code` ```
"code"; heading, list and quote markers are left out. The result is text, not Markdown or HTML: the
templates escape it like any other text. ``glossary diff`` keeps comparing the source (a reviewer
of a pull request wants to see a changed link target or emphasis).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.core.text import WIKILINK
from generator.model.glossary import Term
from generator.model.wikilinks import link_text

#: A backslash escape (``\*``): the character stands as written, never as a marker.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")
#: Characters of the escapes while the markers are removed (a private-use plane, never in content).
_HIDDEN = 0xF0000
_HIDDEN_CHARS = re.compile("[\U000f0000-\U000fffff]+")
#: What may start a line before its text: indentation, quote markers, a heading's or a list item's.
_LINE_MARKERS = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:#{1,6}[ \t]+|(?:[-*+]|\d{1,9}[.)])[ \t]+)?", re.M)
#: A heading's closing hashes, a thematic break.
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$", re.M)
_BREAK = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M)
#: A reference definition (``[id]: https://...``): not read where it stands.
_REFERENCE = re.compile(r"^[ \t]*\[[^\]\n]*\]:[ \t]*\S+.*$", re.M)
#: ``![alt](src)``, ``[text](url "title")``, ``[text][ref]``: the text.
_LINK = re.compile(r"!?\[([^\[\]\n]*)\](?:\([^()\s]*(?:\s+\"[^\"]*\")?\)|\[[^\]\n]*\])")
#: ``<https://example.com>``: the address.
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
#: Code spans: their text.
_CODE = re.compile(r"(`+)(.+?)\1", re.S)
#: Emphasis and strike-through markers at the edge of a word (``snake_case`` keeps its underscore).
_EMPHASIS = re.compile(r"(?<![\w*_~])[*_~]+(?=[^\s*_~])|(?<=[^\s*_~])[*_~]+(?![\w*_~])|(?<!\S)[*_~]{2,}(?!\S)")


def as_read(markdown: str, lookup: Callable[[str], Term | None]) -> str:
    """``markdown`` as the page reads it, in plain words (see the module docstring).

    ``lookup`` finds the term a ``[[link]]`` names (``Glossary.lookup``); an unknown one reads as written.
    """
    authored = _moved_aside(markdown) if _HIDDEN_CHARS.search(markdown) else {}
    if authored:
        markdown = markdown.translate(authored)
    text = WIKILINK.sub(lambda match: _link(match, lookup), markdown)
    text = _ESCAPE.sub(lambda match: _hide(match.group(1)), text)
    text = _CODE.sub(lambda match: _hide(match.group(2).strip()), text)
    text = _REFERENCE.sub("", text)
    text = _BREAK.sub("", text)
    text = _LINE_MARKERS.sub("", text)
    text = _CLOSING_HASHES.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    for _ in range(3):  # a link inside a link's text, an image inside a link
        text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    # only the runs that were hidden are restored: a Python pass over every character took most of the time
    text = _HIDDEN_CHARS.sub(lambda run: "".join(chr(ord(c) - _HIDDEN) for c in run.group()), text)
    return text.translate({ord(aside): chr(original) for original, aside in authored.items()}) if authored else text


def _moved_aside(markdown: str) -> dict[int, str]:
    """Characters of the hiding plane that the author wrote (rare: it is private use), each mapped to a
    character of the next plane that ``markdown`` does not hold, so that restoring the hidden runs
    does not turn them into others (U+FD800 read back as a lone surrogate, U+D800)."""
    free = (chr(code) for code in range(0x100000, 0x110000) if chr(code) not in markdown)
    return {ord(char): next(free) for char in sorted(set("".join(_HIDDEN_CHARS.findall(markdown))))}


def _link(match: re.Match, lookup: Callable[[str], Term | None]) -> str:
    """A ``[[link]]``'s text: a label is the author's Markdown (read on like the rest), a name is text."""
    shown = link_text(lookup(match.group(1).strip()), match)
    if match.group(2) is not None:
        return shown
    return _hide(shown)


def _hide(text: str) -> str:
    """``text`` out of reach of the marker rules: shown as written (a label's ``*`` is the label's)."""
    return "".join(chr(ord(c) + _HIDDEN) if ord(c) < 0x10000 else c for c in text)
