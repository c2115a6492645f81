"""How each source defines a term (a term's ``perspectives``) and what the sources say about tactics
as a whole (the tactics file's ``intro``): checked like every reference and quote, shown beside our
definition, mapped onto our funnel's stages, escaped everywhere, and carried by terms.json.

Every test runs on a copy of tests/fixtures/site (whose lead, prospect and tactics file carry the
data these tests read) in tmp_path.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import load_project
from generator.checks.records import CheckOptions
from generator.site.build import build_site
from generator.site.render import Renderer
from generator.site.search_shards import read_index

from .conftest import FIXTURES, TODAY, check, site_project, unsafe_html

OPTIONS = CheckOptions(today=TODAY)


def content_project(root: Path) -> Path:
    """The fixture site's content alone (enough to check and render, not to build)."""
    for name in ("glossary", "playbooks", "stored-copies"):
        shutil.copytree(FIXTURES / "site" / name, root / name)
    return root


def line_of(path: Path, text: str) -> int:
    """The number of the first line of ``path`` that holds ``text``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def replace_in(path: Path, old: str, new: str) -> None:
    content = path.read_text()
    assert old in content, old
    path.write_text(content.replace(old, new, 1))


def problems_of(project: Path, code: str | None = None) -> list:
    return [p for p in check(project).problems if code is None or p.code == code]


# --- the checks ----------------------------------------------------------------------------------


def test_an_unknown_source_is_an_error_at_its_line_with_a_did_you_mean(tmp_path: Path) -> None:
    project = content_project(tmp_path / "project")
    lead = project / "glossary" / "lead.yaml"
    replace_in(
        lead,
        "  - source: demand-primer\n    locator: Events\n    definition: Only",
        "  - source: demand-primr\n    locator: Events\n    definition: Only",
    )
    (problem,) = problems_of(project, "unknown-reference")
    assert (problem.path, problem.line) == ("glossary/lead.yaml", line_of(lead, "source: demand-primr"))
    assert problem.column == len("  - source: ") + 1
    assert problem.message == "'perspectives[1].source' refers to source 'demand-primr', which does not exist"
    assert "did you mean 'demand-primer'?" in problem.hint
    assert load_project(project).glossary is None  # nothing is built from it


def test_an_unknown_maps_to_is_an_error_at_its_line_with_a_did_you_mean(tmp_path: Path) -> None:
    project = content_project(tmp_path / "project")
    lead = project / "glossary" / "lead.yaml"
    replace_in(lead, "maps_to: marketing-qualified-lead", "maps_to: marketing-qualifed-lead")
    (problem,) = problems_of(project, "unknown-reference")
    assert (problem.path, problem.line) == ("glossary/lead.yaml", line_of(lead, "maps_to: marketing-qualifed-lead"))
    assert problem.message == "'perspectives[1].maps_to' refers to term 'marketing-qualifed-lead', which does not exist"
    assert "did you mean 'marketing-qualified-lead'?" in problem.hint
    # another name of a term is refused with the id to use, as in every term reference
    replace_in(lead, "maps_to: marketing-qualifed-lead", "maps_to: mql")
    (problem,) = problems_of(project, "unknown-reference")
    assert "'mql' is another name of 'marketing-qualified-lead'" in problem.hint


def test_a_second_perspective_from_one_source_is_an_error(tmp_path: Path) -> None:
    project = content_project(tmp_path / "project")
    lead = project / "glossary" / "lead.yaml"
    replace_in(lead, "  - source: demand-primer\n    locator: Events", "  - source: field-guide\n    locator: Events")
    (problem,) = problems_of(project, "duplicate-perspective")
    start = line_of(lead, "perspectives:")
    lines = [n for n, line in enumerate(lead.read_text().splitlines(), 1) if line == "  - source: field-guide"]
    lines = [n for n in lines if n > start]
    assert len(lines) == 2  # reported at the second one, naming the first's line
    assert (problem.path, problem.line) == ("glossary/lead.yaml", lines[1])
    assert f"'perspectives[0]', line {lines[0]}" in problem.message
    assert problem.severity.value == "error"


def test_an_editorial_source_and_the_term_itself_are_refused(tmp_path: Path) -> None:
    project = content_project(tmp_path / "project")
    lead = project / "glossary" / "lead.yaml"
    replace_in(
        lead, "  - source: demand-primer\n    locator: Events", "  - source: team-decisions\n    locator: Events"
    )
    replace_in(lead, "maps_to: marketing-qualified-lead", "maps_to: lead")
    codes = {(p.code, p.line) for p in problems_of(project) if p.severity.value == "error"}
    assert codes == {
        ("editorial-perspective", line_of(lead, "source: team-decisions")),
        ("self-reference", line_of(lead, "maps_to: lead")),
    }


def test_a_perspective_quote_is_verified_like_any_other(tmp_path: Path) -> None:
    project = content_project(tmp_path / "project")
    lead = project / "glossary" / "lead.yaml"
    replace_in(
        lead,
        '"Whether the reason is good enough is a question for qualification"',
        '"Whether the reason is good enough is a question for sales"',
    )
    (problem,) = problems_of(project, "quote-not-found")
    assert (problem.path, problem.line) == ("glossary/lead.yaml", line_of(lead, "question for sales"))
    assert "closest passage" in problem.hint and "good enough is a question for" in problem.hint


def test_the_lock_keeps_perspective_and_intro_quotes_verified_without_the_copies(tmp_path: Path) -> None:
    import datetime as dt

    from generator.checks.locking import lock_sources

    project = content_project(tmp_path / "project")
    outcome = lock_sources(project, OPTIONS, dt.date(2026, 1, 15))
    assert outcome.written
    glossary = load_project(project, OPTIONS).require(strict=False)
    checks = {check.quote: check.how for check in glossary.quote_checks["field-guide"]}
    assert checks["Whether the reason is good enough is a question for qualification"] == "copy"
    assert checks["each of them asks for a name before it gives something back"] == "copy"
    shutil.rmtree(project / "stored-copies")  # a clone without the copies: the lock verifies them
    result = load_project(project, OPTIONS)
    assert [p for p in result.problems if p.code.startswith("quote")] == []
    checks = {check.quote: check.how for check in result.require().quote_checks["field-guide"]}
    assert checks["Whether the reason is good enough is a question for qualification"] == "lock"


def test_an_unknown_source_of_the_tactics_intro_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = content_project(tmp_path / "project")
    tactics = project / "playbooks" / "tactics.yaml"
    replace_in(
        tactics,
        "    - source: demand-primer\n      locator: Events\n",
        "    - source: demand-primer\n      locator: Events\n    - source: field-gide\n",
    )
    (problem,) = problems_of(project, "unknown-reference")
    assert (problem.path, problem.line) == ("playbooks/tactics.yaml", line_of(tactics, "source: field-gide"))
    assert problem.message == "'sources[2].source' refers to source 'field-gide', which does not exist"
    assert "did you mean 'field-guide'?" in problem.hint


def test_the_tactics_intro_text_is_checked_as_prose(tmp_path: Path) -> None:
    """It names a source it must cite, and its [[links]] must name terms."""
    project = content_project(tmp_path / "project")
    tactics = project / "playbooks" / "tactics.yaml"
    replace_in(tactics, "sorts tactics", "sorts [[leed]] tactics")
    replace_in(tactics, "at once.\n", "at once, as Marketing Ops Notes says.\n")
    found = {p.code: p for p in problems_of(project)}
    assert found["named-source-not-cited"].path == "playbooks/tactics.yaml"
    assert "'ops-notes'" in found["named-source-not-cited"].message
    assert found["unknown-reference"].line == line_of(tactics, "[[leed]]")


# --- the pages -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = site_project(tmp_path_factory.mktemp("project"))
    build_site(project, options=OPTIONS)
    return project / "site"


def section(html: str, anchor: str) -> str:
    """The HTML of the section whose heading has id ``anchor``, up to the next heading of its level or above."""
    start = html.index(f'id="{anchor}"')
    level = html[html.rindex("<h", 0, start) + 2]
    rest = html[start:]
    ends = [m.start() for m in re.finditer(r"<h([1-6])", rest) if m.group(1) <= level]
    return rest[: ends[0] if ends else len(rest)]


def test_a_term_page_shows_each_source_beside_our_definition(built: Path) -> None:
    html = (built / "glossary" / "lead" / "index.html").read_text()
    found = section(html, "how-sources-define-it")
    rows = re.findall(r"<tr[ >].*?</tr>", found, re.S)
    assert len(rows) == 1 + 1 + 2  # the heading row, ours, then one per source in the content's order
    assert "This glossary" in rows[1] and "Someone who has shown interest in the product" in rows[1]
    guide, primer = rows[2], rows[3]
    assert '<a href="../../sources/#field-guide">Pipeline Field Guide</a> (Chapter 1)' in guide
    assert "Any name with a reason to call" in guide
    assert '<a href="../../glossary/lead-scoring/"' in guide  # a [[link]] in the definition
    assert "<q>Whether the reason is good enough is a question for qualification</q>" in guide
    assert "Lead (this term)" in guide
    assert '<a href="../../sources/#demand-primer">A Demand Generation Primer</a>' in primer
    assert "<strong>asked</strong>" in primer  # the definition is Markdown
    assert re.search(
        r'Maps to <a href="../../glossary/marketing-qualified-lead/"[^>]*>Marketing qualified lead</a>', primer
    )
    # each cell names its column, so that a row stacks as a labelled card on a phone
    assert guide.count('data-label="') == 4 and 'data-label="How it defines Lead"' in guide
    assert "glossary-disputes" in found  # the stacking rules of glossary.css (under 600 px)
    # the term a perspective maps to counts the term among those using it ("Used in", where not listed already)
    glossary = load_project(built.parent, OPTIONS).require()
    assert glossary.terms["lead"] in glossary.used_in["marketing-qualified-lead"]
    # a term without perspectives has no such section
    assert 'id="how-sources-define-it"' not in (built / "glossary" / "opportunity" / "index.html").read_text()


def test_the_first_stage_page_maps_the_sources_stage_names_onto_ours(built: Path) -> None:
    html = (built / "glossary" / "lead" / "index.html").read_text()
    table = section(html, "stage-names-across-the-sources")
    rows = [re.sub(r"<[^>]+>", "", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert rows == [
        "SourceIts wordOur term",
        "Marketing Ops NotesProspectLead (stage 1)",  # the notes' "prospect" is our lead (maps_to: lead)
        "Pipeline Field GuideLeadLead (stage 1)",
        "A Demand Generation PrimerLeadMarketing qualified lead (stage 2)",
        # the notes' "MQL" is our prospect, which is no stage: said so, with the stage it is a kind of
        "Marketing Ops NotesMarketing qualified leadProspect (not a stage of our funnel; a kind of Lead)",
    ]
    assert 'href="../../glossary/prospect/#how-sources-define-it"' in table  # where the row comes from
    assert 'href="../../glossary/marketing-qualified-lead/"' in table
    assert "stage-names-across-the-sources" not in (built / "glossary" / "opportunity" / "index.html").read_text()
    home = (built / "index.html").read_text()
    assert 'href="glossary/lead/#stage-names-across-the-sources"' in home


def test_the_tactics_index_opens_with_what_the_sources_say_about_tactics(built: Path) -> None:
    html = (built / "tactics" / "index.html").read_text()
    intro = html[html.index("<h1") : html.index('id="all-tactics"')]
    assert "sorts tactics by whether they ask for a name" in intro
    assert 'href="../sources/#field-guide"' in intro and 'href="../sources/#demand-primer"' in intro
    assert "<q>each of them asks for a name before it gives something back</q>" in intro


def test_the_sources_page_counts_a_perspective_as_citing(built: Path) -> None:
    """ops-notes is cited by the prospect term through its perspective alone."""
    html = (built / "sources" / "index.html").read_text()
    entry = html[html.index('id="ops-notes"') :]
    entry = entry[: entry.index("<h2")]
    assert 'href="../glossary/prospect/"' in entry


def test_terms_json_carries_the_perspectives(built: Path) -> None:
    from generator.content.schema import validator_for

    document = json.loads((built / "terms.json").read_text())
    assert list(validator_for("terms-export").iter_errors(document)) == []
    lead = next(t for t in document["terms"] if t["id"] == "lead")
    guide, primer = lead["perspectives"]
    assert guide["source"] == "field-guide" and guide["maps_to"] is None and guide["locator"] == "Chapter 1"
    assert guide["quote"] == "Whether the reason is good enough is a question for qualification"
    assert guide["page"].endswith("sources/#field-guide")
    assert primer["maps_to"] == "marketing-qualified-lead" and "quote" not in primer
    assert "<strong>asked</strong>" in primer["definition_html"] and "**asked**" in primer["definition"]
    opportunity = next(t for t in document["terms"] if t["id"] == "opportunity")
    assert opportunity["perspectives"] == []


# --- hostile text --------------------------------------------------------------------------------

HOSTILE_DEFINITION = (
    "## <img src=x onerror=alert('toc')> heading\n\n"
    "Text with <script>alert('perspective')</script> and "
    '[a link](https://example.com/x "<img src=x onerror=alert(2)>").\n\n'
    "[another](https://example.com/y) and [[prospect]]\n"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = site_project(tmp_path_factory.mktemp("hostile"))
    lead = project / "glossary" / "lead.yaml"
    data = yaml.safe_load(lead.read_text())
    data["perspectives"][1]["definition"] = HOSTILE_DEFINITION
    data["perspectives"][1]["locator"] = "<b onmouseover=alert(3)>Events</b> [x](javascript:alert(4))"
    lead.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert [p for p in check(project).problems if p.severity.value == "error"] == []
    build_site(project, options=OPTIONS)
    return project / "site"


def test_hostile_text_in_a_perspective_is_escaped_on_the_page(hostile: Path) -> None:
    html = (hostile / "glossary" / "lead" / "index.html").read_text()
    article = html[html.index("<article") : html.index("</article>")]
    assert unsafe_html(article) == []
    found = section(html, "how-sources-define-it")
    assert "<script>alert" not in found and "<img" not in found and "<b onmouseover" not in found
    assert "&lt;script&gt;alert" in found  # shown as text
    assert "onmouseover=alert(3)" in found and 'href="javascript' not in article  # the locator is plain text
    # the definition's heading is text, not a heading of the page
    assert not re.search(r"<h[1-6][^>]*>[^<]*(&lt;|\uff1c)img", article)
    assert 'href="https://example.com/y"' in found and 'href="../../glossary/prospect/"' in found


def test_hostile_text_in_a_perspective_stays_out_of_the_toc_and_search(hostile: Path) -> None:
    html = (hostile / "glossary" / "lead" / "index.html").read_text()
    toc = html[html.index('data-md-component="toc"') :]
    toc = toc[: toc.index("</nav>")]
    assert "img" not in toc and "heading" not in toc.lower().replace("how sources define it", "")
    assert "How sources define it" in toc
    page = next(page for page in read_index(hostile) if page.location == "glossary/lead/")
    assert "perspective" in page.words  # the definition is searchable...
    shown = page.title + " " + page.text + " " + " ".join(page.tags)
    assert "<script" not in shown and "<img" not in shown and "<b onmouseover" not in shown  # ...not shown


def test_a_javascript_link_in_a_perspective_the_check_missed_is_neutralised(tmp_path: Path) -> None:
    """For a model that never went through the check: the renderer still makes the link harmless."""
    import markdown

    glossary = check(content_project(tmp_path / "project")).require()
    perspective = glossary.terms["lead"].perspectives[1]
    object.__setattr__(perspective, "definition", "[click](javascript:alert(1)) <img src=x onerror=alert(2)>")
    page = Renderer(glossary).render("term.md.j2", "glossary/lead.md", term=glossary.terms["lead"])
    html = markdown.markdown(page.content.split("---", 2)[2], extensions=["tables", "admonition", "toc"])
    found = html[html.index("How sources define it") :]
    found = found[: found.index("</table>")]
    assert unsafe_html(found) == [] and "<img" not in found
    assert "click" in found


# --- on a phone (Chromium) -------------------------------------------------------------------------


def test_on_a_phone_both_tables_stack_as_labelled_cards(browser, site_url: str) -> None:
    """At 375 px nothing scrolls sideways: each row of "How sources define it" and of the stage names is a
    card whose cells show their column's name; at desktop width they are tables again."""
    expect = pytest.importorskip("playwright.sync_api").expect
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{site_url}/glossary/lead/")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    for selector in ("table.glossary-perspectives", "table.glossary-stage-names"):
        table = page.locator(selector)
        expect(table).to_be_visible()
        expect(table).to_have_css("display", "block")
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), f"{selector} is wider than its box"
    cell = page.locator("table.glossary-perspectives td[data-label='In our terms']").nth(2)
    cell.scroll_into_view_if_needed()
    expect(cell).to_be_in_viewport(ratio=1)
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == '"In our terms"'
    expect(cell.locator("a")).to_have_text("Marketing qualified lead")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator("table.glossary-perspectives")).to_have_css("display", "table")
    context.close()
