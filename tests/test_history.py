"""The terms' history from git (interop/history.py, site/history_pages.py): each term page's History
section, "What changed" (/changes/), its Atom feed (/changes.xml) and terms.json's ``last_changed``.

Every repository here is made in tmp_path with real commits at fixed dates, and every build runs on
the injected clock (GLOSSARY_TODAY = conftest's TODAY): nothing depends on the machine's date.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import CheckOptions
from generator.interop.history import read_history, term_events
from generator.site.build import build_site

from .conftest import REPO, TODAY, unsafe_html

pytest.importorskip("feedparser")
import feedparser  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"
AUTHOR = "Ann Author"
#: Git without the machine's settings (a global commit.gpgsign, a template...): only the repository's own.
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(GIT_ENV)
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T10:00:00+00:00"
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, subject: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, date=date)


def term_file(
    term_id: str, name: str, summary: str, definition: str, *, former_ids: tuple[str, ...] = (), status: str = ""
) -> str:
    """A term's YAML; every value written as a JSON string, which YAML reads as it is."""
    lines = [
        f"id: {term_id}",
        f"term: {json.dumps(name)}",
        "category: leads",
        f"summary: {json.dumps(summary)}",
        f"definition: {json.dumps(definition)}",
        "sources:",
        "  - source: team",
    ]
    if former_ids:
        lines.append(f"former_ids: [{', '.join(former_ids)}]")
    if status:
        lines += [f"status: {status}", "superseded_by: lead"]
    return "\n".join(lines) + "\n"


def write(project: Path, name: str, text: str) -> None:
    path = project / "glossary" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def new_project(root: Path) -> Path:
    """A project (the repository's templates and mkdocs.yml) in a new git repository with nothing committed."""
    root.mkdir(parents=True)
    (root / "playbooks").mkdir()
    shutil.copytree(REPO / "site_config", root / "site_config")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    write(root, "_categories.yaml", "categories:\n  - id: leads\n    name: Leads\n")
    write(root, "_sources.yaml", "sources:\n  - id: team\n    title: The team's agreement\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", AUTHOR)
    git(root, "config", "user.email", "ann@example.com")
    git(root, "config", "commit.gpgsign", "false")
    return root


MQL_SUMMARY = "A lead marketing hands to sales."
MQL_DEFINITION = "A lead that reached the score threshold."


def make_history(root: Path) -> Path:
    """The story the tests read: a term added, its summary reworded, its definition reworded, then renamed
    (git mv, new id, the old one kept in former_ids); another term deprecated; a change after the build's
    date; and a term not committed at all. TODAY is 2026-02-01: the window starts on 2025-11-04."""
    project = new_project(root)
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone who showed interest.", "A person who asked."))
    write(project, "old-score.yaml", term_file("old-score", "Old score", "A retired score.", "The score of old."))
    commit(project, "Start the glossary", "2025-09-01")  # before the window
    write(project, "mql.yaml", term_file("mql", "Marketing qualified lead", MQL_SUMMARY, MQL_DEFINITION))
    commit(project, "Add MQL", "2025-12-01")
    write(
        project,
        "mql.yaml",
        term_file("mql", "Marketing qualified lead", MQL_SUMMARY.replace("hands", "passes"), MQL_DEFINITION),
    )
    commit(project, "Reword the MQL summary", "2025-12-10")
    definition = "A lead whose score reached the agreed threshold."
    summary = MQL_SUMMARY.replace("hands", "passes")
    write(project, "mql.yaml", term_file("mql", "Marketing qualified lead", summary, definition))
    commit(project, "Sharpen the MQL definition", "2026-01-05")
    git(project, "mv", "glossary/mql.yaml", "glossary/marketing-qualified-lead.yaml")
    write(
        project,
        "marketing-qualified-lead.yaml",
        term_file("marketing-qualified-lead", "Marketing qualified lead", summary, definition, former_ids=("mql",)),
    )
    commit(project, "Rename mql to marketing-qualified-lead", "2026-01-10")
    write(
        project,
        "old-score.yaml",
        term_file("old-score", "Old score", "A retired score.", "The score of old.", status="deprecated"),
    )
    commit(project, "Deprecate the old score", "2026-01-20")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone who showed real interest.", "A person who asked."))
    commit(project, "Reword lead after the build's date", "2026-03-01")
    write(project, "draft.yaml", term_file("draft", "Draft term", "Not committed yet.", "Only in the working tree."))
    return project


