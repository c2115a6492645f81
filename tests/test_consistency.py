"""Rules that match the data (generator/checks/consistency.py), on the base fixture project."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.source_mentions import (
    CLAIM,
    CLAIM_PHRASES,
    _claim_anchors,
    anchor_of,
    names_anchors,
    names_pattern,
    texts_that_may_contain,
    texts_that_may_contain_each,
)

from .conftest import check

CONTRADICTING = """tactics:
  - id: webinar
    name: Webinar
    signals: {content_access: ungated, horizon: long_term_program}
    classification: lead_generation
    rationale: Registration captures contacts.
    sources:
      - source: seed-a
  - id: seo
    name: SEO
    classification: demand_generation
    rationale: Search builds awareness.
    sources:
      - source: seed-a
"""


def codes(root: Path, code: str) -> list:
    return [p for p in check(root).problems if p.code == code]


def test_a_classification_its_signals_contradict_is_an_error(project: Path) -> None:
    (project / "playbooks/tactics.yaml").write_text(CONTRADICTING)
    [problem] = codes(project, "classification-contradicts-signals")
    assert (problem.path, problem.line, problem.severity.value) == ("playbooks/tactics.yaml", 5, "error")
    assert "signals give demand_generation (score -4: content_access=ungated -2" in problem.message
    assert "overrides" in problem.hint


def test_a_dispute_with_what_the_signals_give_explains_it(project: Path) -> None:
    disputed = "    disputed:\n      - {source: seed-b, classification: demand_generation, note: B says demand.}\n"
    (project / "playbooks/tactics.yaml").write_text(CONTRADICTING.replace("  - id: seo", disputed + "  - id: seo"))
    assert not codes(project, "classification-contradicts-signals")


def test_a_dispute_with_another_classification_does_not(project: Path) -> None:
    disputed = "    disputed:\n      - {source: seed-b, classification: both, note: B says both.}\n"
    (project / "playbooks/tactics.yaml").write_text(CONTRADICTING.replace("  - id: seo", disputed + "  - id: seo"))
    assert codes(project, "classification-contradicts-signals")


def test_overrides_explain_it_and_reach_the_model(project: Path) -> None:
    overrides = (
        "    overrides:\n      reason: A counts registrations.\n"
        "      sources:\n        - {source: seed-a, locator: p. 2}\n"
    )
    (project / "playbooks/tactics.yaml").write_text(CONTRADICTING.replace("  - id: seo", overrides + "  - id: seo"))
    result = check(project)
    assert not [p for p in result.problems if p.code == "classification-contradicts-signals"]
    override = result.glossary.tactics["webinar"].overrides
    assert override.reason == "A counts registrations."
    assert [(c.source.id, c.locator) for c in override.sources] == [("seed-a", "p. 2")]


def test_without_a_classifier_signals_are_not_judged(project: Path) -> None:
    (project / "playbooks/tactics.yaml").write_text(CONTRADICTING)
    (project / "playbooks/classifier.yaml").unlink()
    assert not codes(project, "classification-contradicts-signals")


def test_a_classifier_with_schema_errors_judges_nothing(project: Path) -> None:
    (project / "playbooks/tactics.yaml").write_text(CONTRADICTING)
    path = project / "playbooks/classifier.yaml"
    path.write_text(path.read_text().replace("weight: 2", "weight: heavy", 1))
    result = check(project)
    assert [p for p in result.problems if p.code == "wrong-type"]
    assert not [p for p in result.problems if p.code == "classification-contradicts-signals"]


def without_uncontested(project: Path) -> Path:
    path = project / "playbooks/classifier.yaml"
    path.write_text("".join(line for line in path.read_text().splitlines(True) if "uncontested:" not in line))
    return path


def test_a_rule_on_one_source_is_a_warning_until_uncontested_or_disputed(project: Path) -> None:
    path = without_uncontested(project)
    warnings = codes(project, "single-source-rule")
    assert [(p.line, p.severity.value) for p in warnings] == [(8, "warning"), (27, "warning")]
    assert "rests on one source (seed-a)" in warnings[0].message
    text = path.read_text()
    text = text.replace(
        "      - source: seed-a\n    answers:", "      - source: seed-a\n    uncontested: B is silent.\n    answers:"
    )
    text = text.replace(
        "      - source: seed-b\n    answers:",
        "      - source: seed-b\n    disputed:\n      - {source: seed-a, note: A sees it otherwise.}\n    answers:",
    )
    path.write_text(text)
    result = check(project)
    assert not [p for p in result.problems if p.code in ("single-source-rule", "not-a-dispute")]
    question = result.glossary.classifier.questions[1]
    assert [(d.source.id, d.note) for d in question.disputes] == [("seed-a", "A sees it otherwise.")]
    assert result.glossary.classifier.questions[0].uncontested == "B is silent."


def test_a_rule_on_two_sources_is_not_warned(project: Path) -> None:
    path = without_uncontested(project)
    path.write_text(
        path.read_text().replace("      - source: seed-a\n", "      - source: seed-a\n      - source: seed-b\n")
    )
    assert [p.line for p in codes(project, "single-source-rule")] == [28]


def test_a_rule_dispute_names_a_real_source(project: Path) -> None:
    path = project / "playbooks/classifier.yaml"
    path.write_text(
        path.read_text().replace(
            "    uncontested: Source B does not discuss forms.\n", "    disputed:\n      - {source: seed-q, note: x}\n"
        )
    )
    [problem] = codes(project, "unknown-reference")
    assert "source 'seed-q'" in problem.message


@pytest.mark.parametrize("phrase", CLAIM_PHRASES)
def test_every_claim_phrase_is_found_in_any_case(phrase: str) -> None:
    assert CLAIM.search(f"As {phrase.upper()} say, it is so.")


@pytest.mark.parametrize("text", ["Our sourcestack agrees.", "A rebothsources note.", "Two sourced ideas."])
def test_claim_phrases_are_whole_words(text: str) -> None:
    assert not CLAIM.search(text)


def write_claim(project: Path, sources: str, source_registry_extra: str = "") -> None:
    term = project / "glossary/sales-qualified-lead.yaml"
    text = term.read_text().replace(
        "definition: A lead sales takes on.", "definition: All the sources say sales takes it on."
    )
    term.write_text(text.replace("sources:\n  - source: seed-b\n", sources))
    registry = project / "glossary/_sources.yaml"
    registry.write_text(registry.read_text() + source_registry_extra)


def test_a_claim_of_several_sources_with_one_cited_is_a_warning(project: Path) -> None:
    write_claim(project, "sources:\n  - source: seed-b\n")
    [problem] = codes(project, "claim-needs-sources")
    assert problem.path == "glossary/sales-qualified-lead.yaml"
    assert "says several sources back it but cites only 1" in problem.message


def test_a_claim_with_two_sources_cited_is_silent(project: Path) -> None:
    write_claim(project, "sources:\n  - source: seed-b\n  - source: seed-a\n")
    assert not codes(project, "claim-needs-sources")


def test_an_editorial_source_does_not_count(project: Path) -> None:
    extra = "  - id: team\n    title: Team decision\n    editorial: true\n"
    write_claim(project, "sources:\n  - source: seed-b\n  - source: team\n", extra)
    [problem] = codes(project, "claim-needs-sources")
    assert "cites only 1" in problem.message


def test_a_claim_in_a_tactic_rationale(project: Path) -> None:
    path = project / "playbooks/tactics.yaml"
    path.write_text(
        path.read_text().replace(
            "rationale: Registration captures contacts.", "rationale: Most sources call it lead gen."
        )
    )
    [problem] = codes(project, "claim-needs-sources")
    assert (problem.path, problem.line) == ("playbooks/tactics.yaml", 6)
    assert "cites only 1" in problem.message


def test_a_claim_inside_a_block_is_reported_at_its_own_line_and_column(project: Path) -> None:
    term = project / "glossary/sales-qualified-lead.yaml"
    block = "definition: |\n  A lead sales takes on.\n  It is accepted,\n  and both  articles agree on it.\n"
    term.write_text(term.read_text().replace("definition: A lead sales takes on.\n", block))
    [problem] = codes(project, "claim-needs-sources")
    lines = term.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "both  articles" in text)
    assert (problem.line, problem.column) == (line, lines[line - 1].index("both") + 1)
    assert "'both articles'" in problem.message


def test_a_claim_inside_a_folded_block_is_reported_at_its_line(project: Path) -> None:
    term = project / "glossary/sales-qualified-lead.yaml"
    block = "definition: >-\n  A lead sales takes on.\n  It is accepted, as\n  the sources concur.\n"
    term.write_text(term.read_text().replace("definition: A lead sales takes on.\n", block))
    [problem] = codes(project, "claim-needs-sources")
    lines = term.read_text().splitlines()
    assert lines[problem.line - 1][problem.column - 1 :].startswith("the sources concur")


EDITORIAL = "  - id: team\n    title: Team decisions\n    editorial: true\n"


def with_team(project: Path) -> None:
    registry = project / "glossary/_sources.yaml"
    registry.write_text(registry.read_text() + EDITORIAL)


def test_a_dispute_by_an_editorial_source_is_an_error(project: Path) -> None:
    with_team(project)
    path = project / "playbooks/tactics.yaml"
    path.write_text(
        path.read_text().replace(
            "      - source: seed-b\n        classification", "      - source: team\n        classification"
        )
    )
    [problem] = codes(project, "editorial-dispute")
    assert problem.is_error and problem.line == 17
    assert "the team's own view is the glossary's position, not a dispute" in problem.message


def test_a_rule_disputed_by_an_editorial_source_is_an_error_and_still_rests_on_one_source(project: Path) -> None:
    with_team(project)
    path = project / "playbooks/classifier.yaml"
    path.write_text(
        path.read_text().replace(
            "    uncontested: Source B does not discuss forms.\n",
            "    disputed:\n      - {source: team, note: We differ.}\n",
        )
    )
    found = [(p.code, p.line) for p in check(project).problems if p.code in ("editorial-dispute", "single-source-rule")]
    assert sorted(found) == [("editorial-dispute", 11), ("single-source-rule", 8)]


def test_an_editorial_second_source_does_not_make_a_rule_two_sourced(project: Path) -> None:
    with_team(project)
    path = without_uncontested(project)
    path.write_text(
        path.read_text().replace("      - source: seed-a\n", "      - source: seed-a\n      - source: team\n", 1)
    )
    warnings = codes(project, "single-source-rule")
    assert [p.line for p in warnings] == [8, 28]
    assert "rests on one source (seed-a)" in warnings[0].message


def override(*sources: str) -> str:
    cited = "".join(f"        - source: {s}\n" for s in sources)
    return f"    overrides:\n      reason: We keep it.\n      sources:\n{cited}"


def test_an_override_resting_only_on_editorial_sources_is_an_error(project: Path) -> None:
    with_team(project)
    path = project / "playbooks/tactics.yaml"
    path.write_text(CONTRADICTING.replace("  - id: seo", override("team") + "  - id: seo"))
    [problem] = codes(project, "editorial-override")
    assert (problem.is_error, problem.line) == (True, 11)
    assert "an override needs a source that says so" in problem.message
    path.write_text(CONTRADICTING.replace("  - id: seo", override("team", "seed-b") + "  - id: seo"))
    assert not codes(project, "editorial-override")


def test_editorial_sources_are_fine_where_they_do_not_dispute(project: Path) -> None:
    with_team(project)
    path = project / "playbooks/tactics.yaml"
    path.write_text(path.read_text().replace("      - source: seed-a\n    terms", "      - source: team\n    terms"))
    assert not [p for p in check(project).problems if p.code.startswith("editorial-")]


# --- a text naming a source cites it ------------------------------------------------------------


def name_in_lead(
    project: Path, definition: str, registry_extra: str = "", sources: str = "  - source: seed-a\n"
) -> Path:
    term = project / "glossary/lead.yaml"
    text = term.read_text().replace(
        "definition: A person who showed interest. See [[marketing-qualified-lead]].\n", definition
    )
    term.write_text(text.replace("sources:\n  - source: seed-a\n", "sources:\n" + sources))
    registry = project / "glossary/_sources.yaml"
    registry.write_text(registry.read_text().replace("    title: Source B\n", "    title: Source B\n" + registry_extra))
    return term


def test_a_text_naming_a_source_it_does_not_cite_is_a_warning_at_the_name(project: Path) -> None:
    term = name_in_lead(project, "definition: |\n  A person who showed interest;\n  the source b article agrees.\n")
    [problem] = codes(project, "named-source-not-cited")
    assert (problem.severity.value, problem.line, problem.column) == ("warning", 7, 7)
    assert "'definition' names source 'seed-b' (\"source b\")" in problem.message
    assert problem.hint == "cite it ({source: seed-b, locator: ...}) or drop the name"
    name_in_lead(project, "", sources="  - source: seed-a\n  - {source: seed-b, locator: p. 1}\n")
    assert "source b" in term.read_text()
    assert not codes(project, "named-source-not-cited")


def test_a_source_is_named_by_its_publisher_or_names_with_quotes_and_dashes_forgiven(project: Path) -> None:
    extra = '    publisher: Acme Media\n    names: ["the B–side report", "It\'s B"]\n'
    definition = "definition: As ACME  MEDIA put it, and the B-side report, and “It’s B” too.\n"
    name_in_lead(project, definition, extra)
    [problem] = codes(project, "named-source-not-cited")  # once per source and field
    assert '("ACME MEDIA")' in problem.message and problem.column == 16


@pytest.mark.parametrize("text", ["Source Bravo says so.", "XSource B says so.", "Source B2 says so."])
def test_a_name_is_matched_as_whole_words(project: Path, text: str) -> None:
    name_in_lead(project, f"definition: {text}\n")
    assert not codes(project, "named-source-not-cited")


def test_a_tactic_citing_a_source_under_disputed_may_name_it(project: Path) -> None:
    path = project / "playbooks/tactics.yaml"
    path.write_text(path.read_text().replace("note: B calls it lead gen.", "note: Source B calls it lead gen."))
    assert not codes(project, "named-source-not-cited")
    path.write_text(
        path.read_text().replace(
            "rationale: Search builds awareness.", "rationale: Source B aside, search builds awareness."
        )
    )
    assert not codes(project, "named-source-not-cited")
    path.write_text(
        path.read_text().replace("rationale: Registration captures contacts.", "rationale: Source B disagrees.")
    )
    [problem] = codes(project, "named-source-not-cited")
    assert (problem.line, problem.column) == (6, 16)


def test_uncontested_may_name_the_silent_sources(project: Path) -> None:
    assert "Source B does not discuss forms" in (project / "playbooks/classifier.yaml").read_text()
    assert not codes(project, "named-source-not-cited")


def test_the_names_pattern_prefers_the_longest_name() -> None:
    pattern = names_pattern(["in the lead...", "in the lead", "lead"])
    assert pattern is not None
    assert pattern.search("See In the Lead… now").group() == "In the Lead…"
    assert pattern.search("See in  the lead now").group() == "in  the lead"
    assert not pattern.search("leads and leader")
    assert names_pattern([]) is None


ANSWER_DISPUTE = """        reason: A form captures contacts.
        disputed:
          - {source: %s, note: Sees forms as awareness work.}
