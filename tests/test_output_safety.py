"""Content printed by any command stays data: one line per value, no workflow command, no markup.

In CI a line that starts with '::' is a GitHub Actions workflow command, so a newline
inside a term name must never start one; a PR comment built from a name must not gain
a link, an image, HTML, a heading, a table or an @mention.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from .conftest import FIXTURES

#: Line breaks, each followed by a workflow command. (Content with a carriage return, U+2028 or a
#: bidi override does not pass `glossary check`: the `broken` fixture quotes those in problems.)
NAME = "Prospect](javascript:alert(1)) [x ::error::pwned"  # a name with a line break is refused (multi-line-name)
SUMMARY = "<img src=x onerror=alert(1)> @octocat\n# Heading\n| a | b |\n::set-env name=A::b\n::warning::sep evil"
DEFINITION = "Bad [link](https://evil.example/) @octocat <img src=x onerror=alert(3)>\n\n# Heading\n\n| a | b |"
#: What one_line escapes: no command may see one of them raw (a newline is ours only).
RAW_HIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
OUR_ANNOTATION = re.compile(r"::(error|warning) file=[^\s:,]*(,line=\d+,col=\d+)?,title=glossary [a-z-]+::")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def assert_plain_lines(output: str, annotations: int = 0) -> None:
    """No hidden character, and no line a CI runner would take for a command but our own annotations."""
    assert not RAW_HIDDEN.search(output), repr(output)
    commands = [line for line in output.splitlines() if line.lstrip().startswith("::")]
    assert len(commands) == annotations, commands
    assert all(OUR_ANNOTATION.match(line) for line in commands), commands


def assert_inert_markdown(text: str) -> None:
    """Rendered, the Markdown has no link, image, raw HTML, table or heading from content, and no @mention."""
    html = markdown.markdown(text, extensions=["tables"])
    assert re.findall(r'href="([^"]*)"', html) == []
    assert "<img" not in html and "<table" not in html and "<h1>" not in html
    assert "@octocat" not in text  # GitHub would notify: an '@' gets a zero-width space after it


def write_hostile_term(project: Path) -> None:
    path = project / "glossary" / "lead.yaml"
    text = path.read_text()
    text = text.replace("term: Lead", f"term: {json.dumps(NAME)}")
    text = text.replace("summary: Someone who showed interest.", f"summary: {json.dumps(SUMMARY)}")
    path.write_text(text)


@pytest.fixture
def hostile(project: Path) -> Path:
    """The base fixture, valid, with a term whose name and summary carry line breaks and markup."""
    write_hostile_term(project)
    assert run("check", str(project), "--today", "2026-02-01").returncode == 0
    return project


# --- item 13: every format of `glossary check` ------------------------------------------------------


@pytest.fixture
def broken(project: Path) -> Path:
    """Problems whose messages quote hostile values: a related id, a file name, a field name."""
    path = project / "glossary" / "lead.yaml"
    hostile_ids = json.dumps(["sq\n::error::pwned", "sq\r::set-env name=A::b", "sq\u2028::error::sep"])
    path.write_text(path.read_text().replace("related: [marketing-qualified-lead]", f"related: {hostile_ids}"))
    path.write_text(path.read_text() + '"sumary\\n::error::field": x\n')
    (project / "glossary" / "evil\n::error::file.yaml").write_text("id: evil\nterm: Evil\n")
    return project


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_prints_each_problem_on_one_line(broken: Path, fmt: str) -> None:
    result = run("check", str(broken), "--format", fmt, "--today", "2026-02-01")
    assert result.returncode == 1
    problems = json.loads(run("check", str(broken), "--format", "json", "--today", "2026-02-01").stdout)
    assert len(problems) >= 5
    assert_plain_lines(result.stdout, annotations=len(problems) if fmt == "github" else 0)
    assert_plain_lines(result.stderr)
    if fmt != "json":
        assert len(result.stdout.splitlines()) == len(problems)
        assert "sq\\n::error::pwned" in result.stdout  # shown, escaped
    else:
        assert any("sq\n::error::pwned" in p["message"] for p in json.loads(result.stdout))  # data intact


def test_github_format_keeps_its_percent_escaping(broken: Path) -> None:
    path = broken / "glossary" / "lead.yaml"
    path.write_text(path.read_text().replace("sq\\n::error::pwned", "sq 100%"))
    result = run("check", str(broken), "--format", "github", "--today", "2026-02-01")
    assert "'sq 100%25'" in result.stdout


# --- item 13 and item 6: the other commands that print content --------------------------------------


@pytest.mark.parametrize("fmt", ["url", "md", "html", "embed"])
def test_link_is_one_line_and_escaped_for_its_format(hostile: Path, fmt: str) -> None:
    result = run("link", "lead", "--format", fmt, "--project", str(hostile), "--site-url", "https://g.example/")
    assert result.returncode == 0, result.stderr
    assert_plain_lines(result.stdout)
    assert len(result.stdout.splitlines()) == 1
    if fmt == "md":
        html = markdown.markdown(result.stdout)
        assert html.count("<a ") == 1 and 'href="https://g.example/glossary/lead/"' in html
        assert "javascript" not in re.findall(r'href="([^"]*)"', html)[0]
    if fmt in ("html", "embed"):
        assert "<img" not in result.stdout and "\u202e" not in result.stdout


def test_link_refuses_a_site_url_that_is_not_http(hostile: Path) -> None:
    result = run("link", "lead", "--format", "md", "--project", str(hostile), "--site-url", "javascript:alert(1)//")
    assert result.returncode == 2
    assert "not an http(s) address" in result.stderr and "javascript" not in result.stdout


def test_link_to_an_unknown_hostile_name_errs_on_one_line(hostile: Path) -> None:
    result = run("link", "nope\n::error::pwned", "--project", str(hostile))
    assert result.returncode == 1
    assert_plain_lines(result.stderr)


def test_classify_describes_hostile_tactics_on_plain_lines(project: Path) -> None:
    path = project / "playbooks" / "tactics.yaml"
    text = path.read_text().replace("name: Webinar", f"name: {json.dumps('Webinar ' + NAME)}")
    path.write_text(text.replace("rationale: Registration captures contacts.", f"rationale: {json.dumps(SUMMARY)}"))
    for args in (["webinar"], ["webinar", "--format", "json"], ["--list"]):
        result = run("classify", *args, "--project", str(project))
        assert result.returncode == 0, result.stderr
        assert_plain_lines(result.stdout)


def test_export_md_keeps_names_as_text(hostile: Path) -> None:
    path = hostile / "glossary" / "sales-qualified-lead.yaml"
    path.write_text(
        path.read_text().replace("definition: A lead sales takes on.", f"definition: {json.dumps(DEFINITION)}")
    )
    result = run("export", str(hostile), "--format", "md", "--site-url", "https://g.example/")
    assert result.returncode == 0, result.stderr
    assert_plain_lines(result.stdout)
    terms = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert len(terms) == 3 and "Prospect\\](javascript" in result.stdout, terms
    html = markdown.markdown(result.stdout)  # definitions keep their Markdown, not raw HTML
    assert "<img" not in html and not re.search(r'href="(?!https://)', html)


def test_import_reports_quote_cells_on_one_line(tmp_path: Path) -> None:
    source = tmp_path / "terms.csv"
    source.write_text('term,definition\n"A\n::error::pwned",\n"B\r::set-env name=A::b",Fine.\n', encoding="utf-8")
    result = run("import", "csv", str(source), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "pwned" in result.stdout + result.stderr
    assert_plain_lines(result.stdout)
    assert_plain_lines(result.stderr)


def test_new_term_errors_on_one_line(hostile: Path) -> None:
    result = run("new", "term", NAME, "--project", str(hostile))
    assert result.returncode == 2
    assert "already a name" in result.stderr
    assert_plain_lines(result.stderr)


# --- item 6: `glossary diff` as a pull-request comment ----------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True)


@pytest.fixture
def changed_repo(tmp_path: Path) -> Path:
    """The base fixture committed, then hostile names, summaries and definitions in the working tree."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "base", root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qm", "base")
    write_hostile_term(root)
    path = root / "glossary" / "sales-qualified-lead.yaml"
    path.write_text(
        path.read_text().replace("definition: A lead sales takes on.", f"definition: {json.dumps(DEFINITION)}")
    )
    new = f"id: deal\nterm: {json.dumps('Deal ' + NAME)}\nsummary: {json.dumps(SUMMARY)}\ndefinition: D.\n"
    (root / "glossary" / "deal.yaml").write_text(new)
    tactics = root / "playbooks" / "tactics.yaml"
    tactics.write_text(
        tactics.read_text()
        .replace("name: Webinar", f"name: {json.dumps('Webinar ' + NAME)}")
        .replace(
            "    classification: lead_generation\n    rationale: Reg", "    classification: both\n    rationale: Reg"
        )
    )
    return root


def test_diff_markdown_keeps_every_value_as_text(changed_repo: Path) -> None:
    result = run("diff", "main", "--project", str(changed_repo))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Deal Prospect" in text and "reclassified" in text and "@&#8203;octocat" in text
    assert_plain_lines(text)
    assert_inert_markdown(text)
    ours = ("## Glossary changes", "### Added terms", "### Changed terms", "### Tactics", "#### ")
    assert all(line.startswith(ours) for line in text.splitlines() if line.startswith("#")), text
    assert not [line for line in text.splitlines() if line.startswith("|")]


def test_diff_json_is_plain_lines(changed_repo: Path) -> None:
    result = run("diff", "main", "--format", "json", "--project", str(changed_repo))
    assert result.returncode == 0, result.stderr
    assert_plain_lines(result.stdout)
    assert json.loads(result.stdout)["terms"]["added"][0]["summary"] == SUMMARY  # the data itself is intact
