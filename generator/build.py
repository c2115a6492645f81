"""Stage 5: write the rendered pages and run MkDocs, replacing the output atomically.

Order matters (two phases): the content is loaded and validated completely before
anything is written, and the new site is built in a temporary folder beside the
target and swapped in with renames only once MkDocs has succeeded. A build that
fails for any reason leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import load_project
from .problems import GlossaryError
from .render import Page, render_site
from .validate import CheckOptions

DOCS_SUBDIR = Path("build") / "docs"


class BuildError(GlossaryError):
    """MkDocs failed, or the output could not be written."""


@dataclass(frozen=True)
class BuildReport:
    pages: int
    seconds_render: float
    seconds_mkdocs: float
    site_dir: Path


def write_docs(pages: list[Page], docs_dir: Path) -> None:
    """Replace ``docs_dir`` with exactly ``pages``, via a temporary folder and renames."""
    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".docs-", dir=docs_dir.parent))
    try:
        for page in pages:
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.content, encoding="utf-8")
        _swap_in(staging, docs_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


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
    glossary = load_project(project, options).require()
    start = time.perf_counter()
    pages = render_site(glossary)
    docs_dir = project / DOCS_SUBDIR
    write_docs(pages, docs_dir)
    rendered = time.perf_counter()
    site_dir = site_dir or project / "site"
    run_mkdocs(project / "mkdocs.yml", docs_dir, site_dir, strict=strict)
    return BuildReport(len(pages), rendered - start, time.perf_counter() - rendered, site_dir)
