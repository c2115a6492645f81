"""The tactic classifier: lead generation, demand generation or both, and why.

Two halves that must agree: this package (search.py, clauses.py, reading.py, whose.py, parts.py and this module, with
describe.py for the text people read; ``glossary classify`` and the tests use them) and
``site_config/assets/classifier.js`` (the /classifier/ page). Both work on the same
*classifier document*, the JSON the generator publishes at
``assets/glossary/classifier.json``, and implement the same four steps:

1. ``search``: rank tactics by name and alias, tolerant of typos ("webnar").
2. ``infer_answers``: read answers out of a free-text description by keywords,
   longest phrase first, so "not gated" beats "gated".
3. ``score``: sum the answers' weights (lead generation positive, demand generation
   negative); a score within ``both_within`` of zero is "both".
4. ``classify``: a known tactic keeps the classification its data gives it (and its
   disputes); anything else is decided by the rules.

Any change to these steps is a change to both files; ``tests/classifier_vectors.yaml``
runs through both and catches a drift.

The engine reads plain documents only, never the model: the checks score a tactic's signals with it
before any model exists. The document is built from the model in ``generator/model/classifier_document.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator.classifier.clauses import plain_spaces, read_description
from generator.classifier.parts import open_activity_beside
from generator.classifier.reading import (
    ClassifyError,
    asset_positions,
    capture_reason,
    capture_verdict,
    mark_goals_apart,
    read_capture,
    read_keywords,
    read_off_topic,
    recognise_tactics,
    set_aside,
)
from generator.classifier.search import MATCH_THRESHOLD, search
from generator.core.text import normalize_words as normalize

FORMAT_VERSION = 1

#: How many characters of a description are read (classifier.json carries it to classifier.js; the page's box
#: takes no more):
#: a tactic is described in a sentence or a paragraph, and reading is slower than linear in the text (a 100 KB
#: paste froze the page for 4 s and took the CLI 19 s). `glossary classify` refuses a longer one.
MAX_DESCRIPTION = 2000


def description_text(text: str | None) -> str:
    """A description as both engines read it, before the cut at :data:`MAX_DESCRIPTION` (and as the CLI counts it):
    every kind of white space made plain, the ends stripped (classifier.js: plainSpaces, then trim)."""
    return plain_spaces(text or "").strip()


#: Small words a reader types around a tactic's name ("a webinar"), ignored when matching names.
RULES = "rules"


def score_signals(document: Mapping[str, Any], signals: Mapping[str, str]) -> tuple[int, str, list[dict]] | None:
    """(score, classification, reasons) the rules give a tactic's signals; None when they decide
    nothing. Signals no question asks about are left out; a value the rules do not know decides
    nothing (the schema or the checks report it). Used by the tactic pages and by the check that
    a classification matches its signals (consistency.py), which reads the raw rules."""
    asked = {q["signal"] for q in document["questions"]}
    try:
        total, classification, reasons = score(document, {s: v for s, v in signals.items() if s in asked})
    except ClassifyError:
        return None
    return (total, classification, reasons) if classification else None


# --- 3. the rules ------------------------------------------------------------------------------


def score(document: Mapping[str, Any], answers: Mapping[str, str]) -> tuple[int, str | None, list[dict]]:
    """(score, classification, reasons) for signal -> value answers; classification None without answers."""
    total, reasons = 0, []
    for question in document["questions"]:
        value = answers.get(question["signal"])
        if value is None:
            continue
        answer = next((a for a in question["answers"] if a["value"] == value), None)
        if answer is None:
            raise ClassifyError(f"'{value}' is not an answer to '{question['signal']}'")
        sign = {"lead_generation": 1, "demand_generation": -1}.get(answer["leans"], 0)
        total += sign * answer["weight"]
        reasons.append(
            {
                "kind": "answer",
                "signal": question["signal"],
                "question": question["question"],
                "answer": value,
                "label": answer["label"],
                "leans": answer["leans"],
                "weight": sign * answer["weight"],
                "text": answer["reason"],
                "sources": answer.get("sources") or question["sources"],  # the passage behind this answer
                "disputes": [*question.get("disputes", []), *answer.get("disputes", [])],
                "terms": answer["terms"] or question["terms"],
            }
        )
    unknown = sorted(set(answers) - {q["signal"] for q in document["questions"]})
    if unknown:
        raise ClassifyError(f"no question asks about '{unknown[0]}'")
    reasons.sort(key=lambda r: -abs(r["weight"]))
    if not reasons:
        return 0, None, []
    return total, decide(total, document["both_within"]), reasons


def decide(total: int, both_within: int) -> str:
    if abs(total) <= both_within:
        return "both"
    return "lead_generation" if total > 0 else "demand_generation"


# --- 4. putting it together --------------------------------------------------------------------


def classify(
    document: Mapping[str, Any], text: str | None = None, answers: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Classify a described tactic and/or a set of answers; the result the CLI prints and the page shows.

    A text that is a known tactic's name (typos forgiven) gives that tactic's own
    classification, disputes included. A longer description is read for three things,
    negations and contrasts respected (:func:`read_description`): what happens to contact
    details (capture evidence), tactics (names, aliases, words) and keywords that answer
    the questions. Capture evidence decides first, because the sources define the two by it:
    captured is lead generation, explicitly not captured demand generation, both said is
    "it depends" (both); a description that also names an awareness goal beside a capture
    step is both. Without capture evidence a recognised tactic keeps its own classification
    unless the description contradicts one of its signals ("an ungated webinar"): then, as
    with explicit ``answers``, the rules decide on its signals with the new answers. Without
    a tactic the rules decide from the keywords. ``decided_by`` says which ("capture",
    "tactic", "rules"); ``confidence`` is earned by agreeing evidence (:func:`confidence_of`).
    Nothing understood is a ClassifyError naming the words that were not recognised.
    """
    answers = dict(answers or {})
    text = description_text(text)[:MAX_DESCRIPTION]
    hits = search(document, text, limit=1) if text else []
    inferred: dict[str, dict[str, Any]] = {}
    unrecognised: list[str] = []
    off_topic: list[str] = []  # words of a task on tools, money or people ("rotate the API key")
    capture: dict[str, list[str]] = {"present": [], "absent": []}
    called_off: list[str] = []  # the cues that called off what the description names ("cancelled")
    aside: list[tuple[str, str]] = []  # what a contrast sets aside ("free to read, but the report needs an email")
    if hits and hits[0]["score"] >= MATCH_THRESHOLD and names_a_tactic(text, hits[0]):
        tactic, matched = hits[0]["tactic"], hits[0]["matched"]
        found = [{"tactic": tactic, "score": hits[0]["score"], "words": []}]
        words = [{"typed": normalize(text), "phrase": matched, "kind": "name", "weight": 0}]
        clues: list[tuple[str, str, list[int]]] = []
        parts = False  # whether the description names an open part of its plan beside a capture step
    else:
        tokens, called_off = read_description(text, document.get("reading"))
        inferred, keyword_cover = read_keywords(document, tokens)
        capture, capture_cover, spans = read_capture(document, tokens)
        described = {signal: f["value"] for signal, f in inferred.items()}
        found, tactic_cover = recognise_tactics(document, tokens, described)
        off_topic, off_cover, chores = read_off_topic(document, tokens, tactic_cover | keyword_cover | capture_cover)
        parts = open_activity_beside(document, found, capture, capture_cover, spans, tokens, chores)
        mark_goals_apart(inferred, tokens, spans)
        covered = tactic_cover | keyword_cover | capture_cover | off_cover
        unrecognised = list(  # each once; not the "s" of a possessive ("the deli's" is read as "deli s")
            dict.fromkeys(token[0] for i, token in enumerate(tokens) if i not in covered and token[0] != "s")
        )
        tactic = found[0]["tactic"] if found else None
        matched = None
        words = found[0]["words"] if found else []
        aside = set_aside(spans, tokens, asset_positions(document, tokens))
        clues = description_clues(document, spans, inferred, found[0] if found else None)
    described = {signal: f["value"] for signal, f in inferred.items()}
    also = [
        {
            "id": f["tactic"]["id"],
            "name": f["tactic"]["name"],
            "classification": f["tactic"]["classification"],
            "score": f["score"],
            "words": f["words"],
        }
        for f in found[1:4]
    ]
    heard = {
        "recognised": words,
        "also": also,
        "unrecognised": unrecognised,
        "capture": capture,
        "off_topic": off_topic,
    }
    if capture["present"] or capture["absent"]:  # what happens to contact details decides first, answers or not
        verdict, depends = capture_verdict(capture, inferred, aside)
        if tactic is not None and tactic["classification"] == "both" and not depends:
            verdict = "both"  # a tactic the sources list in both columns: one side said is one of its two jobs
        if tactic is None or depends or verdict != tactic["classification"] or answers:
            outcome = capture_result(
                document, capture, inferred, tactic, heard, clues, aside, parts=parts, given=answers
            )
            return finish(document, outcome)
        # the capture evidence agrees with the tactic's row: the tactic's own page, both as evidence
        outcome = known_tactic_result(document, tactic, described=inferred)
        outcome = {**outcome, **heard, "decided_by": "capture"}
        outcome["evidence"] = independent(clues) + against_its_signals(outcome)
        outcome["reasons"].insert(1, capture_reason(document, capture, aside))
        return finish(document, {**outcome, "confidence": confidence_of(outcome)})
    if tactic is not None:
        contradicted = any(tactic["signals"].get(s, v) != v for s, v in described.items())
        if not answers and not contradicted:
            outcome = known_tactic_result(document, tactic, matched=matched, described=inferred)
            if matched is None:  # found inside a description: its words are the evidence, not its data
                outcome["evidence"] = independent(clues) + against_its_signals(outcome)
            outcome = {**outcome, **heard}
            return finish(document, {**outcome, "confidence": confidence_of(outcome)})
        base = {**tactic["signals"], **described, **answers}
    else:
        base = {**described, **answers}
    total, classification, reasons = score(document, base)
    if classification is None:
        unknown = f" (not recognised: {shown_words(unrecognised)})" if unrecognised else ""
        if called_off and not answers:
            raise ClassifyError(
                f"nothing to classify{unknown}: what it names is called off ({', '.join(map(repr, called_off))}), "
                "and a plan called off is no tactic being run; describe what you run instead, or answer a question "
                "(see `glossary classify --list`)"
            )
        raise ClassifyError(
            f"nothing to classify{unknown}: name a known tactic, describe one with words the questions know, "
            "or answer a question (see `glossary classify --list`)"
        )
    outcome = _described_outcome(
        document,
        tactic,
        classification,
        decided_by=RULES,
        score=total,
        reasons=reasons,
        answers=base,
        inferred={signal: found["keywords"] for signal, found in inferred.items() if signal not in answers},
        rules_classification=classification,
        heard=heard,
    )
    outcome["evidence"] = independent(
        [clue for clue in clues if clue[0] not in answers]  # a reader's own answer replaces what was read
    )
    if tactic is not None and tactic["disputes"] and not answers:  # a variant of a disputed tactic: still disputed
        outcome["disputed"], outcome["views"] = True, tactic_views(tactic)
    if answers:  # the reader's own answers are sure, unless one of them leans against the verdict they are part of
        outcome["answered_against"] = leans_against(document, answers, classification)
        outcome["confidence"] = "medium" if outcome["answered_against"] else "high"
    else:
        outcome["confidence"] = confidence_of(outcome)
    return finish(document, outcome)


