"""``glossary init``: a new project that passes ``glossary check --strict`` and builds at once.

Everything comes with the package. ``skeleton/`` holds the project's mkdocs.yml, README and
.gitignore and a minimal glossary: one source, one category, one term and one playbook using it
(a term nothing refers to is an orphan, a warning). ``--starter`` takes the GTM starter content
instead: the repository's glossary/ and playbooks/ (see ``package_data.py``).

The Material overrides are copied into the project's ``site_config/overrides`` rather than
injected by the plugin: mkdocs.yml then says ``custom_dir: site_config/overrides`` like any
MkDocs site, builds without our plugin, and the project owns its theme tweaks (Material 9
reaches its end of life in 2027: whoever moves to another theme edits or drops them there).
Templates and assets stay in the package, so a project gets their fixes with each upgrade.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .outputs import SOURCE_FOLDERS, is_within
from .package_data import PACKAGE, packaged_folder, site_config
from .problems import GlossaryError
from .scaffold import write_new_file

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


#: Where a new project keeps the stored copies of its sources (``stored_copies`` in _sources.yaml).
STORED_COPIES = "sources"
STORED_COPIES_LINE = re.compile(r"^stored_copies:[ \t]*(?P<folder>\S.*?)[ \t]*$", re.M)
#: The starter writes every quote on a line of its own or last in a flow mapping, always double-quoted.
QUOTE_LINE = re.compile(r'^[ \t]+quote:[ \t]*"(?:[^"\\\n]|\\.)*"[ \t]*\n', re.M)
QUOTE_IN_FLOW = re.compile(r',[ \t]*quote:[ \t]*"(?:[^"\\\n]|\\.)*"(?=[ \t]*\})')


def init_project(folder: Path, *, starter: bool = False) -> NewProject:
    """Create a project in ``folder`` (made if missing; it must be empty). Never overwrites a file:
    if one appears meanwhile, everything written so far is removed again."""
    _refuse_unsuitable(folder)
    files = project_files(starter=starter)
    notes = _carry_stored_copies(files) if starter else []
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
        "mkdocs.yml": (SKELETON / "mkdocs.yml").read_text("utf-8"),
    }
    for name in ("glossary", "playbooks"):
        source = packaged_folder(f"starter/{name}") if starter else SKELETON / name
        for path in sorted(source.glob("*.yaml")):
            files[f"{name}/{path.name}"] = _without_checkout_schema_line(path.read_text("utf-8"))
    overrides = site_config() / "overrides"
    for path in sorted(overrides.rglob("*")):
        if path.is_file():
            files[f"site_config/overrides/{path.relative_to(overrides).as_posix()}"] = path.read_text("utf-8")
    return files


def _carry_stored_copies(files: dict[str, str]) -> list[str]:
    """Keep the starter's quotes checkable in the new project, or drop them.

    The starter's quotes are verified against stored copies of its sources, which live outside
    the repository (``stored_copies: ../shared/seeds``) and are not in the package. Where that
    folder is at hand (a checkout beside its copies) they are copied into the project's
    ``sources/``. Where it is not, a quote could never be verified and ``check --strict`` would
    refuse the new project: the quotes are removed (the citations stay) and a note says so.
    """
    registry = files.get("glossary/_sources.yaml")
    setting = STORED_COPIES_LINE.search(registry or "")
    if registry is None or setting is None:
        return []
    starter_root = packaged_folder("starter/glossary").parent
    folder = (starter_root / setting["folder"].strip("'\"")).resolve()
    names = [s.get("file") for s in (yaml.safe_load(registry) or {}).get("sources", []) if isinstance(s, dict)]
    copies = {name: folder / name for name in names if isinstance(name, str) and (folder / name).is_file()}
    if copies and len(copies) == len([n for n in names if n]):
        for name, path in copies.items():
            files[f"{STORED_COPIES}/{name}"] = path.read_text("utf-8")
        files["glossary/_sources.yaml"] = _with_stored_copies(registry, STORED_COPIES)
        return [
            f"copied the stored copies of {len(copies)} sources into {STORED_COPIES}/: quotes are checked against them"
        ]
    stripped = {path: _without_quotes(text) for path, text in files.items() if path.endswith(".yaml")}
    if any(text is None for text in stripped.values()):
        return [
            f"the starter's quotes need stored copies of its sources in {STORED_COPIES}/ (see glossary/_sources.yaml)"
        ]
    files.update({path: text for path, text in stripped.items() if text is not None})
    registry = re.sub(r"^stored_copies:.*\n", "", files["glossary/_sources.yaml"], count=1, flags=re.M)
    files["glossary/_sources.yaml"] = registry.replace(
        "../shared/seeds/", f"{STORED_COPIES}/ once you add them with `stored_copies: {STORED_COPIES}`"
    )
    return [
        "this package does not carry the stored copies of the starter's sources, so their quotes were left out "
        f"(the citations stay); put the files named in glossary/_sources.yaml into {STORED_COPIES}/ to quote them"
    ]


def _with_stored_copies(registry: str, folder: str) -> str:
    return STORED_COPIES_LINE.sub(f"stored_copies: {folder}", registry, count=1).replace(
        "../shared/seeds/", f"{folder}/"
    )


def _without_quotes(text: str) -> str | None:
    """``text`` without its quotes, or None if that cannot be done line by line without changing anything else."""
    result = QUOTE_IN_FLOW.sub("", QUOTE_LINE.sub("", text))
    if result == text:
        return text
    try:
        return result if yaml.safe_load(result) == _drop_quotes(yaml.safe_load(text)) else None
    except yaml.YAMLError:
        return None


def _drop_quotes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_quotes(v) for k, v in value.items() if not (k == "quote" and "source" in value)}
    if isinstance(value, list):
        return [_drop_quotes(v) for v in value]
    return value


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
        if not (parent / "mkdocs.yml").is_file():
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
