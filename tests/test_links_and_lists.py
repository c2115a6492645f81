"""Issue 18: [[links]] read as written (labels, names, ids in running-text case, link trails), in
pages, the data files' HTML and the Markdown export; term pages list each related thing once,
grouped by kind; spelling variants of a name are not listed yet still found; the sources page
groups what cites a source. Everything on tests/fixtures/site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest

from generator import load_project
from generator.checks.records import CheckOptions
from generator.core.text import WIKILINK
from generator.interop.export import glossary_markdown
from generator.model.glossary import Glossary, spelling_key
from generator.model.wikilinks import at_sentence_start, link_text, running_text_name
from generator.site.build import build_site
from generator.site.data_files import tactic_share_links
from generator.site.render import Renderer, citations_by_source
from generator.site.search_shards import name_key, read_index
from generator.site.tactic_views import adds_to, letters_of, tactic_sources

from .conftest import FIXTURES, site_project, unsafe_html

SITE = FIXTURES / "site"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_project(SITE).require()


@pytest.fixture(scope="module")
def renderer(glossary: Glossary) -> Renderer:
    return Renderer(glossary)


def shown(glossary: Glossary, text: str) -> list[str]:
    """The text each [[link]] of ``text`` shows."""
    return [link_text(glossary.lookup(m.group(1).strip()), m) for m in WIKILINK.finditer(text)]


def labels(html: str) -> list[str]:
    return re.findall(r"<a [^>]*>(.*?)</a>", html)


# --- the rule, as text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lead capture form", "lead capture form"),
        ("Lead", "lead"),
        ("Lead-to-opportunity conversion", "lead-to-opportunity conversion"),
        ("MQL", "MQL"),
        ("Ideal Customer Profile", "Ideal Customer Profile"),
        ("B2B marketing", "B2B marketing"),
        ("Cost per lead (CPL)", "Cost per lead (CPL)"),
        ("eBook", "eBook"),
        ("", ""),
    ],
)
def test_running_text_name_lowers_only_a_plain_first_capital(name: str, expected: str) -> None:
    assert running_text_name(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[x]] starts the field", True),
        ("One sentence. [[x]] starts the next", True),
        ("Really? [[x]]", True),
        ('He said "no." [[x]]', True),
        ("First paragraph\n\n[[x]] starts the second", True),
        ("A list:\n\n- [[x]] starts an item", True),
        ("> [[x]] starts a quote", True),
        ("1. [[x]] in a numbered list", True),
        ("a wrapped line ends here.\n[[x]] still a new sentence", True),
        ("Mid sentence [[x]]", False),
        ("a wrapped line\n[[x]] goes on", False),
        ("version 1.[[x]]", False),
        ("Costs: [[x]]", False),
    ],
)
def test_a_sentence_starts_at_a_paragraph_item_or_after_a_full_stop(text: str, expected: bool) -> None:
    assert at_sentence_start(text, text.index("[[")) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # [[id|label]]: the label exactly, whatever its case
        ("See [[lead-scoring|the Scoring sheet]] now", ["the Scoring sheet"]),
        # [[name]]: a name, abbreviation, alias or form as written
        ("an [[MQL]] and an [[mql]] and [[Marketing Qualified Lead]]", ["MQL", "mql", "Marketing Qualified Lead"]),
        (
            "two [[marketing qualified leads]] and the [[marketing-ready lead]]",
            ["marketing qualified leads", "marketing-ready lead"],
        ),
        # [[id]]: the display name in running-text case, capitalised where a sentence starts
        ("We capture a [[marketing-qualified-lead]] here", ["marketing qualified lead"]),
        ("[[prospect]] first. [[lead-to-opportunity-conversion]] next", ["Prospect", "Lead-to-opportunity conversion"]),
        ("a former id: [[points-model]]", ["lead scoring"]),
        # an unknown target shows what was written
        ("an [[unknown thing]]s", ["unknown things"]),
    ],
)
def test_link_text_follows_the_rules(glossary: Glossary, text: str, expected: list[str]) -> None:
    assert shown(glossary, text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "after"),
    [
        ("The [[MQL]]s of May", ["MQLs"], " of May"),
        ("Count the [[lead]]s", ["leads"], ""),
        ("[[lead]]s first", ["Leads"], " first"),
        ("The [[lead|the lead]]'s name", ["the lead"], "'s name"),
        ("A [[lead]], then", ["lead"], ", then"),
        ("A [[lead]]2 digits stay out", ["lead"], "2 digits stay out"),
        ("Die [[lead]]äre Form", ["leadäre"], " Form"),  # letters of any script join
        ("A [[lead]]-based list", ["lead"], "-based list"),
    ],
)
def test_letters_after_the_brackets_join_the_link(glossary: Glossary, text: str, expected: list, after: str) -> None:
    assert shown(glossary, text) == expected
    match = WIKILINK.search(text)
    assert text[match.end() :].startswith(after)


# --- the rule in every output ---------------------------------------------------------------------

CASES = [
    ("Leads become [[MQL]]s when scored.", "MQLs"),
    ("We capture a [[marketing-qualified-lead]] here.", "marketing qualified lead"),
    ("Scored. [[marketing-qualified-lead]]s follow.", "Marketing qualified leads"),
    ("Ask [[lead-scoring|the Scoring team]]'s view.", "the Scoring team"),
]


@pytest.mark.parametrize(("text", "label"), CASES)
def test_pages_data_files_and_export_show_the_same_text(renderer: Renderer, text: str, label: str) -> None:
    page = renderer.markdown(text, "glossary/x.md", set())
    assert f"[{label}](" in page
    fast, slow = renderer.html(text), renderer.html_by_python_markdown(text)
    assert fast == slow and labels(fast) == [label]
    glossary = renderer.glossary
    term = next(iter(glossary.terms.values()))
    object.__setattr__(term, "definition", text)  # a copy loaded for this module only
    try:
        exported = glossary_markdown(glossary, site_url="https://g.example/")
    finally:
        object.__setattr__(term, "definition", load_project(SITE).require().terms[term.id].definition)
    assert f"[{label}](https://g.example/glossary/" in exported


def test_the_trail_after_a_link_is_not_linked_again_as_a_mention(renderer: Renderer) -> None:
    """'[[prospect]]leads': the mention finder must not see 'leads' after the brackets."""
    page = renderer.markdown("Every [[prospect]]leads somewhere.", "glossary/x.md", set())
    assert page.count("](") == 1 and "[prospectleads](prospect.md" in page


def test_mentions_keep_the_readers_text(renderer: Renderer) -> None:
    page = renderer.markdown("Two Leads and three MQLs came; SQLs too.", "glossary/x.md", set())
    assert "[Leads](lead.md" in page and "[MQLs](marketing-qualified-lead.md" in page
    assert "[SQLs](sales-qualified-lead.md" in page


def test_a_hostile_label_or_trail_stays_text(renderer: Renderer) -> None:
    text = "A [[lead|<img src=x onerror=alert(1)>]]s and [[<script>x</script>]]"
    html = markdown.markdown(renderer.markdown(text, "glossary/x.md", set()))
    assert unsafe_html(html) == [] and "<img" not in html and "<script" not in html
    assert unsafe_html(renderer.html(text)) == []


# --- term pages: each term once, used in by kind, aliases that say something ----------------------


def test_each_term_is_listed_under_one_relation_only(glossary: Glossary) -> None:
    mql = glossary.terms["marketing-qualified-lead"]
    lists = glossary.relations(mql)
    # the funnel neighbours come right after contrast: lead, MQL's stage before and broader term, shows once
    assert lists.comes_after.id == "lead" and lists.comes_before.id == "sales-qualified-lead"
    assert lists.broader is None
    # contrast wins: sales-qualified-lead is a kind of MQL, listed once, as the one not to confuse it with
    assert [t.id for t in lists.contrasts_with] == ["prospect", "sales-qualified-lead"]
    assert [t.id for t in lists.narrower] == []
    assert [t.id for t in lists.related] == ["lead-scoring"]  # the others are listed above
    # Used in: the terms listed above are left out; every kind in its group, by display name
    assert [(kind, [i.id for i in items]) for kind, items in lists.used_in] == [
        ("Terms", ["lead-to-opportunity-conversion"]),
        ("Tactics", ["webinar"]),
        ("Playbooks", ["webinar-to-mql"]),
        ("Tables", ["capture-vs-awareness"]),
    ]
    for term in glossary.terms.values():
        lists = glossary.relations(term)
        listed = [lists.broader, *lists.narrower, *lists.contrasts_with, *lists.related]
        listed += [i for kind, items in lists.used_in if kind == "Terms" for i in items]
        ids = [t.id for t in listed if t is not None]
        assert len(ids) == len(set(ids)) and term.id not in ids, term.id
        # the funnel section names both neighbours (the chain never breaks); no other list repeats them
        assert (lists.comes_after, lists.comes_before) == (term.stage_after, term.next_stage)
        neighbours = {t.id for t in (term.stage_after, term.next_stage) if t is not None}
        contrasts = {t.id for t in lists.contrasts_with}
        assert not neighbours & (set(ids) - contrasts), term.id


def test_a_funnel_neighbour_is_not_listed_again_on_the_term_page(glossary: Glossary, renderer: Renderer) -> None:
    """MQL's page: lead under "Comes after" only (not also "A kind of"), nor under "Used in"."""
    mql = glossary.terms["marketing-qualified-lead"]
    page = renderer.render("term.md.j2", "glossary/marketing-qualified-lead.md", term=mql).content
    assert "Comes after: [Lead](lead.md" in page and "A kind of:" not in page
    used_in = page.partition("## Used in")[2].partition("## Sources")[0]
    assert "(lead.md" not in used_in and "(sales-qualified-lead.md" not in used_in


