"""The site's search ranking, restated in Python for tools that search without a browser (``glossary mcp``).

The site searches with Material's lunr index through ``glossary-search.js`` (README "How search
ranks"); these are the same rules on the same fields, not lunr itself:

- a query is split into words as the index splits text (``mkdocs.yml``'s search ``separator``:
  punctuation, and the short words a, an, the, of, per, to, and, or, in, on, for, by, at, vs);
- an item whose title or one of its names (a term's name, abbreviation and aliases, a tactic's name
  and aliases: the pages' search ``tags``) is the query as typed, case, punctuation and plurals
  aside, comes first ("mql" and "MQLs" find Marketing qualified lead);
- then the rest by score: each word matches exactly (x10), as a prefix (Material's trailing ``*``:
  "lead" also finds "leader") and, for a plural, as its singular (x5); a match in the title or a
  name counts 1,000 times one in the text (Material's title boost and ``fields: tags: boost:
  1000``); words rarer across the glossary weigh more and a short field more than a long one
  (lunr's BM25); a term's page is boosted 10, a tactic's 5 (the pages' ``search: boost``).

tests/test_assistant.py and ``benchmarks/bench_assistants.py`` hold it to the site's expectations
(``benchmarks/search_queries.yaml``, the queries the browser benchmark types into the site).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: mkdocs.yml's search separator (punctuation and short words), matched case-insensitively.
SEPARATOR = re.compile(r"[\s\-,:!=\[\]()\"/]+|\b(?:an?|the|of|per|to|and|or|in|on|for|by|at|vs)\b", re.I)
#: The longest query searched (glossary-search.js' MAX_QUERY_LENGTH): the rest is cut.
MAX_QUERY_LENGTH = 200
#: How much a match counts by where it is (Material: title 1,000, text 1; mkdocs.yml: tags 1,000).
FIELD_BOOST = {"title": 1000.0, "tags": 1000.0, "text": 1.0}
#: glossary-search.js: an exact word, a prefix (Material's `*`), a plural's singular.
EXACT, PREFIX, SINGULAR = 10.0, 1.0, 5.0
#: lunr's BM25 parameters.
K1, B = 1.2, 0.75


def words(text: str) -> list[str]:
    """``text`` in lower case, split as the search index splits it."""
    return [word for word in SEPARATOR.split(text.lower()) if word]


def singular(word: str) -> str | None:
    """The singular of an English plural as a search word (glossary-search.js' rule), or None:
    "mqls" -> "mql", "opportunities" -> "opportunity"; not "sales"-like words (ss, us, is)."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return None
    if re.search(r"[^aeiou]ies$", word):
        return word[:-3] + "y"
    return word[:-1]


def name_key(text: str) -> str:
    """A name or a query as compared for "named exactly": its words, each in the singular."""
    return " ".join(singular(word) or word for word in words(text))


@dataclass
class Entry:
    """One searchable item: a term's or a tactic's page."""

    kind: str
    id: str
    title: str
    names: Sequence[str]
    text: str
    boost: float
    record: dict[str, Any] = field(repr=False)


class SiteSearch:
    """An index of ``entries``, searched with :meth:`search`."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self.named: dict[str, list[int]] = {}
        #: word -> [(entry, field, count)]; field lengths per entry; the sorted vocabulary for prefixes.
        self.postings: dict[str, list[tuple[int, str, int]]] = {}
        self.lengths: list[dict[str, int]] = []
        totals: Counter[str] = Counter()
        for number, entry in enumerate(self.entries):
            for name in {name_key(n) for n in (entry.title, *entry.names) if n}:
                self.named.setdefault(name, []).append(number)
            fields = {
                "title": words(entry.title),
                "tags": [w for n in entry.names for w in words(n)],
                "text": words(entry.text),
            }
            self.lengths.append({f: len(ws) for f, ws in fields.items()})
            totals.update({f: len(ws) for f, ws in fields.items()})
            for name, found in fields.items():
                for word, count in Counter(found).items():
                    self.postings.setdefault(word, []).append((number, name, count))
        size = max(len(self.entries), 1)
        self.average = {f: max(totals[f] / size, 1.0) for f in FIELD_BOOST}
        self.vocabulary = sorted(self.postings)
        self.idf = {
            word: math.log(1 + (size - len({p[0] for p in posts}) + 0.5) / (len({p[0] for p in posts}) + 0.5))
            for word, posts in self.postings.items()
        }

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.vocabulary, prefix)
        end = bisect.bisect_left(self.vocabulary, prefix + "\uffff")
        return self.vocabulary[start:end]

    def search(self, query: str, limit: int = 10) -> list[tuple[Entry, bool, float]]:
        """The best ``limit`` entries for ``query``: (entry, named exactly, score), best first."""
        query = query[:MAX_QUERY_LENGTH]
        typed = words(query)
        if not typed:
            return []
        scores: dict[int, float] = {}
        for word in dict.fromkeys(typed):
            clauses = [(word, EXACT)] + [(w, PREFIX) for w in self._prefixed(word)]
            one = singular(word)
            if one:
                clauses.append((one, SINGULAR))
            for clause, weight in clauses:
                for number, where, count in self.postings.get(clause, ()):
                    length = self.lengths[number][where] / self.average[where]
                    tf = count * (K1 + 1) / (count + K1 * (1 - B + B * length))
                    gained = FIELD_BOOST[where] * weight * tf * self.idf[clause]
                    scores[number] = scores.get(number, 0.0) + gained
        named = set(self.named.get(name_key(query), ()))
        ranked = sorted(
            ((self.entries[n], n in named, score * self.entries[n].boost) for n, score in scores.items()),
            key=lambda hit: (not hit[1], -hit[2], hit[0].title.casefold(), hit[0].id),
        )
        return ranked[:limit]
