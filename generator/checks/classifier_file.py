"""playbooks/classifier.yaml: real signals, sources and terms, answers, keywords and the calibration."""

from __future__ import annotations

from generator.checks.names import collapsed_phrase_problem
from generator.checks.records import Index, Item
from generator.checks.references import ref, term_ref
from generator.content.schema import signal_values
from generator.core.problems import ProblemList
from generator.core.text import Suggester, normalize_words, phrase_key


def check_classifier(index: Index, problems: ProblemList) -> None:
    """The classifier asks about real signals, cites real sources and links real terms."""
    item = index.classifier
    if item is None:
        return
    known = signal_values()
    seen_signals: dict[str, int] = {}
    for q, _ in item.entries("questions"):
        signal = item.get("questions", q, "signal")
        if signal is None:
            pass  # missing or refused: the schema said so
        elif signal not in known:
            problems.add(
                item.doc.path,
                item.at("questions", q, "signal"),
                "unknown-signal",
                f"question asks about signal '{signal}', which tactics do not have",
                index.suggester.did_you_mean(signal, known) or f"signals are: {', '.join(known)}",
            )
        elif signal in seen_signals:
            problems.add(
                item.doc.path,
                item.at("questions", q, "signal"),
                "duplicate-id",
                f"signal '{signal}' is asked twice (first at line {item.at('questions', seen_signals[signal])[0]})",
                "ask about each signal once",
            )
        if signal is not None:
            seen_signals.setdefault(signal, q)
        _check_answers(item, q, signal, known.get(signal) if signal else None, index.suggester, problems)
        for number, _ in item.entries("questions", q, "terms"):
            term_ref(item, ("questions", q, "terms", number), index, problems)
        for number, _ in item.entries("questions", q, "sources"):
            path = ("questions", q, "sources", number, "source")
            ref(item, path, index.sources, "source", index, problems)
        for a, _ in item.entries("questions", q, "answers"):
            for number, _ in item.entries("questions", q, "answers", a, "terms"):
                term_ref(item, ("questions", q, "answers", a, "terms", number), index, problems)
            for number, _ in item.entries("questions", q, "answers", a, "sources"):
                ref(
                    item,
                    ("questions", q, "answers", a, "sources", number, "source"),
                    index.sources,
                    "source",
                    index,
                    problems,
                )
    _check_keywords(item, problems)
    _check_reading_phrases(item, problems)
    _check_word_classes(item, problems)
    _check_open_activities(item, index, problems)
    _check_calibration(item, problems)


#: The reading lists of phrases the matcher looks for in a description (negation and contrast cues are
#: matched word for word, filler included, so they are not among them).
READING_PHRASE_LISTS = ("present", "absent", "channels", "asked", "optional", "roles", "training", "assets", "neutral")


def _check_reading_phrases(item: Item, problems: ProblemList) -> None:
    """No reading phrase or answer keyword is matched as one common word it did not mean, as nothing at all, or as
    the words of a phrase in another reading list (the matcher takes the phrase listed first, so the other never
    applies: "get name about" is "get name", filler aside)."""
    owners: dict[tuple[str, ...], tuple[str, str, tuple]] = {}
    paths = [(f"capture.{name}", ("reading", "capture", name)) for name in READING_PHRASE_LISTS]
    for list_name, base in [*paths, ("off_topic", ("reading", "off_topic"))]:
        for number, phrase in item.entries(*base):
            if isinstance(phrase, str):
                _check_reading_phrase(item, (*base, number), list_name, phrase, owners, problems)
    for q, _ in item.entries("questions"):
        for a, _ in item.entries("questions", q, "answers"):
            for k, keyword in item.entries("questions", q, "answers", a, "keywords"):
                if isinstance(keyword, str):
                    collapsed_phrase_problem(item, ("questions", q, "answers", a, "keywords", k), keyword, problems)


