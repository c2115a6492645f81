"""Pathological Markdown cannot stall or crash a build (issue 26, items 2, 3, 5).

``glossary check`` refuses, with file:line, the shapes that make Python-Markdown super-linear or
overflow its stack (generator/checks/markdown_limits.py; benchmarks/bench_markdown.py measures them), in
every field that takes Markdown; a renderer failure is one line naming the file and field; and a
'<' in a code span or a [[link]]'s label shows as '<' on every place the text is shown.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import ContentError
from generator.checks.markdown_limits import (
    MAX_BACKTICK_LENGTHS,
    MAX_BLOCK_LINES,
    MAX_BRACKET_DEPTH,
    MAX_CONTAINER_DEPTH,
    MAX_FILE_WEIGHT,
    MAX_INLINE_MARKUP,
    MAX_OPEN_LINKS,
    exact_limit_problems,
    file_weight_bound,
    markdown_limit_problems,
    markdown_weight,
)
from generator.checks.records import CheckOptions
from generator.site.build import build_site
from generator.site.data_files import data_pages
from generator.site.render import Renderer, RenderError
from generator.site.search_shards import read_index
from generator.site.staging import BuildError

from .conftest import FIXTURES, check, site_project

# --- the limits, on one field ------------------------------------------------------------------------


def shapes(text: str) -> list[str]:
    return [problem.shape for problem in markdown_limit_problems(text)]


def nested_list(levels: int, indent: str = "  ") -> str:
    return "\n".join(indent * depth + "- x" for depth in range(levels))


def nested_quote(levels: int) -> str:
    return "\n".join("> " * depth + "x" for depth in range(1, levels + 1))


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("[" * 8000, "unclosed-brackets"),  # the issue's 36-second build
        ("![" * (MAX_OPEN_LINKS + 1), "unclosed-brackets"),
        ("[a](" * (MAX_OPEN_LINKS + 1), "unclosed-brackets"),
        ("[a](b " * (MAX_OPEN_LINKS + 1), "unclosed-brackets"),
        ('[a](https://x.com "t") ' * (MAX_OPEN_LINKS + 1), "unclosed-brackets"),  # titles may scan past ')'
        ("[[" * (MAX_OPEN_LINKS + 1), "unclosed-brackets"),
        ("[" * (MAX_BRACKET_DEPTH + 1) + "]" * (MAX_BRACKET_DEPTH + 1), "nested-brackets"),
        ("[a](" * (MAX_BRACKET_DEPTH + 1) + ")" * (MAX_BRACKET_DEPTH + 1), "nested-brackets"),
        ("*a* " * (MAX_INLINE_MARKUP // 2 + 1), "inline-markup"),
        ("`a` " * (MAX_INLINE_MARKUP // 2 + 1), "inline-markup"),
        ("< " * (MAX_INLINE_MARKUP + 1), "inline-markup"),
        ("&amp; " * (MAX_INLINE_MARKUP + 1), "inline-markup"),
        ("\\* " * (MAX_INLINE_MARKUP // 2 + 1), "inline-markup"),
        ("".join("`" * k + "a" for k in range(1, 62)), "backtick-runs"),
        (nested_list(700), "nesting"),  # the issue's RecursionError
        (nested_list(MAX_CONTAINER_DEPTH + 1, "    "), "nesting"),
        (nested_quote(MAX_CONTAINER_DEPTH + 1), "nesting"),
        ("\n".join("> " * d + "- x" for d in range(1, MAX_CONTAINER_DEPTH + 1)), "nesting"),  # quotes and lists
        ("\n".join(" " * 2 * d + "1. x" for d in range(MAX_CONTAINER_DEPTH + 1)), "nesting"),
        ("x\n" + " " * (2 * MAX_CONTAINER_DEPTH + 2) + "indented", "nesting"),
        ("\n".join("\t" * d + "- x" for d in range(MAX_CONTAINER_DEPTH // 2 + 1)), "nesting"),
        # one block split one line at a time (issue 26 review: 100,000 '# a' lines built in 78 s)
        ("# a\n" * (MAX_BLOCK_LINES + 1), "block-lines"),
        ("a  \n" * (MAX_BLOCK_LINES + 1), "block-lines"),
        ("!!! note\n" * (MAX_BLOCK_LINES + 1), "block-lines"),
        ("a\n=\n" * (MAX_BLOCK_LINES // 2 + 1), "block-lines"),
        ("x\n\n" + "a\n" * (MAX_BLOCK_LINES + 1), "block-lines"),
    ],
)
def test_a_shape_past_its_limit_is_refused(text: str, shape: str) -> None:
    assert shape in shapes(text)


@pytest.mark.parametrize(
    "text",
    [
        "A person who showed interest. See [[marketing-qualified-lead]] and [[lead|leads]]s.",
        "[" * (MAX_OPEN_LINKS - 1) + " half-open intervals, [0, 1) and so on",
        "[a](https://example.com) " * 200,  # closed links do not add up, however many
        '[a](https://example.com "a title") ' * MAX_OPEN_LINKS,
        "[" * MAX_BRACKET_DEPTH + "a" + "]" * MAX_BRACKET_DEPTH,
        "\\[" * (MAX_INLINE_MARKUP // 2),  # escaped brackets open nothing
        "*a* " * (MAX_INLINE_MARKUP // 2),
        "\n\n".join(["*a* " * 900] * 5),  # the limit is per paragraph
        nested_list(MAX_CONTAINER_DEPTH),
        nested_quote(MAX_CONTAINER_DEPTH // 2),
        "Use `<b>` and `[x` in code, and 2 < 3 & 4 > 1.",
        "".join("`" * k + "a" for k in range(1, MAX_BACKTICK_LENGTHS + 1)),
        "lorem ipsum " * 50_000,
        "\n\n".join(["# a\n" * MAX_BLOCK_LINES] * 3),  # the limit is per block
        "x\n\n" + "a  \n" * (MAX_BLOCK_LINES - 1) + "a",
    ],
)
def test_prose_and_ordinary_markup_pass(text: str) -> None:
    assert shapes(text) == []


# --- in glossary check, on fixture projects: every Markdown field, file:line ---------------------------


def base_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "base", root)
    return root


def edit_yaml(path: Path, change) -> None:  # noqa: ANN001 - a function of the loaded YAML
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9))


BAD = "See " + "[" * 50 + " here."

#: (file, how to put BAD into one Markdown field, the field's name in the message)
FIELDS = [
    ("glossary/lead.yaml", lambda d: d.update(definition=BAD), "'definition'"),
    ("glossary/lead.yaml", lambda d: d.update(examples=[{"title": "One", "text": BAD}]), "'examples[0].text'"),
    ("glossary/lead.yaml", lambda d: d.update(faq=[{"question": "Why?", "answer": BAD}]), "'faq[0].answer'"),
    ("playbooks/tactics.yaml", lambda d: d["tactics"][0].update(rationale=BAD), "'rationale'"),
    ("playbooks/tactics.yaml", lambda d: d["tactics"][1]["disputed"][0].update(note=BAD), "'disputed[0].note'"),
    ("playbooks/tactic-tables.yaml", lambda d: d["tables"][0].update(caption=BAD), "'caption'"),
    ("playbooks/tactic-tables.yaml", lambda d: d["tables"][0]["footnotes"][0].update(text=BAD), "'footnotes[0].text'"),
    ("playbooks/webinar-play.yaml", lambda d: d.update(goal=BAD), "'goal'"),
    ("playbooks/webinar-play.yaml", lambda d: d["steps"][0].update(text=BAD), "'steps[0].text'"),
]


@pytest.mark.parametrize(("file", "change", "field"), FIELDS)
def test_every_markdown_field_is_held_to_the_limits(tmp_path: Path, file: str, change, field: str) -> None:
    root = base_project(tmp_path)
    edit_yaml(root / file, change)
    problems = [p for p in check(root).problems if p.code == "markdown-unclosed-brackets"]
    assert len(problems) == 1, check(root).problems
    problem = problems[0]
    assert problem.path == file and field in problem.message and "the limit is" in problem.message
    line = (root / file).read_text().splitlines()[problem.line - 1]
    assert BAD in line, "the line named holds the field"
    assert "\\[" in problem.hint, "the hint says how to fix it"


def test_the_issue_700_level_list_is_refused_at_its_line(tmp_path: Path) -> None:
    root = base_project(tmp_path)
    lead = root / "glossary" / "lead.yaml"
    block = "\n".join("  " + line for line in nested_list(700).splitlines())
    lead.write_text(re.sub(r"(?m)^definition: .*$", lambda _: "definition: |\n" + block, lead.read_text()))
    problems = [p for p in check(root).problems if p.code == "markdown-nesting"]
    assert [(p.path, p.line) for p in problems] == [("glossary/lead.yaml", 5 + MAX_CONTAINER_DEPTH)]
    assert "17 levels deep (the limit is 16)" in problems[0].message


def definition_block(root: Path, text: str) -> int:
    """Write ``text`` as lead.yaml's definition in a block scalar; the line of its first line."""
    lead = root / "glossary" / "lead.yaml"
    block = "\n".join("  " + line for line in text.splitlines())
    lead.write_text(re.sub(r"(?m)^definition: .*$", lambda _: "definition: |\n" + block, lead.read_text()))
    return lead.read_text().splitlines().index("definition: |") + 2


