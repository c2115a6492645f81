"""Step 2 of the classifier, second half: reading a description. In the words clauses.py cuts it into
(the negation in force at each), phrases are found longest first, and a description yields answers to the
rules' questions, capture evidence and the tactics it names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from generator.classifier.clauses import ALSO_JOINING, REQUIRED, description_tokens
from generator.classifier.parts import apart, partly_gated
from generator.classifier.search import edit_distance
from generator.classifier.whose import SHOWN, owned_words, possessor, reached, shown_as_ours
from generator.classifier.words import words_of
from generator.core.text import normalize_words as normalize
from generator.core.text import phrase_key


class ClassifyError(ValueError):
    """An answer the rules do not know, or nothing to classify."""


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
    shown as "not <keyword>"; an answer without an opposite, or one a cue says is not decided yet ("nothing decided
    about forms": :func:`undecided_clauses`), is not given at all. One phrase
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
    undecided = undecided_clauses(tokens, words_of(document).undecided)
    for match in taken:
        signal, value, keyword, opposite = match["owner"]
        if tokens[match["start"]][2]:
            if not opposite or (tokens[match["start"]][7], tokens[match["start"]][2]) in undecided:
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


def undecided_clauses(tokens: list, undecided: frozenset[str]) -> set[tuple[int, str]]:
    """(clause, cue) of each negation whose scope holds an ``undecided`` word (``reading.words.undecided``): "Nothing
    decided about scanning or forms yet", "not sure about a form": the capture phrases that cue reaches are not yet
    known, so they say nothing either way."""
    return {(token[7], token[2]) for token in tokens if token[2] and token[1] in undecided}


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
    phrase ("press outreach") covers its words and says nothing. A ``roles`` phrase ("the SDRs") is read as
    a ``present`` one, except in a sentence that also says the team is trained (``training``: "sales
    training for every AE"): the people trained are its audience, not where contacts go; negated, a role
    says so only as the thing its cue negates ("no SDRs"), not further along the cue's scope ("no more
    cold calling for the SDRs": the calls are dropped, not the SDRs; :func:`cue_object`)."""
    capture = (document.get("reading") or {}).get("capture") or {}
    phrases = [(phrase_key(k), ("present", k)) for k in capture.get("present", [])]
    phrases += absent_phrases(document, capture.get("absent", []), {key for key, _owner in phrases})
    phrases += [(phrase_key(k), ("channel", k)) for k in capture.get("channels", [])]
    phrases += [(phrase_key(k), ("asked", k)) for k in capture.get("asked", [])]
    phrases += [(phrase_key(k), ("optional", k)) for k in capture.get("optional", [])]
    phrases += [(phrase_key(k), ("neutral", k)) for k in capture.get("neutral", [])]
    phrases += [(phrase_key(k), ("role", k)) for k in capture.get("roles", [])]
    phrases += [(phrase_key(k), ("training", k)) for k in capture.get("training", [])]
    taken = find_phrases(tokens, phrases)
    trained = {tokens[m["start"]][4] for m in taken if m["owner"][0] == "training" and not tokens[m["start"]][2]}
    said: dict[str, list[str]] = {"present": [], "absent": []}
    spans: list[tuple[str, str, list[int]]] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    places: list[dict[str, Any]] = []
    shown: list[dict[str, Any]] = []  # the team's own name or number shown ("with our name at the bottom")
    optional: list[dict[str, Any]] = []
    words = words_of(document)
    undecided = undecided_clauses(tokens, words.undecided)
    for match in taken:
        side, negated = match["owner"][0], bool(tokens[match["start"]][2])
        if negated and (tokens[match["start"]][7], tokens[match["start"]][2]) in undecided:
            continue  # "nothing decided about forms yet": neither captured nor not
        if side == "optional":
            optional += [] if negated else [match]
            continue
        if side == "neutral" or side == "training":  # "press outreach" holds a capture word and says nothing
            continue
        if side == "unsaid":  # "nothing to fill in": the cue is the phrase's own first word
            if negated:
                _say("absent", match, tokens, said, spans, seen)
            continue
        if side == "role":  # "training for every AE": the people trained, not where contacts go
            if tokens[match["start"]][4] in trained or (negated and not cue_object(tokens, match["start"])):
                continue
            side = "present"
        if side == "absent" and not negated and tokens[match["start"]][3]:
            places.append(match)
            continue
        # "signwritten with the name and our phone number": the team's own, shown
        if side == "present" and not negated and shown_as_ours(tokens, match, words.people):
            shown.append(match)
            continue
        if side == "channel":
            if negated:
                continue
            side = "present"
        elif side == "asked":
            owner = possessor(tokens, match["start"], words.people)
            if owner == "ours":  # "our number on the van": shown to people, not asked of them
                shown += [match] if not negated and match["key"][-1] in SHOWN else []
                continue
            if not negated and owner != "theirs" and not required_after(tokens, match):
                continue
            if not negated:  # "leave their number", "a phone number is required": handed over
                _say("present", match, tokens, said, spans, seen, typed=owned_words(tokens, match, words.people))
                continue
            side = "absent"
        elif negated and side == "absent" and listed_with_an_absence(tokens, match["start"], spans):
            typed = " ".join(tokens[i][0] for i in range(match["start"], match["end"]))  # without the cue
            _say("absent", match, tokens, said, spans, seen, typed=typed)
            continue
        elif negated:
            side = "absent" if side == "present" else "present"
        _say(side, match, tokens, said, spans, seen)
    reach = reached(tokens, words.reach, words.people)
    for start, end in reach:  # "ring each past donor", "call them next week", "phone the members"
        if not tokens[start][2]:
            typed = (
                " ".join(tokens[i][0] for i in range(start, end))
                if end > start + 1
                else f"{tokens[start][0]} {tokens[start][10]}"
            )
            match = {"start": start, "end": end, "key": (tokens[start][1], typed)}
            _say("present", match, tokens, said, spans, seen, typed=typed)
    for match in places if not said["present"] else ():
        _say("absent", match, tokens, said, spans, seen)
    for match in shown:  # the team's own name shown is brand work: alone, or set apart from a capture step
        if not said["present"] or apart(tokens, list(range(match["start"], match["end"])), spans):
            _say("absent", match, tokens, said, spans, seen, typed=owned_words(tokens, match, words.people))
    for match in optional if said["present"] else ():  # a step one may skip: the rest is open to all
        _say("absent", match, tokens, said, spans, seen)
    covered = {i for m in taken for i in range(m["start"], m["end"])}
    return said, covered | {i for start, end in reach for i in range(start, end)}, spans