def _check_word_classes(item: Item, problems: ProblemList) -> None:
    """A person or reaching word that is also an off-topic word does nothing: a description naming it reads as a task
    first ("landlord" added to the people, while "landlord" is a task word: "phone the landlords" stays a guess)."""
    tasks = {
        phrase_key(phrase): number
        for number, phrase in item.entries("reading", "off_topic")
        if isinstance(phrase, str) and len(phrase_key(phrase)) == 1
    }
    for name in ("people", "reach"):
        for number, word in item.entries("reading", "words", name):
            if isinstance(word, str) and phrase_key(word) in tasks:
                line = item.at("reading", "off_topic", tasks[phrase_key(word)])[0]
                problems.warn(
                    item.doc.path,
                    item.at("reading", "words", name, number),
                    "word-class-overruled",
                    f"'{word}' is in reading.words.{name} and is an off-topic word (reading.off_topic, line {line}): a "
                    "description naming it reads as a task first, so here it does nothing",
                    "remove it from one of the two lists",
                )


def _check_open_activities(item: Item, index: Index, problems: ProblemList) -> None:
    """Each open activity is a tactic, and one classified as demand generation or one a source calls demand generation
    (a dispute: social media, which Leap Clixx puts on both sides): the open part of a plan is work that captures
    nobody, which no source says of any other tactic, so listing one would be a reading no source supports."""
    for number, tactic_id in item.entries("reading", "capture", "open_activities"):
        path = ("reading", "capture", "open_activities", number)
        if not ref(item, path, index.tactics, "tactic", index, problems) or tactic_id not in index.tactics:
            continue
        data = index.tactics[tactic_id].data
        classification = data.get("classification")
        disputes = data.get("disputed") if isinstance(data.get("disputed"), list) else []
        seen_as_demand = any(isinstance(d, dict) and d.get("classification") == "demand_generation" for d in disputes)
        if classification != "demand_generation" and not seen_as_demand:
            problems.add(
                item.doc.path,
                item.at(*path),
                "open-activity-not-demand",
                f"open activity '{tactic_id}' is classified {classification}, and no source it cites calls it "
                "demand generation: the open part of a plan is work that captures nobody",
                "remove it, list a demand-generation tactic, or record the source that calls it demand generation "
                "under its `disputed`",
            )


#: Reading lists looked for apart from the capture phrases (their phrases may share words with a capture phrase).
SEPARATE_FINDERS = frozenset({"capture.assets", "off_topic"})


def _check_reading_phrase(
    item: Item, path: tuple, list_name: str, phrase: str, owners: dict, problems: ProblemList
) -> None:
    collapsed_phrase_problem(item, path, phrase, problems)
    key = phrase_key(phrase)
    if not key:
        problems.add(
            item.doc.path,
            item.at(*path),
            "empty-word",
            f"'{phrase}' in reading.{list_name} has nothing the classifier can match "
            "(only filler words or punctuation)",
            "remove it, or write the words that matter",
        )
        return
    if list_name in SEPARATE_FINDERS:
        return
    owner = owners.setdefault(key, (list_name, phrase, path))
    if owner[0] != list_name:
        problems.add(
            item.doc.path,
            item.at(*path),
            "conflicting-phrase",
            f"'{phrase}' in reading.{list_name} reads as the same words as '{owner[1]}' in reading.{owner[0]} "
            f"(line {item.at(*owner[2])[0]}; filler words aside), so only the one listed first ever applies",
            "keep it in one list, or add the word that tells them apart",
        )


