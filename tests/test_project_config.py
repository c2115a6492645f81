"""One reader of mkdocs.yml (generator/core/config.py), used by build, export, link and new term.

The site's address, the calculators' number format and the edit links' base come from the
same object, whatever style the file is written in and whatever MkDocs tags it uses; a file
that is not YAML is one line naming it and the line, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.core.config import ProjectConfig, ProjectConfigError, Tagged
from generator.site.calculator import NumberFormat, number_format_of

from .conftest import REPO


def config_of(folder: Path, text: str) -> ProjectConfig:
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    return ProjectConfig.read(folder)


@pytest.mark.parametrize(
    "line",
    [
        "site_url: https://terms.example.org/\n",
        "site_url: 'https://terms.example.org/'  # published here\n",
        'site_url: "https://terms.example.org/"\n',
        "site_url:\n  https://terms.example.org/\n",  # a value on the next line, which a pattern missed
        "site_url: !ENV [GLOSSARY_SITE_URL, 'https://terms.example.org/']\n",  # MkDocs' default when unset
    ],
)
def test_the_site_url_is_read_in_any_style(tmp_path: Path, line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLOSSARY_SITE_URL", raising=False)
    assert config_of(tmp_path, f"site_name: x\n{line}").site_url == "https://terms.example.org/"


def test_env_tags_read_the_environment_as_mkdocs_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_SITE_URL", "https://staging.example.org/")
    config = config_of(
        tmp_path, "site_url: !ENV [GLOSSARY_SITE_URL, 'https://terms.example.org/']\nrepo_url: !ENV NONE_SET\n"
    )
    assert config.site_url == "https://staging.example.org/"
    assert config.repo_url is None and config.edit_base is None
    assert config.raw["site_url"] == Tagged("!ENV", ["GLOSSARY_SITE_URL", "https://terms.example.org/"])  # kept


def test_a_commented_out_site_url_is_no_site_url(tmp_path: Path) -> None:
    assert config_of(tmp_path, "site_name: x\n# site_url: https://terms.example.org/\n").site_url is None
    assert ProjectConfig.read(tmp_path / "nowhere").site_url is None  # no mkdocs.yml: nothing configured


def test_python_tags_are_neither_refused_nor_taken_for_values(tmp_path: Path) -> None:
    config = config_of(
        tmp_path,
        "site_url: !!python/name:os.getcwd\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
    )
    assert config.site_url is None  # never a string made of a tag


@pytest.mark.parametrize(
    ("plugins", "edit_base", "numbers"),
    [
        ("plugins:\n  - glossary:\n      edit_url: https://git.example.org/x/edit/trunk\n      currency: eur\n",
         "https://git.example.org/x/edit/trunk/", NumberFormat("fr", "EUR")),
        ("plugins: {glossary: {locale: de-CH}, search: {}}\n", "https://git.example.org/r/edit/main/",
         NumberFormat("de-CH", "USD")),
        ("plugins: [search, glossary]\n", "https://git.example.org/r/edit/main/", NumberFormat("fr", "USD")),
    ],
)  # fmt: skip
def test_the_plugins_options_in_every_form(tmp_path: Path, plugins: str, edit_base: str, numbers: NumberFormat) -> None:
    config = config_of(
        tmp_path, f"repo_url: https://git.example.org/r\ntheme: {{name: material, language: fr}}\n{plugins}"
    )
    assert config.lists_plugin
    assert config.edit_base == edit_base
    assert number_format_of(config) == numbers


def test_the_shipped_configuration_reads(tmp_path: Path) -> None:
    config = config_of(tmp_path, (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config.lists_plugin and config.plugin_options == {"currency": "USD"}
    assert config.site_url == "https://glossary.example.com/"


def test_a_configuration_that_is_not_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ProjectConfigError, match=r"mkdocs\.yml:3: not valid YAML"):
        config_of(tmp_path, "site_name: x\nsite_url: https://x.example/\ntheme: name: material\nnav: []\n")
    with pytest.raises(ProjectConfigError, match=r"mkdocs\.yml:1: expected settings"):
        config_of(tmp_path, "- just a list\n")


def test_the_commands_say_so_in_one_line_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    assert main(["init", str(project)]) == 0
    (project / "mkdocs.yml").write_text("site_name: x\n\nsite_url: x: y\n", encoding="utf-8")
    capsys.readouterr()
    for command in (
        ["build", str(project)],
        ["export", "--format", "csv", "-o", str(tmp_path / "t.csv"), str(project)],
    ):
        assert main(command) != 0
        err = capsys.readouterr().err
        assert "mkdocs.yml:3: not valid YAML" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert not (project / "site").exists() and not (tmp_path / "t.csv").exists()
