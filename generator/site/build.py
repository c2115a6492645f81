"""Stage 5: hand the rendered pages to MkDocs and build the site, replacing the output atomically.

Order matters (two phases): the content is loaded and validated completely before
anything is written, and the new site is built in a temporary folder beside the
target and swapped in with renames only once MkDocs has succeeded. A build that
fails for any reason leaves the previous ``site/`` exactly as it was.

``glossary build`` writes each file once: the plugin (plugin.py) gives MkDocs the rendered
pages in memory, and MkDocs writes the site. ``glossary generate`` (:func:`generate_docs`)
writes the same pages as Markdown into ``build/docs``, for plain MkDocs, other engines and
readers; ``glossary serve`` builds from that folder too (its dirty rebuilds compare files).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.checks.records import CheckOptions
from generator.core.clock import build_date
from generator.core.config import CONFIG_FILE, PLUGIN_NAME, ProjectConfig, ProjectConfigError
from generator.core.outputs import UnsafeOutputError, check_output_folder, is_within
from generator.core.problems import ContentError, Severity
from generator.core.text import one_line
from generator.model.glossary import Glossary
from generator.model.urls import page_of as renderer_page_of
from generator.pipeline import LoadResult, load_project
from generator.site.assistant_files import assistant_pages
from generator.site.calculator import NumberFormat, number_format_of
from generator.site.data_files import ASSETS
from generator.site.docs_folder import MANIFEST, write_docs, write_page
from generator.site.history_pages import site_history
from generator.site.optional_pages import optional_pages_of
from generator.site.page import Page, page_count
from generator.site.render import Renderer, render_site, template_folders
from generator.site.search_shards import searches_own_index
from generator.site.staging import BuildError, remove_abandoned_staging, swap_in

DOCS_SUBDIR = Path("build") / "docs"
#: A file every generated docs folder and site holds, and no one else's: how earlier output is known
#: (the site's own script; the classifier's data, once the marker, is left out of a project without
#: classifier questions).
OUTPUT_MARKER = "assets/glossary/glossary.js"


def is_earlier_site(folder: Path) -> bool:
    """A site this tool built (MkDocs' home page and the script only our pages have) that
    holds no dotfile: a site checked out as a git worktree keeps its .git there, and replacing the
    folder would lose it (MkDocs' own clean step keeps dotfiles; our swap cannot)."""
    if not ((folder / "index.html").is_file() and (folder / OUTPUT_MARKER).is_file()):
        return False
    with os.scandir(folder) as entries:
        return not any(entry.name.startswith(".") for entry in entries)


def is_earlier_docs(folder: Path) -> bool:
    """A docs folder this tool wrote (it keeps its manifest, or before manifests our script),
    or one holding only dotfiles such as its .gitignore, which syncing leaves alone."""
    if (folder / MANIFEST).is_file() or (folder / OUTPUT_MARKER).is_file():
        return True
    with os.scandir(folder) as entries:
        return all(entry.name.startswith(".") for entry in entries)


@dataclass(frozen=True)
class BuildReport:
    pages: int
    seconds_generate: float
    seconds_mkdocs: float
    site_dir: Path
    warnings: int = 0  # the content's warnings: published anyway, but `glossary check --strict` fails on them


def _fingerprint(project: Path) -> tuple:
    """Names, sizes and modification times of every input of the generated docs.

    One ``scandir`` per folder and one ``stat`` per file: it runs twice per build (the build,
    then the plugin), and globbing with three ``stat`` calls per file took 0.33 s at 10,000 terms.
    """
    inputs = [(project / "glossary", ".yaml"), (project / "playbooks", ".yaml"), (ASSETS, "")]
    inputs += [(folder, "") for folder in template_folders(project)]
    found = []
    for folder, suffix in inputs:
        try:
            with os.scandir(folder) as entries:
                chosen = sorted(
                    (entry.path, entry)
                    for entry in entries
                    if not entry.name.startswith(".") and entry.name.endswith(suffix) and entry.is_file()
                )
        except FileNotFoundError:
            continue
        for path, entry in chosen:
            status = entry.stat()
            found.append((path, status.st_mtime_ns, status.st_size))
    return tuple(found)


_generated: dict[Path, tuple[tuple, int]] = {}

#: The glossary ``build_site`` loaded and validated, kept for the plugin in the same process
#: (one per project, taken once): MkDocs' run then renders it without loading the YAML again.
_loaded: dict[Path, tuple[tuple, Glossary]] = {}


def load_for_build(project: Path, options: CheckOptions = CheckOptions()) -> int:
    """Load and validate ``project`` for a build, raising :class:`ContentError` (nothing written)
    on errors or the scaffold's placeholders; the glossary waits for :func:`render_pages`. Returns the
    number of warnings, which a build publishes anyway but should mention (``check --strict`` fails on them)."""
    fingerprint = _fingerprint(project)
    result = refuse_placeholders(load_project(project, options))
    _loaded[project.resolve()] = (fingerprint, result.require())
    return _count_warnings(project, result)


def render_pages(
    project: Path,
    options: CheckOptions = CheckOptions(),
    *,
    edit_base: str | None = None,
    site_url: str | None = None,
    numbers: NumberFormat = NumberFormat(),
) -> list[Page]:
    """Every page of the site, in memory: what the plugin hands MkDocs.

    Uses the glossary :func:`load_for_build` kept if no input changed since, else loads and
    validates now (raising :class:`ContentError` before anything is written).
    """
    start = time.perf_counter()
    held = _loaded.pop(project.resolve(), None)
    if held is not None and held[0] == _fingerprint(project):
        glossary = held[1]
    else:
        glossary = _load_checked(project, options)
    pages = _rendered(project, glossary, edit_base, site_url, numbers)
    rendering.update(pages=page_count(pages), seconds=time.perf_counter() - start)
    page_sources.clear()
    page_sources.update(
        (renderer_page_of(item), item.path) for item in (*glossary.terms.values(), *glossary.playbooks.values())
    )
    return pages


def _rendered(
    project: Path,
    glossary: Glossary,
    edit_base: str | None,
    site_url: str | None,
    numbers: NumberFormat,
    own_search: bool = True,
) -> list[Page]:
    """Every page of ``project``'s site, with its own templates and its terms' history from git."""
    rendered_glossaries[project.resolve()] = glossary  # for the files written after the engine
    return render_site(
        glossary,
        edit_base=edit_base,
        site_url=site_url,
        templates=template_folders(project),
        numbers=numbers,
        history=site_history(project, glossary),
        own_search=own_search and searches_own_index(project),
    )


#: The glossary each project's site was last rendered from in this process: the assistant files
#: (assistant_files.py) are written from it after the engine has built the site.
rendered_glossaries: dict[Path, Glossary] = {}
#: The last :func:`render_pages` of this process: how many pages, in how many seconds (for the
#: report of ``glossary build``: its generator share is the load before MkDocs plus this).
rendering: dict[str, float] = {}
#: The content file each page of the last :func:`render_pages` shows (terms', playbooks' pages): a
#: page MkDocs fails on is reported with the file to look at.
page_sources: dict[str, str] = {}


def generate_docs(
    project: Path,
    docs_dir: Path,
    options: CheckOptions = CheckOptions(),
    *,
    edit_base: str | None = None,
    site_url: str | None = None,
    numbers: NumberFormat = NumberFormat(),
    own_search: bool = True,
) -> int:
    """Load, validate, render and sync the docs folder; return the number of pages (:func:`page_count`).

    What ``glossary generate`` and ``glossary serve`` write (``glossary build`` needs no
    docs folder: the plugin hands MkDocs the pages in memory).

    Raises :class:`~generator.core.problems.ContentError` before writing anything when the
    content has errors. Skips all work when no input changed since this process last
    generated the same folder (``glossary build`` generates, then MkDocs runs our plugin).
    ``edit_base`` (e.g. ``https://github.com/org/repo/edit/main/``) adds an "Edit this
    term" link to the term's YAML file; ``site_url`` makes the URLs in terms.json absolute;
    ``numbers`` is the locale and currency of the calculators (written into the pages);
    ``own_search`` False leaves the pages to the engine's search (Zensical's), writing no index of ours.
    """
    key = docs_dir.resolve()
    fingerprint = (_fingerprint(project), edit_base, site_url, numbers, build_date(), own_search)  # the date: /review/
    if key in _generated and _generated[key][0] == fingerprint and docs_dir.is_dir():
        return _generated[key][1]
    held = _edited.pop(key, None)  # loaded by generate_edited for these very inputs: not again
    glossary = held[1] if held is not None and held[0] == fingerprint else _load_checked(project, options)
    check_output_folder(docs_dir, project, what="the docs folder", is_own_output=is_earlier_docs)
    pages = _rendered(project, glossary, edit_base, site_url, numbers, own_search)
    write_docs(pages, docs_dir)
    _generated[key] = (fingerprint, page_count(pages))
    _shapes[key] = _shape_of(glossary)
    return page_count(pages)


def _load_checked(project: Path, options: CheckOptions) -> Glossary:
    result = refuse_placeholders(load_project(project, options))
    glossary = result.require()
    _count_warnings(project, result)
    return glossary


#: The content's warnings at the last load of each project, for ``glossary serve`` to mention after a
#: rebuild (a build publishes despite warnings; ``check --strict`` in CI fails on them).
content_warnings: dict[Path, int] = {}


def _count_warnings(project: Path, result: LoadResult) -> int:
    count = sum(1 for problem in result.problems if not problem.is_error)
    content_warnings[project.resolve()] = count
    return count


#: The pages a docs folder's last :func:`generate_docs` had, as far as links and the menu go (the
#: ids of every item with a page, the optional pages): the first pass of a save needs them unchanged.
_shapes: dict[Path, tuple] = {}
#: The glossary :func:`generate_edited` loaded, with its inputs' fingerprint, for the follow-up pass.
_edited: dict[Path, tuple[tuple, Glossary]] = {}


def _shape_of(glossary: Glossary) -> tuple:
    return (
        frozenset(glossary.terms),
        frozenset(glossary.playbooks),
        frozenset(glossary.tactics),
        frozenset(glossary.categories),
        optional_pages_of(glossary),
    )


def generate_edited(
    project: Path,
    docs_dir: Path,
    options: CheckOptions = CheckOptions(),
    *,
    edit_base: str | None = None,
    site_url: str | None = None,
    numbers: NumberFormat = NumberFormat(),
) -> list[str] | None:
    """The first pass of a save in ``glossary serve``: when the save changed only the files of
    existing terms or playbooks, write just their own pages into ``docs_dir`` and return those
    paths, so that MkDocs' dirty build renders and serves them at once; else None (and nothing is
    written): :func:`generate_docs` then does the whole save in one pass.

    The pages showing those items (the A-Z, the printable glossary, the sources, categories and
    the pages linking to them) are left as they were: the caller must run :func:`generate_docs`
    right after, which brings the folder to exactly what a full generation writes (it reuses
    the glossary loaded here). The content is loaded and validated whole first, so invalid
    content raises :class:`ContentError` before anything is written, as in a full pass.
    Nothing new is linked: the ids of every item with a page and the optional pages must be
    those of the last full generation, so each link on the edited page has its target.
    """
    key = docs_dir.resolve()
    last, shape = _generated.get(key), _shapes.get(key)
    if last is None or shape is None or not docs_dir.is_dir():
        return None
    # as generate_docs' fingerprint, whose last entry is own_search: serve searches our own index
    fingerprint = (_fingerprint(project), edit_base, site_url, numbers, build_date(), True)
    changed = _changed_inputs(project, last[0], fingerprint)
    if not changed:
        return None
    glossary = _load_checked(project, options)
    _edited[key] = (fingerprint, glossary)
    if _shape_of(glossary) != shape:
        return None
    items = [item for item in (*glossary.terms.values(), *glossary.playbooks.values()) if item.path in changed]
    if len(items) != len(changed):  # a file of something else (sources, categories, tactics) changed
        return None
    history = site_history(project, glossary)
    renderer = Renderer(
        glossary, template_folders(project), edit_base=edit_base, site_url=site_url, numbers=numbers, history=history
    )
    pages = [renderer.own_page(item) for item in items]
    written = [page.path for page in pages if write_page(page, docs_dir)]
    return written or None


def _changed_inputs(project: Path, last: tuple, now: tuple) -> set[str]:
    """The content files (``glossary/x.yaml``, project-relative) whose size or time changed between
    two fingerprints, or ``{"*"}`` if anything else differs: a file added or removed, a template,
    an asset, the options."""
    if last[1:] != now[1:] or len(last[0]) != len(now[0]):
        return {"*"}
    content = {str(project / "glossary"): "glossary", str(project / "playbooks"): "playbooks"}
    changed: set[str] = set()
    for before, after in zip(last[0], now[0], strict=True):  # same length, checked above
        if before == after:
            continue
        folder, name = os.path.split(after[0])
        if before[0] != after[0] or folder not in content or not name.endswith(".yaml"):
            return {"*"}
        changed.add(f"{content[folder]}/{name}")
    return changed


def refuse_placeholders(result: LoadResult) -> LoadResult:
    """A build publishes, so the scaffold's "TODO" text stops it, whatever else ``--strict`` allows:
    without this, ``glossary build`` in a project with no CI published the placeholder silently."""
    placeholders = [p for p in result.problems if p.code == "placeholder"]
    if placeholders:
        raise ContentError(tuple(dataclasses.replace(p, severity=Severity.ERROR) for p in placeholders))
    return result


def run_mkdocs(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    without_plugin: Callable[[], object] | None = None,
) -> None:
    """Build with MkDocs into a temporary folder, then swap it into ``site_dir``.

    ``without_plugin`` runs first if the configuration lists no glossary plugin (an older
    project's mkdocs.yml): then MkDocs can only read the pages from ``docs_dir``.
    """
    from jinja2 import TemplateError
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir.resolve()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned_staging(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-{os.getpid()}-", dir=site_dir.parent))
    except OSError as error:
        raise BuildError(f"cannot write beside {site_dir}: {error.strerror or error}") from error
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    warnings: list[str] = []
    try:
        with mkdocs_warnings() as warnings:
            config = load_config(
                str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(staging), strict=strict
            )
            if without_plugin is not None and PLUGIN_NAME not in config.plugins:
                without_plugin()
            # as `mkdocs build` does: a plugin kept from a `serve` in this process learns it is a build
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        staging.chmod(0o755)
        swap_in(staging, site_dir)
    except (MkDocsException, OSError, TemplateError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        said = "".join(f"\n  - {warning}" for warning in warnings)
        raise BuildError(
            f"the site was not built ({_described(error)}); the previous {site_dir.name}/ is unchanged"
            + (f"\nMkDocs warned:{said}" if said else "")
        ) from error
    except Exception as error:
        shutil.rmtree(staging, ignore_errors=True)
        page = _failed_page(warnings)
        if not page:
            raise  # not a page's content (a plugin's bug, say): the traceback is what helps
        # Python-Markdown failing on a page's Markdown (a RecursionError...): one line, no traceback
        raise BuildError(
            f"the site was not built ({type(error).__name__}: {one_line(str(error))[:120]}{page});"
            f" the previous {site_dir.name}/ is unchanged"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


_FAILED_PAGE = re.compile(r"Error (?:reading|building) page '([^']+)'")


def _failed_page(warnings: list[str]) -> str:
    """' on page X (from file Y)' for the page MkDocs said it failed on, naming the content file it
    comes from when the last render knows it; '' when MkDocs said nothing."""
    for warning in warnings:
        found = _FAILED_PAGE.search(warning)
        if found:
            page = found.group(1)
            source = page_sources.get(page)
            return f" on page {page}" + (f", which shows {source}: simplify its Markdown fields" if source else "")
    return ""


def _described(error: BaseException) -> str:
    """An error for one line: a theme template's error names its template and line (a broken
    override in site_config/overrides is the usual cause), as Zensical's own message does."""
    name, line = getattr(error, "name", None), getattr(error, "lineno", None)
    where = f" in {name}:{line}" if name and line else ""
    kind = "template error" if type(error).__module__.startswith("jinja2") else ""
    return f"{kind}{': ' if kind else ''}{error}{where}"


class _WarningList(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))  # one line each


@contextlib.contextmanager
def mkdocs_warnings() -> Iterator[list[str]]:
    """The warnings MkDocs logs inside the block, one line each.

    In strict mode MkDocs counts its warnings, then aborts with only "Aborted with N
    warnings in strict mode!"; ``glossary build`` has no console handler on MkDocs'
    logger, so without this the reader never learns what the warnings were.
    """
    messages: list[str] = []
    handler = _WarningList(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def build_site(
    project: Path,
    site_dir: Path | None = None,
    *,
    options: CheckOptions = CheckOptions(),
    strict: bool = True,
    engine: str = "mkdocs",
) -> BuildReport:
    """Load, validate, render and build: the whole pipeline, each file written once.

    Raises :class:`~generator.core.problems.ContentError` (nothing written) when the
    content has errors, :class:`BuildError` when MkDocs fails. The content is loaded and
    validated here, before MkDocs starts; the plugin renders it into MkDocs' files in memory
    (``build/docs`` is neither read nor written, unless mkdocs.yml lists no glossary plugin).
    ``engine="zensical"`` writes ``build/docs`` and builds it with Zensical instead (engines.py),
    which runs no MkDocs plugin.
    """
    project = Path(project)
    start = time.perf_counter()
    docs_dir = project / DOCS_SUBDIR
    site_dir = Path(site_dir or project / "site")
    check_output_folder(site_dir, project, what="the site folder", is_own_output=is_earlier_site)
    if is_within(docs_dir.resolve(), site_dir.resolve()) or is_within(site_dir.resolve(), docs_dir.resolve()):
        raise UnsafeOutputError(f"the site folder {site_dir} and the docs folder {docs_dir} overlap")
    if engine == "zensical":  # Zensical runs no plugin: the edit links are rendered here
        from generator.site.engines import require_zensical, run_zensical

        require_zensical()  # missing: nothing is written
    try:
        config = ProjectConfig.read(project)
        numbers = number_format_of(config)
    except ProjectConfigError as error:
        raise BuildError(str(error)) from error
    except ValueError as error:
        raise BuildError(f"{config.path}: {error}") from error
    site_url = config.site_url
    if engine == "zensical":
        edit_base = config.edit_base
        # Zensical searches with its own index and worker: the pages stay in it, no index of ours
        pages = generate_docs(
            project, docs_dir, options, edit_base=edit_base, site_url=site_url, numbers=numbers, own_search=False
        )
        glossary = rendered_glossaries.get(project.resolve()) or _load_checked(project, options)
        name, description = config.get("site_name"), config.get("site_description")
        extra = assistant_pages(glossary, site_url=site_url, name=name, description=description)
        rendered = time.perf_counter()
        run_zensical(config, docs_dir, site_dir, strict=strict, extra_files=extra)
        return BuildReport(pages, rendered - start, time.perf_counter() - rendered, site_dir)
    warnings = load_for_build(project, options)
    check_output_folder(docs_dir, project, what="the docs folder", is_own_output=is_earlier_docs)
    try:
        docs_dir.mkdir(parents=True, exist_ok=True)  # MkDocs requires its docs_dir to exist
    except OSError as error:
        raise BuildError(f"cannot create {docs_dir}: {error.strerror or error}") from error
    loaded = time.perf_counter()
    rendering.clear()

    def without_plugin() -> None:
        _loaded.pop(project.resolve(), None)
        rendering.update(pages=generate_docs(project, docs_dir, options, site_url=site_url, numbers=numbers))

    try:
        run_mkdocs(project / CONFIG_FILE, docs_dir, site_dir, strict=strict, without_plugin=without_plugin)
    finally:
        _loaded.pop(project.resolve(), None)  # a failed build leaves no glossary behind
        rendered_glossaries.pop(project.resolve(), None)  # the plugin has written the assistant files
    seconds_generate = loaded - start + rendering.get("seconds", 0.0)
    total = time.perf_counter() - start
    return BuildReport(rendering.get("pages", 0), seconds_generate, total - seconds_generate, site_dir, warnings)
