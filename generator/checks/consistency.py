"""Checks that the content agrees with itself: rules that match the data (issue 17).

The checks, run by ``validate.validate_project`` on the raw index:

- ``classification-contradicts-signals`` (error): a tactic's ``signals``, scored by the
  classifier's own rules (``classify.score``), give another classification than the
  tactic's, and neither a ``disputed`` entry with that classification nor ``overrides``
  says why.
- ``single-source-rule`` (warning): a classifier question rests on one source and records
  neither the other sources' view (``disputed``) nor why there is none (``uncontested``).
- ``claim-needs-sources`` and ``named-source-not-cited`` (warnings): texts that claim several
  sources, or name a source their record does not cite (``source_mentions.py``).
- ``editorial-dispute`` / ``editorial-override`` (errors): a ``disputed`` entry citing an
  editorial source, or ``overrides`` resting only on editorial sources. Editorial sources are
  never the "other view" a rule needs either.
- ``team-reading-uncited`` (error): a tactic marked ``classified_by: team`` that cites no
  editorial source (the team's reading must be traceable to a recorded decision).
"""

from __future__ import annotations

from typing import Any

from generator.checks.records import Index, Item
from generator.checks.references import ref
from generator.checks.source_mentions import check_source_mentions, editorial_sources
from generator.core.problems import ProblemList


def check_consistency(index: Index, problems: ProblemList) -> None:
    check_signals(index, problems)
    check_editorial_disputes(index, problems)
    check_team_readings(index, problems)
    check_rule_sources(index, problems)
    check_source_mentions(index, problems)


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
