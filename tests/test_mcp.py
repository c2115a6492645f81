"""`glossary mcp` as an assistant meets it: the MCP SDK's own client starts `python -m generator mcp` over
stdio and calls its tools and resources (one session for the module: starting the server loads the
project once). Without the SDK the command says how to install it."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from generator.commands.cli import main

from .conftest import FIXTURES, REPO

mcp = pytest.importorskip("mcp", reason="the MCP SDK is the 'mcp' extra: pip install -e '.[mcp]'")

PROJECT = FIXTURES / "site"
#: Five descriptions as a marketer types them, for the same verdict as `glossary classify --format json`.
DESCRIPTIONS = [
    "trade show",
    "an ungated webinar",
    "gated ebook behind a form",
    "a blog series to build awareness",
    "webnar",
]
ONE_MEGABYTE = "x" * 1_000_000


async def session_calls() -> dict:
    """One client session: what each call answered, by a name the tests look up."""
    from mcp import ClientSession, StdioServerParameters, stdio_client

    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "generator", "mcp", str(PROJECT)],
        env={"PYTHONPATH": str(REPO), "GLOSSARY_JOBS": "1"},  # this checkout's generator, one process
        cwd=str(REPO),
    )
    answers: dict = {}
    with open(os.devnull, "w") as quiet:
        async with stdio_client(server, errlog=quiet) as (read, write), ClientSession(read, write) as session:
            answers["initialize"] = await session.initialize()
            answers["tools"] = await session.list_tools()
            calls = {
                "define MQLs": ("define", {"term": "MQLs"}),
                "define mlq": ("define", {"term": "mlq"}),
                "search mql": ("search", {"query": "mql", "limit": 3}),
                "list metrics": ("list_terms", {"category": "Metrics"}),
                "define 1 MB": ("define", {"term": ONE_MEGABYTE}),
                "classify 1 MB": ("classify", {"description": ONE_MEGABYTE}),
                "search limit true": ("search", {"query": "mql", "limit": True}),
                "search limit text": ("search", {"query": "mql", "limit": "5"}),
                "define after": ("define", {"term": "cpl"}),
            }
            calls |= {f"classify {text}": ("classify", {"description": text}) for text in DESCRIPTIONS}
            for name, (tool, arguments) in calls.items():
                answers[name] = await session.call_tool(tool, arguments)
            answers["resources"] = await session.list_resources()
            answers["templates"] = await session.list_resource_templates()
            answers["read MQL"] = await session.read_resource("glossary://term/marketing-qualified-lead")
            answers["read alias"] = await session.read_resource("glossary://term/MQLs")
    return answers


@pytest.fixture(scope="module")
def answers() -> dict:
    """The session runs on a thread of its own: a browser test earlier in the same worker may have left
    Playwright's event loop running on this one, and an event loop runs one per thread."""
    from concurrent.futures import ThreadPoolExecutor

    import anyio

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, session_calls).result()


def result(answer) -> dict:
    """A tool's structured answer (the SDK also sends it as JSON text: both must say the same)."""
    assert not answer.is_error, answer.content
    assert json.loads(answer.content[0].text) == answer.structured_content
    return answer.structured_content


def test_the_server_lists_its_tools_with_limited_inputs(answers: dict) -> None:
    tools = {tool.name: tool for tool in answers["tools"].tools}
    assert sorted(tools) == ["classify", "define", "list_terms", "search"]
    assert tools["define"].input_schema["properties"]["term"]["maxLength"] == 200
    assert tools["classify"].input_schema["properties"]["description"]["maxLength"] == 2000
    assert tools["search"].input_schema["properties"]["limit"]["maximum"] == 50
    assert all(tool.annotations.read_only_hint for tool in tools.values())
    assert "rather than from general knowledge" in answers["initialize"].instructions


def test_define_finds_the_term_by_its_plural(answers: dict) -> None:
    found = result(answers["define MQLs"])
    assert found["found"] is True and found["id"] == "marketing-qualified-lead" and found["abbreviation"] == "MQL"
    assert found["summary"] and found["definition"] and found["status"] == "approved"
    assert found["owner"]["name"] == "Marketing operations" and found["url"] == "glossary/marketing-qualified-lead/"


def test_an_unknown_term_is_not_found_with_a_suggestion(answers: dict) -> None:
    missing = result(answers["define mlq"])
    assert missing["found"] is False
    assert [s["id"] for s in missing["did_you_mean"]][:1] == ["marketing-qualified-lead"]
    assert "did you mean 'Marketing qualified lead' (MQL)?" in missing["message"]


def test_search_ranks_the_abbreviations_term_first(answers: dict) -> None:
    assert result(answers["search mql"])["results"][0]["id"] == "marketing-qualified-lead"
    assert result(answers["list metrics"])["total"] == 3


@pytest.mark.parametrize("text", DESCRIPTIONS)
def test_classify_gives_the_verdict_glossary_classify_gives(answers: dict, text: str, capsys) -> None:
    assert main(["classify", "--format", "json", "--project", str(PROJECT), text]) == 0
    cli = json.loads(capsys.readouterr().out)
    served = result(answers[f"classify {text}"])
    assert served["classified"] is True
    assert {k: v for k, v in served.items() if k not in ("classified", "explanation")} == cli
    assert served["classification"] in ("lead_generation", "demand_generation", "both") and served["confidence"]


def test_a_megabyte_argument_is_refused_clearly_and_the_server_keeps_serving(answers: dict) -> None:
    for name in ("define 1 MB", "classify 1 MB"):
        refused = answers[name]
        assert refused.is_error
        assert "at most" in refused.content[0].text and "characters" in refused.content[0].text
        assert len(refused.content[0].text) < 2_000  # the argument is not echoed back
    assert result(answers["define after"])["id"] == "cost-per-lead"


def test_a_limit_that_is_not_a_whole_number_is_refused(answers: dict) -> None:
    """true and "5" were read as 1 and 5 (attacker review, issue 31): the schema says integer."""
    for name in ("search limit true", "search limit text"):
        assert answers[name].is_error, name
        assert "limit" in answers[name].content[0].text.lower()


def test_each_term_is_a_resource_readable_by_any_of_its_names(answers: dict) -> None:
    listed = {str(resource.uri) for resource in answers["resources"].resources}
    assert {f"glossary://term/{p.stem}" for p in (PROJECT / "glossary").glob("[!_]*.yaml")} == listed
    assert [t.uri_template for t in answers["templates"].resource_templates] == ["glossary://term/{name}"]
    text = answers["read MQL"].contents[0].text
    assert text.startswith("# Marketing qualified lead (MQL)\n") and answers["read MQL"].contents[0].mime_type == (
        "text/markdown"
    )
    assert answers["read alias"].contents[0].text == text


def test_without_the_sdk_the_command_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "mcp" else real(name, *a))
    assert main(["mcp", str(PROJECT)]) == 2
    said = capsys.readouterr().err
    assert "pip install 'gtm-glossary[mcp]'" in said and "pip install -e '.[mcp]'" in said


def test_a_folder_without_a_site_is_refused_before_serving(tmp_path: Path, capsys) -> None:
    assert main(["mcp", "--site", str(tmp_path)]) == 2
    assert "a built site?" in capsys.readouterr().err
