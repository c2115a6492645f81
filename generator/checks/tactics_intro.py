"""The tactics index's opening text, ``intro: {text, sources}`` in ``playbooks/tactics.yaml``.

What the sources say about tactics as a whole (do lead and demand generation share tactics?) is
content like any other: it cites its sources, its quotes are verified with every other quote
(:func:`generator.checks.citations.citations` lists them), its text is a Markdown field
(``Index.all_markdown_fields``) and prose the consistency checks read. The template only shows it.
"""

from __future__ import annotations

from generator.checks.records import Index, Item
from generator.checks.references import source_refs
from generator.content.document import RawDocument
from generator.core.problems import ProblemList


def register_tactics_intro(doc: RawDocument, invalid: frozenset[tuple], index: Index) -> None:
    """Index the tactics file's ``intro`` block (when it is a mapping) as a record of its own."""
    if doc.kind == "tactics" and isinstance(doc.data, dict) and isinstance(doc.data.get("intro"), dict):
        index.tactics_intro = Item(doc, ("intro",), doc.data["intro"], invalid)


def check_tactics_intro(index: Index, problems: ProblemList) -> None:
    """The intro's sources must be registered sources."""
    if index.tactics_intro is not None:
        source_refs(index.tactics_intro, "sources", index, problems)
