"""Hostile input: YAML bombs and deep nesting, huge files, escaping links, failing builds.

Each case must end in a clean problem (file:line, a code) or an intact site; never a
traceback, a crash of the interpreter, unbounded memory or half-written output. Cases
that could crash the interpreter (libyaml is C) run in a child process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import ContentError
from generator.checks.records import CheckOptions
from generator.site.build import build_site
from generator.site.staging import BuildError

from .conftest import FIXTURES, REPO, site_project

BILLION_LAUGHS = "\n".join(
    ["id: bomb", "term: Bomb", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["definition: *i"]
)


def check_in_child(project: Path, limit_mb: int = 512) -> subprocess.CompletedProcess:
    """`glossary check` in a child process whose address space is capped: a blow-up fails there, not here."""
    code = (
        "import resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit_mb << 20}, {limit_mb << 20})); "
        "from generator.commands.cli import main; sys.exit(main(['check', sys.argv[1]]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(project)], capture_output=True, text=True, timeout=120, cwd=REPO
    )


def hostile_project(tmp_path: Path, name: str, content: str | bytes) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    target = project / "glossary" / name
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    return project


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bomb.yaml", BILLION_LAUGHS, "error[yaml-alias]"),
        ("deep-flow.yaml", "id: deep\nterm: Deep\ndefinition: " + "[" * 10_000 + "]" * 10_000, "error[too-deep]"),
        ("deep-block.yaml", "- " * 100_000 + "x\n", "error[too-deep]"),
        ("deep-indent.yaml", "a:\n" + "".join(" " * i + "- \n" for i in range(1000)), "error[too-deep]"),
        ("deep-map.yaml", "id: deep\nterm: Deep\ndefinition:\n" + "".join("  " * i + "k:\n" for i in range(1, 600))
         + "  " * 600 + "k: x\n", "error[too-deep]"),
        ("tag.yaml", "id: tag\nterm: T\ndefinition: !!python/object/apply:os.system ['echo pwned']\n",
         "error[unsafe-tag]"),
        ("nul.yaml", "id: nul\nterm: \x00\ndefinition: x\n", "glossary/nul.yaml:"),
    ],
)  # fmt: skip
def test_hostile_yaml_is_refused_with_a_problem_in_bounded_memory(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    result = check_in_child(hostile_project(tmp_path, name, content))
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert expected in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "project" / "site").exists()


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    big = project / "glossary" / "big.yaml"
    with big.open("wb") as handle:
        handle.write(b"id: big\nterm: Big\ndefinition: |\n")
        handle.write((b"  " + b"x" * 1022 + b"\n") * (50 * 1024))
    assert big.stat().st_size > 50_000_000
    result = check_in_child(project, limit_mb=256)  # reading it whole would not fit next to the interpreter
    assert result.returncode == 1
    assert "error[file-too-large]" in result.stdout


def test_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\nterm: Secret\ndefinition: from outside\n")
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    (project / "glossary" / "secret.yaml").symlink_to(secret)
    (project / "glossary" / "etc.yaml").symlink_to("/etc/passwd")
    result = check_in_child(project)
    assert result.returncode == 1
    assert "glossary/secret.yaml: error[outside-link]" in result.stdout
    assert "glossary/etc.yaml: error[outside-link]" in result.stdout
    assert "from outside" not in result.stdout


# --- failing builds: the previous site stays, nothing half-written remains ------------------------------------


def project_with_site(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    project = site_project(tmp_path / "project")
    build_site(project, options=CheckOptions())
    return project, snapshot(project / "site")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    """Temporary folders a build could leave beside site/ or build/docs."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".")) + sorted(
        p.name for p in (project / "build").iterdir() if p.name.startswith(".")
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    return project_with_site(tmp_path_factory.mktemp("built"))


def reset(built: tuple[Path, dict[str, bytes]]) -> Path:
    project, before = built
    assert snapshot(project / "site") == before
    return project


def test_a_full_disk_during_the_build_leaves_the_previous_site(built, monkeypatch) -> None:
    project = reset(built)
    (project / "glossary" / "lead.yaml").write_text(
        (project / "glossary" / "lead.yaml").read_text().replace("might become a customer", "may become a buyer")
    )
    import mkdocs.utils

    real = mkdocs.utils.write_file
    calls = {"n": 0}

    def full_disk(content: bytes, output_path: str) -> None:
        calls["n"] += 1
        if calls["n"] > 20:
            raise OSError(28, "No space left on device", output_path)
        real(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full_disk)
    with pytest.raises(BuildError, match="No space left on device"):
        build_site(project, options=CheckOptions())
    monkeypatch.undo()
    assert calls["n"] > 20, "the simulated disk never filled up"
    assert snapshot(project / "site") == built[1]
    assert leftovers(project) == []


