"""The classifier's results and questions as text for people: what `glossary classify` prints and the
assistant's explanation (the page renders the same result in site_config/assets/classifier.js)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.classifier.classify import aims_at_awareness, evidence_of, held_back_by_a_dispute, shown_words, signed
from generator.core.text import one_line

CONFIDENCE_WORDS = {
    "high": "sure: several clues agree",
    "medium": "fairly sure: the clues do not all agree",
    "low": "a guess from a single clue",
}


def confidence_words(outcome: Mapping[str, Any]) -> str:
    """The confidence in plain words, with the reason it has that level (classifier.js: confidenceWords): a
    try-out found "the clues do not all agree" under answers resting on one clue with nothing against it, and
    "a single clue" under a task's two clues."""
    level = outcome["confidence"]
    if level == "low" and outcome.get("off_topic"):
        return "a guess: it reads like a task, not a tactic"
    if level == "medium" and outcome.get("answered_against"):
        return "fairly sure: one of your answers leans the other way"
    if level == "medium" and outcome.get("parts"):  # a plan of two parts: its clues disagree on purpose
        return "fairly sure: each part of the plan is clear, and they lean opposite ways"
    if level == "medium" and aims_at_awareness(outcome, evidence_of(outcome)):
        return "fairly sure: one clue, but the one that defines demand generation (the aim of making people aware)"
    if level == "medium" and held_back_by_a_dispute(outcome):
        return "fairly sure: the clues agree, but the sources disagree about this tactic"
    if level == "medium" and len(evidence_of(outcome)) <= 1:
        return "fairly sure: one clue, but one that decides (what happens to contact details, or a listed tactic)"
    return CONFIDENCE_WORDS[level]


def result_title(outcome: Mapping[str, Any], document: Mapping[str, Any]) -> str:
    """What a result is about: a listed tactic's name, a variant of one, or what the reader described.

    Where what is said about contact details decides against the row of the tactic a description names
    ("the ungated guide needs a work email" is lead generation), the title is what the reader described and
    says which tactic it names and how that tactic is listed, never the tactic's name alone above a verdict
    its row does not give (the page's title reads the same: classifier.js ``Widget.title``)."""
    if outcome["name"]:
        return outcome["name"]
    based = next((t for t in document["tactics"] if t["id"] == outcome["based_on"]), None)
    if based is None:
        return "Your tactic"
    if outcome["decided_by"] == "capture" and based["classification"] != outcome["classification"]:
        listed = document["labels"][based["classification"]].lower()
        return f"What you describe (it names {based['name']}, listed as {listed}; contact details decide)"
    first = outcome["recognised"][0] if outcome["recognised"] else {}
    picked = first.get("kind") == "name" and not first.get("weight")  # its name typed whole, then answers given
    return f"{based['name']}, {'with your answers' if picked else 'as you describe it'}"


def disputed_by(reason: Mapping[str, Any]) -> str:
    """The short mention of a reason whose rule some source disputes: "rule disputed by A; B"."""
    return "rule disputed by " + "; ".join(d["source"]["title"] for d in reason["disputes"])


def describe_questions(document: Mapping[str, Any]) -> str:
    """The questions, their options and answers, as ``glossary classify --list`` prints them."""
    lines = []
    for question in document["questions"]:
        lines.append(f"--{question['flag']}  {question['question']}  (signal: {question['signal']})")
        for answer in question["answers"]:
            spellings = ", ".join([answer["value"], *answer["aliases"]])
            weight = f"{answer['leans'].replace('_', ' ')} {answer['weight']}" if answer["weight"] else "neither"
            lines.append(f"    {spellings:<44} {answer['label']} [{weight}]")
    return "\n".join(one_line(line) for line in lines)  # content never adds a line


def describe_result(outcome: Mapping[str, Any], document: Mapping[str, Any]) -> str:
    """A classification with its reasons and sources, for people: one line per fact."""
    labels = document["labels"]
    lines = [f"{result_title(outcome, document)}: {outcome['headline']}"]
    if outcome.get("confidence"):
        lines.append(f"  confidence: {outcome['confidence']} ({confidence_words(outcome)})")
    lines.append(f"  score {signed(outcome['score'])} (positive leans lead gen)")
    if outcome.get("matched") and outcome["matched"] != outcome["name"]:
        lines.append(f"  found by its other name '{outcome['matched']}'")
    for word in outcome["recognised"]:
        if word["weight"]:
            lines.append(f"  recognised '{word['typed']}' ({word['phrase']}, +{word['weight']} for this tactic)")
    for signal, keywords in outcome["inferred"].items():
        lines.append(f"  read from the description: {signal} = {outcome['answers'][signal]} ({', '.join(keywords)})")
    for other in outcome["also"]:
        heard = ", ".join(f"'{w['typed']}'" for w in other["words"])
        lines.append(f"  also looks like {other['name']} ({labels[other['classification']]}; {heard})")
    if outcome["unrecognised"]:
        lines.append(f"  not recognised: {shown_words(outcome['unrecognised'])}")
    if outcome["disputed"]:
        lines.append("The sources disagree:")
        for view in outcome["views"]:
            who = "this glossary" if view["by"] == "glossary" else view["source"]["title"]
            note = f": {view['note']}" if view.get("note") else ""
            lines.append(f"  - {who}: {labels[view['classification']]}{note}")
    lines.append("Why:")
    for reason in outcome["reasons"]:
        if reason["kind"] in ("rationale", "capture"):
            lines.append(f"  - {' '.join(reason['text'].split())}")
        else:
            lean = reason["leans"].replace("_", " ")
            lines.append(f"  - [{lean} {reason['weight']:+d}] {reason['question']} {reason['label']}. {reason['text']}")
        cited = "; ".join(s["title"] + (f" ({s['locator']})" if s["locator"] else "") for s in reason["sources"])
        if cited:
            lines.append(f"      sources: {cited}")
        if reason.get("disputes"):
            lines.append(f"      {disputed_by(reason)}")
    return "\n".join(one_line(line) for line in lines)  # content never adds a line
