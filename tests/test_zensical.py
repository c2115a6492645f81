"""Material's successor: the generated docs build with Zensical too (`glossary build --engine zensical`).

Zensical runs no MkDocs plugin and renders Material's templates with MiniJinja, so these
tests build the fixture site and a 1,000-term corpus with it and check that the pages that
matter exist and carry the glossary's own assets. They need the `zensical` extra (installed
by `make test`); the configuration and the missing-engine error are checked without it.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from generator import CheckOptions
from generator.commands.cli import main
from generator.core.config import ProjectConfig, Tagged, parse_config
from generator.site.build import build_site
from generator.site.engines import SAFE_LINKS, EngineMissing, zensical_config
from generator.site.staging import BuildError

from .conftest import REPO, site_project

SKELETON = REPO / "generator" / "skeleton"

sys.path.insert(0, str(REPO / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

NEEDS_ZENSICAL = "Zensical is not installed: pip install -e '.[zensical]' (make test installs it)"


def zensical_build(project: Path) -> Path:
    pytest.importorskip("zensical", reason=NEEDS_ZENSICAL)
    report = build_site(project, options=CheckOptions(), engine="zensical")
    return report.site_dir


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/site built by Zensical, once for this module."""
    project = site_project(tmp_path_factory.mktemp("zensical") / "project")
    zensical_build(project)
    return project


def scripts_and_styles(page: Path) -> set[str]:
    html = page.read_text(encoding="utf-8")
    return {Path(src).name for src in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)}


def test_the_pages_that_matter_exist_with_the_glossarys_assets(fixture_site: Path) -> None:
    site = fixture_site / "site"
    term = site / "glossary" / "cost-per-lead" / "index.html"
    for page in (term, site / "glossary" / "index.html", site / "classifier" / "index.html"):
        assert {"glossary.js", "classifier.js", "tactics.js", "glossary.css"} <= scripts_and_styles(page), page
    assert {"material-fixes.css", "identity.css"} <= scripts_and_styles(term)  # our Material overrides ran
    assert "Maintained by" in term.read_text(encoding="utf-8")  # the footer override (partials/copyright.html)
    assert json.loads((site / "assets" / "glossary" / "classifier.json").read_text(encoding="utf-8"))
    terms = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    assert any(t.get("id") == "cost-per-lead" for t in terms["terms"])
    assert (site / "tactics" / "webinar" / "index.html").is_file()
    redirect = (site / "glossary" / "demand-gen" / "index.html").read_text(encoding="utf-8")
    assert 'url=../demand-generation/"' in redirect  # the alias page, copied as written


def test_the_files_for_assistants_are_added_after_zensical(fixture_site: Path) -> None:
    """Zensical runs no plugin: engines.run_zensical writes llms.txt and the Markdown copies before its swap."""
    site = fixture_site / "site"
    assert (site / "llms.txt").read_text(encoding="utf-8").startswith("# ")
    assert "## Term: Cost per lead (CPL)" in (site / "llms-full.txt").read_text(encoding="utf-8")
    assert (site / "glossary" / "cost-per-lead.md").read_text(encoding="utf-8").startswith("# Cost per lead (CPL)\n")
    assert (site / "glossary" / "cost-per-lead" / "index.html").is_file()  # the page is still Zensical's


def test_listing_pages_stay_out_of_zensicals_search(fixture_site: Path) -> None:
    index = json.loads((fixture_site / "site" / "search.json").read_text(encoding="utf-8"))
    pages = {item["location"].split("#")[0] for item in index["items"]}
    assert "glossary/cost-per-lead/" in pages
    assert not pages & {"", "glossary/", "sources/", "categories/", "tactics/", "playbooks/"}


def test_the_build_leaves_nothing_behind(fixture_site: Path) -> None:
    build = fixture_site / "build"
    assert not list(build.glob(".zensical-*.yml")) and not list(build.glob(".zensical-site-build-*"))
    assert not (fixture_site / ".cache").exists()  # Zensical's cache lives in build/
    assert not [p for p in fixture_site.iterdir() if p.name.startswith(".site-build-")]


def test_a_failed_zensical_build_keeps_the_previous_site(fixture_site: Path) -> None:
    site = fixture_site / "site"
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    partial = fixture_site / "site_config" / "overrides" / "partials" / "copyright.html"
    kept = partial.read_text(encoding="utf-8")
    partial.write_text('{{ config.site_name.startswith("x") }}', encoding="utf-8")  # Jinja2 only
    try:
        with pytest.raises(BuildError, match=r"(?s)previous site/ is unchanged.*startswith"):
            build_site(fixture_site, options=CheckOptions(), engine="zensical")
    finally:
        partial.write_text(kept, encoding="utf-8")
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not list((fixture_site / "build").glob(".zensical*"))


