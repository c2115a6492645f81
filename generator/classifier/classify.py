"""The tactic classifier: lead generation, demand generation or both, and why.

Two halves that must agree: this module (``glossary classify`` and the tests) and
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

import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator.core.text import FILLER_WORDS, one_line, phrase_key, stem_word
from generator.core.text import normalize_words as normalize

FORMAT_VERSION = 1
#: A text names a known tactic when its best match scores at least this (a one-typo match is 60).
MATCH_THRESHOLD = 60
MAX_SUGGESTIONS = 8
#: Small words a reader types around a tactic's name ("a webinar"), ignored when matching names.
STOPWORDS = frozenset({"a", "an", "the", "of", "for", "and", "or", "to", "our", "we", "with", "in", "on"})
RULES = "rules"
#: Where a clause ends: a negation reaches no further (classifier.js splits on the same characters).
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\n\u2013\u2014]+|\s-+\s")  # a dash between spaces ends a clause too
#: After these a negation cue starts a negated list item ("no form and no signup") instead of cancelling.
COORDINATORS = frozenset({"and", "or", "nor", "plus"})


class ClassifyError(ValueError):
    """An answer the rules do not know, or nothing to classify."""


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


# --- 1. finding a tactic by name -----------------------------------------------------------


def allowed_typos(word: str) -> int:
    return 0 if len(word) <= 3 else 1 if len(word) <= 6 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[len(b)], limit + 1)


def word_cost(query_word: str, name_word: str) -> int | None:
    """Edits needed for ``query_word`` to match ``name_word`` or its beginning; None if too many."""
    if name_word.startswith(query_word):
        return 0
    limit = allowed_typos(query_word)
    if limit == 0:
        return None
    best = edit_distance(query_word, name_word, limit)
    if len(query_word) >= 4:
        for length in (len(query_word) - 1, len(query_word), len(query_word) + 1):
            if length < len(name_word):
                best = min(best, edit_distance(query_word, name_word[:length], limit))
    return best if best <= limit else None


def query_words(query: str) -> list[str]:
    return [w for w in query.split(" ") if w not in STOPWORDS]


def name_score(query: str, name: str, memo: dict[tuple[str, str], int | None] | None = None) -> int:
    """How well a normalised query matches a normalised name, 0 (not at all) to 100 (the same).

    ``memo`` keeps word comparisons across the names of one search: names share words.
    """
    memo = {} if memo is None else memo
    if not query or not name:
        return 0
    if query == name:
        return 100
    if name.startswith(query):
        return 90
    words = query_words(query)
    if not words:
        return 0
    contains = len(query) >= 3 and query in name
    total = 0
    for word in words:
        costs = []
        for name_word in name.split(" "):
            if (word, name_word) not in memo:
                memo[word, name_word] = word_cost(word, name_word)
            if memo[word, name_word] is not None:
                costs.append(memo[word, name_word])
        if not costs:
            return 70 if contains else 0
        total += min(costs)
    if total == 0:
        return 80
    if contains:
        return 70
    return max(0, 60 - 10 * (total - 1))


def search(document: Mapping[str, Any], query: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
    """Tactics matching ``query``, best first: [{"tactic": entry, "score": n, "matched": name}]."""
    wanted = normalize(query)
    if not wanted:
        return []
    hits, memo = [], {}
    for tactic in document["tactics"]:
        best, matched = 0, tactic["name"]
        for name in (tactic["name"], *tactic["aliases"]):
            value = name_score(wanted, normalize(name), memo)
            if value > best:
                best, matched = value, name
        if best > 0:
            hits.append({"tactic": tactic, "score": best, "matched": matched})
    hits.sort(key=lambda hit: (-hit["score"], hit["tactic"]["name"].lower(), hit["tactic"]["id"]))
    return hits[:limit]


# --- 2. answers from a description ----------------------------------------------------------


def cue_length(words: list[str], start: int, cues: list[list[str]]) -> int:
    """How many words the longest cue starting at ``start`` covers (0: none starts there)."""
    best = 0
    for cue in cues:
        if len(cue) > best and words[start : start + len(cue)] == cue:
            best = len(cue)
    return best


def description_tokens(text: str, reading: Mapping[str, Any] | None = None) -> list[tuple[str, str, str]]:
    """(word, stem, negated) for each word of a description that is neither filler nor a cue.

    The text is cut into clauses at punctuation. Inside a clause a negation cue ("no",
    "without", "won't") flips every word after it to negated, up to the clause's end or a
    contrast cue ("but", "except"), which starts afresh: "open to all, but a sign-up" has a
    sign-up, "no trial without a work email" a work email (two cues cancel), but "no form and no
    signup" has neither (a cue after an "and"/"or" negates afresh, however far after it:
    "we don't export them and we're not passing anyone to sales"). Cues are matched
    as typed, not stemmed, and are not words of the description themselves.
    """
    reading = reading or {}
    negation = [normalize(c).split(" ") for c in reading.get("negation", [])]
    contrast = [normalize(c).split(" ") for c in reading.get("contrast", [])]
    spelled: dict[str, str] = {}  # the cue as the vocabulary spells it ("don't"), first spelling first
    for cue in reading.get("negation", []):
        spelled.setdefault(normalize(cue), cue)
    tokens: list[tuple[str, str, str]] = []
    for clause in CLAUSE_BREAK.split(text):
        words = [w for w in normalize(clause).split(" ") if w]
        negated, listed, i = "", False, 0  # negated: the cue in force ("" when none)
        while i < len(words):
            length = cue_length(words, i, contrast)
            if length:
                negated, i = "", i + length
                continue
            length = cue_length(words, i, negation)
            if length:
                cue = spelled.get(" ".join(words[i : i + length]), " ".join(words[i : i + length]))
                negated, listed, i = (cue if listed or not negated else ""), False, i + length
                continue
            listed = listed or words[i] in COORDINATORS  # "no X and we won't Y": Y is negated afresh
            if words[i] not in FILLER_WORDS:
                tokens.append((words[i], stem_word(words[i]), negated))
            i += 1
    return tokens


def stem_typos(stem: str) -> int:
    """Typos forgiven when a typed word is compared with a vocabulary stem of this length."""
    return 0 if len(stem) < 7 else 1 if len(stem) < 11 else 2


def stems_match(typed: str, wanted: str, memo: dict[tuple[str, str], bool]) -> bool:
    """The same stem, or a long one with a few typos that keep the first letter ("hackaton")."""
    if typed == wanted:
        return True
    if (typed, wanted) not in memo:
        limit = stem_typos(wanted)
        memo[typed, wanted] = bool(limit) and typed[:1] == wanted[:1] and edit_distance(typed, wanted, limit) <= limit
    return memo[typed, wanted]


def find_phrases(tokens: list[tuple[str, str]], phrases: list[tuple[tuple[str, ...], Any]]) -> list[dict[str, Any]]:
    """Every place a phrase occurs in the tokens, then the longest ones that do not overlap.

    A phrase is a tuple of stems; it occurs where consecutive tokens match its stems. Longer
    phrases are taken first (then the earlier, then the one listed first); the same phrase
    on the same words may be taken for several owners (a shared word).
    """
    memo: dict[tuple[str, str], bool] = {}
    found = []
    for order, (key, owner) in enumerate(phrases):
        if not key:
            continue
        for start in range(len(tokens) - len(key) + 1):
            if all(stems_match(tokens[start + k][1], key[k], memo) for k in range(len(key))):
                found.append({"start": start, "end": start + len(key), "key": key, "owner": owner, "order": order})
    found.sort(key=lambda m: (-(m["end"] - m["start"]), m["start"], m["order"]))
    taken: list[dict[str, Any]] = []
    for match in found:
        if all(
            match["end"] <= t["start"]
            or match["start"] >= t["end"]
            or (match["start"] == t["start"] and match["end"] == t["end"] and match["key"] == t["key"])
            for t in taken
        ):
            taken.append(match)
    taken.sort(key=lambda m: (m["start"], m["order"]))
    return taken


def typed_words(tokens: list[tuple[str, str, bool]], match: Mapping[str, Any]) -> str:
    """The words a match covers as the reader typed them, a negated one after its cue as the reader
    wrote it ("no registration", "without work email"), not as "not registration"."""
    typed = " ".join(tokens[i][0] for i in range(match["start"], match["end"]))
    return f"{tokens[match['start']][2]} {typed}" if tokens[match["start"]][2] else typed


def read_keywords(document: Mapping[str, Any], tokens: list[tuple[str, str, bool]]) -> tuple[dict, set[int]]:
    """(signal -> {"value", "keywords", "at"}, the token positions the keywords cover); "at" holds
    the positions of the chosen answer's keywords (evidence is counted once per word).

    A keyword in a negated scope gives its answer's ``opposite`` ("not gated" is ungated),
    shown as "not <keyword>"; an answer without an opposite is not given at all. One phrase
    counts once per answer, however often it is written ("blog ... blogging").
    """
    phrases = [
        (phrase_key(keyword), (question["signal"], answer["value"], keyword, answer.get("opposite")))
        for question in document["questions"]
        for answer in question["answers"]
        for keyword in answer["keywords"]
    ]
    taken = find_phrases(tokens, phrases)
    votes: dict[str, dict[str, list]] = {}
    for match in taken:
        signal, value, keyword, opposite = match["owner"]
        if tokens[match["start"]][2]:
            if not opposite:
                continue
            value, keyword = opposite, f"not {keyword}"
        vote = votes.setdefault(signal, {}).setdefault(value, [match["start"], [], set(), set()])
        vote[3].update(range(match["start"], match["end"]))
        if match["key"] not in vote[2]:  # "capture" and "capturing" are one phrase, counted once
            vote[2].add(match["key"])
            vote[1].append(keyword)
    answers = {}
    for signal, by_value in votes.items():
        value, (_first, keywords, _keys, at) = min(by_value.items(), key=lambda kv: (-len(kv[1][1]), kv[1][0]))
        answers[signal] = {"value": value, "keywords": keywords, "at": sorted(at)}
    covered = {i for m in taken for i in range(m["start"], m["end"])}
    return answers, covered


def infer_answers(document: Mapping[str, Any], text: str) -> dict[str, dict[str, Any]]:
    """signal -> {"value", "keywords"} for every question a description answers.

    Keywords are words or phrases matched on stems ("downloads" is "download"), long
    words forgiving a typo. Longer phrases are taken first and a shorter one inside a
    taken phrase is ignored ("not gated" is not also "gated"). When two answers of one
    question are found, the one with more keywords wins, then the earlier.
    """
    read = read_keywords(document, description_tokens(text, document.get("reading")))[0]
    return {signal: {"value": f["value"], "keywords": f["keywords"]} for signal, f in read.items()}


def read_capture(document: Mapping[str, Any], tokens: list[tuple[str, str, bool]]) -> tuple[dict, set[int], list]:
    """({"present": [...], "absent": [...]}, positions covered, [(side, typed, positions)]): what the
    description says happens to contact details, each phrase once. A negated phrase says the
    opposite ("no signup" is absent, "not anonymous" present)."""
    capture = (document.get("reading") or {}).get("capture") or {}
    phrases = [(phrase_key(k), ("present", k)) for k in capture.get("present", [])]
    phrases += [(phrase_key(k), ("absent", k)) for k in capture.get("absent", [])]
    taken = find_phrases(tokens, phrases)
    said: dict[str, list[str]] = {"present": [], "absent": []}
    spans: list[tuple[str, str, list[int]]] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for match in taken:
        side = match["owner"][0]
        if tokens[match["start"]][2]:
            side = "absent" if side == "present" else "present"
        if (side, match["key"]) in seen:
            continue
        seen.add((side, match["key"]))
        said[side].append(typed_words(tokens, match))
        spans.append((side, said[side][-1], list(range(match["start"], match["end"]))))
    return said, {i for m in taken for i in range(m["start"], m["end"])}, spans


def agreement(tactic: Mapping[str, Any], described: Mapping[str, str]) -> int:
    """How many of a description's answers a tactic's signals share, less those they contradict."""
    return sum((1 if tactic["signals"][s] == v else -1) for s, v in described.items() if s in tactic["signals"])


def recognise_tactics(
    document: Mapping[str, Any], tokens: list[tuple[str, str]], described: Mapping[str, str] | None = None
) -> tuple[list[dict], set[int]]:
    """Tactics whose names, aliases or words occur in a description, best first, and the positions they cover.

    Each tactic scores the sum of its distinct phrases found: a name or alias counts its
    number of words plus 2, a vocabulary word its number of words. Ties go to the tactic
    whose signals agree more with the answers the description gives (``described``: "training
    on the brand" is sales training), then to the one found earlier, then to the one listed first.
    """
    described = described or {}
    phrases = []
    for rank, tactic in enumerate(document["tactics"]):
        for kind, texts in (("name", [tactic["name"], *tactic["aliases"]]), ("word", tactic["words"])):
            for text in texts:
                phrases.append((phrase_key(text), (rank, kind, text)))
    taken = find_phrases(tokens, phrases)
    by_tactic: dict[int, dict[str, Any]] = {}
    for match in taken:
        if tokens[match["start"]][2]:
            continue  # "no webinar" does not name the webinar
        rank, kind, text = match["owner"]
        entry = by_tactic.setdefault(
            rank, {"rank": rank, "score": 0, "first": match["start"], "words": [], "keys": [], "spans": []}
        )
        if match["key"] in entry["keys"]:
            continue  # one phrase counts once: "cold email" and "cold emails", "blog" and "blogging"
        entry["keys"].append(match["key"])
        entry["spans"].append((kind, list(range(match["start"], match["end"]))))
        weight = len(match["key"]) + (2 if kind == "name" else 0)
        entry["score"] += weight
        typed = " ".join(tokens[i][0] for i in range(match["start"], match["end"]))
        entry["words"].append({"typed": typed, "phrase": text, "kind": kind, "weight": weight})
    ranked = sorted(
        by_tactic.values(),
        key=lambda e: (-e["score"], -agreement(document["tactics"][e["rank"]], described), e["first"], e["rank"]),
    )
    found = [
        {"tactic": document["tactics"][e["rank"]], "score": e["score"], "words": e["words"], "spans": e["spans"]}
        for e in ranked
    ]
    return found, {i for m in taken for i in range(m["start"], m["end"])}


def resolve_answer(document: Mapping[str, Any], key: str, word: str) -> tuple[str, str]:
    """The (signal, value) meant by ``--flag word``: by signal or flag, then value, alias or label word."""
    question = next((q for q in document["questions"] if key in (q["signal"], q["flag"])), None)
    if question is None:
        names = ", ".join(f"--{q['flag']}" for q in document["questions"])
        raise ClassifyError(f"no question is called '{key}'; the questions are: {names}")
    wanted = normalize(word)
    for answer in question["answers"]:
        spellings = [answer["value"], *answer["aliases"]]
        if wanted in {normalize(s) for s in spellings}:
            return question["signal"], answer["value"]
    matching = [a for a in question["answers"] if wanted and wanted in normalize(a["label"]).split(" ")]
    if len(matching) == 1:
        return question["signal"], matching[0]["value"]
    choices = ", ".join(a["value"] for a in question["answers"])
    raise ClassifyError(f"--{question['flag']} '{word}' is not an answer; choose one of: {choices}")


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
    negations and contrasts respected (:func:`description_tokens`): what happens to contact
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
    text = (text or "").strip()
    hits = search(document, text, limit=1) if text else []
    inferred: dict[str, dict[str, Any]] = {}
    unrecognised: list[str] = []
    capture: dict[str, list[str]] = {"present": [], "absent": []}
    if hits and hits[0]["score"] >= MATCH_THRESHOLD:
        tactic, matched = hits[0]["tactic"], hits[0]["matched"]
        found = [{"tactic": tactic, "score": hits[0]["score"], "words": []}]
        words = [{"typed": normalize(text), "phrase": matched, "kind": "name", "weight": 0}]
        clues: list[tuple[str, str, list[int]]] = []
    else:
        tokens = description_tokens(text, document.get("reading"))
        inferred, keyword_cover = read_keywords(document, tokens)
        capture, capture_cover, spans = read_capture(document, tokens)
        described = {signal: f["value"] for signal, f in inferred.items()}
        found, tactic_cover = recognise_tactics(document, tokens, described)
        covered = tactic_cover | keyword_cover | capture_cover
        unrecognised = [token[0] for i, token in enumerate(tokens) if i not in covered]
        tactic = found[0]["tactic"] if found else None
        matched = None
        words = found[0]["words"] if found else []
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
    heard = {"recognised": words, "also": also, "unrecognised": unrecognised, "capture": capture}
    if not answers and (capture["present"] or capture["absent"]):
        verdict, depends = capture_verdict(capture, described)
        if tactic is None or depends or verdict != tactic["classification"]:
            return finish(document, capture_result(document, capture, inferred, tactic, heard, clues))
        # the capture evidence agrees with the tactic's row: the tactic's own page, both as evidence
        outcome = known_tactic_result(document, tactic, described=inferred)
        outcome = {**outcome, **heard, "decided_by": "capture", "evidence": independent(clues)}
        outcome["reasons"].insert(1, capture_reason(document, capture))
        return finish(document, {**outcome, "confidence": confidence_of(outcome)})
    if tactic is not None:
        contradicted = any(tactic["signals"].get(s, v) != v for s, v in described.items())
        if not answers and not contradicted:
            outcome = known_tactic_result(document, tactic, matched=matched, described=inferred)
            if matched is None:  # found inside a description: its words are the evidence, not its data
                outcome["evidence"] = independent(clues)
            outcome = {**outcome, **heard}
            return finish(document, {**outcome, "confidence": confidence_of(outcome)})
        base = {**tactic["signals"], **described, **answers}
    else:
        base = {**described, **answers}
    total, classification, reasons = score(document, base)
    if classification is None:
        unknown = f" (not recognised: {', '.join(unrecognised)})" if unrecognised else ""
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
    outcome["confidence"] = "high" if answers else confidence_of(outcome)  # the reader's own answers are sure
    return finish(document, outcome)


def description_clues(
    document: Mapping[str, Any],
    spans: list[tuple[str, str, list[int]]],
    inferred: Mapping[str, Mapping[str, Any]],
    tactic: Mapping[str, Any] | None,
) -> list[tuple[str, str, list[int]]]:
    """(what, lean, positions) for each piece of evidence read from a description, in the order
    it weighs: capture phrases, then answers read from keywords (those that lean), then the row
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


def confidence_of(outcome: Mapping[str, Any]) -> str:
    """The confidence a result has earned, in three words a reader can trust.

    "high" when at least two independent pieces of evidence agree with the verdict and none
    contradicts it (a source's dispute contradicts); "low" on a single clue; "medium"
    otherwise (evidence disagrees, or the verdict is "both")."""
    evidence = evidence_of(outcome)
    verdict = outcome["classification"]
    agree = sum(1 for _what, lean in evidence if lean == verdict)
    against = sum(1 for _what, lean in evidence if lean != verdict and lean in LEAN_SIGN and verdict in LEAN_SIGN)
    if len(evidence) <= 1:  # one clue: a guess, unless a listed tactic answers (its sources' word, not a clue)
        return "medium" if outcome["tactic"] else "low"
    if agree >= 2 and not against and not outcome["disputed"]:
        return "high"
    return "medium"


def capture_verdict(capture: Mapping[str, list[str]], described: Mapping[str, str]) -> tuple[str, bool]:
    """(classification, depends) from capture evidence: captured is lead generation, unless an
    awareness goal is named beside it (both); not captured is demand generation; both said, it
    depends (both)."""
    if capture["present"] and capture["absent"]:
        return "both", True
    if capture["present"]:
        return ("both" if described.get("goal") == "build_awareness" else "lead_generation"), False
    return "demand_generation", False


def capture_reason(document: Mapping[str, Any], capture: Mapping[str, list[str]]) -> dict[str, Any]:
    """The reason that shows the capture evidence, each side in the reader's words, with its sources."""
    present, absent = capture["present"], capture["absent"]
    if present and absent:
        text = "Contact details are captured in one part and not in another; the answer depends on which part you run."
    elif present:
        text = "Contact details are captured, which the sources call lead generation."
    else:
        text = "Contact details are explicitly not captured, which the sources call demand generation."
    return {
        "kind": "capture",
        "text": text,
        "present": list(present),
        "absent": list(absent),
        "weight": 0,
        "sources": ((document.get("reading") or {}).get("capture") or {}).get("sources", []),
        "terms": [],
    }


def capture_result(
    document: Mapping[str, Any],
    capture: Mapping[str, list[str]],
    inferred: Mapping[str, Mapping[str, Any]],
    tactic: Mapping[str, Any] | None,
    heard: Mapping[str, Any],
    clues: list[tuple[str, str, list[int]]],
) -> dict[str, Any]:
    """The verdict when the description says what happens to contact details.

    Captured: lead generation; explicitly not captured: demand generation; both said: "both",
    and the headline says it depends on whether contact details are captured, showing each side.
    A capture step beside an explicit awareness goal ("an awareness push with a capture page")
    is both too. The answers read from the description are scored and shown, but do not decide;
    a recognised tactic is named (``based_on``) without its row deciding.
    """
    described = {signal: found["value"] for signal, found in inferred.items()}
    total, _by_rules, reasons = score(document, described)
    classification, depends = capture_verdict(capture, described)
    outcome = _described_outcome(
        document,
        tactic,
        classification,
        decided_by="capture",
        score=total,
        reasons=[capture_reason(document, capture), *reasons],
        answers=described,
        inferred={signal: found["keywords"] for signal, found in inferred.items()},
        rules_classification=None,
        heard=heard,
    )
    outcome["depends"] = depends
    outcome["evidence"] = independent(clues)
    outcome["confidence"] = "medium" if depends else confidence_of(outcome)
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
    views = [{"by": "glossary", "classification": tactic["classification"], "sources": tactic["sources"]}]
    views += [
        {
            "by": d["source"].get("id", ""),
            "classification": d["classification"],
            "note": d["note"],
            "source": d["source"],
        }
        for d in tactic["disputes"]
    ]
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
    if outcome["tactic"]:
        by_team = outcome.get("classified_by") == "team"
        text = f"{label}, the team's reading" if by_team else f"{label}, by the sources"
        if outcome["disputed"]:
            counts: dict[str, int] = {}
            for view in outcome["views"]:
                if view["by"] != "glossary":
                    counts[view["classification"]] = counts.get(view["classification"], 0) + 1
            said = " and ".join(
                f"{n} {'source says' if n == 1 else 'sources say'} {labels[c].lower()}" for c, n in counts.items()
            )
            text += f" (disputed: {said})"
        rules = outcome["rules_classification"]
        if rules is not None and rules != outcome["classification"]:
            text += f"; the signals alone lean {LEANS[rules]} ({signed(outcome['score'])})"
        return text
    if outcome.get("decided_by") == "capture":
        return capture_headline(document, outcome)
    if outcome["confidence"] == "low":
        return f"A guess: {label}, from a single clue ({signed(outcome['score'])})"
    return f"{label}, by the signals ({signed(outcome['score'])})"


CONFIDENCE_WORDS = {
    "high": "sure: several clues agree",
    "medium": "fairly sure: the clues do not all agree",
    "low": "a guess from a single clue",
}


def quoted(phrases: Iterable[str]) -> str:
    return ", ".join(f"'{p}'" for p in phrases)


def capture_headline(document: Mapping[str, Any], outcome: Mapping[str, Any]) -> str:
    """The verdict decided by what happens to contact details, with the reader's own words."""
    labels = document["labels"]
    present, absent = outcome["capture"]["present"], outcome["capture"]["absent"]
    if outcome.get("depends"):
        return (
            "It depends on whether you capture contact details: "
            f"{labels['lead_generation'].lower()} where you do ({quoted(present)}), "
            f"{labels['demand_generation'].lower()} where you do not ({quoted(absent)})"
        )
    label = labels[outcome["classification"]]
    if present and outcome["classification"] == "both":
        return f"{label}: contact details are captured ({quoted(present)}) beside an awareness goal"
    if present:
        why = f"contact details are captured ({quoted(present)})"
    else:
        why = f"contact details are not captured ({quoted(absent)})"
    if outcome["confidence"] == "low":
        return f"A guess: {label}, from a single clue: {why}"
    return f"{label}: {why}"


def finish(document: Mapping[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    outcome["headline"] = headline(document, outcome)
    return outcome


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
    name = outcome["name"] or (f"{outcome['based_on']} with your answers" if outcome["based_on"] else "Your tactic")
    lines = [f"{name}: {outcome['headline']}"]
    if outcome.get("confidence"):
        lines.append(f"  confidence: {outcome['confidence']} ({CONFIDENCE_WORDS[outcome['confidence']]})")
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
        lines.append(f"  not recognised: {', '.join(outcome['unrecognised'])}")
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
