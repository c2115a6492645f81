"""A new team's first site (`glossary init` without --starter): what its CLI says and writes.

Counts read as English ("checked 1 term"), `build` and `serve` count the same pages, and a new
term's schema line holds on every clone, not only on the machine that wrote it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import CheckOptions
from generator.commands.cli import main
from generator.core.text import counted
from generator.site.build import build_site


@pytest.fixture
def new_project(tmp_path: Path) -> Path:
    project = tmp_path / "new"
    assert main(["init", str(project)]) == 0
    return project


def test_counts_are_english() -> None:
    assert [counted(1, "term"), counted(0, "term"), counted(2, "entry", "entries")] == [
        "1 term",
        "0 terms",
        "2 entries",
    ]
    assert counted(1200, "page") == "1,200 pages"


def test_check_of_a_new_project_counts_in_the_singular_where_there_is_one(
    new_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["check", str(new_project)]) == 0
    err = capsys.readouterr().err
    assert "checked 1 term, 0 tactics, 0 tables, 1 playbook: 0 errors, 0 warnings" in err, err


def test_build_and_serve_count_the_same_pages(new_project: Path, tmp_path: Path) -> None:
    """`glossary serve` says how many pages MkDocs rendered; `glossary build` said how many files the
    generator wrote (317 against 94 for the same content)."""
    report = build_site(new_project, options=CheckOptions())
    config = load_config(str(new_project / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)  # a first serve build: every page
    served = config.plugins["glossary"].pages_built
    assert report.pages == served and served > 0
    pages = [p for p in (tmp_path / "served").rglob("index.html")]
    assert len(pages) >= served  # each page an HTML page (redirects and embed cards besides)


def test_a_new_terms_schema_line_is_relative_to_the_file(new_project: Path) -> None:
    assert main(["build", str(new_project)]) == 0
    assert main(["new", "term", "Pipeline", "--project", str(new_project)]) == 0
    text = (new_project / "glossary" / "pipeline.yaml").read_text(encoding="utf-8")
    schema = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text)
    assert schema is not None, text.splitlines()[0]
    assert schema.group(1) == "../site/schemas/term.schema.json"  # no file:///...site-packages of one machine
    assert (new_project / "glossary" / schema.group(1)).resolve().is_file()  # the built site's copy


def test_with_a_site_url_the_schema_is_the_published_one(new_project: Path) -> None:
    config = new_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://terms.example.org/\n", encoding="utf-8")
    assert main(["new", "term", "Pipeline", "--project", str(new_project)]) == 0
    first = (new_project / "glossary" / "pipeline.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=https://terms.example.org/schemas/term.schema.json"


def test_the_readme_sections_the_home_page_names_are_in_the_new_readme(new_project: Path) -> None:
    assert main(["generate", str(new_project)]) == 0
    home = (new_project / "build" / "docs" / "index.md").read_text(encoding="utf-8")
    named = re.findall(r"README's \"([^\"]+)\"", home)
    assert named  # the home page points editors at the README
    headings = re.findall(r"(?m)^#+ (.+)$", (new_project / "README.md").read_text(encoding="utf-8"))
    assert [section for section in named if section not in headings] == []


# --- Pages of features without content are left out (optional_pages.py, menu.py) -----------------

OPTIONAL_HREF = re.compile(r'href="[^"]*(?:tactics|classifier)/[^"]*"')


def links_to_optional_pages(site: Path) -> list[str]:
    """Every link in the site's HTML to the tactics index, a tactic or the classifier, with its page."""
    return [
        f"{page.relative_to(site)}: {match.group(0)}"
        for page in sorted(site.rglob("*.html"))
        for match in OPTIONAL_HREF.finditer(page.read_text(encoding="utf-8"))
    ]


def menu_of(page: Path) -> list[str]:
    """The titles of the site menu's entries on ``page`` (Material's primary nav, without the table of
    contents, whose links are #anchors)."""
    html = page.read_text(encoding="utf-8")
    primary = html[html.index("md-nav--primary") :]
    link = r'<a href="(?!#)[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]+?)\s*<'
    return re.findall(link, primary)


