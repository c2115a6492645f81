"""``glossary init``: a new project that passes ``glossary check --strict`` and builds at once.

Everything comes with the package. ``skeleton/`` holds the project's mkdocs.yml, README and
.gitignore and a minimal glossary: one source, one category, one term and one playbook using it
(a term nothing refers to is an orphan, a warning). ``--starter`` takes the GTM starter content
instead: the repository's glossary/ (with its sources lock) and playbooks/ (see ``package_data.py``).

The Material overrides are copied into the project's ``site_config/overrides`` rather than
injected by the plugin: mkdocs.yml then says ``custom_dir: site_config/overrides`` like any
MkDocs site, builds without our plugin, and the project owns its theme tweaks (Material 9
reaches its end of life in 2027: whoever moves to another theme edits or drops them there).
Templates and assets stay in the package, so a project gets their fixes with each upgrade.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.config import CONFIG_FILE
from generator.core.outputs import SOURCE_FOLDERS, is_within
from generator.core.package_data import PACKAGE, packaged_folder, site_config
from generator.core.problems import GlossaryError
from generator.scaffold.term import write_new_file

SKELETON = PACKAGE / "skeleton"
#: Entries a folder may already hold and still receive a project: ``git init``, or a clone
#: of an empty repository, leaves .git. The project's files never touch it.
ALLOWED_ENTRIES = {".git"}
#: Folders of an existing project that a new project must not be made in: its sources, and
#: its outputs (the next build would replace them).
OTHER_PROJECTS_FOLDERS = (*SOURCE_FOLDERS, "site", "build")
#: The starter's files point editors at the repository's schemas, which a new project does not have.
CHECKOUT_SCHEMA_LINE = "# yaml-language-server: $schema=../generator/"


class InitError(GlossaryError):
    """The folder cannot receive a new project: nothing was written."""


@dataclass(frozen=True)
class NewProject:
    root: Path
    files: list[str]  # relative paths, in the order written
    notes: list[str] = field(default_factory=list)  # what the user should know about the new project


#: The starter's lock file: its quotes were verified against stored copies the package does not carry.
LOCK_FILE = "glossary/_sources.lock"


def init_project(folder: Path, *, starter: bool = False) -> NewProject:
    """Create a project in ``folder`` (made if missing; it must be empty). Never overwrites a file:
    if one appears meanwhile, everything written so far is removed again."""
    _refuse_unsuitable(folder)
    files = project_files(starter=starter)
    notes = _stored_copies_notes(files)
    existed = folder.is_dir()
    written: list[Path] = []
    try:
        for relative, text in files.items():
            path = folder / relative
            write_new_file(path, text)
            written.append(path)
    except FileExistsError as error:
        _remove(written, folder, keep_folder=existed)
        raise InitError(f"{error.filename} appeared while the project was written; nothing was left behind") from error
    except BaseException:
        _remove(written, folder, keep_folder=existed)
        raise
    return NewProject(folder, list(files), notes)


def project_files(*, starter: bool) -> dict[str, str]:
    """Relative path -> text of every file of a new project."""
    files = {
        "README.md": (SKELETON / "README.md").read_text("utf-8"),
        ".gitignore": (SKELETON / "gitignore").read_text("utf-8"),
        CONFIG_FILE: (SKELETON / CONFIG_FILE).read_text("utf-8"),
    }
    for name in ("glossary", "playbooks"):
        source = packaged_folder(f"starter/{name}") if starter else SKELETON / name
        for path in sorted(source.glob("*.yaml")):
            files[f"{name}/{path.name}"] = _without_checkout_schema_line(path.read_text("utf-8"))
    lock = packaged_folder("starter/glossary") / "_sources.lock"
    if starter and lock.is_file():  # the starter's quotes stay verified without the copies
        files[LOCK_FILE] = lock.read_text("utf-8")
    overrides = site_config() / "overrides"
    for path in sorted(overrides.rglob("*")):
        if path.is_file():
            files[f"site_config/overrides/{path.relative_to(overrides).as_posix()}"] = path.read_text("utf-8")
    return files


def _stored_copies_notes(files: dict[str, str]) -> list[str]:
    """What the new project's owner should know about its quotes.

    The starter's quotes were verified against stored copies of its sources, third-party
    documents that neither the repository nor the package carries. Its lock file records what
    they held: the new project's check verifies every unchanged quote against it, with no copy
    anywhere. Quoting anew needs the copies (README: "Where the stored copies live").
    """
    if LOCK_FILE not in files:
        return []
    return [
        f"the starter's quotes are verified against {LOCK_FILE}; to quote the sources anew, keep their stored "
        "copies in a folder and name it with GLOSSARY_STORED_COPIES or --stored-copies, then run "
        "`glossary sources lock`"
    ]


def _without_checkout_schema_line(text: str) -> str:
    first, newline, rest = text.partition("\n")
    return rest if first.startswith(CHECKOUT_SCHEMA_LINE) else text


def _refuse_unsuitable(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder; give a new or empty folder")
    if folder.is_dir():
        with os.scandir(folder) as entries:
            present = sorted(entry.name for entry in entries if entry.name not in ALLOWED_ENTRIES)
        if present:
            raise InitError(
                f"{folder} is not empty ({folder / present[0]} exists); glossary init never overwrites: "
                "give a new or empty folder"
            )
    resolved = folder.resolve()
    for parent in resolved.parents:
        if not (parent / CONFIG_FILE).is_file():
            continue
        for name in OTHER_PROJECTS_FOLDERS:
            if is_within(resolved, parent / name):
                raise InitError(f"{folder} is inside the {name}/ folder of the project in {parent}; choose another")


def _remove(written: list[Path], folder: Path, *, keep_folder: bool) -> None:
    """Undo a partial init: the files written, then the folders this left empty (``folder`` too,
    unless it was there before)."""
    for path in reversed(written):
        path.unlink(missing_ok=True)
    made = {parent for path in written for parent in path.parents if is_within(parent, folder)}
    if keep_folder:
        made.discard(folder)
    for path in sorted(made, key=lambda p: len(p.parts), reverse=True):
        try:
            path.rmdir()
        except OSError:  # not empty: someone else's file appeared there
            pass
