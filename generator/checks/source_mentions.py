"""Texts that say more about their sources than the record shows (issue 17), for ``consistency.py``:

- ``claim-needs-sources`` (warning): a text says several sources back it ("both sources",
  "sources agree") while its record cites fewer than two distinct non-editorial sources;
  reported at the phrase's own line (``RawDocument.locate_offset``), also inside a block.
- ``named-source-not-cited`` (warning): a text names a source (title, publisher or one of its
  ``names``) that its record does not cite.

Both read every prose field of every record. A record whose prose the parse already read
(``prose_facts``, worked out by :func:`record_prose_facts`) is reported from its facts; the rest
are walked here, scanned once for both checks (:func:`texts_that_may_contain_each`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from generator.checks.prose_facts import ProseFacts
from generator.checks.quotes import normalize_quote
from generator.checks.records import Index, Item
from generator.core.problems import ProblemList
from generator.core.text import trie_pattern

#: Phrases saying several sources back a claim (matched case-insensitively, as whole words,
#: any run of spaces between the words).
CLAIM_PHRASES = (
    "sources agree",
    "both sources",
    "all sources",
    "all the sources",
    "our sources say",
    "our sources show",
    "every source",
    "the sources say",
    "two sources",
    "several sources",
    "most sources",
    "both seeds",
    "both articles",
    "both documents",
    "seeds agree",
    "articles agree",
    "sources concur",
    "the sources concur",
    "all the articles",
)
CLAIM = re.compile(
    r"\b(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in CLAIM_PHRASES) + r")\b",
    re.IGNORECASE,
)


def check_source_mentions(index: Index, problems: ProblemList) -> None:
    """Both checks of this module over every record (see the module's docstring)."""
    # The prose fields are walked once, and scanned once, for both checks below; a record whose
    # prose the parse already read (prose_facts) is reported from its facts instead.
    names = source_names(index)
    names_key = tuple(sorted(names))
    walked: list[tuple[str, Item, tuple, tuple]] = []  # read here for both checks
    walked_for_names: list[tuple[str, Item, tuple, tuple]] = []  # facts found with other names
    for record in _records(index):
        facts = record[1].facts if not record[2] else None
        if facts is None:
            walked.append(record)
            continue
        _report_claim_facts(index, problems, record, facts)
        if not names:
            continue
        if facts.names_key != names_key:
            walked_for_names.append(record)
        else:
            _report_name_facts(problems, record, facts, names)
    prose = prose_fields(walked)
    groups = [_claim_anchors(), names_anchors(names)]
    claims, named = texts_that_may_contain_each([field.text for field in prose], groups)
    check_claims(index, problems, prose, claims)
    check_named_sources(index, problems, prose, named)
    if walked_for_names:
        prose = prose_fields(walked_for_names)
        check_named_sources(index, problems, prose, texts_that_may_contain([f.text for f in prose], groups[1]))


def editorial_sources(index: Index) -> set[str]:
    """Ids of the sources marked ``editorial: true`` (the team's own view, no document)."""
    return {source_id for source_id, item in index.sources.items() if item.get("editorial") is True}


# --- 4. texts that claim several sources ----------------------------------------------------------


def record_texts(kind: str, item: Item, base: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every prose field of a record (``base``: a classifier question's path)."""
    if kind == "term":
        fields, lists = (
            ("definition", "summary"),
            (("faq", "answer"), ("examples", "text"), ("perspectives", "definition")),
        )
    elif kind == "intro":  # the tactics index's opening text (tactics_intro.py)
        fields, lists = ("text",), ()
    elif kind == "tactic":
        fields, lists = ("rationale", "summary"), (("disputed", "note"),)
        if isinstance(reason := item.text("overrides", "reason"), str):
            yield ("overrides", "reason"), reason
    elif kind == "playbook":
        fields, lists = ("summary", "goal", "audience"), (("steps", "text"),)
    else:  # a classifier question, its answers' reasons and their dissents
        fields, lists = ("help", "uncontested"), (("disputed", "note"), ("answers", "reason"))
        for a, _ in item.entries(*base, "answers"):
            for number, _ in item.entries(*base, "answers", a, "disputed"):
                if isinstance(value := item.text(*base, "answers", a, "disputed", number, "note"), str):
                    yield (*base, "answers", a, "disputed", number, "note"), value
    if not item.invalid and not base:  # the usual case: the record's own fields, read directly
        data = item.data
        for name in fields:
            if isinstance(value := data.get(name), str):
                yield (name,), value
        for list_name, name in lists:
            entries = data.get(list_name)
            for number, entry in enumerate(entries if isinstance(entries, list) else ()):
                if isinstance(entry, dict) and isinstance(value := entry.get(name), str):
                    yield (list_name, number, name), value
        return
    for name in fields:
        if isinstance(value := item.text(*base, name), str):
            yield (*base, name), value
    for list_name, name in lists:
        for number, _ in item.entries(*base, list_name):
            if isinstance(value := item.text(*base, list_name, number, name), str):
                yield (*base, list_name, number, name), value


def _child(value: Any, part: Any) -> Any:
    """``value[part]``, or None where ``item.get`` would give its default."""
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list) and isinstance(part, int) and -len(value) <= part < len(value):
        return value[part]
    return None


def _cited(item: Item, lists: tuple[tuple, ...]) -> set[str]:
    found = set()
    if not item.invalid:  # the usual case, read directly (what item.get gives when nothing is refused)
        for path in lists:
            entries: Any = item.data
            for part in path:
                entries = _child(entries, part)
            for entry in entries if isinstance(entries, list) else ():
                if isinstance(entry, dict) and isinstance(source := entry.get("source"), str):
                    found.add(source)
        return found
    for path in lists:
        for number, _ in item.entries(*path):
            source = item.get(*path, number, "source")
            if isinstance(source, str):
                found.add(source)
    return found


def _records(index: Index) -> list[tuple[str, Item, tuple, tuple]]:
    """(kind, record, base, where its sources are listed) of every record with prose."""
    records: list[tuple[str, Item, tuple, tuple]] = []
    records += [("term", item, (), (("sources",), ("perspectives",))) for item in index.terms.values()]
    tactic_lists = (("sources",), ("disputed",), ("overrides", "sources"))
    records += [("tactic", item, (), tactic_lists) for item in index.tactics.values()]
    records += [("playbook", item, (), (("sources",),)) for item in index.playbooks.values()]
    if index.tactics_intro is not None:
        records.append(("intro", index.tactics_intro, (), (("sources",),)))
    if index.classifier is not None:
        item = index.classifier
        for q, _ in item.entries("questions"):
            base = ("questions", q)
            answers = [base + ("answers", a, "disputed") for a, _ in item.entries(*base, "answers")]
            records.append(("question", item, base, (base + ("sources",), base + ("disputed",), *answers)))
    return records


class Prose(NamedTuple):
    """One prose field of a record, with the sources its record cites anywhere."""

    item: Item
    path: tuple
    text: str
    cited: set[str]


def prose_fields(records: Index | list[tuple[str, Item, tuple, tuple]]) -> list[Prose]:
    """Every prose field of every record (of the index, or of ``records``), in the order the checks report them."""
    if isinstance(records, Index):
        records = _records(records)
    return [
        Prose(item, path, text, cited)
        for kind, item, base, lists in records
        for cited in (_cited(item, lists),)
        for path, text in record_texts(kind, item, base)
    ]


def _report_claim_facts(index: Index, problems: ProblemList, record: tuple, facts: ProseFacts) -> None:
    """:func:`check_claims` for a record whose claims the parse found."""
    if not facts.claims:
        return
    _, item, _, lists = record
    cited = _cited(item, lists) - editorial_sources(index)
    for path, offset, phrase in facts.claims:
        if len(cited) < 2:
            _warn_claim(problems, item, path, offset, phrase, len(cited))


def _warn_claim(problems: ProblemList, item: Item, path: tuple, offset: int, phrase: str, cited: int) -> None:
    problems.warn(
        item.doc.path,
        item.doc.locate_offset(item.base + path, offset),
        "claim-needs-sources",
        f"'{path[-1]}' says '{' '.join(phrase.split())}': it says several sources back it but cites only {cited}",
        "cite each source it means (editorial sources do not count), or reword the claim",
    )


def _report_name_facts(problems: ProblemList, record: tuple, facts: ProseFacts, names: dict) -> None:
    """:func:`check_named_sources` for a record whose source names the parse found."""
    if not facts.names:
        return
    _, item, _, lists = record
    cited = _cited(item, lists)
    for path, matches in facts.names:
        reported: set[str] = set()
        for offset, key, written in matches:
            owners = names.get(key, [])
            if not owners or any(source_id in cited for source_id, _ in owners):
                continue
            if owners[0][0] not in reported:
                reported.add(owners[0][0])
                _warn_named(problems, item, path, offset, owners[0][0], written)


def _warn_named(problems: ProblemList, item: Item, path: tuple, offset: int, source_id: str, written: str) -> None:
    found = " ".join(written.split())
    problems.warn(
        item.doc.path,
        item.doc.locate_offset(item.base + path, offset),
        "named-source-not-cited",
        f"'{path[-1]}' names source '{source_id}' (\"{found}\") but its record does not cite it",
        f"cite it ({{source: {source_id}, locator: ...}}) or drop the name",
    )


class MentionScanner:
    """What :func:`check_claims` and :func:`check_named_sources` find in one record, worked out in the
    parse (``prose_facts.ProseFacts``): built once per process, for the normalised source ``names``
    to look for (None or empty: none looked for)."""

    def __init__(self, names: tuple[str, ...] | None):
        self.pattern = names_pattern(names) if names else None
        self._claims = _anchors_pattern(_claim_anchors())
        self._names = _anchors_pattern(names_anchors(names)) if self.pattern is not None else None

    def facts(
        self, kind: str, item: Item, texts: list[tuple[tuple, str]] | None = None, lowered: str | None = ""
    ) -> tuple[tuple, tuple]:
        """(claims, source names) of a record, as ``ProseFacts`` keeps them; ``texts``: its
        :func:`record_texts` if already listed, and ``lowered``: then their lowercased join when it
        is ASCII, else None."""
        if texts is None:
            texts = list(record_texts(kind, item))
            joined = "\n".join(text for _, text in texts)  # '\n' is in no anchor: one test for the record
            lowered = joined.lower() if joined.isascii() else None  # other text: no anchor rules it out
        claims, found = [], []
        if _may_hold(self._claims, lowered):
            for path, text in texts:
                if (match := CLAIM.search(text)) is not None:
                    claims.append((path, match.start(), match.group()))
        if self.pattern is not None and _may_hold(self._names, lowered):
            for path, text in texts:
                if path[-1] == "uncontested":
                    continue
                matches = tuple(
                    (match.start(), normalize_quote(match.group()), text[match.start() : match.end()])
                    for match in self.pattern.finditer(text.translate(_SAME_LENGTH_FOLD))
                )
                if matches:
                    found.append((path, matches))
        return tuple(claims), tuple(found)


#: Up to this many anchors are looked for one by one (a substring test each, in C); more, with one pattern.
_ANCHORS_ONE_BY_ONE = 8


def _anchors_pattern(anchors: tuple[str, ...] | None) -> re.Pattern[str] | tuple[str, ...] | None:
    """What finds any of the anchors (see :func:`anchor_of`) in lowercased ASCII text: the anchors
    themselves when they are few (a pattern without a fixed first character is tried at every
    character: 7x the time of five substring tests), else one pattern; None when some phrase has
    none (then no text is ruled out)."""
    if anchors is None:
        return None
    if len(anchors) <= _ANCHORS_ONE_BY_ONE:
        return tuple(anchors)
    return re.compile(trie_pattern(anchors))


def _may_hold(anchors: re.Pattern[str] | tuple[str, ...] | None, lowered: str | None) -> bool:
    if anchors is None or lowered is None:
        return True
    if isinstance(anchors, tuple):
        for anchor in anchors:  # a loop, not any() over a generator: a third of the time here
            if anchor in lowered:
                return True
        return False
    return anchors.search(lowered) is not None


def check_claims(
    index: Index, problems: ProblemList, prose: list[Prose] | None = None, candidates: set[int] | None = None
) -> None:
    """``candidates``: numbers of the ``prose`` fields that may hold a claim (all when None)."""
    editorial = editorial_sources(index)
    prose = prose_fields(index) if prose is None else prose
    numbers = range(len(prose)) if candidates is None else sorted(candidates)
    for number in numbers:
        field = prose[number]
        if len(field.cited - editorial) >= 2:
            continue
        match = CLAIM.search(field.text)
        if match is None:
            continue
        _warn_claim(problems, field.item, field.path, match.start(), match.group(), len(field.cited - editorial))


# --- 5. texts that name a source they do not cite ----------------------------------------------

#: Typographic quotes and dashes as plain ones, one character for one (offsets stay the text's).
_SAME_LENGTH_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **{chr(c): "-" for c in range(0x2010, 0x2016)},
        "\u2212": "-",
        "\u00a0": " ",
    }
)


