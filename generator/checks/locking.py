"""``glossary sources lock``: verify every quote against the stored copies and write the lock.

Above :mod:`generator.checks.validate`, because it runs the whole check first; the lock file's
format, reading and writing are :mod:`generator.checks.sources_lock`'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.checks.quotes import BY_COPY, digest, normalize_quote
from generator.checks.records import CheckOptions
from generator.checks.sources_lock import (
    LOCK_CODES,
    LOCK_FILE,
    Lock,
    LockedSource,
    current_text,
    render_lock,
    write_atomically,
)
from generator.checks.validate import validate_project
from generator.content.load import load_raw_project, paused_gc
from generator.core.problems import GlossaryError, Problem, ProblemList, Severity
from generator.core.text import counted

# --- glossary sources lock ---------------------------------------------------------------


class LockRefused(GlossaryError):
    """``glossary sources lock`` wrote nothing: the problems say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{counted(len(problems), 'problem')}: nothing was written")


@dataclass(frozen=True)
class LockOutcome:
    path: Path
    sources: int
    quotes: int
    changed: tuple[str, ...]  # ids of the sources whose entry is new or changed
    removed: tuple[str, ...]  # ids of the sources the lock no longer holds
    written: bool  # False: the file already said this


def lock_sources(root: Path, options: CheckOptions, today: dt.date) -> LockOutcome:
    """Verify every quote against the stored copies and write the lock (atomically).

    Refuses, writing nothing, when the content has errors, a source's copy is not at hand, or a
    quote is not verified against a copy. ``today`` is the date new or changed entries get.
    """
    problems = ProblemList()
    with paused_gc():
        raw = load_raw_project(Path(root), problems)
        index = validate_project(raw, problems, options)
    report = index.citations
    assert report is not None
    blocking = [p for p in problems.sorted() if (p.is_error and p.code not in LOCK_CODES) or p.code.startswith(
        ("quote-unverified", "stored-copy-missing"))]  # fmt: skip
    said = {(p.path, p.line) for p in blocking if p.code == "stored-copy-missing"}
    for source_id, why in report.unusable.items():
        source = index.sources[source_id]
        line, column = source.at("file")
        if source.get("editorial") is not True and (source.doc.path, line) not in said:
            message = f"the stored copy of source '{source_id}' is not at hand: {why}"
            blocking.append(Problem(source.doc.path, line, column, Severity.ERROR, "stored-copy-missing", message))
    if blocking:
        raise LockRefused(blocking)
    old = report.lock.sources if report.lock is not None else {}
    entries: dict[str, LockedSource] = {}
    for source_id, (name, copy_digest) in report.copies.items():
        quotes = frozenset(
            digest(normalize_quote(quote))
            for (cited, quote), check in report.checks.items()
            if cited == source_id and check.how == BY_COPY
        )
        before = old.get(source_id)
        same = before is not None and (before.file, before.copy, before.quotes) == (name, copy_digest, quotes)
        entries[source_id] = LockedSource(name, copy_digest, before.verified if same and before else today, quotes)
    text = render_lock(Lock(entries))
    path = Path(root) / LOCK_FILE
    changed = tuple(sorted(i for i, e in entries.items() if old.get(i) != e))
    removed = tuple(sorted(set(old) - set(entries)))
    written = current_text(path) != text
    if written:
        write_atomically(path, text)
    return LockOutcome(path, len(entries), sum(len(e.quotes) for e in entries.values()), changed, removed, written)
