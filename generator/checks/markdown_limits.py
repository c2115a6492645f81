"""Limits on the Markdown shapes that make Python-Markdown slow or make it crash, for ``glossary check``.

Python-Markdown (what MkDocs renders pages with) is not linear on every input (measured in
benchmarks/bench_markdown.py, whose table README and benchmarks/README.md show):

* every ``[`` starts a search for its ``]``, and every ``](`` for its ``)``: an opener that is never
  closed searches to the end of the paragraph, so 8,000 ``[`` took 36 s to build. Openers nested
  in one another each search to their own end (``[[[[...]]]]``, links inside link targets).
* each piece of inline markup it finds (emphasis, code, entities, escapes) rebuilds the
  paragraph's text, so time grows with pieces x paragraph length: 64,000 ``*a*`` took 40 s.
* lists and quotes are parsed recursively: 700 nested list levels overflow Python's stack
  (a 2,506-line RecursionError).
* lines with no blank line between them are one block, and the processors of headings (``#``
  and setext underlines), admonitions (``!!!``) and hard breaks (two trailing spaces) take one
  line off it at a time, copying or rebuilding the rest each time: 100,000 ``# a`` lines (503 KB)
  took 78 s, 90,000 ``!!! note`` lines over 100 s. So a block has at most
  :data:`MAX_BLOCK_LINES` lines, and each of those lines counts towards the file's budget.

A field that stays within the limits below renders in time proportional to its length (the
benchmark's 1 MB worst cases build in seconds); past them ``glossary check`` names the field,
its line, the shape and the limit, and the build never starts. The limits are far above what prose
needs: a definition nests lists or quotes a few levels, closes its brackets, and has a few dozen
links and emphases per paragraph. Each field is read in one linear pass (regular expressions
and one walk over its brackets).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.checks.records import Index, Item, describe_path
from generator.core.problems import ProblemList

#: Lists and quotes inside one another, counted per line (see :func:`_container_depth`).
MAX_CONTAINER_DEPTH = 16
#: ``[`` and link targets ``](`` open inside one another.
MAX_BRACKET_DEPTH = 8
#: ``[`` without ``]``, and ``](`` without its ``)`` (or with a quoted title), in one paragraph.
MAX_OPEN_LINKS = 4
#: Inline markup characters in one paragraph (see :data:`_INLINE_MARKUP`).
MAX_INLINE_MARKUP = 2000
#: Lengths of backtick runs in one paragraph: a run with no later run of its length searches the rest
#: of the paragraph for one (each length's last run at worst); `code` and ``code`` are two lengths.
MAX_BACKTICK_LENGTHS = 4
#: Lines in one block (text between blank lines). The shipped content's longest block has 13.
MAX_BLOCK_LINES = 200
#: Markup characters and blocks (paragraphs, list items, quote lines, table rows, headings, rules,
#: admonition openers, hard breaks) in all the Markdown fields of one file: Python-Markdown spends
#: 20-40 us on each (a 1 MB field of one-word paragraphs, linear as it is, took 10 s). The largest
#: shipped file has a few hundred.
MAX_FILE_WEIGHT = 10000
#: Characters searched for an unclosed bracket's end that cost Python-Markdown what one piece costs
#: (0.7 us a character, 20-40 us a piece): 4 unclosed '[' before 0.9 MB of prose rendered in 2 s.
SCANNED_PER_PIECE = 40


@dataclass(frozen=True)
class LimitProblem:
    """One shape of a field past its limit: where (offset in the field), what, and how to fix it."""

    offset: int
    shape: str
    message: str
    hint: str


#: What separates paragraphs: a line holding nothing but spaces or tabs.
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)*(?=\n|$)")
#: A line's container prefix: quote markers and list markers, with the indentation around them.
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*", re.M)
_BACKTICKS = re.compile("`+")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
#: What Python-Markdown turns into an element or an entity, each time rebuilding the paragraph's text:
#: emphasis, code, links and images, entities (``<`` is written as ``&lt;`` before conversion), escapes.
_INLINE_MARKUP = re.compile(r"[*_`\[\]<&\\]")
#: The characters of links, with backslash escapes first (an escaped bracket opens nothing).
_LINK_SYNTAX = re.compile(r"\\.|\]\(|[\[\]()\"']", re.S)


def markdown_limit_problems(text: str, scanned: list[int] | None = None) -> Iterator[LimitProblem]:
    """Each limit the Markdown field ``text`` goes past, once per limit, at its first place.

    ``scanned`` gets, per paragraph, how many characters Python-Markdown reads searching for the
    ends of its unclosed ``[`` and ``](`` (each to the paragraph's end), for :func:`markdown_weight`.
    """
    if "\n" in text:
        if has_long_line_prefix(text):
            yield from _nesting_problems(text)
        if text.count("\n") >= MAX_BLOCK_LINES:  # fewer lines cannot make a block of more
            yield from _block_lines_problems(text)
    markup = len(_INLINE_MARKUP.findall(text))
    if not markup:
        return  # prose: no bracket, no markup (most fields)
    if markup <= MAX_INLINE_MARKUP and text.count("`") < _FEWEST_BACKTICKS_PAST_LIMIT and _brackets_close_simply(text):
        return  # no paragraph can pass a limit, and no bracket is left open (nothing scanned)
    yield from _paragraphs_problems(text, scanned)


def exact_limit_problems(text: str, scanned: list[int] | None = None) -> Iterator[LimitProblem]:
    """:func:`markdown_limit_problems` without its shortcuts: every line and paragraph read (tests
    compare the two)."""
    if "\n" in text:
        yield from _nesting_problems(text)
        yield from _block_lines_problems(text)
    if _INLINE_MARKUP.search(text):
        yield from _paragraphs_problems(text, scanned)


def _paragraphs_problems(text: str, scanned: list[int] | None) -> Iterator[LimitProblem]:
    reported: set[str] = set()
    for start, paragraph in _paragraphs(text):
        for problem in _paragraph_problems(paragraph, start, scanned):
            if problem.shape not in reported:
                reported.add(problem.shape)
                yield problem


#: A line starting with 9 characters a container prefix may hold: :func:`_nesting_problems` passes
#: over any prefix of 8 or fewer (2 levels a character at most), so without such a line it finds nothing.
_LONG_LINE_PREFIX = re.compile(r"[ \t>*+\-\d.)]{9}")
#: The same after a line break: searched for, as a multi-line ``^`` is tried at every character (6x the time).
_LONG_PREFIX_AFTER_BREAK = re.compile(r"\n[ \t>*+\-\d.)]{9}")


def has_long_line_prefix(text: str) -> bool:
    """Whether a line of ``text`` starts with 9 characters of :data:`_LONG_LINE_PREFIX`."""
    return _LONG_LINE_PREFIX.match(text) is not None or _LONG_PREFIX_AFTER_BREAK.search(text) is not None


#: Backtick runs of more than MAX_BACKTICK_LENGTHS lengths hold at least 1 + 2 + ... of them.
_FEWEST_BACKTICKS_PAST_LIMIT = sum(range(1, MAX_BACKTICK_LENGTHS + 2))
#: A ``[...]`` holding no bracket on one line: the ``]`` closes that ``[`` in :func:`_link_problems`.
_INNERMOST_PAIR = re.compile(r"\[[^\[\]\n]*\]")


def _brackets_close_simply(text: str) -> bool:
    """Whether :func:`_link_problems` finds every ``[`` of ``text`` closed, nested at most two deep,
    in every paragraph: true when removing innermost ``[...]`` pairs on one line, twice (a
    ``[[link]]`` is two), leaves no ``[``, and there is no link target ``](`` or escape to read.
    Its walk matches each ``]`` with the last open ``[``, so taking out such a pair changes
    nothing else; a field this cannot settle goes through the walk."""
    if "[" not in text:
        return True
    if "](" in text or "\\" in text:
        return False
    for _ in range(2):
        text = _INNERMOST_PAIR.sub("", text)
        if "[" not in text:
            return True
    return False


def file_weight_bound(text: str) -> int:
    """At least :func:`markdown_weight` of ``text``, without reading it: each markup character, block
    line, splitting line and blank line is at least one character (four kinds), and each unclosed
    ``[`` or ``](`` scans at most the field's length. A file whose fields' bounds stay within
    :data:`MAX_FILE_WEIGHT` cannot pass it."""
    length = len(text)
    return 4 * length + 1 + length * (text.count("[") + text.count("](")) // SCANNED_PER_PIECE + 1


_BLOCK_LINE = re.compile(r"^[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])|\|", re.M)
#: Lines a block processor splits its block at: headings (``#``), setext underlines and rules (a
#: line of ``=``, ``-``, ``*`` or ``_``), admonition openers (``!!!``, ``???``); and hard breaks.
_SPLITTING_LINE = re.compile(r"^[ \t]*(?:#|!!!|\?\?\?|[=\-*_][ \t=\-*_]*$)|  $", re.M)


def markdown_weight(text: str, scanned: int = 0) -> int:
    """What a field costs Python-Markdown, in pieces: markup characters, paragraphs, lines that
    start a list item or a quote or hold a table cell, headings, rules and setext underlines,
    admonition openers, hard breaks, and the characters ``scanned`` for unclosed
    brackets (:func:`markdown_limit_problems`), :data:`SCANNED_PER_PIECE` to a piece. Counted for
    :data:`MAX_FILE_WEIGHT`."""
    return (
        scanned // SCANNED_PER_PIECE
        + len(_INLINE_MARKUP.findall(text))
        + len(_BLOCK_LINE.findall(text))
        + len(_SPLITTING_LINE.findall(text))
        + sum(1 for _ in _BLANK_LINES.finditer(text))
        + 1
    )


def file_weight_problem(total: int) -> LimitProblem:
    """The problem of the field with which a file's Markdown goes past :data:`MAX_FILE_WEIGHT`."""
    return LimitProblem(
        0,
        "file-weight",
        f"brings this file's Markdown to {total} pieces of markup and blocks (links, emphasis, list items, "
        f"paragraphs, headings, admonitions, hard breaks...; the limit per file is {MAX_FILE_WEIGHT})",
        "move records into files of their own, or shorten the text: each piece takes the renderer tens of microseconds",
    )


def check_markdown_limits(index: Index, problems: ProblemList) -> None:
    """``glossary check``'s part: every Markdown field of every record against the limits, with file:line.

    A record whose limits the parse already worked out (``prose_facts``) is reported from those.
    """
    records = index.markdown_records()
    bounds: dict[object, int] = {}
    for item, _, fields in records:
        for _, text in fields:
            bounds[item.doc.path] = bounds.get(item.doc.path, 0) + file_weight_bound(text)
    weights: dict[object, int] = {}
    for item, facts, fields in records:
        if facts is not None:
            for path, found in facts.limits:
                _report(item, path, [LimitProblem(*problem) for problem in found], problems)
            continue
        for path, text in fields:
            scanned: list[int] = []
            found = list(markdown_limit_problems(text, scanned))
            if bounds[item.doc.path] > MAX_FILE_WEIGHT:  # only then may the file's weight pass the limit
                before = weights.get(item.doc.path, 0)
                weights[item.doc.path] = total = before + markdown_weight(text, sum(scanned))
                if before <= MAX_FILE_WEIGHT < total:
                    found.append(file_weight_problem(total))
            _report(item, path, found, problems)


def _report(item: Item, path: tuple, found: list[LimitProblem], problems: ProblemList) -> None:
    for problem in found:
        position = item.doc.locate_offset(item.base + path, problem.offset)
        problems.add(
            item.doc.path,
            position,
            f"markdown-{problem.shape}",
            f"{describe_path(path)} {problem.message}",
            problem.hint,
        )


def within_every_limit(text: str) -> bool:
    """True when neither ``text`` nor any part of it between blank lines can pass a limit: then no
    field a record's prose is joined from (with blank lines between them, as :func:`record_limit_facts`'
    caller joins them) passes one, alone or together. Every test is one :func:`markdown_limit_problems`
    makes on a field, and each holds for the join only if it holds for every part: the join has at
    least each part's lines, markup, backticks, long line prefixes and unclosed brackets (no
    ``[...]`` pair spans a line), and :func:`file_weight_bound` grows with the length and the
    brackets. False says nothing: the fields are then read one by one."""
    if file_weight_bound(text) > MAX_FILE_WEIGHT:
        return False
    if "\n" in text and (text.count("\n") >= MAX_BLOCK_LINES or has_long_line_prefix(text)):
        return False
    markup = sum(map(text.count, _MARKUP_CHARACTERS))
    return not markup or (
        markup <= MAX_INLINE_MARKUP and text.count("`") < _FEWEST_BACKTICKS_PAST_LIMIT and _brackets_close_simply(text)
    )


#: The characters :data:`_INLINE_MARKUP` finds, each alone.
_MARKUP_CHARACTERS = "*_`[]<&\\"


def record_limit_facts(fields: list[tuple[tuple, str]]) -> tuple:
    """The limits the Markdown fields of a file's only record pass, as :class:`prose_facts.ProseFacts`
    keeps them: what :func:`check_markdown_limits` finds in such a file, worked out in the parse."""
    bound = sum(file_weight_bound(text) for _, text in fields)
    facts = []
    total = 0
    for path, text in fields:
        scanned: list[int] = []
        found = list(markdown_limit_problems(text, scanned))
        if bound > MAX_FILE_WEIGHT:
            before, total = total, total + markdown_weight(text, sum(scanned))
            if before <= MAX_FILE_WEIGHT < total:
                found.append(file_weight_problem(total))
        if found:
            facts.append((path, tuple((p.offset, p.shape, p.message, p.hint) for p in found)))
    return tuple(facts)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph: Python-Markdown never reads inline markup across a blank line."""
    start = 0
    for blank in _BLANK_LINES.finditer(text):
        yield start, text[start : blank.start()]
        start = blank.end()
    yield start, text[start:]


def _container_depth(prefix: str) -> int:
    """How deep a line with this container prefix may be nested: each quote or list marker is a
    level, and so is every two columns of indentation (a tab is four), since a nested list
    needs its items indented. An upper bound of what any Markdown reader makes of the line."""
    markers = len(_MARKER.findall(prefix))
    columns = prefix.count(" ") + 4 * prefix.count("\t") - markers  # a marker's own space is not a level
    return markers + max(columns, 0) // 2


def _nesting_problems(text: str) -> Iterator[LimitProblem]:
    for match in _CONTAINER_PREFIX.finditer(text):
        if 2 * (match.end() - match.start()) <= MAX_CONTAINER_DEPTH:
            continue  # a character is two levels at most (a tab): most lines are too short to be that deep
        depth = _container_depth(match.group())
        if depth > MAX_CONTAINER_DEPTH:
            yield LimitProblem(
                match.start(),
                "nesting",
                f"nests lists, quotes or indentation {depth} levels deep (the limit is {MAX_CONTAINER_DEPTH})",
                "flatten the structure: a definition needs a few levels at most (each '>', list marker and "
                "two spaces of indentation count as one); deeper nesting overflows the Markdown renderer",
            )
            return


def _block_lines_problems(text: str) -> Iterator[LimitProblem]:
    """A block (text between blank lines) of more than :data:`MAX_BLOCK_LINES` lines, at its first
    line past the limit. Counting line breaks per block is one pass over the text."""
    for start, block in _paragraphs(text):
        lines = block.count("\n", len(block) - len(block.lstrip("\n"))) + 1  # a block starts at the blank line's end
        if lines > MAX_BLOCK_LINES:
            past = start + len(block) - len(block.lstrip("\n"))
            for _ in range(MAX_BLOCK_LINES):
                past = text.index("\n", past) + 1
            yield LimitProblem(
                past,
                "block-lines",
                f"has a block of {lines} lines with no blank line between them (the limit is {MAX_BLOCK_LINES})",
                "put a blank line between paragraphs, headings, admonitions and lists: the renderer takes "
                "a heading, an admonition or a hard break off a block one line at a time, copying the rest",
            )
            return


def _paragraph_problems(paragraph: str, start: int, scanned: list[int] | None) -> Iterator[LimitProblem]:
    """The bracket and markup limits within one paragraph (text between blank lines)."""
    markup = len(_INLINE_MARKUP.findall(paragraph))
    if markup > MAX_INLINE_MARKUP:
        yield LimitProblem(
            start,
            "inline-markup",
            f"has {markup} Markdown markup characters (* _ ` [ ] < & \\) in one paragraph "
            f"(the limit is {MAX_INLINE_MARKUP})",
            "split the paragraph with blank lines, or write less markup: the renderer's time grows with "
            "markup times paragraph length",
        )
    if "`" in paragraph:
        lengths = {len(run) for run in _BACKTICKS.findall(paragraph)}
        if len(lengths) > MAX_BACKTICK_LENGTHS:
            yield LimitProblem(
                start + paragraph.index("`"),
                "backtick-runs",
                f"has backtick runs of {len(lengths)} different lengths in one paragraph "
                f"(the limit is {MAX_BACKTICK_LENGTHS})",
                "write code spans with one or two backticks, or split the paragraph with a blank line: the "
                "renderer searches the rest of the paragraph for a run of each length",
            )
    if "[" in paragraph:
        yield from _link_problems(paragraph, start, scanned)


def _link_problems(paragraph: str, start: int, scanned: list[int] | None) -> Iterator[LimitProblem]:
    """Unclosed and deeply nested ``[`` and ``](`` in one paragraph, found in one walk over its brackets.

    A link target ``](`` counts as closed when its ``)`` comes with no quote before it: a quoted
    title (``[a](url "title")``) may make Python-Markdown search past the ``)``, so it counts as
    open, which the limit allows a few of.
    """
    brackets: list[int] = []  # offsets of open '['
    parens: list[tuple[int, bool]] = []  # open '(' and whether it starts a link target
    targets: list[int] = []  # offsets of the open link targets among ``parens``, innermost last
    quoted: set[int] = set()  # link targets (their offsets) holding a quote
    unclosed: list[int] = []
    deepest = (0, 0)  # (depth, offset)
    for match in _LINK_SYNTAX.finditer(paragraph):
        token, offset = match.group(), match.start()
        if token == "[":
            brackets.append(offset)
        elif token == "]" or token == "](":
            if brackets:
                brackets.pop()
            if token == "](":
                parens.append((offset + 1, True))
                targets.append(offset + 1)
        elif token == "(":
            parens.append((offset, False))
        elif token == ")":
            if parens:
                opened, is_target = parens.pop()
                if is_target:
                    targets.pop()
                    if opened in quoted:
                        unclosed.append(opened)
        elif token in "\"'" and targets:
            quoted.add(targets[-1])
        depth = len(brackets) + len(targets)
        if depth > deepest[0]:
            deepest = (depth, deepest[1] if deepest[0] > MAX_BRACKET_DEPTH else offset)
    unclosed += brackets + targets
    if scanned is not None and unclosed:
        scanned.append(sum(len(paragraph) - offset for offset in unclosed))
    if len(unclosed) > MAX_OPEN_LINKS:
        yield LimitProblem(
            start + sorted(unclosed)[MAX_OPEN_LINKS],
            "unclosed-brackets",
            f"has {len(unclosed)} unclosed '[' or '](' in one paragraph (the limit is {MAX_OPEN_LINKS})",
            "close each '[' with ']' and each link's '(' with ')', or write \\[ for a bracket that is text "
            "(in a `code span`, split it); the renderer searches the rest of the paragraph for every "
            "unclosed one. A link title in quotes counts as unclosed: link a term with [[id]] instead",
        )
    if deepest[0] > MAX_BRACKET_DEPTH:
        yield LimitProblem(
            start + deepest[1],
            "nested-brackets",
            f"nests '[' or links {deepest[0]} deep (the limit is {MAX_BRACKET_DEPTH})",
            "write fewer brackets inside brackets, or \\[ for a bracket that is text",
        )
