"""``glossary serve``: MkDocs' live-reload server, with a rebuild that renders only what changed.

What it prints (stderr, one line each): the first build, ``Serving on <address>``, then per save
``rebuilt N pages in T s``, or the content's problems as ``file:line:col: error[...]`` lines
followed by ``not rebuilt: ...; still serving the last good site``.

A save rebuilds *dirty* (MkDocs renders only the pages whose Markdown the generator rewrote;
the glossary plugin mends the search index and removes pages that are gone, see
``plugin.py``), in two passes when the save changed only existing terms' or playbooks' files:
first their own pages alone (served and reloaded at once), then, as a follow-up build, every
other page the change touches (the A-Z, the printable glossary, sources, categories, the pages
linking to them), after which the site is what a full build makes. Each pass prints its line.
``mkdocs.yml`` or the theme overrides changing, or ``full=True`` (``--full``), rebuilds
everything as ``mkdocs serve`` does.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError
from mkdocs.livereload import LiveReloadServer, _serve_url

from generator.content.load import remember_parses
from generator.core.config import CONFIG_FILE
from generator.core.problems import ContentError
from generator.core.text import counted, one_line
from generator.site.build import content_warnings

#: MkDocs' warning at every dirty build; here dirty builds are mended and correct.
_DIRTY_WARNING = "A 'dirty' build is being performed"


class ServeError(Exception):
    """The server could not start (bad mkdocs.yml, address in use)."""


def serve(project: Path, dev_addr: str, *, full: bool = False, out: TextIO | None = None) -> None:
    """Build the site into a temporary folder, serve it on ``dev_addr`` and rebuild on every save.

    Returns on Ctrl+C or SIGTERM, having removed the temporary folder.
    """
    stream = out or sys.stderr

    def say(line: str) -> None:
        print(line, file=stream, flush=True)

    config_file = project / CONFIG_FILE
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    remember_parses()  # a save re-parses only the file that changed
    (project / "build" / "docs").mkdir(parents=True, exist_ok=True)
    site_dir = tempfile.mkdtemp(prefix="glossary-serve-")
    logging.getLogger("mkdocs").addHandler(logging.NullHandler())  # no stray "last resort" lines
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)

    def get_config():  # type: ignore[no-untyped-def]
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=dev_addr)

    try:
        try:
            config = get_config()
        except ConfigurationError as error:
            raise ServeError(f"{config_file}: {error}") from error
        # Told "not dirty", Material's search plugin writes the index of each build's pages without
        # merging in its own way; the glossary plugin then writes the whole index (plugin.py).
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        serve_url = _serve_url(host, port, mount_path)
        glossary = config.plugins.get("glossary")
        theme_state = _Fingerprint(config_file, config.theme.custom_dir)
        built_once = False
        follow_up = threading.Event()  # the next build completes a save whose edited pages went first

        def builder(config=None) -> None:  # type: ignore[no-untyped-def]
            nonlocal built_once
            start = time.perf_counter()
            if config is None:
                config = get_config()
            config.site_url = serve_url
            dirty = built_once and not full and not theme_state.changed()
            if glossary is not None:  # a save of items' files: their pages first, the rest right after
                glossary.edited_first = dirty and not follow_up.is_set()
            follow_up.clear()
            problems: list[str] = []
            try:
                with _mkdocs_messages(problems):
                    build(config, serve_url=serve_url, dirty=dirty)
            except Exception as error:  # noqa: BLE001 - whatever failed, keep serving the last site
                content = _content_error(error)
                if content is not None:
                    for problem in content.errors:
                        say(problem.as_text())
                    reason = f"{counted(len(content.errors), 'error')} in the content"
                else:
                    for line in problems:
                        say(f"warning: {line}")
                    reason = one_line(f"{type(error).__name__}: {error}")
                what = "still serving the last good site" if built_once else "fix it and save to build the site"
                say(f"not rebuilt: {reason}; {what}")
                return
            for line in problems:
                say(f"warning: {line}")
            seconds = time.perf_counter() - start
            pages = glossary.pages_built if glossary is not None else 0
            verb = "rebuilt" if built_once else "built"
            warned = content_warnings.get(project.resolve(), 0)
            warnings = f"; {counted(warned, 'warning')} in the content (`glossary check` lists them)" if warned else ""
            say(f"{verb} {pages:,} page{'s' if pages != 1 else ''} in {seconds:.2f} s{warnings}")
            built_once = True
            if glossary is not None and glossary.follow_up:
                follow_up.set()
                server.rebuild_soon()  # runs once this build's pages are served and browsers reloaded

        server = _Server(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
        server.announce = say

        def error_page(code: int) -> bytes | None:
            page = os.path.join(site_dir, f"{code}.html")
            if code in (404, 500) and os.path.isfile(page):
                with open(page, "rb") as handle:
                    return handle.read()
            return None

        server.error_handler = error_page
        say(f"building {project.resolve()} ...")
        builder(config)
        try:
            server.watch(config.docs_dir)
            server.watch(config.config_file_path)
            if config.theme.custom_dir:
                server.watch(config.theme.custom_dir)
            server = config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve()
            except OSError as error:  # the address is taken or not this machine's
                raise ServeError(f"cannot serve on {dev_addr}: {error.strerror or error}") from error
            except KeyboardInterrupt:
                say("stopped")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


_CHANGES = frozenset({"created", "deleted", "modified", "moved"})


def _interrupt(signum, frame):  # type: ignore[no-untyped-def]
    """SIGTERM stops the server as Ctrl+C does (the temporary site is removed); a second one kills."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise KeyboardInterrupt


