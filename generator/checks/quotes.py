"""Quotes as they are compared and recorded: :func:`normalize_quote`, :func:`digest`, the limits of
the citation checks, and what they report (:class:`CitationReport`, for the pages, the summary and
``glossary sources lock``). Below every other citation module, so each can use them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from generator.checks.sources_lock import Lock

#: A quote longer than this is no longer a quotation but a copy.
MAX_QUOTE_WORDS = 25
#: Stored copies larger than this are refused before they are read.
MAX_COPY_BYTES = 5_000_000
#: Longest closest passage shown in a hint.
HINT_CHARS = 160
#: Closest-passage searches in one check: past them a quote not found gets a hint saying so. 200 identical
#: quotes not found, each searched, took 144 s (issue 26 review); identical ones are now searched once.
MAX_HINT_SEARCHES = 20
#: Places of the copy where a search looks (where the quote's rarest shared words stand), and how many of
#: the places sharing the most words are compared character by character: a search's work does not
#: grow with the copy (a 1,000-word quote against a 900 KB copy had run over 300 s).
HINT_PLACES = 400
HINT_COMPARED = 12
#: The environment variable naming the folder of stored copies (over ``stored_copies``).
ENV_VAR = "GLOSSARY_STORED_COPIES"
#: The command-line option naming it (over the environment variable).
OPTION = "--stored-copies"
#: The extensions a stored copy may have: text a person can read, nothing else.
COPY_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")
SOURCES_FILE = "glossary/_sources.yaml"
#: How each quote was verified, as the sources page says it.
BY_COPY, BY_LOCK, NOT_VERIFIED = "copy", "lock", "none"

_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        **{chr(c): "-" for c in range(0x2010, 0x2016)},
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def normalize_quote(text: str) -> str:
    """Text as quotes are compared: one space for any spacing, straight quotes, '-' for dashes, case-folded."""
    return _SPACES.sub(" ", text.translate(_FOLD)).strip().casefold()


def digest(normalized: str) -> str:
    """The SHA-256 of a normalised text, as the lock file records copies and quotes."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class QuoteCheck:
    """How one quote was verified: against the stored copy, against the lock (with the date the
    lock says it was found in the copy), or not at all."""

    quote: str
    how: str  # BY_COPY, BY_LOCK or NOT_VERIFIED
    verified: dt.date | None = None


@dataclass
class CitationReport:
    """What the check found out about the quotes: for the pages, the summary and ``glossary sources lock``."""

    checks: dict[tuple[str, str], QuoteCheck] = field(default_factory=dict)  # (source id, quote) -> check
    copies: dict[str, tuple[str, str]] = field(default_factory=dict)  # source id -> (file, digest) of its copy
    unusable: dict[str, str] = field(default_factory=dict)  # source id -> why its copy was not used
    lock: Lock | None = None
    #: Said once where the copies were looked for and not found (the summary of ``glossary check``).
    note: str = ""

    def counts(self) -> dict[str, int]:
        """How many quotes were verified each way."""
        counts = {BY_COPY: 0, BY_LOCK: 0, NOT_VERIFIED: 0}
        for check in self.checks.values():
            counts[check.how] += 1
        return counts

    def by_source(self) -> dict[str, tuple[QuoteCheck, ...]]:
        grouped: dict[str, list[QuoteCheck]] = {}
        for (source_id, _), check in self.checks.items():
            grouped.setdefault(source_id, []).append(check)
        return {source_id: tuple(checks) for source_id, checks in grouped.items()}
