"""Checkable citations: every ``quote`` must stand in the cited source's stored copy.

A source in ``glossary/_sources.yaml`` may give the ``file`` its content was written from: its
**stored copy**, a third-party document that usually stays outside the repository. Where the
copies are read from, first that applies:

1. the ``--stored-copies DIR`` option of ``glossary check``, ``build``, ``serve`` and ``sources lock``;
2. the environment variable :data:`ENV_VAR`;
3. ``stored_copies`` in ``glossary/_sources.yaml``.

The first two are the user's choice and may name any folder. The third is written by whoever
edits the content, a pull request's author included, so it must be a folder inside the project:
a relative path of plain folder names (no ``..``, no ``~``, no hidden folder such as ``.git``),
walked one folder at a time without following a symbolic link. Anything else is an error at its
line that says nothing of what is at that location. Without this, ``stored_copies: /proc/self``
with ``file: environ`` printed CI secrets in the "closest passage" hint (issue 26).

A copy is read only when its ``file`` is a bare name with a text extension (:data:`COPY_SUFFIXES`),
opened without following a link and without blocking (a FIFO never hangs the check), and it is a
regular file of at most :data:`MAX_COPY_BYTES` of UTF-8 text without NUL or other control
characters. Only such a registered copy is ever quoted in a hint.

A quote is found when, after :func:`normalize_quote` on both sides (spacing, typographic quotes
and dashes, case), it is part of the copy, starting and ending on word boundaries. Where a copy
is not at hand because no folder of copies is (a fresh clone), the committed lock file
(:mod:`generator.checks.sources_lock`) says which quotes were verified against which copy, and when: an
unchanged quote is verified against it, an edited or new one is a warning that says how to verify
it. Where the folder is at hand, only the copies verify: a source whose ``file`` is not in it is a
warning at that line and its quotes are not verified (a pull request could rename the file and
forge the lock's entry for the new name; issue 26). Where the copy is at hand and a lock exists, a
lock that no longer matches is an error (run ``glossary sources lock``).
A source marked ``editorial: true`` is the team's own word: it has no document to quote.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.checks.sources_lock import LOCK_FILE, Lock, read_lock
from generator.core.problems import ProblemList

if TYPE_CHECKING:  # validate.py imports this module
    from generator.checks.validate import CheckOptions, Index, Item
    from generator.content.load import RawDocument

#: A quote longer than this is no longer a quotation but a copy.
MAX_QUOTE_WORDS = 25
#: Stored copies larger than this are refused before they are read.
MAX_COPY_BYTES = 5_000_000
#: Longest closest passage shown in a hint.
HINT_CHARS = 160
#: Closest-passage searches in one check: past them a quote not found gets a hint saying so. 200 identical
#: quotes not found, each searched, took 144 s (issue 26 review); identical ones are now searched once.
MAX_HINT_SEARCHES = 20
#: Places of the copy where a search looks (where the quote's rarest shared words stand), and how many of
#: the places sharing the most words are compared character by character: a search's work does not
#: grow with the copy (a 1,000-word quote against a 900 KB copy had run over 300 s).
HINT_PLACES = 400
HINT_COMPARED = 12
#: The environment variable naming the folder of stored copies (over ``stored_copies``).
ENV_VAR = "GLOSSARY_STORED_COPIES"
#: The command-line option naming it (over the environment variable).
OPTION = "--stored-copies"
#: The extensions a stored copy may have: text a person can read, nothing else.
COPY_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")
SOURCES_FILE = "glossary/_sources.yaml"
#: How each quote was verified, as the sources page says it.
BY_COPY, BY_LOCK, NOT_VERIFIED = "copy", "lock", "none"

_SPACES = re.compile(r"\s+")
#: Control characters no text file holds (tab, line feed, form feed and carriage return are text).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        **{chr(c): "-" for c in range(0x2010, 0x2016)},
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def normalize_quote(text: str) -> str:
    """Text as quotes are compared: one space for any spacing, straight quotes, '-' for dashes, case-folded."""
    return _SPACES.sub(" ", text.translate(_FOLD)).strip().casefold()


def digest(normalized: str) -> str:
    """The SHA-256 of a normalised text, as the lock file records copies and quotes."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


# --- where the copies are ------------------------------------------------------------------