def leans_against(document: Mapping[str, Any], answers: Mapping[str, str], verdict: str) -> bool:
    """Whether one of the reader's own answers leans the other way from a verdict ("a billboard on the motorway", then
    "capturing contact details"; "an ebook with no form", then "gated"): the verdict is then no more than fairly sure.
    A verdict of "both" has no other way."""
    leans = {
        (question["signal"], answer["value"]): answer.get("leans")
        for question in document["questions"]
        for answer in question["answers"]
    }
    other = {"lead_generation": "demand_generation", "demand_generation": "lead_generation"}.get(verdict)
    return other is not None and any(leans.get((signal, value)) == other for signal, value in answers.items())


def names_a_tactic(text: str, hit: Mapping[str, Any]) -> bool:
    """Whether a search hit is the tactic the text names: the name or an alias itself, or a text with a word of three
    letters or more; a letter or two ("s", "a, b") begins many names and names none of them."""
    return hit["score"] == 100 or max(map(len, normalize(text).split(" "))) >= 3


#: How many unrecognised words a message names (a pasted list of a thousand numbers made a 3 KB error line).
SHOWN_WORDS = 12


def shown_words(words: list[str]) -> str:
    """Words for a message, at most :data:`SHOWN_WORDS` of them and how many more (classifier.js: shownWords)."""
    more = len(words) - SHOWN_WORDS
    return ", ".join(words[:SHOWN_WORDS]) + (f" and {more} more" if more > 0 else "")


