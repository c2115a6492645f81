"""What the stored copies tell about the content's own text: own words, and tables as printed.

Both rules need a source's text, so they run only where a stored copy is at hand (see
:mod:`generator.checks.citations`); with only the lock, nothing here runs and nothing is said.

**Own words.** The content explains its sources; it does not reproduce them. A run of
:data:`COPIED_RUN` words of any text field (a definition, a summary, a note, a step...) that
stands in a stored copy word for word is a warning ``text-copied``: say it in your own words, or
cite it as a quote. Fields that may repeat a source (:data:`MAY_REPEAT_A_SOURCE`: the quotes
themselves, where in the source, a source's title and publisher, a question, names, file names)
are exempt. Both sides are compared after :func:`~generator.checks.quotes.normalize_quote` (spacing,
typographic quotes and dashes, case) with the punctuation around each word set aside, so a
comma added or a full stop dropped does not hide a copied run. One pass: every run of
:data:`COPIED_RUN` words of every copy goes into a set once, then each text's runs are looked up
(not one search of the copies per run).

**Tables as printed.** A tactic table whose ``source`` has a stored copy shows the tactics as the
copy prints them: each row's tactic names, each followed by its footnote marker, written one
after the other, stand in the copy once its line breaks are removed (the copy prints a table row
as one line of cells). A row that is not there is a warning ``table-row-not-in-copy`` at its line.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from generator.checks.quotes import HINT_CHARS, CitationReport, normalize_quote
from generator.checks.records import describe_path
from generator.checks.stored_copies import StoredCopies
from generator.core.problems import ProblemList

if TYPE_CHECKING:
    from generator.checks.records import Index
    from generator.content.document import RawDocument

#: A run of this many words found word for word in a stored copy is copied text, not the team's own words.
COPIED_RUN = 10
#: Fields whose text may repeat a source's words: the quotes themselves, where in the source, a source's
#: own title and publisher, questions (a FAQ may ask what a source's heading asks), names and file names.
MAY_REPEAT_A_SOURCE = frozenset({"quote", "locator", "title", "publisher", "question", "names", "file"})
#: Punctuation set aside around a word ("lead," is the word "lead"); inside a word it stays ("it's").
_AROUND_WORDS = string.punctuation + "\u00bf\u00a1"


def words(text: str) -> list[str]:
    """The words of ``text`` as runs are compared: normalised, without the punctuation around each."""
    found = (word.strip(_AROUND_WORDS) for word in normalize_quote(text).split(" "))
    return [word for word in found if word]


def runs(text_words: list[str]) -> Iterator[tuple[int, str]]:
    """(start, run) of every run of :data:`COPIED_RUN` consecutive words."""
    for start in range(len(text_words) - COPIED_RUN + 1):
        yield start, " ".join(text_words[start : start + COPIED_RUN])


def runs_of_copies(copies: StoredCopies, report: CitationReport) -> dict[str, str]:
    """Every run of :data:`COPIED_RUN` words of every usable stored copy -> the id of the first
    source whose copy holds it. Each copy is read once (it already was, for the quotes)."""
    found: dict[str, str] = {}
    for source_id, (name, _) in report.copies.items():
        text, _ = copies.text(name)
        for _, run in runs(words(text or "")):
            found.setdefault(run, source_id)
    return found


def check_own_words(
    documents: Iterable[RawDocument], copies: StoredCopies, report: CitationReport, problems: ProblemList
) -> None:
    """Warn at each text field that holds a run of :data:`COPIED_RUN` words of a stored copy."""
    if not report.copies:
        return
    copied = runs_of_copies(copies, report)
    if not copied:
        return
    for doc in documents:
        for path, text in texts(doc.data, ()):
            for source_id, run in copied_runs(words(text), copied):
                name = report.copies[source_id][0]
                problems.warn(
                    doc.path,
                    doc.where(path),
                    "text-copied",
                    f"{describe_path(path)} copies {len(run.split(' '))} words in a row from the stored copy of "
                    f"source '{source_id}' ({name}): \"{_shortened(run)}\"",
                    "say it in your own words, or cite it as a quote",
                )


def texts(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every string of a document outside the fields that may repeat a source."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key not in MAY_REPEAT_A_SOURCE:
                yield from texts(child, (*path, key))
    elif isinstance(value, list):
        for number, child in enumerate(value):
            yield from texts(child, (*path, number))
    elif isinstance(value, str):
        yield path, value


def copied_runs(text_words: list[str], copied: dict[str, str]) -> list[tuple[str, str]]:
    """(source id, run) of each longest stretch of ``text_words`` whose every run of
    :data:`COPIED_RUN` words is in ``copied``: one finding per copied passage, however long."""
    stretches: list[list] = []  # [first start, last start, source id of the first run]
    for start, run in runs(text_words):
        source_id = copied.get(run)
        if source_id is None:
            continue
        if stretches and stretches[-1][1] == start - 1:
            stretches[-1][1] = start
        else:
            stretches.append([start, start, source_id])
    return [(source_id, " ".join(text_words[first : last + COPIED_RUN])) for first, last, source_id in stretches]


def _shortened(run: str) -> str:
    return run if len(run) <= HINT_CHARS else run[: HINT_CHARS - 1].rstrip() + "\u2026"


def check_tables_as_printed(index: Index, copies: StoredCopies, report: CitationReport, problems: ProblemList) -> None:
    """Warn at each row of a table that its source's stored copy does not print as the row reads."""
    for table_id, item in index.tables.items():
        source_id = item.text("source", "source")
        if source_id is None or source_id not in report.copies:
            continue
        name = report.copies[source_id][0]
        printed = copies.copy(name).raw.replace("\r", "").replace("\n", "")
        markers = {
            item.get("footnotes", n, "id"): item.text("footnotes", n, "marker") for n, _ in item.entries("footnotes")
        }
        for r, _ in item.entries("rows"):
            row = _row_as_printed(item, r, index, markers)
            if row is None or row in printed:
                continue
            problems.warn(
                item.doc.path,
                item.at("rows", r),
                "table-row-not-in-copy",
                f"row {r + 1} of table '{table_id}' reads \"{_shortened(row)}\", which the stored copy of source "
                f"'{source_id}' ({name}) does not print",
                "list the tactics of the row as the copy prints them, in its order and with its footnote "
                "markers (or correct a tactic's name to the copy's)",
            )


def _row_as_printed(item: Any, r: int, index: Index, markers: dict) -> str | None:
    """The row as the copy would print it: each cell's tactic name and footnote marker, one after the
    other; None when a cell's tactic or footnote is unknown (that error is reported elsewhere)."""
    printed = ""
    for c, _ in item.entries("rows", r):
        tactic = index.tactics.get(item.get("rows", r, c, "tactic"))
        name = tactic.text("name") if tactic is not None else None
        footnote = item.get("rows", r, c, "footnote")
        if name is None or (footnote is not None and markers.get(footnote) is None):
            return None
        printed += name + (markers[footnote] if footnote is not None else "")
    return printed
