"""The repository's own content: valid with zero problems, and as complete as promised."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator import Glossary
from generator.model import Classification

from .conftest import REPO, check

#: A fixed date shortly after the content was last reviewed; never the real clock.
CONTENT_DATE = dt.date(2026, 12, 1)

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    result = check(REPO, today=CONTENT_DATE)
    assert result.problems == (), "\n".join(p.as_text() for p in result.problems)
    return result.require(strict=True)


def test_repository_content_passes_strict_check(glossary: Glossary) -> None:
    assert len(glossary.terms) >= 35


REQUIRED_TERMS = {
    "lead",
    "prospect",
    "marketing-qualified-lead",
    "sales-qualified-lead",
    "qualified-lead",
    "unqualified-lead",
    "hot-lead",
    "warm-lead",
    "cold-lead",
    "good-lead",
    "bad-lead",
    "dead-lead",
    "marketing-lead",
    "service-lead",
    "sales-lead",
    "demand-generation",
    "lead-generation",
    "brand-awareness",
    "cost-per-lead",
    "ideal-customer-profile",
    "lead-scoring",
    "lead-nurturing",
    "lead-qualification",
    "opportunity",
    "closed-won",
    "conversion-rate",
    "lead-to-opportunity-conversion",
    "gated-content",
    "ungated-content",
    "product-led-growth",
    "product-lead",
    "marketing-automation",
    "buyers-journey",
    "sales-funnel",
    "bottom-of-funnel",
    "inbound-marketing",
    "content-syndication",
    "sales-development-representative",
    "pay-per-click",
    "buyer-persona",
    "return-on-investment",
}


def test_every_required_term_exists(glossary: Glossary) -> None:
    assert REQUIRED_TERMS <= set(glossary.terms)
    assert {
        glossary.terms[t].abbreviation
        for t in ("marketing-qualified-lead", "sales-qualified-lead", "cost-per-lead", "ideal-customer-profile")
    } == {"MQL", "SQL", "CPL", "ICP"}
    assert glossary.terms["lead"].pronunciation == "LEED"


def test_funnel_runs_lead_mql_sql_opportunity_closed_won(glossary: Glossary) -> None:
    assert [t.id for t in glossary.funnel()] == [
        "lead",
        "marketing-qualified-lead",
        "sales-qualified-lead",
        "opportunity",
        "closed-won",
    ]


def test_every_item_cites_an_existing_seed(glossary: Glossary) -> None:
    seed_files = {p.name for p in SEEDS.glob("*.txt")} if SEEDS.is_dir() else None
    for source in glossary.sources.values():
        if seed_files is not None:
            assert source.file in seed_files, source.id
    for item in [*glossary.terms.values(), *glossary.tactics.values(), *glossary.playbooks.values()]:
        assert item.sources, f"{item!r} cites nothing"


def test_table_1_of_seed_000_is_reproduced_row_by_row(glossary: Glossary) -> None:
    table = glossary.tables["lead-vs-demand-generation-activities"]
    rows = [[cell.tactic.name + (cell.footnote.marker if cell.footnote else "") for cell in row] for row in table.rows]
    assert rows == [
        ["Developer community advertising", "Developer community advertising"],
        ["Developer contest", "Developer community survey"],
        ["Webinar or podcast", "Brand advertising campaigns"],
        ["Tradeshow or conference", "Website promotion"],
        ["Gated content", "Ungated content"],
        ["Product trial", "SEO and keyword optimization"],
        ["Product-specific advertising", "Cross-selling promotions"],
        ["Product training*", "Sales training*"],
    ]
    if SEEDS.is_dir():
        seed = (SEEDS / table.source.source.file).read_text()
        for row in rows:
            assert "".join(row) in seed.replace("\n", "")


def test_disagreements_between_sources_are_recorded(glossary: Glossary) -> None:
    tradeshow = glossary.tactics["tradeshow-or-conference"]
    assert tradeshow.classification is Classification.LEAD_GENERATION
    assert [(d.source.id, d.classification) for d in tradeshow.disputes] == [
        ("lead-vs-demand-gen", Classification.DEMAND_GENERATION)
    ]
    seo = glossary.tactics["seo-and-keyword-optimization"]
    assert seo.classification is Classification.DEMAND_GENERATION
    assert [(d.source.id, d.classification) for d in seo.disputes] == [
        ("demand-gen-and-lead-gen", Classification.LEAD_GENERATION)
    ]


def test_at_least_five_playbooks_from_the_seed_examples(glossary: Glossary) -> None:
    assert {
        "webinar-to-mql",
        "plg-signup-spike",
        "conference-booth",
        "persona-ebook-series",
        "agree-lead-definitions",
    } <= set(glossary.playbooks)
    webinar = glossary.playbooks["webinar-to-mql"]
    assert [s.count for s in webinar.funnel] == [150, 90, 15]


def test_seed_numbers_appear_where_they_belong(glossary: Glossary) -> None:
    quality = glossary.terms["lead-to-opportunity-conversion"]
    assert re.search(r"below 5%", quality.definition) and re.search(r"above 20%", quality.definition)
    assert "30%" in glossary.terms["lead"].definition and "1%" in glossary.terms["lead"].definition
    cpl = glossary.terms["cost-per-lead"].formula
    assert cpl.expression == "spend / leads" and dict(cpl.inputs)["leads"] is glossary.terms["lead"]


def test_definitions_are_not_copied_from_the_seeds(glossary: Glossary) -> None:
    """Own words: no run of 12 or more words of a definition appears verbatim in a seed."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    seeds = " ".join(re.sub(r"\s+", " ", p.read_text()).lower() for p in SEEDS.glob("*.txt"))
    texts = [(term.id, term.definition) for term in glossary.terms.values()]
    texts += [(tactic.id, tactic.rationale) for tactic in glossary.tactics.values()]
    for question in glossary.classifier.questions:
        texts += [(question.signal, question.help or "")] + [(a.value, a.reason) for a in question.answers]
    for owner, text in texts:
        words = re.sub(r"\s+", " ", text).lower().split(" ")
        for start in range(len(words) - 11):
            run = " ".join(words[start : start + 12])
            assert run not in seeds, f"{owner}: '{run}' is copied from a seed"


@pytest.mark.parametrize("folder", ["glossary", "playbooks"])
def test_content_parses_the_same_with_the_pure_python_yaml_parser(folder: str) -> None:
    """libyaml accepts a few things the YAML spec (and PyYAML's own parser) refuse, such as a
    plain scalar ending in '?' inside {flow}: other tools reading these files must not choke."""
    import yaml

    for path in sorted((REPO / folder).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader), path.name


def test_the_classifier_cites_sources_and_rests_on_terms_for_every_question(glossary: Glossary) -> None:
    questions = glossary.classifier.questions
    assert {q.signal for q in questions} == {
        "content_access", "goal", "budget_owner", "focus", "funnel_stage", "horizon"
    }  # fmt: skip
    for question in questions:
        assert question.sources and question.terms, question.signal
        assert all(a.reason for a in question.answers)