def build(project: Path, monkeypatch: pytest.MonkeyPatch, site: str = "site") -> Path:
    monkeypatch.setenv("GLOSSARY_TODAY", TODAY.isoformat())
    return build_site(project, project / site, options=CheckOptions()).site_dir


def history_entries(page_html: str) -> list[str]:
    """The History section's entries of a built term page, in order (each one's HTML)."""
    found = re.search(r'<div class="glossary-history" data-search-exclude>(.*?)\n</div>', page_html, re.S)
    assert found, "the page has no History section"
    return found.group(1).split('<li class="glossary-change">')[1:]


#: An entry's first line: (a term link on /changes/), the date, the commit's subject, (the author).
HEAD = re.compile(
    r'<p class="glossary-change-head">(?:<a [^>]*>[^<]*</a> · )?<time datetime="([\d-]+)">[^<]*</time> · (.*?)</p>'
)


def head(entry: str) -> tuple[str, str]:
    """(date, subject and author as shown) of an entry."""
    return HEAD.search(entry).groups()


def changes_entries(page_html: str) -> list[str]:
    """The entries of /changes/, in order, across its days."""
    days = re.findall(r'<div class="glossary-changes" data-search-exclude>(.*?)\n</div>', page_html, re.S)
    return [entry for day in days for entry in day.split('<li class="glossary-change">')[1:]]


