"""Where a build may write: never over the project, its sources, or a folder of someone else's files.

`glossary build --site-dir .` once replaced the project (and its .git) with the built site,
exit 0; MkDocs' own guard never saw it, because MkDocs only builds into a staging folder.
Each test builds a small fixture project and compares every byte of what must survive.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from generator.checks.records import CheckOptions
from generator.commands.cli import main
from generator.core.outputs import UnsafeOutputError
from generator.site import build as build_module
from generator.site import docs_folder
from generator.site.build import build_site
from generator.site.staging import BuildError

from .conftest import FIXTURES, REPO, mkdocs_build

OPTIONS = CheckOptions(today=None)


def make_project(root: Path) -> Path:
    """The base fixture with the site's configuration, a fake .git and a notes folder of the user's."""
    shutil.copytree(FIXTURES / "base", root)
    shutil.copytree(REPO / "site_config", root / "site_config")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "notes").mkdir()
    (root / "notes" / "plan.md").write_text("the user's own notes\n")
    (root / "README.md").write_text("readme\n")
    return root


def snapshot(folder: Path, *, skip: tuple[str, ...] = ("site", "build")) -> dict[str, bytes]:
    """Every file under ``folder`` except the build's own outputs."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in skip
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once into site/ (build/docs exists), shared by the refusal tests."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    build_site(project, options=OPTIONS)
    return project


@pytest.mark.parametrize(
    "site_dir",
    [".", "..", "glossary", "playbooks", "site_config", ".git", "notes", "build", "build/docs", "README.md"],
)
def test_build_refuses_a_site_folder_that_is_not_its_own_output(built: Path, site_dir: str, capsys) -> None:
    before = snapshot(built)
    site_before = snapshot(built / "site", skip=())

    code = main(["build", str(built), "--site-dir", str(built / site_dir)])

    assert code == 1
    err = capsys.readouterr().err
    assert "glossary: error:" in err and "Traceback" not in err
    assert snapshot(built) == before
    assert snapshot(built / "site", skip=()) == site_before


def test_the_refusal_says_why(built: Path, capsys) -> None:
    main(["build", str(built), "--site-dir", str(built)])
    assert "holds the project itself" in capsys.readouterr().err
    main(["build", str(built), "--site-dir", str(built / "notes")])
    assert "holds files this tool did not write" in capsys.readouterr().err


def test_a_new_an_empty_and_an_earlier_site_folder_are_built(built: Path, tmp_path: Path) -> None:
    for target in (tmp_path / "new" / "site", tmp_path / "empty"):
        if target.name == "empty":
            target.mkdir()
        build_site(built, target, options=OPTIONS)
        assert (target / "index.html").is_file()
        build_site(built, target, options=OPTIONS)  # the second build replaces the first
        assert (target / "glossary" / "lead" / "index.html").is_file()


def test_a_symlinked_site_folder_is_refused(built: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("keep")
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafeOutputError):
        build_site(built, tmp_path / "link", options=OPTIONS)
    assert (tmp_path / "elsewhere" / "keep.txt").read_text() == "keep"


