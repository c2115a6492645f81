"""The prose facts worked out in the parse (checks/prescan.py) give exactly what the checks find
by reading every text themselves: the same problems, at the same file:line:column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks.prescan import SPEC, prescan_for
from generator.checks.records import CheckOptions
from generator.checks.validate import validate_project
from generator.content.load import load_raw_project
from generator.core.problems import ProblemList

from .conftest import FIXTURES, TODAY

OPTIONS = CheckOptions(today=TODAY)


def _problems(root: Path, prescan: str | None) -> tuple[list[str], int]:
    """(problems as text, how many documents had facts), one process."""
    problems = ProblemList()
    raw = load_raw_project(root, problems, jobs=1, prescan=prescan)
    validate_project(raw, problems, OPTIONS)
    return [p.as_text() for p in problems.sorted()], sum(doc.facts is not None for doc in raw.documents)


def assert_same(root: Path) -> list[str]:
    """The facts path finds what the full path finds; returns the problems."""
    full, none = _problems(root, None)
    fast, with_facts = _problems(root, SPEC)
    assert none == 0
    assert fast == full
    return fast


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIXTURES.iterdir() if (p / "glossary").is_dir() or (p / "playbooks").is_dir())
)
def test_every_fixture_project_gives_the_same_problems(name: str) -> None:
    root = FIXTURES / name
    assert_same(root)
    assert _problems(root, SPEC)[1] > 0 or not list(root.glob("glossary/[!_]*.yaml"))


SOURCES = """\
sources:
  - id: seed-a
    title: Source A
  - id: seed-b
    title: Source B
    publisher: Forrester
    names: ["SiriusDecisions", "The Demand Waterfall…", "Лид Report"]
