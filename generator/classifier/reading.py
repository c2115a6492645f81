"""Step 2 of the classifier: reading a description. Words become tokens with the negation in force
(to the end of the clause; contrast opens a new one), phrases are found longest first, and a
description yields answers to the rules' questions, capture evidence and the tactics it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator.classifier.search import edit_distance
from generator.core.text import FILLER_WORDS, phrase_key, stem_word
from generator.core.text import normalize_words as normalize

#: Where a clause ends: a negation reaches no further (classifier.js splits on the same characters).
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\n\u2013\u2014]+|\s-+\s")  # a dash between spaces ends a clause too


#: Words that place what follows somewhere: "a form on the public page" names where the form goes, so
#: "public page" there says nothing about capture (classifier.js has the same list).
PLACING_WORDS = frozenset({"on", "in", "at", "into", "onto", "across", "inside", "within", "throughout", "of", "from"})

#: How many words after a placing word are the place, at most: "at the bottom of our most-read blog post".
#: A filler word other than a determiner ends it sooner ("the chapters of the ebook are readable").
PLACED_WORDS = 3
DETERMINERS = frozenset({"a", "an", "the", "our", "their", "your", "my", "its", "this", "that", "every", "each", "all"})

#: A word joined by a hyphen to the next: a negation cue so joined negates that word alone, a compound
#: ("zero-trust panel", "a no-form page"), read as if a comma followed it (classifier.js has the same pattern).
HYPHENED = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z]+)-([A-Za-z0-9]+)")

#: Where a sentence ends: a contrast cue after one of these still turns the sentence before it ("The guide is
#: free. But the templates need an email"); a comma or a dash does not end a sentence.
SENTENCE_END = frozenset(".;!?\n")

#: Contrast cues that open a concession when they start a clause ("although the docs are public, ..."): the
#: turn comes at the next clause of the sentence, not at the cue (classifier.js has the same list).
CONCESSIVE = frozenset({"although", "though", "even though", "while", "whereas"})

#: After these a negation cue starts a negated list item ("no form and no signup") instead of cancelling.
COORDINATORS = frozenset({"and", "or", "nor", "plus"})

#: A clause that is only one of these, after a question, answers it with no: "Ungated? Nope." negates
#: the question's words as "not ungated" would (classifier.js has the same list).
ANSWERED_NO = frozenset({"no", "nope", "nah", "no way", "not really", "not at all", "not anymore", "no longer"})


class ClassifyError(ValueError):
    """An answer the rules do not know, or nothing to classify."""


def cue_length(words: list[str], start: int, cues: list[list[str]]) -> int:
    """How many words the longest cue starting at ``start`` covers (0: none starts there)."""
    best = 0
    for cue in cues:
        if len(cue) > best and words[start : start + len(cue)] == cue:
            best = len(cue)
    return best


#: A word of a description: (word, stem, negated, placed, sentence, turn) (:func:`description_tokens`).
Token = tuple[str, str, str, bool, int, int]


def description_tokens(text: str, reading: Mapping[str, Any] | None = None) -> list[Token]:
    """(word, stem, negated, placed, sentence, turn) for each word of a description that is neither filler nor a cue.

    The text is cut into clauses at punctuation. Inside a clause a negation cue ("no",
    "without", "won't") flips every word after it to negated, up to the clause's end or a
    contrast cue ("but", "except"), which starts afresh: "open to all, but a sign-up" has a
    sign-up, "no trial without a work email" a work email (two cues cancel), but "no form and no
    signup" has neither (a cue after an "and"/"or" negates afresh, however far after it:
    "we don't export them and we're not passing anyone to sales"). A question answered by a
    clause of its own (:data:`ANSWERED_NO`: "Ungated? Nope.") has its words negated by that answer.
    A cue that ends its clause looks back (:func:`_negate_backwards`): "we considered gating it but
    decided against it", "Sales asked for a form. We said no". Cues are matched as typed, not
    stemmed, and are not words of the description themselves. ``placed``: the word is one of the
    :data:`PLACED_WORDS` after a placing word (:data:`PLACING_WORDS`), as "public" in "a form on the
    public page". ``sentence`` counts the sentences before the word and ``turn`` the contrasts: a word
    after a "but" has a later turn than the words of its sentence before it ("free to read, but the full
    report needs an email"); a clause that opens with a concession (:data:`CONCESSIVE`: "although the
    docs are public, the templates need a form") turns at its sentence's next clause; a sentence that
    starts with a contrast cue continues the one before it ("... is open. But ..."). A one-word
    negation cue hyphen-joined to the next word negates that word alone (:data:`HYPHENED`: "zero-trust");
    a contrast cue right after a one-word negation cue is part of it ("not yet gated").
    """
    reading = reading or {}
    negation = [normalize(c).split(" ") for c in reading.get("negation", [])]
    contrast = [normalize(c).split(" ") for c in reading.get("contrast", [])]
    spelled: dict[str, str] = {}  # the cue as the vocabulary spells it ("don't"), first spelling first
    for cue in reading.get("negation", []):
        spelled.setdefault(normalize(cue), cue)
    single = {cue[0] for cue in negation if len(cue) == 1}
    text = HYPHENED.sub(lambda m: f"{m[1]} {m[2]}," if m[1].lower() in single else m[0], text)
    tokens: list[Token] = []
    breaks = CLAUSE_BREAK.findall(text)  # breaks[n] ends clause n
    sentence, turn, conceded = 0, 0, False  # conceded: a concession opened the sentence, the next clause turns
    question = 0  # where the clause before this one starts in tokens, if it ended with "?" (else -1)
    previous = 0  # where the clause before this one starts in tokens
    for n, clause in enumerate(CLAUSE_BREAK.split(text)):
        words = [w for w in normalize(clause).split(" ") if w]
        start, answer = len(tokens), " ".join(words)
        if n and SENTENCE_END.intersection(breaks[n - 1]) and not cue_length(words, 0, contrast):
            sentence, conceded = sentence + 1, False
        elif n and conceded:
            turn, conceded = turn + 1, False
        if n and "?" in breaks[n - 1] and answer in ANSWERED_NO and question >= 0:
            _negate_backwards(tokens, question, answer)
            question = -1
            continue  # the answer is a cue, not words of the description
        question = start if n < len(breaks) and "?" in breaks[n] else -1
        negated, listed, placed, i = "", False, 0, 0  # negated: the cue in force ("" when none)
        part = start  # where the words since the last contrast cue start in tokens
        last_cue = ("", -1)  # the latest cue and how many tokens there were when it was read
        while i < len(words):
            length = cue_length(words, i, contrast)
            if length and i and words[i - 1] in single:
                i += length  # "not yet gated", "no form now": right after a negation cue it is part of it
                continue
            if length:
                if i == 0 and " ".join(words[:length]) in CONCESSIVE:
                    conceded = True
                else:
                    turn += 1
                negated, i, part = "", i + length, len(tokens)
                continue
            length = cue_length(words, i, negation)
            if length:
                cue = spelled.get(" ".join(words[i : i + length]), " ".join(words[i : i + length]))
                negated, listed, i = (cue if listed or not negated else ""), False, i + length
                last_cue = (cue, len(tokens))
                continue
            listed = listed or words[i] in COORDINATORS  # "no X and we won't Y": Y is negated afresh
            if words[i] not in FILLER_WORDS:
                tokens.append((words[i], stem_word(words[i]), negated, placed > 0, sentence, turn))
                placed -= 1
            elif words[i] not in DETERMINERS:
                placed = 0  # "the ebook are readable": a verb or a joining word ends the place
            if words[i] in PLACING_WORDS:
                placed = PLACED_WORDS
            i += 1
        cue, at = last_cue
        if cue and at == len(tokens):  # the clause ends with its cue: it looks back
            _negate_backwards(tokens, part if part < at else previous, cue, end=at)
        previous = start
    return tokens


def _negate_backwards(tokens: list[Token], start: int, cue: str, end: int | None = None) -> None:
    """Negate ``tokens[start:end]`` by ``cue`` that came after them: the words of the clause before a
    cue that ends its own ("gating the ebook, decided against it"), or of the part of the clause
    before it ("a gate on the guide but decided against it"). A word already negated stays so."""
    end = len(tokens) if end is None else end
    tokens[start:end] = [(token[0], token[1], token[2] or cue, *token[3:]) for token in tokens[start:end]]


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

    A phrase is a tuple of stems; it occurs where consecutive tokens match its stems, all negated alike
    ("free to use without any account" holds no "free account": a cue between its words). Longer
    phrases are taken first (then the earlier, then the one listed first); the same phrase
    on the same words may be taken for several owners (a shared word).
    """
    memo: dict[tuple[str, str], bool] = {}
    found = []
    for order, (key, owner) in enumerate(phrases):
        if not key:
            continue
        for start in range(len(tokens) - len(key) + 1):
            if all(stems_match(tokens[start + k][1], key[k], memo) for k in range(len(key))) and all(
                tokens[start + k][2:3] == tokens[start][2:3] for k in range(1, len(key))
            ):
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
    opposite ("no signup" is absent, "not anonymous" present). A channel to named people ("cold
    calls") is capture when said, and nothing when negated: dropping one channel says nothing
    about the others ("no cold calls; only the demo form"). What a team may ask for ("email") is
    the opposite: negated it is absent ("no email"), said alone nothing ("an email newsletter").
    An open place named as where something goes ("a form on the public page": ``placed``) is no open
    part of its own: it counts only when nothing is captured ("posted on the public forum"). A capture
    step called optional ("an optional 'email me the PDF' box") leaves the rest open to anyone who
    skips it: the ``optional`` phrase is said on the open side when something is captured. A ``neutral``
    phrase ("press outreach") covers its words and says nothing."""
    capture = (document.get("reading") or {}).get("capture") or {}
    phrases = [(phrase_key(k), ("present", k)) for k in capture.get("present", [])]
    phrases += [(phrase_key(k), ("absent", k)) for k in capture.get("absent", [])]
    phrases += [(phrase_key(k), ("channel", k)) for k in capture.get("channels", [])]
    phrases += [(phrase_key(k), ("asked", k)) for k in capture.get("asked", [])]
    phrases += [(phrase_key(k), ("optional", k)) for k in capture.get("optional", [])]
    phrases += [(phrase_key(k), ("neutral", k)) for k in capture.get("neutral", [])]
    taken = find_phrases(tokens, phrases)
    said: dict[str, list[str]] = {"present": [], "absent": []}
    spans: list[tuple[str, str, list[int]]] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    places: list[dict[str, Any]] = []
    optional: list[dict[str, Any]] = []
    for match in taken:
        side, negated = match["owner"][0], bool(tokens[match["start"]][2])
        if side == "optional":
            optional += [] if negated else [match]
            continue
        if side == "neutral":  # "press outreach" holds a capture word and says nothing of capture
            continue
        if side == "absent" and not negated and tokens[match["start"]][3]:
            places.append(match)
            continue
        if side == "channel":
            if negated:
                continue
            side = "present"
        elif side == "asked":
            if not negated:
                continue
            side = "absent"
        elif negated:
            side = "absent" if side == "present" else "present"
        _say(side, match, tokens, said, spans, seen)
    for match in places if not said["present"] else ():
        _say("absent", match, tokens, said, spans, seen)
    for match in optional if said["present"] else ():  # a step one may skip: the rest is open to all
        _say("absent", match, tokens, said, spans, seen)
    return said, {i for m in taken for i in range(m["start"], m["end"])}, spans


def _say(side: str, match: Mapping[str, Any], tokens: list, said: dict[str, list[str]], spans: list, seen: set) -> None:
    """Record a capture phrase on its side, each phrase once per side."""
    if (side, match["key"]) in seen:
        return
    seen.add((side, match["key"]))
    said[side].append(typed_words(tokens, match))
    spans.append((side, said[side][-1], list(range(match["start"], match["end"]))))


def set_aside(spans: list[tuple[str, str, list[int]]], tokens: list) -> list[tuple[str, str]]:
    """(side, typed) for each capture phrase a contrast sets aside: each one a phrase of the other side follows
    in the same sentence after a contrast cue. What comes after "but" is what the writer means: "free to
    read, but the full report needs an email" captures (the open part is the free side of one capture
    step: the sources' lead gen content is what someone gives contact details for); "Sales asked us to
    gate them, but the series stays open" does not."""
    said = [(side, (tokens[at[0]][4], tokens[at[0]][5])) for side, _typed, at in spans if at]
    return [
        (side, typed)
        for side, typed, at in spans
        if at and any(other != side and s == tokens[at[0]][4] and t > tokens[at[0]][5] for other, (s, t) in said)
    ]


def read_off_topic(document: Mapping[str, Any], tokens: list) -> tuple[list[str], set[int]]:
    """(the off-topic phrases said, as typed; the positions they cover): words of a task on the team's
    tools, money or people ("rotate the API key", "reconcile the invoices") that no negation cue
    reaches. A tactic's name inside such a task ("the webinar platform's API key") is no tactic."""
    phrases = [(phrase_key(k), k) for k in (document.get("reading") or {}).get("off_topic", [])]
    taken = [m for m in find_phrases(tokens, phrases) if not tokens[m["start"]][2]]
    said = []
    for match in taken:
        typed = typed_words(tokens, match)
        if typed not in said:
            said.append(typed)
    return said, {i for m in taken for i in range(m["start"], m["end"])}


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


def open_activity_beside(
    found: list[dict[str, Any]], capture: dict[str, list[str]], capture_cover: set[int], spans: list, tokens: list
) -> None:
    """A demand-generation tactic named beside a capture step is the open part of the plan ("PR push
    + a waitlist form routed to sales"): it joins the capture evidence as the side that captures
    nothing, so the answer is "both", showing each side. Only a tactic's name or alias counts (its
    vocabulary words are too common), not one named as the place of the capture step ("a box at the
    bottom of our blog post"), only where the description captures and says nothing of an open part
    itself, and only on words no capture phrase used."""
    if not capture["present"] or capture["absent"]:
        return
    for entry in found:
        if entry["tactic"]["classification"] != "demand_generation":
            continue
        for kind, at in entry["spans"]:
            if kind == "name" and not capture_cover.intersection(at) and not tokens[at[0]][3]:
                typed = " ".join(tokens[i][0] for i in at)
                capture["absent"].append(typed)
                spans.append(("absent", typed, at))
                return


def capture_verdict(
    capture: Mapping[str, list[str]], inferred: Mapping[str, Mapping[str, Any]], aside: Iterable[tuple[str, str]] = ()
) -> tuple[str, bool]:
    """(classification, depends) from capture evidence: captured is lead generation, unless an
    awareness goal or the brand is named beside it (both: "brand billboard + a QR code to a demo form";
    a brand read only from a negated product word, "no trial", is not named); not captured is demand
    generation; both said, it depends (both). A phrase a contrast sets aside (``aside``,
    :func:`set_aside`) does not count: "free to read, but the full report needs an email" is lead
    generation."""
    capture = kept(capture, aside)
    if capture["present"] and capture["absent"]:
        return "both", True
    if capture["present"]:
        focus = inferred.get("focus") or {}
        named = focus.get("value") == "brand" and any(not k.startswith("not ") for k in focus.get("keywords", []))
        aware = (inferred.get("goal") or {}).get("value") == "build_awareness" or named
        return ("both" if aware else "lead_generation"), False
    return "demand_generation", False


def kept(capture: Mapping[str, list[str]], aside: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The capture phrases a contrast did not set aside."""
    dropped = set(aside)
    return {side: [typed for typed in capture[side] if (side, typed) not in dropped] for side in ("present", "absent")}


def capture_reason(
    document: Mapping[str, Any], capture: Mapping[str, list[str]], aside: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """The reason that shows the capture evidence, each side in the reader's words, with its sources."""
    present, absent, left = capture["present"], capture["absent"], kept(capture, aside)
    if aside and (left["present"] or left["absent"]):
        text = (
            "Contact details are captured, which the sources call lead generation"
            if left["present"]
            else "Contact details are explicitly not captured, which the sources call demand generation"
        ) + "; what a contrast ('but', 'except') sets against it does not decide."
    elif present and absent:
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