"""


def _dispute_the_gated_answer(project: Path, source: str) -> None:
    path = project / "playbooks/classifier.yaml"
    text = path.read_text()
    path.write_text(text.replace("        reason: A form captures contacts.\n", ANSWER_DISPUTE % source, 1))


def test_an_answer_may_be_disputed_by_a_source_of_its_own_question(project: Path) -> None:
    """A source can back a rule's other answers and see one answer differently: no not-a-dispute."""
    _dispute_the_gated_answer(project, "seed-a")
    assert [p for p in check(project).problems] == []


def test_an_answer_dispute_names_a_real_source(project: Path) -> None:
    _dispute_the_gated_answer(project, "seed-z")
    [problem] = codes(project, "unknown-reference")
    assert problem.line == 19 and "seed-z" in problem.message


def test_an_answer_disputed_by_an_editorial_source_is_an_error(project: Path) -> None:
    with_team(project)
    _dispute_the_gated_answer(project, "team")
    [problem] = codes(project, "editorial-dispute")
    assert problem.line == 19


# --- the one-pass prefilter: it may let through texts that do not match, never drop one that does ---

_PREFILTER_NAMES = ["forrester research", "the b2b institute", "ınbound weekly", "лид журнал", "a...z report"]
_PREFILTER_TEXT = st.lists(
    st.sampled_from(
        [
            "Forrester  Research",
            "THE B2B\nINSTITUTE",
            "Inbound Weekly",
            "INBOUND weekly",
            "Лид Журнал",
            "A…Z report",
            "a...z REPORT",
            "sources agree",
            "Both\tSOURCES",
            "ſources agree",
            "every ſource",
            "x",
            " ",
            "\n",
            "é",
            "source",
            "research",
        ]
    ),
    max_size=8,
).map("".join)