@dataclass(frozen=True)
class CopiesPlace:
    """Where the stored copies are read from, and who named that folder."""

    folder: Path | None  # None: no folder is named (or the content's was refused)
    origin: str = ""  # who named it, for messages
    #: The content's ``stored_copies``: its folder names, walked from the project folder without links.
    parts: tuple[str, ...] | None = None
    setting: str = ""  # as the content writes it

    def shown(self) -> str:
        """The folder as a message names it: as the content writes it, or the path the user gave."""
        return self.setting if self.parts is not None else str(self.folder)


def refuse_content_folder(setting: str) -> str:
    """Why ``stored_copies`` as the content writes it is refused ("" when it is a plain folder inside
    the project). Decided on the text alone: nothing at that location is looked at."""
    if setting.startswith("~"):
        return "it starts with '~'"
    if "\\" in setting or _NOT_TEXT.search(setting):
        return "it holds a backslash or a control character"
    if setting.startswith("/") or re.match(r"[A-Za-z]:", setting) or os.path.isabs(setting):
        return "it is an absolute path"
    parts = [part for part in setting.split("/") if part]
    if not parts:
        return "it names no folder"
    if ".." in parts:
        return "it goes up with '..'"
    if any(part.startswith(".") for part in parts):
        return "it names '.' or a hidden folder (a name starting with '.')"
    return ""


def refuse_file_name(name: str) -> str:
    """Why a source's ``file`` is refused ("" when it is a bare name of a text file)."""
    if "/" in name or "\\" in name or _NOT_TEXT.search(name) or name in ("", ".", ".."):
        return "it is not a bare file name (no folder, no control character)"
    if name.startswith("."):
        return "it starts with '.'"
    if not name.lower().endswith(COPY_SUFFIXES):
        return f"it does not end in {', '.join(COPY_SUFFIXES)}"
    return ""


def copies_place(root: Path, registry: Item | None, folder_option: Path | None, problems: ProblemList) -> CopiesPlace:
    """Where the copies are read from: the option, else the environment variable, else the content's
    ``stored_copies`` (refused, with an error at its line, unless it is a plain folder inside the project)."""
    setting = _stored_copies_setting(registry)
    refusal = refuse_content_folder(setting) if setting is not None else ""
    if refusal:
        assert registry is not None
        _refuse_setting(registry, setting or "", refusal, problems)
    if folder_option is not None:
        return CopiesPlace(Path(folder_option), f"the {OPTION} option")
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return CopiesPlace(Path(from_env).expanduser(), f"the {ENV_VAR} environment variable")
    if setting is None or refusal:
        return CopiesPlace(None)
    parts = tuple(part for part in setting.split("/") if part)
    return CopiesPlace(Path(root, *parts), f"stored_copies in {SOURCES_FILE}", parts, setting)


def _stored_copies_setting(registry: Item | None) -> str | None:
    """``stored_copies`` of the registry document, where the schema passed it (a string)."""
    if registry is None or not _root_ok(registry, "stored_copies"):
        return None
    setting = registry.doc.data.get("stored_copies")
    return setting if isinstance(setting, str) else None


def _refuse_setting(registry: Item, setting: str, why: str, problems: ProblemList) -> None:
    problems.add(
        registry.doc.path,
        registry.doc.where(("stored_copies",)),
        "stored-copies-refused",
        f"stored_copies '{setting}' is refused: {why}; the content may only name a folder inside the project "
        "(a relative path of plain folder names: no '..', '~', absolute path, hidden folder or symbolic link)",
        f"keep the stored copies in a folder inside the project, or name a folder elsewhere with "
        f"{ENV_VAR}=DIR or {OPTION} DIR (never in the content files)",
    )


#: Whether folders can be walked by descriptor (openat): nothing can be swapped under the walk.
_BY_DESCRIPTOR = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_FILE_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FOLDER_FLAGS = os.O_RDONLY | _DIRECTORY | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class CopyText:
    """A stored copy as read: its normalised text, or why there is none (``refused``: an error)."""

    text: str | None
    why: str = ""
    refused: bool = False
    raw: str = ""
    digest: str = ""


