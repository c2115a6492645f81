"""The calculators' fields, starting numbers and number format (generator/site/calculator.py), and
how they reach the term page; the browser side is in tests/test_calculator_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import load_project
from generator.core.config import ProjectConfig
from generator.site.calculator import (
    NumberFormat,
    calculator_inputs,
    formula_words,
    number_format,
    number_format_of,
    sentence_case,
    starting_source,
    starting_values,
)
from generator.site.render import render_site

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def glossary():
    return load_project(FIXTURES / "site").require()


def test_a_currency_formula_takes_money_over_a_count(glossary) -> None:
    fields = calculator_inputs(glossary.terms["cost-per-lead"])
    assert [(f.name, f.kind, f.label, f.divisor) for f in fields] == [
        ("spend", "currency", "Marketing spend", False),
        ("leads", "count", "Number of leads", True),
    ]
    assert (fields[1].one, fields[1].many) == ("lead", "leads")
    assert formula_words(glossary.terms["cost-per-lead"]) == "marketing spend ÷ number of leads"


def test_a_percent_formula_takes_counts_named_by_their_plural_forms(glossary) -> None:
    fields = calculator_inputs(glossary.terms["lead-to-opportunity-conversion"])
    assert [(f.kind, f.label) for f in fields] == [("count", "Number of opportunities"), ("count", "Number of leads")]


def test_the_explicit_example_comes_first(glossary) -> None:
    term = glossary.terms["cost-per-lead"]
    assert starting_values(term) == {"spend": 5000, "leads": 100}
    assert starting_source(term) == ""


def test_an_example_whose_metrics_count_every_input_fills_the_calculator(glossary) -> None:
    term = glossary.terms["lead-to-opportunity-conversion"]
    assert starting_values(term) == {"opportunities": 6, "leads": 40}
    assert starting_source(term) == "A webinar's leads"


def test_without_numbers_the_calculator_starts_empty(glossary) -> None:
    term = glossary.terms["lead"]  # no formula at all
    assert starting_values(term) == {} and starting_source(term) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Cost per lead", "cost per lead"), ("MQL rate", "MQL rate"), ("ROI", "ROI"), ("Lead", "lead")],
)
def test_names_inside_a_sentence_keep_their_acronyms(name: str, expected: str) -> None:
    assert sentence_case(name) == expected


def test_the_term_page_carries_labels_numbers_and_the_number_format(glossary) -> None:
    pages = render_site(glossary, numbers=NumberFormat("de-DE", "EUR"))
    page = next(p.content for p in pages if p.path == "glossary/cost-per-lead.md")
    form = page[page.index("<form") : page.index("</form>")]
    assert 'data-locale="de-DE" data-currency="EUR"' in form
    assert '<label for="calc-cost-per-lead-spend">Marketing spend</label>' in form
    assert 'min="0"' in form and 'value="5000"' in form and 'value="100"' in form
    assert 'aria-describedby="calc-cost-per-lead-leads-message"' in form
    assert 'id="calc-cost-per-lead-leads-message"' in form
    assert "(<code>" not in form  # no "(leads)" variable names in the labels
    assert "Cost per lead = marketing spend ÷ number of leads" in form


@pytest.mark.parametrize(
    ("locale", "currency", "message"),
    [("en", "dollars", "three-letter"), ("en", "US$", "three-letter"), ('en"><script>', "USD", "language tag")],
)
def test_a_malformed_option_is_refused(locale: str, currency: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        number_format(locale, currency)


def read_number_format(project: Path) -> NumberFormat:
    return number_format_of(ProjectConfig.read(project))


def test_the_number_format_is_read_from_mkdocs_yml_without_mkdocs(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "theme: {name: material, language: fr}\n"
        "plugins:\n  - search\n  - glossary:\n      currency: eur\n"
        "extra: {analytics: !ENV [ANALYTICS, none]}\n",
        encoding="utf-8",
    )
    assert read_number_format(tmp_path) == NumberFormat("fr", "EUR")
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(re.sub("currency: eur", "locale: de_CH", config), encoding="utf-8")
    assert read_number_format(tmp_path) == NumberFormat("de-CH", "USD")
    assert read_number_format(tmp_path / "nowhere") == NumberFormat()
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  glossary: {currency: GBP}\n", encoding="utf-8")
    assert read_number_format(tmp_path) == NumberFormat("en", "GBP")
