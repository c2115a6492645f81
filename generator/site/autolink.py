"""How a term named in prose becomes a link to its page: one trie-shaped pattern of every name (not one
alternation per term), the longest name first, each term linked once per page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.core.text import trie_pattern
from generator.model.glossary import Glossary, Term

# Characters that start inline Markdown syntax anywhere in a line. Line-start syntax
# (lists, headings) cannot arise: escaped text is always placed after our own markup. Not "~":
# Python-Markdown has no strikethrough and shows "\\~" as is (a term "A~B" showed "A\\~B").
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#])")


# Regions of Markdown where a mention must never become a link: fenced and inline
# code, existing links and [[links]] with their trails, headings (shown as text, see demote_headings),
# raw HTML tags and bare URLs. A [[link]] is shaped as text.WIKILINK (no bracket or line break inside):
# as '\[\[.*?\]\]', each '[[' without its ']]' searched the rest of the field (benchmarks/bench_markdown.py).
_PROTECTED = re.compile(
    r"```.*?```|~~~.*?~~~|`[^`\n]*`|\[\[[^\[\]\n]*\]\][^\W\d_]*|!?\[[^\]\n]*\]\([^)\n]*\)|^\s{0,3}\\?#.*$|<[^>\n]*>|https?://\S+",
    re.S | re.M,
)


#: A span in double quotes, straight or typographic, within one paragraph: somebody's words.
_QUOTED = r'"[^"\n]*(?:\n(?![ \t]*\n)[^"\n]*)*"|\u201c[^\u201d\n]*(?:\n(?![ \t]*\n)[^\u201d\n]*)*\u201d'


def _name_pattern(name: str) -> str:
    """A regex for ``name`` as texts write it: any spacing, either apostrophe, whole words."""
    words = [re.sub("['\u2019]", "['\u2019]", re.escape(word)) for word in name.split()]
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def protected_pattern(glossary: Glossary) -> re.Pattern[str]:
    """Where no mention may become a link on this glossary's pages: :data:`_PROTECTED`, quoted
    spans (:data:`_QUOTED`) and the sources' titles, publishers and ``names`` as written in a text
    ("Lead" in the title "In the Lead" is part of a name, not a mention of the term)."""
    names = {
        " ".join(name.split())
        for source in glossary.sources.values()
        for name in (source.title, source.publisher, *source.names)
        if name and name.strip()
    }
    alternatives = [_PROTECTED.pattern, _QUOTED]
    if names:
        # Longest first: a title that holds another name is protected whole.
        alternatives.append("(?i:" + "|".join(_name_pattern(n) for n in sorted(names, key=len, reverse=True)) + ")")
    return re.compile("|".join(alternatives), re.S | re.M)


class Autolinker:
    """Links the first mention of each term on a page to the term's page.

    Names, aliases and forms match case-insensitively; abbreviations (and forms
    written like them, 'MQLs') only as written, so 'sql' in a sentence is not SQL.
    Whole words only, never inside :func:`protected_pattern`'s spans. One compiled,
    trie-shaped pattern serves every page.
    """

    def __init__(self, glossary: Glossary):
        self.protected = protected_pattern(glossary)
        self.by_name: dict[str, Term] = {}
        self.by_abbreviation: dict[str, Term] = {}
        for term in glossary.terms.values():
            for name in (term.term, *term.aliases, *term.forms):
                if _looks_like_abbreviation(name):
                    self.by_abbreviation.setdefault(name, term)
                else:
                    self.by_name.setdefault(name.casefold(), term)
            if term.abbreviation:
                self.by_abbreviation.setdefault(term.abbreviation, term)
        names = trie_pattern(sorted(self.by_name))
        abbreviations = trie_pattern(sorted(self.by_abbreviation))
        self.pattern = re.compile(rf"(?<![\w-])(?:(?i:{names})|({abbreviations}))(?![\w-])")

    def find(self, match: re.Match) -> Term | None:
        if match.group(1) is not None:
            return self.by_abbreviation.get(match.group(1))
        return self.by_name.get(match.group(0).casefold())

    def link_mentions(self, text: str, linked: set[str], make_link: Callable[[Term, str], str]) -> str:
        """``text`` with the first unlinked mention of each term turned into a link."""
        out, last = [], 0
        for protected in self.protected.finditer(text):
            out.append(self._link_segment(text[last : protected.start()], linked, make_link))
            out.append(protected.group(0))
            last = protected.end()
        out.append(self._link_segment(text[last:], linked, make_link))
        return "".join(out)

    def _link_segment(self, segment: str, linked: set[str], make_link: Callable[[Term, str], str]) -> str:
        def replace(match: re.Match) -> str:
            term = self.find(match)
            if term is None or term.id in linked:
                return match.group(0)
            linked.add(term.id)
            return make_link(term, match.group(0))

        return self.pattern.sub(replace, segment)


def _looks_like_abbreviation(name: str) -> bool:
    return sum(1 for char in name if char.isupper()) >= 2 and " " not in name
