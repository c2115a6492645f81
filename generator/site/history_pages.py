"""What the site shows of the terms' history (read by interop/history.py): a "History" section on
each term page, the "What changed" page (``/changes/``), its Atom feed (``/changes.xml``) and the
``last_changed`` date of each term in terms.json.

The templates are ``_term_history.md.j2`` (included by term.md.j2), ``_history.html.j2`` (one
change, shared by the term pages, the "What changed" page and the feed's entries) and
``changes.md.j2``. Every text from git or from an old version of a file (commit subjects,
authors, words) is escaped where it is shown: by the templates in the pages, by the XML writer in
the feed.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.clock import ClockError, build_date
from generator.core.config import ProjectConfig
from generator.interop.export import absolute
from generator.interop.history import WINDOW_DAYS, History, Run, TermChange, TermHistory, read_history
from generator.model.glossary import Glossary, Term
from generator.model.urls import site_path
from generator.site.staging import BuildError

#: The "What changed" page and its feed.
CHANGES_PAGE = "changes.md"
CHANGES_FEED = "changes.xml"
#: At most this many changes are listed on /changes/ and in its feed, the newest (a first import of
#: a whole glossary is one change per term: 10,000 entries would make a page and a feed nobody reads).
CHANGES_LISTED = 500
#: Unchanged words kept on each side of a change when a long text is shown ("…" for the rest).
CONTEXT_WORDS = 8
#: Characters XML 1.0 cannot hold (a commit subject may have them): left out of what is shown.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class HistoryView:
    """The history a site shows, and how: ``authors`` names who made each change (off by default)."""

    history: History | None = None
    authors: bool = False
    site_name: str = "Glossary"

    @property
    def known(self) -> bool:
        return self.history is not None and self.history.known

    def of(self, term: Term) -> TermHistory | None:
        """A term's history, or None (unknown, or no commit has the term's file yet)."""
        return self.history.terms.get(term.id) if self.known else None  # type: ignore[union-attr]

    def last_changed(self, term_id: str) -> str | None:
        found = self.history.terms.get(term_id) if self.known else None  # type: ignore[union-attr]
        return found.last_changed.isoformat() if found else None

    @property
    def today(self) -> dt.date:
        return self.history.today if self.history is not None else build_date()


def site_history(project: Path, glossary: Glossary) -> HistoryView:
    """The history of ``project``'s terms for its site, as of the build's date (core/clock.py), with
    the options of its mkdocs.yml (``history_authors``)."""
    try:
        date = build_date()
    except ClockError as error:
        raise BuildError(str(error)) from error
    config = ProjectConfig.read(project)
    site_name = config.get("site_name")
    history = read_history(project, glossary, today=date)
    warn_if_shallow(project, history)
    return HistoryView(
        history,
        authors=config.history_authors,
        site_name=site_name if isinstance(site_name, str) and site_name.strip() else "Glossary",
    )


#: The projects warned about in this process (``glossary serve`` reads the history on every save).
_warned: set[str] = set()


def warn_if_shallow(project: Path, history: History) -> None:
    """One line on stderr when the history is left out because the clone is shallow (actions/checkout's
    default): the site builds all the same, with no History sections and an empty "What changed".

    A line of its own, not a MkDocs warning: ``mkdocs build --strict`` would stop the build for it."""
    key = str(Path(project).resolve())
    if not history.shallow or key in _warned:
        return
    _warned.add(key)
    print(
        "glossary: warning: the site is built without its History and What changed, because the clone is "
        "shallow: fetch its whole history (git fetch --unshallow; in GitHub Actions, actions/checkout "
        "with fetch-depth: 0)",
        file=sys.stderr,
    )


def clean(text: str) -> str:
    """``text`` without the characters XML cannot hold (the pages show what the feed shows)."""
    return _NOT_XML.sub("", text)


def shown_runs(runs: tuple[Run, ...] | None, context: int = CONTEXT_WORDS) -> list[Run]:
    """The runs of a word-level change as shown: unchanged words beyond ``context`` of a change become
    one ("gap", "…") run; removed and added words are all shown."""
    shown: list[Run] = []
    runs = runs or ()
    for index, (kind, text) in enumerate(runs):
        if kind != "same":
            shown.append((kind, clean(text)))
            continue
        words = clean(text).split(" ")
        keep_start = index > 0  # a change before: keep the words right after it
        keep_end = index < len(runs) - 1  # a change after: keep the words right before it
        if len(words) <= context * (keep_start + keep_end) or (not keep_start and not keep_end):
            shown.append((kind, " ".join(words)))
            continue
        if keep_start:
            shown.append((kind, " ".join(words[:context])))
        shown.append(("gap", "…"))
        if keep_end:
            shown.append((kind, " ".join(words[-context:])))
    return shown


def what_changed(change: TermChange) -> str:
    """A change in a few words, for the feed's titles: 'new term', 'summary and definition changed'..."""
    if change.added:
        return "new term"
    fields = [name for name in ("summary", "definition") if getattr(change, name) is not None]
    return " and ".join(fields) + " changed" if fields else "edited"


