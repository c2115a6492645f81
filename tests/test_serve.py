"""`glossary serve`: a save rebuilds only the changed pages, and the served site is still right.

The rebuilds here are the server's (MkDocs' dirty build plus the glossary plugin), run in this
process; after each change the served folder must hold exactly the files of a clean `mkdocs build`
of the same content, byte for byte: term pages, the pages linking to a changed term (their
tooltips), the A-Z, the sitemap and the search index. Then `glossary serve` itself, in a
subprocess: what it prints.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.site.search_shards import read_index

from .conftest import mkdocs_build
from .test_plugin import fresh_clone

SERVE_URL = "http://127.0.0.1:8000/"


class ServedSite:
    """A site rebuilt as `glossary serve` rebuilds it: a first full build, then dirty builds."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = config.plugins["glossary"]
        build(config, serve_url=SERVE_URL, dirty=True)  # nothing there yet: every page is built

    def config(self):  # type: ignore[no-untyped-def]
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))

    def rebuild(self, *, edited_first: bool = False) -> int:
        self.plugin.edited_first = edited_first
        build(self.config(), serve_url=SERVE_URL, dirty=True)
        return self.plugin.pages_built

    def save(self) -> tuple[int, int]:
        """A save as `glossary serve` handles it: the edited items' pages first if it can, then the
        follow-up build it asks for; the pages each pass rendered (0 for a follow-up not asked for)."""
        first = self.rebuild(edited_first=True)
        if not self.plugin.follow_up:
            return first, 0
        return first, self.rebuild()