def description_clues(
    document: Mapping[str, Any],
    spans: list[tuple[str, str, list[int]]],
    inferred: Mapping[str, Mapping[str, Any]],
    tactic: Mapping[str, Any] | None,
) -> list[tuple[str, str, list[int]]]:
    """(what, lean, positions) for each piece of evidence read from a description, in the order
    it weighs: capture phrases (one a contrast sets aside keeps its side: the description says both, so
    the verdict is no more than fairly sure), then answers read from keywords (those that lean), then the row
    of the tactic recognised, once per phrase that named it ("booth" and "badge scan" are two
    clues to a trade show); a name or alias is a "name" clue, a vocabulary word a "row" clue."""
    leans = {(q["signal"], a["value"]): a["leans"] for q in document["questions"] for a in q["answers"]}
    clues = [(typed, "lead_generation" if side == "present" else "demand_generation", at) for side, typed, at in spans]
    for signal, found in inferred.items():
        lean = leans.get((signal, found["value"]))
        if lean in LEAN_SIGN:
            clues.append((signal, lean, found["at"]))
    for kind, at in tactic["spans"] if tactic is not None else ():
        clues.append(("name" if kind == "name" else "row", tactic["tactic"]["classification"], at))
    return clues


def independent(clues: list[tuple[str, str, list[int]]]) -> list[list[str]]:
    """[what, lean] for each clue that rests on words no earlier clue used: one word is one clue,
    though it may be a capture phrase, a keyword and a tactic's word at once ("form")."""
    counted: set[int] = set()
    evidence = []
    for what, lean, at in clues:
        if at and set(at) <= counted:
            continue
        counted.update(at)
        evidence.append([what, lean])
    return evidence


