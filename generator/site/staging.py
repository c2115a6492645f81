"""The site folder replaced whole: a build writes beside the target and swaps the result in with renames,
so a failed build leaves the previous ``site/`` as it was; staging folders that killed builds left
behind are removed by the next build. Shared by the MkDocs build (build.py) and Zensical (engines.py).

:class:`BuildError` is defined here, at the bottom of the build's modules: every step of a build
raises it (build.py, engines.py, docs_folder.py, here) and the plugin and ``glossary build`` catch it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from generator.core.problems import GlossaryError


class BuildError(GlossaryError):
    """MkDocs failed, or the output could not be written."""


def _staging_pattern(site_name: str) -> re.Pattern:
    """Names of the folders a build of ``site_name`` keeps beside it: the new site being built
    (``.site-build-<pid>-<random>``) and the old one being removed (``.site-build-<pid>-old``).
    Nothing else: a user's ``.site-packages`` or ``.site.old-2024`` is not ours to remove."""
    return re.compile(rf"\.{re.escape(site_name)}-build-(\d+)-\w+")


def _process_is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_abandoned_staging(site_dir: Path) -> list[str]:
    """Delete the staging folders that killed builds left beside ``site_dir``; return their names.

    A folder named after a process that still runs is another build at work and is kept.
    """
    pattern = _staging_pattern(site_dir.name)
    removed = []
    try:
        entries = list(os.scandir(site_dir.parent))
    except FileNotFoundError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        if _process_is_running(int(match.group(1))):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(entry.name)
    return removed


def swap_in(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``: the old folder is renamed aside, then removed."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-build-{os.getpid()}-old")
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
