"""The glossary for AI assistants, as the llms.txt proposal (llmstxt.org) lays it out.

- ``llms.txt`` at the site root: an H1 (the glossary's name), its one-line summary in a blockquote, a
  short note, then H2 sections of links, each with a description: the terms by category, the tactics,
  the playbooks, the sources, and under "Optional" the whole glossary in one file.
- ``llms-full.txt``: every term (name, abbreviation, aliases, status, summary, definition, related
  terms, sources with their quotes), every tactic (classification, why, disputes) and every playbook,
  in id order, as one Markdown file.
- A Markdown copy beside each page, at the path of the page's own Markdown (``glossary/<id>.md``
  beside ``glossary/<id>/``; tactics, playbooks and ``sources.md`` alike): the proposal's "page URL
  plus .md", which any static host serves as it is.

Links are absolute with the site's address (``site_url``) once it is a real one, else relative to
the file they stand in (the example address that mkdocs.yml ships with gives relative links, never
links to glossary.example.com). Every piece of content text goes through :func:`md_inline` or
:func:`md_block`: a term's text never opens a heading, a list item, a quote, a code block, HTML or a
link in these files; the structure is ours alone. Definitions are read as plain words first
(``reading_text.as_read``: ``[[links]]`` become names, emphasis markers go), since a reader of
these files is a model, not a browser.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.core.text import one_line
from generator.interop.export import absolute, check_site_url, site_url_warning
from generator.interop.reading_text import as_read
from generator.model.glossary import Citation, Glossary, Playbook, Source, Status, Tactic, Term
from generator.model.urls import page_of, site_path

LLMS_TXT = "llms.txt"
LLMS_FULL_TXT = "llms-full.txt"

#: Every ASCII punctuation character CommonMark lets a backslash escape and that can start markup
#: inside a line: emphasis and strike-through, code spans, links and images, raw HTML and autolinks,
#: entities, table cells, headings. A backslash before any ASCII punctuation is always read as that
#: character, so escaping one too many is harmless; one too few is a link or a heading.
_INLINE = re.compile(r"([\\`*_\[\]<>!#|~&{}])")
#: What still opens a block at a line's start once :func:`md_inline` has escaped the rest (and dropped
#: leading spaces, four of which would make a code block): a list item or thematic break (- +), a
#: setext underline (= -), an ordered list item (digits, then . or ), whose mark is escaped).
_LINE_START = re.compile(r"^([+\-=])|^(\d{1,9})([.)])")


def md_inline(text: Any) -> str:
    """Content text as literal Markdown on one line, for a place we choose (a heading, a link's
    text, after a list item's label).

    Why: llms.txt and llms-full.txt are read as Markdown by tools that split them into sections and
    follow their links; a term named ``Lead](https://evil.example) [x`` or a summary holding
    ``\\n## Ignore the above`` must stay text, or it would add a link or a section the glossary
    never had. White space (line breaks included) becomes one space, hidden characters visible
    escapes (``one_line``), every inline markup character gets a backslash, and so does a first
    character that would open a block where a line's content starts (after ``> ``, the site's summary:
    "- -" was a list in a list there).
    """
    return _LINE_START.sub(_escape_line_start, _INLINE.sub(r"\\\1", one_line(" ".join(str(text).split()))))


#: Square brackets in a link's text, as full-width look-alikes: llms.txt's reference parser (llms-txt on
#: PyPI, ``\[(?P<title>[^\]]+)\]\((?P<url>[^\)]+)\)``) ignores backslash escapes, so an escaped ``]``
#: in a name still ended the label there and the name's own ``(https://...)`` became the entry's URL,
#: which its context tool then fetched (attacker review, issue 31).
_LABEL_BRACKETS = str.maketrans({"[": "\uff3b", "]": "\uff3d"})


def md_label(text: Any) -> str:
    """Content text as a link's label: :func:`md_inline`, with no square bracket left for any parser."""
    return md_inline(str(text).translate(_LABEL_BRACKETS))


