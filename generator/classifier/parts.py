"""Step 2 of the classifier, the parts of a plan: the open part a description names beside its capture step ("posters
around campus and a sign-up sheet", "tips in the parish newsletter, and separately a waiting list": both), and one piece
of content said part open and part gated ("the summary is open, the rest needs an email": lead generation, the team's
reading). reading.py reads the capture evidence; these rules say which parts it belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.classifier.words import words_of
from generator.core.text import stem_word

#: Words that name a part of one piece of content ("the summary is open, the rest needs an email"; "headline and intro
#: visible"; "the appendix needs a name"): an open part and a capture step said with one of them are the free and the
#: gated part of one asset, which the team reads as lead generation (classifier.js has the same list).
PARTS = frozenset(
    stem_word(w)
    for w in (
        "summary",
        "preview",
        "intro",
        "introduction",
        "excerpt",
        "teaser",
        "headline",
        "rest",
        "remainder",
        "appendix",
    )
)


def partly_gated(tokens: list, spans: list) -> bool:
    """Whether a description says one piece of content is part open and part captured: phrases of both sides, a
    :data:`PARTS` word in a sentence of either, and no word that sets two parts of the plan apart (:data:`APART`)."""
    sides = {side for side, _typed, at in spans if at}
    if sides != {"present", "absent"} or any(token[0] in APART for token in tokens):
        return False
    sentences = {tokens[at[0]][4] for _side, _typed, at in spans if at}
    return any(token[1] in PARTS and not token[2] and token[4] in sentences for token in tokens)


def open_activity_beside(
    document: Mapping[str, Any],
    found: list[dict[str, Any]],
    capture: dict[str, list[str]],
    capture_cover: set[int],
    spans: list,
    tokens: list,
    tasks: set[int] | frozenset[int] = frozenset(),
) -> bool:
    """Whether the description names an open part of the plan beside its capture step (:func:`open_part`): that part
    then joins the capture evidence as the side that captures nothing, so the answer is "both", showing each side.
    Only where the description captures and says nothing of an open part itself."""
    if not capture["present"] or capture["absent"]:
        return False
    part = open_part(document, found, capture_cover, spans, tokens, tasks)
    if part:
        typed = " ".join(tokens[i][0] for i in part)
        capture["absent"].append(typed)
        spans.append(("absent", typed, part))
    return bool(part)


def open_part(
    document: Mapping[str, Any],
    found: list[dict[str, Any]],
    capture_cover: set[int],
    spans: list,
    tokens: list,
    tasks: set[int] | frozenset[int] = frozenset(),
) -> list[int]:
    """The positions of the words that name the open part of a plan beside its capture step, [] when none.

    A demand-generation tactic's name or alias ("PR push + a waitlist form routed to sales"), or an open activity's
    (``open_activities``, which may list a tactic a source calls demand generation against its row: social media);
    one of its vocabulary words, which are too common to count alone, where the writer sets the parts apart
    (:func:`apart`: "billboards for the name; meanwhile a separate page collects entrants' details") or the tactic
    names an open activity of its own (``open_activities``: brand advertising, PR) said before the capture step
    ("posters around campus and a sign-up sheet at the desk"); never the place of the capture step ("a box at the
    bottom of our blog post") or words a capture phrase used. Without such a tactic, where the writer sets the parts
    apart: a word that calls a part open to all (:func:`open_part_apart`: "First, free tastings outside the deli.
    Second, a separate clipboard"), or else the part set apart that captures nothing (:func:`other_part`)."""
    activities = set(((document.get("reading") or {}).get("capture") or {}).get("open_activities", []))
    first = min((a[0] for side, _typed, a in spans if side == "present" and a), default=-1)
    for entry in found:
        if entry["tactic"]["classification"] != "demand_generation" and entry["tactic"]["id"] not in activities:
            continue
        for kind, at in entry["spans"]:
            named = (
                kind == "name"
                or apart(tokens, at, spans)
                or (entry["tactic"]["id"] in activities and beside(tokens, at, first))
            )
            if named and not capture_cover.intersection(at) and not tokens[at[0]][3]:
                return at
    at = open_part_apart(tokens, spans, capture_cover)
    if at is None:
        return other_part(tokens, spans, capture_cover, found, tasks, words_of(document).requests)
    describes = at + 1 < len(tokens) and tokens[at][1] in DESCRIBING and tokens[at + 1][7] == tokens[at][7]
    return [at, at + 1] if describes else [at]  # "free tastings": quoted with the word it describes


#: Words that call a part of a plan open to all ("free tastings outside the deli", "videos anyone can watch"): in a
#: clause of their own, in a description whose writer sets its parts apart (:data:`APART`), they name the open part
#: beside the capture step (classifier.js has the same list).
OPEN_MARKS = frozenset(stem_word(w) for w in ("free", "anyone", "everyone", "anybody", "everybody", "open", "public"))


def other_part(
    tokens: list,
    spans: list,
    capture_cover: set[int],
    found: list[dict[str, Any]],
    tasks: set[int] | frozenset[int] = frozenset(),
    requests: frozenset[str] = frozenset(),
) -> list[int]:
    """The first words (at most three) of the part of a plan its writer sets apart from the capture step (an
    :data:`APART` word between the two: "pet care tips in the parish newsletter, and separately a puppy class waiting
    list"), when that part captures nothing, names no lead-generation tactic and is no task or quotation: an open
    activity of its own; [] otherwise. A part is the rest of the cue's sentence on either side, or the sentence before
    when the cue opens its own ("A column in the parish magazine. Plus a box for enquiry slips"). A part holding a task
    (``tasks``: the off-topic phrases, "the printer is broken") or a word of a request to a colleague (``requests``,
    ``reading.words.requests``: "Also can someone remind Tom") is a chore."""
    cue = next((i for i, token in enumerate(tokens) if token[0] in APART), None)
    if cue is None:
        return []
    captured = {a[0] for side, _typed, a in spans if side == "present" and a}
    sentence = tokens[cue][4]
    before = [i for i in range(cue) if tokens[i][4] == sentence] or [
        i for i in range(cue) if tokens[i][4] == sentence - 1
    ]
    sides = [before, [i for i in range(cue + 1, len(tokens)) if tokens[i][4] == sentence]]
    lead = {
        i for f in found if f["tactic"]["classification"] == "lead_generation" for _kind, at in f["spans"] for i in at
    }
    for side, other in (sides, sides[::-1]):
        if not captured or not captured <= set(other):
            continue
        words = [i for i in side if len(tokens[i][1]) > 2]
        if len(words) < 2 or any(i in capture_cover or i in lead or tokens[i][2] or tokens[i][6] for i in side):
            continue
        if any(i in tasks or tokens[i][1] in requests for i in side):
            continue  # "Also the printer is broken", "Also can someone remind Tom": a chore
        return words[:3]
    return []


#: The :data:`OPEN_MARKS` that describe the word after them ("free tastings", "open sessions").
DESCRIBING = frozenset(stem_word(w) for w in ("free", "open", "public"))


def open_part_apart(tokens: list, spans: list, capture_cover: set[int]) -> int | None:
    """The position of the first :data:`OPEN_MARKS` word in a clause no capture phrase is in, when the writer sets the
    parts of the plan apart (an :data:`APART` word anywhere): "First, free tastings outside the deli. Second, a
    separate clipboard for anyone who wants the cheese box" names an open part and a capture step; None otherwise."""
    set_apart = any(token[0] in APART for token in tokens)
    captured = {tokens[a[0]][7] for side, _typed, a in spans if side == "present" and a}
    first = min((a[0] for side, _typed, a in spans if side == "present" and a), default=-1)
    for i, token in enumerate(tokens):
        if (
            token[1] in OPEN_MARKS
            and not token[2]
            and not token[6]
            and token[7] not in captured
            and i not in capture_cover
            and (set_apart or joined_before(tokens, i, first))
        ):
            return i
    return None


def joined_before(tokens: list, at: int, first: int) -> bool:
    """Whether the word at ``at`` stands in a clause before the capture step that starts at ``first``, whose clause
    opens with "and": "Put the price list in the window for anyone walking by, and keep a book at the counter where
    people leave their number" names two things; "free to everyone, the guide needs an email to download" one."""
    if not 0 <= at < first or tokens[at][7] >= tokens[first][7]:
        return False
    opening = next(k for k in range(first + 1) if tokens[k][7] == tokens[first][7])  # the capture clause's first word
    return tokens[opening][8]


def beside(tokens: list, at: list[int], first: int) -> bool:
    """Whether an open activity's word at ``at`` names a thing of its own beside the capture step that starts at
    ``first``: said before it, in an earlier clause or joined to it by "and" ("posters around campus and a sign-up
    sheet at the desk"), not carrying it ("a flyer with a tear-off slip", "each leaflet has a reply card")."""
    if first < 0 or at[-1] >= first:
        return False
    return tokens[at[-1]][7] < tokens[first][7] or any(tokens[k][8] for k in range(at[-1] + 1, first + 1))


#: Words that say two parts of a plan stand apart ("billboards for the name; meanwhile a separate competition page
#: collects entrants' details"): a demand-generation tactic's word then names the open part (classifier.js has the
#: same list).
APART = frozenset(
    {
        "separate",
        "separately",
        "meanwhile",
        "plus",
        "also",
        "besides",
        "additionally",
        "addition",
        "elsewhere",
        "alongside",
        "other",
    }
)


def apart(tokens: list, at: list[int], spans: list) -> bool:
    """Whether a tactic's word at ``at`` names a part of the plan apart from its capture step: a contrast turns
    between them ("the shop window shows off the bikes, whereas the test-ride sheet takes names") or the writer
    says the parts stand apart (:data:`APART`) in a sentence of either."""
    captured = [tokens[a[0]][4:6] for side, _typed, a in spans if side == "present" and a]
    sentences = {tokens[at[0]][4], *(turn[0] for turn in captured)}
    if any(token[0] in APART and token[4] in sentences for token in tokens):
        return True
    return all(turn[0] == tokens[at[0]][4] and turn[1] > tokens[at[0]][5] for turn in captured) and bool(captured)
