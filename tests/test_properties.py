"""Property tests: whatever a contributor commits, the checker answers with problems."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import load_project

from .conftest import FIXTURES

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
field_names = st.sampled_from(
    [
        "id",
        "term",
        "definition",
        "related",
        "broader",
        "sources",
        "formula",
        "stage_after",
        "examples",
        "faq",
        "status",
        "aliases",
        "abbreviation",
    ]
) | st.text(max_size=10)
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(field_names, children, max_size=6),
    max_leaves=25,
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_with_file(name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(FIXTURES / "base", root)
        (root / name).write_bytes(content)
        result = load_project(root)
        for problem in result.problems:
            assert problem.path and problem.code and problem.message
        if result.glossary is None:
            assert result.errors


@SETTINGS
@given(structures)
def test_random_structures_as_a_term_never_crash(data: object) -> None:
    check_with_file("glossary/random.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(st.dictionaries(field_names, structures, max_size=8))
def test_random_terms_with_an_id_never_crash(data: dict) -> None:
    data = {"id": "random", "term": "Random", "definition": "x", **data}
    check_with_file("glossary/random.yaml", yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(structures)
def test_random_structures_as_tactics_or_playbook_never_crash(data: object) -> None:
    content = yaml.safe_dump({"tactics": [data]}, allow_unicode=True).encode("utf-8")
    check_with_file("playbooks/tactics.yaml", content)
    check_with_file("playbooks/webinar-play.yaml", yaml.safe_dump(data).encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(content: bytes) -> None:
    check_with_file("glossary/bytes.yaml", content)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_random_unicode_text_never_crashes(text: str) -> None:
    check_with_file("glossary/text.yaml", text.encode("utf-8", "surrogatepass"))


# --- the renderer: valid content with any text renders, and the text never becomes markup ---------------

unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # any code point a YAML file can hold, RTL and NUL too
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() and "\x00" not in s)
MARKUP = ("<script", "<img", "<svg")
hostile_text = st.tuples(
    unicode_text, st.sampled_from(["", "<script>x()</script>", "<img src=x onerror=y()>", "('a') <svg onload=z()>"])
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile_text, summary=hostile_text, definition=st.text(max_size=200), alias=hostile_text)
def test_any_text_in_a_valid_term_renders_without_raw_markup(name: str, summary: str, definition: str, alias: str):
    from generator.render import render_site

    term = {"id": "fuzzed", "term": "Fuzzed " + name, "summary": summary, "aliases": [alias + " x"],
            "definition": definition.replace("\x00", "") or "d", "related": ["lead"]}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(FIXTURES / "base", root)
        (root / "glossary" / "fuzzed.yaml").write_text(yaml.safe_dump(term, allow_unicode=True), encoding="utf-8")
        result = load_project(root)
        for problem in result.problems:
            assert problem.path and problem.code and problem.message
        if result.glossary is None:
            return  # e.g. the alias clashes with another name: a clean problem, as it should be
        pages = {page.path: page.content for page in render_site(result.glossary)}
    fuzzed = pages["glossary/fuzzed.md"]
    body = fuzzed.split("---", 2)[2]
    for text in (name, summary, alias):
        for marker in MARKUP:
            if marker in text.lower():
                assert marker not in body.lower().replace("&lt;", "").replace("\uff1c", ""), (marker, text)


# --- the fast schema verdict never accepts what the full validator rejects ---------------

_VALID_TERM = yaml.safe_load((FIXTURES / "base" / "glossary" / "lead.yaml").read_text("utf-8"))
_VALID_TERM = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in _VALID_TERM.items()}
verdict_values = st.one_of(
    scalars,
    st.sampled_from(["lead", "Lead", "lead\n", "2026-11-24", "2026-02-30", "20261124", "", "a-b", "-a", "mql"]),
    st.lists(st.sampled_from(["lead", "mql", "lead", "", 1, True]), max_size=4),
    st.dictionaries(field_names, scalars, max_size=3),
    st.dictionaries(st.integers(), scalars, min_size=1, max_size=2),
    structures,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(field_names, verdict_values, max_size=3), drop=st.sets(field_names, max_size=2))
def test_fast_schema_verdict_accepts_only_what_the_full_validator_accepts(changes: dict, drop: set) -> None:
    """matches_schema (jsonschema-rs) lets a record skip the full validation (jsonschema): if it
    ever said yes to a record with an error, that error would go unreported."""
    from generator.schema import matches_schema, validator_for

    record = {k: v for k, v in {**_VALID_TERM, **changes}.items() if k not in drop}
    if matches_schema("term", record):
        assert not list(validator_for("term").iter_errors(record)), record


@SETTINGS
@given(structures)
def test_fast_schema_verdict_on_random_structures_of_every_kind(data: object) -> None:
    from generator.schema import SCHEMA_FILES, matches_schema, validator_for

    for kind in SCHEMA_FILES:
        if matches_schema(kind, data):
            assert not list(validator_for(kind).iter_errors(data)), (kind, data)


# --- Markdown constructs composed around hostile text: no heading, no active HTML, no unsafe link ---------

#: Each wraps its inner text ({p}); nested, they compose (a heading in a quote in a list item...).
CONSTRUCTS = [
    "## {p}",
    "{p}\n---",
    "{p}\n===",
    "- {p}",
    "1. {p}",
    "> {p}",
    "| {p} | x |\n|---|---|\n| y | {p} |",
    "[r][r]\n\n[r]: https://example.com/ '{p}'",
    "[t](https://example.com/ '{p}')",
    "Note[^1]\n\n[^1]: https://example.com/ {p}",
    "`{p}` **{p}**",
    "[q][q]\n\n> - [q]: data:text/html,{p}",
    "[d](data:text/html,{p})",
]
composed_markdown = st.recursive(
    hostile_text,
    lambda inner: st.tuples(st.sampled_from(CONSTRUCTS), inner).map(lambda pair: pair[0].format(p=pair[1])),
    max_leaves=4,
)
#: The sections term.md.j2 makes for a term with only a definition and related terms.
TEMPLATE_SECTIONS = {"Definition", "Related terms"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definition=st.lists(composed_markdown, min_size=1, max_size=3).map("\n\n".join))
def test_markdown_constructs_around_hostile_text_never_make_headings_or_active_html(definition: str) -> None:
    import markdown

    from generator.render import Renderer
    from generator.safe_html import SafeLinksExtension

    from .conftest import unsafe_html

    term = {"id": "fuzzed", "term": "Fuzzed", "definition": definition, "related": ["lead"]}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(FIXTURES / "base", root)
        (root / "glossary" / "fuzzed.yaml").write_text(yaml.safe_dump(term, allow_unicode=True), encoding="utf-8")
        result = load_project(root)
    if result.glossary is None:
        assert all(p.code in ("unsafe-link", "relative-link") for p in result.errors), result.errors
        # Refused by the check; the renderer must still hold: render the model with the definition changed.
        clean = {**term, "definition": "d"}
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "p"
            shutil.copytree(FIXTURES / "base", root)
            (root / "glossary" / "fuzzed.yaml").write_text(yaml.safe_dump(clean), encoding="utf-8")
            glossary = load_project(root).require()
        object.__setattr__(glossary.terms["fuzzed"], "definition", definition)
    else:
        glossary = result.glossary
    renderer = Renderer(glossary)
    definition_html = renderer.html(definition)
    assert unsafe_html(definition_html) == [], definition_html
    assert not re.search(r"<h[1-6]", definition_html), definition_html
    page = renderer.render("term.md.j2", "glossary/fuzzed.md", term=glossary.terms["fuzzed"]).content
    converter = markdown.Markdown(extensions=["tables", "admonition", "toc", SafeLinksExtension()])
    page_html = converter.convert(page.split("---", 2)[2])
    assert unsafe_html(page_html) == [], page_html
    sections = {token["name"] for token in converter.toc_tokens[0]["children"]}
    assert sections <= TEMPLATE_SECTIONS | {"Sources", "Used in"}, sections
