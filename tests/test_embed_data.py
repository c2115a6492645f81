"""embed.js's data in shards (issue 32): each name in one small file, found by the same hash as the
script's; the names files for "did you mean"; `glossary link --check` on a training page; no oEmbed
link (and so no request) to the shipped example address."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.site import embed_data
from generator.site.embed_data import (
    MAX_SHARD_BYTES,
    SHARD_FOLDER,
    embed_names,
    embed_script_pages,
    shard_of,
    unknown_terms,
)

from .conftest import FIXTURES, check, glossary_in, site_project


@pytest.fixture(scope="module")
def glossary():
    return check(FIXTURES / "site").require()


def jsonp(text: str, callback: str) -> dict:
    """The document a shard or names script hands to ``callback``."""
    match = re.fullmatch(rf"window\.{callback} && window\.{callback}\((.*)\);\n", text, re.S)
    assert match, text[:120]
    return json.loads(match.group(1))


def test_shard_of_is_fnv_1a_as_the_script_computes_it() -> None:
    """Published FNV-1a 32-bit values: embed.js's Math.imul twin computes the same."""
    assert shard_of("a", 2**32) == 0xE40C292C
    assert shard_of("foobar", 2**32) == 0xBF9CF968
    assert shard_of("", 2**32) == 0x811C9DC5


def test_names_resolve_as_the_script_did_names_before_forms(glossary) -> None:
    names = embed_names(glossary)
    assert names["mql"].id == names["m-q-l"].id == names["marketing-qualified-leads"].id == "marketing-qualified-lead"
    assert names["sqls"].id == "sales-qualified-lead"
    assert names["scoring-model"].id == "lead-scoring"  # an alias
    assert all(slug == slug.lower() and slug[0].isalnum() for slug in names)


