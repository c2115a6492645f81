"""The `glossary` command as an editor and CI see it: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.cli import build_parser, main

from .conftest import REPO


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd or REPO, timeout=120
    )


def break_related(project: Path) -> None:
    path = project / "glossary" / "lead.yaml"
    path.write_text(path.read_text().replace("related: [marketing-qualified-lead]", "related: [sq]"))


def test_clean_project_exits_zero(project: Path) -> None:
    result = run("check", str(project), "--today", "2026-02-01", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "checked 3 terms, 2 tactics, 1 table, 1 playbook: 0 errors, 0 warnings" in result.stderr


def test_text_format_names_file_line_column_code_and_fix(project: Path) -> None:
    break_related(project)
    result = run("check", str(project), "--today", "2026-02-01")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "glossary/lead.yaml:7:11: error[unknown-reference]: 'related[0]' refers to term 'sq', which does not "
        "exist; did you mean 'sales-qualified-lead'?; valid: lead, marketing-qualified-lead, sales-qualified-lead"
    ]


def test_github_format_prints_annotations(project: Path) -> None:
    break_related(project)
    result = run("check", str(project), "--format", "github", "--today", "2026-02-01")
    assert result.returncode == 1
    line = next(ln for ln in result.stdout.splitlines() if "unknown-reference" in ln)
    assert line.startswith("::error file=glossary/lead.yaml,line=7,col=11,title=glossary unknown-reference::")
    assert "'sq'" in line


def test_json_format_is_a_list_of_problems(project: Path) -> None:
    break_related(project)
    result = run("check", str(project), "--format", "json", "--today", "2026-02-01")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {
        "path": "glossary/lead.yaml",
        "line": 7,
        "column": 11,
        "severity": "error",
        "code": "unknown-reference",
    }.items() <= problems[0].items()


def test_json_format_of_clean_project_is_empty_list(project: Path) -> None:
    result = run("check", str(project), "--format", "json", "--today", "2026-02-01")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_warnings_fail_only_with_strict(project: Path) -> None:
    path = project / "glossary" / "lead.yaml"
    path.write_text(path.read_text().replace("summary: Someone who showed interest.\n", ""))
    assert run("check", str(project), "--today", "2026-02-01").returncode == 0
    strict = run("check", str(project), "--today", "2026-02-01", "--strict")
    assert strict.returncode == 1
    assert "glossary/lead.yaml:2:7: warning[missing-summary]" in strict.stdout


def test_review_age_uses_the_clock_passed_in(project: Path) -> None:
    fresh = run("check", str(project), "--today", "2026-06-01", "--strict")
    stale = run("check", str(project), "--today", "2027-06-01", "--strict")
    assert fresh.returncode == 0
    assert stale.returncode == 1
    assert "warning[stale-review]: term 'lead' was last reviewed 507 days ago (2026-01-10)" in stale.stdout
    shorter = run("check", str(project), "--today", "2026-06-01", "--max-review-age", "30", "--strict")
    assert "stale-review" in shorter.stdout


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "missing")).returncode == 2
    no_glossary = run("check", str(tmp_path))
    assert no_glossary.returncode == 2
    assert "has no glossary/ folder" in no_glossary.stderr
    assert run("check", "--format", "xml").returncode == 2
    assert run("check", "--today", "yesterday").returncode == 2
    assert run("frobnicate").returncode == 2


def test_a_new_term_fails_check_strict_until_its_placeholders_are_replaced(project: Path) -> None:
    # linked and cited, a scaffolded term passed --strict with its TODO text (`make site` runs it)
    assert run("new", "term", "Pipeline", "--project", str(project)).returncode == 0
    term = project / "glossary" / "pipeline.yaml"
    term.write_text(term.read_text() + "sources: [{source: seed-a}]\n")
    lead = project / "glossary" / "lead.yaml"
    lead.write_text(lead.read_text().replace("related: [marketing-qualified-lead]", "related: [pipeline]"))
    args = ("check", str(project), "--strict", "--format", "json", "--today", "2026-02-01")

    scaffolded = run(*args)
    assert scaffolded.returncode == 1
    problems = json.loads(scaffolded.stdout)
    assert [(p["code"], p["severity"], p["line"]) for p in problems] == [
        ("placeholder", "warning", 7),
        ("placeholder", "warning", 9),
    ]
    assert run("check", str(project), "--today", "2026-02-01").returncode == 0  # a warning: fatal with --strict

    written = term.read_text().replace("TODO: one plain sentence saying what Pipeline is.", "Deals in progress.")
    term.write_text(written.replace("TODO - define the term in your own words, and cite its sources below.", "Deals."))
    assert run(*args).returncode == 0


def test_default_path_is_the_current_directory(project: Path) -> None:
    assert run("check", "--today", "2026-02-01", cwd=project).returncode == 0


def test_console_script_entry_point_is_main() -> None:
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"glossary": "generator.commands.entry:main"}  # which runs cli.main (commands/entry.py)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--help"],
        ["check", "--format", "xml"],
        ["check", "--today", "not-a-day"],
        ["check", ".", "extra"],
        ["check", "--bogus"],
        ["check", "--max-review-age", "many"],
    ],
)
def test_check_only_command_line_answers_as_the_full_one(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The entry point parses ``check`` with check.py's subcommands alone (commands/entry.py): help,
    refused arguments and their exit codes are what the full command line gives."""
    result = run(*args, cwd=tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(args)
    full = capsys.readouterr()
    assert (result.returncode, result.stdout, result.stderr) == (exited.value.code, full.out, full.err)


def _subcommands() -> dict:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_has_help_text(command: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: glossary {command}")
    assert len(out.splitlines()) > 4
    assert build_parser().format_help().count(command) >= 1


def test_build_never_publishes_scaffold_placeholders(project: Path, tmp_path: Path) -> None:
    """`glossary build` without `check --strict` before it (a project made by `init`, no CI) once
    published the TODO text silently; the placeholder stops a build, whatever the other warnings."""
    from generator.core.problems import ContentError
    from generator.site.build import generate_docs

    assert run("new", "term", "Pipeline", "--project", str(project)).returncode == 0
    with pytest.raises(ContentError) as refused:
        generate_docs(project, tmp_path / "docs")
    assert {(p.code, p.severity.value) for p in refused.value.problems} == {("placeholder", "error")}
    assert not (tmp_path / "docs").exists()


def test_a_reader_who_stops_reading_gets_no_error(project: Path) -> None:
    """`glossary classify --list | head -1`: the reader closed the pipe, which is no failure of the glossary. It said
    "glossary: error: cannot write or read: Broken pipe"; now it says nothing and exits as a shell reports SIGPIPE."""
    command = [sys.executable, "-m", "generator", "classify", "--list", "--project", str(project)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    process.stdout.close()  # closed before the command writes: its first write meets a closed pipe
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert (process.wait(timeout=120), errors) == (141, "")