def clean_build(project: Path, site: Path) -> None:
    """`mkdocs build` in its own process, as a user runs it: no state shared with the server."""
    result = mkdocs_build(project, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_site(served: Path, reference: Path) -> None:
    got, want = tree(served), tree(reference)
    assert sorted(got) == sorted(want), "files differ: " + repr(sorted(set(got) ^ set(want))[:10])
    different = [name for name in want if got[name] != want[name] and name != "sitemap.xml.gz"]
    assert different == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_TERM = """id: pipeline-velocity
term: Pipeline velocity
summary: How fast deals move through the pipeline, in money per day.
definition: |
  How quickly open [[opportunity|opportunities]] turn into revenue.
sources:
  - source: field-guide
"""


def add_pipeline_velocity(project: Path) -> None:
    """A new term, linked from opportunity's related terms."""
    glossary = project / "glossary"
    (glossary / "pipeline-velocity.yaml").write_text(NEW_TERM, encoding="utf-8")
    edit(glossary / "opportunity.yaml", "related: [", "related: [pipeline-velocity, ")


def rename_pipeline_velocity(project: Path) -> None:
    """pipeline-velocity becomes deal-velocity, with the old id kept as a former id."""
    glossary = project / "glossary"
    text = NEW_TERM.replace("id: pipeline-velocity", "id: deal-velocity\nformer_ids: [pipeline-velocity]")
    (glossary / "pipeline-velocity.yaml").unlink()
    (glossary / "deal-velocity.yaml").write_text(text.replace("Pipeline velocity", "Deal velocity"), encoding="utf-8")
    edit(glossary / "opportunity.yaml", "related: [pipeline-velocity, ", "related: [deal-velocity, ")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh clone of the fixture site, this test's own: each test sets up the content it changes."""
    return fresh_clone(tmp_path / "project")


def serve(project: Path, tmp_path: Path) -> ServedSite:
    """The site of ``project`` as `glossary serve` first builds it, in this test's own folder."""
    return ServedSite(project, tmp_path / "served")


def check(served: ServedSite, tmp_path: Path, at_most: int) -> tuple[int, int]:
    """Rebuild as the server does after a save: a few pages, and the same site a clean build makes."""
    first, follow_up = served.save()
    assert 0 < first + follow_up <= at_most, f"rebuilt {first} + {follow_up} pages"
    clean_build(served.project, tmp_path / "reference")
    assert_same_site(served.site, tmp_path / "reference")
    return first, follow_up


def test_an_edited_summary_reaches_the_tooltips_of_pages_linking_to_the_term(project: Path, tmp_path: Path):
    served = serve(project, tmp_path)
    glossary = project / "glossary"
    summary = "summary: A qualified deal that sales is actively working towards a close."
    assert summary in (glossary / "opportunity.yaml").read_text()
    edit(glossary / "opportunity.yaml", summary, "summary: A deal sales is working on.")
    check(served, tmp_path, at_most=12)
    html = (served.site / "glossary" / "lead-to-opportunity-conversion" / "index.html").read_text()
    assert "A deal sales is working on." in html  # the tooltip of its link to opportunity


def test_an_edited_summary_is_served_on_its_page_first_then_on_the_a_z_and_printable_pages(
    project: Path, tmp_path: Path
):
    served = serve(project, tmp_path)
    glossary = project / "glossary"
    summary = "summary: A qualified deal that sales is actively working towards a close."
    edit(glossary / "opportunity.yaml", summary, "summary: A deal sales is working on.")
    a_z, printable = served.site / "glossary" / "index.html", served.site / "print" / "index.html"
    assert "A qualified deal that sales" in a_z.read_text() and "A qualified deal that sales" in printable.read_text()

    assert served.rebuild(edited_first=True) == 1  # the term's own page alone, served at once
    assert served.plugin.follow_up
    assert "A deal sales is working on." in (served.site / "glossary" / "opportunity" / "index.html").read_text()
    assert "A deal sales is working on." not in a_z.read_text()  # the follow-up's work

    assert 0 < served.rebuild() <= 12
    assert not served.plugin.follow_up
    for page in (a_z, printable):
        text = page.read_text()
        assert "A deal sales is working on." in text and "A qualified deal that sales" not in text, page
    clean_build(project, tmp_path / "reference")
    assert_same_site(served.site, tmp_path / "reference")


def test_a_save_of_other_files_than_items_is_rebuilt_in_one_pass(project: Path, tmp_path: Path):
    served = serve(project, tmp_path)
    add_pipeline_velocity(project)  # a new term: no page of it to serve first, links to it everywhere
    first, follow_up = check(served, tmp_path, at_most=12)
    assert first > 1 and follow_up == 0
    assert not served.plugin.follow_up


def test_an_added_term_appears_in_the_a_z_the_search_and_the_page_linking_to_it(project: Path, tmp_path: Path):
    served = serve(project, tmp_path)
    assert "glossary/pipeline-velocity/" not in searched(served.site)
    add_pipeline_velocity(project)
    check(served, tmp_path, at_most=12)
    assert "glossary/pipeline-velocity/" in searched(served.site)


def test_a_renamed_term_keeps_its_old_url_as_a_redirect(project: Path, tmp_path: Path):
    add_pipeline_velocity(project)
    served = serve(project, tmp_path)
    assert "url=" not in (served.site / "glossary" / "pipeline-velocity" / "index.html").read_text()
    rename_pipeline_velocity(project)
    check(served, tmp_path, at_most=12)
    assert "url=../deal-velocity/" in (served.site / "glossary" / "pipeline-velocity" / "index.html").read_text()


def test_a_deleted_term_is_gone_from_the_site_and_the_search(project: Path, tmp_path: Path):
    add_pipeline_velocity(project)
    rename_pipeline_velocity(project)
    served = serve(project, tmp_path)
    assert (served.site / "glossary" / "deal-velocity" / "index.html").is_file()
    glossary = project / "glossary"
    (glossary / "deal-velocity.yaml").unlink()
    edit(glossary / "opportunity.yaml", "related: [deal-velocity, ", "related: [")
    check(served, tmp_path, at_most=12)
    assert not (served.site / "glossary" / "deal-velocity").exists()
    assert not [location for location in searched(served.site) if "velocity" in location]
    assert not [page for page in read_index(served.site) if "velocity" in page.words]


def searched(site: Path) -> list[str]:
    """The pages the site's search index holds."""
    return [page.location for page in read_index(site)]


class Output:
    """The lines a process writes, read by a thread, waited for with a deadline (no sleeps)."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line.rstrip("\n")) for line in stream], daemon=True).start()

    def wait_for(self, pattern: str, timeout: float = 120) -> str:
        import re
        import time

        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in {timeout} s; got:\n" + "\n".join(self.seen))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_glossary_serve_prints_the_address_each_rebuild_and_content_problems(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(project), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    output = Output(server.stdout)
    try:
        # the fixture's three warnings are mentioned (a build publishes despite them; CI's check --strict does not)
        warned = r"; 3 warnings in the content \(`glossary check` lists them\)"
        output.wait_for(r"^built \d+ pages in \d+\.\d\d s" + warned + "$")
        output.wait_for(rf"^Serving on http://127\.0\.0\.1:{port}/$")
        term = project / "glossary" / "opportunity.yaml"
        edit(term, "a real need, budget and timeline", "a real need, budget and date")
        output.wait_for(r"^rebuilt [1-9]\d* pages? in \d+\.\d\d s" + warned + "$")
        assert "a real need, budget and date" in fetch(f"http://127.0.0.1:{port}/glossary/opportunity/")

        (project / "glossary" / "broken.yaml").write_text("id: broken\nterm: Broken\n", encoding="utf-8")
        output.wait_for(r"^glossary/broken\.yaml:1:1: error\[missing-field\]: required field 'definition'")
        output.wait_for(r"^not rebuilt: 1 error in the content; still serving the last good site$")
        assert "a real need, budget and date" in fetch(f"http://127.0.0.1:{port}/glossary/opportunity/")

        (project / "glossary" / "broken.yaml").unlink()
        edit(term, "a real need, budget and date", "a real need, budget and deadline")
        output.wait_for(r"^rebuilt [1-9]\d* pages? in \d+\.\d\d s" + warned + "$")
        assert "a real need, budget and deadline" in fetch(f"http://127.0.0.1:{port}/glossary/opportunity/")
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()  # type: ignore[union-attr]
    assert not any("Traceback" in line for line in output.seen)


def test_glossary_serve_refuses_an_address_in_use(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", str(project), "--dev-addr", f"127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            timeout=300,
        )
    assert result.returncode == 2
    assert f"glossary: error: cannot serve on 127.0.0.1:{port}" in result.stderr
