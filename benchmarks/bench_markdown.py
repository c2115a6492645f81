"""Time the Markdown shapes that can make rendering super-linear, at growing sizes; print a table.

    python benchmarks/bench_markdown.py                    # every shape at 2k, 4k, 8k, 16k repetitions
    python benchmarks/bench_markdown.py --sizes 1000 8000 --shapes bracket star
    python benchmarks/bench_markdown.py --cap 5            # skip a shape's larger sizes once one takes 5 s
    python benchmarks/bench_markdown.py --skip-refused     # time only what check lets through

One definition of the shape repeated N times is put into the smallest valid project
(tests/fixtures/base), and three things are timed in this process:

* check: what ``glossary check`` runs on one Markdown field (links, [[links]], and the Markdown
  limits of generator/checks/markdown_limits.py when present), on that text;
* page: the term page's Markdown for the field (``Renderer.markdown``) converted by Python-Markdown
  with mkdocs.yml's extensions and the plugin's SafeLinks, as ``glossary build`` does;
* data: the field as HTML for terms.json (``Renderer.html``).

Whether ``check`` refuses the text is shown too: a refused text never reaches the renderer
in a build, so its render time is what the limit saves. Figures are printed, never asserted.
Rendering a refused shape at 16k repetitions can take minutes: ``--cap`` skips the sizes
after the first one slower than the cap.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import markdown  # noqa: E402

from generator import load_project  # noqa: E402
from generator.core.safe_html import SafeLinksExtension, unsafe_targets  # noqa: E402
from generator.core.text import WIKILINK, relative_link_targets  # noqa: E402
from generator.site.render import Renderer  # noqa: E402

try:
    from generator.checks.markdown_limits import MAX_FILE_WEIGHT, markdown_limit_problems, markdown_weight
except ImportError:  # before the limits existed (the "before" column)
    markdown_limit_problems = None


def _nested_list(n: int) -> str:
    return "\n".join("  " * depth + "- x" for depth in range(n))


def _nested_quote(n: int) -> str:
    return "\n".join("> " * depth + "x" for depth in range(1, n + 1))


def _blocks(lines: list[str], size: int) -> str:
    """``lines`` in blocks of ``size`` lines with a blank line between blocks."""
    return "\n\n".join("\n".join(lines[start : start + size]) for start in range(0, len(lines), size))


#: name -> (how one size is written, what it is)
SHAPES: dict[str, Callable[[int], str]] = {
    "bracket": lambda n: "[" * n,
    "image": lambda n: "![" * n,
    "link-opener": lambda n: "[a](" * n,
    "link-unclosed-target": lambda n: "[a](b " * n,
    "bracket-closed-nested": lambda n: "[" * n + "]" * n,
    "bracket-pairs": lambda n: "[a] " * n,
    "wikilink-opener": lambda n: "[[" * n,
    "star": lambda n: "*" * n,
    "star-a": lambda n: "*a " * n,
    "underscore-a": lambda n: "_a " * n,
    "emphasis-pairs": lambda n: "*a* " * n,
    "strong-pairs": lambda n: "**a** " * n,
    "angle": lambda n: "<" * n,
    "angle-a": lambda n: "<a " * n,
    "ampersand": lambda n: "&amp; " * n,
    "backtick": lambda n: "`" * n,
    "backtick-runs": lambda n: "".join("`" * (i % 50 + 1) + "a" for i in range(n)),
    "code-spans": lambda n: "`a` " * n,
    "backslash": lambda n: "\\*" * n,
    "nested-list": _nested_list,
    "nested-quote": _nested_quote,
    "quote-list": lambda n: "\n".join("> " * d + "- x" for d in range(1, n + 1)),
    "table-rows": lambda n: "a|b\n-|-\n" + "c|d\n" * n,
    "plain-words": lambda n: "lorem ipsum " * n,
    "wikilink-unclosed-pairs": lambda n: "[[a] b] " * n,
    "backtick-distinct": lambda n: "".join("`" * k + "a" for k in range(1, n + 1)),
    # Lines with no blank line between them are one block, which several block processors split one
    # line at a time, copying the rest of the block each time (issue 26 review, F2).
    "heading-lines": lambda n: "# a\n" * n,
    "hard-break-lines": lambda n: "a  \n" * n,
    "admonition-lines": lambda n: "!!! note\n" * n,
    "setext-lines": lambda n: "a\n=\n" * n,
    "rule-lines": lambda n: "a\n\n---\n" * n,
    "plain-lines": lambda n: "a\n" * n,
    "list-lines": lambda n: "- a\n" * n,
    "quote-lines": lambda n: "> a\n" * n,
    # At the limits of generator/checks/markdown_limits.py (what `check` lets through) with about n KB of
    # prose around: run with --sizes 1000 for the 1 MB worst cases that `check` accepts.
    "limit-unclosed-long": lambda n: "[" * 4 + "lorem ipsum " * 8000 + "\n\n" + "lorem ipsum " * (n * 77),
    "limit-markup-long": lambda n: "*a* " * 1000 + "lorem ipsum " * (n * 85),
    "limit-backticks-long": lambda n: "`a`` ``a```a````a" + "lorem ipsum " * (n * 85),
    "limit-markup-paragraphs": lambda n: "\n\n".join(["*a* " * 500 + "lorem ipsum " * (n * 8)] * 9),
    "limit-links-paragraphs": lambda n: "\n\n".join(
        [" [a](https://x.io)" * 997 + " lorem ipsum" * (n * 20) + " [" * 4] * 4
    ),
    "limit-nested-brackets": lambda n: "\n\n".join(["[ " * 8 + "a" + " ]" * 8 + " lorem ipsum" * (n // 8)] * 500),
    "limit-nesting-lists": lambda n: _blocks(
        ["  " * (d % 16) + "- x" + " lorem ipsum" * (n // 130) for d in range(9000)], 192
    ),
    "limit-nesting-quotes": lambda n: _blocks(
        ["> " * (d % 16 + 1) + "x" + " lorem ipsum" * (n // 130) for d in range(9000)], 192
    ),
    # One block of MAX_BLOCK_LINES lines that a block processor splits one line at a time, each line
    # long; and as many such blocks as the file's budget allows, of short lines.
    "limit-heading-block-long": lambda n: "\n".join(["# a" + " lorem ipsum" * (n * 85 // 200)] * 200),
    "limit-hard-break-block-long": lambda n: "\n".join(["a" + " lorem ipsum" * (n * 85 // 200) + "  "] * 200),
    "limit-admonition-block-long": lambda n: "\n".join(["!!! note" + " lorem" * (n * 170 // 200)] * 200),
    "limit-setext-block-long": lambda n: "\n".join(["a" + " lorem ipsum" * (n * 85 // 100), "="] * 100),
    "limit-heading-blocks": lambda n: _blocks(["# a" + " lorem ipsum" * (n // 120)] * 9800, 200),
    "limit-hard-break-blocks": lambda n: _blocks(["a" + " lorem ipsum" * (n // 120) + "  "] * 9800, 200),
    "limit-admonition-blocks": lambda n: _blocks(["!!! note" + " lorem" * (n // 60)] * 9800, 200),
}


def base_renderer(definition: str) -> Renderer:
    """A Renderer of the base fixture project (three terms), for rendering any text as a field."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(REPO / "tests" / "fixtures" / "base", root)
        glossary = load_project(root).require()
    return Renderer(glossary)