def absent_phrases(
    document: Mapping[str, Any], absent: list[str], taken: set[tuple[str, ...]]
) -> list[tuple[tuple[str, ...], tuple[str, str]]]:
    """The ``absent`` phrases to look for. One that opens with a negation cue ("nothing to fill in", "no strings
    attached") is looked for as a description would be read, without its cue, as an ``unsaid`` phrase said only under
    a cue: a cue is read off the words and marks those after it, so the phrase as written is never in a description.
    Where its other words are another phrase already ("no login": "login"), that phrase negated says the same."""
    reading = document.get("reading") or {}
    cues = tuple(tuple(reading.get(name, [])) for name in ("negation", "called_off", "contrast"))
    return [
        (unsaid, ("unsaid", text)) if unsaid is not None and unsaid not in taken else (key, ("absent", text))
        for text, (unsaid, key) in zip(absent, _absent_keys(tuple(absent), cues), strict=True)
    ]


@functools.lru_cache(maxsize=8)
def _absent_keys(
    absent: tuple[str, ...], cues: tuple[tuple[str, ...], ...]
) -> list[tuple[tuple[str, ...] | None, tuple[str, ...]]]:
    """(the key read without its opening cue, or None when it opens with none; the key as written) of each absent
    phrase, read once per vocabulary: reading every phrase as a description took half of each classification (24 of
    51 ms). ``cues`` are the reading's negation, called-off and contrast lists, all :func:`description_tokens` reads."""
    reading = dict(zip(("negation", "called_off", "contrast"), map(list, cues), strict=True))
    keys = []
    for text in absent:
        tokens = description_tokens(text, reading)
        unsaid = phrase_key(" ".join(token[0] for token in tokens)) if tokens and tokens[0][2] else None
        keys.append((unsaid, phrase_key(text)))
    return keys


def listed_with_an_absence(tokens: list, at: int, spans: list) -> bool:
    """Whether the negated absence phrase at ``at`` follows, in the same cue's scope and after "and" or "plus", a
    capture phrase that cue negates: "no form and totally ungated", "not gated and anonymous", "without registration
    and open to everyone" list one more way of saying nothing is captured; the phrase is read as said, not as its
    opposite (which set the two against each other as "it depends"). "or" carries the cue on."""
    cue, clause = tokens[at][2], tokens[at][7]
    absent = {i for side, _typed, where in spans if side == "absent" for i in where}
    for k in range(at - 1, -1, -1):
        if tokens[k][7] != clause or tokens[k][2] != cue:
            return False
        if k in absent:
            return any(
                tokens[j][0] in ALSO_JOINING or ALSO_JOINING.intersection(tokens[j][9].split(" "))
                for j in range(k + 1, at + 1)
            )
    return False


