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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .model import Classification, Glossary, Tactic
from .text import normalize_words as normalize
from .text import one_line

FORMAT_VERSION = 1
#: A text names a known tactic when its best match scores at least this (a one-typo match is 60).
MATCH_THRESHOLD = 60
MAX_SUGGESTIONS = 8
#: Small words a reader types around a tactic's name ("a webinar"), ignored when matching names.
STOPWORDS = frozenset({"a", "an", "the", "of", "for", "and", "or", "to", "our", "we", "with", "in", "on"})
RULES = "rules"


class ClassifyError(ValueError):
    """An answer the rules do not know, or nothing to classify."""


# --- the document both halves read ------------------------------------------------------


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
        return [
            {"id": c.source.id, "title": c.source.title, "locator": c.locator or "", "url": url(c.source)}
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
                "terms": [term_ref(t) for t in a.terms],
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
                "answers": answers,
            }
        )
    tactics = [_tactic_entry(t, url, html, term_ref, cite) for t in glossary.tactics.values()]
    return {
        "version": FORMAT_VERSION,
        "both_within": rules.both_within if rules else 1,
        "match_threshold": MATCH_THRESHOLD,
        "labels": {c.value: c.label for c in Classification},
        "questions": questions,
        "tactics": tactics,
    }


def _tactic_entry(tactic: Tactic, url: Callable, html: Callable | None, term_ref: Callable, cite: Callable) -> dict:
    entry = {
        "id": tactic.id,
        "name": tactic.name,
        "aliases": list(tactic.aliases),
        "summary": tactic.summary or "",
        "classification": tactic.classification.value,
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
    if html is not None:
        entry["rationale_html"] = html(tactic.rationale)
    return entry


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


def infer_answers(document: Mapping[str, Any], text: str) -> dict[str, dict[str, Any]]:
    """signal -> {"value", "keywords"} for every question a description answers.

    Keywords are whole words or phrases. Longer phrases are taken first and a shorter
    one inside a taken phrase is ignored ("not gated" is not also "gated"). When two
    answers of one question are found, the one with more keywords wins, then the earlier.
    """
    padded = f" {normalize(text)} "
    found = []
    for question in document["questions"]:
        for answer in question["answers"]:
            for keyword in answer["keywords"]:
                phrase = normalize(keyword)
                if not phrase:
                    continue
                start = padded.find(f" {phrase} ")
                while start != -1:
                    found.append((start + 1, start + 1 + len(phrase), question["signal"], answer["value"], keyword))
                    start = padded.find(f" {phrase} ", start + 1)
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int, str, str, str]] = []
    for match in found:
        if all(match[1] <= t[0] or match[0] >= t[1] for t in taken):
            taken.append(match)
    votes: dict[str, dict[str, list]] = {}
    for start, _end, signal, value, keyword in sorted(taken, key=lambda m: m[0]):
        votes.setdefault(signal, {}).setdefault(value, [start, []])[1].append(keyword)
    answers = {}
    for signal, by_value in votes.items():
        value, (_first, keywords) = min(by_value.items(), key=lambda kv: (-len(kv[1][1]), kv[1][0]))
        answers[signal] = {"value": value, "keywords": keywords}
    return answers


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
                "sources": question["sources"],
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

    A text that names a known tactic (and no answers) gives that tactic's own
    classification, disputes included. Otherwise the rules decide, from the answers
    read out of the text, overridden by explicit ``answers``.
    """
    answers = dict(answers or {})
    text = (text or "").strip()
    hits = search(document, text, limit=1) if text else []
    based_on = None
    if hits and hits[0]["score"] >= MATCH_THRESHOLD:
        tactic = hits[0]["tactic"]
        if not answers:
            return known_tactic_result(document, tactic, matched=hits[0]["matched"])
        based_on = tactic["id"]
        base = dict(tactic["signals"])
        inferred: dict[str, dict[str, Any]] = {}
    else:
        inferred = infer_answers(document, text) if text else {}
        base = {signal: found["value"] for signal, found in inferred.items()}
    base.update(answers)
    total, classification, reasons = score(document, base)
    if classification is None:
        raise ClassifyError(
            "nothing to classify: name a known tactic, describe one with words the questions know, "
            "or answer a question (see `glossary classify --list`)"
        )
    return {
        "tactic": None,
        "name": None,
        "based_on": based_on,
        "classification": classification,
        "label": document["labels"][classification],
        "disputed": False,
        "score": total,
        "reasons": reasons,
        "answers": base,
        "inferred": {signal: found["keywords"] for signal, found in inferred.items() if signal not in answers},
        "views": [],
        "rules_classification": classification,
    }


def known_tactic_result(document: Mapping[str, Any], tactic: Mapping[str, Any], matched: str | None = None) -> dict:
    """A listed tactic: its own classification and rationale first, the signals' reasons after."""
    total, by_rules, signal_reasons = score(document, tactic["signals"])
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
        "label": document["labels"][tactic["classification"]],
        "disputed": bool(tactic["disputes"]),
        "score": total,
        "reasons": [rationale, *signal_reasons],
        "answers": dict(tactic["signals"]),
        "inferred": {},
        "views": views if tactic["disputes"] else [],
        "rules_classification": by_rules,
    }


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
    lines = [f"{name}: {labels[outcome['classification']]} (score {outcome['score']:+d})"]
    if outcome.get("matched") and outcome["matched"] != outcome["name"]:
        lines.append(f"  found by its other name '{outcome['matched']}'")
    if outcome["tactic"] and outcome["rules_classification"] not in (None, outcome["classification"]):
        lines.append(f"  (from its signals alone the rules would say {labels[outcome['rules_classification']]})")
    for signal, keywords in outcome["inferred"].items():
        lines.append(f"  read from the description: {signal} = {outcome['answers'][signal]} ({', '.join(keywords)})")
    if outcome["disputed"]:
        lines.append("The sources disagree:")
        for view in outcome["views"]:
            who = "this glossary" if view["by"] == "glossary" else view["source"]["title"]
            note = f": {view['note']}" if view.get("note") else ""
            lines.append(f"  - {who}: {labels[view['classification']]}{note}")
    lines.append("Why:")
    for reason in outcome["reasons"]:
        if reason["kind"] == "rationale":
            lines.append(f"  - {' '.join(reason['text'].split())}")
        else:
            lean = reason["leans"].replace("_", " ")
            lines.append(f"  - [{lean} {reason['weight']:+d}] {reason['question']} {reason['label']}. {reason['text']}")
        cited = "; ".join(s["title"] + (f" ({s['locator']})" if s["locator"] else "") for s in reason["sources"])
        if cited:
            lines.append(f"      sources: {cited}")
    return "\n".join(one_line(line) for line in lines)  # content never adds a line