def first_tactic_from_readme(project: Path) -> str:
    """The YAML block of the new project's README section "Adding a tactic": what an editor copies."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Adding a tactic") :]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def plain_mkdocs_build(project: Path, site: Path) -> None:
    """`glossary generate`, then MkDocs without our plugin on the same mkdocs.yml, strict."""
    from generator.core.config import ProjectConfig, dump_config
    from generator.site.engines import without_glossary_plugin

    assert main(["generate", str(project)]) == 0
    data = ProjectConfig.read(project).copy_of_raw()
    data["plugins"] = without_glossary_plugin(data["plugins"])
    plain = project / "mkdocs-plain.yml"
    plain.write_text(dump_config(data), encoding="utf-8")
    build(load_config(str(plain), site_dir=str(site), strict=True))  # a warning would abort


def test_a_new_project_has_no_tactics_or_classifier_page_and_links_none(new_project: Path) -> None:
    from . import site_rules
    from .test_linkcheck import run_lychee

    site = build_site(new_project, options=CheckOptions()).site_dir
    assert not (site / "tactics").exists() and not (site / "classifier").exists()
    assert not (site / "assets" / "glossary" / "classifier.json").exists()
    assert links_to_optional_pages(site) == []  # menu, home page, footer, every page
    assert menu_of(site / "index.html") == [
        "Home",
        "Glossary A-Z",
        "Playbooks",
        "Categories",
        "Sources",
        "What changed",
    ]
    assert site_rules.broken_links(site) == []
    checked = run_lychee(site)
    assert checked.returncode == 0 and " 0 Errors" in checked.stdout, checked.stdout[-3000:]


def test_the_home_page_of_a_new_project_says_how_to_add_the_first_tactic(new_project: Path) -> None:
    site = build_site(new_project, options=CheckOptions()).site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "once\n<code>playbooks/tactics.yaml</code> lists a first tactic" in home
    assert 'the README\'s "Adding a tactic"' in home.replace("&quot;", '"')


def test_a_first_tactic_brings_the_tactics_pages_and_menu_entry(new_project: Path) -> None:
    from . import site_rules

    (new_project / "playbooks" / "tactics.yaml").write_text(first_tactic_from_readme(new_project), encoding="utf-8")
    site = build_site(new_project, options=CheckOptions()).site_dir
    assert (site / "tactics" / "index.html").is_file() and (site / "tactics" / "webinar" / "index.html").is_file()
    assert menu_of(site / "index.html") == [
        "Home",
        "Glossary A-Z",
        "Tactics",
        "Playbooks",
        "Categories",
        "Sources",
        "What changed",
    ]
    assert 'href="tactics/"' in (site / "index.html").read_text(encoding="utf-8")
    assert "lists a first tactic" not in (site / "index.html").read_text(encoding="utf-8")
    # no classifier questions yet: still no classifier page, and the tactic's page does not offer it
    assert not (site / "classifier").exists()
    assert [link for link in links_to_optional_pages(site) if "classifier" in link] == []
    assert site_rules.broken_links(site) == []


def test_a_new_project_builds_strict_with_plain_mkdocs_before_and_after_its_first_tactic(
    new_project: Path, tmp_path: Path
) -> None:
    plain_mkdocs_build(new_project, tmp_path / "before")
    assert not (tmp_path / "before" / "tactics").exists()
    (new_project / "playbooks" / "tactics.yaml").write_text(first_tactic_from_readme(new_project), encoding="utf-8")
    plain_mkdocs_build(new_project, tmp_path / "after")  # the page is there, though the menu lacks it
    assert (tmp_path / "after" / "tactics" / "webinar" / "index.html").is_file()


def test_serving_a_new_project_the_first_tactic_joins_every_pages_menu(new_project: Path, tmp_path: Path) -> None:
    """A dirty rebuild renders only the pages whose Markdown changed; the menu changed on all of them."""
    served = tmp_path / "served"
    (new_project / "build" / "docs").mkdir(parents=True)  # as `glossary serve` makes it

    def serve_build(dirty: bool) -> None:
        config = load_config(str(new_project / "mkdocs.yml"), site_dir=str(served))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)

    serve_build(dirty=False)
    term_page = served / "glossary" / "marketing-qualified-lead" / "index.html"
    assert "Tactics" not in menu_of(term_page)
    (new_project / "playbooks" / "tactics.yaml").write_text(first_tactic_from_readme(new_project), encoding="utf-8")
    serve_build(dirty=True)
    assert "Tactics" in menu_of(term_page)
    assert "Tactics" in menu_of(served / "404.html")
