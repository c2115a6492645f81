"""Time what AI assistants get: `glossary mcp`'s tools at 10,000 terms and the llms files' sizes.

    python benchmarks/bench_assistants.py                       # corpora of 1,000 and 10,000 terms in a temp dir
    python benchmarks/bench_assistants.py --corpora /tmp/corp   # reuse /tmp/corp/c1k and /tmp/corp/c10k

For each synthetic project (benchmarks/make_corpus.py; never modified, only read): the server's start
(load, validate, documents and search index: ``Assistant.from_project``), the llms files (time to make,
size of llms.txt, llms-full.txt and all Markdown copies), then at the largest each tool in process
(median and 95th percentile of many calls, by kind of question) and, with the MCP SDK installed, the
same calls through a real client session over stdio (what an assistant waits for). classify is also
timed on the repository's own rules (the corpus asks no classifier question, so its descriptions are
read against its 1,000 tactics' names only). Last, the search ranking on the repository's content:
how many of benchmarks/search_queries.yaml (the queries the browser benchmark types into the site)
rank the expected page first. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from generator.interop.assistant import Assistant  # noqa: E402
from generator.interop.llms import LLMS_FULL_TXT, LLMS_TXT, assistant_files  # noqa: E402
from generator.pipeline import load_project  # noqa: E402

CALLS = 200


def timed(call: Callable[[], object], times: int = CALLS) -> tuple[float, float]:
    """Median and 95th percentile of ``times`` calls, in milliseconds."""
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        spent.append((time.perf_counter() - start) * 1000)
    spent.sort()
    return statistics.median(spent), spent[int(len(spent) * 0.95) - 1]


def corpus(folder: Path | None, terms: int, scratch: Path) -> Path:
    name = {1_000: "c1k", 10_000: "c10k"}[terms]
    if folder is not None and (folder / name / "glossary").is_dir():
        return folder / name
    target = scratch / name
    make_corpus(terms, target)
    return target


def llms_figures(project: Path) -> None:
    glossary = load_project(project).require()
    start = time.perf_counter()
    files = assistant_files(glossary, site_url="https://gtm.acme.test/", name="GTM Glossary", description="D")
    seconds = time.perf_counter() - start
    copies = sum(len(text.encode()) for path, text in files.items() if path.endswith(".md"))
    print(
        f"  llms files: made in {seconds:.2f} s; llms.txt {len(files[LLMS_TXT].encode()) / 1024:,.0f} KB, "
        f"llms-full.txt {len(files[LLMS_FULL_TXT].encode()) / 1024 / 1024:,.2f} MB "
        f"({len(files[LLMS_FULL_TXT].encode()) / len(glossary.terms):,.0f} bytes per term), "
        f"{len(files) - 2:,} Markdown copies, {copies / 1024 / 1024:,.2f} MB"
    )


def tool_figures(assistant: Assistant, label: str, questions: dict[str, tuple[str, Callable[[], object]]]) -> None:
    print(f"  {label}:")
    for name, (kind, call) in questions.items():
        median, p95 = timed(call, CALLS if kind != "slow" else 20)
        print(f"    {name:<44} median {median:7.2f} ms   p95 {p95:7.2f} ms")


def in_process(assistant: Assistant) -> dict[str, tuple[str, Callable[[], object]]]:
    a = assistant
    return {
        "define by id (term-04321)": ("fast", lambda: a.define("term-04321")),
        "define by abbreviation (t4321)": ("fast", lambda: a.define("t4321")),
        "define by alias (term-04321 alias)": ("fast", lambda: a.define("term-04321 alias")),
        "define by form (term-04321s)": ("fast", lambda: a.define("term-04321s")),
        "define unknown, did-you-mean (term-0432l)": ("slow", lambda: a.define("term-0432l")),
        "define unknown, nothing close (zqxv)": ("slow", lambda: a.define("zqxv")),
        "search 'lead' (limit 10)": ("fast", lambda: a.search("lead")),
        "search 'qualified pipeline review'": ("fast", lambda: a.search("qualified pipeline review")),
        "search 't43' (a prefix)": ("fast", lambda: a.search("t43")),
        "classify a tactic's name (Tactic 432)": ("fast", lambda: a.classify("Tactic 432")),
        "classify a typo (Tactc 432)": ("fast", lambda: a.classify("Tactc 432")),
        "classify a description (1,000 tactics)": ("fast", lambda: a.classify("a gated webinar for the sales team")),
        "list_terms of a category (first 500)": ("fast", lambda: a.list_terms("category-3")),
    }


def over_mcp(project: Path) -> None:
    """The same questions through the SDK's client and `python -m generator mcp` over stdio."""
    try:
        import anyio
        from mcp import ClientSession, StdioServerParameters, stdio_client
    except ImportError:
        print("  over MCP: skipped (the 'mcp' extra is not installed)")
        return

    calls = {
        "define by form (term-04321s)": ("define", {"term": "term-04321s"}),
        "define unknown, did-you-mean (term-0432l)": ("define", {"term": "term-0432l"}),
        "search 'lead'": ("search", {"query": "lead"}),
        "classify a description": ("classify", {"description": "a gated webinar for the sales team"}),
        "define a 1 MB argument (refused)": ("define", {"term": "x" * 1_000_000}),
    }

    async def session() -> None:
        server = StdioServerParameters(
            command=sys.executable, args=["-m", "generator", "mcp", str(project)], env={"PYTHONPATH": str(ROOT)}
        )
        start = time.perf_counter()
        async with stdio_client(server) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            print(f"  over MCP (stdio, SDK client): server ready in {time.perf_counter() - start:.2f} s")
            for name, (tool, arguments) in calls.items():
                spent = []
                for _ in range(20 if "unknown" in name or "1 MB" in name else 100):
                    begin = time.perf_counter()
                    await client.call_tool(tool, arguments)
                    spent.append((time.perf_counter() - begin) * 1000)
                spent.sort()
                median, p95 = statistics.median(spent), spent[int(len(spent) * 0.95) - 1]
                print(f"    {name:<44} median {median:7.2f} ms   p95 {p95:7.2f} ms")
            begin = time.perf_counter()
            listed = await client.list_resources()
            print(f"    list_resources ({len(listed.resources):,} terms){'':<20} {time.perf_counter() - begin:8.2f} s")

    anyio.run(session)


