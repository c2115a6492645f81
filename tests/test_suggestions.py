"""Did-you-mean hints cost a bounded amount however many words are wrong.

Each hint compares a word with every candidate (difflib), so a file with thousands of
unknown ids once took minutes to check. The tests count comparisons, never time.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.core import text

from .conftest import check

#: Where a bad word can sit: (what to replace in the fixture's lead.yaml, what with).
PLACES = {
    "related": ("related: [marketing-qualified-lead]", lambda words: f"related: [{', '.join(words)}]"),
    "wikilinks": ("definition: A person", lambda words: "definition: |\n  " + "\n  ".join(f"[[{w}]]" for w in words)),
    "unknown fields": ("forms: [leads]", lambda words: "\n".join(["forms: [leads]", *(f"{w}: x" for w in words)])),
}


def write_bad_words(project: Path, place: str, words: list[str]) -> None:
    path = project / "glossary" / "lead.yaml"
    old, new = PLACES[place]
    text_before = path.read_text()
    assert old in text_before
    path.write_text(text_before.replace(old, new(words), 1))


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(word, number of candidates) of every difflib search the check runs."""
    searches: list[tuple[str, int]] = []
    real = difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        possibilities = list(possibilities)
        searches.append((word, len(possibilities)))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(text.difflib, "get_close_matches", counting)
    return searches


@pytest.mark.parametrize("place", sorted(PLACES))
def test_distinct_bad_words_stop_costing_past_the_budget(
    project: Path, place: str, comparisons: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "SUGGESTION_BUDGET", 2_000, raising=False)
    write_bad_words(project, place, [f"unknown-thing-{n}" for n in range(1_000)])
    problems = check(project).errors
    assert len(problems) >= 1_000  # every bad word is still reported
    assert sum(count for _, count in comparisons) <= 2_000


def test_a_repeated_bad_link_is_looked_up_once(project: Path, comparisons: list) -> None:
    write_bad_words(project, "wikilinks", ["sales-qualified-leed"] * 500)
    problems = [p for p in check(project).errors if "sales-qualified-leed" in p.message]
    assert len(problems) == 500
    assert all(p.hint.startswith("did you mean 'sales-qualified-lead'?") for p in problems)
    assert len(comparisons) <= 2  # one search: case-sensitive, then lowered


def test_a_repeated_bad_reference_is_looked_up_once(project: Path, comparisons: list) -> None:
    for n in range(100):  # a list may not repeat an item: the same typo in many terms
        term = f"id: t{n}\nterm: T{n}\ndefinition: D.\nrelated: [sales-qualified-leed]\n"
        (project / "glossary" / f"t{n}.yaml").write_text(term)
    problems = [p for p in check(project).errors if "sales-qualified-leed" in p.message]
    assert len(problems) == 100
    assert all(p.hint == "did you mean 'sales-qualified-lead'?" for p in problems)
    assert len(comparisons) <= 4  # one search: ids, then names; each case-sensitive, then lowered


def test_the_first_bad_words_still_get_a_hint(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text, "SUGGESTION_BUDGET", 2_000, raising=False)
    write_bad_words(project, "related", ["sales-qualified-leed"] + [f"unknown-thing-{n}" for n in range(1_000)])
    problems = {p.message.split("'")[3]: p.hint for p in check(project).errors if p.code == "unknown-reference"}
    assert problems["sales-qualified-leed"].startswith("did you mean 'sales-qualified-lead'?")
    # past the budget no search runs; the few valid ids are still listed (that costs no comparison)
    assert problems["unknown-thing-999"] == "valid: lead, marketing-qualified-lead, sales-qualified-lead"
