"""``glossary diff``: what a change means for the glossary, for a pull request's reviewers.

Loads the content at a git revision (default: the merge base with main) and in the
working tree, both through the normal pipeline, and compares the two models: terms
added, removed and renamed (the old id kept under ``former_ids``), changed fields with
a word-level diff of summaries and definitions, tactics whose classification changed,
and new or dropped disputes. Rendered as Markdown for a PR comment, or as JSON.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.checks.records import CheckOptions
from generator.core.text import code_span as _code
from generator.core.text import markdown_text
from generator.core.text import markdown_text as _name
from generator.model.glossary import Glossary, Tactic, Term
from generator.pipeline import LoadResult, load_project

CONTENT_FOLDERS = ("glossary", "playbooks")
#: Fields compared as text with a word-level diff.
WORDED = ("summary", "definition")
#: Fields compared as single values.
SCALARS = ("term", "abbreviation", "category", "broader", "status", "superseded_by", "owner")
#: Fields compared as sets of ids or names.
LISTS = ("aliases", "related", "former_ids")


class DiffError(Exception):
    """git could not give the content at the revision."""


def git_bytes(project: Path, *args: str) -> bytes:
    """git's output, or :class:`DiffError` with git's own message (or why git could not run)."""
    try:
        result = subprocess.run(["git", "-C", str(project), *args], capture_output=True)
    except OSError as error:
        raise DiffError(f"cannot run git ({error.strerror})") from None
    if result.returncode != 0:
        raise DiffError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def git(project: Path, *args: str) -> str:
    return git_bytes(project, *args).decode("utf-8")


def check_revision(revision: str) -> str:
    """``revision``, or :class:`DiffError` if git could read it as an option.

    Every git call also passes ``--end-of-options`` before it; refusing a leading '-'
    first keeps the message plain and guards any call that would not honour it.
    """
    if not revision or revision.startswith("-"):
        raise DiffError(f"'{revision}' is not a revision")
    return revision


def default_base(project: Path) -> str:
    """The merge base with main (or origin/main, or master); HEAD when none exists."""
    for branch in ("main", "origin/main", "master", "origin/master"):
        try:
            return git(project, "merge-base", "--end-of-options", "HEAD", branch).strip()
        except DiffError:
            continue
    return "HEAD"


def project_prefix(project: Path) -> str:
    """The project's folder inside its repository, as git names paths ("" or "docs/glossary-site/")."""
    root = os.fsdecode(git_bytes(project, "rev-parse", "--show-toplevel").rstrip(b"\n"))
    prefix = Path(project).resolve().relative_to(Path(root).resolve()).as_posix()
    return "" if prefix == "." else prefix + "/"


def content_paths_at(project: Path, revision: str, prefix: str) -> list[str]:
    """Paths (from the repository's root) of the content files at ``revision``.

    ``-z`` gives each name as it is (without it git quotes a non-ASCII name, as
    ``"glossary/caf\\303\\251.yaml"``); ``--full-tree`` makes the pathspecs and the
    names relative to the root, whatever folder the command runs in.
    """
    listing = git_bytes(
        project, "ls-tree", "-r", "-z", "--name-only", "--full-tree", "--end-of-options", revision,
        "--", *(prefix + folder for folder in CONTENT_FOLDERS),
    )  # fmt: skip
    return [os.fsdecode(name) for name in listing.split(b"\0") if name]


def load_at_revision(project: Path, revision: str, options: CheckOptions) -> LoadResult:
    """The project's content as it was at ``revision``, loaded like the working tree."""
    check_revision(revision)
    prefix = project_prefix(project)
    with tempfile.TemporaryDirectory(prefix="glossary-diff-") as tmp:
        for name in content_paths_at(project, revision, prefix):
            relative = name[len(prefix) :]
            if not _is_content_file(relative):
                continue  # deeper files are not content; a crafted tree entry '..' must not lead out of tmp
            target = Path(tmp) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(git_bytes(project, "show", "--end-of-options", f"{revision}:{name}"))
        (Path(tmp) / "glossary").mkdir(exist_ok=True)
        return load_project(tmp, options)


def _is_content_file(relative: str) -> bool:
    """``glossary/x.yaml`` or ``playbooks/x.yaml``: the only files the loader reads (one level deep)."""
    folder, _, name = relative.partition("/")
    return folder in CONTENT_FOLDERS and name not in ("", ".", "..") and "/" not in name and "\\" not in name


