"""The fast prose path writes exactly the HTML Python-Markdown writes, or declines.

The data files (terms.json, tactics.json, the classifier's data) carry each Markdown
field as HTML. generator/site/prose.py renders plain prose with [[links]] itself; these tests
compare it with Python-Markdown (the slow path the renderer used before) on generated
text full of Markdown syntax, on the repository's content and on a synthetic corpus
(PROSE_EXAMPLES=6000 runs the generated comparison longer).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import load_project
from generator.site.escaping import defused
from generator.site.prose import prose_html
from generator.site.render import Renderer

from .conftest import FIXTURES, REPO

BASE = "https://glossary.example.com/"


def slow_html(renderer: Renderer, value: str, base: str = BASE) -> str:
    """The data files' HTML as Python-Markdown makes it (the path before the fast one)."""
    return renderer.html_by_python_markdown(value, base)


def fast_html(renderer: Renderer, value: str, base: str = BASE) -> str | None:
    """The fast path's answer, or None where it hands the field to Python-Markdown."""
    return prose_html(defused(value), lambda match: renderer._link_element(match, base))


@pytest.fixture(scope="module")
def repository_renderer() -> Renderer:
    return Renderer(load_project(FIXTURES / "site").require())


class OneTermGlossary:
    """The fixture's glossary, except that 'lead' has the name and summary under test."""

    def __init__(self, glossary, name: str, summary: str):
        self._glossary = glossary
        self._lead = dataclasses.replace(glossary.terms["lead"], term=name, summary=summary)

    def lookup(self, name: str):
        found = self._glossary.lookup(name)
        return self._lead if found is not None and found.id == "lead" else found


# Text made of the pieces that matter to Markdown: words, every inline special, line
# starts that open blocks, blank lines, trailing spaces, links, and odd Unicode.
pieces = st.sampled_from(
    [
        "Lead",
        "qualified",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\n   \n",
        "\n\n\n",
        ".",
        ",",
        "(",
        ")",
        '"',
        "'",
        ":",
        "/",
        "-",
        "- ",
        "+ ",
        "1. ",
        "2026",
        "# ",
        "> ",
        "    ",
        "\t",
        "*",
        "**",
        "_",
        "`",
        "\\",
        "[",
        "]",
        "](",
        "!",
        "&",
        "&amp;",
        "&#x27;",
        "<",
        ">",
        "|",
        "~",
        "=",
        "===",
        "---",
        "{",
        "}",
        "https://example.com/a_b",
        "javascript:alert(1)",
        "[[lead]]",
        "[[Lead|the lead]]",
        "[[mql]]",
        "[[MQL|*em* & <b>]]",
        "[[no such term]]",
        "[[lead|]]",
        "[[lead|a\x00b]]",
        "[[lead|a\x02b]]",
        "\u05e9\u05dc\u05d5\u05dd",  # Hebrew (RTL)
        "e\u0301",  # combining mark
        "\U0001f600",
        "\u00a0",
        "\u2028",
        "\x00",
        "\x02",
        "\r",
        "\u00c9t\u00e9",
        "ß",
    ]
)
# Mostly prose, so that the fast path answers often and its links, labels and titles are compared.
prose_pieces = st.sampled_from(
    ["Lead", "scored", " ", "\n", "\n\n", ".", ",", "(", ")", "'", '"', ":", "-", "50%", "\u00c9t\u00e9", "[[lead]]"]
    + ["[[Lead|the lead]]", "[[mql]]", "[[MQL|*em* & <b>]]", "[[lead|]]", "\u05e9\u05dc\u05d5\u05dd", "\U0001f600"]
)
texts = st.one_of(
    st.lists(pieces, min_size=1, max_size=25).map("".join),
    st.lists(prose_pieces, min_size=1, max_size=25).map(lambda parts: "A " + "".join(parts)),
)
labels = st.lists(
    st.sampled_from(
        list("Ab é'\"()&<>*_[]\\#|!`~-.:;\u00a0\u2028")
        + ["&amp;", "  ", "&#x27;", "\U0001f600", "\x00", "\x02", "\t", "\x7f"]
    ),
    min_size=1,
    max_size=20,
).map("".join)


@settings(
    max_examples=int(os.environ.get("PROSE_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=texts, name=labels, summary=labels)
def test_fast_path_equals_python_markdown_or_declines(repository_renderer, text, name, summary):
    renderer = repository_renderer
    real = renderer.glossary
    renderer.glossary = OneTermGlossary(real, name, summary)
    try:
        fast = fast_html(renderer, text)
        if fast is not None:
            assert fast == slow_html(renderer, text)
    finally:
        renderer.glossary = real


@pytest.mark.parametrize(
    "text",
    [
        "A lead is a person.",
        "A [[lead]] becomes an [[mql|MQL]] when scored.\n\nSecond paragraph,\nwrapped once.",
        "[[lead]] first, then prose (with brackets) and 'quotes' and \"double\" ones: 50% - fine.",
        "Étude \u05e9\u05dc\u05d5\u05dd \U0001f600 e\u0301.\n\n\n\nAfter several blank lines.",
    ],
)
def test_plain_prose_takes_the_fast_path(repository_renderer, text):
    fast = fast_html(repository_renderer, text)
    assert fast is not None
    assert fast == slow_html(repository_renderer, text)


@pytest.mark.parametrize(
    "text",
    [
        "- a list",
        "A **bold** word",
        "A line  \nbreak",
        "Tom & Jerry",
        "<b>raw</b>",
        "    code",
        "Heading\n===",
        "[[no such term]]",
        "a | b\n--|--\n1 | 2",
        "A [[lead|a\x00b]] with a NUL in the label.",
    ],
)
def test_anything_more_than_prose_goes_to_python_markdown(repository_renderer, text):
    assert fast_html(repository_renderer, text) is None


def test_repository_fields_render_the_same_and_most_take_the_fast_path(repository_renderer):
    glossary = repository_renderer.glossary
    fields = [t.definition for t in glossary.terms.values()] + [t.rationale for t in glossary.tactics.values()]
    fast = 0
    for value in fields:
        answer = fast_html(repository_renderer, value)
        if answer is not None:
            fast += 1
            assert answer == slow_html(repository_renderer, value), value
    assert fast >= len(fields) // 2, f"only {fast} of {len(fields)} fields took the fast path"


def test_synthetic_corpus_renders_the_same(tmp_path):
    root = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "300", str(root)], check=True, capture_output=True
    )
    renderer = Renderer(load_project(root).require())
    glossary = renderer.glossary
    fields = [t.definition for t in glossary.terms.values()] + [t.rationale for t in glossary.tactics.values()]
    answers = [(value, fast_html(renderer, value)) for value in fields]
    assert all(answer is not None for _, answer in answers)
    for value, answer in answers:
        assert answer == slow_html(renderer, value), value


@pytest.mark.parametrize(("name", "summary"), [("A~B", "Plain."), ("Lead", "Uses `code` twice: `a`")])
def test_names_and_summaries_that_broke_python_markdown_links(repository_renderer, name, summary):
    """Found by the comparison above: '\\~' showed its backslash, and backticks in two titles on one
    line made a code span of the Markdown between the links."""
    renderer = repository_renderer
    real = renderer.glossary
    renderer.glossary = OneTermGlossary(real, name, summary)
    try:
        slow = slow_html(renderer, "A [[lead]][[lead]] end.")
        assert slow.count("<a ") == 2 and "<code>" not in slow and "\\" not in slow
        assert fast_html(renderer, "A [[lead]][[lead]] end.") == slow
    finally:
        renderer.glossary = real
