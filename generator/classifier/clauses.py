"""Step 2 of the classifier, first half: a description cut into words with what is in force at each, the
negation (to the end of the clause; a contrast opens a new one), the place, the sentence, the contrasts
before it and the quotation marks around it. reading.py finds phrases in these words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.core.text import FILLER_WORDS, stem_word
from generator.core.text import normalize_words as normalize

#: White space that Python's and JavaScript's ``\s`` disagree on, made plain before a description is read, so the two
#: engines cut clauses, strip and count alike: line and paragraph separators become a line break, every other space
#: (a no-break space, a byte-order mark, an ideographic space) a plain space (classifier.js has the same classes).
LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
SPACES = re.compile("[\t\x1f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]")


#: Characters that show nothing, pasted inside words ("webi\u200bnar", a soft hyphen from a word processor, a
#: direction mark): taken out, so the word reads whole. The invisible format characters the content check refuses
#: (checks/schema.py: HIDDEN_CHARACTER; the joiners U+200C and U+200D stay, as there), and the soft hyphen
#: (classifier.js has the same class).
INVISIBLE = re.compile("[\xad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")


def plain_spaces(text: str) -> str:
    """The text with every kind of white space as a plain space or a line break (:data:`SPACES`), and characters that
    show nothing taken out (:data:`INVISIBLE`)."""
    return INVISIBLE.sub("", SPACES.sub(" ", LINE_BREAKS.sub("\n", text)))


#: Where a clause ends: a negation reaches no further (classifier.js splits on the same characters).
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\n\u2013\u2014]+|\s-+\s")  # a dash between spaces ends a clause too


#: Words that place what follows somewhere: "a form on the public page" names where the form goes, so
#: "public page" there says nothing about capture (classifier.js has the same list).
PLACING_WORDS = frozenset(
    {"on", "to", "in", "at", "into", "onto", "across", "inside", "within", "throughout", "of", "from"}
)

#: How many words after a placing word are the place, at most: "at the bottom of our most-read blog post".
#: A filler word other than a determiner ends it sooner ("the chapters of the ebook are readable").
PLACED_WORDS = 3
DETERMINERS = frozenset({"a", "an", "the", "our", "their", "your", "my", "its", "this", "that", "every", "each", "all"})

#: A word joined by a hyphen to the next: a negation cue so joined negates that word alone, a compound
#: ("zero-trust panel", "a no-form page"), read as if a comma followed it; "-free" negates the word before it
#: ("form-free") (:func:`hyphened`; classifier.js has the same pattern).
HYPHENED = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z]+)-([A-Za-z0-9]+)")


def hyphened(match: re.Match, single: set[str]) -> str:
    """A hyphen-joined pair as it is read: a one-word negation cue before the hyphen negates the word after it alone
    ("a no-form page" as "no form,"); "free" after it says the word before is not there ("a form-free guide" as "no
    form,", where "form free" would read as a form and something free), when "no" is a cue."""
    if match[2].lower() == "free" and "no" in single:
        return f"no {match[1]},"
    return f"{match[1]} {match[2]}," if match[1].lower() in single else match[0]


#: Where a sentence ends: a contrast cue after one of these still turns the sentence before it ("The guide is
#: free. But the templates need an email"); a comma or a dash does not end a sentence.
SENTENCE_END = frozenset(".;!?\n")

#: Contrast cues that open a concession when they start a clause ("although the docs are public, ..."): the
#: turn comes at the next clause of the sentence, not at the cue (classifier.js has the same list).
CONCESSIVE = frozenset({"although", "though", "even though", "while", "whereas"})

#: A contrast cue that, ending its clause after other words, says the words before the turn were not done: "Looked
#: at a gated ebook, but we're putting the money into SEO instead" (classifier.js has the same list).
REPLACING = frozenset({"instead"})

#: "Not" that adds instead of negating: "not just a PR push: alongside it, a booking form" says both; the words
#: are read as no cue (classifier.js has the same lists).
ADDITIVE = (("not", "just"), ("not", "only"), ("not", "merely"))

#: ...unless one of these follows it: "not just anyone can download it", "not just yet gated" negate.
ADDITIVE_UNLESS = frozenset({"anyone", "anybody", "yet"})

#: A cue word that, with the word after it, is a visit or a delivery: "everyone who stopped by", "dropped off flyers",
#: "drop in for a coffee". The two words are read as no cue (classifier.js has the same lists).
VISITING = frozenset({"stop", "stops", "stopped", "stopping", "drop", "drops", "dropped", "dropping"})
VISITING_AFTER = frozenset({"by", "in", "off", "round", "over"})

#: "All" said for people ("open to all", "free for all"): read as "everyone", a word, where "all" is filler.
EVERYONE = stem_word("everyone")

#: After these a negation cue starts a negated list item ("no form and no signup") instead of cancelling.
COORDINATORS = frozenset({"and", "or", "nor", "plus"})

#: Negation cues that stand where an article would ("no form"): "and" then an article after one starts a thing that is
#: there ("no form and an email capture popup"), where after a preposition cue the list goes on ("without a form and a
#: login") (classifier.js has the same lists).
DETERMINER_CUES = frozenset({"no"})
NEW_THING = frozenset({"a", "an", "the", "our"})
#: Words that add one more item as the writer's own, where "or" carries a cue on (reading.py: listed_with_an_absence).
ALSO_JOINING = frozenset({"and", "plus"})

#: Words of a thing being needed: a negation cue right before one negates what came before it in its clause, not what
#: follows ("registration is not required for the webinar", "an email address isn't needed to read the blog")
#: (classifier.js has the same list).
REQUIRED = frozenset({"required", "needed", "necessary", "mandatory", "compulsory", "essential"})

#: A clause that is only one of these, after a question, answers it with no: "Ungated? Nope." negates
#: the question's words as "not ungated" would (classifier.js has the same list).
ANSWERED_NO = frozenset({"no", "nope", "nah", "no way", "not really", "not at all", "not anymore", "no longer"})

#: Words that say nothing of what a called-off cue stands for ("it's been cancelled", "that was shelved"): with
#: only these before it in its clause, the cue looks back at the clause before (classifier.js has the same list).
STAND_INS = frozenset({"s", "been", "being", "has", "have", "had", "was", "were", "got", "gets", "just", "now", "ve"})

#: Words in quotation marks: a name, a search term, a field's value ("ads on 'invoice automation software'").
#: An opening mark follows no letter or digit ("PyCoder's" and "sponsors' breakfast" hold none) and a closing
#: one is followed by none. The words are kept, between two marker words (classifier.js has the same pattern).
QUOTED = re.compile(
    "(?<![A-Za-z0-9])(?:'([^'\n]{1,80}?)'|\"([^\"\n]{1,80}?)\"|\u2018([^\u2019\n]{1,80}?)\u2019"
    "|\u201c([^\u201d\n]{1,80}?)\u201d)(?![A-Za-z0-9])"
)
QUOTE_OPEN, QUOTE_CLOSE = "qq0open", "qq0close"  # normalised as they are; nobody types them


def cue_length(words: list[str], start: int, cues: list[list[str]]) -> int:
    """How many words the longest cue starting at ``start`` covers (0: none starts there)."""
    best = 0
    for cue in cues:
        if len(cue) > best and words[start : start + len(cue)] == cue:
            best = len(cue)
    return best


#: A word of a description: (word, stem, negated, placed, sentence, turn, quoted, clause, joined, before, after)
#: (:func:`description_tokens`); ``before`` and ``after`` are the filler words between it and the words of its clause
#: on either side ("their" in "leave their number", "each" in "ring each donor"), joined by spaces.
Token = tuple[str, str, str, bool, int, int, bool, int, bool, str, str]


def quoted_words(text: str) -> str:
    """The text with each quotation's words between :data:`QUOTE_OPEN` and :data:`QUOTE_CLOSE`."""
    return QUOTED.sub(lambda m: f" {QUOTE_OPEN} {next(g for g in m.groups() if g is not None)} {QUOTE_CLOSE} ", text)


def description_tokens(text: str, reading: Mapping[str, Any] | None = None) -> list[Token]:
    """The words of a description as :func:`read_description` reads them."""
    return read_description(text, reading)[0]


def read_description(text: str, reading: Mapping[str, Any] | None = None) -> tuple[list[Token], list[str]]:
    """((word, stem, negated, placed, sentence, turn, quoted, clause, joined) for each word of a description, filler and
    cues aside;
    the called-off cues that dropped words, as the vocabulary spells them, each once).

    The text is cut into clauses at punctuation. Inside a clause a negation cue ("no",
    "without", "won't") flips every word after it to negated, up to the clause's end or a
    contrast cue ("but", "except"), which starts afresh: "open to all, but a sign-up" has a
    sign-up, "no trial without a work email" a work email (two cues cancel), but "no form and no
    signup" has neither (a cue after an "and"/"or" negates afresh, however far after it:
    "we don't export them and we're not passing anyone to sales"). A question answered by a
    clause of its own (:data:`ANSWERED_NO`: "Ungated? Nope.") has its words negated by that answer.
    A cue that ends its clause looks back (:func:`_negate_backwards`): "we considered gating it but
    decided against it", "Sales asked for a form. We said no". A called-off cue (``called_off``: "cancelled",
    "on hold") looks back wherever it stands, and forward as any cue: "the webinar is postponed until
    further notice" (:func:`_called_off_from`); the words it reaches are dropped, not inverted: a plan called off is
    no tactic being run, neither capture nor its absence ("the webinar with the signup form is cancelled"), and a
    contrast right after it is one ("cancelled but the form is live"). Cues are matched as typed, not
    stemmed, and are not words of the description themselves. ``placed``: the word is one of the
    :data:`PLACED_WORDS` after a placing word (:data:`PLACING_WORDS`), as "public" in "a form on the
    public page". ``sentence`` counts the sentences before the word and ``turn`` the contrasts: a word
    after a "but" has a later turn than the words of its sentence before it ("free to read, but the full
    report needs an email"); a clause that opens with a concession (:data:`CONCESSIVE`: "although the
    docs are public, the templates need a form") turns at its sentence's next clause; a sentence that
    starts with a contrast cue continues the one before it ("... is open. But ..."). A one-word
    negation cue hyphen-joined to the next word negates that word alone (:data:`HYPHENED`: "zero-trust");
    a contrast cue right after a one-word negation cue is part of it ("not yet gated"); "instead" ending its
    clause (:data:`REPLACING`) negates what came before the turn ("a gated ebook, but SEO instead"); "not
    just" and "not only" (:data:`ADDITIVE`) add and negate nothing. ``quoted``: the word is inside quotation
    marks (:data:`QUOTED`), a name rather than something done ("'invoice software' terms").
    """
    reading = reading or {}
    negation = [normalize(c).split(" ") for c in [*reading.get("negation", []), *reading.get("called_off", [])]]
    contrast = [normalize(c).split(" ") for c in reading.get("contrast", [])]
    called_off = [normalize(c).split(" ") for c in reading.get("called_off", [])]
    spelled: dict[str, str] = {}  # the cue as the vocabulary spells it ("don't"), first spelling first
    for cue in [*reading.get("negation", []), *reading.get("called_off", [])]:
        spelled.setdefault(normalize(cue), cue)
    single = {cue[0] for cue in negation if len(cue) == 1}
    text = quoted_words(HYPHENED.sub(lambda m: hyphened(m, single), text))
    tokens: list[Token] = []
    in_force = ""  # the negation cue in force where the clause before ended
    breaks = CLAUSE_BREAK.findall(text)  # breaks[n] ends clause n
    sentence, turn, conceded = 0, 0, False  # conceded: a concession opened the sentence, the next clause turns
    question = 0  # where the clause before this one starts in tokens, if it ended with "?" (else -1)
    previous = 0  # where the clause before this one starts in tokens
    inside = False  # inside quotation marks (a quotation may hold a comma)
    clauses = CLAUSE_BREAK.split(text)
    pieces = [[w for w in normalize(clause).split(" ") if w] for clause in clauses]  # each clause's words, for lists
    for n, clause in enumerate(clauses):
        words, quoted = [], []
        for word in normalize(clause).split(" "):
            if word in (QUOTE_OPEN, QUOTE_CLOSE):
                inside = word == QUOTE_OPEN
            elif word:
                words.append(word)
                quoted.append(inside)
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
        negated = listed_on(pieces, breaks, n, in_force)  # "won't ask them to call in, text or register"
        listed, placed, i = False, 0, 0  # negated: the cue in force ("" when none)
        joined = False  # an "and" since the last word kept: "posters and a sign-up sheet" names two things
        part = start  # where the words since the last contrast cue start in tokens
        last_cue = ("", -1)  # the latest cue and how many tokens there were when it was read
        fillers: list[str] = []  # the filler words since the last word kept or cue read ("their", "each")
        while i < len(words):
            if tuple(words[i : i + 2]) in ADDITIVE and not ADDITIVE_UNLESS.intersection(words[i + 2 : i + 3]):
                i += 2  # "not just a PR push": it adds, it does not negate
                continue
            if words[i] in VISITING and words[i + 1 : i + 2] and words[i + 1] in VISITING_AFTER:
                i += 2  # "everyone who stopped by", "dropped off flyers": a visit or a delivery, no refusal
                continue
            length = cue_length(words, i, contrast)
            if length and cue_length(words, i, negation) > length:
                length = 0  # the longer cue wins: "instead of a form" negates, "instead, a form" turns
            after = words[i - 2] if i > 1 and words[i - 1] == "just" else words[i - 1] if i else ""  # "not (just) yet"
            if length and after in single and [after] not in called_off:
                i += length  # "not yet gated", "no form now": right after a negation cue it is part of it
                continue
            if length:
                said = " ".join(words[i : i + length])
                if i == 0 and said in CONCESSIVE:
                    conceded = True
                elif i and i + length == len(words) and said in REPLACING:  # "..., but SEO instead"
                    _negate_backwards(
                        tokens, start if part > start else previous, said, end=part if part > start else start
                    )
                else:
                    turn += 1
                negated, i, part, fillers = "", i + length, len(tokens), []
                continue
            length = cue_length(words, i, negation)
            if length and words[i + length : i + length + 1] and words[i + length] in REQUIRED:
                cue = spelled.get(" ".join(words[i : i + length]), " ".join(words[i : i + length]))
                _negate_backwards(tokens, part, cue)  # "registration is not required for the webinar"
                negated, listed, i, last_cue, fillers = "", False, i + length + 1, ("", -1), []
                continue
            if length:
                cue = spelled.get(" ".join(words[i : i + length]), " ".join(words[i : i + length]))
                if cue_length(words, i, called_off) == length:  # "the webinar is postponed": it looks back too
                    _negate_backwards(tokens, _called_off_from(tokens, start, part, previous), cue)
                negated, listed, i = (cue if listed or not negated else ""), False, i + length
                last_cue, fillers = (cue, len(tokens)), []
                continue
            listed = listed or words[i] in COORDINATORS  # "no X and we won't Y": Y is negated afresh
            if negated in DETERMINER_CUES and words[i] in NEW_THING and i and words[i - 1] in ALSO_JOINING:
                negated = ""  # "no form and an email popup": the popup is there ("without a form and a login" is not)
            if words[i] not in FILLER_WORDS or _all_as_everyone(words, i):
                stem = EVERYONE if words[i] == "all" else stem_word(words[i])
                between = " ".join(fillers)
                if len(tokens) > start:
                    tokens[-1] = (*tokens[-1][:10], between)
                tokens.append((words[i], stem, negated, placed > 0, sentence, turn, quoted[i], n, joined, between, ""))
                placed, joined, fillers = placed - 1, False, []
            else:
                fillers.append(words[i])
                if words[i] not in DETERMINERS:
                    placed = 0  # "the ebook are readable": a verb or a joining word ends the place
            joined = joined or words[i] == "and"
            if words[i] in PLACING_WORDS:
                placed = PLACED_WORDS
            i += 1
        in_force = negated
        if len(tokens) > start:  # the filler words that end the clause ("call them.")
            tokens[-1] = (*tokens[-1][:10], " ".join(fillers))
        cue, at = last_cue
        if cue and at == len(tokens):  # the clause ends with its cue: it looks back
            _negate_backwards(tokens, part if part < at else previous, cue, end=at)
        previous = start
    called = {spelled.get(" ".join(cue), " ".join(cue)) for cue in called_off}
    dropped = list(dict.fromkeys(token[2] for token in tokens if token[2] in called))
    tokens = [token for token in tokens if token[2] not in called]  # a plan called off is no evidence
    past = past_clauses(tokens)
    return [token for token in tokens if token[7] not in past], dropped  # nor one done before and since replaced


def past_clauses(tokens: list[Token]) -> set[int]:
    """The clauses that say what was done before (a word of :data:`BEFORE`: "Last year the guide was free for all",
    "the old flyers had a tear-off reply slip") where another clause of that sentence, or of the sentence next to it,
    says what is done now (:data:`NOW`: "this year it sits behind a form", "the new ones are just the logo"; or first:
    "This year the guide goes on the blog, whereas last year it was behind a form"): what was replaced is no evidence
    of the plan."""
    before = {token[7]: token[4] for i, token in enumerate(tokens) if said_as(tokens, i, BEFORE)}
    now = [(token[7], token[4]) for i, token in enumerate(tokens) if said_as(tokens, i, NOW)]
    return {c for c, s in before.items() if any(replaces(c, s, clause, sentence) for clause, sentence in now)}


def replaces(past: int, past_sentence: int, clause: int, sentence: int) -> bool:
    """Whether the clause saying what is done now replaces the one saying what was done before: another clause of the
    same sentence, or of the next sentence when it comes after, of the one before when it comes first."""
    if clause > past:
        return past_sentence <= sentence <= past_sentence + 1
    return clause < past and past_sentence - 1 <= sentence <= past_sentence


#: (word, the filler word right before it, the word before it) that say a clause is about what was done before, or
#: about what is done now ("" matches any): "last year", "the old flyers"; "this year", "the new ones".
BEFORE = (("year", "", "last"), ("old", "the", ""))
NOW = (("year", "this", ""), ("new", "the", ""))


def said_as(tokens: list[Token], at: int, markers: tuple[tuple[str, str, str], ...]) -> bool:
    """Whether the word at ``at`` is one of ``markers`` (:data:`BEFORE`, :data:`NOW`)."""
    word, filler = tokens[at][0], tokens[at][9].split(" ")[-1]
    previous = tokens[at - 1][0] if at and tokens[at - 1][7] == tokens[at][7] and not tokens[at][9] else ""
    return any(word == w and (not f or filler == f) and (not p or previous == p) for w, f, p in markers)


#: Words that, opening a clause after a comma, start a clause of its own rather than the rest of a list.
CLAUSE_OPENERS = frozenset({"and", "but", "so", "then", "just", "only", "instead", "because", "while", "which", "who"})


#: How many words a list item before the last may have ("call in, text, or register").
LIST_ITEM = 3


def listed_on(pieces: list[list[str]], breaks: list[str], n: int, in_force: str) -> str:
    """The negation cue clause ``n`` starts under: the one in force where the clause before ended, when only a comma
    stands between and the clause is the rest of a list ("we won't ask listeners to call in, text or register"; "call
    in, text, or register"): no clause opener first (:data:`CLAUSE_OPENERS`), and an "or" or "nor" in it or in a later
    clause it reaches through short items (:data:`LIST_ITEM` words at most) and commas alone; "" otherwise."""
    words = pieces[n]
    if not in_force or not n or breaks[n - 1].strip() != "," or not words or words[0] in CLAUSE_OPENERS:
        return ""
    for m in range(n, len(pieces)):
        if {"or", "nor"}.intersection(pieces[m]):
            return in_force
        if len(pieces[m]) > LIST_ITEM or m >= len(breaks) or breaks[m].strip() != ",":
            return ""
    return ""


def _all_as_everyone(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is an "all" that stands for people: after "to" or "for", with no word of its own
    after it ("open to all." but not "sent to all leads"). classifier.js reads it the same way."""
    return (
        words[i] == "all"
        and i > 0
        and words[i - 1] in ("to", "for")
        and (i + 1 == len(words) or words[i + 1] in FILLER_WORDS)
    )


def _called_off_from(tokens: list[Token], start: int, part: int, previous: int) -> int:
    """Where the words a called-off cue negates start: the part of its clause before it ("the trade show
    is cancelled"), or, when that part holds only :data:`STAND_INS` ("..., but it's been postponed"), the
    part of the clause before the contrast, or else the clause before ("Had planned a stand at the expo,
    however it's been cancelled")."""
    if any(token[0] not in STAND_INS for token in tokens[part:]):
        return part
    return start if part > start else previous


def _negate_backwards(tokens: list[Token], start: int, cue: str, end: int | None = None) -> None:
    """Negate ``tokens[start:end]`` by ``cue`` that came after them: the words of the clause before a
    cue that ends its own ("gating the ebook, decided against it"), or of the part of the clause
    before it ("a gate on the guide but decided against it"). A word already negated stays so."""
    end = len(tokens) if end is None else end
    tokens[start:end] = [(token[0], token[1], token[2] or cue, *token[3:]) for token in tokens[start:end]]