LEAN_SIGN = {"lead_generation": 1, "demand_generation": -1}


def against_its_signals(outcome: Mapping[str, Any]) -> list[list[str]]:
    """["its signals", lean] when a recognised tactic's own signals lean the other way from its row (a source's
    classification kept against them, as for influencer outreach): however many of its words a description
    names, the tactic's data disagrees with itself, so the answer is no more than fairly sure."""
    rules, verdict = outcome.get("rules_classification"), outcome["classification"]
    return [["its signals", rules]] if rules in LEAN_SIGN and verdict in LEAN_SIGN and rules != verdict else []


def evidence_of(outcome: Mapping[str, Any]) -> list[list[str]]:
    """[what, lean] for every independent piece of evidence a result rests on.

    A description's evidence is its words (:func:`independent`): each capture phrase, each answer
    read from keywords and the recognised tactic's row, a word counted once. A tactic named by
    its name has two voices: its row, and its data's own signals when their rules agree."""
    if "evidence" in outcome:
        return outcome["evidence"]
    evidence = [["name", outcome["classification"]]]
    if outcome["rules_classification"] == outcome["classification"]:
        evidence.append(["its signals", outcome["classification"]])
    return evidence


def aims_at_awareness(outcome: Mapping[str, Any], evidence: list[list[str]]) -> bool:
    """Whether the one clue of a demand-generation verdict is the aim of making people aware ("we just want people to
    know the farm shop exists"): that aim is how "In the Lead" defines demand generation, as what happens to contact
    details defines lead generation, so it is no guess. A lead-leaning goal word ("leads", "conversion") is said of
    many things that are no tactic ("lead scoring meeting") and stays one."""
    return (
        outcome["classification"] == "demand_generation"
        and [what for what, _lean in evidence] == ["goal"]
        and outcome.get("answers", {}).get("goal") == "build_awareness"
    )


