"""The last check on the HTML Python-Markdown writes from user Markdown: no unsafe link survives it.

User Markdown is defused before it is converted (``site/escaping.defused``: raw HTML escaped, unsafe link
targets neutralised, headings shown as text) and ``glossary check`` refuses unsafe links. Both read
Markdown with regular expressions, and Markdown has more ways to write a link than a regular
expression sees: a reference definition inside a block quote or a list item, its target on the next
line or in angle brackets, with a title... So :class:`SafeLinks` looks at what Python-Markdown
actually made: after every other step, each URL attribute of each element is checked against the
rule of :func:`text.is_safe_link_target` (http(s), mailto or relative), and event-handler attributes
are dropped. It runs in both places Markdown becomes HTML: MkDocs' pages (the plugin adds it) and the
data files' HTML fields (terms.json, tactics.json, the classifier's data, embeds).

The same extension carries :class:`CodeSpans`, so a '<' in a code span shows as written there too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor
from markdown.treeprocessors import Treeprocessor

from generator.core.text import is_safe_link_target, unsafe_link_targets

#: Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background", "cite", "data", "ping"}
)

#: Python-Markdown's placeholder for a backslash-escaped character (STX, its code point, ETX).
_ESCAPED = re.compile("\x02(\\d+)\x03")


def _as_written(value: str) -> str:
    """An attribute value with Python-Markdown's placeholders undone, as the browser will get it."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1))), value).replace(markdown.util.AMP_SUBSTITUTE, "&")


class SafeLinks(Treeprocessor):
    """Unsafe URLs out of the element tree: an ``href`` becomes '#', any other URL attribute and
    every ``on*`` attribute is removed. What it changed is kept in ``neutralised`` (attribute, value)."""

    def __init__(self, md: markdown.Markdown | None = None):
        super().__init__(md)
        self.neutralised: list[tuple[str, str]] = []

    def run(self, root: etree.Element) -> None:
        self.neutralised = []
        for element in root.iter():
            for name, value in list(element.attrib.items()):
                lowered = name.lower()
                if lowered.startswith("on"):
                    self.neutralised.append((name, value))
                    del element.attrib[name]
                elif lowered in URL_ATTRIBUTES and value and not is_safe_link_target(_as_written(value)):
                    self.neutralised.append((name, _as_written(value)))
                    if lowered == "href":
                        element.set(name, "#")
                    else:
                        del element.attrib[name]


class CodeSpans(BacktickInlineProcessor):
    """Python-Markdown's code spans, showing a '<' as the author wrote it.

    User Markdown reaches Python-Markdown with every '<' written as '&lt;' (``site/escaping.defused``: raw
    HTML is never passed on). Outside code that entity reads '<'; inside a code span Python-Markdown
    escapes its '&', and `<b>` showed as '&lt;b>' (issue 26, item 5). Here a code span's '&lt;' is
    '<' again before Python-Markdown escapes the span's text, so the span shows '<b>' and still
    holds no tag. An author's own '&lt;' inside code reads '<' too, as it does everywhere else.
    """

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: ANN201 - Python-Markdown's signature
        element, start, end = super().handleMatch(m, data)
        if isinstance(element, etree.Element) and element.text and "&amp;lt;" in element.text:
            element.text = markdown.util.AtomicString(element.text.replace("&amp;lt;", "&lt;"))
        return element, start, end


class SafeLinksExtension(Extension):
    """Registers :class:`SafeLinks` after every step that makes links (inline patterns at priority 20,
    the table of contents at 5) and before MkDocs checks and rewrites relative links (priority 0),
    which would otherwise warn about a neutralised target first."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.processor = SafeLinks()

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.processor.md = md
        md.treeprocessors.register(self.processor, "glossary_safe_links", 0.5)
        md.inlinePatterns.register(CodeSpans(BACKTICK_RE), "backtick", 190)  # replaces Python-Markdown's own


_checker: tuple[markdown.Markdown, SafeLinks] | None = None


def unsafe_targets(text: str) -> list[tuple[int, str]]:
    """(offset, target) of every unsafe link target in the Markdown field ``text``, for ``glossary check``.

    The regular expressions of :func:`text.unsafe_link_targets` first; a field that may hold a
    reference definition (``]:``) is also converted as the renderer converts it, and any URL
    :class:`SafeLinks` had to neutralise is reported, so the check refuses what the page would lose.
    """
    found = unsafe_link_targets(text)
    if found or "]:" not in text:
        return found
    global _checker
    if _checker is None:
        extension = SafeLinksExtension()
        _checker = (markdown.Markdown(extensions=["tables", extension]), extension.processor)
    converter, processor = _checker
    converter.reset().convert(text.replace("<", "&lt;"))
    return [(max(text.find(value), 0), value) for _, value in processor.neutralised]
