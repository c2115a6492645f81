"""Checkable citations (issue 17): every quote stands in its source's stored copy.

Each test gives tests/fixtures/base a stored copies folder and a registry naming it, then quotes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checks.quotes import ENV_VAR, MAX_QUOTE_WORDS, normalize_quote
from generator.commands.cli import main

from .conftest import TODAY, check

COPY = """Source A, a made-up article.

A lead is someone who   left a way to reach them: a name, an email address, a phone number.
Marketing “qualifies” a lead before sales calls — or so the article says… at length.
Demand generation makes people aware of the problem long before they fill in a form.

Table 1
WebinarSEO*
"""

REGISTRY = """stored_copies: {folder}
sources:
  - id: seed-a
    title: Source A
    file: a.txt
  - id: seed-b
    title: Source B
  - id: team
    title: Our own decisions
    editorial: true
"""


def with_copies(project: Path, folder: str = "copies", text: str = COPY) -> Path:
    (project / "copies").mkdir(exist_ok=True)
    (project / "copies" / "a.txt").write_text(text, encoding="utf-8")
    (project / "glossary" / "_sources.yaml").write_text(REGISTRY.format(folder=folder), encoding="utf-8")
    return project


def cite_in_lead(project: Path, *citations: str) -> None:
    """Replace lead.yaml's sources with ``citations`` (YAML flow mappings, one per line)."""
    path = project / "glossary" / "lead.yaml"
    text = path.read_text()
    if "sources:\n  - source: seed-a\n" in text:
        text = text.replace("sources:\n  - source: seed-a\n", "")
    else:  # cited before: the citations are last
        text = text[: text.index("\nsources:\n") + 1]
    path.write_text(text + "sources:\n" + "".join(f"  - {c}\n" for c in citations))


def problems(project: Path) -> list:
    return [p for p in check(project).problems if p.code.startswith(("quote-", "stored-copy-"))]


def line_of(project: Path, relative: str, needle: str) -> int:
    lines = (project / relative).read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_normalising_forgives_spacing_typographic_quotes_dashes_ellipses_and_case() -> None:
    assert normalize_quote("  “Qualifies”\u00a0a  LEAD\n— it’s so…") == '"qualifies" a lead - it\'s so...'
    assert normalize_quote("a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h") == "a-b-c-d-e-f-g-h"


def test_an_exact_quote_and_a_differently_typed_one_are_found(project: Path) -> None:
    with_copies(project)
    cite_in_lead(
        project,
        '{source: seed-a, quote: "A lead is someone who left a way to reach them"}',
        "{source: seed-a, quote: 'marketing \"qualifies\"  a lead before sales calls - or so the article says...'}",
    )
    assert problems(project) == []
    assert check(project).require(strict=True).terms["lead"].sources[1].quote.startswith("marketing")


def test_a_changed_word_is_reported_at_the_quote_with_the_closest_passage(project: Path) -> None:
    with_copies(project)
    cite_in_lead(
        project, "source: seed-a", '{source: seed-a, quote: "Marketing qualifies a prospect before sales calls"}'
    )
    [problem] = problems(project)
    assert problem.is_error and problem.code == "quote-not-found"
    assert (problem.path, problem.line) == ("glossary/lead.yaml", line_of(project, "glossary/lead.yaml", "prospect"))
    assert "'seed-a'" in problem.message and "a.txt" in problem.message
    assert 'closest passage in a.txt: "Marketing “qualifies” a lead before sales calls' in problem.hint
    assert "\n" not in problem.as_text()


def test_a_quote_without_a_stored_copy_is_a_warning_that_fails_the_strict_check(project: Path) -> None:
    with_copies(project)
    cite_in_lead(project, '{source: seed-b, quote: "Anything at all"}')
    [problem] = problems(project)
    assert (problem.severity.value, problem.code) == ("warning", "quote-unverified")
    assert problem.line == line_of(project, "glossary/lead.yaml", "Anything")
    assert check(project).glossary is not None  # a warning: the site still builds
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(project), "--strict", "--today", "2026-02-01"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode != 0
    assert "warning[quote-unverified]" in run.stdout + run.stderr


def test_a_stored_copy_missing_from_the_folder_leaves_its_quotes_unverified_saying_where(project: Path) -> None:
    with_copies(project)
    (project / "copies" / "a.txt").unlink()
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone"}')
    at_file, at_quote = problems(project)  # sorted: the registry first
    assert (at_file.code, at_file.path, at_file.severity.value) == (
        "stored-copy-missing",
        "glossary/_sources.yaml",
        "warning",
    )
    assert at_file.line == line_of(project, "glossary/_sources.yaml", "file: a.txt")
    assert (at_quote.code, at_quote.path, at_quote.severity.value) == (
        "quote-unverified",
        "glossary/lead.yaml",
        "warning",
    )
    assert at_quote.line == line_of(project, "glossary/lead.yaml", "quote")
    assert "'a.txt' is not in copies" in at_quote.message