def ranking_on_the_repository() -> None:
    import yaml

    assistant = Assistant.from_project(ROOT)
    queries = yaml.safe_load((ROOT / "benchmarks" / "search_queries.yaml").read_text(encoding="utf-8"))
    first = 0
    for item in queries:
        expected = item["expect"] if isinstance(item["expect"], list) else [item["expect"]]
        results = assistant.search(item["query"], 1)["results"]
        url = results[0]["url"] if results else ""
        path = url.split("://", 1)[1].split("/", 1)[1] if "://" in url else url
        first += path in expected
        if path not in expected:
            print(f"    not first: {item['query']!r} -> {path} (expected {expected[0]})")
    print(f"  search ranking on the repository's content: {first}/{len(queries)} of search_queries.yaml first")
    tool_figures(
        assistant,
        "classify on the repository's rules (30 tactics, the real questions)",
        {
            "a tactic's name (webinar)": ("fast", lambda: assistant.classify("webinar")),
            "a description (gated ebook promoted on LinkedIn)": (
                "fast",
                lambda: assistant.classify("a gated ebook we promote on LinkedIn to build a list"),
            ),
            "a longer description (400 characters)": (
                "fast",
                lambda: assistant.classify(
                    "we run a monthly webinar for existing customers, free to join, no registration form, "
                    "recorded and posted on the blog afterwards; the goal is awareness of new features and "
                    "the budget comes from brand marketing, measured by attendance and replays, not leads, "
                    "though sales sometimes follows up with accounts that attend more than twice a quarter"
                ),
            ),
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=None, help="a folder holding c1k/ and c10k/ (read only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for terms in (1_000, 10_000):
            project = corpus(args.corpora, terms, Path(scratch))
            print(f"{terms:,} terms ({project}):")
            start = time.perf_counter()
            assistant = Assistant.from_project(project, "https://gtm.acme.test/")
            print(f"  start (load, validate, documents, search index): {time.perf_counter() - start:.2f} s")
            llms_figures(project)
            if terms == 10_000:
                gc.collect()
                gc.freeze()  # as `glossary mcp` does once the glossary is loaded
                tool_figures(assistant, "tools in process", in_process(assistant))
                over_mcp(project)
    print("repository content:")
    ranking_on_the_repository()


if __name__ == "__main__":
    main()