def test_an_interrupted_build_leaves_the_previous_site(built, monkeypatch) -> None:
    project = reset(built)
    import mkdocs.commands.build as mkdocs_build

    real = mkdocs_build._build_page
    pages = {"n": 0}

    def interrupted(*args, **kwargs):
        pages["n"] += 1
        if pages["n"] == 10:  # part-way through the fixture's ~25 pages
            raise KeyboardInterrupt  # Ctrl-C, or CI cancelling the job
        return real(*args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(project, options=CheckOptions())
    monkeypatch.undo()
    assert snapshot(project / "site") == built[1]
    assert leftovers(project) == []


def test_a_crash_inside_mkdocs_leaves_the_previous_site(built, monkeypatch) -> None:
    project = reset(built)
    import mkdocs.commands.build as mkdocs_build

    def crash(*args, **kwargs):
        raise RuntimeError("a plugin blew up")

    monkeypatch.setattr(mkdocs_build, "_build_page", crash)
    with pytest.raises(RuntimeError, match="a plugin blew up"):
        build_site(project, options=CheckOptions())
    monkeypatch.undo()
    assert snapshot(project / "site") == built[1]
    assert leftovers(project) == []


def test_invalid_content_writes_neither_docs_nor_site(built) -> None:
    project = reset(built)
    docs_before = snapshot(project / "build" / "docs")
    bad = project / "glossary" / "zz-bad.yaml"
    bad.write_text("id: zz-bad\nterm: Bad\n")
    try:
        with pytest.raises(ContentError):
            build_site(project, options=CheckOptions())
        assert snapshot(project / "build" / "docs") == docs_before
        assert snapshot(project / "site") == built[1]
    finally:
        bad.unlink()


def test_an_unwritable_site_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder holding site/ refuses new entries, as it does to a user without write permission.

    chmod cannot make a folder unwritable to root, and CI runs as root: the refusal is the one the
    operating system gives (EACCES where the build makes its staging folder beside site/).
    """
    import errno

    import generator.site.build

    project, before = project_with_site(tmp_path)

    def refused(*args: object, dir: str = "", **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), dir)

    monkeypatch.setattr(generator.site.build.tempfile, "mkdtemp", refused)
    with pytest.raises(BuildError, match=r"cannot write beside .*site: Permission denied"):
        build_site(project, options=CheckOptions())
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_a_site_folder_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    """A path that no one can create, root included: a file stands where a parent folder must be."""
    project = site_project(tmp_path / "project")
    (tmp_path / "taken").write_text("a file, not a folder\n")
    with pytest.raises(BuildError, match=r"cannot write beside .*taken/site: "):
        build_site(project, tmp_path / "taken" / "site", options=CheckOptions())
    assert (tmp_path / "taken").read_text() == "a file, not a folder\n"
    assert not (project / "site").exists()


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    os.mkfifo(project / "glossary" / "pipe.yaml")
    result = check_in_child(project)  # the child's 120 s timeout fails the test if it hangs
    assert result.returncode == 1
    assert "glossary/pipe.yaml: error[not-a-file]" in result.stdout


def test_a_symlink_loop_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    (project / "glossary" / "loop.yaml").symlink_to(project / "glossary" / "loop.yaml")
    (project / "glossary" / "a.yaml").symlink_to(project / "glossary" / "b.yaml")
    (project / "glossary" / "b.yaml").symlink_to(project / "glossary" / "a.yaml")
    result = check_in_child(project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for name in ("loop", "a", "b"):
        assert f"glossary/{name}.yaml: error[unreadable-file]" in result.stdout


@pytest.mark.parametrize("folder", ["glossary", "playbooks"])
def test_a_content_folder_linked_from_outside_is_not_read_or_published(tmp_path: Path, folder: str) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(FIXTURES / "base" / folder, outside)
    (outside / "secret.yaml").write_text("id: secret\nterm: Secret\ndefinition: from outside the project\n")
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    shutil.rmtree(project / folder)
    (project / folder).symlink_to(outside)
    result = check_in_child(project)
    assert result.returncode == 1
    assert f"{folder}/: error[outside-link]" in result.stdout
    assert "from outside the project" not in result.stdout
    with pytest.raises(ContentError):
        build_site(project, options=CheckOptions())
    assert not (project / "site").exists()


def test_a_content_folder_linked_inside_the_project_is_read(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", project)
    (project / "glossary").rename(project / "terms")
    (project / "glossary").symlink_to("terms")
    assert check_in_child(project).returncode == 0


def import_in_child(source: Path, output: Path, limit_mb: int = 512) -> subprocess.CompletedProcess:
    """`glossary import datahub` in a child process whose address space is capped."""
    code = (
        "import resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit_mb << 20}, {limit_mb << 20})); "
        "from generator.commands.cli import main; "
        "sys.exit(main(['import', 'datahub', sys.argv[1], '--output', sys.argv[2]]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(source), str(output)], capture_output=True, text=True, timeout=120, cwd=REPO
    )


DATAHUB_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["terms:", "  - name: Bomb", "    description: *i"]
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (DATAHUB_BOMB, "alias '*a' is not allowed"),
        ("terms:\n  - name: Deep\n    description: " + "[" * 10_000 + "]" * 10_000 + "\n", "nesting deeper than 64"),
        ("terms:\n  - " + "- " * 10_000 + "x\n", "nesting deeper than 64"),
    ],
    ids=["alias-bomb", "deep-flow", "deep-block"],
)
def test_a_hostile_datahub_file_is_refused_quickly_in_bounded_memory(
    tmp_path: Path, content: str, expected: str
) -> None:
    import time

    source = tmp_path / "business_glossary.yml"
    source.write_text(content)
    started = time.monotonic()
    result = import_in_child(source, tmp_path / "out")
    assert time.monotonic() - started < 10
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert expected in result.stderr and "business_glossary.yml:" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
