"""Shared helpers: small valid projects to break or build, and the content checker.

Tests own their data (STYLE.md rule 13): they run on tests/fixtures/, never on the shipped
glossary/ and playbooks/, which a team edits every week. tests/fixtures/base is the smallest valid
project; tests/fixtures/site is a miniature with every feature the site shows. The repository's
own content is judged only by content-agnostic checks (tests/test_repository_content.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import CheckOptions, LoadResult, load_project

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
#: Tests never read the real clock: review ages are counted to this date.
TODAY = dt.date(2026, 2, 1)
#: Tests own their stored copies: a folder the runner may name (CI names ../shared/seeds, for
#: `make check` only) must never reach the fixture projects, nor their subprocesses. The shipped
#: content is judged against its copies by `glossary check --strict`, not by a test.
os.environ.pop("GLOSSARY_STORED_COPIES", None)

# Property tests: in CI the same commit always meets the same examples (a verdict never depends on a
# draw); on a contributor's machine each run draws new ones, and a failure found is replayed from
# .hypothesis/ until fixed, then kept as an explicit @example.
if os.environ.get("CI"):
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
    _hypothesis_settings.load_profile("ci")


def strings(value: object, key: str = ""):
    """Every string in a YAML or JSON value, with the mapping key it sits under."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)


