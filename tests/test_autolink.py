"""Auto-linking of term mentions: first mention only, whole words, never where it must not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.core.text import trie_pattern
from generator.site.render import Renderer

from .conftest import check


@pytest.fixture
def renderer(project: Path) -> Renderer:
    return Renderer(check(project).require())


def link(renderer: Renderer, text: str, page: str = "playbooks/x.md", linked: set[str] | None = None) -> str:
    return renderer.markdown(text, page, set() if linked is None else linked)


def test_first_mention_links_later_ones_do_not(renderer: Renderer) -> None:
    out = link(renderer, "A lead is a lead.")
    assert out.count("](../glossary/lead.md") == 1 and out.startswith("A [lead](../glossary/lead.md")


def test_abbreviations_are_case_sensitive_and_whole_words(renderer: Renderer) -> None:
    assert "](../glossary/sales-qualified-lead.md" in link(renderer, "Then it is an SQL.")
    assert link(renderer, "We store it in sql tables.") == "We store it in sql tables."
    assert link(renderer, "An SQLite file.") == "An SQLite file."
    assert link(renderer, "mislead and leadership") == "mislead and leadership"


def test_names_are_case_insensitive_and_longest_wins(renderer: Renderer) -> None:
    out = link(renderer, "Every Marketing Qualified Lead counts.")
    assert "[Marketing Qualified Lead](../glossary/marketing-qualified-lead.md" in out
    assert "glossary/lead.md" not in out


def test_never_inside_code_headings_links_or_on_its_own_page(renderer: Renderer) -> None:
    text = "# lead heading\n\nUse `lead` and [a lead](https://example.com) and\n\n```\nlead\n```\n"
    assert link(renderer, text) == "\\" + text.rstrip("\n")  # the heading is shown as text (demote_headings)
    assert link(renderer, "A lead.", "glossary/lead.md", {"lead"}) == "A lead."


def test_explicit_links_count_as_the_first_mention(renderer: Renderer) -> None:
    out = link(renderer, "See [[lead|this]]; a lead is a lead.")
    assert out.count("glossary/lead.md") == 1


def test_thousands_of_names_share_one_trie_shaped_pattern() -> None:
    """The shared prefix appears once: each position tries one branch, not 5,000 words."""
    names = [f"name{i}x" for i in range(5000)]
    pattern = trie_pattern(names)
    assert pattern.count("name") == 1
    assert re.compile(rf"(?i:{pattern})").findall("text " * 200 + "NAME4999x name12x") == ["NAME4999x", "name12x"]


def test_never_inside_a_source_title_publisher_or_name(project: Path) -> None:
    """'Lead' in the title "In the Lead" names a book, not the term: no link there; a later mention links."""
    (project / "glossary" / "_sources.yaml").write_text(
        "sources:\n"
        "  - id: seed-a\n    title: In the Lead…\n    publisher: Lead Media\n"
        "    names: [In the Lead, the lead book]\n"
        "  - id: seed-b\n    title: What's the SQL story\n",
        "utf-8",
    )
    renderer = Renderer(check(project).require())
    assert link(renderer, "In the Lead… says so.") == "In the Lead… says so."
    assert link(renderer, "As in the  lead book, by Lead Media.") == "As in the  lead book, by Lead Media."
    assert link(renderer, "See What’s the SQL story.") == "See What’s the SQL story."
    out = link(renderer, "In the Lead calls a lead a person.")
    assert out.startswith("In the Lead calls a [lead](../glossary/lead.md")


def test_never_inside_double_quotes(renderer: Renderer) -> None:
    """A quoted phrase is somebody's words: straight or typographic quotes, over a wrapped line too."""
    assert link(renderer, 'They said "every lead\ncounts" once.') == 'They said "every lead\ncounts" once.'
    assert link(renderer, "They said “every lead counts”.") == "They said “every lead counts”."
    out = link(renderer, "“A lead” is a lead.")
    assert out.count("](../glossary/lead.md") == 1 and out.startswith("“A lead” is a [lead](")
    # a blank line ends the paragraph and the quote with it
    assert "](../glossary/lead.md" in link(renderer, 'An "open\n\nlead quote.')
