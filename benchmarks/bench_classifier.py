"""Time the /classifier/ widget per keystroke with 1,000 (or N) tactics, in Chromium.

    python benchmarks/bench_classifier.py            # 1,000 tactics
    python benchmarks/bench_classifier.py 5000

Builds the repository's site once, serves it on 127.0.0.1, and answers the page's request
for classifier.json with a synthetic document of N tactics (names of two to four
marketing words, two aliases each, random signals; the real questions). Then types
queries key by key into the real widget and measures, inside the page, the time from
the input event to the suggestions being in the DOM, and the Enter that classifies a
description. A frame at 60 Hz is 16.7 ms. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import load_project  # noqa: E402
from generator.checks.records import CheckOptions  # noqa: E402
from generator.model.classifier_document import classifier_document  # noqa: E402
from generator.site.build import build_site  # noqa: E402

WORDS = (
    "account based developer community webinar podcast event conference booth ebook whitepaper guide report "
    "newsletter email blast nurture sequence landing page retargeting search social video partner referral "
    "review site syndication trial demo workshop roadshow sponsorship award survey benchmark calculator quiz"
).split()
QUERIES = ["webnar", "conference booth", "gated ebook", "retargting", "partner referal", "xyz"]
DESCRIPTION = "a free blog series over a year about the problem, paid by the corporate budget"


def synthetic_document(base: dict, n: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    tactics = []
    for i in range(n):
        name = " ".join(rng.sample(WORDS, rng.randint(2, 4))).capitalize()
        signals = {q["signal"]: rng.choice(q["answers"])["value"] for q in base["questions"] if rng.random() < 0.6}
        template = base["tactics"][i % len(base["tactics"])]
        tactics.append(
            dict(
                template,
                id=f"tactic-{i:05d}",
                name=f"{name} {i}",
                aliases=[" ".join(rng.sample(WORDS, 2)) for _ in range(2)],
                signals=signals,
                classification=rng.choice(["lead_generation", "demand_generation", "both"]),
            )
        )
    return dict(base, tactics=tactics)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tactics", nargs="?", type=int, default=1000)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve_folder

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("glossary", "playbooks", "site_config"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        build_site(project, options=CheckOptions())
        base = classifier_document(load_project(project).require())
        document = json.dumps(synthetic_document(base, args.tactics))
        url, server = serve_folder(project / "site")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route(
                "**/classifier.json", lambda route: route.fulfill(body=document, content_type="application/json")
            )
            page.goto(f"{url}/classifier/")
            page.wait_for_selector(".gc[data-ready]")
            keystrokes = page.evaluate(
                """async (queries) => {
                    const input = document.querySelector('#gc-input');
                    const pause = () => new Promise((resolve) => setTimeout(resolve, 30));  // a fast typist
                    const times = [];
                    for (let round = 0; round < 3; round++) {
                        for (const query of queries) {
                            for (let i = 1; i <= query.length; i++) {
                                input.value = query.slice(0, i);
                                const start = performance.now();
                                input.dispatchEvent(new Event('input'));
                                document.querySelectorAll('#gc-options [role=option]').length;
                                times.push(performance.now() - start);
                                await pause();
                            }
                        }
                    }
                    return times;
                }""",
                QUERIES,
            )
            enter = page.evaluate(
                """async (text) => {
                    const input = document.querySelector('#gc-input');
                    const times = [];
                    for (let round = 0; round < 20; round++) {
                        await new Promise((resolve) => setTimeout(resolve, 100));
                        input.value = text + " " + round;
                        const start = performance.now();
                        input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
                        document.querySelector('.gc-verdict').textContent.length;
                        times.push(performance.now() - start);
                    }
                    return times;
                }""",
                DESCRIPTION,
            )
            browser.close()
        server.shutdown()
        server.server_close()

    def row(label: str, times: list[float]) -> str:
        ordered = sorted(times)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        return f"| {label} | {len(times)} | {statistics.median(times):.2f} | {p95:.2f} | {max(times):.2f} |"

    print(f"classifier widget, {args.tactics:,} tactics, {len(document) / 1024:.0f} KB of JSON (frame: 16.7 ms)")
    print("| step | samples | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print(row("keystroke -> suggestions in the DOM", keystrokes))  # 3 rounds, 30 ms between keys
    print(row("Enter -> description classified and shown", enter))
    size = (ROOT / "site_config" / "assets" / "classifier.js").stat().st_size
    print(f"classifier.js: {size:,} bytes unminified")


if __name__ == "__main__":
    main()
