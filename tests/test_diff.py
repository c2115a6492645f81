"""`glossary diff` on a real git repository: rename, edit, delete, add, reclassify."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.interop.diff import word_diff

from .conftest import FIXTURES

EXTRA_TERM = """id: pipeline
term: Pipeline
summary: Open opportunities.
definition: All open deals, in order.
related: [lead]
sources: [{source: seed-a}]
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def glossary(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--project", str(repo)], capture_output=True, text=True
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose main branch holds the base fixture plus one extra term."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root)
    (root / "glossary" / "pipeline.yaml").write_text(EXTRA_TERM)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "user.name", "Test")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "change")
    return root


def make_changes(root: Path) -> None:
    g = root / "glossary"
    # rename: marketing-qualified-lead -> mql-stage, keeping the old id as a former id
    old = g / "marketing-qualified-lead.yaml"
    text = old.read_text().replace("id: marketing-qualified-lead", "id: mql-stage")
    text = text.replace("former_ids: [mql-old]", "former_ids: [mql-old, marketing-qualified-lead]")
    text = text.replace("summary: A lead marketing hands to sales.", "summary: A lead marketing passes to sales.")
    (g / "mql-stage.yaml").write_text(text)
    old.unlink()
    # references follow the new id ([[marketing-qualified-lead]] in a definition still resolves: former id)
    edit(g / "lead.yaml", "related: [marketing-qualified-lead]", "related: [mql-stage]")
    edit(g / "sales-qualified-lead.yaml", "stage_after: marketing-qualified-lead", "stage_after: mql-stage")
    edit(root / "playbooks" / "webinar-play.yaml", "term: marketing-qualified-lead", "term: mql-stage")
    # edit: a definition reworded, an alias added
    edit(
        g / "lead.yaml",
        "definition: A person who showed interest.",
        "definition: A person or company who showed real interest.",
    )  # noqa: E501
    edit(g / "lead.yaml", "forms: [leads]", "forms: [leads]\naliases: [prospect lead]")
    # delete, and add
    (g / "pipeline.yaml").unlink()
    (g / "deal.yaml").write_text("id: deal\nterm: Deal\nsummary: A won opportunity.\ndefinition: A signed contract.\n")
    # a tactic reclassified, with a new dispute
    edit(
        root / "playbooks" / "tactics.yaml",
        "    classification: lead_generation\n    rationale: Registration",
        "    classification: both\n    rationale: Registration",
    )  # noqa: E501
    edit(
        root / "playbooks" / "tactics.yaml",
        "    terms: [lead]",
        "    terms: [lead]\n    disputed:\n"
        "      - {source: seed-b, classification: demand_generation, note: B says demand.}",
    )


