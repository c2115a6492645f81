"""Small text helpers shared by validation, import and rendering."""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Buyer's journey' -> 'buyers-journey', 'MQL' -> 'mql'."""
    if text.isascii():  # NFKD leaves ASCII as it is; most names are ASCII
        ascii_text = text
    else:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "").replace("\u2019", "")
    return _NON_SLUG.sub("-", ascii_text).strip("-")


def closest(word: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate most similar to ``word`` (case-insensitively), or None."""
    candidates = list(candidates)
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)]
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str:
    """A hint naming the closest candidate, or '' when nothing is close enough."""
    match = closest(word, candidates, cutoff=cutoff)
    return f"did you mean '{match}'?" if match else ""


#: ``[[term-id]]`` or ``[[any name of a term|link text]]`` inside Markdown fields.
WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")


#: A Markdown link's target: inline ``[text](target)``, or a reference definition ``[id]: target``,
#: which may stand inside block quotes and list items (``> - [id]: target``), have an empty id, and
#: have its target on the next line. safe_html checks the rendered HTML as well: this is the fast,
#: positioned first look.
_LINK_TARGET = re.compile(
    r"(\]\(\s*<?)([^)\s>]*)"
    r"|^((?:[ \t]*(?:>|[-*+](?=[ \t])|\d+[.)](?=[ \t])))*[ \t]*\[[^\[\]\n]*\]:[ \t]*(?:\n[ \t>]*)?<?)(\S*)",
    re.M,
)
_SAFE_TARGET = re.compile(r"^(https?://|mailto:|#|/|\.{1,2}/|[^:/?#]+(?:[/?#]|$))", re.I)


#: What a browser skips inside a URL scheme: spaces, control characters and DEL.
_URL_IGNORED = re.compile("[\x00- \x7f]+")


def _as_browser_reads(text: str) -> str:
    """``text`` with entities decoded and spaces/control characters removed.

    One C-level regex pass: a per-character Python loop over every Markdown field
    cost a second of ``glossary check`` at 10,000 terms (benchmarks/README.md).
    """
    return _URL_IGNORED.sub("", html.unescape(text))


def is_safe_link_target(target: str) -> bool:
    """Only http(s), mailto and relative targets: never javascript:, data: or vbscript:.

    Entities and control characters are undone first, as a browser would, so
    '&#106;avascript:' and 'java\tscript:' are caught too.
    """
    normalized = _as_browser_reads(target)
    return not normalized or bool(_SAFE_TARGET.match(normalized))


def neutralize_unsafe_links(markdown: str) -> str:
    """``markdown`` with every unsafe link target replaced by '#' (defence in depth:
    ``glossary check`` already refuses them, the renderer must still never emit one)."""

    def replace(match: re.Match) -> str:
        prefix, target = (match.group(1), match.group(2)) if match.group(2) is not None else match.group(3, 4)
        return prefix + (target if is_safe_link_target(target) else "#")

    return _LINK_TARGET.sub(replace, markdown)


def _link_targets(markdown: str) -> Iterator[tuple[int, str]]:
    """(offset, target) of every Markdown link and link definition in ``markdown``."""
    if "](" not in markdown and "]:" not in markdown:
        return  # most fields have no link: skip the regex scan (a third of check_wikilinks)
    for match in _LINK_TARGET.finditer(markdown):
        if match.group(2) is not None:
            yield match.start(2), match.group(2)
        else:
            yield match.start(4), match.group(4)


def _spaced(word: str) -> str:
    return "[\\x00- \\x7f]*".join(word)


#: 'javascript:' or 'vbscript:' with anything a browser skips between the letters.
_HIDDEN_SCHEME = re.compile(f"(?:{_spaced('java')}|{_spaced('vb')})[\\x00- \\x7f]*{_spaced('script:')}", re.I)


def unsafe_link_targets(markdown: str) -> list[tuple[int, str]]:
    """(offset, target) of every Markdown link or link definition with an unsafe target.

    Also any 'javascript:' or 'vbscript:' at all, however spaced or entity-encoded:
    prose has no use for them and a crafted link could hide one from the link regex.
    """
    found = [(start, target) for start, target in _link_targets(markdown) if not is_safe_link_target(target)]
    if not found:
        readable = html.unescape(markdown)
        hidden = ":" in readable and _HIDDEN_SCHEME.search(readable)  # the colon test skips most fields
        if hidden:
            found.append((0, hidden.group(0)))
    return found


_ABSOLUTE_TARGET = re.compile(r"^(https?://|mailto:|#)", re.I)


def relative_link_targets(markdown: str) -> list[tuple[int, str]]:
    """(offset, target) of every safe Markdown link whose target is not a full address.

    A field's Markdown is shown on several pages (a term's page, the classifier, terms.json,
    embed cards), so a relative target cannot point to the same place from all of them.
    """
    return [
        (start, target)
        for start, target in _link_targets(markdown)
        if target and is_safe_link_target(target) and not _ABSOLUTE_TARGET.match(target)
    ]


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, shaped as a trie.

    ``a|ab|abc|b...`` makes Python's ``re`` try every alternative at every position
    (time grows with text x words); a trie-shaped pattern tries only the branches
    that share the text's next character, so thousands of names stay cheap.
    Longer words win over their prefixes ('leads' before 'lead').
    """
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_to_regex(trie) if trie else r"(?!x)x"


def _trie_to_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_to_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_ALNUM = re.compile("[^a-z0-9]+")


def normalize_words(text: str) -> str:
    """Lowercase ASCII words separated by single spaces ("Trade-Show " -> "trade show").

    The classifier compares names and keywords in this form, in Python and in
    classifier.js alike, so it uses only steps both languages have: lower-casing,
    NFKD with combining marks U+0300-U+036F removed, runs of anything else -> one space.
    """
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))
    return " ".join(_NOT_ALNUM.sub(" ", text).split())
