"""The classifier document: the model's tactics and classifier rules as the JSON the widget reads
(``assets/glossary/classifier.json``) and ``glossary classify`` reads back, and what a tactic's
signals alone give. The engine that reads the document is ``generator/classifier/classify.py``;
it knows nothing of the model, so that the checks can use it before a model exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from generator.classifier.classify import FORMAT_VERSION, MAX_DESCRIPTION, score_signals
from generator.classifier.search import MATCH_THRESHOLD
from generator.model.glossary import Classification, Glossary, Tactic


def classifier_document(
    glossary: Glossary,
    url: Callable[[Any], str] = lambda item: "",
    html: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The classifier's data as published for the widget (and read back by the CLI).

    ``url`` gives an object's page relative to the site root ("glossary/lead/");
    ``html`` turns a Markdown field into safe HTML (the widget shows rationales).
    """

    def term_ref(term: Any) -> dict[str, str]:
        return {"id": term.id, "name": term.term, "summary": term.summary or "", "url": url(term)}

    def cite(citations: Iterable[Any]) -> list[dict[str, str]]:
        # "quote" only where the citation has one (added within format version 1)
        return [
            {"id": c.source.id, "title": c.source.title, "locator": c.locator or "", "url": url(c.source)}
            | ({"quote": c.quote} if c.quote else {})
            for c in citations
        ]

    rules = glossary.classifier
    questions = []
    for question in rules.questions if rules else ():
        answers = [
            {
                "value": a.value,
                "label": a.label,
                "aliases": list(a.aliases),
                "leans": a.leans.value if a.leans else "neither",
                "weight": a.weight,
                "reason": a.reason,
                "keywords": list(a.keywords),
                "opposite": a.opposite,
                "sources": cite(a.sources),
                "terms": [term_ref(t) for t in a.terms],
                "disputes": [{"source": cite([d])[0], "note": d.note} for d in a.disputes],
            }
            for a in question.answers
        ]
        questions.append(
            {
                "signal": question.signal,
                "flag": question.flag,
                "question": question.question,
                "help": question.help or "",
                "terms": [term_ref(t) for t in question.terms],
                "sources": cite(question.sources),
                "disputes": [{"source": cite([d])[0], "note": d.note} for d in question.disputes],
                "uncontested": question.uncontested or "",
                "answers": answers,
            }
        )
    tactics = [tactic_entry(t, url, html, term_ref, cite) for t in glossary.tactics.values()]
    reading = rules.reading if rules else None
    return {
        "version": FORMAT_VERSION,
        "max_description": MAX_DESCRIPTION,  # how many characters of a description either engine reads
        "reading": {
            "negation": list(reading.negation),
            "called_off": list(reading.called_off),
            "contrast": list(reading.contrast),
            "off_topic": list(reading.off_topic),
            "words": {name: list(words) for name, words in reading.words},
            "capture": {
                "present": list(reading.capture_present),
                "absent": list(reading.capture_absent),
                "channels": list(reading.capture_channels),
                "asked": list(reading.capture_asked),
                "optional": list(reading.capture_optional),
                "neutral": list(reading.capture_neutral),
                "roles": list(reading.capture_roles),
                "training": list(reading.capture_training),
                "assets": list(reading.capture_assets),
                "open_activities": list(reading.capture_open_activities),
                "sources": cite(reading.capture_sources),
            },
        }
        if reading
        else None,
        "both_within": rules.both_within if rules else 1,
        "match_threshold": MATCH_THRESHOLD,
        "labels": {c.value: c.label for c in Classification},
        "questions": questions,
        "tactics": tactics,
    }


def rules_of(glossary: Glossary) -> dict[str, Any] | None:
    """The classifier's rules alone, as the document :func:`score` reads (no tactics, no links)."""
    rules = glossary.classifier
    if rules is None:
        return None
    questions = [
        {
            "signal": q.signal,
            "question": q.question,
            "sources": [],
            "terms": [],
            "answers": [
                {
                    "value": a.value,
                    "label": a.label,
                    "leans": a.leans.value if a.leans else "neither",
                    "weight": a.weight,
                    "reason": a.reason,
                    "terms": [],
                }
                for a in q.answers
            ],
        }
        for q in rules.questions
    ]
    return {"questions": questions, "both_within": rules.both_within}


def signals_classification(glossary: Glossary, tactic: Tactic) -> Classification | None:
    """What a tactic's signals alone give under the rules (None: no rules, or nothing answered)."""
    document = rules_of(glossary)
    scored = score_signals(document, tactic.signals.answered()) if document else None
    return Classification(scored[1]) if scored else None


def tactic_entry(tactic: Tactic, url: Callable, html: Callable | None, term_ref: Callable, cite: Callable) -> dict:
    entry = {
        "id": tactic.id,
        "name": tactic.name,
        "aliases": list(tactic.aliases),
        "words": list(tactic.words),
        "summary": tactic.summary or "",
        "classification": tactic.classification.value,
        "classified_by": tactic.classified_by,
        "signals": tactic.signals.answered(),
        "rationale": tactic.rationale,
        "sources": cite(tactic.sources),
        "disputes": [
            {
                "source": cite([d])[0],
                "classification": d.classification.value,
                "note": d.note,
            }
            for d in tactic.disputes
        ],
        "terms": [term_ref(t) for t in tactic.terms],
        "url": url(tactic),
    }
    if tactic.overrides is not None:
        entry["overrides"] = {"reason": tactic.overrides.reason, "sources": cite(tactic.overrides.sources)}
    if html is not None:
        entry["rationale_html"] = html(tactic.rationale)
    return entry
