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
from generator.build import build_site
from generator.cli import main
from generator.text import counted


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