@given(texts=st.lists(_PREFILTER_TEXT, max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_prefilter_keeps_every_text_a_name_or_claim_matches(texts: list[str]) -> None:
    names = names_pattern(_PREFILTER_NAMES)
    assert names is not None
    by_names = texts_that_may_contain(texts, names_anchors(_PREFILTER_NAMES))
    by_claims = texts_that_may_contain(texts, _claim_anchors())
    for number, text in enumerate(texts):
        if names.search(text):
            assert number in by_names, text
        if CLAIM.search(text):
            assert number in by_claims, text


def test_the_prefilter_skips_ascii_texts_without_an_anchor_and_keeps_other_scripts() -> None:
    texts = ["Nothing here.", "Forrester says so", "Лид", "both sources agree"]
    assert texts_that_may_contain(texts, ("forrester",)) == {1, 2}
    assert texts_that_may_contain(texts, _claim_anchors()) == {2, 3}
    assert texts_that_may_contain(texts, None) == {0, 1, 2, 3}  # a name without ASCII letters rules out nothing
    assert anchor_of("Лид") is None and anchor_of("The B2B Institute") == "institute"
    # one scan for several checks: an anchor two groups share counts for both
    groups = [("sources", "seeds"), ("sources",), None]
    texts = ["our SOURCES", "two seeds", "nothing", "Лид"]
    assert texts_that_may_contain_each(texts, groups) == [{0, 1, 3}, {0, 3}, {0, 1, 2, 3}]
