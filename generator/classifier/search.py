"""Step 1 of the classifier: finding a tactic by its name or an alias, tolerant of typos ("webnar")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.core.text import normalize_words as normalize

#: A text names a known tactic when its best match scores at least this (a one-typo match is 60).
MATCH_THRESHOLD = 60


MAX_SUGGESTIONS = 8


#: Words a name search passes over ("the", "for", ...).
STOPWORDS = frozenset({"a", "an", "the", "of", "for", "and", "or", "to", "our", "we", "with", "in", "on"})


def allowed_typos(word: str) -> int:
    return 0 if len(word) <= 3 else 1 if len(word) <= 6 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[len(b)], limit + 1)


def word_cost(query_word: str, name_word: str) -> int | None:
    """Edits needed for ``query_word`` to match ``name_word`` or its beginning; None if too many."""
    if name_word.startswith(query_word):
        return 0
    limit = allowed_typos(query_word)
    if limit == 0:
        return None
    best = edit_distance(query_word, name_word, limit)
    if len(query_word) >= 4:
        for length in (len(query_word) - 1, len(query_word), len(query_word) + 1):
            if length < len(name_word):
                best = min(best, edit_distance(query_word, name_word[:length], limit))
    return best if best <= limit else None


def query_words(query: str) -> list[str]:
    return [w for w in query.split(" ") if w not in STOPWORDS]


def name_score(query: str, name: str, memo: dict[tuple[str, str], int | None] | None = None) -> int:
    """How well a normalised query matches a normalised name, 0 (not at all) to 100 (the same).

    ``memo`` keeps word comparisons across the names of one search: names share words.
    """
    memo = {} if memo is None else memo
    if not query or not name:
        return 0
    if query == name:
        return 100
    if name.startswith(query):
        return 90
    words = query_words(query)
    if not words:
        return 0
    if name.startswith(" ".join(words)):  # "an ebook" starts "ebook or whitepaper" as "ebook" does
        return 90
    contains = len(query) >= 3 and query in name
    total = 0
    for word in words:
        costs = []
        for name_word in name.split(" "):
            if (word, name_word) not in memo:
                memo[word, name_word] = word_cost(word, name_word)
            if memo[word, name_word] is not None:
                costs.append(memo[word, name_word])
        if not costs:
            return 70 if contains else 0
        total += min(costs)
    if total == 0:
        return 80
    if contains:
        return 70
    return max(0, 60 - 10 * (total - 1))


def search(document: Mapping[str, Any], query: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
    """Tactics matching ``query``, best first: [{"tactic": entry, "score": n, "matched": name}]."""
    wanted = normalize(query)
    if not wanted:
        return []
    hits, memo = [], {}
    for tactic in document["tactics"]:
        best, matched = 0, tactic["name"]
        for name in (tactic["name"], *tactic["aliases"]):
            value = name_score(wanted, normalize(name), memo)
            if value > best:
                best, matched = value, name
        if best > 0:
            hits.append({"tactic": tactic, "score": best, "matched": matched})
    hits.sort(key=by_rank)
    return hits[:limit]


def by_rank(hit: Mapping[str, Any]) -> tuple:
    """Best score first; at equal scores a tactic's own name before another's alias ("ebook" is the start of "Ebook or
    whitepaper" and of "ebook series", an alias of "Buyer persona ebook series": the tactic so named comes first),
    then by name."""
    tactic = hit["tactic"]
    return (-hit["score"], hit["matched"] != tactic["name"], tactic["name"].lower(), tactic["id"])
