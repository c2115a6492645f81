"""The site's own search index (generator/site/search_shards.py): what it holds, and that every word and
name sits in the shard the search worker looks it up in, however the shards are split.

The worker's side (the same words, the same shard keys) is in tests/test_search_worker.py; searching the
built fixture site in Chromium in tests/test_search_ranking.py; the bytes of a first search in
tests/test_search_bytes.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.interop.reading_text import as_read
from generator.model.urls import site_path
from generator.site import search_shards
from generator.site.page import Page
from generator.site.render import render_site
from generator.site.search_shards import (
    FOLDER,
    MANIFEST,
    file_key,
    name_key,
    read_index,
    search_pages,
    shard_key,
    words,
)

from .conftest import FIXTURES, check

GLOSSARY = check(FIXTURES / "site").require(strict=False)


def written(pages: list[Page], folder: Path) -> Path:
    for page in pages:
        (folder / page.path).parent.mkdir(parents=True, exist_ok=True)
        (folder / page.path).write_text(page.content, encoding="utf-8")
    return folder


def looked_up(site: Path, entry: str) -> dict:
    """The shard the worker reads for ``entry`` (a word or a name key): the longest key it starts with."""
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    key = shard_key(entry, manifest["shards"])
    assert key is not None, entry
    return json.loads((site / FOLDER / "w" / f"{file_key(key)}.json").read_text(encoding="utf-8"))


def test_every_term_tactic_and_playbook_is_found_by_its_words_and_names(tmp_path: Path) -> None:
    site = written(search_pages(GLOSSARY), tmp_path)
    pages = {page.location: page for page in read_index(site)}
    items = [*GLOSSARY.terms.values(), *GLOSSARY.tactics.values(), *GLOSSARY.playbooks.values()]
    assert set(pages) == {site_path(item) for item in items}
    mql = pages["glossary/marketing-qualified-lead/"]
    assert (
        mql.title == "Marketing qualified lead (MQL)" and mql.text == GLOSSARY.terms["marketing-qualified-lead"].summary
    )
    for term in GLOSSARY.terms.values():
        page = pages[site_path(term)]
        assert set(words(as_read(term.definition, GLOSSARY.lookup))) <= page.words, term.id
        for name in (*term.names, *term.forms):
            assert set(words(name)) <= page.words and name_key(name) in page.names, (term.id, name)
        assert set(words(term.id)) <= page.words
    tactic = pages[site_path(GLOSSARY.tactics["webinar"])]
    assert tactic.title.endswith(" (tactic)") and "webcast" in tactic.names


def test_the_classifier_page_is_found_by_its_title(tmp_path: Path) -> None:
    classifier = Page("classifier.md", "---\ntitle: Tactic classifier\ndescription: Lead or demand gen?\n---\n# X\n")
    site = written(search_pages(GLOSSARY, [classifier]), tmp_path)
    page = next(page for page in read_index(site) if page.location == "classifier/")
    assert page.title == "Tactic classifier" and page.text == "Lead or demand gen?" and "classifier" in page.words


@pytest.mark.parametrize("limit", [search_shards.SHARD_LIMIT, 300, 1])
def test_each_word_and_name_is_in_the_shard_the_worker_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Split to the last character or not at all, every entry is where the longest key leads."""
    monkeypatch.setattr(search_shards, "SHARD_LIMIT", limit)
    site = written(search_pages(GLOSSARY), tmp_path)
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    index = read_index(site)
    assert len(manifest["shards"]) > (60 if limit == 1 else 0)
    for number, page in enumerate(index):
        for word in page.words:
            shard = looked_up(site, word)
            pages, at = [], 0
            for gap in shard["w"][word][::2]:
                at += gap
                pages.append(at)
            assert number in pages, (word, page.location)
        for name in page.names:
            assert number in looked_up(site, name)["n"][name], (name, page.location)


def test_a_shard_over_the_limit_splits_by_a_longer_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_shards, "SHARD_LIMIT", 300)
    site = written(search_pages(GLOSSARY), tmp_path)
    keys = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["shards"]
    assert "lea" in keys or "lead" in keys  # "lead" and its company outgrow 300 bytes
    sizes = [path.stat().st_size for path in (site / FOLDER / "w").iterdir()]
    # a shard stays over the limit only when it holds a single long posting list
    assert sum(size > 300 for size in sizes) < len(sizes) / 2


def test_the_same_content_writes_the_same_index_and_a_change_another_hash(tmp_path: Path) -> None:
    first, again = search_pages(GLOSSARY), search_pages(GLOSSARY)
    assert first == again
    changed = check(FIXTURES / "site").require(strict=False)
    object.__setattr__(changed.terms["lead"], "summary", "Someone else entirely.")
    other = search_pages(changed)
    hashes = [json.loads(pages[0].content)["hash"] for pages in (first, other)]
    assert hashes[0] != hashes[1]
    shown = {page.path: page.content for page in other if "/d/" in page.path}
    assert [page.path for page in first if "/d/" in page.path and shown[page.path] != page.content]  # the summary


def test_the_pages_leave_materials_index_for_ours_unless_the_engine_searches_itself() -> None:
    ours = {page.path: page.content for page in render_site(GLOSSARY)}
    assert MANIFEST in ours
    assert "search:\n  exclude: true" in ours["glossary/lead.md"] and "boost:" not in ours["glossary/lead.md"]
    assert "search:\n  exclude: true" in ours["classifier.md"]
    engine = {page.path: page.content for page in render_site(GLOSSARY, own_search=False)}  # Zensical
    assert not [path for path in engine if path.startswith(FOLDER)]
    assert "search:\n  boost: 10" in engine["glossary/lead.md"]
    assert "exclude" not in engine["classifier.md"].split("---")[1]


def test_a_project_whose_overrides_predate_the_index_keeps_materials(tmp_path: Path) -> None:
    """Overrides are the project's own (copied by `glossary init`): with a main.html that does not point the
    search at our index, or none at all, the pages stay in Material's index, which its worker searches."""
    from generator.site.build import generate_docs
    from generator.site.search_shards import searches_own_index

    from .conftest import site_project

    project = site_project(tmp_path / "project")
    assert searches_own_index(project)
    main = project / "site_config" / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(MANIFEST, "search/other.json"), encoding="utf-8")
    assert not searches_own_index(project)
    generate_docs(project, project / "build" / "docs")
    assert "search:\n  boost: 10" in (project / "build" / "docs" / "glossary" / "lead.md").read_text(encoding="utf-8")
    assert not (project / "build" / "docs" / FOLDER).exists()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("custom_dir: site_config/overrides", ""))
    assert not searches_own_index(project)


def test_no_two_shard_keys_share_a_file() -> None:
    """With an "x" before the hex of other keys, the plain key "x72c3a9" and the key "ré" were one file,
    and the one written last hid the other's words from search (attacker review, issue 32)."""
    keys = ["x72c3a9", "ré", "x", "_", "le", "lé", "xc3a9", "é", "市场", "x" + "市场".encode().hex()]
    assert len({file_key(key) for key in keys}) == len(keys)
