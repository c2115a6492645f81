"""A term's ``perspectives``: how each source defines the term, shown beside our definition.

Each perspective names a registered source (not an editorial one: the team's own definition is the
term's ``definition``), at most once per term, and may say which of our terms the source's use of the
word corresponds to (``maps_to``: a source's "lead" may be our ``marketing-lead``). Both ids are
checked like every reference, with a did-you-mean (:mod:`generator.checks.references`). A perspective's
``quote`` is verified with every other quote (:func:`generator.checks.citations.citations` lists it), and
its ``definition`` is a Markdown field like a term's own (``records.markdown_fields``).
"""

from __future__ import annotations

from generator.checks.records import Index, describe_path
from generator.checks.references import ref, term_ref
from generator.core.problems import ProblemList


def check_perspectives(index: Index, problems: ProblemList) -> None:
    """Every term's perspectives: known sources, one per source, not editorial; known ``maps_to`` terms."""
    editorial = {source_id for source_id, item in index.sources.items() if item.get("editorial") is True}
    for term_id, item in index.terms.items():
        if "perspectives" not in item.data:
            continue  # most terms: no entries to read
        first: dict[str, int] = {}  # source id -> the number of the perspective that gave it first
        for number, _ in item.entries("perspectives"):
            path = ("perspectives", number)
            source = item.get(*path, "source")
            if not isinstance(source, str):
                continue  # missing or refused: the schema said so
            if source in first:
                earlier = ("perspectives", first[source])
                problems.add(
                    item.doc.path,
                    item.at(*path, "source"),
                    "duplicate-perspective",
                    f"source '{source}' already has a perspective on this term "
                    f"({describe_path(earlier)}, line {item.at(*earlier, 'source')[0]})",
                    "give each source one perspective: merge the two definitions into one",
                )
            else:
                first[source] = number
            if ref(item, (*path, "source"), index.sources, "source", index, problems) and source in editorial:
                problems.add(
                    item.doc.path,
                    item.at(*path, "source"),
                    "editorial-perspective",
                    f"perspective cites source '{source}', which is the team's own (editorial): our own "
                    "definition is the term's definition, not a perspective",
                    "put the team's view in the definition, or cite the document that defines the term so",
                )
            target = item.get(*path, "maps_to")
            if target == term_id:
                problems.add(
                    item.doc.path,
                    item.at(*path, "maps_to"),
                    "self-reference",
                    f"{describe_path((*path, 'maps_to'))} refers to the term itself",
                    "leave maps_to out where the source's word means this term",
                )
            else:
                term_ref(item, (*path, "maps_to"), index, problems)
