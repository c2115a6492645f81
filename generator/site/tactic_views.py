"""What the templates show of tactics, terms and the A-Z beyond the model's fields: display names, redirect
slugs, letters; a tactic page's signal lines, table cells, sources, and the terms and playbooks that use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.core.text import slugify
from generator.model.glossary import Citation, Glossary, Playbook, Tactic, Term
from generator.model.urls import markdown_path_to_url


def rule_anchor(question: Any) -> str:
    """The id of a classifier question's fieldset on /classifier/, which the sources page links to:
    'rule-budget-owner'. Signals are lowercase words joined by '_' (the schema), so ids are unique,
    and no heading of that page starts with 'Rule'."""
    return "rule-" + question.signal.replace("_", "-")


def display_name(item: Any) -> str:
    """How an object of the model is named in links: a term's name, a playbook's title..."""
    for attribute in ("term", "name", "title"):
        value = getattr(item, attribute, None)
        if isinstance(value, str):
            return value
    raise TypeError(f"no display name for {item!r}")


def redirect_slugs(term: Term) -> list[str]:
    """URL slugs that must lead to ``term``: its names and former ids, except its own id."""
    slugs = {slugify(name) for name in (*term.names, *term.former_ids)}
    slugs.discard(term.id)
    slugs.discard("index")  # glossary/index.md is the A-Z page
    slugs.discard("a-z")  # glossary/a-z/: its letter pages (letter_pages.py)
    slugs.discard("")
    return sorted(slugs)


def card_slugs(term: Term) -> tuple[str, ...]:
    """The slugs a term's iframe card and oEmbed document are published under: its id, then every
    name with a redirect page (:func:`redirect_slugs`), so a card pasted before a rename keeps showing."""
    return (term.id, *redirect_slugs(term))


def letters_of(items: Any) -> list[tuple[str, list[Any]]]:
    """Terms (or tactics) grouped by the first letter of their display name, A-Z then '#' for the rest."""
    groups: dict[str, list[Any]] = {}
    for item in sorted(items, key=lambda t: display_name(t).casefold()):
        first = display_name(item)[:1].upper()  # one letter can be two in capitals: "ß" -> "SS", "ﬁ" -> "FI"
        groups.setdefault(first if len(first) == 1 and "A" <= first <= "Z" else "#", []).append(item)
    return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))


def site_root_from(path: str) -> str:
    """The site root as seen from the page MkDocs publishes ``path`` at, for raw HTML links, which
    MkDocs does not rewrite: 'tactics/index.md' (tactics/) -> '../', 'tactics/webinar.md' -> '../../'."""
    return "../" * markdown_path_to_url(path).count("/")


def tactic_redirect_slugs(tactics: Any) -> dict[Tactic, list[str]]:
    """Tactic -> the URL slugs of its other names (aliases, a name that is not its id).

    Like :func:`redirect_slugs` for terms, but tactic names are not checked for uniqueness: a slug
    that is another tactic's id belongs to that tactic's page, and a slug two tactics share leads
    to neither (a redirect would pick one at random); 'index' is the tactics index, 'a-z' its letter pages.
    """
    tactics = list(tactics)
    ids = {t.id for t in tactics}
    claims: dict[str, list[Tactic]] = {}
    for tactic in tactics:
        for slug in dict.fromkeys(slugify(name) for name in (tactic.name, *tactic.aliases)):
            claims.setdefault(slug, []).append(tactic)
    slugs: dict[Tactic, list[str]] = {}
    for slug, claimants in sorted(claims.items()):
        if len(claimants) == 1 and slug not in ids and slug not in ("", "index", "a-z"):
            slugs.setdefault(claimants[0], []).append(slug)
    return slugs


@dataclass(frozen=True)
class SignalLine:
    """One signal of a tactic in words: 'Content access: Yes, it is gated - people fill in a form'."""

    name: str
    label: str
    describes: str | None = None
    leans: Any = None  # the Classification the classifier's answer leans to, or None
    answered: bool = False  # the classifier has this answer (else leans None says nothing)


def signal_lines(glossary: Glossary, tactic: Tactic) -> list[SignalLine]:
    """A tactic's signals as the classifier's answers say them; a value the classifier does not
    ask about (or a project without a classifier) shows as written, underscores as spaces."""
    answers = {}
    if glossary.classifier is not None:
        for question in glossary.classifier.questions:
            for answer in question.answers:
                answers[question.signal, answer.value] = answer
    lines = []
    for signal, value in tactic.signals.answered().items():
        name = signal.replace("_", " ").capitalize()
        answer = answers.get((signal, value))
        if answer is None:
            lines.append(SignalLine(name, value.replace("_", " ")))
        else:
            describes = answer.describes if answer.describes and adds_to(answer.label, answer.describes) else None
            lines.append(SignalLine(name, answer.label, describes, answer.leans, answered=True))
    return lines


_WORD = re.compile(r"\w+")


def adds_to(label: str, describes: str) -> bool:
    """Whether ``describes`` says more than ``label``: not when it repeats most of the label's words
    ("A division, region, brand or product line — a division, region, brand or product line pays
    for it" read twice the same on a tactic page). Short words (a, or, the) do not count."""
    words = {w for w in _WORD.findall(label.casefold()) if len(w) > 3}
    if not words:
        return True
    repeated = words & set(_WORD.findall(describes.casefold()))
    return len(repeated) * 3 < len(words) * 2


@dataclass(frozen=True)
class TableCell:
    """Where a tactic stands in a tactic table: row number (from 1), column and its footnote."""

    table: Any
    row: int
    column: Any
    footnote: Any = None


def table_cells(glossary: Glossary, tactic: Tactic) -> list[TableCell]:
    """Every cell of every tactic table that holds ``tactic``, in table order."""
    return [
        TableCell(table, number, table.columns[index], cell.footnote)
        for table in glossary.tables.values()
        for number, row in enumerate(table.rows, start=1)
        for index, cell in enumerate(row)
        if cell.tactic is tactic
    ]


@dataclass(frozen=True)
class SourceEntry:
    """One line of a tactic page's closing "Sources" list: a source with every locator the page
    cites it at (as one citation, for ``cite``), and whether it is a dissenting source."""

    citation: Citation
    disputes: bool = False


def tactic_sources(tactic: Tactic) -> list[SourceEntry]:
    """Every source a tactic's page cites, each once: the glossary's own (its sources, then the
    override's), then the dissenting sources of the disputes table. A source cited at several
    places keeps all its locators ('Search; Table 1'), and its first quote."""
    own = [*tactic.sources, *(tactic.overrides.sources if tactic.overrides else ())]
    groups: dict[str, tuple[list[Any], bool]] = {}
    for cited, disputes in [(c, False) for c in own] + [(d, True) for d in tactic.disputes]:
        groups.setdefault(cited.source.id, ([], disputes))[0].append(cited)
    entries = []
    for cited, disputes in groups.values():
        locators = [c.locator for c in cited if c.locator]
        quote = next((c.quote for c in cited if c.quote), None)
        citation = Citation(cited[0].source, "; ".join(dict.fromkeys(locators)) or None, quote)
        entries.append(SourceEntry(citation, disputes))
    return entries


def playbooks_using(glossary: Glossary, tactic: Tactic) -> list[Playbook]:
    """The playbooks that list ``tactic`` among their tactics."""
    return [p for p in glossary.playbooks.values() if tactic in p.tactics]


def terms_of_tactic(glossary: Glossary, tactic: Tactic, users: dict[str, list[Term]] | None = None) -> list[Term]:
    """The terms a tactic names (its ``terms``) and those whose "Used in" list shows it (a term
    its rationale links, say), each once, in that order. ``users``: :func:`terms_using_tactics`,
    worked out once for every tactic (scanning every term per tactic was quadratic: 1,000 tactics
    x 10,000 terms)."""
    used = (terms_using_tactics(glossary) if users is None else users).get(tactic.id, ())
    return list(dict.fromkeys((*tactic.terms, *used)))


def terms_using_tactics(glossary: Glossary) -> dict[str, list[Term]]:
    """Tactic id -> the terms whose "Used in" list shows that tactic, in the glossary's order."""
    users: dict[str, list[Term]] = {}
    for term in glossary.terms.values():
        for item in glossary.used_in.get(term.id, ()):
            if isinstance(item, Tactic):
                users.setdefault(item.id, []).append(term)
    return users