def required_after(tokens: list, match: Mapping[str, Any]) -> bool:
    """Whether the word after a phrase, in its clause, says it is required: "a phone number is required" asks for one,
    where "an email newsletter" asks for nothing."""
    end = match["end"]
    return end < len(tokens) and tokens[end][0] in REQUIRED and tokens[end][7] == tokens[match["start"]][7]


def _say(
    side: str,
    match: Mapping[str, Any],
    tokens: list,
    said: dict[str, list[str]],
    spans: list,
    seen: set,
    typed: str | None = None,
) -> None:
    """Record a capture phrase on its side, each phrase once per side, however it was found ("call everyone" is a
    listed phrase and a verb reaching people)."""
    typed = typed or typed_words(tokens, match)
    if (side, match["key"]) in seen or typed in said[side]:
        return
    seen.add((side, match["key"]))
    said[side].append(typed)
    spans.append((side, said[side][-1], list(range(match["start"], match["end"]))))


def set_aside(
    spans: list[tuple[str, str, list[int]]], tokens: list, assets: Mapping[int, tuple] | None = None
) -> list[tuple[str, str]]:
    """(side, typed) for each capture phrase a contrast sets aside: each one a phrase of the other side follows
    in the same sentence after a contrast cue. What comes after "but" is what the writer means: "free to
    read, but the full report needs an email" captures (the open part is the free side of one capture
    step: the sources' lead gen content is what someone gives contact details for); "Sales asked us to
    gate them, but the series stays open" does not. An open part is kept when the capture step after the
    contrast stands on another asset (``assets``, :func:`asset_positions`): "the report is free to read, but
    the raw dataset needs an email" is a deliberate open part beside a separate capture step, both."""
    said = [(side, (tokens[at[0]][4], tokens[at[0]][5]), at[0]) for side, _typed, at in spans if at]
    assets = assets or {}
    if partly_gated(tokens, spans):  # "summary readable openly, the checklist at the end unlocks with an email"
        return [(side, typed) for side, typed, at in spans if side == "absent" and at]
    aside = []
    for side, typed, at in spans:
        if not at:
            continue
        sentence, turn = tokens[at[0]][4], tokens[at[0]][5]
        turned = any(other != side and s == sentence and t > turn for other, (s, t), _ in said)
        if turned and not (side == "absent" and another_asset(tokens, assets, sentence, turn)):
            aside.append((side, typed))
        elif side == "absent" and gated_later(said, tokens, assets, sentence, turn, at[-1]):
            aside.append((side, typed))
    return aside


#: A word that makes what follows the condition of the thing before it: "results only show once you type your email"
#: (classifier.js has the same list); without one, "an open post, with a signup at the bottom" names two parts.
GATE_WORDS = frozenset({"only"})


def gated_later(said: list, tokens: list, assets: Mapping[int, tuple], sentence: int, turn: int, end: int) -> bool:
    """Whether a capture phrase follows an open one later in its sentence as its condition (a :data:`GATE_WORDS` word
    between them, no contrast) and on no asset named only after the open phrase: "the quiz is open to all, results
    only show once you type your email" gates the quiz (the team's reading: capture on the same asset is lead
    generation), where "the blog is open to all, plus a separate checklist only for those who sign up" stands
    beside it."""
    later = [
        start for other, (s, t), start in said if other == "present" and s == sentence and t == turn and start > end
    ]
    if not any(tokens[i][0] in GATE_WORDS for start in later for i in range(end + 1, start)):
        return False
    after = assets_named(tokens, assets, lambda i: tokens[i][4] == sentence and i > end)
    return after <= assets_named(tokens, assets, lambda i: i <= end, whole_too=True)


def asset_positions(document: Mapping[str, Any], tokens: list) -> dict[int, tuple]:
    """position -> key of each asset phrase (a report, a dataset, a template) the description names."""
    capture = (document.get("reading") or {}).get("capture") or {}
    phrases = [(phrase_key(k), k) for k in capture.get("assets", [])]
    return {m["start"]: m["key"] for m in find_phrases(tokens, phrases)}


def another_asset(tokens: list, assets: Mapping[int, tuple], sentence: int, turn: int) -> bool:
    """Whether the part of ``sentence`` after the contrast that follows ``turn`` names an asset, none of
    them named before it: "the report is free, but the raw dataset needs an email" (another asset), not
    "the preview is open, but the full 60-page PDF of that same report needs an email" (the report again)."""
    region = [i for i, token in enumerate(tokens) if token[4] == sentence and token[5] > turn]
    if not region:
        return False
    after = assets_named(tokens, assets, lambda i: i in region)
    return bool(after) and not after & assets_named(tokens, assets, lambda i: i < region[0], whole_too=True)


