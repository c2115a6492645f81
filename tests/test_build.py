"""The built site, inspected as a reader's browser would get it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator import ContentError, load_project
from generator.checks.records import CheckOptions
from generator.site.build import build_site
from generator.site.search_shards import FOLDER, MANIFEST, file_key, read_index
from generator.site.staging import BuildError

from . import site_rules
from .conftest import REPO, site_project

OPTIONS = CheckOptions(today=None)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = site_project(tmp_path_factory.mktemp("project"))
    build_site(project, options=OPTIONS)
    return project


def test_every_term_category_and_playbook_has_a_page_and_every_name_a_redirect(built: Path) -> None:
    glossary = load_project(built).require()
    assert site_rules.missing_pages(built / "site", glossary) == []


def test_the_page_rules_see_a_missing_page_and_a_missing_redirect(built: Path, tmp_path: Path) -> None:
    import shutil

    site = shutil.copytree(built / "site", tmp_path / "site")
    shutil.rmtree(site / "glossary" / "prospect")
    shutil.rmtree(site / "glossary" / "points-model")  # a former id's redirect
    missing = site_rules.missing_pages(site, load_project(built).require())
    assert missing == ["glossary/prospect/", "glossary/points-model/ (redirect to lead-scoring)"]


def test_aliases_abbreviations_and_names_redirect_to_the_canonical_page(built: Path) -> None:
    site = built / "site" / "glossary"
    for alias, canonical in (
        ("mql", "marketing-qualified-lead"),
        ("sql", "sales-qualified-lead"),
        ("cpl", "cost-per-lead"),
        ("lead-gen", "lead-generation"),
        ("points-model", "lead-scoring"),  # a former id
    ):
        html = (site / alias / "index.html").read_text()
        assert f'url=../{canonical}/"' in html and f'href="../{canonical}/"' in html
        assert (site / canonical / "index.html").is_file()


def test_used_in_lists_the_referring_pages(built: Path) -> None:
    html = (built / "site" / "glossary" / "lead" / "index.html").read_text()
    used_in = html.split('id="used-in"', 1)[1].split("<h2", 1)[0]
    for referrer in ("../../glossary/cost-per-lead/", "../../playbooks/webinar-to-mql/", "../../tactics/webinar/"):
        assert f'href="{referrer}"' in used_in
    # a list of links is not what search should find (and outgrows Zensical's field limit at 10,000 terms)
    assert '<div class="glossary-used-in" data-search-exclude>' in used_in


def test_every_tactic_has_a_page_and_its_other_names_redirect_to_it(built: Path) -> None:
    site = built / "site" / "tactics"
    glossary = load_project(built).require()
    for tactic in glossary.tactics:
        assert (site / tactic / "index.html").is_file(), tactic
    for alias, tactic in (("seo", "search-optimization"), ("webcast", "webinar"), ("trade-show-booth", "trade-show")):
        html = (site / alias / "index.html").read_text()
        assert f'url=../{tactic}/"' in html and f'href="../{tactic}/"' in html
    # "trade show", an alias of trade-show, is its own id: no redirect page may replace the tactic's page
    assert "http-equiv" not in (site / "trade-show" / "index.html").read_text()


def test_tactic_redirects_skip_other_tactics_ids_and_shared_names_and_the_index_sorts_by_name() -> None:
    from generator.model.glossary import Citation, Classification, Source, Tactic
    from generator.site.tactic_views import letters_of, tactic_redirect_slugs

    cite = (Citation(Source("s", "S")),)

    def tactic(id_: str, name: str, *aliases: str) -> Tactic:
        return Tactic(id_, name, Classification.BOTH, "r", cite, aliases=aliases)

    a, b, c = tactic("events", "Events", "webinar", "meetup"), tactic("webinar", "Webinar"), tactic("c", "C", "meetup")
    slugs = {t.id: s for t, s in tactic_redirect_slugs([a, b, c]).items()}
    assert slugs == {}  # 'webinar' is b's page, 'meetup' belongs to two tactics, names equal to ids need none
    only = tactic_redirect_slugs([tactic("x", "X", "Index", "Y z")])
    assert [s for slugs in only.values() for s in slugs] == ["y-z"]  # 'index' is the tactics index
    # the index sorts by display name, whatever the ids, case-insensitively
    zulu, alpha, beta = tactic("a-zulu", "zulu"), tactic("b-alpha", "Alpha"), tactic("c-beta", "beta")
    assert [[t.name for t in group] for _, group in letters_of([zulu, alpha, beta])] == [["Alpha"], ["beta"], ["zulu"]]
    # a letter two letters long in capitals is no letter of A-Z (it had pages of its own: "SS", "FI")
    odd = [tactic("s1", "\u00dfeta"), tactic("f1", "\ufb01nal"), tactic("s2", "Sigma")]
    grouped = [(letter, [t.id for t in group]) for letter, group in letters_of(odd)]
    assert grouped == [("S", ["s2"]), ("#", ["f1", "s1"])]


def test_tactics_index_keeps_the_old_anchors_and_sorts_by_display_name(built: Path) -> None:
    html = (built / "site" / "tactics" / "index.html").read_text()
    glossary = load_project(built).require()
    for tactic in glossary.tactics:
        assert f'id="{tactic}"' in html, tactic  # links to tactics/#<id> still land on the tactic
        assert f'href="../tactics/{tactic}/"' in html
    for table in glossary.tables:
        assert f'id="{table}"' in html
    assert 'id="all-tactics"' in html
    names = re.findall(r'<li id="[^"]+" class="glossary-tactic[^>]*><a href="[^"]+">([^<]+)</a>', html)
    assert len(names) == len(glossary.tactics)
    assert names == sorted(names, key=str.casefold)
    # every table cell links to its tactic's page
    table = html.split('id="capture-vs-awareness"', 1)[1].split("</table>", 1)[0]
    assert 'href="webinar/"' in table and 'href="gated-ebook/"' in table


def test_a_tactic_page_says_it_all_and_links_to_the_classifier(built: Path) -> None:
    html = (built / "site" / "tactics" / "search-optimization" / "index.html").read_text()
    assert 'href="../../classifier/?tactic=search-optimization"' in html
    assert "No, free — no form stands in the way, so it travels as far as people share it." in html  # in words
    assert "<title>Search engine optimization (tactic) - " in html  # the tab tells it from a term
    assert re.search(r"<h1 [^>]*>Search engine optimization<a", html)  # the heading is the plain name
    assert 'id="share-this-tactic"' in html and 'id="share:markdown"' in html
    assert "one_off" not in html and "long_term_program" not in html
    disagree = html.split('id="where-the-sources-disagree"', 1)[1].split("<h2", 1)[0]
    assert "Lead generation" in disagree and "Lists search as an inbound source of leads." in disagree
    assert 'href="../#capture-vs-awareness"' in html  # the table cell it comes from
    assert 'href="../../playbooks/blog-to-demand/"' in html
    assert 'href="../../glossary/demand-generation/"' in html
    # a search result shows the title and the summary: "(tactic)" tells it from a term of one name
    entry = next(page for page in read_index(built / "site") if page.location == "tactics/search-optimization/")
    assert entry.title == "Search engine optimization (tactic)" and entry.text.startswith("Making pages")


def test_search_index_has_abbreviations_and_pronunciation(built: Path) -> None:
    pages = {page.location: page for page in read_index(built / "site")}
    mql = pages["glossary/marketing-qualified-lead/"]
    assert "MQL" in mql.title and "mql" in mql.names
    assert "leed" in pages["glossary/lead/"].words


def test_search_index_has_every_name_of_every_term(built: Path, tmp_path: Path) -> None:
    glossary = load_project(built).require()
    assert site_rules.unsearchable_names(built / "site", glossary) == []
    # ...and the rule sees a word the index lacks for the page, and a name not filed as one
    shutil.copytree(built / "site" / "search", tmp_path / "search")
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    number = [page.location for page in read_index(built / "site")].index("glossary/lead-scoring/")
    for key in manifest["shards"]:
        path = tmp_path / FOLDER / "w" / f"{file_key(key)}.json"
        shard = json.loads(path.read_text())
        if "model" in shard["w"]:  # the postings of "model" without the page's
            pages, page = [], 0
            for gap, weight in zip(shard["w"]["model"][::2], shard["w"]["model"][1::2], strict=True):
                page += gap
                pages.append((page, weight))
            flat, last = [], 0
            for page, weight in pages:
                if page != number:
                    flat += [page - last, weight]
                    last = page
            shard["w"]["model"] = flat
        if "scoring model" in shard["n"]:
            shard["n"]["scoring model"] = []
        path.write_text(json.dumps(shard))
    assert site_rules.unsearchable_names(tmp_path, glossary) == [
        "lead-scoring: search does not find it by 'scoring model'"
    ]


def test_every_internal_link_and_anchor_resolves(built: Path) -> None:
    assert site_rules.broken_links(built / "site") == []


HOSTILE_TERM = """id: hostile
term: "<script>alert('name')</script>"
aliases: ['"><img src=x onerror=alert(1)>']
summary: "<b onmouseover=alert(2)>hover</b>"
definition: |
  Text with <script>alert('definition')</script> and <img src=x onerror=alert(3)>.
  A [[lead]] link and [a link](https://example.com).
related: [lead]
"""


def test_user_text_is_escaped_in_the_built_page(tmp_path: Path) -> None:
    project = site_project(tmp_path / "project")
    (project / "glossary" / "hostile.yaml").write_text(HOSTILE_TERM)
    build_site(project, options=OPTIONS)
    html = (project / "site" / "glossary" / "hostile" / "index.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert (
        "&lt;script&gt;alert(&#39;definition&#39;)&lt;/script&gt;" in html
        or "&lt;script&gt;alert('definition')" in html
    )
    assert 'href="../lead/"' in html
    # The hostile summary also travels as the tooltip of links to the term.
    lead = (project / "site" / "glossary" / "lead" / "index.html").read_text()
    assert 'href="../../glossary/hostile/"' in lead and "<b onmouseover" not in lead and "<img src=x" not in lead
    # Pages written as HTML by our own templates: the alias's redirect page and the embed card.
    for page in [
        *(project / "site" / "glossary").glob("*img-src*/index.html"),
        project / "site" / "embed" / "hostile" / "index.html",
    ]:
        text = page.read_text()
        assert "<script>alert" not in text and "<b onmouseover" not in text and "<img src=x" not in text, page
        assert "&lt;script&gt;" in text, page
    assert list((project / "site" / "glossary").glob("*img-src*/index.html")), "the alias has no redirect page"
    # ...and the data files
    terms = {t["id"]: t for t in json.loads((project / "site" / "terms.json").read_text())["terms"]}
    assert "<script>" not in terms["hostile"]["definition_html"] and "<img" not in terms["hostile"]["definition_html"]
    assert terms["hostile"]["term"] == "<script>alert('name')</script>"  # data stays data


def test_term_links_carry_the_summary_as_tooltip(built: Path) -> None:
    html = (built / "site" / "glossary" / "lead" / "index.html").read_text()
    summary = "A lead that was checked and fits the profile of a likely buyer."
    assert re.search(rf'<a href="../prospect/" title="{re.escape(summary)}">', html)
    mkdocs_config = (REPO / "mkdocs.yml").read_text()
    assert "content.tooltips" in mkdocs_config


def test_content_errors_write_nothing(tmp_path: Path) -> None:
    project = site_project(tmp_path / "project")
    build_site(project, options=OPTIONS)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    (project / "glossary" / "broken.yaml").write_text("id: broken\nterm: Broken\n")
    with pytest.raises(ContentError):
        build_site(project, options=OPTIONS)
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_a_failing_mkdocs_build_leaves_the_previous_site_intact(tmp_path: Path, monkeypatch) -> None:
    project = site_project(tmp_path / "project")
    build_site(project, options=OPTIONS)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    import mkdocs.commands.build
    from mkdocs.exceptions import PluginError

    def crash(config, **kwargs):
        Path(config["site_dir"], "half-written.html").write_text("partial")
        raise PluginError("simulated crash inside MkDocs")

    monkeypatch.setattr(mkdocs.commands.build, "build", crash)
    with pytest.raises(BuildError, match="previous site/ is unchanged"):
        build_site(project, options=OPTIONS)
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


def test_home_page_draws_the_funnel_in_order(built: Path) -> None:
    html = (built / "site" / "index.html").read_text()
    chain = html.split('class="glossary-funnel-chain"', 1)[1].split("</div>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', chain)
    assert hrefs == [
        "glossary/lead/",
        "glossary/marketing-qualified-lead/",
        "glossary/sales-qualified-lead/",
        "glossary/opportunity/",
    ]


def test_an_override_is_shown_beside_the_classification(built: Path) -> None:
    html = (built / "site" / "tactics" / "influencer-outreach" / "index.html").read_text()
    section = html[html.index('id="classification"') :]
    section = section[: section.index("<h2")]
    text = re.sub(r"<[^>]+>", "", section)
    assert (
        "the signals alone give demand generation; the glossary keeps lead generation. The field guide counts" in text
    )
    assert re.search(r'<a href="../../sources/#field-guide"[^>]*>Pipeline Field Guide</a>, Influencers', section)
    tactics = {t["id"]: t for t in json.loads((built / "site" / "tactics.json").read_text())["tactics"]}
    assert tactics["influencer-outreach"]["overrides"]["sources"][0]["id"] == "field-guide"
    assert "overrides" not in tactics["webinar"]


def test_the_classifier_page_shows_a_rule_on_one_source_and_the_other_view(built: Path) -> None:
    html = (built / "site" / "classifier" / "index.html").read_text()
    assert (
        '<p class="gc-rule-sources">Only <cite>Pipeline Field Guide</cite> supports this rule.</p>\n'
        '<p class="gc-rule-sources"><cite>A Demand Generation Primer</cite> sees it differently: '
        "Counts nurturing known leads as lead work, not demand work.</p>" in html
    )
    assert "The field guide lists tactics without saying how long they run." in html
    assert (
        '<p class="gc-rule-sources"><cite>Pipeline Field Guide</cite> sees the answer “Qualifying known leads” '
        "differently: Leaves qualifying to sales, outside either kind of marketing.</p>" in html
    )
    data = json.loads((built / "site" / "assets" / "glossary" / "classifier.json").read_text())
    goal = next(q for q in data["questions"] if q["signal"] == "goal")
    assert [d["source"]["id"] for d in goal["disputes"]] == ["demand-primer"]


def test_override_and_rule_dispute_text_is_escaped(tmp_path: Path) -> None:
    project = site_project(tmp_path / "project")
    tactics = project / "playbooks" / "tactics.yaml"
    tactics.write_text(
        tactics.read_text().replace("reason: the field guide counts", "reason: <img src=x onerror=alert(1)> counts")
    )
    classifier = project / "playbooks" / "classifier.yaml"
    classifier.write_text(
        classifier.read_text().replace("note: Counts nurturing", "note: <script>alert(2)</script> Counts")
    )
    build_site(project, options=OPTIONS)
    page = (project / "site" / "tactics" / "influencer-outreach" / "index.html").read_text()
    assert "<img src=x" not in page and "counts every influencer mention" in page
    page = (project / "site" / "classifier" / "index.html").read_text()
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)&lt;/script&gt; Counts" in page


CALIBRATION = """
calibration:
  set: "<b>held-out</b> set"
  items: 20
  measured: 2026-01-15
  right: 15
  confidently_wrong: 1
  levels:
    - {level: low, answers: 3, right: 1}
    - {level: high, answers: 10, right: 9}
    - {level: medium, answers: 7, right: 5}
"""


def test_the_classifier_page_publishes_its_calibration_as_a_table(tmp_path: Path) -> None:
    project = site_project(tmp_path / "project")
    classifier = project / "playbooks" / "classifier.yaml"
    classifier.write_text(classifier.read_text() + CALIBRATION)
    build_site(project, options=OPTIONS)
    page = (project / "site" / "classifier" / "index.html").read_text()
    method = page.split('id="how-it-decides"', 1)[1]
    set_line = "evaluation set the tuning did not see: &lt;b&gt;held-out&lt;/b&gt; set, 20 descriptions, on 2026-01-15"
    assert set_line in method
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td><td>([^<]+)</td></tr>', method)
    assert rows == [("Sure", "10", "9", "90%"), ("Fairly sure", "7", "5", "71%"), ("A guess", "3", "1", "33%")]
    assert "Overall 15 of 20 right (75%); 1 wrong with confidence “sure”." in method
    assert "counts a guess as no answer" in method  # why the column need not add up to the overall figure
    assert "not been measured" not in page


def test_without_a_calibration_the_page_says_it_was_not_measured(built: Path) -> None:
    page = (built / "site" / "classifier" / "index.html").read_text()
    assert "has not been measured yet" in page.split('id="how-it-decides"', 1)[1]
    assert "gc-calibration" not in page


def test_a_broken_theme_override_is_one_clear_error_and_keeps_the_site(tmp_path: Path) -> None:
    """A Jinja error in site_config/overrides names the template and line, as Zensical's message does,
    instead of a traceback; the previous site/ stays."""
    project = site_project(tmp_path)
    build_site(project, options=CheckOptions())
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    main_html = project / "site_config" / "overrides" / "main.html"
    main_html.write_text(main_html.read_text().replace("{% block extrahead %}", "{% blokk extrahead %}", 1))
    with pytest.raises(BuildError) as raised:
        build_site(project, options=CheckOptions())
    message = str(raised.value)
    assert "template error" in message and "blokk" in message and "main.html:" in message
    assert "previous site/ is unchanged" in message
    assert sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*")) == before


def test_the_engines_bundle_and_our_scripts_are_deferred_in_order(built: Path) -> None:
    """At the end of the body, loaded scripts still ran before the content's first paint: deferred, the
    page paints first (Lighthouse, issue 32). Order matters: our scripts use the bundle's document$."""
    for page in ("index.html", "classifier/index.html", "glossary/lead/index.html"):
        html = (built / "site" / page).read_text()
        external = re.findall(r'<script src="([^"]+)"( defer)?></script>', html)
        names = [src.rsplit("/", 1)[-1] for src, _ in external]
        assert names[0].startswith("bundle.") and names[1:] == ["glossary.js", "classifier.js", "tactics.js"], names
        assert all(deferred for _, deferred in external), (page, external)