def word_changes(old: str | None, new: str | None, word: Callable[[str], str] = str) -> list[tuple[str, str]]:
    """The word-level change from ``old`` to ``new``: runs of words, each ``("same", text)``,
    ``("removed", text)`` or ``("added", text)``, in reading order (a replaced run: removed, then added).

    ``word`` turns each word into its written form before the comparison (:func:`word_diff` escapes
    its Markdown); the words of a run are joined by one space. The engine of ``glossary diff``,
    and of the site's history of each term (interop/history.py).
    """
    before = [word(w) for w in (old or "").split()]
    after = [word(w) for w in (new or "").split()]
    # The words both texts start and end with are the same run, matched before difflib sees the rest: an
    # edit of a few words in a long definition compares those few (a site's history diffs thousands).
    shortest = min(len(before), len(after))
    start = 0
    while start < shortest and before[start] == after[start]:
        start += 1
    end = 0
    while end < shortest - start and before[-1 - end] == after[-1 - end]:
        end += 1
    runs: list[tuple[str, str]] = [("same", " ".join(before[:start]))] if start else []
    middle_before, middle_after = before[start : len(before) - end], after[start : len(after) - end]
    matcher = difflib.SequenceMatcher(a=middle_before, b=middle_after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes() if middle_before and middle_after else ():
        if op == "equal":
            runs.append(("same", " ".join(middle_before[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("removed", " ".join(middle_before[a1:a2])))
        if b2 > b1:
            runs.append(("added", " ".join(middle_after[b1:b2])))
    if not middle_after and middle_before:
        runs.append(("removed", " ".join(middle_before)))
    if not middle_before and middle_after:
        runs.append(("added", " ".join(middle_after)))
    if end:
        runs.append(("same", " ".join(before[len(before) - end :])))
    return runs


def word_diff(old: str | None, new: str | None) -> str:
    """Markdown on one line: unchanged words as they are, ~~removed~~ and **added** runs of words.

    The words are literal text (their Markdown escaped): a definition's link, HTML or
    @mention must not become one in the pull-request comment.
    """
    marks = {"same": "", "removed": "~~", "added": "**"}
    return " ".join(marks[kind] + text + marks[kind] for kind, text in word_changes(old, new, markdown_text))


def _value(term: Term, name: str, renamed: dict[str, str]) -> Any:
    """A field as plain data; ids of renamed terms in their new form, so a rename is not a change."""
    value = getattr(term, name)
    if isinstance(value, Term):
        return renamed.get(value.id, value.id)
    if name == "status":
        return value.value
    if name == "former_ids":
        return list(value)
    if name in LISTS:
        return [renamed.get(v.id, v.id) if isinstance(v, Term) else v for v in value]
    return value


def compare_terms(old: Term, new: Term, renamed: dict[str, str] | None = None) -> dict[str, Any]:
    """Changed fields of one term: words for texts, old/new for values, added/removed for lists."""
    renamed = renamed or {}
    changes: dict[str, Any] = {}
    for name in (*WORDED, *SCALARS, *LISTS):
        before, after = _value(old, name, renamed), _value(new, name, {})
        if name == "former_ids":  # the rename itself is reported as a rename
            before = before + [old_id for old_id, new_id in renamed.items() if new_id == new.id]
        if before == after:
            continue
        if name in WORDED:
            changes[name] = {"old": before, "new": after, "words": word_diff(before, after)}
        elif name in LISTS:
            added, removed = [v for v in after if v not in before], [v for v in before if v not in after]
            changes[name] = {"added": added, "removed": removed}
        else:
            changes[name] = {"old": before, "new": after}
    return changes


def compare_tactics(old: dict[str, Tactic], new: dict[str, Tactic]) -> dict[str, Any]:
    result: dict[str, Any] = {"added": [], "removed": sorted(set(old) - set(new)), "reclassified": [], "disputes": []}
    for tactic_id, tactic in new.items():
        if tactic_id not in old:
            result["added"].append(
                {"id": tactic_id, "name": tactic.name, "classification": tactic.classification.value}
            )
            continue
        before = old[tactic_id]
        if before.classification != tactic.classification:
            result["reclassified"].append(
                {
                    "id": tactic_id,
                    "name": tactic.name,
                    "old": before.classification.value,
                    "new": tactic.classification.value,
                }
            )
        old_disputes = {(d.source.id, d.classification) for d in before.disputes}
        new_disputes = {(d.source.id, d.classification) for d in tactic.disputes}
        for source, classification in sorted(new_disputes - old_disputes):
            result["disputes"].append(
                {"tactic": tactic_id, "source": source, "classification": classification.value, "change": "new"}
            )
        for source, classification in sorted(old_disputes - new_disputes):
            result["disputes"].append(
                {"tactic": tactic_id, "source": source, "classification": classification.value, "change": "dropped"}
            )
    return result


def semantic_diff(old: Glossary, new: Glossary) -> dict[str, Any]:
    """The meaning of a change: see the module docstring."""
    added = [t for t in new.terms if t not in old.terms]
    removed = [t for t in old.terms if t not in new.terms]
    renamed = []
    for old_id in list(removed):
        successor = next((t for t in new.terms.values() if old_id in t.former_ids and t.id in added), None)
        if successor is not None:
            renamed.append({"old": old_id, "new": successor.id})
            removed.remove(old_id)
            added.remove(successor.id)
    pairs = [(i, i) for i in new.terms if i in old.terms] + [(r["old"], r["new"]) for r in renamed]
    renames = {r["old"]: r["new"] for r in renamed}
    changed = []
    for old_id, new_id in pairs:
        changes = compare_terms(old.terms[old_id], new.terms[new_id], renames)
        if changes:
            changed.append({"id": new_id, "term": new.terms[new_id].term, "changes": changes})
    return {
        "terms": {
            "added": [{"id": i, "term": new.terms[i].term, "summary": new.terms[i].summary} for i in added],
            "removed": [{"id": i, "term": old.terms[i].term} for i in removed],
            "renamed": renamed,
            "changed": changed,
        },
        "tactics": compare_tactics(dict(old.tactics), dict(new.tactics)),
        "playbooks": {
            "added": sorted(set(new.playbooks) - set(old.playbooks)),
            "removed": sorted(set(old.playbooks) - set(new.playbooks)),
        },
    }


def is_empty(diff: dict[str, Any]) -> bool:
    t, c, p = diff["terms"], diff["tactics"], diff["playbooks"]
    return not any([*t.values(), c["added"], c["removed"], c["reclassified"], c["disputes"], *p.values()])


def _label(value: Any) -> str:
    if value in (None, "", []):
        return "(none)"
    return _code(str(value)) if not isinstance(value, list) else ", ".join(_code(str(v)) for v in value)


def to_markdown(diff: dict[str, Any], base: str) -> str:
    """A pull-request comment: headings only for what changed.

    Every value from the content is literal text on one line (:func:`markdown_text`) or a
    code span: a name cannot add a link, an image, a heading, a table or an @mention.
    """
    lines = [f"## Glossary changes (compared with {_code(base[:12])})", ""]
    if is_empty(diff):
        return "\n".join(lines + ["No change to terms, tactics or playbooks.", ""])
    terms, tactics = diff["terms"], diff["tactics"]
    if terms["added"]:
        lines += [f"### Added terms ({len(terms['added'])})", ""]
        lines += [
            f"- **{_name(t['term'])}** ({_code(t['id'])})" + (f": {_name(t['summary'])}" if t["summary"] else "")
            for t in terms["added"]
        ]
        lines.append("")
    if terms["removed"]:
        lines += [f"### Removed terms ({len(terms['removed'])})", ""]
        lines += [
            f"- **{_name(t['term'])}** ({_code(t['id'])}): its URL stops working unless another term lists it "
            "under `former_ids`"
            for t in terms["removed"]
        ]
        lines.append("")
    if terms["renamed"]:
        lines += [f"### Renamed terms ({len(terms['renamed'])})", ""]
        lines += [f"- {_code(r['old'])} → {_code(r['new'])} (the old URL redirects)" for r in terms["renamed"]]
        lines.append("")
    if terms["changed"]:
        lines += [f"### Changed terms ({len(terms['changed'])})", ""]
        for term in terms["changed"]:
            lines.append(f"#### {_name(term['term'])} ({_code(term['id'])})")
            lines.append("")
            for name, change in term["changes"].items():
                if "words" in change:
                    lines.append(f"- {name}: {change['words']}")
                elif "added" in change:
                    parts = [
                        f"added {_label(change['added'])}" if change["added"] else "",
                        f"removed {_label(change['removed'])}" if change["removed"] else "",
                    ]
                    lines.append(f"- {name}: " + "; ".join(p for p in parts if p))
                else:
                    lines.append(f"- {name}: {_label(change['old'])} → {_label(change['new'])}")
            lines.append("")
    if any(tactics[k] for k in ("added", "removed", "reclassified", "disputes")):
        lines += ["### Tactics", ""]
        lines += [
            f"- reclassified **{_name(t['name'])}**: {t['old']} → **{t['new']}**" for t in tactics["reclassified"]
        ]
        lines += [f"- new tactic **{_name(t['name'])}**: {t['classification']}" for t in tactics["added"]]
        lines += [f"- removed tactic {_code(t)}" for t in tactics["removed"]]
        lines += [
            f"- {d['change']} dispute on {_code(d['tactic'])}: source {_code(d['source'])} says {d['classification']}"
            for d in tactics["disputes"]
        ]
        lines.append("")
    playbooks = diff["playbooks"]
    if playbooks["added"] or playbooks["removed"]:
        lines += ["### Playbooks", ""]
        lines += [f"- added {_code(p)}" for p in playbooks["added"]]
        lines += [f"- removed {_code(p)}" for p in playbooks["removed"]]
        lines.append("")
    return "\n".join(lines)
