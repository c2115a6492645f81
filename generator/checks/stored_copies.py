"""Where the stored copies are and how they are read: the folder (option, environment variable or
the content's ``stored_copies``, refused unless it is a plain folder inside the project), each copy
opened without following a link or blocking, and the closest passage of a copy to a quote.
See :mod:`generator.checks.citations` for the rules.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.checks.quotes import (
    COPY_SUFFIXES,
    ENV_VAR,
    HINT_CHARS,
    HINT_COMPARED,
    HINT_PLACES,
    MAX_COPY_BYTES,
    MAX_HINT_SEARCHES,
    OPTION,
    SOURCES_FILE,
    digest,
    normalize_quote,
)
from generator.checks.records import Item
from generator.core.problems import ProblemList

#: Control characters no text file holds (tab, line feed, form feed and carriage return are text).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


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

    def looked_at(self) -> str:
        """ "looked for at /abs/path, " where the folder as named is not already that path ("" otherwise)."""
        if self.folder is None:
            return ""
        absolute = str(self.folder.absolute())
        return "" if absolute == self.shown() else f"looked for at {absolute}, "


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
        refuse_setting(registry, setting or "", refusal, problems)
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
    if registry is None or not root_ok(registry, "stored_copies"):
        return None
    setting = registry.doc.data.get("stored_copies")
    return setting if isinstance(setting, str) else None


def refuse_setting(registry: Item, setting: str, why: str, problems: ProblemList) -> None:
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
        missing = (
            f"the folder {place.shown()} ({place.looked_at()}named by {place.origin}) does not exist or is not a folder"
        )
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


def root_ok(item: Item, *path: Any) -> bool:
    """Whether the schema passed a field of the document that holds ``item`` (the registry's own keys)."""
    full = tuple(path)
    return not any(full[:end] in item.invalid for end in range(len(full) + 1))