def test_a_missing_folder_is_reported_once_at_the_setting_and_no_folder_leaves_quotes_unverified(
    project: Path,
) -> None:
    with_copies(project, folder="no-such-folder")
    cite_in_lead(project, *[f'{{source: seed-a, quote: "A lead is someone {n}"}}' for n in range(5)])
    tactics = project / "playbooks" / "tactics.yaml"
    tactics.write_text(
        tactics.read_text().replace("      - source: seed-a\n", '      - {source: seed-a, quote: "Other"}\n')
    )
    found = [(p.code, p.path, p.line) for p in problems(project)]
    missing = [entry for entry in found if entry[0] == "stored-copy-missing"]
    assert missing == [("stored-copy-missing", "glossary/_sources.yaml", 1)]  # once, not once per quote
    [message] = [p.message for p in problems(project) if p.code == "stored-copy-missing"]
    assert "no-such-folder" in message and "does not exist" in message
    assert {code for code, *_ in found} == {"stored-copy-missing", "quote-unverified"}
    registry = project / "glossary" / "_sources.yaml"
    registry.write_text(registry.read_text().replace("stored_copies: no-such-folder\n", ""))
    assert {p.code for p in problems(project)} == {"quote-unverified"}


def test_a_folder_named_by_the_option_or_the_environment_may_be_anywhere_and_wins_in_that_order(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    with_copies(project)
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone who left a way to reach them"}')
    (project / "copies" / "a.txt").write_text("nothing of the kind\n")  # the content's folder: not found
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text(COPY, encoding="utf-8")
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "a.txt").write_text("also nothing\n")
    assert [p.code for p in problems(project)] == ["quote-not-found"]
    monkeypatch.setenv(ENV_VAR, str(elsewhere))
    assert problems(project) == []  # the environment over the content
    monkeypatch.setenv(ENV_VAR, str(wrong))
    assert main(["check", str(project), "--today", "2026-02-01", "--stored-copies", str(elsewhere)]) == 0
    assert "quotes: 1 verified against the stored copies" in capsys.readouterr().err  # the option over both
    assert main(["check", str(project), "--stored-copies", str(tmp_path / "none")]) == 2
    assert "--stored-copies" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["not-utf8", "directory", "symlink", "control-characters"])
def test_an_unusable_stored_copy_is_an_error_at_its_file_line_not_a_traceback(project: Path, kind: str) -> None:
    with_copies(project)
    path = project / "copies" / "a.txt"
    path.unlink()
    if kind == "not-utf8":
        path.write_bytes(b"A lead \xff\xfe is someone")
    elif kind == "directory":
        path.mkdir()
    elif kind == "control-characters":
        path.write_bytes(b"A lead is someone\x1b[2J")
    else:
        (project / "outside.txt").write_text("A lead is someone")
        path.symlink_to(project / "outside.txt")
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone"}')
    found = {(p.code, p.path, p.line, p.is_error) for p in problems(project)}
    file_line = line_of(project, "glossary/_sources.yaml", "file: a.txt")
    assert ("stored-copy-refused", "glossary/_sources.yaml", file_line, True) in found
    assert {code for code, *_ in found} == {"stored-copy-refused", "quote-unverified"}


def test_a_quote_longer_than_the_limit_is_an_error(project: Path) -> None:
    words = COPY.split()[6 : 6 + MAX_QUOTE_WORDS + 1]
    with_copies(project)
    cite_in_lead(project, f'{{source: seed-a, quote: "{" ".join(words)}"}}')
    [problem] = problems(project)
    assert (problem.code, problem.is_error) == ("quote-too-long", True)
    assert f"{MAX_QUOTE_WORDS + 1} words" in problem.message


def test_quoting_an_editorial_source_is_an_error_and_citing_it_is_fine(project: Path) -> None:
    with_copies(project)
    cite_in_lead(project, "{source: team, locator: Thresholds}", '{source: team, quote: "We decided so"}')
    [problem] = problems(project)
    assert (problem.code, problem.is_error) == ("quote-editorial", True)
    assert problem.line == line_of(project, "glossary/lead.yaml", "We decided")


def test_every_kind_of_citation_is_checked(project: Path) -> None:
    """Tactic sources, disputes and overrides, a table's source, a playbook's sources, and the
    classifier's sources and disputes: each with a wrong quote, each reported at its own line."""
    with_copies(project)
    wrong = 'quote: "Not in the copy at all"'
    tactics = project / "playbooks" / "tactics.yaml"
    text = tactics.read_text()
    text = text.replace(
        "        note: B calls it lead gen.\n", f"        note: B calls it lead gen.\n        {wrong}\n"
    )
    override = f"    overrides:\n      reason: Because.\n      sources:\n        - {{source: seed-a, {wrong}}}\n"
    text = text.replace("    terms: [lead]\n", "    terms: [lead]\n" + override)
    text = text.replace("      - source: seed-a\n    terms", f"      - source: seed-a\n        {wrong}\n    terms")
    tactics.write_text(text)
    tables = project / "playbooks" / "tactic-tables.yaml"
    tables.write_text(tables.read_text().replace("source: {source: seed-a}", f"source: {{source: seed-a, {wrong}}}"))
    play = project / "playbooks" / "webinar-play.yaml"
    play.write_text(play.read_text().replace("source: seed-a", f"{{source: seed-a, {wrong}}}", 1))
    classifier = project / "playbooks" / "classifier.yaml"
    text = classifier.read_text().replace("      - source: seed-a\n", f"      - source: seed-a\n        {wrong}\n", 1)
    text = text.replace(
        "    sources:\n      - source: seed-b\n",
        "    sources:\n      - source: seed-b\n    disputed:\n"
        f"      - {{source: seed-a, note: Other view., {wrong}}}\n",
        1,
    )
    classifier.write_text(text)
    # the dispute cites seed-b, which has no stored copy: its quote is unverified, the others not found
    found = [(p.path, p.line) for p in problems(project) if p.code in ("quote-not-found", "quote-unverified")]
    expected = []
    for relative in (
        "playbooks/tactics.yaml",
        "playbooks/tactic-tables.yaml",
        "playbooks/webinar-play.yaml",
        "playbooks/classifier.yaml",
    ):
        lines = (project / relative).read_text().splitlines()
        expected += [(relative, n) for n, line in enumerate(lines, 1) if "Not in the copy" in line]
    assert len(expected) >= 7, expected
    assert sorted(found) == sorted(expected)


