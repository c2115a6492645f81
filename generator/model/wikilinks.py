"""How a ``[[link]]`` reads: one rule for term pages, the data files' HTML and the exports.

A link must read as the sentence it stands in was written, so the text shown is:

* ``[[id|label]]``: the label, exactly as written;
* ``[[name]]``, where *name* is one of the term's names, its abbreviation, an alias or a form
  (any case): the name as written (``[[MQL]]`` stays "MQL", ``[[leads]]`` "leads");
* ``[[id]]`` (the term's id, a former id or another spelling of a name): the display name in
  running-text case (:func:`running_text_name`), capitalised at the start of a paragraph, list
  item or sentence (:func:`at_sentence_start`);

and then the link's trail, the letters written straight after ``]]`` (``[[MQL]]s`` reads "MQLs",
see :data:`text.WIKILINK`). The renderer escapes the result like any other text.
"""

from __future__ import annotations

import re

from generator.model.glossary import Term

#: What may stand at a line's start before its text: indentation, quote and list markers.
_BLOCK_MARKERS = re.compile(r"[ \t]*(?:(?:>|[-*+]|\d+[.)])[ \t]*)*")
#: The end of a sentence: '.', '!' or '?', perhaps followed by a closing quote or bracket.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\Z")


def running_text_name(name: str) -> str:
    """``name`` as it reads inside a sentence: "Lead capture form" -> "lead capture form".

    A name with a capital letter anywhere but its first character is an abbreviation or a proper
    noun ("MQL", "Ideal Customer Profile", "B2B marketing", "Cost per lead (CPL)") and stays as
    written; any other name gets a lower-case first letter. A one-word proper noun ("Salesforce")
    cannot be told from a common noun: link it by name, ``[[Salesforce]]``, to keep its capital.
    """
    if any(char.isupper() for char in name[1:]):
        return name
    return name[:1].lower() + name[1:]


def at_sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` in ``text`` starts a paragraph, a list item, a quote or a sentence.

    A sentence starts after '.', '!' or '?' and white space (so "e.g. [[lead]]" is capitalised
    too: keep it simple, or write ``[[lead|lead]]``).
    """
    before = text[:position]
    line_start = before.rfind("\n") + 1
    line = before[line_start:]
    if _BLOCK_MARKERS.fullmatch(line):
        if line.strip():  # only list or quote markers before the link: a new item
            return True
        previous = before[:line_start].rstrip(" \t")
        if not previous.strip() or _BLANK_LINE_END.search(previous):
            return True
    if before and not before[-1].isspace():
        return False
    return bool(_SENTENCE_END.search(before.rstrip()))


_BLANK_LINE_END = re.compile(r"\n[ \t]*\n\Z")


def written_as_name(term: Term, target: str) -> bool:
    """Whether ``target`` is one of the term's names or forms (any case), not only its id."""
    if target == term.id:
        return False
    wanted = target.casefold()
    return any(name.casefold() == wanted for name in (*term.names, *term.forms))


def link_text(term: Term | None, match: re.Match) -> str:
    """The text a ``[[link]]`` (a :data:`text.WIKILINK` match) shows, trail included; unescaped.

    An unknown term shows what was written (``glossary check`` reports it).
    """
    target, label, trail = match.group(1).strip(), match.group(2), match.group(3) or ""
    if label is not None:
        return label + trail
    if term is None or written_as_name(term, target):
        return target + trail
    name = running_text_name(term.term)
    if at_sentence_start(match.string, match.start()):
        name = name[:1].upper() + name[1:]
    return name + trail
