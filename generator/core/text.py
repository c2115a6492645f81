"""Small text helpers shared by validation, import and rendering."""

from __future__ import annotations

import difflib
import functools
import html
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 term', '3 terms', '1,200 entries': a count and its noun, in the singular only for one
    (every message that counts says it the same way; 'checked 1 terms' read as a bug)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Buyer's journey' -> 'buyers-journey', 'MQL' -> 'mql'."""
    if text.isascii():  # NFKD leaves ASCII as it is; most names are ASCII
        ascii_text = text
        # Most ids and names are letters and digits between single spaces or hyphens: then the
        # slug is the text with '-' for each space, without the regex (50,000 names per check).
        candidate = text.lower().replace(" ", "-")
        if candidate.replace("-", "").isalnum() and "--" not in candidate and candidate[0] != "-" != candidate[-1]:
            return candidate
    else:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "").replace("\u2019", "")
    return _NON_SLUG.sub("-", ascii_text).strip("-")


def url_flaw(url: str) -> str | None:
    """What keeps ``url`` from being a clean absolute http(s) address, in words; None if it is one.

    The one rule for addresses that become links (sources' ``url``, imported knowledge links):
    the scheme, a host, no character that could end a Markdown link target or an HTML attribute
    (spaces, quotes, angle brackets, backticks, backslashes, control characters), a numeric port.
    The JSON Schema's pattern says the same for editors; this says which character is wrong.
    """
    if not url.lower().startswith(("http://", "https://")):
        return f"'{url[:40]}' does not start with http:// or https://"
    host = url.partition("://")[2]
    if not host or host[0] in "/?#":
        return "it names no host after '://'"
    for offset, char in enumerate(url):
        if char.isspace() or char in "\"'<>`\\" or ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            return f"it holds {char!r} at character {offset + 1}"
    try:
        urllib.parse.urlsplit(url).port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "it is not a well-formed address (look at the port)"
    return None


_NON_WORD = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """The form in which two names are one name: what names are compared and looked up by.

    For ASCII names it is the slug ('Buyer's journey' -> 'buyers-journey'). Other names keep
    their letters ('Лид' -> 'лид', where the slug would be empty and the name unreachable),
    with every character that looks like an ASCII letter or digit replaced by it (Unicode's
    confusables, via confusable-homoglyphs), so 'Leаd' with a Cyrillic 'а' is the name 'lead'.
    """
    if name.isascii():
        return slugify(name)
    # case first: the look-alike of 'В' is 'B' but of 'в' none, so 'Воронка' and 'воронка' must meet before
    text = "".join(_ascii_lookalike(char) for char in unicodedata.normalize("NFKC", name).casefold())
    # Latin accents go, as in slugs ('Café' is 'cafe'); other marks recompose (が stays が)
    text = unicodedata.normalize("NFKC", _COMBINING.sub("", unicodedata.normalize("NFKD", text))).casefold()
    return _NON_WORD.sub("-", text.replace("'", "").replace("\u2019", "")).strip("-")


@functools.lru_cache(maxsize=4096)
def _ascii_lookalike(char: str) -> str:
    """The ASCII letter or digit ``char`` is confusable with, or ``char`` itself."""
    if char.isascii():
        return char
    from confusable_homoglyphs.confusables import confusables_data  # 900 KB of data: only for non-ASCII names

    for homoglyph in confusables_data.get(char, ()):
        if len(homoglyph["c"]) == 1 and homoglyph["c"].isascii() and homoglyph["c"].isalnum():
            return homoglyph["c"]
    return char


#: Scripts that are written together (Unicode TS #39, "highly restrictive"): any one of these sets,
#: or a single script, is normal; anything else in one name is what a look-alike is made of.
_SCRIPTS_WRITTEN_TOGETHER = (
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HANGUL"},
)


def mixed_scripts(name: str) -> list[str]:
    """The scripts of a name that mixes scripts not normally written together ('Leаd': Cyrillic
    and Latin), sorted; [] for an ordinary name."""
    if name.isascii():
        return []
    from confusable_homoglyphs.categories import unique_aliases

    scripts = unique_aliases(name) - {"COMMON", "INHERITED"}
    if len(scripts) <= 1 or any(scripts <= together for together in _SCRIPTS_WRITTEN_TOGETHER):
        return []
    return sorted(script.title() for script in scripts)


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


#: difflib comparisons (word against one candidate) that one check may spend on
#: did-you-mean hints; then problems are reported without one. Each search compares a word
#: with every candidate, so 20,000 unknown ids against 100 terms took 26 s (at most a few
#: seconds are spent here now; a comparison costs 1-10 us).
SUGGESTION_BUDGET = 300_000


class Suggester:
    """Did-you-mean hints for one check, at a bounded cost however many words are wrong.

    Each distinct search runs once (a misspelt id repeated a thousand times is looked up
    once), and once ``budget`` comparisons are spent later searches give no hint.
    """

    def __init__(self, budget: int | None = None) -> None:
        self.budget = SUGGESTION_BUDGET if budget is None else budget
        self.comparisons = 0
        self._found: dict[Hashable, str] = {}

    def hint(self, key: Hashable, cost: int, search: Callable[[], str]) -> str:
        """``search()``, which compares about ``cost`` pairs: once per ``key``, '' past the budget."""
        if key in self._found:
            return self._found[key]
        if self.comparisons + cost > self.budget:
            return ""
        self.comparisons += cost
        self._found[key] = found = search()
        return found

    def closest(self, word: str, candidates: Iterable[str]) -> str:
        """:func:`closest` within the budget, for a small set of candidates (fields, values); '' if none."""
        pool = tuple(candidates)
        return self.hint(("closest", word, pool), 2 * len(pool), lambda: closest(word, pool) or "")

    def did_you_mean(self, word: str, candidates: Iterable[str]) -> str:
        """:func:`did_you_mean` within the budget, for a small set of candidates (fields, values)."""
        match = self.closest(word, candidates)
        return f"did you mean '{match}'?" if match else ""


#: What must not reach a terminal or a CI log as it is: C0 and C1 controls and DEL (line
#: breaks among them), the Unicode line and paragraph separators, and the bidi marks and
#: overrides that make text read differently from what it is.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPE_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_hidden(match: re.Match) -> str:
    char = match.group()
    return _ESCAPE_NAMES.get(char) or f"\\u{ord(char):04x}"


def one_line(text: str) -> str:
    """``text`` on one line with nothing hidden: line breaks and controls as escapes (a newline as
    backslash-n, U+202E as backslash-u202e).

    Every value taken from content and printed goes through it: in CI a definition's
    newline followed by '::error::' would become a GitHub Actions workflow command, and a
    U+202E would show a reviewer something other than what the file says.
    """
    return _HIDDEN.sub(_escape_hidden, text)


#: What ``json.dumps(..., ensure_ascii=False)`` leaves as it is but :func:`one_line` escapes.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON for people and tools alike: readable Unicode, yet no character that breaks or reorders a line.

    Those characters can only stand inside JSON strings, where a backslash-u escape
    means the same; JSON already escapes the C0 controls.
    """
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: Markdown punctuation that could start markup inside a line: emphasis, code, links,
#: images, raw HTML, entities, strike-through, table cells, headings. Not parentheses: without an
#: unescaped ']' before them they make no link, and '\\(MQL\\)' showed its backslashes in chat.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>#|~&!])")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown on one line: no link, image, HTML, heading or @mention.

    For values placed into Markdown we write (a PR comment, an exported glossary).
    An '@' gets a zero-width space after it (as an entity, as Renovate does), because
    GitHub turns '@name' into a notification whatever the Markdown escaping.
    """
    return _MARKDOWN_SYNTAX.sub(r"\\\1", one_line(text)).replace("@", "@&#8203;")


def code_span(text: str) -> str:
    """``text`` as one Markdown code span: fenced with more backticks than it holds, on one line."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


#: The placeholders ``glossary new term`` writes where the editor's own words must go (the
#: summary's ends with the term's name); ``glossary check`` reports a field that still holds one.
PLACEHOLDER_SUMMARY = "TODO: one plain sentence saying what {name} is."
PLACEHOLDER_DEFINITION = "TODO - define the term in your own words, and cite its sources below."
#: Their fixed openings, matched in any case and however the lines are wrapped.
_PLACEHOLDER = re.compile(
    "|".join(
        r"\s+".join(map(re.escape, opening.split()))
        for opening in (PLACEHOLDER_SUMMARY.partition("{name}")[0], PLACEHOLDER_DEFINITION.partition(",")[0])
    ),
    re.I,
)


def find_placeholder(text: str) -> re.Match | None:
    """Where ``text`` still holds a placeholder ``glossary new term`` wrote, if it does."""
    return _PLACEHOLDER.search(text) if "todo" in text.lower() else None


#: ``[[term-id]]`` or ``[[any name of a term|link text]]`` inside Markdown fields, and its trail:
#: the letters written straight after ``]]`` (group 3), which join the link text as MediaWiki's
#: link trails do (``[[MQL]]s`` reads "MQLs"). Letters only, of any script: not digits,
#: apostrophes or punctuation (``[[lead]]'s`` links "lead" and leaves "'s" outside).
WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]([^\W\d_]*)")


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


_ABSOLUTE_TARGET = re.compile(r"^(https?://|mailto:)", re.I)


def relative_link_targets(markdown: str) -> list[tuple[int, str]]:
    """(offset, target) of every safe Markdown link whose target is not a full address.

    A field's Markdown is shown on several pages (a term's page, the classifier, terms.json,
    embed cards), so a relative target cannot point to the same place from all of them; nor can
    an in-page anchor ('#pricing'), which MkDocs' strict build then refuses as missing.
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


def stem_word(word: str) -> str:
    """A light stem of one normalised word, so that plurals and -ing/-ed forms meet ("calling" -> "cal").

    Deliberately crude and the same in classifier.js: -ies -> y, a final s (not -ss, -us, -is),
    then -ing or -ed, then a final e, then a doubled final consonant. Both sides of a
    comparison are stemmed, so "call", "calls" and "calling" all become "cal".
    """
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) >= 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


#: Words that carry no meaning in a description ("a webinar for our customers"); skipped by the matcher.
FILLER_WORDS = frozenset(
    "a an the of for and or to our we with in on at by from about into is are be it its this that their them they"
    " us my your ur you so as via using use who which what all some any every each anything".split()
)


def phrase_key(text: str) -> tuple[str, ...]:
    """The stems of a name, keyword or vocabulary phrase, without filler words: how the matcher sees it."""
    return tuple(stem_word(w) for w in normalize_words(text).split(" ") if w and w not in FILLER_WORDS)


def collapsed_phrase(text: str) -> str | None:
    """The one stem a phrase of several words is matched as, when its other words are all filler, else None.

    The matcher drops filler words, so "fill in" is matched as "fil" and finds "card on file", and "how-to"
    is "how" and finds every "how": the author meant the phrase, the matcher reads one word.
    """
    words = [w for w in normalize_words(text).split(" ") if w]
    key = phrase_key(text)
    return key[0] if len(words) > 1 and len(key) == 1 else None