class _Server(LiveReloadServer):
    """MkDocs' server, told of changes by the OS (inotify) instead of polling every 0.5 s,
    and saying where it serves once the port is bound."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.announce = print
        try:
            from watchdog.observers import Observer

            self.observer = Observer()  # inotify on Linux, FSEvents on macOS; polling elsewhere
        except (ImportError, OSError):  # keep MkDocs' polling observer
            pass

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' ``watch``, counting only changes: the OS also reports files being opened and
        read, and every build reads the watched files (with inotify that rebuilt forever)."""
        import watchdog.events

        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in _CHANGES:
                return
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def rebuild_soon(self) -> None:
        """Ask for another build as a save does (the build loop runs it after the current one)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def serve(self, *, open_in_browser: bool = False) -> None:
        """MkDocs' ``serve``, saying where it serves once the port is bound and the files are
        watched (a save after that line is never missed)."""
        self.server_bind()
        self.server_activate()
        if self._watched_paths:
            self.observer.start()
        self.serve_thread.start()
        host, port = self.server_address[:2]
        self.announce(f"Serving on http://{host}:{port}{self.mount_path}")
        self._build_loop()


class _Fingerprint:
    """Sizes and modification times of mkdocs.yml and the theme overrides: when they change,
    every page's HTML may change while no Markdown does, so the next rebuild is a full one."""

    def __init__(self, config_file: Path, custom_dir: str | None) -> None:
        self.paths = [Path(config_file)]
        self.custom_dir = Path(custom_dir) if custom_dir else None
        self.last = self._take()

    def _take(self) -> tuple:
        files = list(self.paths)
        if self.custom_dir is not None and self.custom_dir.is_dir():
            files += sorted(p for p in self.custom_dir.rglob("*") if p.is_file())
        found = []
        for path in files:
            try:
                status = path.stat()
            except OSError:
                continue
            found.append((str(path), status.st_size, status.st_mtime_ns))
        return tuple(found)

    def changed(self) -> bool:
        now = self._take()
        changed, self.last = now != self.last, now
        return changed


def _content_error(error: BaseException) -> ContentError | None:
    """The content's problems behind a failed build: MkDocs wraps the plugin's error twice."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, ContentError):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return None


class _Collect(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno != logging.WARNING:  # errors: reported from the exception
            return
        message = one_line(" ".join(record.getMessage().split()))
        if not message.startswith(_DIRTY_WARNING) and not message.startswith("Error "):
            self.lines.append(message)


class _mkdocs_messages:
    """MkDocs' warnings during a build, one line each (its errors are reported from the exception)."""

    def __init__(self, lines: list[str]) -> None:
        self.handler = _Collect(lines)

    def __enter__(self) -> None:
        logging.getLogger("mkdocs").addHandler(self.handler)

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self.handler)
