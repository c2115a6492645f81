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