def test_used_in_groups_are_sorted_by_display_name(glossary: Glossary) -> None:
    tactics = dict(glossary.relations(glossary.terms["lead"]).used_in)["Tactics"]
    assert [t.name for t in tactics] == sorted((t.name for t in tactics), key=str.casefold)


def test_spelling_variants_of_a_name_are_not_listed_as_aliases(glossary: Glossary) -> None:
    mql = glossary.terms["marketing-qualified-lead"]
    assert mql.aliases == ("marketing-ready lead", "Marketing-Qualified Lead", "M.Q.L.")
    assert mql.shown_aliases == ("marketing-ready lead",)
    assert mql.spelling_variants == ("Marketing-Qualified Lead", "M.Q.L.")
    assert spelling_key("Lead-capture form") == spelling_key("lead capture form") == spelling_key("LEAD CAPTURE FORM")
    assert spelling_key("M.Q.L.") == spelling_key("MQL") != spelling_key("SQL")


def test_sources_are_cited_by_groups_of_distinct_items(glossary: Glossary) -> None:
    groups = dict(citations_by_source(glossary)["field-guide"])
    assert list(groups) == ["Terms", "Tactics", "Playbooks", "Tables", "Classifier rules"]
    for items in groups.values():
        assert len(items) == len({id(i) for i in items})
    assert [t.id for t in groups["Tables"]] == ["capture-vs-awareness"]
    assert dict(citations_by_source(glossary)["team-decisions"]) == {
        "Tactics": (glossary.tactics["blog-series"],),  # a team reading (classified_by: team) cites the team
        "Playbooks": (glossary.playbooks["webinar-to-mql"],),
    }


