"""Tactics, tactic tables and playbooks: names, words, references and table cells."""

from __future__ import annotations

from generator.checks.names import collapsed_phrase_problem, refuse_line_breaks
from generator.checks.records import Index, Item
from generator.checks.references import ref, source_refs, term_ref, with_valid_ids
from generator.core.problems import ProblemList
from generator.core.text import name_key, phrase_key

# --- tactics, tables, playbooks -----------------------------------------------------------


def check_tactics(index: Index, problems: ProblemList) -> None:
    claimed: dict[str, tuple[str, Item]] = {}
    shared = _shared_words(index)
    words: dict[tuple[str, ...], str] = {}
    for tactic_id, item in index.tactics.items():  # every name first: a word may not be another tactic's name
        for name in [item.text("name")] + [a for _, a in item.entries("aliases")]:
            if isinstance(name, str) and phrase_key(name):
                words.setdefault(phrase_key(name), tactic_id)
    for tactic_id, item in index.tactics.items():
        names = [(("name",), item.text("name"))] + [(("aliases", i), a) for i, a in item.entries("aliases")]
        for path, name in names:
            if name is None or not refuse_line_breaks(item, path, "tactic name", name, problems):
                continue
            collapsed_phrase_problem(item, path, name, problems)
            key = name_key(name)
            if key in claimed and claimed[key][0] != tactic_id:
                problems.add(
                    item.doc.path,
                    item.at(*path),
                    "duplicate-name",
                    f"tactic name '{name}' is already used by tactic '{claimed[key][0]}'",
                    "each name may lead to only one tactic",
                )
            claimed.setdefault(key, (tactic_id, item))
        _claim_words(tactic_id, item, words, shared, problems)
        source_refs(item, "sources", index, problems)
        classification = item.get("classification")
        for number, _ in item.entries("disputed"):
            source = item.get("disputed", number, "source")
            ref(item, ("disputed", number, "source"), index.sources, "source", index, problems)
            disputed = item.get("disputed", number, "classification")
            if disputed is not None and disputed == classification:
                problems.warn(
                    item.doc.path,
                    item.at("disputed", number, "classification"),
                    "not-a-dispute",
                    f"source '{source}' agrees with the classification '{disputed}'",
                    "cite it under sources instead",
                )
        for number, _ in item.entries("terms"):
            term_ref(item, ("terms", number), index, problems)


def check_tables(index: Index, problems: ProblemList) -> None:
    for table_id, item in index.tables.items():
        columns = item.get("columns")
        footnotes = {item.get("footnotes", n, "id") for n, _ in item.entries("footnotes")} - {None}
        source = item.text("source", "source")
        ref(item, ("source", "source"), index.sources, "source", index, problems)
        for r, row in item.entries("rows"):
            if isinstance(columns, list) and len(row) != len(columns):
                problems.add(
                    item.doc.path,
                    item.at("rows", r),
                    "table-shape",
                    f"row {r + 1} of table '{table_id}' has {len(row)} cell(s) but the table has "
                    f"{len(columns)} column(s)",
                )
            for c, _ in item.entries("rows", r):
                path = ("rows", r, c, "tactic")
                if item.get(*path) is None or not ref(item, path, index.tactics, "tactic", index, problems):
                    continue
                footnote = item.get("rows", r, c, "footnote")
                if footnote is not None and footnote not in footnotes:
                    problems.add(
                        item.doc.path,
                        item.at("rows", r, c, "footnote"),
                        "unknown-reference",
                        f"cell refers to footnote '{footnote}', which the table does not define",
                        with_valid_ids(index.suggester.did_you_mean(footnote, footnotes), footnotes, "footnote"),
                    )
                if isinstance(columns, list) and c < len(columns):
                    _check_cell_classification(item, path, ("columns", c), source, index, problems)


def _check_cell_classification(
    item: Item, path: tuple, column: tuple, source: str | None, index: Index, problems: ProblemList
) -> None:
    """A tactic listed under a column must be classified so, or record the source's dispute."""
    tactic_id = item.get(*path)
    tactic = index.tactics.get(tactic_id)
    expected = item.get(*column, "classification")
    actual = tactic.get("classification") if tactic else None
    if actual is None or expected is None or actual == expected or "both" in (actual, expected):
        return
    disputes = [
        (tactic.get("disputed", n, "source"), tactic.get("disputed", n, "classification"))
        for n, _ in tactic.entries("disputed")
    ]
    if (source, expected) in disputes:
        return
    problems.add(
        item.doc.path,
        item.at(*path),
        "table-mismatch",
        f"tactic '{tactic_id}' is classified '{actual}' but the table lists it under "
        f"'{item.get(*column, 'heading')}' ({expected})",
        f"fix the classification, or record source '{source}' under the tactic's disputed entries"
        if source
        else "fix the tactic's classification or move it to another column",
    )


def check_playbooks(index: Index, problems: ProblemList) -> None:
    for item in index.playbooks.values():
        for number, _ in item.entries("terms"):
            term_ref(item, ("terms", number), index, problems)
        for number, _ in item.entries("tactics"):
            ref(item, ("tactics", number), index.tactics, "tactic", index, problems)
        for number, _ in item.entries("funnel"):
            term_ref(item, ("funnel", number, "term"), index, problems)
        ref(item, ("category",), index.categories, "category", index, problems)
        source_refs(item, "sources", index, problems)


def _shared_words(index: Index) -> set[tuple[str, ...]]:
    item = index.classifier
    if item is None:
        return set()
    return {phrase_key(w) for _, w in item.entries("shared_words") if isinstance(w, str)}


def _claim_words(
    tactic_id: str, item: Item, claimed: dict[tuple[str, ...], str], shared: set[tuple[str, ...]], problems: ProblemList
) -> None:
    """A tactic's words point the classifier to it alone, unless the classifier declares them shared."""
    for number, word in item.entries("words"):
        if not isinstance(word, str):
            continue
        key = phrase_key(word)
        collapsed_phrase_problem(item, ("words", number), word, problems)
        if not key:
            problems.add(
                item.doc.path,
                item.at("words", number),
                "empty-word",
                f"word '{word}' has nothing the classifier can match (only filler words or punctuation)",
                "remove it, or write the word that matters",
            )
            continue
        owner = claimed.setdefault(key, tactic_id)
        if owner != tactic_id and key not in shared:
            problems.add(
                item.doc.path,
                item.at("words", number),
                "duplicate-word",
                f"word '{word}' is also a word or name of tactic '{owner}'",
                "list it under one tactic, or declare it in shared_words of playbooks/classifier.yaml",
            )
