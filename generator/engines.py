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
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from .build import BuildError, _swap_in, remove_abandoned_staging
from .calculator import _AnyTagLoader

#: The optional extra that installs the Zensical version this project is tested with.
ZENSICAL_EXTRA = "zensical"

_PLUGINS = re.compile(r"(?m)^plugins:[ \t]*\n((?:[ \t]+.*\n|[ \t]*\n)*)")
#: The entry's three forms: ``- glossary``, ``- glossary: {...}``, ``- glossary:`` and its indented options.
_GLOSSARY_PLUGIN = re.compile(
    r"(?m)^([ \t]*)- glossary(?:[ \t]*\n|:[ \t]*\{[^\n]*\}[ \t]*\n|:[ \t]*\n(?:(?:\1[ \t]{2,}.*)?\n)*)"
)
_CUSTOM_DIR = re.compile(r"(?m)^([ \t]+custom_dir:[ \t]*)(\"[^\"\n]*\"|'[^'\n]*'|[^\s#]+)")
_TOP_LEVEL = re.compile(r"(?m)^(?:docs_dir|site_dir):.*\n?")
_THEME = re.compile(r"(?m)^theme:[ \t]*\n(?=([ \t]+)\S)")
_MARKDOWN_EXTENSIONS = re.compile(r"(?m)^markdown_extensions:[ \t]*\n(?=([ \t]+)- )")
#: What the plugin adds to MkDocs' Markdown: the last check on link targets (safe_html.py).
SAFE_LINKS = "generator.safe_html:SafeLinksExtension"


class EngineMissing(BuildError):
    """The engine asked for is not installed."""


def without_glossary_plugin(config: str) -> str:
    """``mkdocs.yml``'s text without the ``glossary`` plugin entry and its indented options:
    the configuration of a site built from the generated docs by an engine that cannot run it."""
    if not config.endswith("\n"):
        config += "\n"
    plugins = _PLUGINS.search(config)  # only there: `watch:` may list a glossary folder too
    if plugins is None:
        return config
    entries = _GLOSSARY_PLUGIN.sub("", plugins.group(1), count=1)
    return config[: plugins.start(1)] + entries + config[plugins.end(1) :]


def zensical_config(config: str, *, config_folder: Path, work: Path, docs_dir: Path, site_dir: Path) -> str:
    """The text Zensical builds from, written into ``work`` rather than beside ``mkdocs.yml``:

    no glossary plugin; the theme's ``custom_dir`` (relative to ``config_folder``, the folder of
    ``mkdocs.yml``) made absolute; ``docs_dir`` and ``site_dir`` replaced, relative to ``work``;
    Zensical's ``classic`` variant (Material's look) unless the theme names one;
    the plugin's check on link targets added to the Markdown extensions (Zensical renders
    Markdown with Python-Markdown, in the process that loads this configuration).
    Text edits rather than a YAML round trip keep tags such as ``!!python/name:`` as written.
    """

    def absolute(match: re.Match) -> str:
        value = match.group(2).strip("\"'")
        return match.group(1) + json.dumps(str((config_folder / value).resolve()))

    def relative(path: Path) -> str:  # absolute ones make Zensical 0.0.73 panic (Id(Format(Path(RootDir))))
        return json.dumps(os.path.relpath(path.resolve(), work.resolve()))

    text = _CUSTOM_DIR.sub(absolute, without_glossary_plugin(config))
    text = _TOP_LEVEL.sub("", text)
    if not re.search(r"(?m)^[ \t]+variant:", text):  # Material's look, which our overrides and colours fit
        text = _THEME.sub(lambda m: f"{m.group(0)}{m.group(1)}variant: classic\n", text, count=1)
    text, added = _MARKDOWN_EXTENSIONS.subn(lambda m: f"{m.group(0)}{m.group(1)}- {SAFE_LINKS}\n", text, count=1)
    if not added and not re.search(r"(?m)^markdown_extensions:", text):
        text += f"markdown_extensions:\n  - {SAFE_LINKS}\n"
    return text + f"docs_dir: {relative(docs_dir)}\nsite_dir: {relative(site_dir)}\n"


def read_edit_base(project: Path) -> str | None:
    """The base of "Edit this term" links, as the plugin computes it (its ``edit_url`` option, else
    ``repo_url`` + /edit/main/): without the plugin, the generator must put them in itself."""
    path = project / "mkdocs.yml"
    if not path.is_file():
        return None
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506 (a SafeLoader)
    config = config if isinstance(config, dict) else {}
    plugins = config.get("plugins") or []
    options: dict = {}
    for entry in [plugins] if isinstance(plugins, dict) else plugins:
        if isinstance(entry, dict) and isinstance(entry.get("glossary"), dict):
            options = entry["glossary"]
    for base, suffix in ((options.get("edit_url"), "/"), (config.get("repo_url"), "/edit/main/")):
        if isinstance(base, str) and base:
            return base.rstrip("/") + suffix
    return None


def require_zensical() -> None:
    """Refuse early, naming the extra to install: before anything is generated or written."""
    if importlib.util.find_spec("zensical") is None:
        raise EngineMissing(
            "Zensical is not installed; install the project's extra for it: "
            f"pip install 'gtm-glossary[{ZENSICAL_EXTRA}]' (in a checkout: pip install -e '.[{ZENSICAL_EXTRA}]')"
        )


def run_zensical(config_file: Path, docs_dir: Path, site_dir: Path, *, strict: bool = True) -> None:
    """Build ``docs_dir`` with Zensical, then swap the new site into ``site_dir``.

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
        text = zensical_config(
            config_file.read_text(encoding="utf-8"),
            config_folder=config_file.parent,
            work=work,
            docs_dir=docs_dir,
            site_dir=built,
        )
        settings.write_text(text, encoding="utf-8")
        _zensical_build(settings, site_dir, strict=strict)
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
        _swap_in(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