def template_globals(view: HistoryView) -> dict[str, Any]:
    """What the history templates use: ``history_of(term)``, ``history_authors``, ``shown_runs``, ``clean``."""
    return {
        "history_of": view.of,
        "history_authors": view.authors,
        "shown_runs": shown_runs,
        "clean": clean,
    }


def with_last_changed(document: dict[str, Any], view: HistoryView) -> dict[str, Any]:
    """terms.json's document with each term's ``last_changed`` (ISO date of the last commit that changed
    its file) when the history is known."""
    if not view.known:
        return document
    for record in document["terms"]:
        date = view.last_changed(record["id"])
        if date is not None:
            record["last_changed"] = date
    return document


def changes_context(view: HistoryView, glossary: Glossary) -> dict[str, Any]:
    """What changes.md.j2 shows: the changes of wording of the window, newest first (at most
    :data:`CHANGES_LISTED`, with their terms), and grouped by day (``days``: (date, its entries), newest
    first: a heading each, so the page has a table of contents), how many more there were, and the
    history or why there is none."""
    history = view.history
    recent = history.recent if history is not None and history.known else ()
    found = [(change, glossary.terms[change.term_id]) for change in recent if change.term_id in glossary.terms]
    entries = found[:CHANGES_LISTED]
    days: dict[dt.date, list[tuple[TermChange, Term]]] = {}
    for change, term in entries:  # newest first: the days come newest first too
        days.setdefault(change.commit.date, []).append((change, term))
    return {
        "entries": entries,
        "days": list(days.items()),
        "unlisted": len(found) - len(entries),
        "history": history if view.known else None,
        "reason": history.reason if history is not None else "",
        "window_days": WINDOW_DAYS,
    }


def atom_feed(
    view: HistoryView,
    entries: list[tuple[TermChange, Term]],
    site_url: str | None,
    body: Callable[[TermChange], str],
) -> str:
    """The Atom feed of "What changed" (feedgen writes and escapes the XML): an entry per change of wording.

    Links are absolute with ``site_url``; without it they are relative to the feed, which sits at the
    site's root. Entry ids are stable URNs of (commit, term), so a reader shows each change once.
    """
    from feedgen.feed import FeedGenerator

    root = site_url or ""
    feed = FeedGenerator()
    feed.id(absolute("changes/", root) if site_url else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, view.site_name)}")
    feed.title(clean(f"{view.site_name}: what changed"))
    feed.subtitle(f"Changes to definitions and summaries in the last {WINDOW_DAYS} days")
    feed.author({"name": clean(view.site_name)})
    feed.link(href=absolute("changes/", root), rel="alternate")
    feed.link(href=absolute(CHANGES_FEED, root), rel="self")
    feed.language("en")
    midnight = dt.datetime.combine(view.today, dt.time(), tzinfo=dt.timezone.utc)
    feed.updated(entries[0][0].commit.when if entries else midnight)
    for change, term in entries:
        entry = feed.add_entry(order="append")
        entry.id(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{change.commit.sha}/{term.id}')}")
        entry.title(clean(f"{term.term}: {what_changed(change)}"))
        entry.link(href=absolute(site_path(term), root))
        entry.updated(change.commit.when)
        entry.published(change.commit.when)
        entry.summary(clean(change.commit.subject))
        entry.content(clean(body(change)), type="html")
        if view.authors and change.commit.author:
            entry.author({"name": clean(change.commit.author)})
    return feed.atom_str(pretty=True).decode("utf-8")