def test_a_generated_corpus_builds(tmp_path: Path) -> None:
    """Aliases' redirect pages, the tactics page's script, no classifier page without questions and the
    data files, on the synthetic corpus the benchmarks use. 200 terms prove what this test says; the
    1,000-term build is timed by benchmarks/bench_proof.py, not here (it took 25 s of every test run)."""
    project = tmp_path / "corpus"
    make_corpus(200, project)
    shutil.copytree(REPO / "site_config", project / "site_config")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    site = zensical_build(project)
    assert (site / "glossary" / "term-00007" / "index.html").is_file()
    assert "url=../term-00007/" in (site / "glossary" / "term-00007-alias" / "index.html").read_text(encoding="utf-8")
    assert "classifier.js" in scripts_and_styles(site / "tactics" / "index.html")
    assert not (site / "classifier").exists()  # the corpus asks no classifier question: no page of nothing
    assert len(json.loads((site / "terms.json").read_text(encoding="utf-8"))["terms"]) == 200


def zensical_settings(project: Path, config: str) -> dict:
    """The settings Zensical would build ``project`` from, with ``config`` as its mkdocs.yml, as YAML
    reads them back (tags kept as written)."""
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    work = project / "build"
    text = zensical_config(
        ProjectConfig.read(project), work=work, docs_dir=work / "docs", site_dir=work / ".zensical-site-build-1-x"
    )
    return parse_config(text)