def assets_named(
    tokens: list, assets: Mapping[int, tuple], where: Callable[[int], bool], *, whole_too: bool = False
) -> set[tuple]:
    """The assets named at the positions ``where`` accepts; after a turn, less those said whole ("the full dataset"
    is the same thing as one named before it, :func:`whole_of`), unless ``whole_too``."""
    return {key for at, key in assets.items() if where(at) and (whole_too or not whole_of(tokens, at))}


#: Words that make an asset the whole of what was named before it: "the full dataset", "the complete report" is
#: the open part's own thing in full, not another asset (classifier.js has the same list).
WHOLE_OF = frozenset({"full", "whole", "complete", "entire"})


def whole_of(tokens: list, at: int) -> bool:
    """Whether the asset named at ``at`` is said whole ("the full dataset"): the same thing as the open part."""
    return any(tokens[i][0] in WHOLE_OF and tokens[i][4] == tokens[at][4] for i in range(max(0, at - 3), at))


def read_off_topic(
    document: Mapping[str, Any], tokens: list, evidence: set[int] | frozenset[int] = frozenset()
) -> tuple[list[str], set[int], set[int]]:
    """(the off-topic phrases said, as typed; the positions they cover; the positions of every off-topic phrase
    outside quotation marks, aside or not, which make a part of a message a chore: parts.py, other_part): words of a
    task on the team's
    tools, money or people ("rotate the API key", "reconcile the invoices"), negated or not: a cue before
    them negates what is asked of them, not what they are ("no signup needed for the internal lunch on the
    expense tool"), unless the cue is right before them, which says there is no such task ("no api key
    needed": :func:`cue_object`). A tactic's name inside such a task ("the webinar platform's API key") is no tactic.
    Words in quotation marks are a name, not a task ("ads on 'invoice automation software'"), and a
    task said in fewer than half of the sentences is an aside of a plan ("... The invoices arrive
    quarterly."): neither counts. Nor does a task said in no more than half of three sentences or more and in
    none of the sentences that hold the description's evidence (``evidence``: the positions of its tactics' words,
    keywords and capture phrases): "... argued about the car park. We're going to invest in SEO. ... The fire
    drill is Wednesday." is a plan among notes, where "rotate the API key of the webinar platform" is a task on a
    tactic's tool."""
    phrases = [(phrase_key(k), k) for k in (document.get("reading") or {}).get("off_topic", [])]
    unquoted = [m for m in find_phrases(tokens, phrases) if not tokens[m["start"]][6]]
    chores = {i for m in unquoted for i in range(m["start"], m["end"])}
    taken = [m for m in unquoted if not cue_object(tokens, m["start"])]
    tasks, sentences = {tokens[m["start"]][4] for m in taken}, len({token[4] for token in tokens})
    beside = tasks & {tokens[i][4] for i in evidence}
    if 2 * len(tasks) < sentences or (not beside and sentences > 2 and 2 * len(tasks) <= sentences):
        taken = []
    said = []
    for match in taken:
        typed = typed_words(tokens, match)
        if typed not in said:
            said.append(typed)
    return said, {i for m in taken for i in range(m["start"], m["end"])}, chores


def cue_object(tokens: list, at: int) -> bool:
    """Whether the word at ``at`` is the first its negation cue reaches (the thing said not to be), not a word
    further along the cue's scope ("no signup needed for the expense tool": "signup" is, "expense" is not)."""
    token = tokens[at]
    if not token[2]:
        return False
    before = tokens[at - 1] if at else None
    return before is None or before[2] != token[2] or before[4:6] != token[4:6]


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
        focus, goal = inferred.get("focus") or {}, inferred.get("goal") or {}
        named = (
            focus.get("value") == "brand"
            and not focus.get("apart")
            and any(not k.startswith("not ") for k in focus.get("keywords", []))
        )
        aware = (goal.get("value") == "build_awareness" and not goal.get("apart")) or named
        return ("both" if aware else "lead_generation"), False
    return "demand_generation", False


def mark_goals_apart(inferred: Mapping[str, dict[str, Any]], tokens: list, spans: list) -> None:
    """Mark an awareness goal or a brand focus read only in sentences with no capture phrase as ``apart``: said beside
    a capture step it makes the plan both ("brand billboard + a QR code to a demo form"), said in a preamble it does
    not ("the brand colours changed last month. We're buying a list of operations directors ...")."""
    sentences = {tokens[at[0]][4] for side, _typed, at in spans if side == "present" and at}
    for signal in ("focus", "goal"):
        found = inferred.get(signal)
        if found and sentences and not any(tokens[at][4] in sentences for at in found["at"]):
            found["apart"] = True


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
