"""The history of each term, read from git in one pass: what the site's term pages and "What changed" show.

Three git processes, whatever the size of the glossary or of its history:

1. one ``git log --raw -z -M`` over ``glossary/`` gives every commit (date, author, subject) with the
   files it added, changed, renamed or deleted and their blob ids before and after;
2. one ``git log --format='%H %cI %P'`` of every commit dates each change by when it reached the main
   line (the first first-parent commit of HEAD containing it): a branch merged today is today's change;
3. one ``git cat-file --batch`` reads the blobs of the versions to compare (only those shown: the
   last :data:`PAGE_ENTRIES` changes of each term and those of the window), each parsed once.

Walking the log from the newest commit, a term owns its file's name and, through ``former_ids``,
its former files' names; git's rename detection (``R``) hands a term its file's older name too,
and a file added where an older one of the term was deleted (a rename too different for git to
see, or split over two commits) continues the older one's history. A name added afresh ends it:
what was there before belonged to something else.

No history (no git, not a repository: a source tarball; a repository without commits; a shallow
clone, whose first commit would claim that every term was added that day) is :class:`History`
with ``reason`` set, never an error. The parsed log is kept per repository and HEAD, so
``glossary serve`` does not read it again on every save.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from generator.content.files import MAX_FILE_BYTES
from generator.content.yaml_reader import parse_document
from generator.interop.diff import word_changes
from generator.interop.reading_text import as_read
from generator.model.glossary import Glossary, Status

#: The folder whose history is read (terms; playbooks have no history section).
TERMS_FOLDER = "glossary"
#: How many of its last changes a term's page shows.
PAGE_ENTRIES = 5
#: The window of "What changed": changes of the last this many days, the build's date included.
WINDOW_DAYS = 90
#: Fields compared word by word; a change to either is a change of wording ("What changed", the feed).
WORDED = ("summary", "definition")
#: Fields not listed as "other fields changed": the id is the rename, the worded and the status are shown.
_NOT_LISTED = frozenset({"id", "summary", "definition", "status"})
_NO_BLOB = "0" * 40
#: A run of words: ("same" | "removed" | "added", the words).
Run = tuple[str, str]


@dataclass(frozen=True)
class Commit:
    sha: str
    #: When the change reached the main line: the committer's date of the first commit of HEAD's
    #: first-parent chain that contains it (a commit of the main line: its own), with its UTC offset.
    when: dt.datetime
    author: str
    subject: str
    #: The commit's own committer date, when it differs from ``when`` (a commit merged from a branch).
    committed: dt.datetime | None = None

    @property
    def date(self) -> dt.date:
        return self.when.date()


@dataclass(frozen=True)
class FileChange:
    """One line of ``git log --raw``: a file added (A), modified (M), deleted (D), renamed (R)..."""

    status: str
    path: str  #: the file after the commit (before it, for a deletion)
    old_path: str | None  #: a renamed file's name before the commit
    old_blob: str | None  #: None: the file did not exist before
    new_blob: str | None  #: None: the file does not exist after


@dataclass(frozen=True)
class TermChange:
    """One commit's change to one term, compared with the term's version before it."""

    term_id: str
    commit: Commit
    added: bool = False
    #: The id the term had before this commit, when the commit renamed it.
    renamed_from: str | None = None
    #: Runs of words (:func:`generator.interop.diff.word_changes`) when the field changed, else None.
    summary: tuple[Run, ...] | None = None
    definition: tuple[Run, ...] | None = None
    #: (before, after) when the status changed.
    status: tuple[str, str] | None = None
    #: The other top-level fields whose values changed, in the file's order.
    other_fields: tuple[str, ...] = ()

    @property
    def rewords(self) -> bool:
        """A change of wording: the summary or the definition changed (a new term's are new)."""
        return self.summary is not None or self.definition is not None


@dataclass(frozen=True)
class TermHistory:
    changes: tuple[TermChange, ...]  #: the last :data:`PAGE_ENTRIES`, newest first
    total: int  #: every commit that changed the term's file (under any of its names)
    last_changed: dt.date

    @property
    def earlier(self) -> int:
        return self.total - len(self.changes)


@dataclass(frozen=True)
class History:
    """The history of a glossary's terms, or why there is none (``reason``)."""

    today: dt.date
    #: The window's first day ("What changed" shows the changes from it to ``today``).
    since: dt.date
    terms: Mapping[str, TermHistory] = field(default_factory=lambda: MappingProxyType({}))
    #: The changes of wording in the window, newest first, across terms.
    recent: tuple[TermChange, ...] = ()
    reason: str = ""

    @property
    def known(self) -> bool:
        return not self.reason

    @property
    def shallow(self) -> bool:
        """No history because the clone is shallow: a build warns, as the fix is the build's setup."""
        return self.reason == SHALLOW


#: Why a shallow clone has no history (``glossary build`` warns with it: see :attr:`History.shallow`).
SHALLOW = (
    "the repository is a shallow clone, whose oldest commit would look like the start of every term: "
    "clone it with its whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)"
)


class _GitFailed(Exception):
    """git could not run or refused: the history is left out, with this reason."""


def _git(project: Path, *args: str, input: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-C", str(project), "-c", "log.showSignature=false", *args], input=input, capture_output=True
        )
    except OSError:
        raise _GitFailed("git is not installed") from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(said[0] if said else f"git {args[0]} failed")
    return result.stdout


def repository_state(project: Path) -> tuple[str, str]:
    """(the repository's folder, HEAD's commit), or :class:`_GitFailed` with the reason there is no history."""
    try:
        lines = _git(project, "rev-parse", "--is-shallow-repository", "--show-toplevel", "HEAD").decode().split("\n")
    except _GitFailed as error:
        said = str(error)
        if "not a git repository" in said:
            raise _GitFailed("the project is not in a git repository (a source archive, say)") from None
        if "unknown revision" in said or "ambiguous argument 'HEAD'" in said:
            raise _GitFailed("the repository has no commits yet") from None
        raise
    if lines[0] == "true":
        raise _GitFailed(SHALLOW)
    return lines[1], lines[2]


#: The log's line per commit: a separator, the commit, the committer's date, the author (as .mailmap
#: names them), the subject; none holds a newline (git joins a subject's lines).
_FORMAT = "%x1e%H%n%cI%n%aN%n%s"


def read_log(project: Path) -> tuple[tuple[Commit, tuple[FileChange, ...]], ...]:
    """Every commit that changed a file in ``glossary/``, newest first, with its files: one git process."""
    out = _git(
        project, "log", "-z", "--raw", "--no-abbrev", "-M", "--date-order", "--relative", f"--format={_FORMAT}",
        "--end-of-options", "HEAD", "--", TERMS_FOLDER,
    )  # fmt: skip
    return parse_log(out)


def landing_dates(project: Path) -> dict[str, dt.datetime]:
    """Commit -> when it reached the main line: one ``git log`` of every commit of HEAD (no path limit).

    HEAD's first-parent chain is walked oldest first; each of its commits claims, with its own
    committer date, itself and every ancestor no earlier one claimed (each commit is visited once).
    A branch commit made in August and merged in December is dated by the merge.
    """
    out = _git(project, "log", "--format=%H %cI %P", "--end-of-options", "HEAD", "--")
    return parse_landing(out)


def parse_landing(out: bytes) -> dict[str, dt.datetime]:
    """``git log --format='%H %cI %P'`` output as commit -> landing date (see :func:`landing_dates`)."""
    parents: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    head = None
    for line in out.decode("ascii", "replace").splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        head = head or fields[0]
        dates[fields[0]], parents[fields[0]] = fields[1], fields[2:]
    main: list[str] = []
    sha = head
    while sha is not None and sha in parents:
        main.append(sha)
        sha = parents[sha][0] if parents[sha] else None
    landed: dict[str, dt.datetime] = {}
    for mainline in reversed(main):
        try:
            when = dt.datetime.fromisoformat(dates[mainline])
        except ValueError:
            continue
        stack = [mainline]
        while stack:
            sha = stack.pop()
            if sha in landed or sha not in parents:
                continue
            landed[sha] = when
            stack += [p for p in parents[sha] if p not in landed]
    return landed


def land(
    log: tuple[tuple[Commit, tuple[FileChange, ...]], ...], landed: Mapping[str, dt.datetime]
) -> tuple[tuple[Commit, tuple[FileChange, ...]], ...]:
    """The log with each commit dated by when it reached the main line, newest first.

    The order stays git's where landing dates tie (the commits of one merge), and stays topological:
    an ancestor never lands after its descendant.
    """
    dated = []
    for commit, changes in log:
        when = landed.get(commit.sha)
        if when is not None and when != commit.when:
            commit = Commit(commit.sha, when, commit.author, commit.subject, committed=commit.when)
        dated.append((commit, changes))
    dated.sort(key=lambda pair: -pair[0].when.timestamp())  # stable: ties keep git's order
    return tuple(dated)


def parse_log(out: bytes) -> tuple[tuple[Commit, tuple[FileChange, ...]], ...]:
    """``git log -z --raw --format=_FORMAT`` output as (commit, its file changes) pairs.

    With ``-z`` every field ends in NUL and paths come verbatim: a header, then for each file its
    ``:modes blobs status`` field and one path (two for a rename or copy).
    """
    commits: list[tuple[Commit, tuple[FileChange, ...]]] = []
    current: Commit | None = None
    changes: list[FileChange] = []
    tokens = out.split(b"\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if token.startswith(b"\x1e"):
            if current is not None:
                commits.append((current, tuple(changes)))
            sha, when, author, subject = (token[1:].decode("utf-8", "replace").split("\n", 3) + ["", "", ""])[:4]
            try:
                current, changes = Commit(sha, dt.datetime.fromisoformat(when), author, subject), []
            except ValueError:  # not what the format writes: this commit is left out
                current, changes = None, []
        elif token.startswith(b":") and current is not None:
            meta = token[1:].decode("ascii", "replace").split()
            if len(meta) < 5:
                continue
            old_blob, new_blob, status = meta[2], meta[3], meta[4][:1]
            paths = 2 if status in ("R", "C") else 1
            names = [os.fsdecode(name) for name in tokens[index : index + paths]]
            index += paths
            if len(names) < paths:
                break
            changes.append(
                FileChange(
                    status,
                    names[-1],
                    names[0] if paths == 2 else None,
                    None if old_blob == _NO_BLOB else old_blob,
                    None if new_blob == _NO_BLOB else new_blob,
                )
            )
    if current is not None:
        commits.append((current, tuple(changes)))
    return tuple(commits)


@dataclass
class _Event:
    commit: Commit
    path: str
    old_blob: str | None
    new_blob: str | None
    renamed_from: str | None = None


def term_events(
    log: Iterable[tuple[Commit, tuple[FileChange, ...]]], terms: Mapping[str, tuple[str, Iterable[str]]]
) -> dict[str, list[_Event]]:
    """Term id -> the commits that changed its file, newest first (see the module docstring).

    ``terms``: id -> (its file's path, its former ids).
    """
    owner: dict[str, str] = {path: term_id for term_id, (path, _) in terms.items()}
    for term_id, (_, former_ids) in terms.items():
        for former in former_ids:
            owner.setdefault(f"{TERMS_FOLDER}/{former}.yaml", term_id)
    events: dict[str, list[_Event]] = {}
    for commit, changes in log:
        this_commit: dict[str, _Event] = {}
        deleted: dict[str, FileChange] = {}
        for change in changes:
            if change.status == "D":
                term_id = owner.get(change.path)
                if term_id is not None:
                    deleted.setdefault(term_id, change)
                continue
            term_id = owner.get(change.path)
            if term_id is None or term_id in this_commit:
                continue
            event = _Event(commit, change.path, change.old_blob, change.new_blob)
            if change.status in ("A", "R", "C"):
                del owner[change.path]  # before this commit, a file of that name was something else's
            if change.old_path is not None and change.status == "R":
                owner.setdefault(change.old_path, term_id)
                event.renamed_from = change.old_path
            this_commit[term_id] = event
        for term_id, change in deleted.items():  # a file of the term deleted as another of it appeared
            event = this_commit.get(term_id)
            if event is not None and event.old_blob is None:
                event.old_blob, event.renamed_from = change.old_blob, change.path
        for term_id, event in this_commit.items():
            events.setdefault(term_id, []).append(event)
    for term_events_ in events.values():  # an addition after an older version continues it
        for newer, older in zip(term_events_, term_events_[1:], strict=False):
            if newer.old_blob is None:
                newer.old_blob = older.new_blob
                if older.path != newer.path:
                    newer.renamed_from = older.path
    return events


#: The log of the last project folder and HEAD read (one entry: a serve session's project).
_logs: dict[tuple[str, str], tuple] = {}
#: Blob id -> its parsed mapping (None: not a mapping, not readable); blobs never change.
_blobs: dict[str, dict[str, Any] | None] = {}
_MAX_BLOBS_KEPT = 200_000


def read_blobs(project: Path, blob_ids: Iterable[str]) -> None:
    """Parse the blobs not read yet into :data:`_blobs`: one ``git cat-file --batch`` for them all."""
    wanted = sorted({b for b in blob_ids if b and b not in _blobs})
    if not wanted:
        return
    if len(_blobs) + len(wanted) > _MAX_BLOBS_KEPT:
        _blobs.clear()
    out = _git(project, "cat-file", "--batch", input="".join(f"{b}\n" for b in wanted).encode())
    position = 0
    for blob_id in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":  # "<id> missing": a grafted or partial clone
            _blobs[blob_id] = None
            continue
        size = int(header[2])
        content = out[position : position + size]
        position += size + 1
        _blobs[blob_id] = _fields(content) if size <= MAX_FILE_BYTES else None


def _fields(content: bytes) -> dict[str, Any] | None:
    """A version of a term file as its top-level mapping, or None (not YAML, not a mapping)."""
    try:
        data = parse_document(content.decode("utf-8"))[0]
    except Exception:  # an old version may be anything: it is left out, never an error
        return None
    return data if isinstance(data, dict) else None


def _text(data: dict[str, Any] | None, name: str) -> str | None:
    value = (data or {}).get(name)
    return value if isinstance(value, str) else None


def compare(term_id: str, event: _Event, read: Callable[[str], str] = str) -> TermChange:
    """What one commit changed in a term: word runs for its summary and definition, its status, other fields.

    The summary and definition are compared as ``read`` turns them into what a reader sees (the site
    passes :func:`generator.interop.reading_text.as_read`): a change of their Markdown alone (emphasis,
    a link's target) is no change of wording, and is listed as "<field> (formatting only)".
    """
    old = _blobs.get(event.old_blob) if event.old_blob else None
    new = _blobs.get(event.new_blob) if event.new_blob else None
    added = event.old_blob is None
    worded: dict[str, tuple[Run, ...] | None] = {}
    formatting: list[str] = []
    for name in WORDED:
        before, after = _text(old, name), _text(new, name)
        read_before = read(before) if before is not None else None
        read_after = read(after) if after is not None else None
        changed = (after is not None) if added else (read_before != read_after and new is not None and old is not None)
        worded[name] = tuple(word_changes(read_before, read_after)) if changed else None
        if not added and not changed and before != after and new is not None and old is not None:
            formatting.append(f"{name} (formatting only)")
    status = None
    others: tuple[str, ...] = ()
    if old is not None and new is not None:
        default = Status.APPROVED.value
        before_status, after_status = str(old.get("status", default)), str(new.get("status", default))
        status = (before_status, after_status) if before_status != after_status else None
        names = list(dict.fromkeys([*new, *old]))
        others = (*formatting, *(n for n in names if n not in _NOT_LISTED and old.get(n) != new.get(n)))
    renamed = PurePosixPath(event.renamed_from).stem if event.renamed_from else None
    return TermChange(
        term_id,
        event.commit,
        added=added,
        renamed_from=renamed if renamed != term_id else None,
        summary=worded["summary"],
        definition=worded["definition"],
        status=status,
        other_fields=tuple(str(n) for n in others),
    )


def read_history(
    project: Path, glossary: Glossary, *, today: dt.date, entries: int = PAGE_ENTRIES, days: int = WINDOW_DAYS
) -> History:
    """The history of every term of ``glossary`` (see the module docstring): at most ``entries`` changes
    per term, and every change of wording of the ``days`` up to ``today`` (inclusive), newest first."""
    project = Path(project)
    since = today - dt.timedelta(days=days - 1)
    try:
        key = (str(project.resolve()), repository_state(project)[1])  # the log is the project folder's
        log = _logs.get(key)
        if log is None:
            log = land(read_log(project), landing_dates(project))
            _logs.clear()
            _logs[key] = log
        terms = {t.id: (t.path, t.former_ids) for t in glossary.terms.values()}
        events = term_events(log, terms)
        chosen = {
            term_id: [e for i, e in enumerate(found) if i < entries or since <= e.commit.date <= today]
            for term_id, found in events.items()
        }
        read_blobs(project, (b for found in chosen.values() for e in found for b in (e.old_blob, e.new_blob) if b))
    except _GitFailed as error:
        return History(today, since, reason=str(error))
    histories: dict[str, TermHistory] = {}
    recent: list[TermChange] = []
    read_cache: dict[str, str] = {}

    def read(markdown: str) -> str:  # a text unchanged over many versions is read once
        found = read_cache.get(markdown)
        if found is None:
            found = read_cache[markdown] = as_read(markdown, glossary.lookup)
        return found

    for term_id, found in chosen.items():
        compared = [compare(term_id, event, read) for event in found]
        histories[term_id] = TermHistory(
            tuple(compared[:entries]), len(events[term_id]), events[term_id][0].commit.date
        )
        recent += [c for c in compared if c.rewords and since <= c.commit.date <= today]
    recent.sort(key=lambda c: (-c.commit.when.timestamp(), c.term_id))
    ordered = {term_id: histories[term_id] for term_id in glossary.terms if term_id in histories}
    return History(today, since, MappingProxyType(ordered), tuple(recent))