def page_converter() -> markdown.Markdown:
    """Python-Markdown as MkDocs runs it on our pages: mkdocs.yml's extensions and the plugin's."""
    return markdown.Markdown(
        extensions=["tables", "admonition", "toc", SafeLinksExtension()],
        extension_configs={"toc": {"permalink": True}},
    )


def check_text(text: str) -> int:
    """What validate.py runs on one Markdown field; the number of problems it finds."""
    found = len(unsafe_targets(text)) + len(relative_link_targets(text)) + sum(1 for _ in WIKILINK.finditer(text))
    if markdown_limit_problems is not None:
        found += len(list(markdown_limit_problems(text)))
    return found


def refused(text: str) -> str:
    if markdown_limit_problems is None:
        return "-"
    scanned: list[int] = []
    problems = [problem.shape for problem in markdown_limit_problems(text, scanned)]
    if markdown_weight(text, sum(scanned)) > MAX_FILE_WEIGHT:  # a file's limit: the field alone is past it
        problems.append("file-weight")
    return ", ".join(problems) or "no"


def timed(action: Callable[[], object]) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        action()
    except RecursionError:
        return time.perf_counter() - start, "RecursionError"
    return time.perf_counter() - start, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 16000])
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--cap", type=float, default=10.0, help="skip larger sizes after a render this slow (s)")
    parser.add_argument(
        "--skip-refused", action="store_true", help="do not render what check refuses (a build never does)"
    )
    args = parser.parse_args()

    renderer = base_renderer("x")
    converter = page_converter()
    print("| shape | size | KB | check s | refused by check | page s | data s | note |")
    print("|---|---:|---:|---:|---|---:|---:|---|")
    for shape in args.shapes:
        slow = False
        for size in args.sizes:
            text = SHAPES[shape](size)
            kb = len(text.encode()) / 1024
            if slow:
                print(f"| {shape} | {size} | {kb:.0f} | | | skipped | skipped | slower than --cap |")
                continue
            check_s, _ = timed(lambda text=text: check_text(text))
            verdict = refused(text)
            if args.skip_refused and verdict not in ("no", "-"):
                print(f"| {shape} | {size} | {kb:.0f} | {check_s:.3f} | {verdict} | not rendered | not rendered | |")
                continue
            page_s, page_note = timed(
                lambda text=text: converter.reset().convert(renderer.markdown(text, "glossary/x.md", set()))
            )
            data_s, data_note = timed(lambda text=text: renderer.html(text))
            note = " ".join(dict.fromkeys(n for n in (page_note, data_note) if n))
            print(f"| {shape} | {size} | {kb:.0f} | {check_s:.3f} | {verdict} | {page_s:.3f} | {data_s:.3f} | {note} |")
            sys.stdout.flush()
            slow = max(page_s, data_s) > args.cap


if __name__ == "__main__":
    main()