def test_zensicals_configuration_is_mkdocs_yml_without_the_plugin(tmp_path: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    settings = zensical_settings(tmp_path, config)
    original = yaml.safe_load(config)
    assert [p for p in settings["plugins"] if p == "glossary" or "glossary" in p] == []  # the plugin goes
    assert settings["plugins"] == original["plugins"][:1] and settings["watch"] == original["watch"]
    assert settings["theme"]["custom_dir"] == str((tmp_path / "site_config" / "overrides").resolve())
    assert (settings["docs_dir"], settings["site_dir"]) == ("docs", ".zensical-site-build-1-x")
    assert settings["markdown_extensions"] == [SAFE_LINKS, *original["markdown_extensions"]]  # the check on links
    assert settings["theme"]["variant"] == "classic"  # Material's look, not Zensical's own
    ours = {"docs_dir", "site_dir", "markdown_extensions", "plugins", "theme", "nav"}
    assert {k: v for k, v in settings.items() if k not in ours} == {k: v for k, v in original.items() if k not in ours}


def test_the_menu_names_the_optional_pages_only_when_generated(tmp_path: Path) -> None:
    """As the plugin does for MkDocs: Tactics and Classifier in the menu exactly when their pages exist."""
    ours, skeleton = (REPO / "mkdocs.yml").read_text(encoding="utf-8"), (SKELETON / "mkdocs.yml").read_text("utf-8")
    titles = lambda settings: [next(iter(entry)) for entry in settings["nav"]]  # noqa: E731
    with_both = ["Home", "Glossary A-Z", "Tactics", "Classifier", "Playbooks", "Categories", "Sources", "What changed"]
    without = ["Home", "Glossary A-Z", "Playbooks", "Categories", "Sources", "What changed"]
    assert titles(zensical_settings(tmp_path, ours)) == without  # no docs generated: no such pages
    assert titles(zensical_settings(tmp_path, skeleton)) == without
    docs = tmp_path / "build" / "docs"
    (docs / "tactics").mkdir(parents=True)
    (docs / "tactics" / "index.md").write_text("# Tactics\n", encoding="utf-8")
    assert titles(zensical_settings(tmp_path, skeleton)) == ["Home", "Glossary A-Z", "Tactics", *without[2:]]
    (docs / "classifier.md").write_text("# Classifier\n", encoding="utf-8")
    assert titles(zensical_settings(tmp_path, skeleton)) == with_both  # added after the A-Z
    assert titles(zensical_settings(tmp_path, ours)) == with_both == titles(yaml.safe_load(ours))  # kept as written


@pytest.mark.parametrize(
    "extensions",
    [
        "markdown_extensions: [tables, toc]\n",  # flow style, as `glossary import` writes
        "markdown_extensions:  # Python-Markdown's\n  - tables\n  - toc\n",  # a comment on its first line
        "markdown_extensions:\n- tables\n- toc\n",  # items not indented
        "markdown_extensions:\n    - tables\n    # a comment between\n    - toc\n",
        "markdown_extensions: {tables: {}, toc: {}}\n",  # a mapping
    ],
)
def test_the_check_on_links_is_added_whatever_the_style(tmp_path: Path, extensions: str) -> None:
    settings = zensical_settings(tmp_path, f"site_name: x\nplugins: [search, glossary]\n{extensions}")
    assert list(settings["markdown_extensions"]) == [SAFE_LINKS, "tables", "toc"]
    assert settings["plugins"] == ["search"]


def test_without_markdown_extensions_the_check_is_the_only_one(tmp_path: Path) -> None:
    settings = zensical_settings(tmp_path, "site_name: x\ntheme: material\n")
    assert settings["markdown_extensions"] == [SAFE_LINKS]
    assert settings["theme"] == {"name": "material", "variant": "classic"}


def test_mkdocs_tags_are_written_back_as_they_were(tmp_path: Path) -> None:
    config = (
        "site_name: !ENV [SITE_NAME, Glossary]\n"
        "INHERIT: base.yml\n"
        "theme: {name: material, variant: modern}\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    )
    settings = zensical_settings(tmp_path, config)
    assert settings["site_name"] == Tagged("!ENV", ["SITE_NAME", "Glossary"])  # Zensical resolves it itself
    emoji = settings["markdown_extensions"][1]["pymdownx.emoji"]
    assert emoji["emoji_index"] == Tagged("tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji", "")
    assert settings["INHERIT"] == str((tmp_path / "base.yml").resolve())  # the copy lives elsewhere
    assert settings["theme"]["variant"] == "modern"  # a variant the theme names stays


@pytest.mark.parametrize(
    "plugins",
    [
        "plugins:\n  - search\n  - glossary\n  - tags\n",
        "plugins:\n  - search\n  - glossary: {currency: EUR}\n  - tags\n",
        "plugins:\n  - search\n  - glossary:\n      currency: EUR\n\n      locale: de-DE\n  - tags\n",
        "plugins: [search, glossary, tags]\n",
        "plugins:\n- search\n- glossary:\n    currency: EUR\n- tags\n",
        "plugins:\n  search: {}\n  glossary: {currency: EUR}\n  tags: {}\n",  # a mapping, which MkDocs takes too
    ],
)
def test_every_form_of_the_plugin_entry_goes(tmp_path: Path, plugins: str) -> None:
    settings = zensical_settings(tmp_path, f"site_name: x\n{plugins}watch:\n  - glossary\n")
    assert list(settings["plugins"]) == ["search", "tags"]
    assert settings["watch"] == ["glossary"]


def test_without_zensical_the_error_names_the_extra_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    project = site_project(tmp_path / "project")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else real(name, *a))
    with pytest.raises(EngineMissing, match=r"\[zensical\]"):
        build_site(project, options=CheckOptions(), engine="zensical")
    assert main(["build", "--engine", "zensical", str(project)]) != 0
    assert "gtm-glossary[zensical]" in capsys.readouterr().err
    assert not (project / "build").exists() and not (project / "site").exists()


@pytest.mark.parametrize("flow_style", [False, True], ids=["block-style", "flow-style"])
def test_link_targets_get_the_plugins_last_check(fixture_site: Path, tmp_path: Path, flow_style: bool) -> None:
    """Zensical renders with Python-Markdown: SafeLinksExtension runs there too (not in plain MkDocs),
    also when mkdocs.yml lists the extensions in flow style, as `glossary import` writes them."""
    from generator.site.engines import run_zensical

    project = tmp_path / "project"
    shutil.copytree(fixture_site, project, ignore=shutil.ignore_patterns("site", ".cache"))
    if flow_style:
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        config, replaced = re.subn(r"(?m)^markdown_extensions:\n(?:[ -].*\n)*", "", config)
        assert replaced == 1
        config += "markdown_extensions: [tables, admonition, {toc: {permalink: true}}]  # as imported\n"
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    with (project / "build" / "docs" / "sources.md").open("a", encoding="utf-8") as page:
        page.write("\n[evil](javascript:alert(1)) and [ref][r]\n\n[r]: javascript:alert(2)\n")
    run_zensical(ProjectConfig.read(project), project / "build" / "docs", project / "site", strict=False)
    html = (project / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    assert '<a href="#">evil</a>' in html and "javascript:" not in html


@pytest.mark.parametrize(
    ("glossary", "repo_url", "link"),
    [
        ({"propose_change_url": "https://x.example/new"}, None, "https://x.example/new"),
        ({"propose_change_url": "mailto:team@example.com"}, None, "mailto:team@example.com"),
        ({"propose_change_url": "javascript:alert(1)"}, None, "../#proposing-a-change"),
        ({}, "https://git.example.org/gtm/glossary/", "https://git.example.org/gtm/glossary/issues/new"),
        ({}, "http://git.example.org/gtm", "http://git.example.org/gtm/issues/new"),
        ({}, None, "../#proposing-a-change"),  # the home page's section
    ],
)
def test_the_footer_template_without_string_methods_still_picks_the_link(
    glossary: dict, repo_url: str, link: str
) -> None:
    """partials/copyright.html under Jinja2 (MkDocs); Zensical's MiniJinja renders it in the builds above."""
    import jinja2

    folder = REPO / "site_config" / "overrides" / "partials"
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(folder))
    environment.filters["url"] = lambda path: "../" + path  # MkDocs': relative to the page
    config = {"extra": {"glossary": {"team": "the team", **glossary}, "generator": False}, "repo_url": repo_url}
    html = environment.get_template("copyright.html").render(config=config, nav={"homepage": {"url": ""}})
    assert re.findall(r'<a href="([^"]*)">Propose a change</a>', html) == [link]
