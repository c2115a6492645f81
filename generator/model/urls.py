"""Where each object of the model is published: one table, used by rendering and by the data exports.

Paths are those of the generated Markdown (``glossary/lead.md``) and, for links from outside
MkDocs (JSON, CSV, DataHub, embed cards), the URL MkDocs gives them (``glossary/lead/``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.model.glossary import Term

#: Where each kind of model object is shown, as a docs-relative path with anchor: filled from
#: :func:`_patterns` on first use, so that importing this module does not import the model's types
#: (``interop/export.py`` imports it, and the command line imports that to build its parser).
_PAGE_OF: dict[type, str] = {}


def _patterns() -> dict[type, str]:
    from generator.model.glossary import Category, Playbook, Source, Tactic, TacticTable, Term

    return {
        Term: "glossary/{}.md",
        Tactic: "tactics/{}.md",
        # A table is a section of the tactics index, whose entries also keep each tactic's id as an
        # anchor: links to the single tactics page of old (tactics/#<id>) still land on the tactic.
        TacticTable: "tactics/index.md#{}",
        Playbook: "playbooks/{}.md",
        Category: "categories/{}.md",
        Source: "sources.md#{}",
    }


def page_of(item: Any) -> str:
    """The docs-relative Markdown file (with anchor) of a model object."""
    pattern = _PAGE_OF.get(type(item))
    if pattern is None:
        _PAGE_OF.update(_patterns())
        pattern = _PAGE_OF.get(type(item))
        if pattern is None:
            raise TypeError(f"no page for {item!r}")
    return pattern.format(item.id)


def site_path(item: Any) -> str:
    """An object's URL relative to the site root, as MkDocs publishes it ("glossary/lead/")."""
    return markdown_path_to_url(page_of(item))


def markdown_path_to_url(path: str) -> str:
    """'glossary/lead.md#x' -> 'glossary/lead/#x', 'index.md' -> '': MkDocs' directory URLs."""
    path, _, anchor = path.partition("#")
    if path.endswith("index.md"):
        url = path[: -len("index.md")]
    elif path.endswith(".md"):
        url = path[: -len(".md")] + "/"
    else:
        url = path
    return f"{url}#{anchor}" if anchor else url


#: The tactics index, whose anchors are those of the single tactics page it replaced.
TACTICS_INDEX = "tactics/index.md"

#: The folder of the oEmbed documents (one per term, and an empty sitemap.xml: see site/data_files.oembed_pages).
OEMBED_FOLDER = "oembed"


def oembed_path(term: Term) -> str:
    """A term's oEmbed document, relative to the site root: "oembed/lead.json"."""
    return f"{OEMBED_FOLDER}/{term.id}.json"