def test_an_override_or_a_classifier_dispute_citing_an_unknown_source_is_reported(project: Path) -> None:
    tactics = project / "playbooks" / "tactics.yaml"
    tactics.write_text(
        tactics.read_text().replace(
            "    terms: [lead]\n",
            "    terms: [lead]\n    overrides:\n      reason: Because.\n      sources:\n        - source: seed-z\n",
        )
    )
    classifier = project / "playbooks" / "classifier.yaml"
    classifier.write_text(
        classifier.read_text().replace(
            "    sources:\n      - source: seed-b\n",
            "    sources:\n      - source: seed-b\n    disputed:\n      - {source: seed-y, note: Other view.}\n",
            1,
        )
    )
    found = {p.path for p in check(project).problems if p.code == "unknown-reference"}
    assert found == {"playbooks/tactics.yaml", "playbooks/classifier.yaml"}


def test_a_failing_quote_costs_one_read_of_the_copy(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_copies(project)
    cite_in_lead(project, *[f'{{source: seed-a, quote: "A lead is someone {n}"}}' for n in range(20)])
    opened: list[str] = []
    real_open = os.open

    def counting_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if str(file).endswith("a.txt"):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting_open)
    assert len([p for p in problems(project) if p.code == "quote-not-found"]) == 20
    assert len(opened) == 1


def with_second_copy(project: Path) -> None:
    """seed-b gets a stored copy of its own."""
    with_copies(project)
    (project / "copies" / "b.txt").write_text("Source B says a webinar is demand generation.\n", encoding="utf-8")
    registry = project / "glossary" / "_sources.yaml"
    registry.write_text(registry.read_text().replace("    title: Source B\n", "    title: Source B\n    file: b.txt\n"))


def test_a_quote_wrapped_in_quote_marks_is_not_found_and_the_hint_says_why(project: Path) -> None:
    with_copies(project)
    cite_in_lead(project, "{source: seed-a, quote: “A lead is someone who left a way to reach them”}")
    [problem] = problems(project)
    assert problem.code == "quote-not-found"
    assert problem.hint.startswith("drop the surrounding quote marks (the page adds its own)")


def test_a_quote_found_in_another_sources_copy_says_which(project: Path) -> None:
    with_second_copy(project)
    cite_in_lead(project, '{source: seed-a, quote: "a webinar is demand generation"}')
    [problem] = problems(project)
    assert problem.code == "quote-not-found"
    assert "found in source 'seed-b' (b.txt): cite that source" in problem.hint


def test_a_quote_must_start_and_end_on_word_boundaries(project: Path) -> None:
    with_copies(project)
    cite_in_lead(
        project,
        '{source: seed-a, quote: "ead is someone who"}',
        '{source: seed-a, quote: "lead is someone wh"}',
        '{source: seed-a, quote: "lead is someone who"}',
        "{source: seed-a, quote: '\"qualifies\" a lead'}",
    )
    found = [(p.code, p.line) for p in problems(project)]
    relative = "glossary/lead.yaml"
    assert found == [
        ("quote-not-found", line_of(project, relative, 'ead is someone who"')),
        ("quote-not-found", line_of(project, relative, 'someone wh"')),
    ]


def test_a_quote_skipping_words_is_told_to_split(project: Path) -> None:
    with_copies(project)
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone … a phone number"}')
    [problem] = problems(project)
    assert problem.code == "quote-not-found"
    assert problem.hint.endswith("a quote must be continuous text: split it into two quotes instead of skipping words")


def test_quotes_without_a_stored_copy_are_reported_once_per_source_and_file(project: Path) -> None:
    with_copies(project)
    cite_in_lead(project, *[f'{{source: seed-b, quote: "Anything {n}"}}' for n in range(3)])
    tactics = project / "playbooks" / "tactics.yaml"
    tactics.write_text(tactics.read_text().replace("note: B calls it lead gen.", 'note: x\n        quote: "Other"'))
    found = [(p.path, p.line, p.message) for p in problems(project)]
    assert found == [
        (
            "glossary/lead.yaml",
            line_of(project, "glossary/lead.yaml", "Anything 0"),
            "3 quotes of source 'seed-b' in this file cannot be verified: the source has no stored copy ('file')",
        ),
        (
            "playbooks/tactics.yaml",
            line_of(project, "playbooks/tactics.yaml", "Other"),
            "1 quote of source 'seed-b' in this file cannot be verified: the source has no stored copy ('file')",
        ),
    ]


# --- hostile stored_copies and files (issue 26 item 1) -----------------------------------------
# A pull request's author controls the content: stored_copies and file must never read outside the
# project or a folder the user named, never block, and never print a byte of what is there.

