"""The printable glossary (/print/) as Chromium prints it: every approved term, no navigation."""

from __future__ import annotations

import re

import pytest

from generator.model.glossary import Status

from .conftest import ARTIFACTS, FIXTURES, check

playwright = pytest.importorskip("playwright.sync_api")


def approved_names() -> list[str]:
    glossary = check(FIXTURES / "site").glossary
    return sorted(t.term for t in glossary.terms.values() if t.status is Status.APPROVED)


def test_the_a_z_page_links_to_the_printable_glossary(page, site_url: str) -> None:
    page.goto(f"{site_url}/glossary/")
    page.get_by_role("link", name="Print the glossary").click()
    page.wait_for_url(f"{site_url}/print/")


def test_printed_glossary_has_every_approved_term_and_no_navigation(page, site_url: str) -> None:
    page.goto(f"{site_url}/print/")
    page.emulate_media(media="print")
    names = approved_names()
    terms = page.locator("section.glossary-print-term")
    assert terms.locator("h3 a").all_inner_texts() == names  # A-Z, approved only
    assert "Old lead score" not in page.locator("article").inner_text()  # deprecated
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    assert terms.first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    lead = page.locator("section#lead")
    assert "See also:" in lead.inner_text() and lead.locator(".glossary-print-summary").count() == 1
    pdf = page.pdf(format="A4")  # what "Save as PDF" makes; left in test-artifacts/ to look at
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "printable-glossary.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 1


def test_printed_glossary_on_screen_is_an_ordinary_page(page, site_url: str) -> None:
    page.goto(f"{site_url}/print/")
    assert page.locator(".md-header").is_visible()