def test_diff_reports_what_the_change_means(repo: Path) -> None:
    make_changes(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    assert glossary(repo, "check").returncode == 0  # the change itself is valid content
    result = glossary(repo, "diff", "--format", "json")
    assert result.returncode == 0, result.stderr
    diff = json.loads(result.stdout)
    assert diff["base"] == git(repo, "rev-parse", "main").strip()  # default: the merge base with main
    terms = diff["terms"]
    assert [t["id"] for t in terms["added"]] == ["deal"]
    assert [t["id"] for t in terms["removed"]] == ["pipeline"]
    assert terms["renamed"] == [{"old": "marketing-qualified-lead", "new": "mql-stage"}]
    changed = {t["id"]: t["changes"] for t in terms["changed"]}
    words = changed["lead"]["definition"]["words"]
    assert words == r"A person **or company** who showed **real** interest. See \[\[marketing-qualified-lead\]\]."
    assert changed["lead"]["aliases"] == {"added": ["prospect lead"], "removed": []}
    assert changed["mql-stage"]["summary"]["words"] == "A lead marketing ~~hands~~ **passes** to sales."
    assert "related" not in changed["lead"], "a reference that only follows the rename is not a change"
    assert "sales-qualified-lead" not in changed
    tactics = diff["tactics"]
    assert tactics["reclassified"] == [{"id": "webinar", "name": "Webinar", "old": "lead_generation", "new": "both"}]
    assert tactics["disputes"] == [
        {"tactic": "webinar", "source": "seed-b", "classification": "demand_generation", "change": "new"}
    ]


def test_diff_markdown_is_a_pull_request_comment(repo: Path) -> None:
    make_changes(repo)  # uncommitted: the working tree is compared
    result = glossary(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("## Glossary changes (compared with `main`)")
    assert "### Added terms (1)\n\n- **Deal** (`deal`): A won opportunity." in text
    assert "### Removed terms (1)" in text and "**Pipeline** (`pipeline`)" in text
    assert "- `marketing-qualified-lead` → `mql-stage` (the old URL redirects)" in text
    assert "#### Lead (`lead`)" in text
    assert "- definition: A person **or company** who showed **real** interest. See" in text
    assert "- reclassified **Webinar**: lead_generation → **both**" in text
    assert "- new dispute on `webinar`: source `seed-b` says demand_generation" in text


def test_no_change_says_so(repo: Path) -> None:
    result = glossary(repo, "diff")
    assert result.returncode == 0
    assert "No change to terms, tactics or playbooks." in result.stdout


def test_an_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = glossary(repo, "diff", "no-such-branch")
    assert result.returncode == 2
    assert "git:" in result.stderr and "no-such-branch" in result.stderr


def test_word_diff() -> None:
    assert word_diff("a b c", "a x c") == "a ~~b~~ **x** c"
    assert word_diff(None, "new text") == "**new text**"
    assert word_diff("same", "same") == "same"


def test_links_made_before_a_rename_still_resolve(repo: Path) -> None:
    before = glossary(repo, "link", "marketing-qualified-lead", "--site-url", "https://g.example/")
    assert before.stdout.strip() == "https://g.example/glossary/marketing-qualified-lead/"
    make_changes(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "rename")
    after = glossary(repo, "link", "marketing-qualified-lead", "--site-url", "https://g.example/")
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip() == "https://g.example/glossary/mql-stage/"
    deleted = glossary(repo, "link", "pipeline")
    assert deleted.returncode == 1 and "no term is called 'pipeline'" in deleted.stderr


def test_without_git_the_error_says_so(repo: Path) -> None:
    import os

    env = dict(os.environ, PATH=str(Path(sys.executable).parent))  # the venv's tools, no git
    result = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--project", str(repo)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert "cannot run git" in result.stderr and "Traceback" not in result.stderr


def test_a_committed_non_ascii_file_name_is_read(repo: Path) -> None:
    """Without -z git quotes the name ("glossary/caf\\303\\251.yaml") and `git show` cannot find it."""
    from generator.checks.records import CheckOptions
    from generator.interop.diff import load_at_revision

    text = EXTRA_TERM.replace("pipeline", "cafe").replace("Pipeline", "Café")
    (repo / "glossary" / "café.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "café")
    old = load_at_revision(repo, "HEAD", CheckOptions())
    assert [p.code for p in old.problems if p.path == "glossary/café.yaml"] == ["id-mismatch"]
    git(repo, "mv", "glossary/café.yaml", "glossary/cafe.yaml")
    result = glossary(repo, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "the content at HEAD has 1 error;" in result.stderr


def test_a_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    """ls-tree names paths from the folder it runs in unless told --full-tree."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root / "docs" / "glossary-site")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qm", "base")
    project = root / "docs" / "glossary-site"
    (project / "glossary" / "pipeline.yaml").write_text(EXTRA_TERM)
    result = glossary(project, "diff", "HEAD", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [t["id"] for t in json.loads(result.stdout)["terms"]["added"]] == ["pipeline"]


@pytest.mark.parametrize("revision", ["--output=OUT", "-p", "--full-tree"])
def test_a_revision_is_never_read_as_an_option(repo: Path, revision: str) -> None:
    out = repo.parent / "out"
    argv = ["diff", "--project", str(repo), "--", revision.replace("OUT", str(out))]
    result = subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True, text=True)
    assert result.returncode == 2
    assert "is not a revision" in result.stderr
    assert not out.exists()


def test_every_git_call_ends_options_before_a_revision(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.checks.records import CheckOptions
    from generator.interop import diff

    calls: list[list[str]] = []
    real_run = subprocess.run

    def spy(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        calls.append(argv)
        return real_run(argv, **kwargs)

    monkeypatch.setattr(diff.subprocess, "run", spy)
    diff.load_at_revision(repo, diff.default_base(repo), CheckOptions())
    with_revisions = [argv for argv in calls if argv[3] in ("merge-base", "ls-tree", "show")]
    assert {argv[3] for argv in with_revisions} == {"merge-base", "ls-tree", "show"}
    assert all("--end-of-options" in argv for argv in with_revisions)


def test_a_crafted_tree_entry_cannot_lead_the_diff_out_of_its_folder(repo: Path, tmp_path: Path) -> None:
    """git stores a tree entry named '..' when asked to (and fetches one unchecked by default); the
    diff once wrote glossary/../../x.yaml of such a commit outside its temporary folder."""

    def mktree(lines: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), "mktree"], input=lines, capture_output=True, text=True, check=True
        ).stdout.strip()

    blob = subprocess.run(
        ["git", "-C", str(repo), "hash-object", "-w", "--stdin"], input="id: x\n", capture_output=True, text=True
    ).stdout.strip()
    escape = f"pwned-{tmp_path.name}.yaml"
    inner = mktree(f"100644 blob {blob}\t{escape}\n")
    up = mktree(f"040000 tree {inner}\t..\n")
    terms = mktree(git(repo, "ls-tree", "HEAD:glossary") + f"040000 tree {up}\t..\n")
    top = "".join(line + "\n" for line in git(repo, "ls-tree", "HEAD").splitlines() if not line.endswith("\tglossary"))
    root = mktree(top + f"040000 tree {terms}\tglossary\n")
    commit = git(repo, "commit-tree", root, "-p", "HEAD", "-m", "crafted").strip()
    result = glossary(repo, "diff", commit)
    assert result.returncode in (0, 1), result.stderr
    assert not list(Path(tempfile.gettempdir()).glob(escape)), "a file was written outside the diff's folder"
