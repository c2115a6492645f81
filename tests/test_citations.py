"""Checkable citations (issue 17): every quote stands in its source's stored copy.

Each test gives tests/fixtures/base a stored copies folder and a registry naming it, then quotes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.citations import MAX_QUOTE_WORDS, normalize_quote

from .conftest import check

COPY = """Source A, a made-up article.

A lead is someone who   left a way to reach them: a name, an email address, a phone number.
Marketing “qualifies” a lead before sales calls — or so the article says… at length.
Demand generation makes people aware of the problem long before they fill in a form.
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
    text = path.read_text().replace("sources:\n  - source: seed-a\n", "")
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
        [sys.executable, "-m", "generator.cli", "check", str(project), "--strict", "--today", "2026-02-01"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode != 0
    assert "warning[quote-unverified]" in run.stdout + run.stderr


def test_a_stored_copy_missing_from_the_folder_is_reported_at_the_file_line(project: Path) -> None:
    with_copies(project)
    (project / "copies" / "a.txt").unlink()
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone"}')
    found = {(p.code, p.path, p.line, p.severity.value) for p in problems(project)}
    file_line = line_of(project, "glossary/_sources.yaml", "file: a.txt")
    assert ("stored-copy-missing", "glossary/_sources.yaml", file_line, "warning") in found
    assert (
        "quote-unverified",
        "glossary/lead.yaml",
        line_of(project, "glossary/lead.yaml", "quote"),
        "warning",
    ) in found


def test_a_missing_folder_is_reported_at_the_setting_and_no_folder_leaves_quotes_unverified(project: Path) -> None:
    with_copies(project, folder="no-such-folder")
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone"}')
    found = {(p.code, p.path, p.line) for p in problems(project)}
    assert ("stored-copy-missing", "glossary/_sources.yaml", 1) in found
    assert any(code == "quote-unverified" for code, *_ in found)
    registry = project / "glossary" / "_sources.yaml"
    registry.write_text(registry.read_text().replace("stored_copies: no-such-folder\n", ""))
    assert [p.code for p in problems(project)] == ["quote-unverified"]


def test_an_absolute_folder_is_allowed(project: Path, tmp_path: Path) -> None:
    with_copies(project, folder=str((tmp_path / "project" / "copies").resolve()))
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone"}')
    assert problems(project) == []


@pytest.mark.parametrize("kind", ["not-utf8", "directory", "symlink"])
def test_an_unusable_stored_copy_is_a_problem_not_a_traceback(project: Path, kind: str) -> None:
    with_copies(project)
    path = project / "copies" / "a.txt"
    path.unlink()
    if kind == "not-utf8":
        path.write_bytes(b"A lead \xff\xfe is someone")
    elif kind == "directory":
        path.mkdir()
    else:
        (project / "outside.txt").write_text("A lead is someone")
        path.symlink_to(project / "outside.txt")
    cite_in_lead(project, '{source: seed-a, quote: "A lead is someone"}')
    codes = sorted(p.code for p in problems(project))
    assert codes == ["quote-unverified", "stored-copy-missing"]


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
    import builtins

    with_copies(project)
    cite_in_lead(project, *[f'{{source: seed-a, quote: "A lead is someone {n}"}}' for n in range(20)])
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if str(file).endswith("a.txt"):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
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
