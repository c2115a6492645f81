"""Loading: positions, and files refused before they cost memory or time."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.files import MAX_FILE_BYTES
from generator.content.yaml_reader import ParseProblem, parse_yaml

from .conftest import FIXTURES, check


def test_positions_of_values_and_keys_are_one_based() -> None:
    data, positions, keys = parse_yaml("id: lead\nrelated:\n  - mql\n  - sql\n")
    assert data == {"id": "lead", "related": ["mql", "sql"]}
    assert positions[("related", 1)] == (4, 5)
    assert keys[("related",)] == (2, 1)


def test_dates_stay_text_and_quoted_values_stay_strings() -> None:
    data, _, _ = parse_yaml("a: 2026-01-02\nb: '12'\nc: 12\nd: yes\ne: 'yes'\n")
    assert data == {"a": "2026-01-02", "b": "12", "c": 12, "d": True, "e": "yes"}


def test_hundred_thousand_nested_brackets_are_refused_quickly() -> None:
    # libyaml's own composer overflows the C stack on this; ours refuses it at depth 64.
    start = time.perf_counter()
    with pytest.raises(ParseProblem) as problem:
        parse_yaml("[" * 100_000 + "]" * 100_000)
    assert problem.value.code == "too-deep"
    assert time.perf_counter() - start < 1


def test_alias_is_refused_at_the_alias_not_expanded() -> None:
    with pytest.raises(ParseProblem) as problem:
        parse_yaml("a: &x [1, 2]\nb: *x\n")
    assert (problem.value.code, problem.value.position) == ("yaml-alias", (2, 4))


def test_file_over_the_size_limit_is_refused_unread(project: Path) -> None:
    big = project / "glossary" / "huge.yaml"
    big.write_text("id: huge\nterm: Huge\ndefinition: |\n" + "  x\n" * (MAX_FILE_BYTES // 4 + 10))
    result = check(project)
    [problem] = [p for p in result.problems if p.path == "glossary/huge.yaml"]
    assert problem.code == "file-too-large" and problem.is_error


def test_symlink_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\nterm: Secret\ndefinition: Do not publish.\n")
    (project / "glossary" / "secret.yaml").symlink_to(outside)
    result = check(project)
    assert [p.code for p in result.problems if p.path == "glossary/secret.yaml"] == ["outside-link"]


def test_yml_files_are_reported_not_silently_ignored(project: Path) -> None:
    (project / "glossary" / "typo.yml").write_text("id: typo\n")
    result = check(project)
    assert [(p.code, p.severity.value) for p in result.problems] == [("ignored-file", "warning")]


def test_garbage_collector_is_restored_after_loading(project: Path) -> None:
    assert gc.isenabled()
    check(project)
    assert gc.isenabled()


def test_all_problems_are_collected_not_just_the_first(project: Path) -> None:
    (project / "glossary" / "a.yaml").write_text("id: a\nterm: A\ndefinition: x\nsumary: s\n")
    (project / "glossary" / "b.yaml").write_text("id: b\nterm: B\n")
    (project / "glossary" / "c.yaml").write_text("id: c\nterm: C\ndefinition: x\nrelated: [nope]\n")
    codes = {(p.path, p.code) for p in check(project).errors}
    assert codes == {
        ("glossary/a.yaml", "unknown-field"),
        ("glossary/b.yaml", "missing-field"),
        ("glossary/c.yaml", "unknown-reference"),
    }


def test_a_schema_error_does_not_cascade_into_reference_errors(project: Path) -> None:
    # mql.yaml breaks its schema; terms referring to it must not also be reported.
    path = project / "glossary" / "marketing-qualified-lead.yaml"
    path.write_text(path.read_text().replace("term: Marketing qualified lead", "term: [oops]"))
    errors = check(project).errors
    assert [(p.path, p.code) for p in errors] == [("glossary/marketing-qualified-lead.yaml", "wrong-type")]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12) | st.sampled_from(["yes", "No", "ON", "null", "Null", "true", "y", "onion", "~", "12"]))
def test_resolver_shortcut_agrees_with_pyyaml(value: str) -> None:
    import yaml

    from generator.content.yaml_reader import _ComposingLoader

    loader = _ComposingLoader("")
    try:
        for implicit in ((True, False), (False, True), (False, False), (True, True)):
            ours = loader.resolve(yaml.ScalarNode, value, implicit)
            theirs = yaml.SafeLoader.resolve(yaml.SafeLoader, yaml.ScalarNode, value, implicit)
            assert ours == theirs
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            for implicit in (True, False):
                assert loader.resolve(kind, None, implicit) == yaml.SafeLoader.resolve(
                    yaml.SafeLoader, kind, None, implicit
                )
    finally:
        loader.dispose()


def test_fast_and_careful_parsers_agree_on_the_fixtures() -> None:
    from generator.content.yaml_reader import parse_composed

    files = sorted(FIXTURES.glob("*/glossary/*.yaml")) + sorted(FIXTURES.glob("*/playbooks/*.yaml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text()
        assert parse_composed(text) == parse_yaml(text), path.name
