"""The files for AI assistants (``interop/llms.py``: llms.txt, llms-full.txt and a Markdown copy
beside each page) put into the built site, after the engine.

Why after, and not handed to MkDocs with the other files: a ``.md`` file among MkDocs' (or
Zensical's) files is a page to render, not a file to copy, and ``glossary/lead.md`` is already
the term page's own source. So the engine builds the site first, then :func:`write_assistant_files`
writes these into the folder it built: for ``glossary build`` that is the staging folder, which is
swapped in whole (a failed build leaves the previous site, these files included); the plugin does it
in ``on_post_build`` (``mkdocs build`` and ``glossary serve`` alike) and ``engines.run_zensical``
before its swap. A site built by plain MkDocs from ``build/docs`` has none of them, rather than an
llms.txt whose links lead nowhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.interop.llms import assistant_files
from generator.model.glossary import Glossary
from generator.site.page import Page


def assistant_pages(
    glossary: Glossary, *, site_url: str | None, name: str | None, description: str | None
) -> list[Page]:
    """The assistant files of ``glossary`` as pages, by path from the site root."""
    files = assistant_files(glossary, site_url=site_url, name=name, description=description)
    return [Page(path, text) for path, text in files.items()]


def write_assistant_files(pages: Iterable[Page], site_dir: Path, previous: Iterable[str] = ()) -> set[str]:
    """Write ``pages`` into ``site_dir`` (a file whose content is unchanged is left alone) and remove
    those of ``previous`` (what the last call wrote there) no page holds any more, as a deleted
    term's copy; return the paths written, for the next call."""
    root = site_dir.resolve()
    wanted = {page.path: page.content for page in pages}
    for path, content in wanted.items():
        parts = path.split("/")
        if path.startswith("/") or ".." in parts or "" in parts:  # paths come from ids (slugs): never
            raise ValueError(f"an assistant file would be written outside the site: {path}")
        target = root / path
        data = content.encode("utf-8")
        try:
            if target.read_bytes() == data:
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)  # a reader of a served site never sees half a file
    for path in set(previous) - set(wanted):
        (root / path).unlink(missing_ok=True)
    return set(wanted)
