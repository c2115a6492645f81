"""Checks that the content agrees with itself: rules that match the data (issue 17).

The checks, run by ``validate.validate_project`` on the raw index:

- ``classification-contradicts-signals`` (error): a tactic's ``signals``, scored by the
  classifier's own rules (``classify.score``), give another classification than the
  tactic's, and neither a ``disputed`` entry with that classification nor ``overrides``
  says why.
- ``single-source-rule`` (warning): a classifier question rests on one source and records
  neither the other sources' view (``disputed``) nor why there is none (``uncontested``).
- ``claim-needs-sources`` (warning): a text says several sources back it ("both sources",
  "sources agree") while its record cites fewer than two distinct non-editorial sources;
  reported at the phrase's own line (``RawDocument.locate_offset``), also inside a block.
- ``editorial-dispute`` / ``editorial-override`` (errors): a ``disputed`` entry citing an
  editorial source, or ``overrides`` resting only on editorial sources. Editorial sources are
  never the "other view" a rule needs either.
- ``team-reading-uncited`` (error): a tactic marked ``classified_by: team`` that cites no
  editorial source (the team's reading must be traceable to a recorded decision).
- ``named-source-not-cited`` (warning): a text names a source (title, publisher or one of its
  ``names``) that its record does not cite.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from generator.checks.quotes import normalize_quote
from generator.checks.records import Index, Item
from generator.checks.references import ref
from generator.core.problems import ProblemList

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


def check_consistency(index: Index, problems: ProblemList) -> None:
    check_signals(index, problems)
    check_editorial_disputes(index, problems)
    check_team_readings(index, problems)
    check_rule_sources(index, problems)
    # The prose fields are walked once, and scanned once, for both checks below.
    prose = prose_fields(index)
    groups = [_claim_anchors(), names_anchors(source_names(index))]
    claims, names = texts_that_may_contain_each([field.text for field in prose], groups)
    check_claims(index, problems, prose, claims)
    check_named_sources(index, problems, prose, names)


def editorial_sources(index: Index) -> set[str]:
    """Ids of the sources marked ``editorial: true`` (the team's own view, no document)."""
    return {source_id for source_id, item in index.sources.items() if item.get("editorial") is True}


# --- 1. classification vs signals -----------------------------------------------------------


def rules_document(classifier: Item | None) -> dict[str, Any] | None:
    """The classifier's rules as the plain document ``classify.score`` reads, or None.

    None when the classifier file is missing or the schema refused any part of it: a rule
    that cannot be read decides nothing (its own errors say what is wrong).
    """
    if classifier is None or classifier.invalid or not isinstance(classifier.data, dict):
        return None
    questions = []
    for question in classifier.data.get("questions") or ():
        if not isinstance(question, dict) or not isinstance(question.get("answers"), list):
            return None
        answers = [
            {
                "value": a.get("value"),
                "label": a.get("label", ""),
                "leans": a.get("leans", "neither"),
                "weight": a.get("weight", 0) or 0,
                "reason": a.get("reason", ""),
                "terms": [],
            }
            for a in question["answers"]
            if isinstance(a, dict)
        ]
        questions.append(
            {
                "signal": question.get("signal"),
                "question": question.get("question", ""),
                "answers": answers,
                "sources": [],
                "terms": [],
            }
        )
    if not questions:
        return None
    both_within = (classifier.data.get("decision") or {}).get("both_within", 1)
    return {"questions": questions, "both_within": both_within}


def check_signals(index: Index, problems: ProblemList) -> None:

    for item in index.tactics.values():
        for number, _ in item.entries("overrides", "sources"):
            ref(item, ("overrides", "sources", number, "source"), index.sources, "source", index, problems)
    document = rules_document(index.classifier)
    if document is None:
        return
    # Imported only when there are rules to score: `glossary check` of a project without them never needs it.
    from generator.classifier.classify import score_signals, signed

    for tactic_id, item in index.tactics.items():
        signals, classification = item.get("signals"), item.get("classification")
        if not isinstance(signals, dict) or not signals or not isinstance(classification, str):
            continue
        result = score_signals(document, signals)
        if result is None:
            continue
        total, by_signals, reasons = result
        if by_signals == classification:
            continue
        if "overrides" in item.data:  # present, even if refused: its own error says what is wrong
            continue
        disputed = {item.get("disputed", n, "classification") for n, _ in item.entries("disputed")}
        if by_signals in disputed:
            continue
        drove = ", ".join(f"{r['signal']}={r['answer']} {signed(r['weight'])}" for r in reasons if r["weight"])
        problems.add(
            item.doc.path,
            item.at("classification"),
            "classification-contradicts-signals",
            f"tactic '{tactic_id}' is {classification} but its signals give {by_signals} "
            f"(score {signed(total)}: {drove or 'no leaning answer'})",
            "correct the signals, record the source that classifies it so under disputed, "
            "or give overrides: {reason, sources}",
        )


# --- 2. editorial sources settle no dispute ----------------------------------------------------


def check_editorial_disputes(index: Index, problems: ProblemList) -> None:
    """A ``disputed`` entry citing an editorial source, or ``overrides`` resting only on them, is an error."""
    editorial = editorial_sources(index)
    if not editorial:
        return
    places: list[tuple[Item, tuple]] = [(item, ()) for item in index.tactics.values()]
    if index.classifier is not None:
        for q, _ in index.classifier.entries("questions"):
            places.append((index.classifier, ("questions", q)))
            places += [
                (index.classifier, ("questions", q, "answers", a))
                for a, _ in index.classifier.entries("questions", q, "answers")
            ]
    for item, base in places:
        for number, _ in item.entries(*base, "disputed"):
            source = item.get(*base, "disputed", number, "source")
            if source in editorial:
                problems.add(
                    item.doc.path,
                    item.at(*base, "disputed", number, "source"),
                    "editorial-dispute",
                    f"disputed entry cites editorial source '{source}': the team's own view is the glossary's "
                    "position, not a dispute",
                    "record only a document that takes another view; say the team's view in the rationale "
                    "or under overrides (with a source that says so)",
                )
    for item in index.tactics.values():
        cited = [item.get("overrides", "sources", n, "source") for n, _ in item.entries("overrides", "sources")]
        if cited and all(source in editorial for source in cited):
            problems.add(
                item.doc.path,
                item.key_at("overrides", "sources"),
                "editorial-override",
                f"overrides cite only editorial sources ({', '.join(dict.fromkeys(cited))}): an override needs "
                "a source that says so",
                "cite the document that classifies the tactic so, or correct the classification",
            )


def check_team_readings(index: Index, problems: ProblemList) -> None:
    """A tactic the team classifies (``classified_by: team``) cites the team's editorial source, so
    readers can trace the reading to a recorded decision, as every other statement is traced."""
    editorial = editorial_sources(index)
    for item in index.tactics.values():
        if item.get("classified_by") != "team":
            continue
        cited = {item.get("sources", n, "source") for n, _ in item.entries("sources")}
        if cited & editorial:
            continue
        problems.add(
            item.doc.path,
            item.at("classified_by"),
            "team-reading-uncited",
            "classified_by is team, but no editorial source is among its sources",
            "cite the team's editorial source with a locator naming the decision, or say which source classifies it",
        )


# --- 3. rules resting on one source ------------------------------------------------------------


def check_rule_sources(index: Index, problems: ProblemList) -> None:

    editorial = editorial_sources(index)
    item = index.classifier
    if item is None:
        return
    for q, _ in item.entries("questions"):
        cited = [item.get("questions", q, "sources", n, "source") for n, _ in item.entries("questions", q, "sources")]
        cited = list(dict.fromkeys(s for s in cited if isinstance(s, str)))
        disputes = list(item.entries("questions", q, "disputed"))
        for a, _ in item.entries("questions", q, "answers"):  # an answer's dissent: any source, even a cited one
            for number, _ in item.entries("questions", q, "answers", a, "disputed"):
                ref(
                    item,
                    ("questions", q, "answers", a, "disputed", number, "source"),
                    index.sources,
                    "source",
                    index,
                    problems,
                )
        for number, _ in disputes:
            path = ("questions", q, "disputed", number, "source")
            source = item.get(*path)
            if not ref(item, path, index.sources, "source", index, problems):
                continue
            if source in cited:
                problems.warn(
                    item.doc.path,
                    item.at(*path),
                    "not-a-dispute",
                    f"source '{source}' is among the sources of this rule, so it does not dispute it",
                    "record only sources that take another view under disputed",
                )
        if not item.ok("questions", q, "sources") or "sources" not in (item.get("questions", q) or {}):
            continue  # missing or refused: the schema said so
        # an editorial source is the team's own view: never the other view a rule needs
        documents = [s for s in cited if s not in editorial]
        other_views = [n for n, _ in disputes if item.get("questions", q, "disputed", n, "source") not in editorial]
        if len(documents) >= 2 or other_views or "uncontested" in item.get("questions", q):
            continue
        named = (documents or cited or ["none"])[0]
        problems.warn(
            item.doc.path,
            item.key_at("questions", q, "sources"),
            "single-source-rule",
            f"rule '{item.get('questions', q, 'signal') or q}' rests on one source ({named}): record the other "
            "sources' view under disputed, or say under uncontested why no other view is recorded",
            "a disputed entry is {source, note, locator?, quote?}; uncontested is a plain sentence",
        )


# --- 4. texts that claim several sources ----------------------------------------------------------


def _texts(kind: str, item: Item, base: tuple = ()) -> Iterator[tuple[tuple, str]]:
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


def _records(index: Index) -> list[tuple[str, Item, tuple, set[str]]]:
    """(kind, record, base, ids of the sources it cites anywhere) of every record with prose."""
    records: list[tuple[str, Item, tuple, set[str]]] = []
    for item in index.terms.values():
        records.append(("term", item, (), _cited(item, (("sources",), ("perspectives",)))))
    for item in index.tactics.values():
        cited = _cited(item, (("sources",), ("disputed",), ("overrides", "sources")))
        records.append(("tactic", item, (), cited))
    for item in index.playbooks.values():
        records.append(("playbook", item, (), _cited(item, (("sources",),))))
    if index.tactics_intro is not None:
        records.append(("intro", index.tactics_intro, (), _cited(index.tactics_intro, (("sources",),))))
    if index.classifier is not None:
        item = index.classifier
        for q, _ in item.entries("questions"):
            base = ("questions", q)
            answers = [base + ("answers", a, "disputed") for a, _ in item.entries(*base, "answers")]
            cited = _cited(item, (base + ("sources",), base + ("disputed",), *answers))
            records.append(("question", item, base, cited))
    return records


class Prose(NamedTuple):
    """One prose field of a record, with the sources its record cites anywhere."""

    item: Item
    path: tuple
    text: str
    cited: set[str]


def prose_fields(index: Index) -> list[Prose]:
    """Every prose field of every record, in the order the checks report them."""
    return [
        Prose(item, path, text, cited)
        for kind, item, base, cited in _records(index)
        for path, text in _texts(kind, item, base)
    ]


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
        item, path = field.item, field.path
        problems.warn(
            item.doc.path,
            item.doc.locate_offset(item.base + path, match.start()),
            "claim-needs-sources",
            f"'{path[-1]}' says '{' '.join(match.group().split())}': it says several sources back it "
            f"but cites only {len(field.cited - editorial)}",
            "cite each source it means (editorial sources do not count), or reword the claim",
        )


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
            found = " ".join(text[match.start() : match.end()].split())
            problems.warn(
                item.doc.path,
                item.doc.locate_offset(item.base + path, match.start()),
                "named-source-not-cited",
                f"'{path[-1]}' names source '{source_id}' (\"{found}\") but its record does not cite it",
                f"cite it ({{source: {source_id}, locator: ...}}) or drop the name",
            )


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