def held_back_by_a_dispute(outcome: Mapping[str, Any]) -> bool:
    """Whether only a source's dispute keeps a result from "high": two or more clues agree, none contradicts, and the
    tactic is one the sources disagree about ("a webinar with a sign-up form"), so its words say that, not that the
    clues disagree."""
    evidence, verdict = evidence_of(outcome), outcome["classification"]
    agree = sum(1 for _what, lean in evidence if lean == verdict)
    against = any(lean != verdict and lean in LEAN_SIGN and verdict in LEAN_SIGN for _what, lean in evidence)
    return bool(outcome["disputed"]) and agree >= 2 and not against


def confidence_of(outcome: Mapping[str, Any]) -> str:
    """The confidence a result has earned, in three words a reader can trust.

    "high" when at least two independent pieces of evidence agree with the verdict and none
    contradicts it (a source's dispute contradicts); "low" on a single clue, unless that clue is a capture
    phrase (what happens to contact details is how the sources define the two: "people put in a work email to
    get the template" is no guess), the aim of making people aware (:func:`aims_at_awareness`) or a listed
    tactic answers; "medium" otherwise (evidence disagrees, or the
    verdict is "both"). A description that reads like a task on
    tools, money or people (``off_topic``: "rotate the API key of the webinar platform") is a guess
    unless three or more clues say otherwise."""
    evidence = evidence_of(outcome)
    if outcome.get("off_topic") and len(evidence) <= 2:
        return "low"
    verdict = outcome["classification"]
    agree = sum(1 for _what, lean in evidence if lean == verdict)
    against = sum(1 for _what, lean in evidence if lean != verdict and lean in LEAN_SIGN and verdict in LEAN_SIGN)
    if len(evidence) <= 1:  # one clue: a guess, unless it is one of the sources' definitions or a tactic answers
        defining = outcome.get("decided_by") == "capture" or aims_at_awareness(outcome, evidence)
        return "medium" if outcome["tactic"] or defining else "low"
    if agree >= 2 and not against and not outcome["disputed"]:
        return "high"
    return "medium"