"""

#: Texts that each make a check speak, or nearly: claims, names, links, limits, placeholders.
ODD_TEXTS = [
    "Both sources agree on this.",
    "Both\n  sources say so, and all the\n  articles agree.",
    "As Forrester puts it, see SiriusDecisions and the Demand Waterfall... too.",
    "The “Demand Waterfall…” and the Лид Report say it; Forrester’s view.",
    "Ｆｏｒｒｅｓｔｅｒ in full width, and FORRESTER shouting.",
    "Read [this](javascript:alert(1)) and [that](/relative/page) and [ok](https://example.com).",
    "[ref]: java&#115;cript:alert(1)\n\nSee [ref].",
    "A link definition\n\n[x]:\n  ./here\n",
    "See [[lead]], [[no-such-term]], [[Lead|the lead]]s and [[ghost term]].",
    "TODO - define the term in your own words, and cite its sources below.",
    "[ [ [ [ [ [ unclosed brackets everywhere",
    "\n".join(">" * n + " quoted" for n in range(1, 20)),
    "\n".join("- item" for _ in range(205)),
    "`a` ``b`` ```c``` ````d```` `````e````` text",
    "*a* " * 2100,
    "\n\n".join(["*a* " * 900] * 6),
    "[ [ [ [ " + "word " * 24_000,  # four unclosed brackets (the limit), 120 KB for each to scan: file weight
    "Plain text with “quotes” and — dashes — and nothing else.",
    "Текст на русском, both sources agree по-русски.",
]


def _term(number: int, definition: str, summary: str = "A term.", sources: str = "seed-a") -> str:
    block = "\n".join("  " + line if line else "" for line in definition.split("\n"))
    cited = "".join(f"\n  - source: {s}" for s in sources.split(","))
    return (
        f"id: odd-{number}\nterm: Odd {number}\ncategory: leads\nsummary: {summary!r}\n"
        f"definition: |\n{block}\nrelated: [lead]\nsources:{cited}\nlast_reviewed: 2026-01-10\n"
    )


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    root = tmp_path / "odd"
    shutil.copytree(FIXTURES / "base", root)
    (root / "glossary" / "_sources.yaml").write_text(SOURCES)
    for number, text in enumerate(ODD_TEXTS):
        (root / "glossary" / f"odd-{number}.yaml").write_text(_term(number, text))
    # a summary placeholder, a claim in a summary, and a term citing both sources (its claim is fine)
    (root / "glossary" / "odd-90.yaml").write_text(_term(90, "Fine.", "TODO: one plain sentence saying what it is."))
    (root / "glossary" / "odd-91.yaml").write_text(_term(91, "Fine.", "All sources say so."))
    (root / "glossary" / "odd-92.yaml").write_text(
        _term(92, "Both sources agree, per Forrester.", sources="seed-a,seed-b")
    )
    # names: another term's name, a look-alike, a name in two lines
    (root / "glossary" / "odd-94.yaml").write_text(
        _term(94, "Fine.").replace("term: Odd 94", "term: Le\u0430d\naliases: [Lead, 'MQL', odd-1, \"two\\nlines\"]")
    )
    # a playbook with prose, and a term the schema refuses (its facts are never made)
    (root / "playbooks" / "odd-play.yaml").write_text(
        "id: odd-play\ntitle: Odd play\ngoal: Both sources agree; [[nobody]]\nsteps:\n"
        "  - title: Step\n    text: Per Forrester, see [here](../x).\nsources:\n  - source: seed-a\n"
    )
    (root / "glossary" / "odd-93.yaml").write_text(_term(93, "Both sources agree.") + "colour: blue\n")
    return root


def test_odd_texts_give_the_same_problems(odd: Path) -> None:
    problems = assert_same(odd)
    codes = {line.split("[", 1)[1].split("]", 1)[0] for line in problems}
    expected = {
        "claim-needs-sources",
        "named-source-not-cited",
        "unsafe-link",
        "relative-link",
        "unknown-reference",
        "placeholder",
        "markdown-unclosed-brackets",
        "markdown-nesting",
        "markdown-block-lines",
        "markdown-backtick-runs",
        "markdown-inline-markup",
        "markdown-file-weight",
        "unknown-field",
        "duplicate-name",
        "mixed-script",
        "multi-line-name",
    }
    assert expected <= codes, expected - codes
    assert _problems(odd, SPEC)[1] >= len(ODD_TEXTS)  # the facts were used, not only made


def test_facts_found_with_other_source_names_are_not_used(odd: Path) -> None:
    """A source registering refuses (a second 'seed-b') changes the index's names from what the
    parse read: the checks read the texts themselves, and find the same."""
    text = (odd / "glossary" / "_sources.yaml").read_text()
    (odd / "glossary" / "_sources.yaml").write_text(text + "  - id: seed-b\n    title: Gartner\n")
    assert_same(odd)
    (odd / "glossary" / "_sources.yaml").write_text(text.replace("title: Source B", "title: 12"))  # refused
    assert_same(odd)
    (odd / "glossary" / "_sources.yaml").write_text("sources: [")  # does not parse
    assert_same(odd)
    (odd / "glossary" / "_sources.yaml").unlink()
    assert_same(odd)


def test_a_name_with_no_ascii_letters_rules_out_no_text(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "base", root)
    (root / "glossary" / "_sources.yaml").write_text(SOURCES.replace('"Лид Report"', '"Лид"'))
    (root / "glossary" / "odd-1.yaml").write_text(_term(1, "Как пишет Лид, это так."))
    (root / "glossary" / "odd-2.yaml").write_text(_term(2, "Plain ascii names Лид."))
    problems = assert_same(root)
    assert sum("named-source-not-cited" in line for line in problems) == 2


def test_the_hook_makes_facts_only_for_single_record_files() -> None:
    scan = prescan_for(FIXTURES / "base")
    assert scan("term", {"id": "x", "definition": "Both sources agree."}, "") is not None
    assert scan("playbook", {"id": "x", "goal": "g"}, "") is not None
    assert scan("tactics", {"tactics": []}, "") is None
    assert scan("sources", {"sources": []}, "") is None


#: Pieces random definitions are made of: everything the facts look for, and what is near it.
_PIECES = st.sampled_from(
    [
        "both sources",
        "Both\nsources",
        "sources agree",
        "source",
        "Forrester",
        "forrester's",
        "SiriusDecisions",
        "Demand Waterfall…",
        "Demand Waterfall...",
        "Лид Report",
        "[[lead]]",
        "[[nope]]",
        "[[",
        "]]",
        "[",
        "]",
        "](",
        ")",
        "[a](b)",
        "[a](/b)",
        "[a](javascript:x)",
        "\n[r]: ./x\n",
        "&#58;",
        "TODO - define the term",
        "`",
        "``",
        "*",
        "\n",
        "\n\n",
        "> ",
        "- ",
        "    ",
        "“",
        "—",
        "é",
        " ",
        "word",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_PIECES, max_size=30).map("".join), min_size=1, max_size=3))
def test_random_texts_give_the_same_problems(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    root = tmp_path_factory.mktemp("random")
    shutil.copytree(FIXTURES / "base", root, dirs_exist_ok=True)
    (root / "glossary" / "_sources.yaml").write_text(SOURCES)
    for number, text in enumerate(texts):
        definition = text.strip("\n") or "x"
        (root / "glossary" / f"odd-{number}.yaml").write_text(_term(number, definition))
    assert_same(root)


def test_references_names_quotes_and_reviews_give_the_same_problems(tmp_path: Path) -> None:
    """What the parse works out besides the prose (references, name keys, quoted citations) gives
    what reading each record gives: references to no term, to the term itself (allowed in metrics
    and formulas), terms only the term itself refers to, names two terms claim, quotes, reviews."""
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "base", root)
    glossary = root / "glossary"
    (glossary / "_sources.yaml").write_text(SOURCES)
    base = _term(1, "Fine.")
    variants = {
        "self": "related: [lead, odd-1]",
        "ghost": "related: [lead, ghost-term]\ncontrasts_with: [odd-1]",
        "broader": "related: [lead]\nbroader: nowhere\nstage_after: odd-2\nsuperseded_by: lead",
        # the term itself in its metrics: allowed, and no other term refers to it (an orphan)
        "metric": "related: [lead]\nexamples:\n  - title: E\n    text: T\n    metrics:\n"
        "      - {stage: A, count: 2, term: odd-4}\n      - {stage: B, count: 1, term: no-term}\n"
        "      - {stage: C, count: 1}",
        "formula": "related: [lead]\nformula:\n  expression: a / b\n  inputs: {a: odd-5, b: missing-one}",
        "category": "related: [lead]",
    }
    for number, (name, related) in enumerate(variants.items(), start=1):
        text = base.replace("id: odd-1", f"id: odd-{number}").replace("term: Odd 1", f"term: Odd {name}")
        text = text.replace("category: leads", "category: no-category") if name == "category" else text
        (glossary / f"odd-{number}.yaml").write_text(text.replace("related: [lead]", related, 1))
    # unknown and quoted sources, a perspective's quote, stale and future reviews, a deprecated term
    (glossary / "odd-7.yaml").write_text(
        _term(7, "Fine.", sources="seed-a,ghost-source").replace("2026-01-10", "2020-01-01")
        + "perspectives:\n  - source: seed-b\n    definition: Theirs.\n    quote: not in any copy\n"
    )
    (glossary / "odd-8.yaml").write_text(
        _term(8, "Fine.")
        .replace("  - source: seed-a", "  - source: seed-a\n    quote: words nobody wrote")
        .replace("2026-01-10", "2030-01-01")
    )
    (glossary / "odd-9.yaml").write_text(_term(9, "Fine.") + "status: deprecated\nsuperseded_by: odd-8\n")
    # names: an abbreviation another term's slug claims, a name whose slug is empty, an id-like alias
    (glossary / "odd-10.yaml").write_text(_term(10, "Fine.") + "abbreviation: Odd 9\naliases: ['!!!', 'odd 10']\n")
    (root / "playbooks" / "odd-play.yaml").write_text(
        "id: odd-play\ntitle: Odd play\ngoal: Go.\nsteps:\n  - title: Step\n    text: Do.\n"
        "terms: [odd-3, no-such]\nfunnel:\n  - {stage: S, count: 1, term: odd-6}\n"
        "sources:\n  - source: seed-a\n    quote: a quote\n"
    )
    problems = assert_same(root)
    codes = {line.split("[", 1)[1].split("]", 1)[0] for line in problems}
    expected = {"unknown-reference", "self-reference", "orphan-term", "duplicate-name", "quote-unverified"}
    assert expected <= codes, expected - codes
    # the same without the clash of names: the keys the parse worked out are claimed as they are
    (glossary / "odd-10.yaml").write_text(_term(10, "Fine.") + "abbreviation: O10\naliases: ['!!!', 'odd 10']\n")
    assert not any("duplicate-name" in line for line in assert_same(root))
