"""Names in any alphabet: every accepted name leads to its term; look-alikes are refused.

An alias 'Лид' (Russian for lead) once passed `glossary check`, and `[[Лид]]` was then an
unknown reference, because names were compared by their ASCII slug and 'Лид' has none.
An alias 'Leаd' with a Cyrillic 'а' was accepted beside the real 'Lead'.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.commands.cli import main
from generator.core.text import mixed_scripts, name_key, slugify
from generator.site.search_shards import read_index

from .conftest import check


def add_alias(project: Path, term_file: str, alias: str) -> None:
    path = project / "glossary" / term_file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("aliases", []).append(alias)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def link_from_lead(project: Path, wikilink: str) -> None:
    path = project / "glossary" / "lead.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["definition"] += f" In Russian: {wikilink}."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Buyer\u2019s journey", "buyers-journey"),
        ("MQL", "mql"),
        ("Café", "cafe"),
        ("Лид", "лид"),
        ("Le\u0430d", "lead"),  # Cyrillic а
        ("\uff2d\uff31\uff2c", "mql"),  # full-width letters
        ("がカ漢", "がカ漢"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


def test_name_key_equals_the_slug_for_ascii_names() -> None:
    for name in ["Marketing qualified lead", "Cost per lead (CPL)", "B2B", "  x--y  ", "it's"]:
        assert name_key(name) == slugify(name)


def test_mixed_scripts() -> None:
    assert mixed_scripts("Le\u0430d") == ["Cyrillic", "Latin"]
    assert mixed_scripts("Лид") == []
    assert mixed_scripts("日本語とEnglish") == []  # scripts written together
    assert mixed_scripts("Straße 2") == []


def test_a_non_latin_alias_resolves_in_links_lookup_and_glossary_link(project: Path, capsys) -> None:
    add_alias(project, "marketing-qualified-lead.yaml", "Лид")
    link_from_lead(project, "[[Лид]]")
    result = check(project)
    assert result.glossary is not None, [p.as_text() for p in result.problems]
    assert result.glossary.lookup("лид").id == "marketing-qualified-lead"
    assert main(["link", "Лид", "--project", str(project), "--format", "url"]) == 0
    assert capsys.readouterr().out.strip().endswith("glossary/marketing-qualified-lead/")


def test_a_lookalike_of_another_terms_name_is_refused(project: Path) -> None:
    add_alias(project, "marketing-qualified-lead.yaml", "Le\u0430d")
    problems = check(project).problems
    codes = {(p.path, p.code) for p in problems}
    assert ("glossary/marketing-qualified-lead.yaml", "duplicate-name") in codes
    assert ("glossary/marketing-qualified-lead.yaml", "mixed-script") in codes


def test_a_lookalike_in_a_link_reaches_the_real_term(project: Path) -> None:
    """[[Leаd]] with a Cyrillic а is the link a reader would expect: to Lead (it looks the same)."""
    result = check(project)
    assert result.glossary.lookup("Le\u0430d").id == "lead"


def test_search_index_and_terms_json_carry_a_non_latin_alias(project: Path, tmp_path: Path) -> None:
    import shutil

    from generator.checks.records import CheckOptions
    from generator.site.build import build_site

    from .conftest import REPO

    add_alias(project, "marketing-qualified-lead.yaml", "Лид")
    shutil.copytree(REPO / "site_config", project / "site_config")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    build_site(project, options=CheckOptions())
    page = next(page for page in read_index(project / "site") if page.location == "glossary/marketing-qualified-lead/")
    assert "Лид" in page.tags and "лид" in page.words and "лид" in page.names
    terms = json.loads((project / "site" / "terms.json").read_text(encoding="utf-8"))["terms"]
    assert "Лид" in next(t for t in terms if t["id"] == "marketing-qualified-lead")["aliases"]


@pytest.mark.parametrize(("alias", "link"), [("Воронка", "ВОРОНКА"), ("Воронка", "воронка"), ("Σύνοψις", "ΣΎΝΟΨΙΣ")])
def test_non_latin_names_are_case_insensitive(project: Path, alias: str, link: str) -> None:
    """Look-alikes differ by case ('В' looks like 'B', 'в' like nothing): case is folded first."""
    add_alias(project, "marketing-qualified-lead.yaml", alias)
    link_from_lead(project, f"[[{link}]]")
    result = check(project)
    assert result.glossary is not None, [p.as_text() for p in result.problems]
    assert result.glossary.lookup(link).id == "marketing-qualified-lead"