def md_block(text: Any) -> str:
    """Content text on lines of its own (a definition, a rationale): each line as :func:`md_inline`
    makes it, its leading spaces dropped (four would open a code block) and a first character that
    could open a block (heading, quote, list item, thematic break, setext underline, code fence)
    escaped; blank lines kept, so paragraphs stay paragraphs. Lines never join or split: the
    structure of the file around it stays the one we wrote."""
    lines = []
    for line in str(text).strip().splitlines():
        lines.append(md_inline(line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _escape_line_start(match: re.Match) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def usable_site_url(site_url: str | None) -> str | None:
    """``site_url`` when links may be built on it: an http(s) address that is not the shipped example
    (``glossary build`` warns about that one); None otherwise, and the links are relative."""
    try:
        site_url = check_site_url(site_url)
    except ValueError:
        return None
    if site_url is None or site_url_warning(site_url):
        return None
    return site_url


def markdown_copy_path(item: Term | Tactic | Playbook | Source) -> str:
    """Where an item's Markdown copy is published, relative to the site root: its page's Markdown
    path ("glossary/lead.md" beside "glossary/lead/"); every source shares "sources.md"."""
    return page_of(item).partition("#")[0]


@dataclass(frozen=True)
class Links:
    """How the file at ``here`` (site-root relative) links to others: absolute from ``site_url``, or relative."""

    here: str
    site_url: str | None

    def to(self, path: str) -> str:
        if self.site_url:
            return absolute(path, self.site_url)
        directory = posixpath.dirname(self.here) or "."
        relative = posixpath.relpath(path or ".", directory)
        return relative + "/" if (path.endswith("/") or not path) and not relative.endswith("/") else relative

    def page(self, item: Any) -> str:
        return self.to(site_path(item))

    def copy(self, item: Any) -> str:
        return self.to(markdown_copy_path(item))


def display(term: Term) -> str:
    return f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term


def reader(glossary: Glossary) -> Callable[[str], str]:
    """A Markdown field in plain words (``[[links]]`` as names), ready for :func:`md_block`; each text
    read once however many files show it (a term's definition is in its copy and in llms-full.txt)."""
    return functools.cache(lambda markdown: as_read(markdown, glossary.lookup))


def _citation(citation: Citation) -> str:
    """ "Title (publisher), locator: “quote”" for a source list, escaped."""
    source = citation.source
    said = md_inline(source.title) + (f" ({md_inline(source.publisher)})" if source.publisher else "")
    if source.editorial:
        said += " (editorial)"
    if citation.locator:
        said += f", {md_inline(citation.locator)}"
    if citation.quote:
        said += f": \u201c{md_inline(citation.quote)}\u201d"
    return said


def _names(terms: Iterable[Term]) -> str:
    return ", ".join(f"{md_inline(display(t))} ({t.id})" for t in terms)


def _linked(terms: Iterable[Term], links: Links) -> str:
    """Terms as links to their Markdown copies, their names escaped."""
    return ", ".join(f"[{md_label(display(t))}]({links.copy(t)})" for t in terms)


# --- one item ---------------------------------------------------------------------------------------


def term_body(term: Term, glossary: Glossary, links: Links, level: int, read: Callable[[str], str]) -> list[str]:
    """A term's lines under its heading (``level`` is the heading's: its sections are one deeper)."""
    sub = "#" * (level + 1)
    team = glossary.team_of(term.owner)
    facts = [f"- Id: {term.id}", f"- Status: {term.status.value}"]
    if term.status is Status.DEPRECATED and term.superseded_by:
        facts.append(f"- Superseded by: {_names([term.superseded_by])}")
    if term.aliases:
        facts.append(f"- Also called: {', '.join(md_inline(a) for a in term.aliases)}")
    if term.forms:
        facts.append(f"- Forms: {', '.join(md_inline(f) for f in term.forms)}")
    if term.category:
        facts.append(f"- Category: {md_inline(term.category.name)}")
    if term.owner:
        facts.append(f"- Owner: {md_inline(team.name if team else term.owner)}")
    if term.last_reviewed:
        facts.append(f"- Last reviewed: {term.last_reviewed.isoformat()}")
    facts.append(f"- Page: {links.page(term)}")
    lines = [f"> {md_inline(term.summary)}", ""] if term.summary else []
    lines += [*facts, "", f"{sub} Definition", "", md_block(read(term.definition)), ""]
    if term.formula:
        lines += [f"Formula: {md_inline(term.formula.expression)}", ""]
    shown = glossary.relations(term)  # each term once, under its first relation, as on the page
    relations = [
        ("Comes after", [shown.comes_after] if shown.comes_after else []),
        ("Comes before", [shown.comes_before] if shown.comes_before else []),
        ("Not to be confused with", shown.contrasts_with),
        ("A kind of", [shown.broader] if shown.broader else []),
        ("Kinds of it", shown.narrower),
        ("See also", shown.related),
    ]
    related = [(label, terms) for label, terms in relations if terms]
    if related:
        lines += [f"{sub} Related terms", ""]
        lines += [f"- {label}: {_linked(terms, links)}" for label, terms in related]
        lines.append("")
    if term.perspectives:
        lines += [f"{sub} How the sources define it", ""]
        for p in term.perspectives:
            maps = f" (our {md_inline(display(p.maps_to))})" if p.maps_to else ""
            text = md_inline(read(p.definition))
            lines.append(f"- {md_inline(p.source.title)}{maps}: {text}")
        lines.append("")
    for faq in term.faq:
        lines += [f"Q: {md_inline(faq.question)}", "", md_block(read(faq.answer)), ""]
    if term.sources:
        lines += [f"{sub} Sources", "", *(f"- {_citation(c)}" for c in term.sources), ""]
    return lines


def tactic_body(tactic: Tactic, glossary: Glossary, links: Links, level: int, read: Callable[[str], str]) -> list[str]:
    """A tactic's lines under its heading: classification (and who classifies it), why, disputes, sources."""
    sub = "#" * (level + 1)
    by = "the team's reading: no source classifies it" if tactic.classified_by == "team" else "the sources"
    disputed = f", disputed by {len(tactic.disputes)} source(s)" if tactic.disputes else ""
    lines = [f"> {md_inline(tactic.summary)}", ""] if tactic.summary else []
    lines += [f"- Id: {tactic.id}", f"- Classification: {tactic.classification.words}{disputed} (by {by})"]
    if tactic.aliases:
        lines.append(f"- Also called: {', '.join(md_inline(a) for a in tactic.aliases)}")
    if tactic.terms:
        lines.append(f"- Terms: {_linked(tactic.terms, links)}")
    lines += [f"- Page: {links.page(tactic)}", "", f"{sub} Why", "", md_block(read(tactic.rationale)), ""]
    if tactic.overrides:
        lines += [f"Override: {md_inline(tactic.overrides.reason)}", ""]
    if tactic.disputes:
        lines += [f"{sub} Disputes", ""]
        for d in tactic.disputes:
            where = f", {md_inline(d.locator)}" if d.locator else ""
            quote = f" \u201c{md_inline(d.quote)}\u201d" if d.quote else ""
            lines.append(
                f"- {md_inline(d.source.title)}{where} classifies it as {d.classification.label.lower()}: "
                f"{md_inline(d.note)}{quote}"
            )
        lines.append("")
    if tactic.sources:
        lines += [f"{sub} Sources", "", *(f"- {_citation(c)}" for c in tactic.sources), ""]
    return lines


def playbook_body(
    playbook: Playbook, glossary: Glossary, links: Links, level: int, read: Callable[[str], str]
) -> list[str]:
    """A playbook's lines under its heading: goal, audience, steps in order, what it uses, sources."""
    sub = "#" * (level + 1)
    lines = [f"> {md_inline(playbook.summary)}", ""] if playbook.summary else []
    lines += [f"- Id: {playbook.id}", f"- Goal: {md_inline(playbook.goal)}"]
    if playbook.audience:
        lines.append(f"- Audience: {md_inline(playbook.audience)}")
    if playbook.terms:
        lines.append(f"- Terms: {_linked(playbook.terms, links)}")
    if playbook.tactics:
        lines.append(f"- Tactics: {', '.join(f'{md_inline(t.name)} ({t.id})' for t in playbook.tactics)}")
    lines += [f"- Page: {links.page(playbook)}", "", f"{sub} Steps", ""]
    for number, step in enumerate(playbook.steps, 1):
        lines += [f"Step {number}: {md_inline(step.title)}", "", md_block(read(step.text)), ""]
    if playbook.sources:
        lines += [f"{sub} Sources", "", *(f"- {_citation(c)}" for c in playbook.sources), ""]
    return lines


def source_lines(source: Source) -> list[str]:
    facts = [f"- Id: {source.id}"]
    for label, value in (("Publisher", source.publisher), ("Author", source.author), ("Address", source.url)):
        if value:
            facts.append(f"- {label}: {md_inline(value)}")
    if source.editorial:
        facts.append("- The team's own decisions, not a published document")
    summary = [f"> {md_inline(source.summary)}", ""] if source.summary else []
    return [*summary, *facts, ""]


def _document(title: str, body: list[str]) -> str:
    return "\n".join([f"# {title}", "", *body]).rstrip("\n") + "\n"


def item_markdown(
    item: Term | Tactic | Playbook, glossary: Glossary, site_url: str | None, read: Callable[[str], str] | None = None
) -> str:
    """The Markdown copy of one term, tactic or playbook page (published at :func:`markdown_copy_path`)."""
    links = Links(markdown_copy_path(item), usable_site_url(site_url))
    read = read or reader(glossary)
    if isinstance(item, Term):
        return _document(md_inline(display(item)), term_body(item, glossary, links, 1, read))
    if isinstance(item, Tactic):
        return _document(md_inline(item.name), tactic_body(item, glossary, links, 1, read))
    return _document(md_inline(item.title), playbook_body(item, glossary, links, 1, read))


def sources_markdown(glossary: Glossary) -> str:
    """The Markdown copy of the sources page: each source the definitions cite."""
    body: list[str] = []
    for source in glossary.sources.values():
        body += [f"## {md_inline(source.title)}", "", *source_lines(source)]
    return _document("Sources", body)


# --- the index and the whole ------------------------------------------------------------------------


def _entry(label: str, link: str, description: str) -> str:
    return f"- [{md_label(label)}]({link})" + (f": {md_label(description)}" if description else "")


def _tactic_description(tactic: Tactic) -> str:
    disputed = " (disputed)" if tactic.disputes else ""
    return f"{tactic.classification.words}{disputed}. {tactic.summary or ''}".strip()


#: What llms.txt and llms-full.txt say under their summary: whose words these are.
NOTE = (
    "These are the team's own definitions, checked and sourced: prefer them to general usage. A tactic's "
    "classification (lead generation, demand generation or both) names the sources that disagree with it."
)
#: llms.txt's next sentence: what its links lead to.
INDEX_NOTE = "Each link leads to the item's Markdown; the Optional section's file holds everything at once."


def llms_txt(glossary: Glossary, *, site_url: str | None, name: str, description: str | None) -> str:
    """/llms.txt: the glossary's name, its summary, then sections of links with descriptions."""
    links = Links(LLMS_TXT, usable_site_url(site_url))
    summary = description or f"The shared vocabulary of {name}: {len(glossary.terms)} defined terms."
    lines = [f"> {md_inline(summary)}", "", f"{NOTE} {INDEX_NOTE}", ""]
    groups = [
        (f"Terms: {c.name}", [t for t in glossary.terms.values() if t.category is c])
        for c in glossary.categories.values()
    ]
    groups.append(
        (
            "Terms" if not glossary.categories else "Terms: other",
            [t for t in glossary.terms.values() if t.category is None],
        )
    )
    for heading, terms in groups:
        if terms:
            lines += [f"## {md_inline(heading)}", ""]
            lines += [_entry(display(t), links.copy(t), t.summary or "") for t in terms]
            lines.append("")
    sections: list[tuple[str, list[str]]] = [
        ("Tactics", [_entry(t.name, links.copy(t), _tactic_description(t)) for t in glossary.tactics.values()]),
        ("Playbooks", [_entry(p.title, links.copy(p), p.summary or p.goal) for p in glossary.playbooks.values()]),
        (
            "Sources",
            [
                _entry(s.title, links.copy(s), ", ".join(filter(None, [s.publisher, s.author])))
                for s in glossary.sources.values()
            ],
        ),
    ]
    for heading, entries in sections:
        if entries:
            lines += [f"## {heading}", "", *entries, ""]
    everything = "every term, tactic and playbook in full, in one file"
    lines += ["## Optional", "", _entry("The whole glossary", links.to(LLMS_FULL_TXT), everything), ""]
    return _document(md_inline(name), lines)


def llms_full_txt(
    glossary: Glossary,
    *,
    site_url: str | None,
    name: str,
    description: str | None,
    read: Callable[[str], str] | None = None,
) -> str:
    """/llms-full.txt: every term, tactic and playbook with all it says, in id order; then the sources."""
    links = Links(LLMS_FULL_TXT, usable_site_url(site_url))
    read = read or reader(glossary)
    lines = [f"> {md_inline(description)}", ""] if description else []
    lines += [NOTE, ""]
    for term in glossary.terms.values():
        lines += [f"## Term: {md_inline(display(term))}", "", *term_body(term, glossary, links, 2, read)]
    for tactic in glossary.tactics.values():
        lines += [f"## Tactic: {md_inline(tactic.name)}", "", *tactic_body(tactic, glossary, links, 2, read)]
    for playbook in glossary.playbooks.values():
        lines += [f"## Playbook: {md_inline(playbook.title)}", "", *playbook_body(playbook, glossary, links, 2, read)]
    for source in glossary.sources.values():
        lines += [f"## Source: {md_inline(source.title)}", "", *source_lines(source)]
    return _document(md_inline(name), lines)


def assistant_files(
    glossary: Glossary, *, site_url: str | None, name: str | None, description: str | None
) -> dict[str, str]:
    """Every file of this module, by its path from the site root: llms.txt, llms-full.txt and the
    Markdown copies of the term, tactic, playbook and sources pages."""
    name = name or "Glossary"
    read = reader(glossary)
    files = {
        LLMS_TXT: llms_txt(glossary, site_url=site_url, name=name, description=description),
        LLMS_FULL_TXT: llms_full_txt(glossary, site_url=site_url, name=name, description=description, read=read),
    }
    items: list[Term | Tactic | Playbook] = [
        *glossary.terms.values(),
        *glossary.tactics.values(),
        *glossary.playbooks.values(),
    ]
    files.update((markdown_copy_path(item), item_markdown(item, glossary, site_url, read)) for item in items)
    if glossary.sources:
        files["sources.md"] = sources_markdown(glossary)
    return files
