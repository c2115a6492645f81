"""Property tests: whatever a contributor commits, the checker answers with problems."""

from __future__ import annotations

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
