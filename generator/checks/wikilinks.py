"""Links inside Markdown: ``[[name]]`` must name a term, other links must be safe and absolute."""

from __future__ import annotations

from generator.checks.records import Index, Item, describe_path
from generator.checks.references import with_valid_ids
from generator.core.problems import ProblemList
from generator.core.text import (
    WIKILINK,
    did_you_mean,
    name_key,
    relative_link_targets,
    slugify,
    unsafe_link_targets,
)


def unsafe_targets(text: str) -> list[tuple[int, str]]:
    """:func:`generator.core.safe_html.unsafe_targets`, importing Python-Markdown (which it may need
    for a reference definition) only for a field that may hold one: most checks never do."""
    found = unsafe_link_targets(text)
    if found or "]:" not in text:
        return found
    from generator.core.safe_html import unsafe_targets as rendered

    return rendered(text)


#: Link targets a Markdown field may not have: (finder, code, message, hint).
_LINK_RULES = (
    (
        unsafe_targets,
        "unsafe-link",
        "{} links to '{}'",
        "links may point only to http(s) or mailto addresses, or to terms with [[id]]",
    ),
    (
        relative_link_targets,
        "relative-link",
        "{} links to '{}', which is not a full address",
        "this text is shown on several pages, where a relative link or an in-page anchor cannot all "
        "resolve: link a term with [[id]], or write the whole https:// address",
    ),
)


def field_link_facts(text: str) -> tuple | None:
    """(unsafe, relative, wikilinks) of one Markdown field as ``prose_facts.ProseFacts.links`` keeps
    them, or None when it has no link: what :func:`check_wikilinks` reads, worked out in the parse."""
    if "[" not in text and ":" not in text and "&" not in text:
        return None  # no link, no link definition, no scheme (written or as an entity): most fields
    if "](" in text or ":" in text or "&" in text:
        ruled = tuple(
            tuple((target, text.count("\n", 0, offset)) for offset, target in finder(text))
            for finder, *_ in _LINK_RULES
        )
    else:  # no link target, no link definition and no scheme: neither finder finds anything
        ruled = ((), ())
    wikilinks = (
        tuple(
            (match.group(1).strip(), match.group(0), text.count("\n", 0, match.start()))
            for match in WIKILINK.finditer(text)
        )
        if "[[" in text
        else ()
    )
    return (*ruled, wikilinks) if wikilinks or any(ruled) else None


def check_wikilinks(index: Index, problems: ProblemList) -> None:
    """Links in Markdown: ``[[name]]`` must name a term, others must be safe to follow.

    A record whose links the parse already found (``prose_facts``) is checked from those, in the same order.
    """
    terms = index.terms
    for item, facts, fields in index.markdown_records():
        if facts is not None:
            for path, unsafe, relative, wikilinks in facts.links:
                if unsafe or relative or not all(target in terms for target, _, _ in wikilinks):
                    _check_links(index, item, path, unsafe, relative, wikilinks, problems)
            continue
        for path, text in fields:
            links = field_link_facts(text)
            if links is not None:
                _check_links(index, item, path, *links, problems)


def _check_links(
    index: Index, item: Item, path: tuple, unsafe: tuple, relative: tuple, wikilinks: tuple, problems: ProblemList
) -> None:
    for found, (_, code, message, hint) in zip((unsafe, relative), _LINK_RULES, strict=True):
        for target, line_in_value in found:
            position = item.doc.locate_text(item.base + path, target, line_in_value)
            problems.add(item.doc.path, position, code, message.format(describe_path(path), target), hint)
    terms = index.terms
    for target, written, line_in_value in wikilinks:
        if (
            target in terms
            or name_key(target) in index.term_names
            or target in index.broken_ids.get("terms", set())
            or "term names" in index.unreadable_kinds
        ):
            continue
        position = item.doc.locate_text(item.base + path, written, line_in_value)
        problems.add(
            item.doc.path,
            position,
            "unknown-reference",
            f"link [[{target}]] in {describe_path(path)} names no term",
            with_valid_ids(_suggest_link(target, index), index.terms, "term") or "link to a term id",
        )


def _suggest_link(target: str, index: Index) -> str:
    """The likely term of an unknown [[link]]: once per distinct target, within the check's budget."""
    word = slugify(target)
    return index.suggester.hint(("link", word), 2 * len(index.terms), lambda: did_you_mean(word, index.terms))