SECRET = "GITHUB_TOKEN=ghp_planted0secret0never0shown"
#: A quote close to the secret, so a closest-passage hint from it would print the secret.
NEAR_SECRET = "GITHUB TOKEN planted secret never shown"


def hostile_registry(project: Path, folder: str | None, file: str) -> None:
    setting = f"stored_copies: {folder}\n" if folder is not None else ""
    (project / "glossary" / "_sources.yaml").write_text(
        f"{setting}sources:\n  - id: seed-a\n    title: Source A\n    file: {file}\n"
        "  - id: seed-b\n    title: Source B\n",
        encoding="utf-8",
    )
    cite_in_lead(project, f'{{source: seed-a, quote: "{NEAR_SECRET}"}}')


def outputs_of_every_command(project: Path, capsys: pytest.CaptureFixture) -> str:
    """What `check`, `check --format github` and `build` print (a build stops at the errors)."""
    printed = []
    for args in (["check"], ["check", "--format", "github"], ["build"]):
        assert main([*args, str(project)]) == 1
        out = capsys.readouterr()
        printed.append(out.out + out.err)
    assert not (project / "site").exists()
    return "\n".join(printed)


def assert_refused_at(output: str, project: Path, needle: str, code: str) -> None:
    line = line_of(project, "glossary/_sources.yaml", needle)
    assert f"glossary/_sources.yaml:{line}:" in output and f"error[{code}]" in output, output
    assert f"file=glossary/_sources.yaml,line={line}" in output  # the github annotation too
    assert "planted0secret" not in output and "ghp_" not in output, output