def test_a_docs_folder_holding_other_files_is_never_cleaned(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    docs = project / "build" / "docs"
    docs.mkdir(parents=True)
    (docs / "handwritten.md").write_text("mine")
    with pytest.raises(UnsafeOutputError, match="did not write"):
        build_site(project, options=OPTIONS)
    assert (docs / "handwritten.md").read_text() == "mine"


def test_a_site_holding_a_git_checkout_is_not_replaced(tmp_path: Path) -> None:
    """A gh-pages worktree in site/ keeps its .git there: replacing the folder would lose its history."""
    project = make_project(tmp_path / "project")
    build_site(project, options=OPTIONS)
    (project / "site" / ".git").mkdir()
    (project / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    with pytest.raises(UnsafeOutputError):
        build_site(project, options=OPTIONS)
    assert (project / "site" / ".git" / "HEAD").is_file()


@pytest.mark.parametrize("site_dir", ["glossary", ".git", "playbooks"])
def test_the_plugin_refuses_a_site_dir_of_sources(tmp_path: Path, site_dir: str) -> None:
    """mkdocs.yml's site_dir named a source folder: MkDocs' clean step would have emptied it."""
    project = make_project(tmp_path / "project")
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace("site_dir: site", f"site_dir: {site_dir}"))
    (project / "build" / "docs").mkdir(parents=True)
    before = snapshot(project)
    result = mkdocs_build(project, "--strict")
    assert result.returncode != 0
    assert "site_dir" in result.stderr
    assert snapshot(project) == before


def test_the_plugin_refuses_a_docs_dir_of_handwritten_pages(tmp_path: Path) -> None:
    """mkdocs.yml's docs_dir pointed at a folder of the user's pages: the plugin would have emptied it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    project = make_project(tmp_path / "project")
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace("docs_dir: build/docs", "docs_dir: notes"))
    config = load_config(str(mkdocs_yml), site_dir=str(tmp_path / "out"))
    with pytest.raises(PluginError, match="did not write"):
        config.plugins.on_config(config)
        mkdocs_build(config)
    assert (project / "notes" / "plan.md").read_text() == "the user's own notes\n"


def test_staging_folders_of_killed_builds_are_removed(built: Path) -> None:
    dead = 4_194_999  # above Linux's largest pid: no such process
    leftovers = [f".site-build-{dead}-x1y2", f".site-build-{dead}-old"]
    live = f".site-build-{os.getpid()}-busy"  # another build still at work
    users = [".site-packages", ".site-20240101", f".site.old-{dead}"]  # look alike, are not ours
    for name in [*leftovers, live, *users]:
        (built / name).mkdir()
        (built / name / "index.html").write_text("stale")
    try:
        build_site(built, options=OPTIONS)
        assert not [name for name in leftovers if (built / name).exists()]
        assert (built / live).is_dir()
        assert all((built / name / "index.html").is_file() for name in users)
    finally:
        for name in [live, *users]:
            shutil.rmtree(built / name, ignore_errors=True)


def test_stale_temporary_files_in_the_docs_folder_are_removed(built: Path) -> None:
    assert main(["generate", str(built)]) == 0
    stale = built / "build" / "docs" / "glossary" / ".lead.md.tmp"
    stale.write_text("half a page")
    lead = built / "glossary" / "lead.yaml"
    os.utime(lead, ns=(lead.stat().st_atime_ns, lead.stat().st_mtime_ns + 1_000_000))  # a new build, not a skip
    assert main(["generate", str(built)]) == 0
    assert not stale.exists()


def test_a_full_disk_while_writing_the_docs_is_a_clear_error(tmp_path: Path, monkeypatch, capsys) -> None:
    project = make_project(tmp_path / "project")

    def full_disk(target: str, data: bytes) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    monkeypatch.setattr(docs_folder, "_write_if_changed", full_disk)
    assert main(["generate", str(project)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert not (project / "site").exists()


def test_a_strict_mode_abort_lists_the_warnings(tmp_path: Path, monkeypatch) -> None:
    """MkDocs says only 'Aborted with 1 warnings in strict mode!'; the reader must see which."""
    project = make_project(tmp_path / "project")
    real = build_module.render_site

    def with_broken_anchor(*args, **kwargs):
        return [*real(*args, **kwargs), build_module.Page("extra.md", "# Extra\n\n[x](#no-such-anchor)\n")]

    monkeypatch.setattr(build_module, "render_site", with_broken_anchor)
    with pytest.raises(BuildError, match="no-such-anchor"):
        build_site(project, options=OPTIONS)


# --- glossary export --output: a file of its own, never someone else's ------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "datahub"])
def test_export_replaces_only_an_earlier_export(built: Path, tmp_path: Path, fmt: str, capsys) -> None:
    target = tmp_path / f"out.{fmt}"
    assert main(["export", str(built), "--format", fmt, "--output", str(target)]) == 0
    first = target.read_bytes()
    assert main(["export", str(built), "--format", fmt, "--output", str(target)]) == 0  # an earlier export
    assert target.read_bytes() == first
    assert target.stat().st_mode & 0o044, "an export is for others to read (mkstemp makes 0600)"


@pytest.mark.parametrize(
    "output", ["mkdocs.yml", "README.md", "glossary/lead.yaml", "glossary/new.yaml", "playbooks", "notes/plan.md"]
)
def test_export_refuses_a_file_that_is_not_its_own(built: Path, output: str, capsys) -> None:
    before = snapshot(built)
    assert main(["export", str(built), "--format", "datahub", "--output", str(built / output)]) == 1
    err = capsys.readouterr().err
    assert "glossary: error:" in err and "Traceback" not in err
    assert snapshot(built) == before


@pytest.mark.parametrize(
    ("fmt", "name", "content"),
    [
        ("csv", "people.csv", "id,term,notes\n1,x,my spreadsheet\n"),
        ("md", "handbook.md", "# Glossary\n\nMy own handbook.\n"),
        ("json", "data.json", '{"format": "something-else"}'),
    ],
)
def test_export_refuses_a_lookalike_of_its_own_output(built: Path, tmp_path: Path, fmt, name, content) -> None:
    target = tmp_path / name
    target.write_text(content)
    assert main(["export", str(built), "--format", fmt, "--output", str(target)]) == 1
    assert target.read_text() == content


def test_export_refuses_a_symbolic_link(built: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    assert main(["export", str(built), "--format", "json", "--output", str(real)]) == 0
    (tmp_path / "link.json").symlink_to(real)
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    for link in ("link.json", "dangling.json"):
        assert main(["export", str(built), "--format", "json", "--output", str(tmp_path / link)]) == 1
        assert (tmp_path / link).is_symlink()
