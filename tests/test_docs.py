"""The README stays true: its field reference is the schemas', its commands exist."""

from __future__ import annotations

import re

from generator.content.schema import field_reference_markdown

from .conftest import REPO

README = (REPO / "README.md").read_text()


def test_readme_field_reference_matches_the_schemas() -> None:
    section = re.search(r"<!-- fields:start -->\n(.*)<!-- fields:end -->", README, re.S).group(1)
    assert section.strip() == field_reference_markdown().strip(), (
        "README.md's field reference is out of date: regenerate it with `glossary schema --markdown`"
    )


def test_readme_shows_the_two_setup_commands_first() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make site" in quick_start and "make test" in quick_start


def test_quick_start_says_how_to_see_the_site() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "glossary serve" in quick_start and "http.server" in quick_start


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (REPO / "Makefile").read_text()
    for target in set(re.findall(r"`make (\w+)`", README)):
        assert re.search(rf"^{target}:", makefile, re.M), f"README names `make {target}`, Makefile lacks it"


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPO / ".ci" / "run").read_text()
