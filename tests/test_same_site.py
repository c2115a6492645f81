"""`glossary build` hands MkDocs the pages in memory; the site must be the one plain MkDocs builds
from `glossary generate`'s build/docs, byte for byte (search index and sitemap included), but for the
files for AI assistants, which only the plugin writes.

Each project is built both ways: the in-memory path (`glossary build`, the plugin's ``on_files``)
and the old one (`glossary generate`, then `mkdocs build` with the plugin removed from mkdocs.yml).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.checks.records import CheckOptions
from generator.commands.cli import main
from generator.interop.llms import assistant_files
from generator.pipeline import load_project
from generator.site.build import build_site

from .conftest import REPO, mkdocs_build, site_project, without_glossary_plugin

sys.path.insert(0, str(REPO / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402


def corpus_project(target: Path, terms: int) -> Path:
    """A synthetic project (benchmarks/make_corpus.py) with the repository's templates and mkdocs.yml.

    The corpus asks no classifier question, so it has no classifier page: its mkdocs.yml must not
    list one (plain MkDocs refuses a nav entry without a page; our plugin drops it by itself)."""
    make_corpus(terms, target)
    shutil.copytree(REPO / "site_config", target / "site_config")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - Classifier: classifier.md\n" in config
    (target / "mkdocs.yml").write_text(config.replace("  - Classifier: classifier.md\n", ""), encoding="utf-8")
    return target


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("content", ["fixture", "corpus-50"])
def test_the_in_memory_build_is_the_site_plain_mkdocs_builds_from_the_docs(tmp_path: Path, content: str) -> None:
    project = tmp_path / "project"
    if content == "fixture":
        site_project(project)
    else:
        corpus_project(project, 50)
    build_site(project, options=CheckOptions())
    assert not list((project / "build" / "docs").rglob("*.md"))  # nothing written twice

    assert main(["generate", str(project)]) == 0
    (project / "plain.yml").write_text(without_glossary_plugin((project / "mkdocs.yml").read_text()))
    result = mkdocs_build(project, "--strict", "-f", "plain.yml", "-d", "plain-site")
    assert result.returncode == 0, result.stderr

    in_memory, plain = files_of(project / "site"), files_of(project / "plain-site")
    # llms.txt, llms-full.txt and the Markdown copies are written after the engine by the plugin (a .md
    # handed to MkDocs is a page to render: site/assistant_files.py); plain MkDocs writes none of them
    glossary = load_project(project, CheckOptions()).require()
    assistant = set(assistant_files(glossary, site_url=None, name=None, description=None))
    assert assistant <= set(in_memory) and not assistant & set(plain)
    in_memory = {name: data for name, data in in_memory.items() if name not in assistant}
    assert sorted(in_memory) == sorted(plain)
    assert [name for name in in_memory if in_memory[name] != plain[name]] == []
    assert "search/search_index.json" in in_memory and "sitemap.xml" in in_memory
