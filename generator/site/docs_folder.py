"""The generated docs folder (``build/docs``) kept in step with the rendered pages: only changed files are
written (a manifest of sizes and times saves reading them back), stale ones removed, nothing outside
what we wrote touched. ``glossary generate`` and ``glossary serve`` use it; ``glossary build`` does not.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from pathlib import Path

from generator.site.page import Page
from generator.site.staging import BuildError

#: Size, modification time and digest of every file sync_docs wrote, kept beside them
#: (a dotfile: MkDocs and the clean-up leave it alone).
MANIFEST = ".glossary-manifest.json"


def sync_docs(pages: list[Page], docs_dir: Path) -> int:
    """Make ``docs_dir`` hold exactly ``pages``; return how many files were written.

    Files whose content is unchanged are not touched, so ``mkdocs serve`` sees only
    real changes, and files no page produces any more are removed. Dotfiles (the
    folder's own .gitignore) are left alone. A file whose size and modification time
    are still those recorded in the manifest, and whose new content has the recorded
    digest, is known unchanged without reading it: at 10,000 terms reading 40,000
    files back cost more than rendering some of them. Plain ``os`` calls and one
    ``makedirs`` per folder.
    """
    root = str(docs_dir)
    os.makedirs(root, exist_ok=True)
    recorded = _read_manifest(root)
    manifest: dict[str, list] = {}
    wanted = {page.path: page.content for page in pages}
    made: set[str] = {""}  # folders known to exist: one makedirs each, and only to write
    written = 0
    for path, content in wanted.items():
        target = os.path.join(root, path)
        data = content.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        known = recorded.get(path)
        if known is not None and known[2] == digest and _stat_of(target) == (known[0], known[1]):
            manifest[path] = known
            continue
        folder = posixpath.dirname(path)
        if folder not in made:
            os.makedirs(os.path.join(root, folder), exist_ok=True)
            made.add(folder)
        if _write_if_changed(target, data):
            written += 1
        size, mtime = _stat_of(target) or (0, 0)
        manifest[path] = [size, mtime, digest]
    _remove_stale(root, wanted)
    _write_manifest(root, manifest)
    return written


def _write_if_changed(target: str, data: bytes) -> bool:
    try:
        with open(target, "rb") as handle:
            if handle.read() == data:
                return False
        existed = True
    except FileNotFoundError:
        existed = False
    if existed:  # replace by rename: a reader never sees a half-written page
        staging = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.tmp")
        with open(staging, "wb") as handle:
            handle.write(data)
        os.replace(staging, target)
    else:
        with open(target, "wb") as handle:
            handle.write(data)
    return True


def _stat_of(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns


def _read_manifest(root: str) -> dict[str, list]:
    """The manifest of the last sync, or {} if missing or unreadable (then every file is compared)."""
    try:
        with open(os.path.join(root, MANIFEST), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("files"), dict):
        return {}
    return {k: v for k, v in data["files"].items() if isinstance(v, list) and len(v) == 3}


def _write_manifest(root: str, files: dict[str, list]) -> None:
    staging = os.path.join(root, f"{MANIFEST}.tmp")
    with open(staging, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"version": 1, "files": files}, separators=(",", ":")))  # dumps: the C encoder
    os.replace(staging, os.path.join(root, MANIFEST))


def _remove_stale(root: str, wanted: dict[str, str]) -> None:
    """Delete files no page produces any more, then folders left empty; never dotfiles.

    One ``scandir`` per folder, types from the directory entries: ``os.walk`` plus a
    ``listdir`` per folder took 2 s over the 30,000 folders of 10,000 terms.
    """

    def clean(folder: str, prefix: str) -> bool:
        """Clean ``folder``; True if nothing is left in it."""
        left = 0
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if _is_our_staging_file(entry.name):
                    os.unlink(entry.path)  # left by a killed build
                elif entry.name.startswith("."):
                    left += 1
                elif entry.is_dir(follow_symlinks=False):
                    if clean(entry.path, relative + "/"):
                        os.rmdir(entry.path)
                    else:
                        left += 1
                elif relative in wanted:
                    left += 1
                else:
                    os.unlink(entry.path)
        return left == 0

    clean(root, "")


def _is_our_staging_file(name: str) -> bool:
    """``.page.md.tmp`` and the manifest's ``.tmp``: written then renamed, so never current."""
    return name.startswith(".") and name.endswith(".tmp")


def write_page(page: Page, docs_dir: Path) -> bool:
    """Write one page into ``docs_dir`` if its content changed (the next :func:`sync_docs`, finding
    the file's size or time unlike its manifest, compares the content and keeps it)."""
    try:
        return _write_if_changed(os.path.join(str(docs_dir), page.path), page.content.encode("utf-8"))
    except OSError as error:
        raise BuildError(f"could not write {docs_dir}: {error.strerror or error}") from error


def write_docs(pages: list[Page], docs_dir: Path) -> None:
    """:func:`sync_docs`, a failure to write said as a :class:`BuildError`."""
    try:
        sync_docs(pages, docs_dir)
    except OSError as error:
        raise BuildError(
            f"could not write {docs_dir}: {error.strerror or error}; the previous site is unchanged"
        ) from error
