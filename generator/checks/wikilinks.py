"""Links inside Markdown: ``[[name]]`` must name a term, other links must be safe and absolute."""

from __future__ import annotations

from generator.checks.records import Index, describe_path
from generator.checks.references import with_valid_ids
from generator.core.problems import ProblemList
from generator.core.safe_html import unsafe_targets
from generator.core.text import WIKILINK, did_you_mean, name_key, relative_link_targets, slugify

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


def check_wikilinks(index: Index, problems: ProblemList) -> None:
    """Links in Markdown: ``[[name]]`` must name a term, others must be safe to follow."""
    for item, path, text in index.all_markdown_fields():
        for finder, code, message, hint in _LINK_RULES:
            for offset, target in finder(text):
                position = item.doc.locate_text(item.base + path, target, text.count("\n", 0, offset))
                problems.add(item.doc.path, position, code, message.format(describe_path(path), target), hint)
        for match in WIKILINK.finditer(text):
            target = match.group(1).strip()
            if (
                target in index.terms
                or name_key(target) in index.term_names
                or target in index.broken_ids.get("terms", set())
                or "term names" in index.unreadable_kinds
            ):
                continue
            line_in_value = text.count("\n", 0, match.start())
            position = item.doc.locate_text(item.base + path, match.group(0), line_in_value)
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