def mkdocs_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build ARGS` in its own process, as a user runs it: no state shared with the test."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def glossary_in(project: Path, *args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """``glossary ARGS`` run in ``project`` as a user runs it: a process of its own, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=project, timeout=timeout
    )


def check(root: Path, today: dt.date = TODAY, max_age: int = 365) -> LoadResult:
    return load_project(root, CheckOptions(today=today, max_review_age_days=max_age))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/base, valid with zero problems, for a test to break."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", root)
    return root


# --- the built site in a real browser ------------------------------------------------------------
# Debian's Chromium driven by Playwright (browsers are never downloaded here). With CI=true a
# missing browser fails the run; locally the browser tests skip and say how to install it
# (see "skips" at the end of this file).

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
#: Screenshots and other evidence the browser tests leave for people to look at (not committed).
ARTIFACTS = REPO / "test-artifacts"


def serve_folder(folder: Path, *, cors: bool = False):
    """Serve ``folder`` on 127.0.0.1 with a free port; returns (base URL, server).

    ``cors`` adds Access-Control-Allow-Origin: * as static hosts such as GitHub Pages do.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def end_headers(self) -> None:
            if cors:
                self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser closed the connection: nothing to report

    folder.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@contextlib.contextmanager
def serving(folder: Path, page, *, cors: bool = False):
    """``serve_folder`` for the length of a ``with`` block; ``page`` leaves the server before it stops.

    Why: a Material page starts its search worker after load, and a worker whose script is asked for
    after the server has stopped reports a page error ("importScripts ... failed to load") that the
    page fixture rightly fails the test on. A reader who leaves first asks for nothing more.
    """
    url, server = serve_folder(folder, cors=cors)
    try:
        yield url
    finally:
        if not page.is_closed():
            page.goto("about:blank")  # the page's workers end with its document
        server.shutdown()
        server.server_close()


def site_project(target: Path, content: Path = FIXTURES / "site") -> Path:
    """A project at ``target``: the content of ``content`` (by default the fixture that has every
    feature) with the repository's templates and ``mkdocs.yml``, ready to build."""
    for name in ("glossary", "playbooks"):
        shutil.copytree(content / name, target / name)
    if (content / "stored-copies").is_dir():  # the sources' stored copies (stored_copies in _sources.yaml)
        shutil.copytree(content / "stored-copies", target / "stored-copies")
    shutil.copytree(REPO / "site_config", target / "site_config")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory):
    """tests/fixtures/site, built once per run and served on 127.0.0.1: (base URL, site folder).

    The server is bound first so the site can be built with its address as ``site_url``:
    Material's instant navigation follows only links listed in the sitemap, matched by scheme,
    host, port and path, so the port must be in ``site_url``.
    """
    from generator.site.build import build_site

    project = site_project(tmp_path_factory.mktemp("project"))
    url, server = serve_folder(project / "site")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_url: .*$", f"site_url: {url}/", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    build_site(project, options=CheckOptions())
    yield url, project / "site"
    server.shutdown()
    server.server_close()


def built_once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Path:
    """The folder ``build(folder)`` fills, filled once per run and shared by pytest-xdist's workers.

    The first worker to ask builds it under a lock; the others wait for it and read it. Why: a session
    fixture is otherwise built once per worker (the 500-term corpus, 6.5 s each). For what no test changes."""
    import fcntl

    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: its own temporary folder, as any fixture
        folder = tmp_path_factory.getbasetemp() / name
        build(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, above each worker's own
    folder, done = shared / name, shared / f"{name}.built"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also when the build fails
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed build of another worker left
            build(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """benchmarks/make_corpus.py's 500 terms, built with the repository's mkdocs.yml as shipped (its
    example site_url), once per run (built_once_per_run): big enough for embed.js's data to need many
    shards, for the A-Z to be split by letter, its T cut into pages (letter_pages.py), and for a first
    search to show what it downloads (test_search_bytes.py). No test may change it."""
    from generator.site.build import build_site

    sys.path.insert(0, str(REPO / "benchmarks"))
    from make_corpus import make_corpus

    def build(folder: Path) -> None:
        make_corpus(500, folder / "content")
        project = site_project(folder / "project", folder / "content")
        build_site(project, options=CheckOptions())

    return built_once_per_run(tmp_path_factory, "corpus", build) / "project" / "site"


@pytest.fixture(scope="session")
def site_url(served_site) -> str:
    return served_site[0]


@pytest.fixture(scope="session")
def built_site(served_site) -> Path:
    return served_site[1]


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (.ci/run does)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def reused_pages(browser):
    """``reused_pages(**context_options)``: this process's ReusedPage for those options (tests/reused_page.py).

    One page per set of options for the whole run, lent to one test at a time and reset in between."""
    from .reused_page import ReusedPage

    pools: dict[str, ReusedPage] = {}

    def get(*, init_script: str | None = None, **options) -> ReusedPage:
        key = repr((init_script, sorted(options.items())))
        if key not in pools:
            pools[key] = ReusedPage(browser, init_script=init_script, **options)
        return pools[key]

    yield get
    for pool in pools.values():
        pool.close()


@pytest.fixture
def page(reused_pages):
    """A page the test cannot tell from a new page in a new context; the test fails if the page raised
    a JavaScript error (that test only: errors are counted per test).

    It is one page per process, lent to test after test (tests/reused_page.py). Why: a new page costs
    Chromium far more than a page load in one it has. Measured with Playwright on Debian's Chromium, 30
    loads of /classifier/: a new context and page each time 0.55 s and 1.1 CPU-s per load; the same
    context and a new page 0.5 s and 0.95 CPU-s; one page, sent to about:blank between loads, 0.22 s
    and 0.40 CPU-s. About half the suite's CPU is Chromium's and some 150 tests open a page.

    The contract. Every test starts on about:blank loaded by the browser, with a history of one entry.
    The first test too: a new tab's initial document differs (Chromium's Local Network Access lets it,
    not a loaded about:blank, take 127.0.0.1 frames and images written in by set_content()), and no
    test may depend on coming first. When the test ends the page is reset: the listeners the test
    added (page.on/once) and its routes are removed; the page goes back to about:blank and its history
    is emptied; window.name is cleared; each origin any of its frames showed loses its cookies,
    localStorage, sessionStorage, IndexedDB, Cache Storage and service workers (CDP
    Storage.clearDataForOrigin), and the context its cookies; the viewport and emulate_media() come
    back to the context's; held keys and mouse buttons are released and the mouse goes back to (0, 0),
    where a new page has it (nothing hovered); the console messages and page errors Playwright keeps
    (page.console_messages(), page.page_errors()) are cleared.

    What cannot be undone spends the page, which is then closed with its context so the next test
    gets new ones: add_init_script, expose_function, expose_binding, set_default_timeout,
    set_default_navigation_timeout, set_extra_http_headers, route_from_har, route_web_socket,
    add_locator_handler, page.clock, page.request, anything through page.context, a document of a
    scheme other than http(s), about, data and blob, a popup (a second page in the context), and
    closing the page. page.requests() cannot be cleared: on a page that served an earlier test it
    raises (listen to page.on("request") instead). Kept on purpose: the HTTP cache (the served sites
    do not change during a run). A test that needs a cold cache or a context of its own opens one from
    `browser`, or asks `page_with` for context options.
    """
    pool = reused_pages()
    yield pool.lend()
    errors = pool.give_back()
    assert errors == [], errors


@pytest.fixture
def page_with(reused_pages):
    """``page_with(**context_options)``: as `page`, a reused page of a context with those options
    (``init_script=`` adds a script to that context, which every test of those options then has)."""
    lent = []

    def lend(**options):
        pool = reused_pages(**options)
        lent.append(pool)
        return pool.lend()

    yield lend
    errors = [error for pool in lent for error in pool.give_back()]
    assert errors == [], errors


#: A wait for a state, never for a time (page.evaluate(SETTLE)): an image from the address hostile
#: payloads' images use (``x``) has failed, so any payload image made before it has failed and run its
#: onerror, and a frame has been drawn after the tasks queued so far.
SETTLE = """async () => {
    await new Promise(done => { const img = new Image(); img.onerror = img.onload = done; img.src = 'x'; });
    await new Promise(done => requestAnimationFrame(() => setTimeout(done)));
}"""


# --- what may never appear in HTML the generator writes ------------------------------------------

#: Elements that run or embed something: none may come from user text.
ACTIVE_ELEMENTS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "meta", "link", "style"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background", "data"}


def unsafe_html(markup: str, *, allowed_elements: frozenset[str] = frozenset()) -> list[str]:
    """Everything in ``markup`` a browser could run: active elements, on* attributes, and URL
    attributes whose target is not http(s), mailto or relative (as the browser reads them)."""
    from html.parser import HTMLParser

    from generator.core.text import is_safe_link_target

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ACTIVE_ELEMENTS - allowed_elements:
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"<{tag} {name}={value!r}>")
                elif name in URL_ATTRIBUTES and value and not is_safe_link_target(value):
                    found.append(f"<{tag} {name}={value!r}>")

    Finder(convert_charrefs=True).feed(markup)
    return found


def without_glossary_plugin(config: str) -> str:
    """mkdocs.yml's text without the glossary plugin's entry (and its indented options): the
    configuration of a site built by plain MkDocs from the generated docs folder."""
    plain = re.sub(r"(?m)^  - glossary(?::[ \t]*\n(?:(?: {6}.*)?\n)*|[ \t]*\n)", "", config)
    assert plain != config, "mkdocs.yml lists no glossary plugin"
    return plain


# --- skips: a failure in CI, one loud line locally -----------------------------------------------
# A test skips when something it needs is missing (Chromium, Playwright, axe, Zensical...) or when it
# is opt-in locally (the DataHub and wheel tests). Where CI=true every test must run: a skip there is a
# failure naming what was missing, whether it was skipped by a test, a fixture or a module-level
# importorskip. Locally the run ends with one line naming what did not run and why.

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
CI_SKIP = "skipped where CI=true, which runs every test: install what it needs (.ci/run does)"


def _skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"{_skip_reason(report)}\n{CI_SKIP}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    if IN_CI and report.skipped:  # a module-level importorskip: none of its tests would run
        report.outcome = "failed"
        report.longrepr = f"{_skip_reason(report)}\n{CI_SKIP}"
    return report


def skipped_line(reports: list) -> str | None:
    """One line: how many tests did not run, grouped by reason, most first; None when all ran."""
    counts: dict[str, int] = {}
    for report in reports:
        reason = _skip_reason(report)
        counts[reason] = counts.get(reason, 0) + 1
    if not counts:
        return None
    reasons = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(counts.values())
    said = "; ".join(f"{n} x {reason}" for reason, n in reasons)
    return f"NOT RUN: {total} skipped ({said}). With CI=true each is a failure."


# --- the order files start in ----------------------------------------------------------------------
# `make test` hands whole files to the workers in collection order (--dist loadfile), each worker
# taking the next file when it finishes one. The longest files go first, so the run does not end
# with one worker busy on a minute-long file while the other has nothing left; the DataHub file goes
# last, so the install started at the beginning (below) has finished by its turn. Only the order
# changes, never what runs: a file missing from these lists keeps its place between them.

#: The longest files (seconds of work each, from `--durations=0`, browser work included), longest first.
#: `make test` passes --no-loadscope-reorder: pytest-xdist otherwise starts the files with the most tests
#: first, whatever their length (the 10-test XSS file, the longest, started 164 s into a 200 s run).
START_FIRST = [
    "test_xss_browser.py", "test_accessibility.py", "test_classifier_browser.py", "test_embed_browser.py",
    "test_serve.py", "test_embed_review.py", "test_plugin.py", "test_sharing.py", "test_imports.py",
    "test_properties.py", "test_wheel.py", "test_parallel_load.py", "test_zensical.py", "test_hardening.py",
    "test_output_safety.py", "test_build.py",
]  # fmt: skip
START_LAST = ["test_datahub.py"]


def _start_rank(item: pytest.Item) -> int:
    name = item.path.name
    if name in START_FIRST:
        return START_FIRST.index(name)
    return len(START_FIRST) + 1 if name in START_LAST else len(START_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    gone = [name for name in START_FIRST + START_LAST if not (Path(__file__).parent / name).is_file()]
    if gone:  # a renamed or deleted file: say so here, or the order would silently stop helping
        raise pytest.UsageError(f"tests/conftest.py START_FIRST/START_LAST name files that are not there: {gone}")
    items.sort(key=_start_rank)  # stable: each file's tests keep their order, so do files of one rank


# --- slow set-ups started as the run begins -------------------------------------------------------
# Installing acryl-datahub into build/datahub-venv (about a minute) and building and installing the
# wheel (half a minute) are mostly unpacking and writing files. Started here, in the process that
# starts the workers, they run beside the other tests; the tests that need them wait for them under
# the same lock (tests/tools/datahub_venv.py, tests/tools/wheel_venv.py).


def _runs_datahub_tests(config: pytest.Config) -> bool:
    """Opted in (CI=true or GLOSSARY_TEST_DATAHUB) and asked for the whole suite or the DataHub file."""
    if not (IN_CI or os.environ.get("GLOSSARY_TEST_DATAHUB")):
        return False
    here = Path(__file__).parent.resolve()
    targets = [Path(arg.split("::")[0]).resolve() for arg in config.args]  # pytest puts testpaths here if none
    return any(t in (here, here / "test_datahub.py") for t in targets)


def _runs_wheel_test(config: pytest.Config) -> bool:
    """Opted in (CI=true or GLOSSARY_TEST_WHEEL) and asked for the whole suite or the wheel file."""
    if not (IN_CI or os.environ.get("GLOSSARY_TEST_WHEEL")):
        return False
    here = Path(__file__).parent.resolve()
    targets = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    return any(t in (here, here / "test_wheel.py") for t in targets)


#: The folder the wheel test's wheel and venv are built in, when started as the run began.
WHEEL_DIR = "GLOSSARY_TEST_WHEEL_DIR"


def _in_background(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "tools" / script), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # a failure happens again, with its message, in the test's fixture
    )


def pytest_configure(config: pytest.Config) -> None:
    import tempfile

    from .tools.datahub_venv import installed

    if hasattr(config, "workerinput"):  # an xdist worker: the controller started them (workers see WHEEL_DIR)
        return
    started: list[subprocess.Popen] = []
    if _runs_datahub_tests(config) and not installed():
        started.append(_in_background("datahub_venv.py"))
    if _runs_wheel_test(config) and WHEEL_DIR not in os.environ:
        folder = tempfile.mkdtemp(prefix="glossary-test-wheel-")  # outside the checkout, as the test needs
        os.environ[WHEEL_DIR] = folder
        config.stash[_WHEEL_FOLDER] = folder
        started.append(_in_background("wheel_venv.py", folder))
    config.stash[_STARTED] = started


_STARTED = pytest.StashKey[list]()
_WHEEL_FOLDER = pytest.StashKey[str]()


def pytest_unconfigure(config: pytest.Config) -> None:
    """After pytest's closing line, so it is the last thing a contributor sees."""
    for process in config.stash.get(_STARTED, []):
        process.wait()  # never left running (or unreaped) after the run, even when its tests did not run
    if config.stash.get(_WHEEL_FOLDER, None):
        shutil.rmtree(config.stash[_WHEEL_FOLDER], ignore_errors=True)
        os.environ.pop(WHEEL_DIR, None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or hasattr(config, "workerinput"):  # an xdist worker: the controller reports
        return
    line = skipped_line(reporter.stats.get("skipped", []))
    if line:
        reporter.write_line(line, red=True, bold=True)
