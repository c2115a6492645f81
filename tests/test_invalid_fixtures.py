"""Each file in fixtures/invalid/ breaks the base project in one way.

A fixture names where it goes and what must be reported in its header::

    # install-as: glossary/typo.yaml
    # expect: error unknown-field 5:1 did you mean 'summary'?

The expected problem must be reported for that file at exactly that line and
column, with that severity and code, and its text must contain the rest. A fixture
may also say what must not be reported for that file (anywhere, or at a position)::

    # absent: warning missing-summary
    # absent: error unknown-reference 7:11
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import FIXTURES, check

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"# expect: (error|warning) ([a-z0-9-]+) (\d+):(\d+)(?: (.*))?")
ABSENT = re.compile(r"# absent: (error|warning) ([a-z0-9-]+)(?: (\d+):(\d+))?")


def header(path: Path) -> tuple[str, list[tuple[str, str, int, int, str]]]:
    text = path.read_bytes().decode("latin-1")
    install_as = re.search(r"# install-as: (\S+)", text).group(1)
    expected = [(m[1], m[2], int(m[3]), int(m[4]), m[5] or "") for m in EXPECT.finditer(text)]
    assert expected, f"{path.name} declares no '# expect:' line"
    return install_as, expected


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_is_reported_at_its_line(fixture: Path, project: Path) -> None:
    install_as, expected = header(fixture)
    target = project / install_as
    target.write_bytes(fixture.read_bytes())

    result = check(project)

    reported = [p for p in result.problems if p.path == install_as]
    for severity, code, line, column, text in expected:
        matches = [p for p in reported if p.code == code and (p.line, p.column) == (line, column)]
        assert matches, f"expected {severity}[{code}] at {install_as}:{line}:{column}; got:\n" + "\n".join(
            p.as_text() for p in result.problems
        )
        assert matches[0].severity.value == severity
        assert text in matches[0].as_text()
    for severity, code, line, column in ABSENT.findall(fixture.read_bytes().decode("latin-1")):
        unwanted = [p for p in reported if (p.severity.value, p.code) == (severity, code)]
        unwanted = [p for p in unwanted if not line or (p.line, p.column) == (int(line), int(column))]
        assert not unwanted, "reported twice (it follows from another problem):\n" + "\n".join(
            p.as_text() for p in unwanted
        )
    if any(severity == "error" for severity, *_ in expected):
        assert result.glossary is None, "a project with errors must not produce a model"


def test_every_problem_code_a_fixture_declares_is_distinct_enough() -> None:
    # Guards the fixture set itself: at least the codes the foundation issue names.
    codes = {code for path in INVALID for _, code, *_ in header(path)[1]}
    assert {
        "yaml-syntax",
        "duplicate-key",
        "unknown-field",
        "wrong-type",
        "missing-field",
        "invalid-id",
        "id-mismatch",
        "duplicate-name",
        "duplicate-id",
        "unknown-reference",
        "broader-cycle",
        "stage-cycle",
        "funnel-fork",
        "formula-input",
        "formula-syntax",
        "deprecated-without-successor",
        "empty-file",
        "not-utf8",
        "unsafe-tag",
        "yaml-alias",
        "too-deep",
    } <= codes


@pytest.mark.parametrize(
    ("file", "broken"),
    [
        ("glossary/marketing-qualified-lead.yaml", " abbreviation: MQL"),  # an indentation slip
        ("glossary/_sources.yaml", "sources: [oops"),
        ("playbooks/tactics.yaml", "tactics:\n  - id: webinar\n   name: x"),
    ],
)
def test_a_file_that_does_not_parse_is_one_problem_not_a_cascade(project: Path, file: str, broken: str) -> None:
    """What the file defines is unknown: references into it, [[links]] that may name its aliases and
    orphan warnings wait for the next run, instead of pointing at good references elsewhere."""
    path = project / file
    text = path.read_text()
    path.write_text(text.replace("abbreviation: MQL", broken) if "abbreviation" in broken else broken + "\n")
    problems = check(project).problems
    assert [(p.path, p.code) for p in problems if p.is_error] == [(file, "yaml-syntax")], [
        p.as_text() for p in problems
    ]
    assert not [p for p in problems if p.code == "orphan-term"]
