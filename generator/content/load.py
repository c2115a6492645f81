"""Stage 1: find the content files and parse them into raw records with positions.

Nothing here judges the content; it only turns bytes into plain Python values and
remembers where each value and each key stood, so that later stages can name
``file:line:column`` for any problem. A file that cannot be read or parsed safely
becomes a :class:`~generator.core.problems.Problem`, never an exception.

Two parsers give the same values and positions for a clean file. The fast path
composes the node tree in C (libyaml) and keeps only the values; positions are
worked out again for the rare file that has a problem (:class:`RawDocument`). The
careful parser walks libyaml's events itself: iterative (no stack overflow on
100,000 nested brackets), it refuses aliases and object-constructing tags before
they are expanded or built and catches duplicate keys, which PyYAML would silently
overwrite. Anything unusual goes to the careful parser. A project of 2,000 files or
more is shared with a helper process (:func:`load_files`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.content.document import RawDocument, RawProject
from generator.content.files import MAX_FILE_BYTES, ContentFile, read_text_safely
from generator.content.helpers import Helper, fork_helper, helper_count, take_helper, will_fork
from generator.content.schema import SCHEMA_FILES, fast_validator_for, matches_schema
from generator.content.yaml_reader import ParseProblem, is_blank, parse_document
from generator.core.problems import ProblemList

_log = logging.getLogger(__name__)


# Which file holds what. Files whose name starts with "_" are registries.
SOURCES_FILE = "glossary/_sources.yaml"
CATEGORIES_FILE = "glossary/_categories.yaml"
OWNERS_FILE = "glossary/_owners.yaml"
TACTICS_FILE = "playbooks/tactics.yaml"
TABLES_FILE = "playbooks/tactic-tables.yaml"
RESERVED_PLAYBOOK_FILES = {"tactics.yaml", "tactic-tables.yaml", "classifier.yaml"}

#: What in a file's text can give a value ``checks.schema.check_values`` refuses: escapes in double-quoted
#: strings, the YAML names of not-a-number and infinity, a float tag or an exponent too large for a
#: float (1e400 is infinity), and characters that reorder text.
_SUSPECT_TEXT = re.compile(
    r"[\\\x85\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
    r"|\.(?:nan|inf)\b|!!float|\d[eE][+-]?\d{3}",
    re.I,
)
#: In lowercased ASCII text, what every exponent :data:`_SUSPECT_TEXT` finds contains.
_EXPONENT_LOWERED = re.compile(r"e[+-]?\d{3}")


def _may_hold_refused_value(text: str) -> bool:
    """Whether :data:`_SUSPECT_TEXT` could match ``text``: a cheap superset for ASCII text.

    Most files are ASCII (``str.isascii`` is free), where only a backslash, ``!!``, ``.nan``,
    ``.inf`` or an exponent can matter; plain substring tests on the lowercased text find
    those in a fifth of the regular expression's time. Any other text gets the expression.
    """
    if not text.isascii():
        return _SUSPECT_TEXT.search(text) is not None
    if "\\" in text or "!!" in text:
        return True
    lowered = text.lower()
    return ".nan" in lowered or ".inf" in lowered or _EXPONENT_LOWERED.search(lowered) is not None


def load_raw_project(
    root: str | Path,
    problems: ProblemList,
    *,
    jobs: int | None = None,
    prescan: str | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> RawProject:
    """Parse every content file under ``root``; unreadable files become problems.

    ``jobs``: how many processes may read and parse (None: as many as there are CPUs,
    or ``GLOSSARY_JOBS``); ``prescan``: the checks' per-file hook, by name; ``meanwhile``: what
    to do once a parse helper has started; see :func:`load_files`.
    """
    root = Path(root)
    with paused_gc():
        files = discover_files(root, problems)
        loaded = load_files(root, files, problems, jobs, prescan, meanwhile)
    documents = tuple(doc for doc in loaded if doc is not None)
    unreadable = tuple((f.kind, f.shown) for f, doc in zip(files, loaded, strict=True) if doc is None)
    return RawProject(root, documents, unreadable)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Parsing allocates millions of containers and none of them are garbage; the
    collector's repeated walks of the growing heap cost more than the parse itself
    (measured: 10,000 files in 4 s with it, under 1 s without).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def discover_files(root: Path, problems: ProblemList) -> list[ContentFile]:
    """List the content files in a stable order (names sorted within each folder)."""
    found: list[ContentFile] = []
    for folder in ("glossary", "playbooks"):
        directory = os.path.join(root, folder)
        if not _folder_is_inside(root, folder, problems) or not os.path.isdir(directory):
            continue
        with os.scandir(directory) as entries:
            listed = sorted((entry.name, entry.is_symlink()) for entry in entries)
        prefix = directory + os.sep  # os.path.join(directory, name), as the folder never ends in one
        for name, is_link in listed:
            if name.endswith(".yml"):
                problems.warn(
                    f"{folder}/{name}",
                    (0, 0),
                    "ignored-file",
                    f"'{name}' is ignored: content files must end in .yaml",
                    f"rename it to '{name[:-4]}.yaml'",
                )
            elif name.endswith(".yaml"):
                found.append(ContentFile(prefix + name, f"{folder}/{name}", _kind_of(folder, name), is_link))
    return found


def _folder_is_inside(root: Path, folder: str, problems: ProblemList) -> bool:
    """A content folder that is a link out of the project is refused, not read and published."""
    path = Path(root, folder)
    if not path.is_symlink():
        return True
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        real = None
    if real is not None and real.is_relative_to(Path(root).resolve()):
        return True
    problems.add(
        folder + "/",
        (0, 0),
        "outside-link",
        f"{folder}/ is a link to {real or 'nowhere'}, outside the project",
        f"make {folder}/ a real folder inside the project",
    )
    return False


def _kind_of(folder: str, name: str) -> str:
    relative = f"{folder}/{name}"
    if relative == SOURCES_FILE:
        return "sources"
    if relative == CATEGORIES_FILE:
        return "categories"
    if relative == OWNERS_FILE:
        return "owners"
    if relative == TACTICS_FILE:
        return "tactics"
    if relative == TABLES_FILE:
        return "tables"
    if folder == "playbooks" and name == "classifier.yaml":
        return "classifier"
    return "term" if folder == "glossary" else "playbook"


#: A per-file hook of the parse (``checks/prescan.py``): (kind, data, text) -> facts for the checks.
Prescan = Callable[[str, Any, str], Any]


def prescanner(spec: str | None, root: Path) -> Prescan | None:
    """The prescan hook named by ``spec`` ("module:factory", the factory called with the project's
    root), or None. Named rather than passed so that a helper process builds its own: the checks sit
    above this stage, which may not import them."""
    if not spec:
        return None
    import importlib

    module, _, factory = spec.partition(":")
    return getattr(importlib.import_module(module), factory)(root)


def load_document(
    root: Path, content_file: ContentFile, problems: ProblemList, prescan: Prescan | None = None
) -> RawDocument | None:
    """Read and parse one file, or record why it cannot be and return None."""
    text = read_text_safely(root, content_file, problems)
    if text is None:
        return None
    return _document(content_file, text, _remembered_outcome(text, content_file.kind, prescan), problems)


#: Parse outcomes by (kind, text) while this process serves the site (see :func:`remember_parses`).
_remembered: dict[tuple[str, str], tuple] | None = None
_REMEMBERED_MAX = 50_000


def remember_parses() -> None:
    """Keep each file's parse outcome in this process, keyed by its text: ``glossary serve``
    loads the whole project on every save, and parsing is most of that (0.15 s at 1,000
    terms) though one file changed. The text is still read each time, so nothing goes stale;
    outcomes are plain data that no later stage changes."""
    global _remembered
    if _remembered is None:
        _remembered = {}


def _remembered_outcome(text: str, kind: str, prescan: Prescan | None = None) -> tuple:
    if _remembered is None or prescan is not None:  # facts depend on more than the text: never kept
        return _parse_outcome(text, kind, prescan)
    key = (kind, text)
    outcome = _remembered.get(key)
    if outcome is None:
        if len(_remembered) >= _REMEMBERED_MAX:  # texts of files since edited: start afresh
            _remembered.clear()
        outcome = _remembered[key] = _parse_outcome(text, kind)
    return outcome


def load_single_file(
    path: Path, kind: str, problems: ProblemList, max_bytes: int = MAX_FILE_BYTES
) -> RawDocument | None:
    """Read and parse one YAML file that is not part of a project (an import's input).

    The same reader and careful parser as content files, with the same limits (UTF-8,
    nesting, aliases, tags, duplicate keys; size unless ``max_bytes`` says otherwise: a
    whole exported glossary is larger than any content file), so a hostile input costs
    no more here than in ``glossary check``. Problems name the file as given.
    """
    content_file = ContentFile(str(path), str(path), kind, is_link=False)
    text = read_text_safely(path.parent, content_file, problems, max_bytes)
    if text is None:
        return None
    return _document(content_file, text, _parse_outcome(text, kind), problems)


def _document(content_file: ContentFile, text: str, outcome: tuple, problems: ProblemList) -> RawDocument | None:
    """The document for a parse outcome, or None after recording why there is none."""
    shown = content_file.shown
    if outcome[0] == "problem":
        _, position, code, message, hint = outcome
        problems.add(shown, position, code, message, hint)
        return None
    _, data, located, valid, suspect, facts = outcome
    if data is None and is_blank(text):
        problems.add(shown, (0, 0), "empty-file", f"{shown} is empty", "add the record's fields, or delete the file")
        return None
    return RawDocument(shown, content_file.kind, data, text, located, valid, suspect, facts)


def _parse_outcome(text: str, kind: str, prescan: Prescan | None = None) -> tuple:
    """The per-file work: ("ok", data, located, matches its schema, may hold a refused value, facts)
    or ("problem", position, code, message, hint). Plain tuples, so that a helper process can send
    them back by pickle.

    The fast schema verdict, the refused-value gate and the checks' facts (``prescan``, for a file
    its schema passed) are worked out here rather than in validation because they are per-file
    work, which a large project shares out between processes.
    """
    try:
        data, located = parse_document(text)
    except ParseProblem as problem:
        return ("problem", problem.position, problem.code, problem.message, problem.hint)
    valid = kind in SCHEMA_FILES and isinstance(data, dict) and matches_schema(kind, data)
    facts = prescan(kind, data, text) if valid and prescan is not None else None
    return ("ok", data, located, valid, _may_hold_refused_value(text), facts)


#: Files a process takes at a time: this process takes frames from the start, helpers from the end.
FRAME = 48


def load_files(
    root: Path,
    files: list[ContentFile],
    problems: ProblemList,
    jobs: int | None = None,
    prescan: str | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list:
    """The document of each file (None where there is none), in order.

    libyaml's composer is the floor of ``glossary check`` (about 1 s for 10,000 terms in
    one process), so a large project shares its files with helper processes. The files are
    cut into frames of :data:`FRAME`; this process parses frames from the start, each helper
    claims frames from the end, and they meet wherever their speeds bring them (a helper
    starts ~0.2 s late and the machine may be shared, so no fixed split suits every run).
    Claims go through a small file both sides lock (:class:`_Frames`). Helpers are plain
    ``python -m generator.content.parse_worker`` subprocesses (no fork of a process that may
    run threads, as ``mkdocs serve`` does; no re-import of the caller's script, as
    multiprocessing's "spawn" would). If one cannot start or fails, this process parses the
    frames it claimed: the result never depends on the helpers.

    ``prescan``: the spec of :func:`prescanner`, run on each file in whichever process parses it.
    ``meanwhile``: called once the helpers are started, before this process parses (work of the
    caller's that may as well overlap with the helpers' parsing, such as imports).
    """
    scan = prescanner(prescan, root)
    helpers = helper_count(len(files), jobs)
    frames = _Frames.create(-(-len(files) // FRAME)) if helpers else None
    if frames is None:
        return [load_document(root, file, problems, scan) for file in files]
    with frames:
        if will_fork():  # a forked helper inherits them: it would otherwise build its own (~0.012 s)
            for kind in SCHEMA_FILES.keys() & {file.kind for file in files}:
                fast_validator_for(kind)
        started = [_start_helper(root, files, prescan, frames.path) for _ in range(helpers)]
        readers = [_HelperFrames(helper) for helper in started if helper is not None]
        if meanwhile is not None:
            meanwhile()
        documents: list = [None] * len(files)
        while (frame := frames.claim(from_start=True)) is not None:
            start = frame * FRAME
            documents[start : start + FRAME] = [
                load_document(root, file, problems, scan) for file in files[start : start + FRAME]
            ]
            for reader in readers:  # unpickled while the helper works on: it then takes more frames
                reader.read()
        parsed = frames.low
        done: set[int] = set()
        for reader in readers:
            for frame, results, read_problems in reader.finish():
                start = frame * FRAME
                share = files[start : start + FRAME]
                if frame < parsed or frame in done or len(results) != len(share):
                    continue  # not a frame the helper could claim: ignore it, parse it here
                done.add(frame)
                problems.extend(read_problems)
                documents[start : start + FRAME] = [
                    None if text is None else _document(file, text, outcome, problems)
                    for file, (text, outcome) in zip(share, results, strict=True)
                ]
        for frame in range(parsed, frames.count):  # claimed by a helper that failed
            if frame not in done:
                start = frame * FRAME
                documents[start : start + FRAME] = [
                    load_document(root, file, problems, scan) for file in files[start : start + FRAME]
                ]
    return documents


class _Frames:
    """Which frames are taken: two counters in a temporary file, ``low`` (the next frame from the
    start) and ``high`` (one past the next frame from the end), changed under an exclusive lock
    (``fcntl.flock``; each process opens the file itself, so each holds its own lock)."""

    def __init__(self, path: str, count: int):
        self.path, self.count = path, count
        self._fd = os.open(path, os.O_RDWR)

    @classmethod
    def create(cls, count: int) -> _Frames | None:
        """None where there is no ``fcntl`` (Windows) or no room for the file: one process parses."""
        import tempfile

        try:
            import fcntl  # noqa: F401 - POSIX only

            descriptor, path = tempfile.mkstemp(prefix="glossary-frames-")
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(_counters(0, count))
            return cls(path, count)
        except (ImportError, OSError) as error:
            _log.warning("the parse helper could not start (%s); this process parses its files", error)
            return None

    def claim(self, from_start: bool) -> int | None:
        return claim_frame(self._fd, from_start)

    @property
    def low(self) -> int:
        return int.from_bytes(os.pread(self._fd, 4, 0), "little")

    @property
    def high(self) -> int:
        return int.from_bytes(os.pread(self._fd, 4, 4), "little")

    def __enter__(self) -> _Frames:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._fd)
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def _counters(low: int, high: int) -> bytes:
    return low.to_bytes(4, "little") + high.to_bytes(4, "little")


def claim_frame(descriptor: int, from_start: bool) -> int | None:
    """Take the next frame (from the start or from the end) in the frames file open at ``descriptor``,
    or None when every frame is taken."""
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        raw = os.pread(descriptor, 8, 0)
        low, high = int.from_bytes(raw[:4], "little"), int.from_bytes(raw[4:], "little")
        if low >= high:
            return None
        frame = low if from_start else high - 1
        os.pwrite(descriptor, _counters(low + 1, high) if from_start else _counters(low, high - 1), 0)
        return frame
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def load_frames(
    root: Path,
    files: list[ContentFile],
    prescan: str | None,
    frames_path: str,
    send: Callable[[tuple], None],
    kept: list | None = None,
) -> None:
    """A helper's work: claim frames from the end until none is left, and ``send`` each as soon as
    it is parsed: (frame, [(text or None, parse outcome) per file], read problems). ``files``: each
    as a :class:`ContentFile` or as the tuple of its fields (as :func:`_start_helper` sends them).
    ``kept``: a list each frame's results are appended to once sent, so that they are not freed
    one by one."""
    scan = prescanner(prescan, root)
    descriptor = os.open(frames_path, os.O_RDWR)
    try:
        with paused_gc():
            while (frame := claim_frame(descriptor, from_start=False)) is not None:
                problems = ProblemList()
                results = []
                for entry in files[frame * FRAME : (frame + 1) * FRAME]:
                    file = entry if isinstance(entry, ContentFile) else ContentFile(*entry)
                    text = read_text_safely(root, file, problems)
                    results.append((text, None if text is None else _parse_outcome(text, file.kind, scan)))
                send((frame, results, list(problems.sorted())))
                if kept is not None:
                    kept.append(results)
    finally:
        os.close(descriptor)


def write_frames(root: Path, files: list, prescan: str | None, frames_path: str, out: Any) -> None:
    """A helper's output (:func:`load_frames`' frames, as :class:`_HelperFrames` reads them): each
    frame's pickle's length in 8 bytes, then the pickle, flushed; then 8 zero bytes."""
    import pickle

    def send(frame: tuple) -> None:
        data = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(8, "little") + data)
        out.flush()  # the loader may read it now

    kept: list = []  # what it parsed, never freed: a helper ends with os._exit
    load_frames(root, files, prescan, frames_path, send, kept)
    out.write(bytes(8))
    out.flush()


def _start_helper(root: Path, files: list[ContentFile], prescan: str | None, frames_path: str) -> Helper | None:
    import pickle
    import threading

    forked = fork_helper(lambda out: write_frames(root, files, prescan, frames_path, out))
    if forked is not None:
        return forked
    helper = take_helper()
    if helper is None:
        return None
    # Files as plain tuples: a dataclass costs pickle a call each way (10,000 files: 0.035 s to
    # pickle here, 0.027 s to unpickle there; as tuples 0.015 s and 0.007 s).
    rows = [(file.path, file.shown, file.kind, file.is_link) for file in files]
    request = pickle.dumps((root, rows, prescan, frames_path), protocol=pickle.HIGHEST_PROTOCOL)
    # The helper reads its request only once its imports are done (~0.2 s); a thread
    # hands the request over so that this process starts on its own frames at once.
    threading.Thread(target=_send, args=(helper.process.stdin, request), daemon=True).start()
    return helper


def _send(stream: Any, data: bytes) -> None:
    try:
        with stream:
            stream.write(data)
    except OSError:
        pass  # the helper is gone: collecting its share finds out and does the work here


class _HelperFrames:
    """The frames a helper writes to its output file (``parse_worker``: each one's length in 8 bytes,
    then its pickle; 8 zero bytes at the end), read as they come: :meth:`read` takes those written
    whole so far, :meth:`finish` waits for the helper and takes the rest."""

    def __init__(self, helper: Helper):
        self.helper = helper
        self.frames: list = []
        self._offset = 0
        self._finished = False  # the end mark was read
        self._broken = False  # something unreadable: nothing after it is read

    def read(self) -> None:
        import pickle

        fd = self.helper.output.fileno()
        while not (self._finished or self._broken):
            size = os.fstat(fd).st_size
            if size - self._offset < 8:
                return
            length = int.from_bytes(os.pread(fd, 8, self._offset), "little")
            if length == 0:
                self._finished = True
                return
            if size - self._offset - 8 < length:
                return  # not written whole yet
            try:
                self.frames.append(pickle.loads(os.pread(fd, length, self._offset + 8)))
            except Exception:  # something unreadable: keep the frames before it
                self._broken = True
                return
            self._offset += 8 + length

    def finish(self) -> list:
        """The frames the helper wrote whole, once it has written its end mark (a forked helper) or
        ended; if it failed, say why (its frames written whole still count, the others are parsed here)."""
        helper = self.helper
        with helper.output, helper.errors:
            if getattr(helper.process, "exits_unwaited", False):  # a forked helper: its end mark will do
                self.read()
                while not (self._finished or self._broken) and helper.process.poll() is None:
                    time.sleep(0.0005)
                    self.read()
                if self._finished:
                    return self.frames
            status = helper.process.wait()
            self.read()
            if status == 0 and self._finished:
                return self.frames
            helper.errors.seek(0)
            last_lines = helper.errors.read()[-2000:].decode("utf-8", "replace").strip().splitlines()[-3:]
        _log.warning(
            "the parse helper failed (exit status %s)%s; this process parses its files",
            status,
            ": " + " | ".join(last_lines) if last_lines else "",
        )
        return self.frames
