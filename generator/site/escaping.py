"""User-authored text made safe for where it goes: plain text without markup, link titles, hrefs, quotes,
headings demoted to text (the template alone makes a page's outline).
"""

from __future__ import annotations

import functools
import html
import json
import re
import urllib.parse
from typing import Any

from generator.core.text import is_safe_link_target, neutralize_unsafe_links
from generator.site.autolink import MARKDOWN_SPECIALS

#: Angle brackets in plain text become their full-width look-alikes. Material for MkDocs shows
#: tooltips (link titles, truncated headings and page titles) by assigning the text to
#: innerHTML, so a '<' that was safely escaped in our HTML would become a tag there again.
_NO_TAGS = str.maketrans({"<": "\uff1c", ">": "\uff1e"})


#: Arrows typed as ASCII become arrows first: the full-width '＞' is missing from common fonts
#: (Liberation), so "lead -> MQL" showed "-" and an empty box. Longest first ("<->" is one arrow).
_ASCII_ARROWS = (("<->", "\u2194"), ("->", "\u2192"), ("<-", "\u2190"), ("=>", "\u21d2"))


def no_tags(value: Any) -> str:
    """``value`` as text without '<' or '>': ASCII arrows as arrows, the other angle brackets as
    look-alikes (see :data:`_NO_TAGS`)."""
    text = str(value)
    if ">" in text or "<" in text:
        for ascii_arrow, arrow in _ASCII_ARROWS:
            text = text.replace(ascii_arrow, arrow)
    return text.translate(_NO_TAGS)


#: The longest summary a link's title (its tooltip) carries whole.
TITLE_LENGTH = 300


@functools.lru_cache(maxsize=65536)
def link_title(text: str) -> str:
    """Text for the title of a Markdown link: it can neither end the link early nor carry HTML.

    Python-Markdown reads ``('b')`` inside a "title" as a title of its own and ends the
    link there, leaving the rest of the summary as raw inline HTML (a summary such as
    ``a ('b') <img src=x onerror=...>`` ran script on every page linking to the term).
    Straight quotes become typographic ones, backslashes slashes, and < > & entities.
    Backticks become a look-alike (U+02CB): Python-Markdown finds code spans before links, so a
    backtick in the titles of two links on one line made one code span of the Markdown between.
    Brackets become entities: Python-Markdown tries every '[' as a link before it reads our link,
    titles included, and searched the rest of the paragraph for each one's ']' (a summary of 300 '['
    and a definition linking the term 100 times took 103 s to render). A tooltip is a sentence: past
    :data:`TITLE_LENGTH` characters the summary is cut at a word with '…', so a long summary is not
    copied into every link to its term (a page's size was links x summary).
    """
    text = " ".join(no_tags(text).split())
    if len(text) > TITLE_LENGTH:
        text = text[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:") + "\u2026"
    text = text.replace("\\", "/").replace('"', "\u201d").replace("'", "\u2019").replace("`", "\u02cb")
    return html.escape(text, quote=False).replace("[", "&#91;").replace("]", "&#93;")


#: What :func:`safe_href` leaves as written: RFC 3986's reserved characters and '%' (so an address
#: already percent-encoded stays as it is), except those Markdown or HTML could read as syntax.
_HREF_KEEP = "!#$%&*+,/:;=?@~"


def safe_href(value: Any) -> str:
    """``value`` as a link target safe in a Markdown link and in a quoted HTML attribute.

    An unsafe scheme (anything but http(s), mailto or a relative path) becomes '#'; every other
    character that could end the target or the attribute (spaces, line breaks, quotes, angle
    brackets, backticks, parentheses, brackets, backslashes, control characters) is percent-encoded.
    ``glossary check`` already refuses such URLs in sources; this holds for any model.
    """
    target = str(value).strip()
    if not is_safe_link_target(target):
        return "#"
    return urllib.parse.quote(target, safe=_HREF_KEEP)


#: How a citation of an editorial source (the team's own decisions) reads.
EDITORIAL_LABEL = "Team's own (editorial)"


def quote_element(quote: str) -> str:
    """A citation's quote as an expandable inline element; the text escaped like any field."""
    return f'<details class="glossary-quote"><summary>Quote</summary><q>{escape_text(quote)}</q></details>'


def escape_text(value: Any) -> str:
    """Plain text for use inside Markdown: no HTML, no Markdown syntax, one line."""
    return _escape_str(value if isinstance(value, str) else str(value))


@functools.lru_cache(maxsize=65536)
def _escape_str(value: str) -> str:
    """escape_text of a string, remembered: a term's name is escaped once for every page linking to it."""
    text = html.escape(no_tags(value), quote=False)
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def defused(value: str) -> str:
    """User Markdown with raw HTML escaped, unsafe link targets neutralised and headings shown as
    text: the first step of every Markdown field, whichever way it is then turned into HTML."""
    return demote_headings(neutralize_unsafe_links(value.replace("<", "&lt;")))


def as_written(label: str) -> str:
    """A ``[[link]]``'s label as the author wrote it, before :func:`defused`: it is plain text, escaped
    again where it is shown (a '<' in it showed as '&lt;')."""
    return label.replace("&lt;", "<")


#: Where a line's block starts: after any block quote markers, list markers and indentation.
_BLOCK_START = r"^((?:[ \t]*(?:>|[-*+](?=[ \t])|\d+[.)](?=[ \t])))*[ \t]*)"


_ATX_HEADING = re.compile(_BLOCK_START + "#", re.M)


_SETEXT_UNDERLINE = re.compile(_BLOCK_START + r"([=-])(?=[=-]*[ \t]*$)", re.M)


def demote_headings(markdown: str) -> str:
    """``markdown`` with every heading shown as the text it was written as.

    A field sits inside a section of its page; a heading of its own would enter the page's
    table of contents, where Material copies a long entry's text into a tooltip that it shows
    as HTML (a definition starting ``## <img onerror=...>`` ran script on hover). The template
    alone decides a page's outline: ``#`` at the start of a block (also inside a quote or a list
    item) is escaped, and a setext underline (``===``, ``---``) loses its first character's meaning.
    """
    if "#" in markdown:
        markdown = _ATX_HEADING.sub(lambda m: m.group(1) + "\\#", markdown)
    if "=" in markdown or "-" in markdown:
        markdown = _SETEXT_UNDERLINE.sub(lambda m: m.group(1) + ("&#61;" if m.group(2) == "=" else "\\-"), markdown)
    return markdown


#: A UTF-16 surrogate pair as json.dumps writes it (``\ud83d\ude00``), after an even run of backslashes
#: (an odd one means the backslash itself was escaped and the ``u`` is plain text).
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def yaml_string(value: Any) -> str:
    """``value`` as a double-quoted YAML scalar, all ASCII, for a page's front matter.

    JSON's quoting nearly is YAML's, except for characters past U+FFFF: JSON writes them as a
    surrogate pair, which YAML reads as two lone surrogates (a page description that cannot be
    encoded as UTF-8 when written). They become YAML's own ``\\UXXXXXXXX`` escape."""

    def code_point(match: re.Match) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        return f"{match.group(1)}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"

    return _SURROGATE_PAIR.sub(code_point, json.dumps(str(value)))