# --- the built site -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = site_project(tmp_path_factory.mktemp("project"))
    build_site(project, options=CheckOptions(today=None))
    return project / "site"


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("<h2", 1)[0]


def test_built_pages_show_links_as_written(built: Path) -> None:
    lead = (built / "glossary" / "lead" / "index.html").read_text()
    assert re.search(r'<a href="../marketing-qualified-lead/"[^>]*>MQLs</a>', lead)
    assert re.search(r'that makes it a <a href="../prospect/"[^>]*>prospect</a>', lead)
    sql = (built / "glossary" / "sales-qualified-lead" / "index.html").read_text()
    assert re.search(r'An <a href="../marketing-qualified-lead/"[^>]*>MQL</a> that', sql)
    terms = {t["id"]: t for t in json.loads((built / "terms.json").read_text())["terms"]}
    assert ">MQLs</a>" in terms["lead"]["definition_html"] and ">prospect</a>" in terms["lead"]["definition_html"]


def test_built_term_page_labels_its_lists(built: Path) -> None:
    html = (built / "glossary" / "marketing-qualified-lead" / "index.html").read_text()
    related = section(html, "related-terms")
    for href in ("../sales-qualified-lead/", "../prospect/", "../lead-scoring/"):
        assert related.count(f'href="{href}"') == 1, href
    # lead, the stage before (and the broader term), is listed in the funnel section only
    assert 'href="../lead/"' not in related
    assert section(html, "place-in-the-funnel").count('href="../lead/"') == 1
    used_in = section(html, "used-in")
    groups = re.findall(r"<strong>(\w+) \((\d+)\)</strong>", used_in)
    assert groups == [("Terms", "1"), ("Tactics", "1"), ("Playbooks", "1"), ("Tables", "1")]
    for href in ("../prospect/", "../lead-scoring/", "../lead/", "../sales-qualified-lead/"):
        assert f'href="{href}"' not in used_in, href