class StoredCopies:
    """The stored copies of one check: the folder opened once, each file read and normalised at most once."""

    def __init__(self, place: CopiesPlace, root: Path):
        self.place = place
        self.root = root
        self.handle: int | str | None = None  # a folder descriptor (or path where there are none)
        self.why_not = "no folder of stored copies is named"
        self.refused = False  # the content's folder walks through a symbolic link
        self._copies: dict[str, CopyText] = {}
        #: per copy: its words as written, their bare forms (see :func:`_bare`), and each bare form's places
        self._words: dict[str, tuple[list[str], list[str], dict[str, list[int]]]] = {}
        self._closest: dict[tuple[str, str], str] = {}  # (file, normalised quote) -> passage
        self.hint_searches_left = MAX_HINT_SEARCHES
        if place.folder is not None:
            self.handle, self.why_not, self.refused = self._open_folder()

    def __enter__(self) -> StoredCopies:
        return self

    def __exit__(self, *_: object) -> None:
        if isinstance(self.handle, int):
            os.close(self.handle)
        self.handle = None

    @property
    def at_hand(self) -> bool:
        return self.handle is not None

    def _open_folder(self) -> tuple[int | str | None, str, bool]:
        """(handle, "", False), or (None, why not, whether that is a refusal)."""
        place = self.place
        missing = f"the folder {place.shown()} (named by {place.origin}) does not exist or is not a folder"
        if place.parts is None:  # the user's own choice: any folder, links followed
            assert place.folder is not None
            if not _BY_DESCRIPTOR:
                return (str(place.folder), "", False) if place.folder.is_dir() else (None, missing, False)
            try:
                return os.open(place.folder, _FOLDER_FLAGS), "", False
            except OSError:
                return None, missing, False
        return self._walk_inside(place.parts, missing)

    def _walk_inside(self, parts: tuple[str, ...], missing: str) -> tuple[int | str | None, str, bool]:
        """Open the content's folder one name at a time from the project folder, never through a link."""
        current: int | str = os.open(self.root, _FOLDER_FLAGS) if _BY_DESCRIPTOR else str(self.root)
        try:
            for part in parts:
                try:
                    info = _stat_in(current, part)
                except OSError:
                    return None, missing, False
                if stat.S_ISLNK(info.st_mode):
                    return None, f"'{part}' on the way is a symbolic link", True
                if not stat.S_ISDIR(info.st_mode):
                    return None, missing, False
                try:
                    inner = _open_in(current, part, _FOLDER_FLAGS | _NOFOLLOW)
                except OSError as error:
                    if error.errno == errno.ELOOP:
                        return None, f"'{part}' on the way is a symbolic link", True
                    return None, missing, False
                _close(current)
                current = inner
            found, current = current, -1
            return found, "", False
        finally:
            _close(current)

    def copy(self, name: str) -> CopyText:
        """The copy called ``name`` (a name :func:`refuse_file_name` accepted), read once."""
        if name not in self._copies:
            self._copies[name] = self._read(name)
        return self._copies[name]

    def text(self, name: str) -> tuple[str | None, str]:
        """(normalised text, "") or (None, why it cannot be used)."""
        found = self.copy(name)
        return found.text, found.why

    def _read(self, name: str) -> CopyText:
        if self.handle is None:
            return CopyText(None, self.why_not)
        if refuse_file_name(name):
            return CopyText(None, f"'{name}' is not a stored copy's file name", refused=True)
        where = f"'{name}' in {self.place.shown()}"
        try:
            descriptor = _open_in(self.handle, name, _FILE_FLAGS)
        except FileNotFoundError:
            return CopyText(None, f"'{name}' is not in {self.place.shown()}")
        except OSError as error:
            if error.errno == errno.ELOOP:
                return CopyText(None, f"{where} is a symbolic link, not a regular file", refused=True)
            return CopyText(None, f"{where} cannot be read ({error.strerror or error})", refused=True)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                return CopyText(None, f"{where} is not a regular file", refused=True)
            if info.st_size > MAX_COPY_BYTES:
                return CopyText(None, f"{where} is larger than {MAX_COPY_BYTES:,} bytes", refused=True)
            data = _read_at_most(descriptor, MAX_COPY_BYTES + 1)
        except OSError as error:
            return CopyText(None, f"{where} cannot be read ({error.strerror or error})", refused=True)
        finally:
            os.close(descriptor)
        if len(data) > MAX_COPY_BYTES:
            return CopyText(None, f"{where} is larger than {MAX_COPY_BYTES:,} bytes", refused=True)
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return CopyText(None, f"{where} is not UTF-8 text", refused=True)
        if _NOT_TEXT.search(raw):
            return CopyText(None, f"{where} is not text (it holds NUL or other control characters)", refused=True)
        normalized = normalize_quote(raw)
        return CopyText(normalized, raw=raw, digest=digest(normalized))

    def closest(self, name: str, quote: str) -> str | None:
        """The passage of the stored copy, as many words long as the quote, that matches it best ("" when
        the copy has no text; None when this check's
        :data:`MAX_HINT_SEARCHES` are spent). Each (file, quote) is searched once.

        Only a copy that passed every test of :meth:`_read` has text here: nothing else is ever shown.
        """
        key = (name, normalize_quote(quote))
        if key not in self._closest:
            if self.hint_searches_left <= 0:
                return None
            self.hint_searches_left -= 1
            self._closest[key] = self._search_closest(name, key[1])
        return self._closest[key]

    def _search_closest(self, name: str, wanted_text: str) -> str:
        """Compare the quote with the windows that start around the places of its rarest words in the
        copy (at most :data:`HINT_PLACES`), rank them by the words they share with it, and let difflib
        decide among the :data:`HINT_COMPARED` best: the work is bounded whatever the copy's size."""
        found = self.copy(name)
        if not found.text:
            return ""
        written, bare, places = self._indexed(name, found.raw)
        wanted = wanted_text.split(" ")
        size = len(wanted)
        last = max(0, len(written) - size)
        starts = _window_starts(wanted, places, last) or list(range(0, last + 1, max(1, last // HINT_COMPARED)))
        bare_wanted = {_bare(word) for word in wanted}
        shared = {start: sum(word in bare_wanted for word in bare[start : start + size]) for start in starts}
        ranked = sorted(starts, key=lambda start: (-shared[start], start))[:HINT_COMPARED]
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted_text)
        best, best_ratio = "", -1.0
        for start in sorted(ranked):
            matcher.set_seq1(normalize_quote(" ".join(written[start : start + size])))
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = " ".join(written[start : start + size]), ratio
        if len(best) > HINT_CHARS:
            best = best[: HINT_CHARS - 1].rstrip() + "\u2026"
        return best

    def _indexed(self, name: str, raw: str) -> tuple[list[str], list[str], dict[str, list[int]]]:
        """The copy's words as written, as bare forms, and the places of each bare form (built once)."""
        if name not in self._words:
            written = raw.split()
            bare = [_bare(normalize_quote(word)) for word in written]
            places: dict[str, list[int]] = {}
            for number, word in enumerate(bare):
                places.setdefault(word, []).append(number)
            self._words[name] = (written, bare, places)
        return self._words[name]


def _bare(word: str) -> str:
    """A normalised word without the punctuation around it: 'them:' and '"qualifies"' match 'them', 'qualifies'."""
    return word.strip(_PUNCTUATION) or word


_PUNCTUATION = "\"'.,;:!?()[]{}<>*_`~-\u2026"


def _window_starts(wanted: list[str], places: dict[str, list[int]], last: int) -> list[int]:
    """Where windows of the quote's size start (``last`` at most): around each place of the quote's
    words in the copy, the rarest first, until :data:`HINT_PLACES` places are taken; a word may stand
    a few words off where the quote has it (a word added or dropped). None when no word is shared."""
    by_rarity = sorted(
        {(len(places[_bare(word)]), _bare(word), offset) for offset, word in enumerate(wanted) if _bare(word) in places}
    )
    starts: set[int] = set()
    taken = 0
    for count, bare, offset in by_rarity:
        if taken and taken + count > HINT_PLACES:
            break
        found = places[bare]
        step = max(1, len(found) // HINT_PLACES)  # a word standing everywhere: evenly spread places
        for place in found[::step][:HINT_PLACES]:
            for shift in (-2, -1, 0, 1, 2):
                starts.add(min(last, max(0, place - offset + shift)))
        taken += min(count, HINT_PLACES)
    return sorted(starts)


def _stat_in(folder: int | str, name: str) -> os.stat_result:
    if isinstance(folder, int):
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    return os.lstat(os.path.join(folder, name))


def _open_in(folder: int | str, name: str, flags: int) -> int:
    if isinstance(folder, int):
        return os.open(name, flags, dir_fd=folder)
    path = os.path.join(folder, name)
    if os.path.islink(path):  # where O_NOFOLLOW is missing
        raise OSError(errno.ELOOP, "a symbolic link", path)
    return os.open(path, flags)


def _close(handle: int | str) -> None:
    if isinstance(handle, int) and handle >= 0:
        os.close(handle)


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = os.read(descriptor, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


# --- the check ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteCheck:
    """How one quote was verified: against the stored copy, against the lock (with the date the
    lock says it was found in the copy), or not at all."""

    quote: str
    how: str  # BY_COPY, BY_LOCK or NOT_VERIFIED
    verified: dt.date | None = None


@dataclass
class CitationReport:
    """What the check found out about the quotes: for the pages, the summary and ``glossary sources lock``."""

    checks: dict[tuple[str, str], QuoteCheck] = field(default_factory=dict)  # (source id, quote) -> check
    copies: dict[str, tuple[str, str]] = field(default_factory=dict)  # source id -> (file, digest) of its copy
    unusable: dict[str, str] = field(default_factory=dict)  # source id -> why its copy was not used
    lock: Lock | None = None
    #: Said once where the copies were looked for and not found (the summary of ``glossary check``).
    note: str = ""

    def counts(self) -> dict[str, int]:
        """How many quotes were verified each way."""
        counts = {BY_COPY: 0, BY_LOCK: 0, NOT_VERIFIED: 0}
        for check in self.checks.values():
            counts[check.how] += 1
        return counts

    def by_source(self) -> dict[str, tuple[QuoteCheck, ...]]:
        grouped: dict[str, list[QuoteCheck]] = {}
        for (source_id, _), check in self.checks.items():
            grouped.setdefault(source_id, []).append(check)
        return {source_id: tuple(checks) for source_id, checks in grouped.items()}


def citations(index: Index) -> Iterator[tuple[Item, tuple]]:
    """(record, path of the citation mapping) of every citation in every record."""
    for item in index.terms.values():
        for number, _ in item.entries("sources"):
            yield item, ("sources", number)
    for item in index.tactics.values():
        for field_name in ("sources", "disputed"):
            for number, _ in item.entries(field_name):
                yield item, (field_name, number)
        for number, _ in item.entries("overrides", "sources"):
            yield item, ("overrides", "sources", number)
    for item in index.tables.values():
        if isinstance(item.get("source"), dict):
            yield item, ("source",)
    for item in index.playbooks.values():
        for number, _ in item.entries("sources"):
            yield item, ("sources", number)
    if index.classifier is not None:
        item = index.classifier
        for q, _ in item.entries("questions"):
            for field_name in ("sources", "disputed"):
                for number, _ in item.entries("questions", q, field_name):
                    yield item, ("questions", q, field_name, number)
            for a, _ in item.entries("questions", q, "answers"):
                for field_name in ("sources", "disputed"):
                    for number, _ in item.entries("questions", q, "answers", a, field_name):
                        yield item, ("questions", q, "answers", a, field_name, number)
        for number, _ in item.entries("reading", "capture", "sources"):
            yield item, ("reading", "capture", "sources", number)


def check_citations(
    root: Path,
    index: Index,
    problems: ProblemList,
    options: CheckOptions | None = None,
    documents: Iterable[RawDocument] = (),
) -> CitationReport:
    """Report every quote that is not in its source's stored copy (or, without the copy, not in the
    lock), too long, or of an editorial source; and a lock that no longer matches the copies.
    Where copies are at hand, also text of ``documents`` copied from them and table rows they do
    not print (:mod:`generator.checks.copied_text`)."""
    from generator.checks.copied_text import check_own_words, check_tables_as_printed  # it imports this module

    registry = next(iter(index.sources.values()), None)
    place = copies_place(root, registry, getattr(options, "stored_copies", None), problems)
    report = CitationReport(lock=read_lock(root, problems))
    with StoredCopies(place, root) as copies:
        if copies.refused and registry is not None:
            _refuse_setting(registry, place.setting, copies.why_not, problems)
        _read_copies(index, copies, report, problems)
        unverified = _check_quotes(index, copies, report, problems)
        _check_lock_is_current(index, report, problems)
        _report_unverified(index, place, copies, unverified, report, problems)
        check_own_words(documents, copies, report, problems)
        check_tables_as_printed(index, copies, report, problems)
    return report


def _read_copies(index: Index, copies: StoredCopies, report: CitationReport, problems: ProblemList) -> None:
    """Each source's ``file``: a refused name or a refused file is an error at its line; a usable copy's
    digest goes into the report (for the lock)."""
    for source_id, source in index.sources.items():
        name = source.text("file")
        if name is None:
            continue
        refusal = refuse_file_name(name)
        if refusal:
            problems.add(
                source.doc.path,
                source.at("file"),
                "stored-copy-refused",
                f"file '{name}' of source '{source_id}' is refused: {refusal}",
                f"name the stored copy by its bare file name ending in {', '.join(COPY_SUFFIXES)}",
            )
            report.unusable[source_id] = "its file name is refused"
            continue
        found = copies.copy(name) if copies.at_hand else CopyText(None, copies.why_not)
        if found.text is not None:
            report.copies[source_id] = (name, found.digest)
            continue
        report.unusable[source_id] = found.why
        if copies.at_hand and not found.refused and source.get("editorial") is not True:
            _warn_copy_not_in_folder(source, source_id, name, copies.place, problems)
        if found.refused:
            problems.add(
                source.doc.path,
                source.at("file"),
                "stored-copy-refused",
                f"the stored copy of source '{source_id}' is refused: {found.why}",
                f"a stored copy is a regular UTF-8 text file of at most {MAX_COPY_BYTES:,} bytes "
                "(no link, no special file, no binary data)",
            )


def _warn_copy_not_in_folder(
    source: Item, source_id: str, name: str, place: CopiesPlace, problems: ProblemList
) -> None:
    """With the folder of copies at hand, a ``file`` not in it is a warning at that line (so ``--strict``
    fails): its quotes are not verified, not even against the lock, which a pull request could have
    forged for a made-up file name (issue 26)."""
    problems.warn(
        source.doc.path,
        source.at("file"),
        "stored-copy-missing",
        f"the stored copy '{name}' of source '{source_id}' is not in the folder {place.shown()} (named by "
        f"{place.origin}): with that folder at hand, its quotes are verified against the copy only, "
        f"never against {LOCK_FILE}, so they are not verified",
        f"put '{name}' in {place.shown()}, or correct the source's file name to the copy's",
    )


def _check_quotes(
    index: Index, copies: StoredCopies, report: CitationReport, problems: ProblemList
) -> dict[tuple[str, str], list]:
    """Check every quote; return the unverified ones: (file, source id) -> [first position, count, why]."""
    unverified: dict[tuple[str, str], list] = {}
    for item, path in citations(index):
        quote = item.text(*path, "quote")
        source_id = item.text(*path, "source")
        if quote is None or source_id is None or source_id not in index.sources:
            continue
        check = _check_quote(item, path, quote, source_id, index, copies, report, problems)
        if check is None:
            continue
        report.checks.setdefault((source_id, quote), check)
        if check.how == NOT_VERIFIED:
            why = _why_unverified(index.sources[source_id], source_id, report, copies.at_hand)
            entry = unverified.setdefault((item.doc.path, source_id), [item.at(*path, "quote"), 0, why])
            entry[1] += 1
    return unverified


def _why_unverified(source: Item, source_id: str, report: CitationReport, folder_at_hand: bool) -> str:
    if source.text("file") is None:
        return "the source has no stored copy ('file')"
    if folder_at_hand:
        return (
            f"its stored copy cannot be used ({report.unusable.get(source_id, '')}), and with the folder of "
            f"stored copies at hand quotes are verified against the copies only, not against {LOCK_FILE}"
        )
    locked = report.lock is not None and source_id in report.lock.sources
    lock = f"not in {LOCK_FILE}" if locked else f"its source is not in {LOCK_FILE}"
    if report.lock is None:
        lock = f"there is no {LOCK_FILE}"
    return f"{lock}, and the stored copy is not at hand ({report.unusable.get(source_id, '')})"


def _report_unverified(
    index: Index,
    place: CopiesPlace,
    copies: StoredCopies,
    unverified: dict[tuple[str, str], list],
    report: CitationReport,
    problems: ProblemList,
) -> None:
    """One warning per file and source with unverified quotes, saying how to verify them; and once,
    the named folder that is missing."""
    folder_missing = place.folder is not None and not copies.at_hand and not copies.refused
    if folder_missing:
        report.note = copies.why_not
    for (file, source_id), (where, count, why) in unverified.items():
        quotes = "1 quote" if count == 1 else f"{count} quotes"
        name = index.sources[source_id].text("file")
        problems.warn(
            file,
            where,
            "quote-unverified",
            f"{quotes} of source '{source_id}' in this file cannot be verified: {why}",
            "give the source its stored copy's file name" if name is None else _how_to_verify(name, place),
        )
    if folder_missing and unverified:
        registry = next(iter(index.sources.values()), None)
        in_content = place.parts is not None and registry is not None
        problems.warn(
            registry.doc.path if in_content and registry is not None else SOURCES_FILE,
            registry.doc.where(("stored_copies",)) if in_content and registry is not None else (0, 0),
            "stored-copy-missing",
            copies.why_not,
            "create it and put the sources' stored copies in it, or name the folder that holds them",
        )


def _how_to_verify(name: str, place: CopiesPlace) -> str:
    folder = f"the folder {place.shown()}" if place.folder is not None else "a folder"
    return (
        f"to verify, put the stored copy '{name}' in {folder} (named by {OPTION} DIR, else {ENV_VAR}=DIR, "
        f"else stored_copies in {SOURCES_FILE}), then run `glossary sources lock`"
    )


def _check_lock_is_current(index: Index, report: CitationReport, problems: ProblemList) -> None:
    """With a copy at hand, the lock must record it and every quote found in it: else it is stale."""
    lock = report.lock
    if lock is None:
        return
    for source_id, (name, copy_digest) in report.copies.items():
        entry = lock.sources.get(source_id)
        if entry is None or (entry.file == name and entry.copy == copy_digest):
            continue
        source = index.sources[source_id]
        differs = f"the lock records '{entry.file}'" if entry.file != name else "its text changed"
        problems.add(
            source.doc.path,
            source.at("file"),
            "sources-lock-stale",
            f"the stored copy of source '{source_id}' ({name}) is not the one {LOCK_FILE} records "
            f"(verified on {entry.verified.isoformat()}): {differs}",
            "run `glossary sources lock`",
        )
    for item, path in citations(index):
        quote = item.text(*path, "quote")
        source_id = item.text(*path, "source")
        check = report.checks.get((source_id or "", quote or ""))
        if check is None or check.how != BY_COPY:
            continue
        entry = lock.sources.get(source_id or "")
        if entry is not None and digest(normalize_quote(quote or "")) in entry.quotes:
            continue
        problems.add(
            item.doc.path,
            item.at(*path, "quote"),
            "sources-lock-stale",
            f"quote of source '{source_id}' is in its stored copy but not in {LOCK_FILE}, so a clone "
            "without the copies cannot verify it",
            "run `glossary sources lock`",
        )


def _root_ok(item: Item, *path: Any) -> bool:
    """Whether the schema passed a field of the document that holds ``item`` (the registry's own keys)."""
    full = tuple(path)
    return not any(full[:end] in item.invalid for end in range(len(full) + 1))


def _check_quote(
    item: Item,
    path: tuple,
    quote: str,
    source_id: str,
    index: Index,
    copies: StoredCopies,
    report: CitationReport,
    problems: ProblemList,
) -> QuoteCheck | None:
    """Report what is wrong with one quote; return how it was verified (None: an error was reported)."""
    source = index.sources[source_id]
    where = item.at(*path, "quote")
    words = len(quote.split())
    if source.get("editorial") is True:
        problems.add(
            item.doc.path,
            where,
            "quote-editorial",
            f"quote cites source '{source_id}', which is the team's own (editorial): there is no document to quote",
            "remove the quote, or cite the document that says it",
        )
        return None
    if words > MAX_QUOTE_WORDS:
        problems.add(
            item.doc.path,
            where,
            "quote-too-long",
            f"quote from source '{source_id}' has {words} words (at most {MAX_QUOTE_WORDS})",
            "quote the few words that matter and say the rest in your own words",
        )
    name = source.text("file")
    if name is None:
        return QuoteCheck(quote, NOT_VERIFIED)
    if source_id not in report.copies:
        if copies.at_hand:  # the folder is here but not this copy: a lock entry for it proves nothing
            return QuoteCheck(quote, NOT_VERIFIED)
        return _check_against_lock(quote, source_id, name, report)  # no copies: the lock may say
    text, _ = copies.text(name)
    wanted = normalize_quote(quote)
    if text is not None and wanted and contains_words(text, wanted):
        return QuoteCheck(quote, BY_COPY)
    hints = [_closest_hint(copies, name, quote, words, bool(text))]
    unwrapped = _unwrap(wanted)
    if unwrapped != wanted and unwrapped and text is not None and contains_words(text, unwrapped):
        hints.insert(0, "drop the surrounding quote marks (the page adds its own)")
    elif wanted:
        elsewhere = _found_elsewhere(index, source_id, wanted, unwrapped, copies, report)
        if elsewhere:
            hints.insert(0, f"found in source '{elsewhere[0]}' ({elsewhere[1]}): cite that source")
    if "..." in wanted:
        hints.append("a quote must be continuous text: split it into two quotes instead of skipping words")
    problems.add(
        item.doc.path,
        where,
        "quote-not-found",
        f"quote is not in the stored copy of source '{source_id}' ({name})",
        "; ".join(hints),
    )
    return None


def _closest_hint(copies: StoredCopies, name: str, quote: str, words: int, has_text: bool) -> str:
    """The hint's closest passage, or why there is none: a quote too long is not searched, nor any
    quote once the check's searches are spent (each one costs time in CI)."""
    if not has_text:
        return f"{name} holds no text"
    if words > MAX_QUOTE_WORDS:
        return f"no closest passage is searched for a quote of over {MAX_QUOTE_WORDS} words"
    passage = copies.closest(name, quote)
    if passage is None:
        return (
            f"the closest passage in {name} was not searched (only the first {MAX_HINT_SEARCHES} quotes not "
            "found in a check are): fix those and run the check again to see it"
        )
    return f'closest passage in {name}: "{passage}"' if passage else f"{name} holds no text"


def _check_against_lock(quote: str, source_id: str, name: str, report: CitationReport) -> QuoteCheck:
    entry = report.lock.sources.get(source_id) if report.lock is not None else None
    if entry is not None and entry.file == name and digest(normalize_quote(quote)) in entry.quotes:
        return QuoteCheck(quote, BY_LOCK, entry.verified)
    return QuoteCheck(quote, NOT_VERIFIED)


#: Quote marks a quote may be wrapped in (after normalising, curly ones are straight).
_WRAPPERS = {'"': '"', "'": "'"}


def _unwrap(wanted: str) -> str:
    """The normalised quote without the quote marks around all of it."""
    while len(wanted) >= 2 and wanted[0] in _WRAPPERS and wanted[-1] == _WRAPPERS[wanted[0]]:
        wanted = wanted[1:-1].strip()
    return wanted


def contains_words(text: str, wanted: str) -> bool:
    """Whether the normalised ``wanted`` stands in the normalised ``text`` on word boundaries.

    A quote that begins (ends) with a letter or digit must not begin (end) inside a word of the
    copy: "son or business who may bec" is not a quote of "person or business who may become".
    """
    start = text.find(wanted)
    while start >= 0:
        end = start + len(wanted)
        before_ok = start == 0 or not (wanted[0].isalnum() and text[start - 1].isalnum())
        after_ok = end == len(text) or not (wanted[-1].isalnum() and text[end].isalnum())
        if before_ok and after_ok:
            return True
        start = text.find(wanted, start + 1)
    return False


def _found_elsewhere(
    index: Index, source_id: str, wanted: str, unwrapped: str, copies: StoredCopies, report: CitationReport
) -> tuple[str, str] | None:
    """(id, file) of another source whose (usable) stored copy holds the quote, or None."""
    for other_id, (name, _) in report.copies.items():
        if other_id == source_id or index.sources[other_id].get("editorial") is True:
            continue
        text, _ = copies.text(name)
        if text and (contains_words(text, wanted) or (unwrapped and contains_words(text, unwrapped))):
            return other_id, name
    return None
