"""Where the tool may write: never over the project, its sources, or files it did not write.

Building replaces the site folder, syncing cleans the docs folder, exporting replaces a file.
Given the project, one of its source folders or someone else's files, each would destroy them
(``glossary build --site-dir .`` once replaced the project and its .git with the site, exit 0).
Every command that writes asks here first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from generator.core.problems import GlossaryError


class UnsafeOutputError(GlossaryError):
    """An output folder would replace or clean something that is not the tool's own output."""


#: Project folders that hold sources: no output may be written into or over them.
SOURCE_FOLDERS = ("glossary", "playbooks", "site_config", "generator", "tests", ".git")


def is_within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_output_folder(target: Path, project: Path, *, what: str, is_own_output: Callable[[Path], bool]) -> None:
    """Refuse ``target`` unless replacing or cleaning it can only touch this tool's own output.

    Allowed: a folder that does not exist yet, an empty one, or one that ``is_own_output``
    recognises as an earlier output. Never the project or a folder holding it, a source
    folder, a file, or a symbolic link (cleaning through it would reach elsewhere).
    """
    project = project.resolve()
    if target.is_symlink():
        raise UnsafeOutputError(f"{what} {target} is a symbolic link; give the real folder instead")
    resolved = target.resolve()
    if is_within(project, resolved):
        raise UnsafeOutputError(
            f"{what} {target} holds the project itself: building there would delete it; choose a new folder"
        )
    for name in SOURCE_FOLDERS:
        if is_within(resolved, project / name):
            raise UnsafeOutputError(f"{what} {target} is inside the project's {name}/ folder; choose another folder")
    if not resolved.exists():
        return
    if not resolved.is_dir():
        raise UnsafeOutputError(f"{what} {target} is a file, not a folder; choose another path")
    with os.scandir(resolved) as entries:
        empty = next(entries, None) is None
    if not empty and not is_own_output(resolved):
        raise UnsafeOutputError(
            f"{what} {target} holds files this tool did not write; choose an empty or new folder "
            f"(or delete {target} yourself if it is an old build)"
        )


def check_output_file(target: Path, project: Path, *, is_own_output: Callable[[Path], bool]) -> None:
    """Refuse to replace ``target`` unless it is new or an earlier output (``is_own_output``),
    and never write inside the project's source folders (a YAML file there would become content)."""
    project = project.resolve()
    if target.is_symlink():  # /dev/stdout, a dangling link: the rename would replace the link itself
        raise UnsafeOutputError(f"{target} is a symbolic link; give the real file (or leave out --output)")
    resolved = target.resolve()
    for name in SOURCE_FOLDERS:
        if is_within(resolved, project / name):
            raise UnsafeOutputError(f"{target} is inside the project's {name}/ folder; write it elsewhere")
    if resolved.exists() and not resolved.is_file():
        raise UnsafeOutputError(f"{target} is a folder or a device, not a file; give a file name")
    if resolved.exists() and not is_own_output(resolved):
        raise UnsafeOutputError(
            f"{target} exists and is not an earlier export of this format; delete it first or choose another name"
        )