def capture_result(
    document: Mapping[str, Any],
    capture: Mapping[str, list[str]],
    inferred: Mapping[str, Mapping[str, Any]],
    tactic: Mapping[str, Any] | None,
    heard: Mapping[str, Any],
    clues: list[tuple[str, str, list[int]]],
    aside: list[tuple[str, str]] | None = None,
    *,
    parts: bool = False,
    given: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The verdict when the description says what happens to contact details (``parts``: the open side is a part of
    the plan named beside the capture step, :func:`open_activity_beside`, not a contradiction; ``given``: the reader's
    own answers, scored and shown beside the ones read, replacing a read one of the same question).

    Captured: lead generation; explicitly not captured: demand generation; both said: "both",
    and the headline says it depends on whether contact details are captured, showing each side.
    A capture step beside an explicit awareness goal ("an awareness push with a capture page")
    is both too. The answers read from the description are scored and shown, but do not decide;
    a recognised tactic is named (``based_on``) without its row deciding.
    """
    given = dict(given or {})
    described = {**{signal: found["value"] for signal, found in inferred.items()}, **given}
    total, _by_rules, reasons = score(document, described)
    aside = list(aside or [])
    classification, depends = capture_verdict(capture, inferred, aside)
    outcome = _described_outcome(
        document,
        tactic,
        classification,
        decided_by="capture",
        score=total,
        reasons=[capture_reason(document, capture, aside), *reasons],
        answers=described,
        inferred={signal: found["keywords"] for signal, found in inferred.items() if signal not in given},
        rules_classification=None,
        heard=heard,
    )
    outcome["depends"] = depends
    outcome["parts"] = depends and parts
    outcome["aside"] = [typed for _side, typed in aside]
    outcome["evidence"] = independent(clues)
    outcome["confidence"] = "medium" if depends else confidence_of(outcome)
    if given and leans_against(document, given, classification):
        outcome["answered_against"] = True  # the reader's own answer leans the other way: no more than fairly sure
        outcome["confidence"] = "medium" if outcome["confidence"] == "high" else outcome["confidence"]
    return outcome


def _described_outcome(
    document: Mapping[str, Any],
    tactic: Mapping[str, Any] | None,
    classification: str,
    *,
    decided_by: str,
    score: int,
    reasons: list,
    answers: Mapping[str, str],
    inferred: Mapping[str, Any],
    rules_classification: str | None,
    heard: Mapping[str, Any],
) -> dict[str, Any]:
    """The result of a description that named no tactic's row as its answer: the rules or the
    capture evidence decided (``decided_by``); a recognised tactic is only ``based_on``."""
    return {
        "tactic": None,
        "name": None,
        "based_on": tactic["id"] if tactic is not None else None,
        "classification": classification,
        "label": document["labels"][classification],
        "disputed": False,
        "decided_by": decided_by,
        "score": score,
        "reasons": reasons,
        "answers": dict(answers),
        "inferred": dict(inferred),
        "views": [],
        "rules_classification": rules_classification,
        **heard,
    }


def known_tactic_result(
    document: Mapping[str, Any],
    tactic: Mapping[str, Any],
    matched: str | None = None,
    described: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict:
    """A listed tactic: its own classification and rationale first, the signals' reasons after.

    ``described`` holds answers read from a description that add to the tactic's signals
    (never contradict them: that makes a variant, decided by the rules).
    """
    described = described or {}
    answers = {**tactic["signals"], **{signal: found["value"] for signal, found in described.items()}}
    total, by_rules, signal_reasons = score(document, answers)
    rationale = {
        "kind": "rationale",
        "text": tactic["rationale"],
        "weight": 0,
        "sources": tactic["sources"],
        "terms": tactic["terms"],
    }
    views = tactic_views(tactic)
    return {
        "tactic": tactic["id"],
        "name": tactic["name"],
        "based_on": None,
        "matched": matched or tactic["name"],
        "classification": tactic["classification"],
        "classified_by": tactic.get("classified_by", "sources"),
        "label": document["labels"][tactic["classification"]],
        "disputed": bool(tactic["disputes"]),
        "score": total,
        "reasons": [rationale, *signal_reasons],
        "answers": answers,
        "inferred": {signal: found["keywords"] for signal, found in described.items()},
        "views": views if tactic["disputes"] else [],
        "rules_classification": by_rules,
        "recognised": [],
        "also": [],
        "unrecognised": [],
        "capture": {"present": [], "absent": []},
        "decided_by": "tactic",
    }


def tactic_views(tactic: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The glossary's view of a tactic, then each source that disputes it."""
    views = [{"by": "glossary", "classification": tactic["classification"], "sources": tactic["sources"]}]
    return views + [
        {
            "by": d["source"].get("id", ""),
            "classification": d["classification"],
            "note": d["note"],
            "source": d["source"],
        }
        for d in tactic["disputes"]
    ]


def disputed_said(labels: Mapping[str, str], views: Iterable[Mapping[str, Any]]) -> str:
    """ "1 source says demand generation": how many sources see it otherwise, per classification."""
    counts: dict[str, int] = {}
    for view in views:
        if view["by"] != "glossary":
            counts[view["classification"]] = counts.get(view["classification"], 0) + 1
    return " and ".join(
        f"{n} {'source says' if n == 1 else 'sources say'} {labels[c].lower()}" for c, n in counts.items()
    )


LEANS = {"lead_generation": "lead gen", "demand_generation": "demand gen", "both": "both ways"}


def signed(number: int) -> str:
    return f"+{number}" if number >= 0 else str(number)


def headline(document: Mapping[str, Any], outcome: Mapping[str, Any]) -> str:
    """The verdict as one statement that the score and the reasons under it never contradict.

    A listed tactic is classified by its sources, or, where none classifies it, by the team
    ("the team's reading": a reader must not take the team's filing for a source's); where a
    source disagrees, or its signals alone would say otherwise, the same sentence says so
    ("Lead generation, by the sources; the signals alone lean demand gen (-5)").
    """
    labels = document["labels"]
    label = labels[outcome["classification"]]
    if outcome.get("off_topic") and outcome["confidence"] == "low":
        return f"A guess: {label}, though it reads like a task, not a tactic ({quoted(outcome['off_topic'])})"
    if outcome["tactic"]:
        by_team = outcome.get("classified_by") == "team"
        text = f"{label}, the team's reading" if by_team else f"{label}, by the sources"
        if outcome["disputed"]:
            text += f" (disputed: {disputed_said(labels, outcome['views'])})"
        rules = outcome["rules_classification"]
        if rules is not None and rules != outcome["classification"]:
            text += f"; the signals alone lean {LEANS[rules]} ({signed(outcome['score'])})"
        return text
    if outcome.get("decided_by") == "capture":
        return capture_headline(document, outcome)
    if outcome["confidence"] == "low":
        return f"A guess: {label}, from a single clue ({signed(outcome['score'])})"
    if aims_at_awareness(outcome, evidence_of(outcome)):
        aim = quoted(outcome["inferred"]["goal"])
        return f"{label}: the aim is to make people aware ({aim}), with nothing captured"
    text = f"{label}, by the signals ({signed(outcome['score'])})"
    if outcome["disputed"]:  # a variant of a disputed tactic
        text += f"; the tactic it is based on is disputed ({disputed_said(labels, outcome['views'])})"
    return text


def quoted(phrases: Iterable[str]) -> str:
    return ", ".join(f"'{p}'" for p in phrases)


def capture_headline(document: Mapping[str, Any], outcome: Mapping[str, Any]) -> str:
    """The verdict decided by what happens to contact details, with the reader's own words."""
    labels = document["labels"]
    present, absent = outcome["capture"]["present"], outcome["capture"]["absent"]
    if outcome.get("parts"):  # a plan of two parts on purpose: it does not "depend", it does both
        return (
            f"{labels['both']}: one part of the plan captures contact details ({quoted(present)}), "
            f"another does not ({quoted(absent)})"
        )
    if outcome.get("depends"):
        return (
            "It depends on whether you capture contact details: "
            f"{labels['lead_generation'].lower()} where you do ({quoted(present)}), "
            f"{labels['demand_generation'].lower()} where you do not ({quoted(absent)})"
        )
    label = labels[outcome["classification"]]
    if present and outcome["classification"] == "both":
        return f"{label}: contact details are captured ({quoted(present)}) beside an awareness or brand goal"
    aside = outcome.get("aside") or []
    present, absent = [p for p in present if p not in aside], [a for a in absent if a not in aside]
    if present:
        why = f"contact details are captured ({quoted(present)})"
    else:
        why = f"contact details are not captured ({quoted(absent)})"
    if aside:
        why += f", set against {quoted(aside)}"
    if outcome["confidence"] == "low":
        return f"A guess: {label}, from a single clue: {why}"
    return f"{label}: {why}"


def finish(document: Mapping[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    outcome["headline"] = headline(document, outcome)
    return outcome