def _check_answers(
    item: Item, q: int, signal: str | None, values: list[str] | None, suggester: Suggester, problems: ProblemList
) -> None:
    seen: set[str] = set()
    for a, _ in item.entries("questions", q, "answers"):
        path = ("questions", q, "answers", a)
        value = item.get(*path, "value")
        if value is not None and values is not None and value not in values:
            problems.add(
                item.doc.path,
                item.at(*path, "value"),
                "unknown-signal",
                f"signal '{signal}' has no value '{value}'",
                suggester.did_you_mean(value, values) or f"its values are: {', '.join(values)}",
            )
        if value is not None and value in seen:
            problems.add(item.doc.path, item.at(*path, "value"), "duplicate-id", f"answer '{value}' is listed twice")
        seen.add(value)
        leans, weight = item.get(*path, "leans"), item.get(*path, "weight")
        if leans is None or not item.ok(*path, "weight"):
            continue  # missing or refused: the schema said so
        if (leans == "neither") != (not weight):
            problems.add(
                item.doc.path,
                item.at(*path, "weight" if weight is not None else "leans"),
                "answer-weight",
                f"answer '{value}' leans {leans.replace('_', ' ')} with weight {weight or 0}",
                "give a leaning answer a weight of 1 or more, and a 'neither' answer none",
            )


def _check_calibration(item: Item, problems: ProblemList) -> None:
    """The published calibration adds up: a reader compares its figures, so a typo pasted into
    them must not reach the page. Each level is named once, gave no more right answers than
    answers, the levels' answers add up to the set's items, and the count wrong with confidence
    high is the high level's answers minus its right ones (as the benchmark counts it)."""
    if item.get("calibration") is None:
        return
    block = item.base + ("calibration",)
    if any(path[: len(block)] == block for path in item.invalid):
        return  # the schema refused part of it and said so; the sums would only repeat that

    def add(path: tuple, message: str, hint: str) -> None:
        problems.add(item.doc.path, item.at("calibration", *path), "calibration-counts", message, hint)

    seen: dict[str, int] = {}
    total = 0
    for number, row in item.entries("calibration", "levels"):
        level, answers, right = row["level"], row["answers"], row["right"]
        if level in seen:
            add(("levels", number, "level"), f"confidence level '{level}' is listed twice", "list each level once")
        seen[level] = number
        if right > answers:
            add(
                ("levels", number, "right"),
                f"level '{level}' has {right} right of {answers} answers",
                "right counts answers of this level, so it cannot exceed answers",
            )
        total += answers
    items = item.get("calibration", "items")
    if total != items:
        add(
            ("levels",),
            f"the levels' answers add up to {total}, but the set has {items} items",
            "every description gets one confidence level: paste the block the benchmark prints again",
        )
    if item.get("calibration", "right") > items:
        add(("right",), f"{item.get('calibration', 'right')} right of {items} items", "right cannot exceed items")
    high = item.get("calibration", "levels", seen["high"]) if "high" in seen else {"answers": 0, "right": 0}
    wrong = item.get("calibration", "confidently_wrong")
    if wrong != high["answers"] - high["right"]:
        add(
            ("confidently_wrong",),
            f"confidently_wrong is {wrong}, but level 'high' has {high['answers'] - high['right']} wrong answers",
            "confidently_wrong counts the answers with confidence high that were wrong",
        )


def _check_keywords(item: Item, problems: ProblemList) -> None:
    """A keyword may choose only one answer: the description 'webinar' cannot mean two things."""
    claimed: dict[str, str] = {}
    for q, _ in item.entries("questions"):
        for a, _ in item.entries("questions", q, "answers"):
            signal, value = item.get("questions", q, "signal"), item.get("questions", q, "answers", a, "value")
            owner = f"{signal or '?'}={value or '?'}"
            for k, keyword in item.entries("questions", q, "answers", a, "keywords"):
                key = normalize_words(keyword)
                if key in claimed and claimed[key] != owner:
                    problems.add(
                        item.doc.path,
                        item.at("questions", q, "answers", a, "keywords", k),
                        "duplicate-keyword",
                        f"keyword '{keyword}' already chooses {claimed[key]}",
                        "a keyword may choose only one answer; remove one of them",
                    )
                claimed.setdefault(key, owner)
