"""The MkDocs adapter: `mkdocs build --strict` from a fresh clone, and plain MkDocs after."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.commands.cli import main
from generator.site.build import _generated, generate_docs

from .conftest import REPO, mkdocs_build, site_project, without_glossary_plugin


def fresh_clone(target: Path) -> Path:
    """A clone as it arrives, with the fixture's content (tests/fixtures/site) in glossary/ and playbooks/."""
    site_project(target)
    (target / "build" / "docs").mkdir(parents=True)
    shutil.copy(REPO / "build" / "docs" / ".gitignore", target / "build" / "docs" / ".gitignore")
    return target


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    return mkdocs_build(project, "--strict", *args)


def test_mkdocs_build_strict_generates_the_site(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path / "clone")
    result = mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "glossary" / "marketing-qualified-lead" / "index.html").is_file()
    assert (project / "site" / "glossary" / "mql" / "index.html").is_file()


def test_invalid_content_stops_mkdocs_with_file_and_line(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path / "clone")
    (project / "glossary" / "broken.yaml").write_text("id: broken\nterm: Broken\nrelated: [leed]\n")
    result = mkdocs(project)
    assert result.returncode != 0
    assert "glossary/broken.yaml:1:1: error[missing-field]" in result.stderr
    assert not (project / "site").exists()


def test_generated_docs_build_without_the_plugin(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path / "clone")
    assert mkdocs(project).returncode == 0
    assert not list((project / "build" / "docs").glob("*.md"))  # the plugin hands MkDocs the pages in memory
    assert main(["generate", str(project)]) == 0
    config = (project / "mkdocs.yml").read_text()
    plain = without_glossary_plugin(config)
    (project / "plain.yml").write_text(plain)
    result = mkdocs(project, "-f", "plain.yml", "-d", "plain-site")
    assert result.returncode == 0, result.stderr
    built = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*.html"))
    assert built == sorted(p.relative_to(project / "plain-site") for p in (project / "plain-site").rglob("*.html"))


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path / "clone")
    docs = project / "build" / "docs"
    generate_docs(project, docs)
    times = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    _generated.clear()  # forget the fingerprint: render again, write only what changed
    term = project / "glossary" / "opportunity.yaml"
    term.write_text(term.read_text().replace("tracked as a deal", "recorded as a deal"))
    generate_docs(project, docs)
    changed = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.stat().st_mtime_ns != times[p])
    assert changed == ["glossary/opportunity.md", "print/index.md"]  # the printable glossary holds every definition


def test_hand_edits_and_strays_in_the_docs_folder_are_undone(tmp_path: Path) -> None:
    """The manifest lets unchanged files go unread; it must never let a wrong file stand."""
    from generator.site.docs_folder import MANIFEST, sync_docs
    from generator.site.page import Page

    docs = tmp_path / "docs"
    pages = [Page("a.md", "alpha\n"), Page("sub/b.md", "beta\n"), Page("sub/deep/c.md", "gamma\n")]
    assert sync_docs(pages, docs) == 3
    assert (docs / MANIFEST).is_file()
    assert sync_docs(pages, docs) == 0  # known unchanged from the manifest alone

    (docs / "a.md").write_text("edited by hand, same length?")  # another size and time
    (docs / "sub" / "stray.md").write_text("not ours")
    (docs / "old" / "x").mkdir(parents=True)
    (docs / "old" / "x" / "gone.md").write_text("from an earlier build")
    (docs / ".gitignore").write_text("*\n")
    assert sync_docs(pages, docs) == 1
    assert (docs / "a.md").read_text() == "alpha\n"
    assert not (docs / "sub" / "stray.md").exists() and not (docs / "old").exists()
    assert (docs / ".gitignore").read_text() == "*\n"  # dotfiles are left alone

    (docs / MANIFEST).write_text("{not json")  # a broken manifest: every file is compared
    (docs / "sub" / "deep" / "c.md").write_text("tampered")
    assert sync_docs(pages, docs) == 1
    assert (docs / "sub" / "deep" / "c.md").read_text() == "gamma\n"
    assert sync_docs(pages[:1], docs) == 0
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == [
        ".gitignore",
        MANIFEST,
        "a.md",
    ]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_rebuilds_when_a_yaml_file_is_saved(tmp_path: Path) -> None:
    import time
    import urllib.request

    project = fresh_clone(tmp_path / "clone")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(project), "--dev-addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def page() -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/glossary/opportunity/", timeout=5) as response:
                return response.read().decode()
        except OSError:
            return ""

    def wait_for(text: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if text in page():
                return True
            time.sleep(0.3)
        return False

    try:
        assert wait_for("tracked as a deal")
        term = project / "glossary" / "opportunity.yaml"
        term.write_text(term.read_text().replace("tracked as a deal", "recorded as a deal"))
        assert wait_for("recorded as a deal")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_repo_url_gives_edit_links_to_the_yaml_file(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path / "clone")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "# repo_url: https://github.com/your-org/gtm-glossary", "repo_url: https://github.com/acme/gtm-glossary"
        )
    )
    result = mkdocs(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "glossary" / "lead" / "index.html").read_text()
    assert 'href="https://github.com/acme/gtm-glossary/edit/main/glossary/lead.yaml"' in html
    assert "build/docs" not in html


def test_an_older_nav_naming_tactics_md_still_builds(tmp_path: Path) -> None:
    """Before tactics had a page each, mkdocs.yml's nav named tactics.md; now tactics/index.md."""
    from generator.site.menu import moved_nav

    nav = [{"Home": "index.md"}, {"Tactics": "tactics.md"}, {"More": ["tactics.md", "sources.md"]}]
    assert moved_nav(nav) == [
        {"Home": "index.md"},
        {"Tactics": "tactics/index.md"},
        {"More": ["tactics/index.md", "sources.md"]},
    ]
    project = fresh_clone(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("Tactics: tactics/index.md", "Tactics: tactics.md"))
    assert "Tactics: tactics.md" in config.read_text()
    result = mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "tactics" / "index.html").is_file()


def test_the_optional_pages_menu_entries_follow_the_pages() -> None:
    """menu.nav_with_pages: an entry whose page was not generated goes (at any depth, with a
    section it empties); a generated one the nav lacks joins after the A-Z, else before the
    playbooks, else last; no nav (MkDocs lists the files) stays none."""
    from generator.site.menu import nav_with_pages

    ours = [{"Home": "index.md"}, {"Glossary A-Z": "glossary/index.md"}, {"Tactics": "tactics/index.md"}]
    ours += [{"Classifier": "classifier.md"}, {"Playbooks": "playbooks/index.md"}]
    both = {"tactics/index.md", "classifier.md"}
    assert nav_with_pages(ours, both) == ours
    assert nav_with_pages(ours, set()) == [ours[0], ours[1], ours[4]]
    assert nav_with_pages(ours, {"classifier.md"}) == [ours[0], ours[1], ours[3], ours[4]]
    bare = [ours[0], ours[1], ours[4]]
    assert nav_with_pages(bare, both) == ours
    assert nav_with_pages([ours[0], ours[4]], {"tactics/index.md"}) == [ours[0], ours[2], ours[4]]
    assert nav_with_pages([ours[0]], {"classifier.md"}) == [ours[0], ours[3]]
    nested = [ours[0], {"More": ["classifier.md", {"Tactics": "tactics/index.md"}]}, {"Only": ["classifier.md"]}]
    assert nav_with_pages(nested, {"tactics/index.md"}) == [ours[0], {"More": [{"Tactics": "tactics/index.md"}]}]
    assert nav_with_pages(None, both) is None