def test_every_name_is_in_its_shard_with_its_card(glossary, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a small limit the fixture needs several shards; each holds exactly its names, each with
    its term's card, and stays within the limit."""
    monkeypatch.setattr(embed_data, "MAX_SHARD_BYTES", 1500)
    pages = {page.path: page.content for page in embed_script_pages(glossary)}
    shards = int(re.search(r"var SHARDS = (\d+);", pages["embed.js"]).group(1))
    assert shards > 4
    names = embed_names(glossary)
    seen = set()
    for number in range(shards):
        text = pages[f"{SHARD_FOLDER}/{number}.js"]
        document = jsonp(text, "gtmGlossaryEmbedShard")
        assert (document["format"], document["shard"], document["shards"]) == (
            "gtm-glossary/embed-shard",
            number,
            shards,
        )
        for slug, index in document["names"].items():
            assert shard_of(slug, shards) == number
            card = document["cards"][index]
            assert card["id"] == names[slug].id and card["path"] == f"glossary/{card['id']}/"
            assert card["summary"] == names[slug].summary
        seen |= set(document["names"])
        largest_card = (
            max(len(json.dumps(c, separators=(",", ":"))) for c in document["cards"]) if document["cards"] else 0
        )
        assert len(text.encode()) <= max(1500, largest_card + 400)
    assert seen == set(names)


def test_one_shard_while_the_glossary_is_small(glossary) -> None:
    pages = {page.path: page.content for page in embed_script_pages(glossary)}
    assert "var SHARDS = 1;" in pages["embed.js"]
    assert len(pages[f"{SHARD_FOLDER}/0.js"].encode()) <= MAX_SHARD_BYTES


def test_names_files_hold_every_name_by_its_first_character(glossary) -> None:
    pages = {page.path: page.content for page in embed_script_pages(glossary)}
    names = embed_names(glossary)
    listed: dict[str, str] = {}
    for first in "abcdefghijklmnopqrstuvwxyz0123456789":  # every one written: the script never asks for a missing file
        document = jsonp(pages[f"{SHARD_FOLDER}/names-{first}.js"], "gtmGlossaryEmbedNames")
        assert document["first"] == first
        for term_id, name, *slugs in document["terms"]:
            assert glossary.terms[term_id].term == name
            for slug in slugs:
                assert slug.startswith(first)
                listed[slug] = term_id
    assert listed == {slug: term.id for slug, term in names.items()}


LESSON = """<!doctype html>
<p>A <a href="https://g.example/gtm/glossary/lead/">lead</a>, an <a href="https://g.example/gtm/glossary/mqll/">MQL</a>
and <a href="https://elsewhere.example/glossary/nothing/">elsewhere</a>.
<span data-glossary="SQL">x</span> <span data-glossary="lead scorng">y</span>
<span data-glossary="MQLs">z</span> <span data-glossary="zzzzzz">w</span></p>
<script src="https://g.example/gtm/embed.js" defer></script>
"""


def test_unknown_terms_of_a_page_with_the_closest_name(glossary) -> None:
    unknown = [(m.line, m.column, m.kind, m.value, match) for m, match in unknown_terms(LESSON, glossary, None)]
    assert [(line, column, kind, value) for line, column, kind, value, _ in unknown] == [
        (2, 66, "link", "https://g.example/gtm/glossary/mqll/"),
        (4, 36, "data-glossary", "lead scorng"),
        (5, 37, "data-glossary", "zzzzzz"),
    ]  # the link to another site is not the glossary's: embed.js leaves it alone too
    suggestions = [(match[0], match[1].id) if match else None for *_, match in unknown]
    assert suggestions == [("mql", "marketing-qualified-lead"), ("lead-scoring", "lead-scoring"), None]


def test_without_embed_js_links_are_read_against_site_url(glossary) -> None:
    page = '<a href="https://wiki.example.org/glossary/leed/">lead</a> <a href="https://wiki.example.org/glossary/">A-Z</a>'
    assert [m.slug for m, _ in unknown_terms(page, glossary, "https://wiki.example.org/")] == ["leed"]
    assert unknown_terms(page, glossary, None) == []
    [(bare, match)] = unknown_terms("<p><span data-glossary>x</span></p>", glossary, None)
    assert (bare.value, bare.slug, match) == ("", "", None)


@pytest.fixture(scope="module")
def site_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_project(tmp_path_factory.mktemp("link-check"))


run = glossary_in


def test_link_check_lists_a_pages_unknown_terms_and_fails(site_fixture: Path, tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.html"
    lesson.write_text(LESSON, encoding="utf-8")
    result = run(site_fixture, "link", "--check", str(lesson))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f'{lesson}:2:66: unknown term in a link to https://g.example/gtm/glossary/mqll/; did you mean "mql" '
        "(Marketing qualified lead)?",
        f'{lesson}:4:36: unknown term in data-glossary="lead scorng"; did you mean "lead-scoring" (Lead scoring)?',
        f'{lesson}:5:37: unknown term in data-glossary="zzzzzz"',
    ]
    assert result.stderr.splitlines() == ["glossary: 3 unknown terms in 1 page"]


def test_link_check_passes_a_page_whose_terms_are_all_known(site_fixture: Path, tmp_path: Path) -> None:
    lesson = tmp_path / "lesson.html"
    lesson.write_text('<span data-glossary="MQL">m</span> <span data-glossary="leads">l</span>', encoding="utf-8")
    result = run(site_fixture, "link", "--check", str(lesson))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "glossary: every term in 1 page is known\n")


@pytest.mark.parametrize("args", [["MQL", "--check", "x.html"], []])
def test_link_takes_a_term_or_check_not_both_nor_neither(site_fixture: Path, args: list[str]) -> None:
    result = run(site_fixture, "link", *args)
    assert result.returncode == 2
    assert "give a TERM" in result.stderr


def test_no_oembed_link_to_the_example_address(tmp_path: Path) -> None:
    """Material fetches sitemap.xml beside every <link rel="alternate">: with the shipped example
    site_url that was https://glossary.example.com/oembed/sitemap.xml, a failed request on every term page."""
    from generator.checks.records import CheckOptions
    from generator.site.build import build_site

    project = site_project(tmp_path / "project", FIXTURES / "base")
    assert "site_url: https://glossary.example.com/" in (project / "mkdocs.yml").read_text()
    build_site(project, options=CheckOptions())
    site = project / "site"
    assert "glossary.example.com" in (site / "glossary" / "lead" / "index.html").read_text()  # the canonical link
    for page in site.rglob("*.html"):
        assert "application/json+oembed" not in page.read_text(encoding="utf-8"), page
    assert not (site / "oembed").exists()