def changes_days(page_html: str) -> list[tuple[str, int]]:
    """/changes/'s day headings, in order, each with how many entries follow it."""
    found = re.findall(
        r'<h2 id="([^"]*)">([^<]*)<.*?</h2>\s*<div class="glossary-changes"[^>]*>(.*?)\n</div>', page_html, re.S
    )
    return [(text, day.count('<li class="glossary-change">')) for _, text, day in found]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_history(tmp_path_factory.mktemp("history") / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        build(project, monkeypatch)
    return project


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


# --- term pages ---------------------------------------------------------------------------------------------


def test_a_term_page_lists_its_changes_newest_first_with_the_words_changed_and_its_rename(story: Path) -> None:
    entries = history_entries(page(story / "site", "glossary/marketing-qualified-lead/index.html"))
    assert [head(entry) for entry in entries] == [
        ("2026-01-10", "Rename mql to marketing-qualified-lead"),
        ("2026-01-05", "Sharpen the MQL definition"),
        ("2025-12-10", "Reword the MQL summary"),
        ("2025-12-01", "Add MQL"),
    ]
    renamed, definition, summary, added = entries
    assert "Renamed from <code>mql</code>." in renamed
    assert "Summary:" not in renamed and "Definition:" not in renamed  # the rename changed no wording
    assert (
        "<strong>Definition:</strong> A lead <del>that</del> <ins>whose score</ins> "
        "reached the <del>score</del> <ins>agreed</ins> threshold.</p>"
    ) in definition
    assert "Summary:" not in definition
    assert ("<strong>Summary:</strong> A lead marketing <del>hands</del> <ins>passes</ins> to sales.</p>") in summary
    assert "New term." in added and MQL_SUMMARY not in added  # its first text: on /changes/ and in the feed


def test_a_deprecation_shows_as_a_status_change_on_its_page(story: Path) -> None:
    entries = history_entries(page(story / "site", "glossary/old-score/index.html"))
    assert len(entries) == 2
    assert "Deprecate the old score" in entries[0]
    assert "Status: approved → <strong>deprecated</strong>" in entries[0]
    assert "<del>" not in entries[0] and "<ins>" not in entries[0]


def test_authors_are_not_named_unless_the_configuration_asks(story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = story / "site"
    for path in ("glossary/marketing-qualified-lead/index.html", "changes/index.html", "changes.xml"):
        assert AUTHOR not in page(site, path), path
    config = (story / "mkdocs.yml").read_text(encoding="utf-8")
    with_authors = config.replace("      currency: USD\n", "      currency: USD\n      history_authors: true\n")
    assert with_authors != config
    (story / "mkdocs.yml").write_text(with_authors, encoding="utf-8")
    try:
        site = build(story, monkeypatch, "site-authors")  # plain MkDocs refuses an option our plugin does not declare
    finally:
        (story / "mkdocs.yml").write_text(config, encoding="utf-8")
    entries = history_entries(page(site, "glossary/marketing-qualified-lead/index.html"))
    assert [head(entry)[1].rpartition(" · ")[2] for entry in entries] == [AUTHOR] * 4
    feed = feedparser.parse(page(site, "changes.xml"))
    assert [entry.author for entry in feed.entries] == [AUTHOR] * 3


def test_a_term_not_committed_yet_has_no_history(story: Path) -> None:
    assert 'class="glossary-history"' not in page(story / "site", "glossary/draft/index.html")


# --- What changed and its feed ----------------------------------------------------------------------------


def test_what_changed_lists_the_changes_of_wording_in_the_window_newest_first(story: Path) -> None:
    """Not the rename, the deprecation (no wording changed), the first commit (before the window) nor the
    change dated after the build's clock."""
    html = page(story / "site", "changes/index.html")
    entries = changes_entries(html)
    assert [head(entry)[1] for entry in entries] == [
        "Sharpen the MQL definition",
        "Reword the MQL summary",
        "Add MQL",
    ]
    assert all('<a href="../glossary/marketing-qualified-lead/">Marketing qualified lead</a>' in e for e in entries)
    assert "<del>hands</del> <ins>passes</ins>" in entries[1]
    assert "New term." in entries[2] and f"<strong>Summary:</strong> <ins>{MQL_SUMMARY}</ins>" in entries[2]
    assert f"<strong>Definition:</strong> <ins>{MQL_DEFINITION}</ins>" in entries[2]
    assert "in the 90 days up to 2026-02-01" in html
    # a heading per day, newest first, each in the page's table of contents
    assert changes_days(html) == [("2026-01-05", 1), ("2025-12-10", 1), ("2025-12-01", 1)]
    assert all(f'<a href="#{day}" class="md-nav__link">' in html for day in ("2026-01-05", "2025-12-10", "2025-12-01"))
    assert 'href="../changes.xml"' in html  # the feed, linked from the page
    assert 'type="application/atom+xml"' in html  # and announced in the head


def test_the_feed_is_valid_atom_with_one_entry_per_change_of_wording(story: Path) -> None:
    xml = page(story / "site", "changes.xml")
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [
        "Marketing qualified lead: definition changed",
        "Marketing qualified lead: summary changed",
        "Marketing qualified lead: new term",
    ]
    assert [entry.link for entry in feed.entries] == [
        "https://glossary.example.com/glossary/marketing-qualified-lead/"
    ] * 3
    assert [entry.summary for entry in feed.entries] == [
        "Sharpen the MQL definition",
        "Reword the MQL summary",
        "Add MQL",
    ]
    assert len({entry.id for entry in feed.entries}) == 3
    assert "<del>hands</del> <ins>passes</ins>" in feed.entries[1].content[0].value
    assert f"<ins>{MQL_DEFINITION}</ins>" in feed.entries[2].content[0].value  # a new term's text, for trainers
    assert feed.feed.updated.startswith("2026-01-05")  # the newest entry, not the machine's clock


def test_terms_json_has_the_date_each_term_last_changed(story: Path) -> None:
    from jsonschema import Draft202012Validator

    from generator.content.schema import load_schema

    document = json.loads(page(story / "site", "terms.json"))
    validator = Draft202012Validator(load_schema("terms-export"), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(document)] == []  # a field its schema declares
    terms = {t["id"]: t for t in document["terms"]}
    assert terms["marketing-qualified-lead"]["last_changed"] == "2026-01-10"
    assert terms["old-score"]["last_changed"] == "2026-01-20"
    assert terms["lead"]["last_changed"] == "2026-03-01"
    assert "last_changed" not in terms["draft"]


# --- merges: a change is dated by when it reached the main line ----------------------------------------------


def test_a_branch_commit_merged_later_is_dated_by_its_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made on a branch on 2025-08-01 (before the window), merged with a merge commit on 2026-01-25: the
    change reached readers that day, so /changes/, the feed and last_changed say 2026-01-25."""
    project = new_project(tmp_path / "p")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone who showed interest.", "A person who asked."))
    commit(project, "Start the glossary", "2025-07-01")
    git(project, "checkout", "-q", "-b", "reword")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone who showed real interest.", "A person who asked."))
    commit(project, "Reword lead on a branch", "2025-08-01")
    git(project, "checkout", "-q", "main")
    write(project, "_categories.yaml", "categories:\n  - id: leads\n    name: Leads and more\n")
    commit(project, "Rename the category", "2025-09-01")  # the main line moved on: a real merge
    git(project, "merge", "-q", "--no-ff", "-m", "Merge the reworded lead", "reword", date="2026-01-25")
    site = build(project, monkeypatch)

    entries = changes_entries(page(site, "changes/index.html"))
    assert [head(entry) for entry in entries] == [("2026-01-25", "Reword lead on a branch")]
    assert "<ins>real</ins>" in entries[0]
    feed = feedparser.parse(page(site, "changes.xml"))
    assert [entry.summary for entry in feed.entries] == ["Reword lead on a branch"]
    assert feed.entries[0].updated.startswith("2026-01-25")
    (lead,) = json.loads(page(site, "terms.json"))["terms"]
    assert lead["last_changed"] == "2026-01-25"
    history = history_entries(page(site, "glossary/lead/index.html"))
    assert [head(entry) for entry in history] == [
        ("2026-01-25", "Reword lead on a branch"),
        ("2025-07-01", "Start the glossary"),
    ]


def test_landing_dates_walk_the_first_parent_chain_oldest_first() -> None:
    """A commit on the main line keeps its date; a branch's commits take their merge's; a commit reached
    by two merges takes the first's."""
    from generator.interop.history import parse_landing

    log = (
        b"m3 2026-01-30T00:00:00+00:00 m2 b2\n"  # merges b2 (whose b1 m2 already brought)
        b"b2 2025-06-02T00:00:00+00:00 b1\n"
        b"m2 2026-01-20T00:00:00+00:00 m1 b1\n"  # merges b1
        b"b1 2025-06-01T00:00:00+00:00 m1\n"
        b"m1 2025-05-01T00:00:00+00:00\n"
    )
    landed = {sha: when.date().isoformat() for sha, when in parse_landing(log).items()}
    assert landed == {
        "m1": "2025-05-01",
        "b1": "2026-01-20",
        "m2": "2026-01-20",
        "b2": "2026-01-30",
        "m3": "2026-01-30",
    }


# --- the words as a reader sees them -------------------------------------------------------------------------


def test_changes_compare_the_text_as_read_not_its_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bold added around a word is no change of wording; a [[link]] reads as its label or the term's name,
    a list's markers are left out."""
    project = new_project(tmp_path / "p")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone.", "A person who asked."))
    write(project, "mql.yaml", term_file("mql", "MQL", "Handed over.", "A lead that reached the score threshold."))
    commit(project, "Add the terms", "2026-01-02")
    write(project, "mql.yaml", term_file("mql", "MQL", "Handed over.", "A lead that reached the **score** threshold."))
    commit(project, "Bold the score", "2026-01-03")
    linked = "- A [[lead]] that reached the **score** threshold.\n- Handed to [[lead|the _sales_ team]]."
    write(project, "mql.yaml", term_file("mql", "MQL", "Handed over.", linked))
    commit(project, "Link the lead", "2026-01-04")
    site = build(project, monkeypatch)

    entries = history_entries(page(site, "glossary/mql/index.html"))
    assert [head(entry)[1] for entry in entries] == ["Link the lead", "Bold the score", "Add the terms"]
    link, bold, _ = entries
    assert "<ins>Handed to the sales team.</ins>" in link
    assert "<strong>Definition:</strong> A lead that reached the score threshold. <ins>" in link
    assert "[[" not in link and "**" not in link and "- " not in link and "_sales_" not in link
    assert "<ins>" not in bold and "<del>" not in bold and "Definition:" not in bold
    assert "Also changed: definition (formatting only)" in bold
    changes = changes_entries(page(site, "changes/index.html"))
    assert [head(entry)[1] for entry in changes] == ["Link the lead", "Add the terms", "Add the terms"]
    assert changes_days(page(site, "changes/index.html")) == [("2026-01-04", 1), ("2026-01-02", 2)]


@pytest.mark.parametrize(
    ("markdown", "read"),
    [
        ("A **bold** and _em_ word, snake_case and 5 * 3.", "A bold and em word, snake_case and 5 * 3."),
        ("See [[mql|the MQL]] and [[unknown]]s.", "See the MQL and unknowns."),
        (
            '# Heading #\n\n- one *item*\n1. first\n> [link](https://x.example "t") ![img](a.png)',
            "Heading\n\none item\nfirst\nlink img",
        ),
        (
            "Escaped \\*star\\* and `**code**` and ~~gone~~ <https://a.example>",
            "Escaped *star* and **code** and gone https://a.example",
        ),
    ],
)
def test_as_read_reads_markdown_as_plain_words(markdown: str, read: str) -> None:
    from generator.interop.reading_text import as_read

    assert as_read(markdown, lambda name: None) == read


# --- renames, in the history itself ---------------------------------------------------------------------------


def test_git_rename_detection_follows_a_renamed_file_without_former_ids(tmp_path: Path) -> None:
    from generator import load_project

    project = new_project(tmp_path / "p")
    write(project, "mql.yaml", term_file("mql", "MQL", "Handed over.", "A lead handed over to sales by marketing."))
    commit(project, "Add MQL", "2026-01-01")
    git(project, "mv", "glossary/mql.yaml", "glossary/qualified.yaml")
    write(
        project,
        "qualified.yaml",
        term_file("qualified", "MQL", "Handed over.", "A lead handed over to sales by marketing."),
    )
    commit(project, "Rename", "2026-01-02")
    history = read_history(project, load_project(project).require(), today=TODAY)
    changes = history.terms["qualified"].changes
    assert [c.commit.subject for c in changes] == ["Rename", "Add MQL"]
    assert changes[0].renamed_from == "mql" and changes[1].added


def test_former_ids_continue_a_history_git_cannot_see_as_a_rename(tmp_path: Path) -> None:
    """The old file deleted in one commit, the new one (rewritten) added in the next: no R in git's log."""
    from generator import load_project

    project = new_project(tmp_path / "p")
    write(project, "mql.yaml", term_file("mql", "MQL", "Handed over.", "A lead handed over."))
    commit(project, "Add MQL", "2026-01-01")
    write(project, "mql.yaml", term_file("mql", "MQL", "Passed on.", "A lead handed over."))
    commit(project, "Reword", "2026-01-02")
    git(project, "rm", "-q", "glossary/mql.yaml")
    commit(project, "Remove mql", "2026-01-03")
    text = term_file("lead-passed", "Passed lead", "Passed on.", "Rewritten whole, so git sees no rename at all.")
    write(project, "lead-passed.yaml", text.replace("id: lead-passed\n", "id: lead-passed\nformer_ids: [mql]\n"))
    commit(project, "Add lead-passed", "2026-01-04")
    history = read_history(project, load_project(project).require(), today=TODAY)
    changes = history.terms["lead-passed"].changes
    assert [c.commit.subject for c in changes] == ["Add lead-passed", "Reword", "Add MQL"]
    assert changes[0].renamed_from == "mql" and not changes[0].added  # compared with mql's last version
    assert changes[0].summary is None  # unchanged from mql's last summary
    assert ("added", "Rewritten whole, so git sees no rename at all.") in changes[0].definition


def test_a_name_added_afresh_ends_the_history_of_what_had_that_name_before() -> None:
    """A term whose file name an older, deleted term had: the older one's commits are not its history."""
    import datetime as dt

    from generator.interop.history import Commit, FileChange

    def at(day: int, subject: str) -> Commit:
        return Commit(f"{day:040d}", dt.datetime(2026, 1, day, tzinfo=dt.timezone.utc), "A", subject)

    log = [
        (at(5, "New lead"), (FileChange("A", "glossary/lead.yaml", None, None, "b" * 40),)),
        (at(3, "Remove old lead"), (FileChange("D", "glossary/lead.yaml", None, "a" * 40, None),)),
        (at(1, "Old lead"), (FileChange("A", "glossary/lead.yaml", None, None, "a" * 40),)),
    ]
    events = term_events(log, {"lead": ("glossary/lead.yaml", ())})
    assert [e.commit.subject for e in events["lead"]] == ["New lead"]


def test_projects_in_folders_of_one_repository_each_read_their_own_history(tmp_path: Path) -> None:
    """Paths are the project folder's (git log --relative), and the log kept per HEAD is kept per project too."""
    from generator import load_project

    repository = tmp_path / "repository"
    repository.mkdir()
    git(repository, "init", "-q", "-b", "main")
    git(repository, "config", "user.name", AUTHOR)
    git(repository, "config", "user.email", "ann@example.com")
    projects = {}
    for name, summary in (("sales", "Sales words."), ("marketing", "Marketing words.")):
        project = repository / "teams" / name
        project.mkdir(parents=True)
        write(project, "_categories.yaml", "categories:\n  - id: leads\n    name: Leads\n")
        write(project, "_sources.yaml", "sources:\n  - id: team\n    title: The team's agreement\n")
        write(project, "lead.yaml", term_file("lead", "Lead", summary, "A person who asked."))
        projects[name] = project
    commit(repository, "Both teams' glossaries", "2026-01-01")
    write(projects["sales"], "lead.yaml", term_file("lead", "Lead", "Sales words, reworded.", "A person who asked."))
    commit(repository, "Sales rewords its lead", "2026-01-02")
    seen = {
        name: [c.commit.subject for c in read_history(p, load_project(p).require(), today=TODAY).terms["lead"].changes]
        for name, p in projects.items()
    }
    assert seen == {
        "sales": ["Sales rewords its lead", "Both teams' glossaries"],
        "marketing": ["Both teams' glossaries"],
    }


# --- no history: no error -------------------------------------------------------------------------------------


def test_a_project_outside_git_builds_without_history_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = new_project(tmp_path / "tarball")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone who showed interest.", "A person who asked."))
    shutil.rmtree(project / ".git")  # a source archive
    site = build(project, monkeypatch)
    assert "glossary-history" not in page(site, "glossary/lead/index.html")
    assert ">History<" not in page(site, "glossary/lead/index.html")
    changes = page(site, "changes/index.html")
    assert "This build has no history of the glossary (the project is not in a git repository" in changes
    assert changes_entries(changes) == []
    feed = feedparser.parse(page(site, "changes.xml"))
    assert not feed.bozo and feed.entries == []
    assert all("last_changed" not in t for t in json.loads(page(site, "terms.json"))["terms"])


def test_a_shallow_clone_has_no_history(tmp_path: Path) -> None:
    """Its oldest commit would say every term was added that day: the history is left out instead."""
    from generator import load_project

    project = new_project(tmp_path / "p")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone.", "A person."))
    commit(project, "One", "2026-01-01")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone who asked.", "A person."))
    commit(project, "Two", "2026-01-02")
    full = read_history(project, load_project(project).require(), today=TODAY)
    assert full.known and full.terms["lead"].total == 2
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], env=GIT_ENV, check=True)
    history = read_history(clone, load_project(clone).require(), today=TODAY)
    assert not history.known and "shallow clone" in history.reason and not history.terms


