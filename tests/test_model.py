"""The model rendering reads: immutable, and every reference is an object."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator import ContentError, load_project
from generator.model.glossary import Classification, Status, Term

from .conftest import check


def test_references_are_resolved_to_objects(project: Path) -> None:
    glossary = check(project).require()
    lead, mql, sql = (glossary.terms[i] for i in ("lead", "marketing-qualified-lead", "sales-qualified-lead"))
    assert lead.related == (mql,)
    assert mql.broader is lead and set(lead.narrower) == {mql, sql}
    assert mql.stage_after is lead and lead.next_stage is mql
    assert glossary.funnel() == (lead, mql, sql)
    assert mql.sources[0].source is glossary.sources["seed-a"]
    assert mql.category is glossary.categories["leads"]
    assert glossary.tactics["seo"].disputes[0].classification is Classification.LEAD_GENERATION
    table = glossary.tables["table-1"]
    assert table.rows[0][1].tactic is glossary.tactics["seo"] and table.rows[0][1].footnote.marker == "*"
    playbook = glossary.playbooks["webinar-play"]
    assert playbook.funnel[1].term is mql and playbook.tactics == (glossary.tactics["webinar"],)


def test_model_is_immutable(project: Path) -> None:
    glossary = check(project).require()
    term = glossary.terms["lead"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        term.summary = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        glossary.terms["new"] = term  # type: ignore[index]
    assert isinstance(term.related, tuple) and term.status is Status.APPROVED


def test_lookup_by_any_name_in_any_case(project: Path) -> None:
    glossary = check(project).require()
    mql = glossary.terms["marketing-qualified-lead"]
    for name in ("marketing-qualified-lead", "MQL", "mql", "Marketing Qualified Lead", "mql-old"):
        assert glossary.lookup(name) is mql
    assert glossary.lookup("nothing") is None


def test_errors_give_problems_and_no_model(project: Path) -> None:
    (project / "glossary" / "lead.yaml").write_text("id: lead\nterm: Lead\n")
    result = load_project(project)
    assert result.glossary is None and result.errors
    with pytest.raises(ContentError) as error:
        result.require()
    assert "glossary/lead.yaml:1:1: error[missing-field]" in str(error.value)


def test_term_repr_does_not_recurse_through_cycles(project: Path) -> None:
    glossary = check(project).require()
    assert repr(glossary.terms["lead"]) == "Term('lead')"
    assert isinstance(glossary.terms["lead"], Term)
