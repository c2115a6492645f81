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

from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.checks.copied_text import check_own_words, check_tables_as_printed
from generator.checks.quotes import (
    BY_COPY,
    BY_LOCK,
    COPY_SUFFIXES,
    ENV_VAR,
    MAX_COPY_BYTES,
    MAX_HINT_SEARCHES,
    MAX_QUOTE_WORDS,
    NOT_VERIFIED,
    OPTION,
    SOURCES_FILE,
    CitationReport,
    QuoteCheck,
    digest,
    normalize_quote,
)
from generator.checks.records import CheckOptions, Index, Item
from generator.checks.sources_lock import LOCK_FILE, read_lock
from generator.checks.stored_copies import (
    CopiesPlace,
    CopyText,
    StoredCopies,
    copies_place,
    refuse_file_name,
    refuse_setting,
)
from generator.content.document import RawDocument
from generator.core.problems import ProblemList

# --- the check ---------------------------------------------------------------------------


def citations(index: Index, quoted: bool = False) -> Iterator[tuple[Item, tuple]]:
    """(record, path of the citation mapping) of every citation in every record; ``quoted``: of a
    term or playbook whose quoted citations the parse listed (``prose_facts``), only those."""
    for item in index.terms.values():
        if quoted and (facts := item.facts) is not None and facts.quoted is not None:
            for path in facts.quoted:
                yield item, path
            continue
        for field_name in ("sources", "perspectives"):  # a perspective cites its source like a citation
            for number, _ in item.entries(field_name):
                yield item, (field_name, number)
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
        if quoted and (facts := item.facts) is not None and facts.quoted is not None:
            for path in facts.quoted:
                yield item, path
            continue
        for number, _ in item.entries("sources"):
            yield item, ("sources", number)
    if index.tactics_intro is not None:
        for number, _ in index.tactics_intro.entries("sources"):
            yield index.tactics_intro, ("sources", number)
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
    registry = next(iter(index.sources.values()), None)
    place = copies_place(root, registry, getattr(options, "stored_copies", None), problems)
    report = CitationReport(lock=read_lock(root, problems))
    with StoredCopies(place, root) as copies:
        if copies.refused and registry is not None:
            refuse_setting(registry, place.setting, copies.why_not, problems)
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
    for item, path in citations(index, quoted=True):  # citations without a quote and a source are passed over
        quote = item.text(*path, "quote")
        source_id = item.text(*path, "source")
        if quote is None or source_id is None or source_id not in index.sources:
            continue
        check = _check_quote(item, path, quote, source_id, index, copies, report, problems)
        if check is None:
            continue
        report.checks.setdefault((source_id, quote), check)
        if check.how == NOT_VERIFIED:
            why = _why_unverified(index.sources[source_id], source_id, report, copies.at_hand, copies.why_not)
            entry = unverified.setdefault((item.doc.path, source_id), [item.at(*path, "quote"), 0, why])
            entry[1] += 1
    return unverified


def _why_unverified(source: Item, source_id: str, report: CitationReport, folder_at_hand: bool, folder_why: str) -> str:
    """Why one source's quotes in a file are unverified; a missing folder is said once elsewhere, not here."""
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
    reason = report.unusable.get(source_id, "")
    if not reason or reason == folder_why:
        return f"{lock}, and the stored copy is not at hand"
    return f"{lock}, and the stored copy is not at hand ({reason})"


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
    if folder_missing and not unverified:  # else the stored-copy-missing warning below says it
        report.note = copies.why_not
    for (file, source_id), (where, count, why) in unverified.items():
        quotes = "1 quote" if count == 1 else f"{count} quotes"
        name = index.sources[source_id].text("file")
        problems.warn(
            file,
            where,
            "quote-unverified",
            f"{quotes} of source '{source_id}' in this file cannot be verified: {why}",
            "give the source its stored copy's file name"
            if name is None
            else _how_to_verify(name, place, folder_missing),
        )
    if folder_missing and unverified:
        registry = next(iter(index.sources.values()), None)
        in_content = place.parts is not None and registry is not None
        problems.warn(
            registry.doc.path if in_content and registry is not None else SOURCES_FILE,
            registry.doc.where(("stored_copies",)) if in_content and registry is not None else (0, 0),
            "stored-copy-missing",
            copies.why_not,
            "create it and put the sources' stored copies in it, or name the folder that holds them with "
            f"{OPTION} DIR or {ENV_VAR}=DIR (over stored_copies in {SOURCES_FILE})",
        )


def _how_to_verify(name: str, place: CopiesPlace, folder_missing: bool) -> str:
    """What to do for one file's unverified quotes. Where the folder itself is missing, the one
    stored-copy-missing warning says where it was looked for: each file's hint does not repeat it."""
    if place.folder is None:
        where = f"a folder named by stored_copies in {SOURCES_FILE}, {ENV_VAR}=DIR or {OPTION} DIR"
    elif folder_missing:
        where = f"the folder {place.shown()} (missing: see the stored-copy-missing warning)"
    else:
        where = f"the folder {place.shown()}"
    return f"to verify, put the stored copy '{name}' in {where}, then run `glossary sources lock`"


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
