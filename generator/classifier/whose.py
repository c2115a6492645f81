"""Step 2 of the classifier, the words around a word: whose contact details a word names ("leave their number" is
handed over, "our number on the van" shown) and whom a verb reaches ("ring each donor", "phone the members"). The
tokens carry the filler words on either side of each word (clauses.py); reading.py asks these questions of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.classifier.clauses import DETERMINERS
from generator.core.text import stem_word

#: Whose contact details a word is: "their number", "your email" are the audience's, handed over; "our number", "my
#: name" are the team's own, shown to people (classifier.js has the same lists).
THEIRS = frozenset({"their", "your", "his", "her"})
OURS = frozenset({"our", "my"})

#: The team's own things that, shown on something, make it brand work when nothing is captured: "tips for the parish
#: newsletter, with our name at the bottom" (classifier.js has the same list).
SHOWN = frozenset({stem_word("name"), stem_word("number")})

#: The words after a verb of reaching (``reading.words.reach``) that make the people each one named: "ring each past
#: donor", "call them next week" is the follow-up one by one that the sources call lead generation; "call for entries"
#: is not (classifier.js has the same list).
REACH_OBJECTS = frozenset({"each", "every", "them", "you", "him", "her"})


def possessor(tokens: list, at: int, people: frozenset[str]) -> str:
    """ "theirs", "ours" or "": whose a word is by the possessive among the filler words right before it; a person's
    ("each caller's number", "customer emails": :func:`person_before`) is "theirs", a business's name ("the deli's
    name", read as "deli s name": :func:`business_s`) "ours"."""
    before = tokens[at][9].split(" ")
    for word in reversed(before):
        if word in THEIRS:
            return "theirs"
        if word in OURS:
            return "ours"
    if person_before(tokens, at, people):
        return "theirs"
    return "ours" if business_s(tokens, at, people) else ""


def person_before(tokens: list, at: int, people: frozenset[str]) -> bool:
    """Whether the word right before ``at`` (its clause, no filler between) names people whose the word is: "customer
    emails", "the caller's number" (read as "caller s number")."""
    if not at or tokens[at][9] or tokens[at - 1][7] != tokens[at][7]:
        return False
    if tokens[at - 1][1] in people:
        return True
    return (
        tokens[at - 1][0] == "s"
        and at > 1
        and not tokens[at - 1][9]
        and tokens[at - 2][7] == tokens[at][7]
        and stem_word(tokens[at - 2][0]) in people
    )


#: Words that make the owner of an "'s" one of many people ("each caller's name").
QUANTIFIERS = frozenset({"each", "every", "all", "any"})


def business_s(tokens: list, at: int, people: frozenset[str]) -> bool:
    """Whether the name at ``at`` is said as a business's own: "the deli's name" (read as "deli s name"), not "a
    friend's name" (``people``) or "each caller's name" (:data:`QUANTIFIERS`); a number so said may be anyone's."""
    return (
        tokens[at][1] == stem_word("name")
        and not tokens[at][9]
        and at > 1
        and tokens[at - 1][0] == "s"
        and not tokens[at - 1][9]
        and tokens[at - 1][7] == tokens[at][7] == tokens[at - 2][7]
        and stem_word(tokens[at - 2][0]) not in people
        and not QUANTIFIERS.intersection(tokens[at - 2][9].split(" "))
    )


def shown_as_ours(tokens: list, match: Mapping[str, Any], people: frozenset[str]) -> bool:
    """Whether a phrase ends in the team's own name or number (:data:`SHOWN`, :func:`possessor`): "signwritten with the
    name and our phone number" shows them, it asks nobody for theirs."""
    return match["key"][-1] in SHOWN and any(
        possessor(tokens, k, people) == "ours" for k in range(match["start"], match["end"])
    )


def owned_words(tokens: list, match: Mapping[str, Any], people: frozenset[str]) -> str:
    """The words of a match with the possessive that says whose they are, as typed ("their number", "our name")."""
    words = []
    for k in range(match["start"], match["end"]):
        owner = [w for w in tokens[k][9].split(" ") if w in THEIRS | OURS]
        if owner:
            words.append(owner[-1])
        elif k == match["start"] and possessor(tokens, k, people):  # "the deli's name", "customer emails"
            words.append(f"{tokens[k - 2][0]}'s" if tokens[k - 1][0] == "s" else tokens[k - 1][0])
        words.append(tokens[k][0])
    return " ".join(words)


def reached(tokens: list, reach: frozenset[str], people: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each verb of reaching people one by one, outside quotation marks: a ``reach`` verb
    followed by :data:`REACH_OBJECTS` ("ring each donor": the verb alone) or by people named (:func:`people_named`:
    "phone the members whose subs lapsed", "text the 200 past patients": the verb to the people)."""
    found = []
    for i, token in enumerate(tokens):
        if token[1] not in reach or token[6]:
            continue
        if REACH_OBJECTS.intersection(token[10].split(" ")):
            found.append((i, i + 1))
        elif named := people_named(tokens, i, people):
            found.append((i, named + 1))
    return found


#: The determiners that may stand between a verb and its object ("phone the 40 buyers"); "that" and "this" may start a
#: clause of their own ("an email drip that nurtures people").
ARTICLES = DETERMINERS - {"that", "this"}


def people_named(tokens: list, verb: int, people: frozenset[str]) -> int:
    """The position of the people (``people``) that are the object of the verb at ``verb``, 0 when none: within
    three words of it in its clause, with nothing but determiners between ("phone the 40 restaurant buyers"), not "a
    phone line for customers"."""
    for k in range(verb + 1, min(verb + 4, len(tokens))):
        if tokens[k][7] != tokens[verb][7] or any(w and w not in ARTICLES for w in tokens[k][9].split(" ")):
            return 0
        if tokens[k][1] in people:
            return k
    return 0
