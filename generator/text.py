"""Small text helpers shared by validation, import and rendering."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Buyer's journey' -> 'buyers-journey', 'MQL' -> 'mql'."""
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


_LINK_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]*)|^(\s{0,3}\[[^\]]+\]:\s*<?)(\S*)", re.M)
_SAFE_TARGET = re.compile(r"^(https?://|mailto:|#|/|\.{1,2}/|[^:/?#]+(?:[/?#]|$))", re.I)


def is_safe_link_target(target: str) -> bool:
    """Only http(s), mailto and relative targets: never javascript:, data: or vbscript:.

    Entities and control characters are undone first, as a browser would, so
    '&#106;avascript:' and 'java\tscript:' are caught too.
    """
    import html

    normalized = "".join(ch for ch in html.unescape(target) if ch > " " and ch != "\x7f")
    return not normalized or bool(_SAFE_TARGET.match(normalized))


_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:", re.I)


def neutralize_unsafe_links(markdown: str) -> str:
    """``markdown`` with every unsafe link target replaced by '#' (defence in depth:
    ``glossary check`` already refuses them, the renderer must still never emit one)."""

    def replace(match: re.Match) -> str:
        prefix, target = (match.group(1), match.group(2)) if match.group(2) is not None else match.group(3, 4)
        return prefix + (target if is_safe_link_target(target) else "#")

    return _LINK_TARGET.sub(replace, markdown)


def unsafe_link_targets(markdown: str) -> list[tuple[int, str]]:
    """(offset, target) of every Markdown link or link definition with an unsafe target.

    Also any 'javascript:' or 'vbscript:' at all, however spaced or entity-encoded:
    prose has no use for them and a crafted link could hide one from the link regex.
    """
    import html

    found = []
    for match in _LINK_TARGET.finditer(markdown):
        target = match.group(2) if match.group(2) is not None else match.group(4)
        start = match.start(2) if match.group(2) is not None else match.start(4)
        if not is_safe_link_target(target):
            found.append((start, target))
    squeezed = "".join(ch for ch in html.unescape(markdown) if ch > " ")
    hidden = _SCRIPT_SCHEME.search(squeezed)
    if hidden and not found:
        found.append((0, hidden.group(0)))
    return found


_ABSOLUTE_TARGET = re.compile(r"^(https?://|mailto:|#)", re.I)


def relative_link_targets(markdown: str) -> list[tuple[int, str]]:
    """(offset, target) of every safe Markdown link whose target is not a full address.

    A field's Markdown is shown on several pages (a term's page, the classifier, terms.json,
    embed cards), so a relative target cannot point to the same place from all of them.
    """
    found = []
    for match in _LINK_TARGET.finditer(markdown):
        target = match.group(2) if match.group(2) is not None else match.group(4)
        start = match.start(2) if match.group(2) is not None else match.start(4)
        if target and is_safe_link_target(target) and not _ABSOLUTE_TARGET.match(target):
            found.append((start, target))
    return found


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
