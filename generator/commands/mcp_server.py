"""The MCP server of ``glossary mcp`` (commands/mcp.py starts it): the tools of ``interop/assistant.py``
registered with the official SDK's ``MCPServer`` and served over stdio.

Imported only when the command runs, since it imports the SDK (the ``mcp`` extra). Every argument
is declared with its limit (``maxLength``, ``minimum``/``maximum`` in the tools' input schemas), so
the SDK refuses a longer one with a clear error before any work, and the server goes on serving;
the tools check the same limits again (``assistant.bounded``). Nothing a client sends is executed:
arguments are looked up, searched or read by the classifier, never evaluated.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resources import FunctionResource
from mcp.types import ToolAnnotations
from pydantic import Field

from generator.interop.assistant import LIMITS, MAX_RESULTS, Assistant, AssistantError

#: What the server tells the assistant when it connects: when to use it.
INSTRUCTIONS = (
    "The team's own glossary of go-to-market terms (leads, MQLs, pipeline stages, metrics) and its "
    "classification of marketing tactics as lead generation, demand generation or both. When a user asks what a "
    "term means here, how the team counts or defines something, or whether a tactic is lead or demand generation, "
    "answer from these tools rather than from general knowledge, and cite the term's URL. define(term) takes a "
    "name, abbreviation, alias or plural; search(query) finds terms and tactics; classify(description) judges a "
    "described tactic with reasons, disputed views and a confidence; list_terms(category) lists terms."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


def _text(name: str, description: str) -> Any:
    field = Field(description=description, max_length=LIMITS[name])
    return Annotated[str, field]


def server_for(assistant: Assistant) -> MCPServer:
    """An MCP server whose tools and resources answer from ``assistant``."""
    server = MCPServer("gtm-glossary", instructions=INSTRUCTIONS, log_level="WARNING")

    def guarded(call: Any) -> Any:
        try:
            return call()
        except AssistantError as error:
            raise ToolError(str(error)) from None

    @server.tool(annotations=READ_ONLY)
    def define(term: _text("term", "a term's name, abbreviation, alias or plural, e.g. 'MQLs'")) -> dict[str, Any]:  # type: ignore[valid-type]
        """The team's definition of a term: summary, definition, status, owner, sources with quotes, URL.
        An unknown term returns found=false with the closest names (did_you_mean)."""
        return guarded(lambda: assistant.define(term))

    @server.tool(annotations=READ_ONLY)
    def search(
        query: _text("query", "words to find, e.g. 'lead scoring' or 'webinar'"),  # type: ignore[valid-type]
        limit: Annotated[int, Field(ge=1, le=MAX_RESULTS, strict=True, description="how many results")] = 10,
    ) -> dict[str, Any]:
        """Terms and tactics matching the query, ranked as the glossary site ranks them (a name first)."""
        return guarded(lambda: assistant.search(query, limit))

    @server.tool(annotations=READ_ONLY)
    def classify(
        description: _text("description", "a tactic's name or a short description, e.g. 'ungated webinar'"),  # type: ignore[valid-type]
    ) -> dict[str, Any]:
        """Is a tactic lead generation, demand generation or both? The glossary's classifier (the same rules as
        its /classifier/ page): classification, confidence, reasons with sources, and the sources that disagree."""
        return guarded(lambda: assistant.classify(description))

    @server.tool(annotations=READ_ONLY)
    def list_terms(
        category: _text("category", "a category's id or name; empty for every term") = "",  # type: ignore[valid-type]
        offset: Annotated[int, Field(ge=0, description="skip this many terms (500 are listed at a time)")] = 0,
    ) -> dict[str, Any]:
        """The glossary's terms (id, name, abbreviation, summary, status), of one category or all, in id order."""
        return guarded(lambda: assistant.list_terms(category, offset))

    for term_id, record in assistant.records.items():
        server.add_resource(
            FunctionResource(
                uri=f"glossary://term/{term_id}",
                name=term_id,
                title=record["term"],
                description=record["summary"] or "",
                mime_type="text/markdown",
                fn=functools.partial(assistant.term_markdown, term_id),
            )
        )

    @server.resource("glossary://term/{name}", mime_type="text/markdown", title="A term by any of its names")
    def term(name: str) -> str:
        """A term's Markdown (its page's copy), found by id, name, abbreviation, alias or plural."""
        text = guarded(lambda: assistant.term_markdown(name))
        if text is None:
            raise ValueError(f"no term is called '{name}'")
        return text

    return server


def serve(assistant: Assistant) -> None:
    """Serve ``assistant`` on stdin/stdout until the client closes the connection."""
    server_for(assistant).run("stdio")
