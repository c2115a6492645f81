"""Checkable citations: every ``quote`` must stand in the cited source's stored copy.

The source registry (``glossary/_sources.yaml``) may name a folder of stored copies
(``stored_copies``, relative to the project folder) and give each source the ``file`` its
content was written from. A citation's quote is found when, after :func:`normalize_quote`
on both sides (spacing, typographic quotes and dashes, case), it is part of that file,
starting and ending on word boundaries. A quote that is not found gets hints: the closest
passage, and whether it is wrapped in its own quote marks, stands in another source's copy,
or skips words with an ellipsis. Quotes whose source has no usable copy are reported once
per source and file.
A source marked ``editorial: true`` is the team's own word: it has no document to quote.

Each stored copy is read once per check, as UTF-8 and as a regular file of at most
:data:`MAX_COPY_BYTES`; difflib looks for the closest passage only when a quote is not found.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import ProblemList

if TYPE_CHECKING:  # validate.py imports this module
    from .validate import Index, Item

#: A quote longer than this is no longer a quotation but a copy.
MAX_QUOTE_WORDS = 25
#: Stored copies larger than this are refused before they are read.
MAX_COPY_BYTES = 5_000_000
#: Longest closest passage shown in a hint.
HINT_CHARS = 160

_SPACES = re.compile(r"\s+")
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


class StoredCopies:
    """The stored copies of one check: each file read and normalised at most once."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._texts: dict[str, tuple[str | None, str]] = {}  # file name -> (normalised text or None, why not)
        self._raw: dict[str, str] = {}  # file name -> text as written (for hints)
        self._words: dict[str, tuple[list[str], list[str]]] = {}

    def text(self, name: str) -> tuple[str | None, str]:
        """(normalised text, "") or (None, why it cannot be read)."""
        if name not in self._texts:
            self._texts[name] = self._read(name)
        return self._texts[name]

    def _read(self, name: str) -> tuple[str | None, str]:
        if self.folder is None:
            return None, "no stored_copies folder is configured"
        if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
            return None, f"'{name}' is not a file name in the stored copies folder"
        path = self.folder / name
        try:
            info = os.lstat(path)
        except OSError:
            return None, f"'{name}' does not exist in {self.folder}"
        if not stat.S_ISREG(info.st_mode):
            return None, f"'{name}' in {self.folder} is not a regular file"
        if info.st_size > MAX_COPY_BYTES:
            return None, f"'{name}' is larger than {MAX_COPY_BYTES:,} bytes"
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_COPY_BYTES + 1)
        except OSError as error:
            return None, f"'{name}' cannot be read ({error.strerror or error})"
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, f"'{name}' is not UTF-8 text"
        self._raw[name] = raw
        return normalize_quote(raw), ""

    def closest(self, name: str, quote: str) -> str:
        """The passage of the stored copy with as many words as the quote that matches it best."""
        text, _ = self.text(name)
        if not text:
            return ""
        if name not in self._words:  # the words as written and as compared, one for one
            written = self._raw[name].split()
            self._words[name] = (written, [normalize_quote(word) for word in written])
        written, words = self._words[name]
        wanted = normalize_quote(quote).split(" ")
        size = len(wanted)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(" ".join(wanted))
        best, best_ratio = "", -1.0
        # a window starts at every word (at most about 20,000 of them): quick ratios prune, ratio decides
        for start in range(0, max(1, len(words) - size + 1), max(1, len(words) // 20_000)):
            matcher.set_seq1(" ".join(words[start : start + size]))
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = " ".join(written[start : start + size]), ratio
        if len(best) > HINT_CHARS:
            best = best[: HINT_CHARS - 1].rstrip() + "\u2026"
        return best


def stored_copies_folder(root: Path, setting: str) -> Path:
    """The folder ``stored_copies`` names: relative to the project folder, or absolute."""
    folder = Path(setting).expanduser()
    return folder if folder.is_absolute() else Path(root) / folder


def citations(index: Index) -> Iterator[tuple[Item, tuple]]:
    """(record, path of the citation mapping) of every citation in every record."""
    for item in index.terms.values():
        for number, _ in item.entries("sources"):
            yield item, ("sources", number)
    for item in index.tactics.values():
        for field in ("sources", "disputed"):
            for number, _ in item.entries(field):
                yield item, (field, number)
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
            for field in ("sources", "disputed"):
                for number, _ in item.entries("questions", q, field):
                    yield item, ("questions", q, field, number)
            for a, _ in item.entries("questions", q, "answers"):
                for number, _ in item.entries("questions", q, "answers", a, "disputed"):
                    yield item, ("questions", q, "answers", a, "disputed", number)


def check_citations(root: Path, index: Index, problems: ProblemList) -> None:
    """Report every quote that is not in its source's stored copy, too long, or of an editorial source."""
    registry = next(iter(index.sources.values()), None)
    folder_setting = registry.doc.data.get("stored_copies") if registry is not None else None
    folder_ok = registry is not None and isinstance(folder_setting, str) and _root_ok(registry, "stored_copies")
    folder = stored_copies_folder(root, folder_setting) if folder_ok else None
    copies = StoredCopies(folder if folder is not None and folder.is_dir() else None)
    if folder is not None and copies.folder is None:
        assert registry is not None
        problems.warn(
            registry.doc.path,
            registry.doc.where(("stored_copies",)),
            "stored-copy-missing",
            f"stored copies folder '{folder_setting}' does not exist (looked for {folder})",
            "create it, or correct the path (relative to the project folder)",
        )
    elif copies.folder is not None:
        for source_id, source in index.sources.items():
            name = source.text("file")
            if name is not None and copies.text(name)[0] is None:
                problems.warn(
                    source.doc.path,
                    source.at("file"),
                    "stored-copy-missing",
                    f"stored copy of source '{source_id}' cannot be used: {copies.text(name)[1]}",
                    f"put the file in {folder_setting}, or correct the file name",
                )
    # a source without a usable copy is reported once per file, at its first quote there
    unverified: dict[tuple[str, str], list] = {}  # (file, source id) -> [position, count, why]
    for item, path in citations(index):
        quote = item.text(*path, "quote")
        source_id = item.text(*path, "source")
        if quote is None or source_id is None or source_id not in index.sources:
            continue
        why = _check_quote(item, path, quote, source_id, index, copies, problems)
        if why:
            entry = unverified.setdefault((item.doc.path, source_id), [item.at(*path, "quote"), 0, why])
            entry[1] += 1
    for (file, source_id), (where, count, why) in unverified.items():
        quotes = "1 quote" if count == 1 else f"{count} quotes"
        problems.warn(
            file,
            where,
            "quote-unverified",
            f"{quotes} of source '{source_id}' in this file cannot be verified: {why}",
            "give the source its stored copy's file name"
            if why.startswith("the source has no stored copy")
            else "add the stored copy (glossary/_sources.yaml: stored_copies and the source's file)",
        )


def _root_ok(item: Item, *path: Any) -> bool:
    """Whether the schema passed a field of the document that holds ``item`` (the registry's own keys)."""
    full = tuple(path)
    return not any(full[:end] in item.invalid for end in range(len(full) + 1))


def _check_quote(
    item: Item, path: tuple, quote: str, source_id: str, index: Index, copies: StoredCopies, problems: ProblemList
) -> str:
    """Report what is wrong with one quote; return why it cannot be verified ("" when it can)."""
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
        return ""
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
        return "the source has no stored copy ('file')"
    text, why = copies.text(name)
    if text is None:
        return why
    wanted = normalize_quote(quote)
    if wanted and contains_words(text, wanted):
        return ""
    hints = []
    passage = copies.closest(name, quote)
    hints.append(f'closest passage in {name}: "{passage}"' if passage else f"{name} holds no text")
    unwrapped = _unwrap(wanted)
    if unwrapped != wanted and unwrapped and contains_words(text, unwrapped):
        hints.insert(0, "drop the surrounding quote marks (the page adds its own)")
    elif wanted:
        elsewhere = _found_elsewhere(index, source_id, wanted, unwrapped, copies)
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
    return ""


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
    index: Index, source_id: str, wanted: str, unwrapped: str, copies: StoredCopies
) -> tuple[str, str] | None:
    """(id, file) of another source whose stored copy holds the quote, or None."""
    for other_id, other in index.sources.items():
        name = other.text("file")
        if other_id == source_id or name is None or other.get("editorial") is True:
            continue
        text, _ = copies.text(name)
        if text and (contains_words(text, wanted) or (unwrapped and contains_words(text, unwrapped))):
            return other_id, name
    return None
