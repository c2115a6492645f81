"""The reading's word classes (``reading.words`` in playbooks/classifier.yaml): the people a team's messages name, the
verbs of reaching them, the words of a request to a colleague and of a thing not decided yet. Data, not code, so that a
team fixes a misread word in a pull request (classifier.js reads the same lists from the classifier document).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, NamedTuple

from generator.core.text import stem_word

#: The classes, by their name in ``reading.words``.
CLASSES = ("people", "reach", "requests", "undecided")


class Words(NamedTuple):
    """The stems of each class (words are compared by stem: "donors" is "donor")."""

    people: frozenset[str]
    reach: frozenset[str]
    requests: frozenset[str]
    undecided: frozenset[str]


def words_of(document: Mapping[str, Any]) -> Words:
    """The word classes of a classifier document; a class it does not list is empty (that rule then reads nothing)."""
    words = (document.get("reading") or {}).get("words") or {}
    return _stems(tuple(tuple(words.get(name, ())) for name in CLASSES))


@functools.lru_cache(maxsize=8)
def _stems(classes: tuple[tuple[str, ...], ...]) -> Words:
    """Stemmed once per vocabulary, not on every classification."""
    return Words(*(frozenset(stem_word(word) for word in words) for words in classes))