def test_built_page_hides_spelling_variants_but_search_finds_them(built: Path) -> None:
    html = (built / "glossary" / "marketing-qualified-lead" / "index.html").read_text()
    line = html.split("Also called:", 1)[1].split("<br", 1)[0]
    visible = re.sub(r"<span hidden>.*?</span>", "", line)
    assert "marketing-ready lead" in visible and "M.Q.L." not in visible and "Marketing-Qualified" not in visible
    assert (built / "glossary" / "m-q-l" / "index.html").is_file()  # still redirects
    page = next(page for page in read_index(built) if page.location == "glossary/marketing-qualified-lead/")
    assert "M.Q.L." in page.tags and name_key("M.Q.L.") in page.names  # found, and first, by each spelling
    assert name_key("Marketing-Qualified Lead") in page.names


def test_built_sources_page_groups_what_cites_a_source(built: Path) -> None:
    html = (built / "sources" / "index.html").read_text()
    guide = html.split('id="field-guide"', 1)[1].split("<h2", 1)[0]
    assert re.findall(r"<li>([\w ]+) \((\d+)\):", guide) == [
        ("Terms", "6"),
        ("Tactics", "6"),
        ("Playbooks", "1"),
        ("Tables", "1"),
        ("Classifier rules", "3"),
    ]
    assert 'href="https://example.com/pipeline-field-guide"' in guide and "Read the original" in guide
    assert "Quotes (5): all checked against the copy in this build." in guide
    editorial = html.split('id="team-decisions"', 1)[1].split("<h2", 1)[0]
    assert "editorial" in editorial and "stored copy" not in editorial


HOSTILE_ALIASES = """id: hostile
term: "<b>x</b>"
aliases: ["<img src=x onerror=alert(1)>", "<IMG src=x ONERROR=alert(1)>", "<B>X</B>"]
definition: A [[lead|<script>alert(2)</script>]]s link.
related: [lead]
"""


def test_hostile_aliases_and_labels_stay_escaped(tmp_path: Path) -> None:
    project = site_project(tmp_path / "project")
    (project / "glossary" / "hostile.yaml").write_text(HOSTILE_ALIASES)
    glossary = load_project(project).require()
    assert glossary.terms["hostile"].spelling_variants == ("<IMG src=x ONERROR=alert(1)>", "<B>X</B>")
    page = Renderer(glossary).render("term.md.j2", "glossary/hostile.md", term=glossary.terms["hostile"])
    html = markdown.markdown(page.content.split("---", 2)[2], extensions=["tables", "admonition", "toc"])
    assert unsafe_html(html) == []
    assert "<img" not in html.lower() and "<script" not in html and "<b>" not in html.lower()


