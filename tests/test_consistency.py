"""Rules that match the data (generator/consistency.py), on the base fixture project."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.consistency import CLAIM, CLAIM_PHRASES

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
