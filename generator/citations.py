"""Checkable citations: every ``quote`` must stand in the cited source's stored copy.

The source registry (``glossary/_sources.yaml``) may name a folder of stored copies
(``stored_copies``, relative to the project folder) and give each source the ``file`` its
content was written from. A citation's quote is found when, after :func:`normalize_quote`
on both sides (spacing, typographic quotes and dashes, case), it is part of that file.
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
    for item, path in citations(index):
        quote = item.text(*path, "quote")
        source_id = item.text(*path, "source")
        if quote is None or source_id is None or source_id not in index.sources:
            continue
        _check_quote(item, path, quote, source_id, index.sources[source_id], copies, problems)


def _root_ok(item: Item, *path: Any) -> bool:
    """Whether the schema passed a field of the document that holds ``item`` (the registry's own keys)."""
    full = tuple(path)
    return not any(full[:end] in item.invalid for end in range(len(full) + 1))


def _check_quote(
    item: Item, path: tuple, quote: str, source_id: str, source: Item, copies: StoredCopies, problems: ProblemList
) -> None:
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
        return
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
        problems.warn(
            item.doc.path,
            where,
            "quote-unverified",
            f"quote from source '{source_id}' cannot be verified: the source has no stored copy ('file')",
            "give the source its stored copy's file name",
        )
        return
    text, why = copies.text(name)
    if text is None:
        problems.warn(
            item.doc.path,
            where,
            "quote-unverified",
            f"quote from source '{source_id}' cannot be verified: {why}",
            "add the stored copy (glossary/_sources.yaml: stored_copies and the source's file)",
        )
        return
    wanted = normalize_quote(quote)
    if wanted and wanted in text:
        return
    passage = copies.closest(name, quote)
    problems.add(
        item.doc.path,
        where,
        "quote-not-found",
        f"quote is not in the stored copy of source '{source_id}' ({name})",
        f'closest passage in {name}: "{passage}"' if passage else f"{name} holds no text",
    )