def test_sources_page_links_classifier_rules_to_their_questions(built: Path) -> None:
    """Cited by: a classifier rule links to its question's fieldset on /classifier/, not the page's top;
    how its quotes were checked is said in words (the copy's file name never shown)."""
    sources = (built / "sources" / "index.html").read_text()
    classifier = (built / "classifier" / "index.html").read_text()
    anchors = re.findall(r'href="../classifier/#(rule-[a-z0-9-]+)"', sources)
    assert anchors and all(f'<fieldset class="gc-question" id="{a}"' in classifier for a in set(anchors))
    assert "all checked against the copy in this build" in sources
    assert "pipeline-field-guide.txt" not in sources


def test_a_z_print_link_is_a_paragraph_of_its_own(glossary: Glossary, renderer: Renderer) -> None:
    """The letter row ended the line and the print link ran into it ("· S Print the glossary")."""
    page = renderer.render("a-z.md.j2", "glossary/index.md", letters=letters_of(glossary.terms.values())).content
    assert "\n\n[Print the glossary](" in page


# --- tactic pages: every source once, signals that say something, plain cells, share panel ---------


def tactic_page(glossary: Glossary, tactic_id: str) -> str:
    pages = {p.path: p.content for p in Renderer(glossary).tactic_pages()}
    return pages[f"tactics/{tactic_id}.md"]


def test_tactic_sources_list_every_cited_source_once(glossary: Glossary) -> None:
    """The closing list holds the override's and the dissenting sources too; each source once, its
    locators joined; dissent after the glossary's own and labelled."""
    overridden = tactic_sources(glossary.tactics["influencer-outreach"])
    assert [(e.citation.source.id, e.citation.locator, e.disputes) for e in overridden] == [
        ("field-guide", "Tactics list; Influencers", False)
    ]
    disputed = tactic_sources(glossary.tactics["community-ads"])
    assert [(e.citation.source.id, e.disputes) for e in disputed] == [("field-guide", False), ("demand-primer", True)]
    page = tactic_page(glossary, "community-ads").partition("\n## Sources\n")[2]
    assert "[A Demand Generation Primer](../sources.md#demand-primer), Advertising (disputes it)" in page


def test_tactic_page_wording(glossary: Glossary) -> None:
    page = tactic_page(glossary, "community-ads")
    assert '<span class="glossary-badge">Both lead and demand generation</span>' in page
    assert page.startswith('---\ntitle: "Community advertising (tactic)"\n')
    assert "\n# Community advertising\n" in page  # the H1 stays the plain name
    seo = tactic_page(glossary, "search-optimization")
    assert "row 3, Demand generation column\n" in seo and "column “" not in seo


def test_a_signal_description_that_repeats_its_label_is_left_out() -> None:
    assert not adds_to("A division, region, brand or product line", "a division, region, brand or product line pays")
    assert adds_to("A division, region, brand or product line", "paid from that unit's campaign budget")
    assert adds_to("Yes, gated", "the reader pays for it with contact details")


def test_tactic_page_has_a_share_panel_with_stable_links(glossary: Glossary) -> None:
    page = tactic_page(glossary, "webinar").partition("## Share this tactic")[2]
    values = re.findall(r'<input id="share:(\w+)"[^>]* value="([^"]*)"', page)
    assert [key for key, _ in values] == ["link", "markdown", "html"]
    assert dict(values)["link"] == "tactics/webinar/" and 'data-root="../../"' in page
    with_url = tactic_share_links(glossary.tactics["webinar"], "https://example.com/g/")
    assert with_url["markdown"] == "[Webinar](https://example.com/g/tactics/webinar/)"