def source_names(index: Index) -> dict[str, list[tuple[str, str]]]:
    """Each name texts may use for a source (normalised) -> [(source id, name as written)]."""

    names: dict[str, list[tuple[str, str]]] = {}
    for source_id, item in index.sources.items():
        written = [item.text("title"), item.text("publisher")]
        written += [item.text("names", n) for n, _ in item.entries("names")]
        for name in dict.fromkeys(w for w in written if w and w.strip()):
            key = normalize_quote(name)
            if any(ch.isalnum() for ch in key):
                owners = names.setdefault(key, [])
                if source_id not in (owner for owner, _ in owners):
                    owners.append((source_id, name))
    return names


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for all the (normalised) names: longest first, whole words, any spacing, '…' as '...'."""

    def one(name: str) -> str:
        words = [re.escape(word).replace(r"\.\.\.", "(?:\\.\\.\\.|\u2026)") for word in name.split(" ")]
        return r"\s+".join(words)

    ordered = sorted(names, key=lambda n: (-len(n), n))
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(one, ordered)) + r")(?!\w)", re.IGNORECASE)


def check_named_sources(
    index: Index, problems: ProblemList, prose: list[Prose] | None = None, candidates: set[int] | None = None
) -> None:
    """A text naming a source (its title, publisher or one of its ``names``) must cite that source.

    ``candidates``: numbers of the ``prose`` fields that may name one (all when None).
    """

    names = source_names(index)
    pattern = names_pattern(names)
    if pattern is None:
        return
    prose = prose_fields(index) if prose is None else prose
    numbers = range(len(prose)) if candidates is None else sorted(candidates)
    for number in numbers:
        field = prose[number]
        if field.path[-1] == "uncontested":  # it says which sources are silent: naming them is its job
            continue
        item, path, text, cited = field.item, field.path, field.text, field.cited
        reported: set[str] = set()
        for match in pattern.finditer(text.translate(_SAME_LENGTH_FOLD)):
            owners = names.get(normalize_quote(match.group()), [])
            if not owners or any(source_id in cited for source_id, _ in owners):
                continue
            source_id, name = owners[0]
            if source_id in reported:
                continue
            reported.add(source_id)
            _warn_named(problems, item, path, match.start(), source_id, text[match.start() : match.end()])


# --- one pass over every text: which texts may hold a phrase at all ----------------------------------

_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


def anchor_of(phrase: str) -> str | None:
    """The longest run of ASCII letters and digits in ``phrase`` (lowercased), or None.

    Any case-insensitive match of the phrase in an ASCII text contains it, lowercased: the
    exact pattern need only run on texts that contain an anchor. None when the phrase has no
    such run ('Лид'): then no text can be ruled out.
    """
    runs = _ASCII_RUN.findall(phrase)  # not phrase.lower(): 'İ' lowers to 'i' and a combining dot
    return max(runs, key=len).lower() if runs else None


@functools.cache
def _claim_anchors() -> tuple[str, ...] | None:
    anchors = [anchor_of(phrase) for phrase in CLAIM_PHRASES]
    return None if None in anchors else tuple(dict.fromkeys(anchors))  # type: ignore[arg-type]


def names_anchors(names: Iterable[str]) -> tuple[str, ...] | None:
    anchors = [anchor_of(name) for name in names]
    return None if None in anchors else tuple(dict.fromkeys(anchors))  # type: ignore[arg-type]


def texts_that_may_contain(texts: list[str], anchors: tuple[str, ...] | None) -> set[int]:
    """Numbers of the texts in which a pattern with these anchors may match (see below)."""
    return texts_that_may_contain_each(texts, [anchors])[0]


def texts_that_may_contain_each(texts: list[str], groups: list[tuple[str, ...] | None]) -> list[set[int]]:
    """For each group of anchors, the numbers of the texts in which its pattern may match.

    One linear pass for all the groups: the ASCII texts are joined, lowercased once and scanned
    by one Aho-Corasick automaton of every anchor (pyahocorasick), so the cost is the length of
    the text, however many phrases or source names there are. A text with any other character,
    and every text for a group some phrase of which has no anchor, is always a candidate. The
    exact pattern then runs only on the candidates: regular expressions over every text were most
    of the check's time (0.8 s at 10,000 terms), though almost no text names a source or claims
    several.
    """
    everything = set(range(len(texts)))
    other_scripts = {number for number, text in enumerate(texts) if not text.isascii()}
    found = [set(everything) if anchors is None else set(other_scripts) for anchors in groups]
    owners: dict[str, list[int]] = {}
    for group, anchors in enumerate(groups):
        for anchor in anchors or ():
            owners.setdefault(anchor, []).append(group)
    ascii_numbers = [number for number in range(len(texts)) if number not in other_scripts]
    if not ascii_numbers or not owners:
        return found
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for anchor, anchor_groups in owners.items():
        automaton.add_word(anchor, (len(anchor), anchor_groups))
    automaton.make_automaton()
    starts, offset = [], 0
    for number in ascii_numbers:
        starts.append(offset)
        offset += len(texts[number]) + 1
    joined = "\n".join(texts[number] for number in ascii_numbers).lower()  # '\n' is in no anchor
    for end, (length, anchor_groups) in automaton.iter(joined):
        number = ascii_numbers[bisect.bisect_right(starts, end - length + 1) - 1]
        for group in anchor_groups:
            found[group].add(number)
    return found
