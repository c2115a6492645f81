"""`glossary init`: a new project that passes `check --strict` and builds, and never overwrites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import load_project
from generator.checks.records import CheckOptions
from generator.commands.cli import main
from generator.site.build import build_site

from .conftest import TODAY, mkdocs_build, without_glossary_plugin


def review_date(project: Path) -> str:
    """The project's own "today": its newest review date. Review ages count to it, so no fixed date
    goes stale when the starter content is reviewed again, and the clock is never read."""
    glossary = load_project(project, CheckOptions(today=None)).require()
    return max((t.last_reviewed for t in glossary.terms.values() if t.last_reviewed), default=TODAY).isoformat()


def init(*args: str) -> int:
    return main(["init", *args])


@pytest.mark.parametrize("starter", [False, True], ids=["skeleton", "starter"])
def test_a_new_project_passes_strict_check_and_builds(
    tmp_path: Path, starter: bool, capsys: pytest.CaptureFixture
) -> None:
    project = tmp_path / "new"
    assert init(str(project), *(["--starter"] if starter else [])) == 0
    assert "glossary check --strict" in capsys.readouterr().out
    for name in ("mkdocs.yml", "README.md", ".gitignore", "glossary/_sources.yaml", "glossary/_categories.yaml"):
        assert (project / name).is_file(), name
    assert (project / "site_config" / "overrides" / "main.html").is_file()
    assert main(["check", str(project), "--strict", "--today", review_date(project)]) == 0, capsys.readouterr()
    report = build_site(project, options=CheckOptions(today=TODAY))
    site = report.site_dir
    assert (site / "index.html").is_file()
    assert (site / "assets" / "material-fixes.css").is_file()  # the project's overrides are in use
    terms = [p.stem for p in (project / "glossary").glob("*.yaml") if not p.name.startswith("_")]
    assert terms and all((site / "glossary" / term / "index.html").is_file() for term in terms)
    for path in (project / "glossary").glob("*.yaml"):
        assert "../generator/" not in path.read_text(encoding="utf-8"), path  # no schema link to a checkout


def test_the_skeleton_has_one_example_term(tmp_path: Path) -> None:
    assert init(str(tmp_path / "new")) == 0
    terms = [p.name for p in (tmp_path / "new" / "glossary").glob("*.yaml") if not p.name.startswith("_")]
    assert len(terms) == 1


def test_the_new_mkdocs_yml_builds_without_the_plugin(tmp_path: Path) -> None:
    project = tmp_path / "new"
    assert init(str(project)) == 0
    assert main(["generate", str(project)]) == 0  # build/docs: the pages as Markdown
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plain = without_glossary_plugin(config)
    (project / "plain.yml").write_text(plain, encoding="utf-8")
    result = mkdocs_build(project, "--strict", "-f", "plain.yml", "-d", "plain-site")
    assert result.returncode == 0, result.stderr
    assert (project / "plain-site" / "assets" / "material-fixes.css").is_file()
    # The site's own look comes along: colours, logo, and a footer naming the team, not the theme.
    assert (project / "plain-site" / "assets" / "identity.css").is_file()
    assert (project / "plain-site" / "assets" / "glossary" / "logo.svg").is_file()
    home = (project / "plain-site" / "index.html").read_text(encoding="utf-8")
    assert "Maintained by the go-to-market team" in home and "Made with" not in home


def test_the_default_folder_is_the_current_one(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "init"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mkdocs.yml").is_file()


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    assert init(str(tmp_path)) == 2
    assert f"{tmp_path / 'notes.txt'} exists" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_project_is_never_written_over(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert init(str(tmp_path / "new")) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "new").rglob("*") if p.is_file()}
    assert init(str(tmp_path / "new"), "--starter") == 2
    assert "never overwrites" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (tmp_path / "new").rglob("*") if p.is_file()} == before


def test_a_fresh_git_repository_is_accepted(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    assert init(str(tmp_path)) == 0
    assert (tmp_path / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"


def test_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "file").write_text("")
    assert init(str(tmp_path / "file")) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.parametrize("inside", ["glossary/new", "playbooks/new", "site/new"])
def test_no_project_inside_another_projects_sources_or_site(
    tmp_path: Path, inside: str, capsys: pytest.CaptureFixture
) -> None:
    assert init(str(tmp_path / "outer")) == 0
    assert init(str(tmp_path / "outer" / inside)) == 2
    assert f"inside the {inside.split('/')[0]}/ folder" in capsys.readouterr().err
    assert not (tmp_path / "outer" / inside).exists()


def test_a_projects_own_template_replaces_the_packaged_one(tmp_path: Path) -> None:
    project = tmp_path / "new"
    assert init(str(project)) == 0
    templates = project / "site_config" / "templates"
    templates.mkdir()
    (templates / "home.md.j2").write_text("# Our own home page\n")
    build_site(project, options=CheckOptions(today=TODAY))
    assert "Our own home page" in (project / "site" / "index.html").read_text()
    assert main(["generate", str(project)]) == 0  # the same pages as Markdown
    assert (project / "build" / "docs" / "index.md").read_text() == "# Our own home page\n"
    assert (project / "build" / "docs" / "glossary" / "index.md").is_file()  # the other templates: packaged


def fake_starter(tmp_path: Path, capsys: pytest.CaptureFixture) -> Path:
    """A starter written for the test (tests/fixtures/base with a quote), locked against a stored copy
    that stays in tmp_path, outside anything the package or the new project holds."""
    import shutil

    from .conftest import FIXTURES

    starter = tmp_path / "package" / "starter"
    for name in ("glossary", "playbooks"):
        shutil.copytree(FIXTURES / "base" / name, starter / name)
    copies = tmp_path / "private-copies"
    copies.mkdir()
    (copies / "a.txt").write_text("Source A says a lead is someone who showed interest.\n", encoding="utf-8")
    registry = starter / "glossary" / "_sources.yaml"
    registry.write_text(registry.read_text().replace("    title: Source A\n", "    title: Source A\n    file: a.txt\n"))
    lead = starter / "glossary" / "lead.yaml"
    lead.write_text(
        lead.read_text().replace("  - source: seed-a\n", '  - {source: seed-a, quote: "a lead is someone"}\n')
    )
    assert main(["sources", "lock", str(starter), "--stored-copies", str(copies), "--today", "2026-01-05"]) == 0
    capsys.readouterr()
    return starter


def test_the_starter_keeps_its_quotes_verified_by_its_lock_with_no_copies_anywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package carries no stored copies: the new project gets the starter's lock, and its check
    verifies every quote against it (no warning, so `check --strict` passes)."""
    import generator.scaffold.new_project as new_project

    starter = fake_starter(tmp_path, capsys)
    monkeypatch.setattr(new_project, "packaged_folder", lambda name: starter / name.split("/", 1)[1])
    project = tmp_path / "new"
    assert init(str(project), "--starter") == 0
    assert "verified against glossary/_sources.lock" in capsys.readouterr().out
    assert (project / "glossary" / "_sources.lock").read_text() == (starter / "glossary" / "_sources.lock").read_text()
    assert 'quote: "a lead is someone"' in (project / "glossary" / "lead.yaml").read_text()
    assert main(["check", str(project), "--strict", "--today", review_date(project)]) == 0
    assert "quotes: 1 verified against glossary/_sources.lock" in capsys.readouterr().err
    [quote] = load_project(project, CheckOptions(today=TODAY)).require().quote_checks["seed-a"]
    assert (quote.how, quote.verified.isoformat()) == ("lock", "2026-01-05")


def test_the_shipped_starter_carries_a_lock_that_covers_its_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Whatever the starter quotes, the new project verifies it without copies: no quote is left unverified."""
    project = tmp_path / "new"
    assert init(str(project), "--starter") == 0
    capsys.readouterr()
    result = load_project(project, CheckOptions(today=None))
    unverified = [p.as_text() for p in result.problems if p.code.startswith(("quote-", "stored-copy", "sources-lock"))]
    assert unverified == []
    checks = [c for checks in result.require().quote_checks.values() for c in checks]
    assert all(c.how == "lock" for c in checks)
