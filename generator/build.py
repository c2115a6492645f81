"""Stage 5: write the rendered pages and run MkDocs, replacing the output atomically.

Order matters (two phases): the content is loaded and validated completely before
anything is written, and the new site is built in a temporary folder beside the
target and swapped in with renames only once MkDocs has succeeded. A build that
fails for any reason leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .export import read_site_url
from .pipeline import load_project
from .problems import GlossaryError
from .render import ASSETS, TEMPLATES, Page, render_site
from .validate import CheckOptions

DOCS_SUBDIR = Path("build") / "docs"


class BuildError(GlossaryError):
    """MkDocs failed, or the output could not be written."""


@dataclass(frozen=True)
class BuildReport:
    pages: int
    seconds_generate: float
    seconds_mkdocs: float
    site_dir: Path


def sync_docs(pages: list[Page], docs_dir: Path) -> int:
    """Make ``docs_dir`` hold exactly ``pages``; return how many files were written.

    Files whose content is unchanged are not touched, so ``mkdocs serve`` sees only
    real changes, and files no page produces any more are removed. Dotfiles (the
    folder's own .gitignore) are left alone. Plain ``os`` calls and one ``makedirs``
    per folder: at 10,000 terms (40,000 files) pathlib and repeated mkdir calls took
    more time than rendering.
    """
    root = str(docs_dir)
    os.makedirs(root, exist_ok=True)
    wanted = {page.path: page.content for page in pages}
    for folder in {posixpath.dirname(path) for path in wanted} - {""}:
        os.makedirs(os.path.join(root, folder), exist_ok=True)
    written = 0
    for path, content in wanted.items():
        target = os.path.join(root, path)
        data = content.encode("utf-8")
        try:
            with open(target, "rb") as handle:
                if handle.read() == data:
                    continue
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
        written += 1
    _remove_stale(root, wanted)
    return written


def _remove_stale(root: str, wanted: dict[str, str]) -> None:
    """Delete files no page produces any more, then folders left empty; never dotfiles."""
    for folder, _dirs, files in os.walk(root, topdown=False):
        relative = os.path.relpath(folder, root)
        parts = [] if relative == "." else relative.split(os.sep)
        if any(part.startswith(".") for part in parts):
            continue
        for name in files:
            if not name.startswith(".") and posixpath.join(*parts, name) not in wanted:
                os.unlink(os.path.join(folder, name))
        if parts and not os.listdir(folder):
            os.rmdir(folder)


def _fingerprint(project: Path) -> tuple:
    """Names, sizes and modification times of every input of the generated docs."""
    inputs = [
        *sorted((project / "glossary").glob("*.yaml")),
        *sorted((project / "playbooks").glob("*.yaml")),
        *sorted(TEMPLATES.glob("*")),
        *sorted(ASSETS.glob("*")),
    ]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in inputs if p.is_file())


_generated: dict[Path, tuple[tuple, int]] = {}


def generate_docs(
    project: Path,
    docs_dir: Path,
    options: CheckOptions = CheckOptions(),
    *,
    edit_base: str | None = None,
    site_url: str | None = None,
) -> int:
    """Load, validate, render and sync the docs folder; return the number of pages.

    Raises :class:`~generator.problems.ContentError` before writing anything when the
    content has errors. Skips all work when no input changed since this process last
    generated the same folder (``glossary build`` generates, then MkDocs runs our plugin).
    ``edit_base`` (e.g. ``https://github.com/org/repo/edit/main/``) adds an "Edit this
    term" link to the term's YAML file; ``site_url`` makes the URLs in terms.json absolute.
    """
    key = docs_dir.resolve()
    fingerprint = (_fingerprint(project), edit_base, site_url)
    if key in _generated and _generated[key][0] == fingerprint and docs_dir.is_dir():
        return _generated[key][1]
    glossary = load_project(project, options).require()
    pages = render_site(glossary, edit_base=edit_base, site_url=site_url)
    sync_docs(pages, docs_dir)
    _generated[key] = (fingerprint, len(pages))
    return len(pages)


def _swap_in(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``: the old folder is renamed aside, then removed."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, *, strict: bool = True) -> None:
    """Build with MkDocs into a temporary folder, then swap it into ``site_dir``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(staging), strict=strict)
        mkdocs_build(config)
        staging.chmod(0o755)
        _swap_in(staging, site_dir)
    except (MkDocsException, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"the site was not built ({error}); the previous {site_dir.name}/ is unchanged") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def build_site(
    project: Path, site_dir: Path | None = None, *, options: CheckOptions = CheckOptions(), strict: bool = True
) -> BuildReport:
    """Load, validate, render, write and build: the whole pipeline.

    Raises :class:`~generator.problems.ContentError` (nothing written) when the
    content has errors, :class:`BuildError` when MkDocs fails.
    """
    project = Path(project)
    start = time.perf_counter()
    docs_dir = project / DOCS_SUBDIR
    pages = generate_docs(project, docs_dir, options, site_url=read_site_url(project))
    rendered = time.perf_counter()
    site_dir = site_dir or project / "site"
    run_mkdocs(project / "mkdocs.yml", docs_dir, site_dir, strict=strict)
    return BuildReport(pages, rendered - start, time.perf_counter() - rendered, site_dir)