@pytest.mark.parametrize("line", ["# a", "a  ", "!!! note"])
def test_the_issues_long_blocks_are_refused_at_the_first_line_past_the_limit(tmp_path: Path, line: str) -> None:
    """The review built 100,000 '# a' or 'a  ' lines in 78 and 35 s, 90,000 '!!! note' lines in over 100 s."""
    root = base_project(tmp_path)
    first = definition_block(root, "Intro.\n\n" + (line + "\n") * 50_000)
    problems = [p for p in check(root).problems if p.code.startswith("markdown-")]
    assert {p.code for p in problems} == {"markdown-block-lines", "markdown-file-weight"}
    [problem] = [p for p in problems if p.code == "markdown-block-lines"]
    assert (problem.path, problem.line) == ("glossary/lead.yaml", first + 2 + MAX_BLOCK_LINES)
    assert "block of 50000 lines" in problem.message and f"the limit is {MAX_BLOCK_LINES}" in problem.message
    assert "'definition'" in problem.message and "blank line" in problem.hint


@pytest.mark.parametrize("line", ["# a", "a  ", "!!! note", "a\n---"])
def test_headings_admonitions_hard_breaks_and_rules_count_towards_the_file(tmp_path: Path, line: str) -> None:
    root = base_project(tmp_path)
    blocks = MAX_FILE_WEIGHT // (MAX_BLOCK_LINES // 2) + 1
    definition_block(root, "\n\n".join([(line + "\n") * (MAX_BLOCK_LINES // 2)] * blocks))
    assert [p.code for p in check(root).problems] == ["markdown-file-weight"]


def test_a_file_past_the_markup_budget_is_refused_at_the_field_that_passes_it(tmp_path: Path) -> None:
    root = base_project(tmp_path)
    paragraph = "*a* " * 900  # 1,800 pieces: within the paragraph limit
    examples = [{"title": "One", "text": paragraph} for _ in range(MAX_FILE_WEIGHT // 1800 + 1)]
    edit_yaml(root / "glossary" / "lead.yaml", lambda d: d.update(examples=examples))
    problems = [p for p in check(root).problems if p.code.startswith("markdown-")]
    assert [p.code for p in problems] == ["markdown-file-weight"]
    assert f"'examples[{MAX_FILE_WEIGHT // 1800}].text'" in problems[0].message


def test_unclosed_brackets_before_a_long_paragraph_count_towards_the_file(tmp_path: Path) -> None:
    root = base_project(tmp_path)
    definition = "[" * MAX_OPEN_LINKS + "lorem ipsum " * 40_000  # 4 searches through 480 KB
    edit_yaml(root / "glossary" / "lead.yaml", lambda d: d.update(definition=definition))
    assert [p.code for p in check(root).problems] == ["markdown-file-weight"]
    assert shapes(definition) == [], "within the paragraph's limits"


def test_the_issue_8000_brackets_never_reach_the_renderer(tmp_path: Path) -> None:
    root = site_project(tmp_path / "project", FIXTURES / "base")
    edit_yaml(root / "glossary" / "lead.yaml", lambda d: d.update(definition="[" * 8000))
    with pytest.raises(ContentError) as refused:
        build_site(root, options=CheckOptions())
    assert {p.code for p in refused.value.errors} >= {"markdown-unclosed-brackets", "markdown-inline-markup"}
    assert not (root / "site").exists()


def test_a_summary_full_of_brackets_adds_none_to_the_pages_linking_its_term(tmp_path: Path) -> None:
    """A summary is plain text (no Markdown limits), copied into the title of every link to its term:
    300 '[' there and 100 links to the term took 103 s to render. Titles hold no bracket and are short."""
    root = base_project(tmp_path)
    summary = "Someone [who] showed " + "[ " * 130 + " interest " * 100
    edit_yaml(root / "glossary" / "lead.yaml", lambda d: d.update(summary=summary))
    edit_yaml(root / "glossary" / "sales-qualified-lead.yaml", lambda d: d.update(definition="[[lead]] " * 100))
    renderer = Renderer(check(root).require())
    page = renderer.markdown("[[lead]] " * 100, "glossary/sales-qualified-lead.md", None)
    titles = re.findall(r'\]\(lead\.md "([^"]*)"\)', page)
    assert len(titles) == 100
    assert all("[" not in t and "]" not in t and len(t) < 2000 and t.endswith("\u2026") for t in titles)
    assert titles[0].startswith("Someone &#91;who&#93; showed &#91; &#91; &#91;")
    html = renderer.html("[[lead]]")
    assert 'title="Someone &#91;who&#93; showed &#91;' in html and html == renderer.html_by_python_markdown("[[lead]]")


# --- a renderer failure is one line naming the file and the field ---------------------------------------


def test_a_field_the_renderer_fails_on_is_named_with_its_file(tmp_path: Path, monkeypatch) -> None:
    root = base_project(tmp_path)
    edit_yaml(root / "glossary" / "lead.yaml", lambda d: d.update(examples=[{"title": "One", "text": "Deep *text*"}]))
    glossary = check(root).require()
    renderer = Renderer(glossary)
    real = renderer.markdown

    def failing(value: str, *args, **kwargs) -> str:
        if "Deep" in value:
            raise RecursionError("maximum recursion depth exceeded")
        return real(value, *args, **kwargs)

    monkeypatch.setattr(renderer, "markdown", failing)
    with pytest.raises(RenderError) as failed:
        renderer.render_site()
    assert str(failed.value).startswith("glossary/lead.yaml: 'examples[0].text' could not be rendered (RecursionError")
    assert "\n" not in str(failed.value)


def test_a_data_field_the_renderer_fails_on_is_named_with_its_file(tmp_path: Path, monkeypatch) -> None:
    root = base_project(tmp_path)
    edit_yaml(root / "playbooks" / "tactics.yaml", lambda d: d["tactics"][0].update(rationale="A *strong* case."))
    renderer = Renderer(check(root).require())

    def failing(value: str, base: str = "") -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(renderer, "html_by_python_markdown", failing)
    named = r"^playbooks/tactics\.yaml \(tactic 'webinar'\): 'rationale' could not be rendered"
    with pytest.raises(RenderError, match=named):
        data_pages(renderer.glossary, renderer.site_url, renderer.html)


def overflow_on(word: str, monkeypatch) -> None:  # noqa: ANN001 - pytest's monkeypatch
    """Python-Markdown raises RecursionError on any paragraph holding ``word``, as on a deep list."""
    import markdown.blockprocessors

    real = markdown.blockprocessors.ParagraphProcessor.run

    def overflow(self, parent, blocks):  # noqa: ANN001 - Python-Markdown's signature
        if word in blocks[0]:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, parent, blocks)

    monkeypatch.setattr(markdown.blockprocessors.ParagraphProcessor, "run", overflow)


@pytest.fixture(scope="module")
def built_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_project(tmp_path_factory.mktemp("failing") / "project", FIXTURES / "base")
    build_site(root, options=CheckOptions())
    return root


def test_a_page_python_markdown_fails_on_is_one_line_and_the_site_stays(built_base: Path, monkeypatch) -> None:
    before = sorted(p.name for p in (built_base / "site").iterdir())
    # plain prose: terms.json takes the fast path, so the page is where Python-Markdown meets it
    edit_yaml(built_base / "glossary" / "lead.yaml", lambda d: d.update(definition="A person deeply nested."))
    overflow_on("deeply", monkeypatch)
    with pytest.raises(BuildError) as failed:
        build_site(built_base, options=CheckOptions())
    message = str(failed.value).split("\nMkDocs warned:")[0]
    assert "\n" not in message
    assert "RecursionError" in message and "glossary/lead.md" in message and "glossary/lead.yaml" in message
    assert sorted(p.name for p in (built_base / "site").iterdir()) == before


def test_a_data_field_python_markdown_fails_on_stops_the_build_with_one_line(built_base: Path, monkeypatch) -> None:
    edit_yaml(built_base / "glossary" / "lead.yaml", lambda d: d.update(definition="A person, *deeply* nested."))
    overflow_on("deeply", monkeypatch)
    with pytest.raises(BuildError) as failed:
        build_site(built_base, options=CheckOptions())
    lines = str(failed.value).splitlines()
    said = "glossary/lead.yaml: 'definition' could not be rendered (RecursionError: maximum recursion depth exceeded)"
    assert any(said in line for line in lines), lines
    assert "Traceback" not in str(failed.value)


# --- '<' in code and in [[link]] labels: escaped once, wherever the text is shown ------------------------

CODE = "Scored in `<b>score</b>` and `a &lt; b`; see [[marketing-qualified-lead|MQL <b>]] and 2 < 3."


@pytest.fixture(scope="module")
def built_with_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_project(tmp_path_factory.mktemp("code") / "project", FIXTURES / "base")
    edit_yaml(root / "glossary" / "lead.yaml", lambda d: d.update(definition=CODE))
    edit_yaml(root / "playbooks" / "tactics.yaml", lambda d: d["tactics"][0].update(rationale=CODE))
    text = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*$", "site_url: https://glossary.example.com/", text))
    build_site(root, options=CheckOptions())
    return root / "site"


def assert_shown_once_escaped(html: str) -> None:
    assert "<code>&lt;b&gt;score&lt;/b&gt;</code>" in html
    assert "<code>a &lt; b</code>" in html
    assert "&amp;lt;" not in html and "&amp;amp;" not in html
    assert "<b>" not in html, "no tag from the text"


def test_code_and_labels_on_the_term_page(built_with_code: Path) -> None:
    page = (built_with_code / "glossary" / "lead" / "index.html").read_text()
    assert_shown_once_escaped(page)
    assert re.search(r'<a [^>]*href="\.\./marketing-qualified-lead/"[^>]*>MQL ＜b＞</a>', page)


def test_code_and_labels_on_the_tactic_page(built_with_code: Path) -> None:
    assert_shown_once_escaped((built_with_code / "tactics" / "webinar" / "index.html").read_text())


def test_code_and_labels_in_terms_json_and_the_embed_data(built_with_code: Path) -> None:
    terms = {t["id"]: t for t in json.loads((built_with_code / "terms.json").read_text())["terms"]}
    html = terms["lead"]["definition_html"]
    assert_shown_once_escaped(html)
    assert ">MQL ＜b＞</a>" in html
    tactics = {t["id"]: t for t in json.loads((built_with_code / "tactics.json").read_text())["tactics"]}
    assert_shown_once_escaped(tactics["webinar"]["rationale_html"])
    assert "&amp;lt;" not in (built_with_code / "embed-data.js").read_text()


def test_code_in_the_search_index(built_with_code: Path) -> None:
    """The index holds the words as the page shows them, never its markup escaped (the search worker
    escapes what it shows): the code's words are found ("a &lt; b" shows "lt"), no "amp" of "&amp;lt;"."""
    page = next(page for page in read_index(built_with_code) if page.location == "glossary/lead/")
    assert {"b", "score", "lt"} <= page.words
    assert "amp" not in page.words


def test_the_benchmark_shapes_at_the_limits_pass_check() -> None:
    """benchmarks/bench_markdown.py's limit-* shapes are what check lets through (else their times
    would not be the worst a build can meet)."""
    import sys

    from generator.checks.markdown_limits import markdown_weight

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_markdown import SHAPES

    limits = {name: shape(900) for name, shape in SHAPES.items() if name.startswith("limit-")}
    assert len(limits) >= 8
    for name, text in limits.items():
        assert shapes(text) == [], name
        assert markdown_weight(text) <= MAX_FILE_WEIGHT, name
        assert 600_000 < len(text.encode()) < 1_000_000, name


# --- the shortcuts check takes find what the exact walk finds ------------------------------------------

#: Pieces of Markdown around the limits: brackets, [[links]], link targets with and without titles,
#: escapes, backtick runs, container prefixes, blank lines, prose.
_PIECES = st.sampled_from(
    ["[", "]", "[[a]]", "[[a|b]]", "[a](b)", '[a](b "t")', "](", "(", ")", "\\[", "\\", "`", "``", "```",
     "*", "_", "<", "&amp;", " ", "x ", "word ", "\n", "\n\n", "\n> ", "\n  - ", "\n    1. ", "\t", "> > > > > "]
)  # fmt: skip


def _found(problems) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(p.offset, p.shape, p.message) for p in problems]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.integers(min_value=1, max_value=40))
def test_the_shortcuts_find_what_the_exact_walk_finds(pieces: list[str], repeat: int) -> None:
    for text in ("".join(pieces), "".join(pieces) * repeat):
        fast_scanned: list[int] = []
        exact_scanned: list[int] = []
        assert _found(markdown_limit_problems(text, fast_scanned)) == _found(exact_limit_problems(text, exact_scanned))
        assert sum(fast_scanned) == sum(exact_scanned)
        assert file_weight_bound(text) >= markdown_weight(text, sum(exact_scanned))


@pytest.mark.parametrize(
    "text",
    [
        "[[a]] [[b|c]] [d] and prose",  # closed, two deep: the shortcut settles it
        "[[[a]]]",  # three deep: the walk
        "[a\n\nb]",  # a pair across paragraphs is two unclosed brackets
        "[" * (MAX_OPEN_LINKS + 1) + "]" * (MAX_OPEN_LINKS + 1),
        "`a` ``b`` ```c``` ````d```` `````e`````",
        "x\n" + " " * 9 + "y",
        "x\n" + " " * 8 + "y",
    ],
)
def test_the_shortcuts_at_their_edges(text: str) -> None:
    fast_scanned: list[int] = []
    exact_scanned: list[int] = []
    assert _found(markdown_limit_problems(text, fast_scanned)) == _found(exact_limit_problems(text, exact_scanned))
    assert sum(fast_scanned) == sum(exact_scanned)