def test_proc_self_environ_is_refused_and_prints_nothing(project: Path) -> None:
    hostile_registry(project, "/proc/self", "environ")
    env = {**os.environ, "GITHUB_TOKEN": SECRET.split("=", 1)[1]}
    printed = []
    for args in (["check"], ["check", "--format", "github"], ["build"]):
        run = subprocess.run(
            [sys.executable, "-m", "generator", *args, str(project)],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        assert run.returncode == 1
        printed.append(run.stdout + run.stderr)
    output = "\n".join(printed)
    assert_refused_at(output, project, "stored_copies:", "stored-copies-refused")
    assert_refused_at(output, project, "file: environ", "stored-copy-refused")
    assert "Traceback" not in output


@pytest.mark.parametrize("how", ["absolute", "tilde"])
def test_a_folder_outside_the_project_named_by_the_content_is_refused(
    project: Path, tmp_path: Path, how: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    ssh = tmp_path / "home" / ".ssh"
    ssh.mkdir(parents=True)
    (ssh / "id_ed25519.txt").write_text(SECRET)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    hostile_registry(project, str(ssh) if how == "absolute" else "~/.ssh", "id_ed25519.txt")
    output = outputs_of_every_command(project, capsys)
    assert_refused_at(output, project, "stored_copies:", "stored-copies-refused")
    assert ".ssh" not in output.replace(f"stored_copies '{ssh}'", "").replace("stored_copies '~/.ssh'", "")


@pytest.mark.parametrize("folder", [".git", "copies/.hidden", "..", "copies/../..", "./copies", "copies/../copies"])
def test_a_hidden_folder_or_a_way_up_is_refused(project: Path, folder: str, capsys: pytest.CaptureFixture) -> None:
    (project / ".git").mkdir()
    (project / ".git" / "config.txt").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    (project / "copies" / ".hidden").mkdir(parents=True)
    (project / "copies" / ".hidden" / "config.txt").write_text(SECRET)
    (project.parent / "config.txt").write_text(SECRET)
    hostile_registry(project, folder, "config.txt")
    output = outputs_of_every_command(project, capsys)
    assert_refused_at(output, project, "stored_copies:", "stored-copies-refused")


def test_a_symlinked_folder_inside_the_project_is_refused_without_saying_where_it_leads(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    outside = tmp_path / "outside-secrets"
    outside.mkdir()
    (outside / "a.txt").write_text(SECRET)
    (project / "sources").mkdir()
    (project / "sources" / "copies").symlink_to(outside, target_is_directory=True)
    hostile_registry(project, "sources/copies", "a.txt")
    output = outputs_of_every_command(project, capsys)
    assert_refused_at(output, project, "stored_copies:", "stored-copies-refused")
    assert "outside-secrets" not in output and "symbolic link" in output


@pytest.mark.parametrize("kind", ["symlinked-file", "fifo", "binary", "pem-extension", "hidden-file", "device"])
def test_a_special_or_non_text_file_is_refused_at_its_file_line(
    project: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture
) -> None:
    copies = project / "copies"
    copies.mkdir()
    name = "a.txt"
    if kind == "symlinked-file":
        (tmp_path / "secret.txt").write_text(SECRET)
        (copies / name).symlink_to(tmp_path / "secret.txt")
    elif kind == "fifo":
        os.mkfifo(copies / name)  # opening it for reading would wait for a writer forever
    elif kind == "binary":
        (copies / name).write_bytes(SECRET.encode() + b"\x00\x01\x02")
    elif kind == "pem-extension":
        name = "key.pem"
        (copies / name).write_text(SECRET)
    elif kind == "hidden-file":
        name = ".env.txt"
        (copies / name).write_text(SECRET)
    else:
        try:  # a character device like /dev/zero (root may make one; CI runs as root)
            os.mknod(copies / name, 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 5))
        except PermissionError:
            pytest.skip("making a device node needs root")
    hostile_registry(project, "copies", name)
    output = outputs_of_every_command(project, capsys)
    assert_refused_at(output, project, f"file: {name}", "stored-copy-refused")


def test_dev_named_by_the_content_is_refused(project: Path, capsys: pytest.CaptureFixture) -> None:
    hostile_registry(project, "/dev", "zero")
    output = outputs_of_every_command(project, capsys)
    assert_refused_at(output, project, "stored_copies:", "stored-copies-refused")
    assert_refused_at(output, project, "file: zero", "stored-copy-refused")


def test_a_hint_quotes_only_a_registered_copy(project: Path) -> None:
    """A quote not found in a registered copy gets the closest passage of that copy, and only of it:
    another file in the folder that no source names is never read."""
    with_copies(project)
    (project / "copies" / "notes.txt").write_text(SECRET)
    cite_in_lead(project, f'{{source: seed-a, quote: "{NEAR_SECRET}"}}')
    [problem] = problems(project)
    assert problem.code == "quote-not-found" and "closest passage in a.txt" in problem.hint
    assert "planted0secret" not in problem.as_text()


# --- the sources lock (issue 27) ---------------------------------------------------------------


def test_a_mistyped_environment_folder_is_refused_not_replaced_by_the_lock(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The job that checks the lock against the copies names them by the variable: a typo there must not
    quietly verify every quote against the lock it was meant to check (newcomer review, issue 27)."""
    locked_project(project, capsys)
    without_copies(project)
    assert main(["check", str(project), "--strict", "--today", "2026-02-01"]) == 0  # the lock, as designed
    capsys.readouterr()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "copeis"))
    for command in (["check", str(project), "--strict"], ["build", str(project)], ["sources", "lock", str(project)]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert f"{ENV_VAR}={tmp_path / 'copeis'}: no such folder" in err and "Traceback" not in err
    assert not (project / "site").exists()


LOCK = "glossary/_sources.lock"
QUOTE = "A lead is someone who left a way to reach them"


def locked_project(project: Path, capsys: pytest.CaptureFixture, today: str = "2026-01-15") -> Path:
    """The base project quoting seed-a, its copies in copies/ and a lock written from them."""
    with_copies(project)
    cite_in_lead(project, f'{{source: seed-a, quote: "{QUOTE}"}}', "{source: seed-b}")
    assert main(["sources", "lock", str(project), "--today", today]) == 0, capsys.readouterr()
    capsys.readouterr()
    return project


def without_copies(project: Path) -> None:
    import shutil

    shutil.rmtree(project / "copies")


def test_without_copies_an_unchanged_quote_is_verified_against_the_lock(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    locked_project(project, capsys)
    text = (project / LOCK).read_text()
    assert text.startswith("# Generated by `glossary sources lock`") and "verified: 2026-01-15" in text
    assert QUOTE not in text  # digests, not the text
    without_copies(project)
    result = check(project)
    assert [p for p in result.problems if p.code.startswith(("quote-", "stored-copy-", "sources-lock"))] == []
    [quote_check] = result.require().quote_checks["seed-a"]
    assert (quote_check.how, quote_check.verified.isoformat()) == ("lock", "2026-01-15")
    assert main(["check", str(project), "--strict", "--today", "2026-02-01"]) == 0
    err = capsys.readouterr().err
    assert f"quotes: 1 verified against {LOCK}" in err
    assert "does not exist" in err  # the folder named but missing: said once, in the summary


def test_without_copies_an_edited_quote_is_a_warning_that_says_how_to_verify_it(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    locked_project(project, capsys)
    without_copies(project)
    lead = project / "glossary" / "lead.yaml"
    lead.write_text(lead.read_text().replace("reach them", "reach us"))
    warnings = [p for p in problems(project) if p.code == "quote-unverified"]
    assert [(p.path, p.line) for p in warnings] == [
        ("glossary/lead.yaml", line_of(project, "glossary/lead.yaml", "us"))
    ]
    [warning] = warnings
    assert "not in glossary/_sources.lock" in warning.message
    for instruction in ("'a.txt'", "the folder copies", "`glossary sources lock`"):
        assert instruction in warning.hint, instruction
    # where the folder was looked for and how to name another: said once, by the folder's own warning
    [missing] = [p for p in problems(project) if p.code == "stored-copy-missing"]
    assert str(project / "copies") in missing.message
    assert "--stored-copies DIR" in missing.hint and ENV_VAR in missing.hint
    assert str(project / "copies") not in warning.message + warning.hint
    assert main(["check", str(project), "--strict", "--today", "2026-02-01"]) == 1
    # the same edit with the copies at hand: a quote that is not in the source is caught
    with_copies(project)
    assert [p.code for p in problems(project)] == ["quote-not-found"]


def test_with_copies_a_stale_lock_is_an_error_and_sources_lock_refreshes_it(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    locked_project(project, capsys)
    # a new quote, found in the copy but not yet locked
    cite_in_lead(project, f'{{source: seed-a, quote: "{QUOTE}"}}', '{source: seed-a, quote: "a phone number"}')
    [stale] = [p for p in check(project).problems if p.code == "sources-lock-stale"]
    assert (stale.path, stale.line, stale.is_error) == (
        "glossary/lead.yaml",
        line_of(project, "glossary/lead.yaml", "phone"),
        True,
    )
    assert "not in glossary/_sources.lock" in stale.message and stale.hint == "run `glossary sources lock`"
    # the copy changed since the lock
    copy = project / "copies" / "a.txt"
    copy.write_text(COPY + "A new paragraph.\n", encoding="utf-8")
    found = {(p.code, p.path, p.line) for p in check(project).problems if p.code == "sources-lock-stale"}
    assert (
        "sources-lock-stale",
        "glossary/_sources.yaml",
        line_of(project, "glossary/_sources.yaml", "file: a.txt"),
    ) in found
    assert main(["sources", "lock", str(project), "--today", "2026-01-20"]) == 0
    assert "changed: seed-a" in capsys.readouterr().err
    assert [p for p in check(project).problems if p.code.startswith(("sources-lock", "quote-"))] == []
    assert "verified: 2026-01-20" in (project / LOCK).read_text()


def test_locking_again_keeps_the_date_of_what_did_not_change(project: Path, capsys: pytest.CaptureFixture) -> None:
    locked_project(project, capsys, today="2026-01-15")
    before = (project / LOCK).read_text()
    assert main(["sources", "lock", str(project), "--today", "2026-03-01"]) == 0
    assert "unchanged" in capsys.readouterr().err
    assert (project / LOCK).read_text() == before
    copy = project / "copies" / "a.txt"
    copy.write_text(COPY.replace("Source A,", "Source   A,"), encoding="utf-8")  # spacing: the same normalised text
    assert main(["sources", "lock", str(project), "--today", "2026-03-01"]) == 0
    assert (project / LOCK).read_text() == before


def test_a_lock_entry_for_a_quote_no_longer_cited_is_ignored_then_dropped(
    project: Path, capsys: pytest.CaptureFixture
) -> None:
    locked_project(project, capsys)
    cite_in_lead(project, "{source: seed-a}", "{source: seed-b}")
    assert problems(project) == []
    assert main(["sources", "lock", str(project), "--today", "2026-02-01"]) == 0
    assert "quotes: []" in (project / LOCK).read_text()


@pytest.mark.parametrize("why", ["copies-missing", "quote-not-found", "content-error"])
def test_sources_lock_writes_nothing_when_a_quote_cannot_be_verified(
    project: Path, capsys: pytest.CaptureFixture, why: str
) -> None:
    locked_project(project, capsys)
    before = (project / LOCK).read_bytes()
    if why == "copies-missing":
        without_copies(project)
    elif why == "quote-not-found":
        cite_in_lead(project, '{source: seed-a, quote: "words the copy never had"}')
    else:
        lead = project / "glossary" / "lead.yaml"
        lead.write_text(lead.read_text().replace("related: [marketing-qualified-lead]", "related: [no-such-term]"))
    assert main(["sources", "lock", str(project), "--today", "2026-03-01"]) == 1
    out = capsys.readouterr()
    assert "nothing was written" in out.err and "glossary/" in out.out
    assert (project / LOCK).read_bytes() == before
    assert [p.name for p in (project / "glossary").iterdir() if p.name.startswith(".")] == []  # no temporary left


@pytest.mark.parametrize("kind", ["merge-conflict", "not-a-lock", "symlink"])
def test_an_unusable_lock_is_an_error_at_the_lock_file_not_a_traceback(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture, kind: str
) -> None:
    locked_project(project, capsys)
    lock = project / LOCK
    if kind == "merge-conflict":
        lock.write_text(lock.read_text().replace("version: 1", "<<<<<<< HEAD\nversion: 1\n=======\n>>>>>>> other"))
    elif kind == "not-a-lock":
        lock.write_text("- just a list\n")
    else:
        (tmp_path / "secret.txt").write_text(SECRET)
        lock.unlink()
        lock.symlink_to(tmp_path / "secret.txt")
    assert main(["check", str(project), "--today", "2026-02-01"]) == 1
    out = capsys.readouterr().out
    assert f"{LOCK}" in out and "error[sources-lock-invalid]" in out and "Traceback" not in out
    assert "planted0secret" not in out


def test_the_built_sources_page_says_how_each_quote_was_verified(project: Path, capsys: pytest.CaptureFixture) -> None:
    import shutil

    from generator.checks.records import CheckOptions
    from generator.site.build import build_site

    from .conftest import REPO

    locked_project(project, capsys)
    cite_in_lead(
        project,
        f'{{source: seed-a, quote: "{QUOTE}"}}',
        '{source: seed-a, quote: "Marketing qualifies a lead"}',  # not in the lock: not checked
        '{source: seed-b, quote: "Anything at all"}',
    )
    without_copies(project)
    shutil.copytree(REPO / "site_config", project / "site_config")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    build_site(project, options=CheckOptions(today=TODAY))
    page = (project / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    # the page says once what "the record" is, each source how its quotes fared, and each quote only where they differ
    assert "<code>glossary/_sources.lock</code>" in page and "<em>Checked against the record</em>" in page
    source_a = page.split('id="seed-a"', 1)[1].split("<h2", 1)[0]
    assert "Quotes (2): 1 against the record, 1 not checked." in source_a
    assert f'<q>{QUOTE}</q> <span class="glossary-quote-check">(found in the copy on 2026-01-15)</span>' in source_a
    assert '<q>Marketing qualifies a lead</q> <span class="glossary-quote-check">(not checked)</span>' in source_a
    source_b = page.split('id="seed-b"', 1)[1].split("<h2", 1)[0]
    assert "Quotes (1): none checked yet." in source_b
    assert "<q>Anything at all</q></li>" in source_b  # one kind of check: said for the source, not per quote
    lock_only = page.count("found in the copy on 2026-01-15")
    assert lock_only == 1


def test_build_says_how_many_warnings_it_published_despite(
    project: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build publishes despite warnings, but a newcomer previewing with it must not first hear of
    them from CI's ``check --strict`` (newcomer review, issue 27)."""
    import shutil

    from .conftest import REPO

    shutil.copytree(REPO / "site_config", project / "site_config")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    monkeypatch.setenv("GLOSSARY_TODAY", TODAY.isoformat())
    assert main(["build", str(project)]) == 0
    assert "in the content" not in capsys.readouterr().err  # no warnings, no line
    with_copies(project)
    cite_in_lead(project, '{source: seed-b, quote: "Anything at all"}')
    assert main(["build", str(project)]) == 0
    err = capsys.readouterr().err
    assert "glossary: 1 warning in the content (built anyway; `glossary check` lists them" in err


# --- own words and tables as printed: rules that need the copies' text -------------------------

#: Ten words of COPY's last sentence, typed differently (case, typographic quotes, a comma).
COPIED_TEN = "DEMAND generation makes people \u201caware\u201d of the problem long before,"
COPIED_RUN_SHOWN = "demand generation makes people aware of the problem long before"


def copied_problems(project: Path) -> list:
    return [p for p in check(project).problems if p.code in ("text-copied", "table-row-not-in-copy")]


def write_definition(project: Path, definition: str) -> None:
    path = project / "glossary" / "lead.yaml"
    text = path.read_text()
    start = text.index("definition:")
    end = text.index("\n", start)
    path.write_text(text[:start] + definition + text[end:])


def test_ten_words_of_a_copy_in_any_text_field_are_a_warning_at_that_field(project: Path) -> None:
    with_copies(project)
    write_definition(
        project, f"definition: |\n  In our words: {COPIED_TEN} then ours again.\n  See [[marketing-qualified-lead]]."
    )
    play = project / "playbooks" / "webinar-play.yaml"
    play.write_text(play.read_text().replace("text: Run the webinar.", f"text: Run it. {COPIED_TEN} so run it."))
    found = sorted(copied_problems(project), key=lambda p: p.path)
    assert [(p.path, p.line, p.code, p.is_error) for p in found] == [
        ("glossary/lead.yaml", line_of(project, "glossary/lead.yaml", "definition:"), "text-copied", False),
        (
            "playbooks/webinar-play.yaml",
            line_of(project, "playbooks/webinar-play.yaml", "Run it."),
            "text-copied",
            False,
        ),
    ]
    for problem in found:
        assert (
            f"10 words in a row from the stored copy of source 'seed-a' (a.txt): \"{COPIED_RUN_SHOWN}\""
            in problem.message
        )
        assert problem.hint == "say it in your own words, or cite it as a quote"
    assert "'steps[0].text'" in found[1].message


def test_a_longer_copied_passage_is_one_warning_naming_all_of_it(project: Path) -> None:
    with_copies(project)
    write_definition(project, "definition: A lead is someone who left a way to reach them, a name, an email address.")
    [problem] = copied_problems(project)
    assert "16 words in a row" in problem.message
    assert '"a lead is someone who left a way to reach them a name an email address"' in problem.message


def test_nine_words_of_a_copy_are_the_teams_own(project: Path) -> None:
    with_copies(project)
    nine = "Marketing generation makes people aware of the problem long before we call."
    write_definition(project, f"definition: {nine} See [[marketing-qualified-lead]].")
    assert copied_problems(project) == []


def test_a_quote_may_repeat_its_source_word_for_word(project: Path) -> None:
    with_copies(project)
    long_quote = "Demand generation makes people aware of the problem long before they fill in a form"
    cite_in_lead(project, f'{{source: seed-a, quote: "{long_quote}", locator: "{long_quote}"}}')
    assert check(project).problems == ()


def test_with_only_the_lock_copied_text_is_not_judged(project: Path, capsys: pytest.CaptureFixture) -> None:
    locked_project(project, capsys)
    write_definition(project, f"definition: {COPIED_TEN} then ours.")
    assert [p.code for p in copied_problems(project)] == ["text-copied"]
    without_copies(project)
    assert copied_problems(project) == []


def test_a_table_row_its_sources_copy_does_not_print_is_a_warning_at_the_row(project: Path) -> None:
    with_copies(project)
    assert copied_problems(project) == []  # COPY prints the row as "WebinarSEO*"
    with_copies(project, text=COPY.replace("WebinarSEO*", "WebinarSearch*"))
    [problem] = copied_problems(project)
    row_line = line_of(project, "playbooks/tactic-tables.yaml", "{tactic: webinar}")
    assert (problem.path, problem.line, problem.code, problem.is_error) == (
        "playbooks/tactic-tables.yaml",
        row_line,
        "table-row-not-in-copy",
        False,
    )
    assert "row 1 of table 'table-1' reads \"WebinarSEO*\"" in problem.message and "(a.txt)" in problem.message


def test_a_row_without_its_footnote_marker_is_not_the_row_the_copy_prints(project: Path) -> None:
    with_copies(project, text=COPY.replace("WebinarSEO*", "Webinar*SEO"))
    [problem] = copied_problems(project)
    assert problem.code == "table-row-not-in-copy"


def test_with_the_copies_at_hand_a_renamed_file_and_a_forged_lock_entry_verify_nothing(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """Issue 26: CI runs with the copies; a pull request renames a source's file to one not in the folder
    and forges the lock's entry for that name with a made-up quote's digest."""
    from generator.checks.quotes import digest

    locked_project(project, capsys)
    outside = tmp_path / "seeds"
    (project / "copies").rename(outside)
    monkeypatch.setenv(ENV_VAR, str(outside))
    made_up = "Leads are always ready to buy"
    cite_in_lead(project, f'{{source: seed-a, quote: "{made_up}"}}')
    registry = project / "glossary" / "_sources.yaml"
    registry.write_text(registry.read_text().replace("file: a.txt", "file: forged.txt"))
    lock = project / LOCK
    text = lock.read_text().replace("file: a.txt", "file: forged.txt")
    lock.write_text(text.replace("    quotes:\n", f"    quotes:\n      - {digest(normalize_quote(made_up))}\n", 1))
    found = problems(project)
    assert [(p.code, p.severity.value) for p in found] == [
        ("stored-copy-missing", "warning"),
        ("quote-unverified", "warning"),
    ]
    at_file = found[0]
    assert (at_file.path, at_file.line) == (
        "glossary/_sources.yaml",
        line_of(project, "glossary/_sources.yaml", "forged.txt"),
    )
    assert "'forged.txt'" in at_file.message and str(outside) in at_file.message
    [quote_check] = check(project).require().quote_checks["seed-a"]
    assert quote_check.how == "none"
    assert main(["check", str(project), "--strict", "--today", "2026-02-01"]) == 1
    err = capsys.readouterr().err
    assert "not at hand" not in err and "quotes: 1 not verified" in err
    # without the folder, the lock is all there is (by design; the README says reviewers check it)
    monkeypatch.delenv(ENV_VAR)
    assert [p.code for p in problems(project)] == []


# --- the closest-passage hint has a budget (issue 26 review, F3) ------------------------------------


def count_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count difflib's character-by-character comparisons: the hint's costly step."""
    import difflib

    calls: list[int] = []
    real_ratio = difflib.SequenceMatcher.ratio

    def counting_ratio(self):  # noqa: ANN001, ANN202
        calls.append(1)
        return real_ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting_ratio)
    return calls


def test_identical_quotes_not_found_are_searched_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.checks.quotes import HINT_COMPARED

    with_copies(project, text=COPY * 20)
    cite_in_lead(project, *['{source: seed-a, quote: "Marketing qualifies a prospect before sales calls"}'] * 200)
    comparisons = count_comparisons(monkeypatch)
    found = [p for p in problems(project) if p.code == "quote-not-found"]
    assert len(found) == 200
    assert all('closest passage in a.txt: "Marketing “qualifies” a lead before' in p.hint for p in found)
    assert len(comparisons) <= HINT_COMPARED


def test_past_the_budget_of_searches_the_hint_says_how_to_see_the_closest_passage(project: Path) -> None:
    from generator.checks.quotes import MAX_HINT_SEARCHES

    with_copies(project)
    cite_in_lead(
        project, *[f'{{source: seed-a, quote: "A lead is someone {n}"}}' for n in range(MAX_HINT_SEARCHES + 5)]
    )
    hints = [p.hint for p in problems(project) if p.code == "quote-not-found"]
    searched = [h for h in hints if "closest passage in a.txt:" in h]
    skipped = [h for h in hints if "the closest passage in a.txt was not searched" in h]
    assert (len(searched), len(skipped)) == (MAX_HINT_SEARCHES, 5)
    assert all("fix those and run the check again" in h for h in skipped)


def test_a_quote_too_long_gets_no_search(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_copies(project)
    cite_in_lead(project, f'{{source: seed-a, quote: "{" ".join(["lead"] * 1000)}"}}')
    comparisons = count_comparisons(monkeypatch)
    codes = {p.code: p for p in problems(project)}
    assert set(codes) == {"quote-too-long", "quote-not-found"}
    assert (
        f"no closest passage is searched for a quote of over {MAX_QUOTE_WORDS} words" in codes["quote-not-found"].hint
    )
    assert comparisons == []


def test_in_a_large_copy_the_closest_passage_is_found_with_bounded_work(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows are compared only around the places of the quote's rarest words: a 1 MB copy costs
    a search no more comparisons than a small one, and the passage found is still the one."""
    from generator.checks.quotes import HINT_COMPARED

    filler = " ".join(f"word{n % 5000} and the lead" for n in range(40_000))
    with_copies(project, text=filler + "\n" + COPY + "\n" + filler)
    cite_in_lead(project, '{source: seed-a, quote: "Demand generation makes buyers aware of the problem"}')
    comparisons = count_comparisons(monkeypatch)
    [problem] = problems(project)
    assert 'closest passage in a.txt: "Demand generation makes people aware of the problem' in problem.hint
    assert len(comparisons) <= HINT_COMPARED
