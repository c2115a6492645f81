"""The repository's own content, judged only by rules that hold for any content.

A team edits glossary/ and playbooks/ every week, so nothing here names a term or counts them:
`glossary check --strict` passes, the site builds, every page, redirect, link and anchor exists,
search finds every term by each of its names, and every quote verifies against the committed lock.
No test here reads the stored copies: with them at hand, `glossary check --strict` judges the quotes,
the lock, the team's own words and the tables against them (CI's `make check`).
The adoption test makes the edits a team makes (a term added, one renamed, one deleted) to a copy
and runs the same checks. Everything else about the generator is tested on tests/fixtures/.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import CheckOptions, Glossary, check_project, load_project
from generator.core.text import WIKILINK
from generator.site.build import build_site

from . import site_rules
from .conftest import REPO, check, strings

CONTENT = ("glossary", "playbooks", "site_config", "mkdocs.yml")
#: Fields whose value is a list of term ids: a reference a contributor removes by deleting one entry.
TERM_LIST_FIELDS = ("related", "contrasts_with", "terms")


def content_date(root: Path) -> dt.date:
    """The content's own "today": its newest review date, so the check never reads the clock, a
    review dated after any fixed date is not "in the future", and review ages still count."""
    glossary = load_project(root, CheckOptions(today=None)).require()
    dates = [t.last_reviewed for t in glossary.terms.values() if t.last_reviewed]
    return max(dates, default=dt.date(2026, 1, 1))


def copy_repository(target: Path) -> Path:
    for name in CONTENT:  # glossary/ holds the sources lock: the copy's quotes verify against it
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, target / name)
    return target


def content_problems(root: Path, site: Path) -> list[str]:
    """Every content-agnostic rule the built site of ``root`` must keep."""
    glossary = load_project(root, CheckOptions(today=None)).require()
    return (
        site_rules.missing_pages(site, glossary)
        + site_rules.broken_links(site)
        + site_rules.unsearchable_names(site, glossary)
    )


def strict_check(root: Path) -> subprocess.CompletedProcess:
    """`glossary check --strict`, as CI and `make check` run it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", str(root), "--strict", "--today", str(content_date(root))],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    result = check(REPO, today=content_date(REPO))
    assert result.problems == (), "\n".join(p.as_text() for p in result.problems)
    return result.require(strict=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_repository(tmp_path_factory.mktemp("repository"))
    build_site(project, options=CheckOptions())
    return project


def test_repository_content_passes_strict_check(glossary: Glossary) -> None:
    result = strict_check(REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_quote_verifies_against_the_committed_lock_without_the_copies() -> None:
    """A fresh clone has no stored copies: whatever the content quotes, glossary/_sources.lock covers
    it (no quote-*, stored-copy-* or sources-lock-* problem), so `make site` passes anywhere."""
    result = check_project(REPO, CheckOptions(today=content_date(REPO)))
    found = [p.as_text() for p in result.problems if p.code.startswith(("quote-", "stored-copy", "sources-lock"))]
    assert found == []
    assert result.quotes.get("none", 0) == 0 and result.quotes.get("copy", 0) == 0


def test_the_site_builds_with_every_page_link_anchor_and_search_name(built: Path) -> None:
    assert content_problems(built, built / "site") == []


def test_every_item_cites_a_source_and_every_stored_copy_exists(glossary: Glossary) -> None:
    for item in [*glossary.terms.values(), *glossary.tactics.values(), *glossary.playbooks.values()]:
        assert item.sources, f"{item!r} cites nothing"
    locked = yaml.safe_load((REPO / "glossary" / "_sources.lock").read_text(encoding="utf-8"))["sources"]
    for source in glossary.sources.values():  # every stored copy was at hand when the lock was written
        assert source.file is None or locked[source.id]["file"] == source.file, source.id


@pytest.mark.parametrize("folder", ["glossary", "playbooks"])
def test_content_parses_the_same_with_the_pure_python_yaml_parser(folder: str) -> None:
    """libyaml accepts a few things the YAML spec (and PyYAML's own parser) refuse, such as a
    plain scalar ending in '?' inside {flow}: other tools reading these files must not choke."""
    for path in sorted((REPO / folder).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader), path.name


# --- a team's first pull requests: add, rename, delete ---------------------------------------------


def yaml_files(root: Path) -> list[Path]:
    return sorted((root / "glossary").glob("*.yaml")) + sorted((root / "playbooks").glob("*.yaml"))


def strictly_clean(root: Path) -> bool:
    result = check_project(root, CheckOptions(today=content_date(root)))
    return not result.problems


def add_term(root: Path, glossary: Glossary) -> str:
    """A new term, written as a contributor would: cited, categorised, linked from a related term."""
    new_id = "adoption-check-term"
    assert glossary.lookup(new_id) is None
    host = next(iter(glossary.terms.values()))
    data = {
        "id": new_id,
        "term": "Adoption check term",
        "summary": "A term a test adds to a copy of the repository.",
        "definition": f"Added by the adoption test; see [[{host.id}]].",
        "related": [host.id],
        "sources": [{"source": next(iter(glossary.sources))}],
        "last_reviewed": content_date(root).isoformat(),
    }
    if glossary.categories:
        data["category"] = next(iter(glossary.categories))
    (root / "glossary" / f"{new_id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    host_file = root / "glossary" / f"{host.id}.yaml"
    host_data = yaml.safe_load(host_file.read_text(encoding="utf-8"))
    host_data["related"] = [*host_data.get("related", []), new_id]
    host_file.write_text(yaml.safe_dump(host_data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return new_id


def rename_term(root: Path, old: str) -> str:
    """Give ``old`` a new id: every reference to it is rewritten (as `sed` would), the file moves,
    and the old id goes under former_ids so its URL keeps working."""
    new = f"{old}-renamed"
    id_pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for path in yaml_files(root):
        text = path.read_text(encoding="utf-8")
        path.write_text(id_pattern.sub(new, text), encoding="utf-8")
    moved = root / "glossary" / f"{new}.yaml"
    (root / "glossary" / f"{old}.yaml").rename(moved)
    data = yaml.safe_load(moved.read_text(encoding="utf-8"))
    data["former_ids"] = [*data.get("former_ids", []), old]
    moved.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return new


def removable_by_list_edits(documents: list[object], glossary: Glossary, term_id: str) -> bool:
    """True when every reference to ``term_id`` in ``documents`` (the content's YAML files, parsed
    once for all terms: parsing them again per term was most of this test's time) is an entry of a
    list of term ids (no link in text, no broader, stage, formula input, successor or funnel step):
    deleting it is a matter of deleting those entries."""
    for document in documents:
        for key, value in strings(document):
            for match in WIKILINK.finditer(value):
                target = glossary.lookup(match.group(1).strip())
                if target is not None and target.id == term_id:
                    return False
            if value == term_id and key not in TERM_LIST_FIELDS and key != "id":
                return False
    return True


def delete_term(root: Path, term_id: str) -> None:
    """Delete the term's file and drop it from every list of term ids that names it."""
    (root / "glossary" / f"{term_id}.yaml").unlink()
    for path in yaml_files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not any(value == term_id for _, value in strings(data)):
            continue

        def drop(value: object) -> object:
            if isinstance(value, dict):
                kept = {}
                for key, item in value.items():
                    if key in TERM_LIST_FIELDS and isinstance(item, list):
                        item = [entry for entry in item if entry != term_id]
                        if not item:
                            continue
                    kept[key] = drop(item)
                return kept
            if isinstance(value, list):
                return [drop(item) for item in value]
            return value

        path.write_text(yaml.safe_dump(drop(data), sort_keys=False, allow_unicode=True), encoding="utf-8")


def first_that_stays_clean(root: Path, candidates: list[str], edit) -> str:
    """The first candidate whose edit, tried on a scratch copy, leaves the content strictly clean."""
    for candidate in candidates:
        scratch = root.parent / f"scratch-{candidate}"
        for name in ("glossary", "playbooks"):
            shutil.copytree(root / name, scratch / name)
        edit(scratch, candidate)
        clean = strictly_clean(scratch)
        shutil.rmtree(scratch)
        if clean:
            return candidate
    pytest.fail(f"no term of {candidates} can be edited so; the adoption test needs another strategy")


def test_a_team_can_add_rename_and_delete_terms(tmp_path: Path) -> None:
    """The repository as a team adopts it: one term added, one renamed through former_ids, one
    deleted, each picked from whatever content there is; then the check and the build pass."""
    root = copy_repository(tmp_path / "repository")
    glossary = load_project(root, CheckOptions(today=None)).require()
    added = add_term(root, glossary)

    other_ids = {*glossary.tactics, *glossary.playbooks, *glossary.categories, *glossary.sources, *glossary.tables}
    renamable = sorted(
        t for t in glossary.terms if "-" in t and t not in other_ids and glossary.lookup(f"{t}-renamed") is None
    )
    old = first_that_stays_clean(root, renamable, rename_term)
    new = rename_term(root, old)

    glossary = load_project(root, CheckOptions(today=None)).require()
    documents = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in yaml_files(root)]
    deletable = [
        t for t in sorted(glossary.terms) if t not in (added, new) and removable_by_list_edits(documents, glossary, t)
    ]
    deleted = first_that_stays_clean(root, deletable, delete_term)
    delete_term(root, deleted)

    result = strict_check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    build_site(root, options=CheckOptions())
    assert content_problems(root, root / "site") == []
    site = root / "site" / "glossary"
    assert (site / added / "index.html").is_file() and (site / new / "index.html").is_file()
    assert f'href="../{new}/"' in (site / old / "index.html").read_text(), "the old id no longer leads to the term"
    assert not (site / deleted).exists()
