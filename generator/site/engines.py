"""The other engine: building the generated docs with Zensical, Material for MkDocs' successor.

Material 9 reaches end of life in May 2027; Zensical (same authors) reads the same
``mkdocs.yml`` and Material overrides, but runs no MkDocs plugin. So ``glossary build
--engine zensical`` writes ``build/docs`` exactly as for MkDocs (the generator does all
the work; our plugin only calls it), then runs Zensical on a copy of ``mkdocs.yml``
without the ``glossary`` plugin entry. The site guarantees are MkDocs' (build.py):
Zensical writes into a folder of its own, which is swapped in only once it succeeded,
so a failed build (Zensical leaves half a site behind) keeps the previous ``site/``.

Zensical insists that docs_dir and site_dir lie under the folder of its configuration
file, and keeps its cache in ``.cache`` there: the copy is written into ``build/``
(gitignored, like the docs it builds), so the cache and the new site stay out of the
project, and the copy is removed after the build.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.core.config import PLUGIN_NAME, ProjectConfig, dump_config
from generator.site.assistant_files import write_assistant_files
from generator.site.menu import moved_nav, nav_with_pages
from generator.site.page import Page
from generator.site.staging import BuildError, remove_abandoned_staging, swap_in

#: The optional extra that installs the Zensical version this project is tested with.
ZENSICAL_EXTRA = "zensical"

#: What the plugin adds to MkDocs' Markdown: the last check on link targets (safe_html.py).
SAFE_LINKS = "generator.core.safe_html:SafeLinksExtension"


class EngineMissing(BuildError):
    """The engine asked for is not installed."""


def without_glossary_plugin(plugins: Any) -> Any:
    """A ``plugins:`` value (a list or a mapping, as MkDocs takes both) without our entry:
    the configuration of a site built from the generated docs by an engine that cannot run it."""
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name != PLUGIN_NAME}
    if isinstance(plugins, list):
        return [e for e in plugins if e != PLUGIN_NAME and not (isinstance(e, dict) and PLUGIN_NAME in e)]
    return plugins


def with_safe_links(extensions: Any) -> Any:
    """``markdown_extensions`` with the plugin's check on link targets first (a list, or a
    mapping of extension to options; none listed: the check alone)."""
    if isinstance(extensions, dict):
        return {SAFE_LINKS: {}, **extensions}
    if isinstance(extensions, list):
        return [SAFE_LINKS, *extensions]
    return [SAFE_LINKS]


def zensical_config(config: ProjectConfig, *, work: Path, docs_dir: Path, site_dir: Path) -> str:
    """The text Zensical builds from, written into ``work`` rather than beside ``mkdocs.yml``:

    no glossary plugin; the theme's ``custom_dir`` and an ``INHERIT``ed file (relative to the
    folder of ``mkdocs.yml``) made absolute; ``docs_dir`` and ``site_dir`` replaced, relative to
    ``work``; Zensical's ``classic`` variant (Material's look) unless the theme names one; the
    plugin's check on link targets added to the Markdown extensions (Zensical renders Markdown
    with Python-Markdown, in the process that loads this configuration).
    Read and written as YAML, in any style (flow lists, comments, any indentation), with tags
    such as ``!ENV`` and ``!!python/name:`` written back as they were.
    """

    def relative(path: Path) -> str:  # absolute ones make Zensical 0.0.73 panic (Id(Format(Path(RootDir))))
        return os.path.relpath(path.resolve(), work.resolve())

    data = config.copy_of_raw()
    if "plugins" in data:
        data["plugins"] = without_glossary_plugin(data["plugins"])
    theme = data.get("theme")
    if isinstance(theme, str):  # `theme: material`
        theme = data["theme"] = {"name": theme}
    if isinstance(theme, dict):
        if isinstance(theme.get("custom_dir"), str):
            theme["custom_dir"] = str((config.folder / theme["custom_dir"]).resolve())
        theme.setdefault("variant", "classic")  # Material's look, which our overrides and colours fit
    if isinstance(data.get("INHERIT"), str):
        data["INHERIT"] = str((config.folder / data["INHERIT"]).resolve())
    data["markdown_extensions"] = with_safe_links(data.get("markdown_extensions"))
    if "nav" in data:  # as the plugin does: the menu names the optional pages generated, no others
        data["nav"] = nav_with_pages(moved_nav(data["nav"]), lambda page: (docs_dir / page).is_file())
    data["docs_dir"] = relative(docs_dir)
    data["site_dir"] = relative(site_dir)
    return dump_config(data)


def require_zensical() -> None:
    """Refuse early, naming the extra to install: before anything is generated or written."""
    if importlib.util.find_spec("zensical") is None:
        raise EngineMissing(
            "Zensical is not installed; install the project's extra for it: "
            f"pip install 'gtm-glossary[{ZENSICAL_EXTRA}]' (in a checkout: pip install -e '.[{ZENSICAL_EXTRA}]')"
        )


def run_zensical(
    config: ProjectConfig, docs_dir: Path, site_dir: Path, *, strict: bool = True, extra_files: Sequence[Page] = ()
) -> None:
    """Build ``docs_dir`` with Zensical, add ``extra_files`` (the assistant files, which must not be
    Zensical's pages: assistant_files.py), then swap the new site into ``site_dir``.

    Zensical runs in a process of its own (its Rust runtime keeps state per process, and its
    errors end in ``sys.exit``); its messages are kept and, on failure, reported.
    """
    require_zensical()
    site_dir = site_dir.resolve()
    work = docs_dir.resolve().parent  # build/: docs_dir and the new site must both lie under it
    try:
        remove_abandoned_staging(site_dir)
        remove_abandoned_staging(work / "zensical-site")
        built = Path(tempfile.mkdtemp(prefix=f".zensical-site-build-{os.getpid()}-", dir=work))
    except OSError as error:
        raise BuildError(f"cannot write into {work}: {error.strerror or error}") from error
    settings = work / f".zensical-{os.getpid()}.yml"
    try:
        text = zensical_config(config, work=work, docs_dir=docs_dir, site_dir=built)
        settings.write_text(text, encoding="utf-8")
        _zensical_build(settings, site_dir, strict=strict)
        write_assistant_files(extra_files, built)
        _move_beside(built, site_dir)
    except OSError as error:
        raise BuildError(
            f"the site was not built ({error.strerror or error}); the previous {site_dir.name}/ is unchanged"
        ) from error
    finally:
        settings.unlink(missing_ok=True)
        shutil.rmtree(built, ignore_errors=True)


def _zensical_build(settings: Path, site_dir: Path, *, strict: bool) -> None:
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(settings)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_COLOR": "1", "CLICOLOR": "0"}
    result = subprocess.run(command, cwd=settings.parent, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        said = _messages(result.stdout + result.stderr)
        raise BuildError(
            f"the site was not built (Zensical exited with {result.returncode}); the previous {site_dir.name}/ "
            "is unchanged" + "".join(f"\nZensical: {line}" for line in said)
        )


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WHERE = re.compile(r"─\[ *([^\]]+?) *\]")


def _messages(output: str) -> list[str]:
    """Zensical's warnings (each with its file:line:column) and its final error, one line each,
    without colours, source frames or Python's traceback."""
    said: list[str] = []
    located = True
    for raw in output.splitlines():
        line = _ANSI.sub("", raw).strip()
        where = _WHERE.search(line)
        if line.startswith(("Warning:", "Error:")):
            said.append(line)
            located = False
        elif where and not located:
            said[-1] += f" ({where.group(1)})"
            located = True
        elif line.startswith("RuntimeError:"):
            said.append(line.removeprefix("RuntimeError: "))
    return said or [line for line in output.splitlines() if line.strip()][-3:]


def _move_beside(built: Path, site_dir: Path) -> None:
    """Put the new site beside ``site_dir`` (a rename, or a copy across file systems), then swap it in."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-{os.getpid()}-", dir=site_dir.parent))
    try:
        staging.rmdir()
        shutil.move(str(built), str(staging))
        staging.chmod(0o755)
        swap_in(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