def test_building_a_shallow_clone_warns_once_how_to_get_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """actions/checkout clones with depth 1 by default: the site builds, and says on one line why it has no
    History and how to fix it."""
    project = new_project(tmp_path / "p")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone.", "A person."))
    commit(project, "One", "2026-01-01")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone who asked.", "A person."))
    commit(project, "Two", "2026-01-02")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], env=GIT_ENV, check=True)
    (clone / "playbooks").mkdir()  # empty: not in git
    capsys.readouterr()
    site = build(clone, monkeypatch)
    warnings = [line for line in capsys.readouterr().err.splitlines() if "shallow" in line]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("glossary: warning:") and "fetch-depth: 0" in warnings[0]
    assert "shallow clone" in page(site, "changes/index.html")
    build(project, monkeypatch)  # the full repository: no warning
    assert "shallow" not in capsys.readouterr().err


# --- hostile text -----------------------------------------------------------------------------------------------

HOSTILE_SUBJECT = '<script>alert("subject")</script> <img src=x onerror=alert(1)> ]]> & "Q" \x1b[31m'
HOSTILE_OLD = '<script>alert("old")</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>'


def test_hostile_commit_subjects_and_definitions_are_escaped_in_page_feed_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old version's definition need not pass today's checks: its words are shown as text all the same."""
    project = new_project(tmp_path / "p")
    write(project, "lead.yaml", term_file("lead", "Lead <b>x</b>", "Interest <i>shown</i>.", HOSTILE_OLD))
    commit(project, "Add lead", "2026-01-01")
    write(project, "lead.yaml", term_file("lead", "Lead <b>x</b>", "Interest <i>shown</i>.", "A person who asked."))
    commit(project, HOSTILE_SUBJECT, "2026-01-02")
    site = build(project, monkeypatch)

    term_page = page(site, "glossary/lead/index.html")
    changes = page(site, "changes/index.html")
    for html in (term_page, changes):
        assert unsafe_html(html[html.index("<article") : html.index("</article>")]) == []
        assert "&lt;script&gt;alert(&#34;subject&#34;)&lt;/script&gt;" in html
        assert "<del>&lt;script&gt;alert(&#34;old&#34;)&lt;/script&gt;" in html
        assert "\x1b" not in html
    assert len(history_entries(term_page)) == 2 and len(changes_entries(changes)) == 2

    xml = page(site, "changes.xml")
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.get("bozo_exception")
    entries = ET.fromstring(xml).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Lead <b>x</b>: definition changed",
        "Lead <b>x</b>: new term",
    ]
    assert entries[0].find(f"{ATOM}summary").text == HOSTILE_SUBJECT.replace("\x1b", "")  # text, not markup
    content = entries[1].find(f"{ATOM}content")
    assert content.get("type") == "html" and unsafe_html(content.text) == []
    assert "&lt;script&gt;alert(&#34;old&#34;)&lt;/script&gt;" in content.text

    document = json.loads(page(site, "terms.json"))
    (lead,) = document["terms"]
    assert lead["last_changed"] == "2026-01-02"
    assert unsafe_html(lead["definition"]) == []  # plain-text fields (the name) are data, not HTML


# --- the build's clock ------------------------------------------------------------------------------------------


def test_the_clock_is_read_from_glossary_today_and_a_bad_value_stops_the_build_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from generator import load_project
    from generator.core.clock import build_date
    from generator.site.history_pages import site_history
    from generator.site.staging import BuildError

    monkeypatch.setenv("GLOSSARY_TODAY", "2025-03-04")
    assert build_date() == dt.date(2025, 3, 4)
    project = new_project(tmp_path / "p")
    write(project, "lead.yaml", term_file("lead", "Lead", "Someone.", "A person."))
    commit(project, "One", "2025-03-01")
    view = site_history(project, load_project(project).require())
    assert (view.history.today, view.history.since) == (dt.date(2025, 3, 4), dt.date(2024, 12, 5))
    monkeypatch.setenv("GLOSSARY_TODAY", "04/03/2025")
    with pytest.raises(BuildError, match=r"GLOSSARY_TODAY='04/03/2025' is not a date: write it as YYYY-MM-DD"):
        site_history(project, load_project(project).require())
