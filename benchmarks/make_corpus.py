"""Write a synthetic, valid project with N terms (plus tactics and playbooks).

    python benchmarks/make_corpus.py 10000 [/tmp/corpus-10k]

Terms are ~800 bytes each, with realistic cross-references: related terms, a broader
term for a third of them, a five-stage funnel, formulas, examples and Markdown links.
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

WORDS = (
    "lead pipeline qualified campaign budget content webinar nurture score intent buyer persona funnel "
    "conversion awareness demand brand trial signup account region product sales marketing review "
    "threshold handoff meeting forecast segment channel inbound outbound event"
).split()
SOURCES = [{"id": f"source-{n}", "title": f"Source {n}", "summary": "A synthetic source."} for n in range(5)]
CATEGORIES = [{"id": f"category-{n}", "name": f"Category {n}"} for n in range(6)]
FUNNEL = ["stage-lead", "stage-mql", "stage-sql", "stage-opportunity", "stage-won"]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def term_ids(n: int) -> list[str]:
    return FUNNEL + [f"term-{i:05d}" for i in range(n - len(FUNNEL))]


def make_term(rng: random.Random, term_id: str, ids: list[str], position: int) -> dict:
    # The next id in a ring guarantees every term is referred to (no orphan warnings).
    ring = ids[(position + 1) % len(ids)]
    others = [ring] + [i for i in rng.sample(ids, 4) if i not in (term_id, ring)][:2]
    term = {
        "id": term_id,
        "term": term_id.replace("-", " ").capitalize(),
        "abbreviation": f"T{position}",
        "aliases": [f"{term_id} alias"],
        "category": rng.choice(CATEGORIES)["id"],
        "summary": sentence(rng, 14),
        "definition": f"{sentence(rng, 40)} See [[{others[0]}]].\n\n{sentence(rng, 30)}\n",
        "related": others,
        "sources": [{"source": rng.choice(SOURCES)["id"], "locator": "Section 1"}],
        "forms": [f"{term_id}s"],
        "owner": "Marketing operations",
        "last_reviewed": "2026-11-01",
    }
    if position % 3 == 0 and position > 10:
        term["broader"] = ids[rng.randrange(len(FUNNEL), position)]
    if term_id in FUNNEL and FUNNEL.index(term_id) > 0:
        term["stage_after"] = FUNNEL[FUNNEL.index(term_id) - 1]
    if position % 50 == 0:
        term["formula"] = {"expression": "a / b", "inputs": {"a": others[0], "b": others[1]}, "unit": "percent"}
    if position % 10 == 0:
        term["examples"] = [
            {
                "title": "Example",
                "text": sentence(rng, 20),
                "metrics": [
                    {"stage": "Leads", "count": 100, "term": FUNNEL[0]},
                    {"stage": "MQLs", "count": 15, "term": FUNNEL[1]},
                ],
            }
        ]
    return term


#: libyaml's emitter where PyYAML has it: the same bytes as the pure-Python one for these files (compared on
#: 2,050 terms), four times as fast; the test suite makes corpora of 500 and 2,050 terms.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def make_corpus(n: int, root: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "glossary").mkdir(parents=True)
    (root / "playbooks").mkdir()
    dump = lambda path, data: path.write_text(  # noqa: E731
        yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    )
    dump(root / "glossary" / "_sources.yaml", {"sources": SOURCES})
    dump(root / "glossary" / "_categories.yaml", {"categories": CATEGORIES})
    ids = term_ids(n)
    for position, term_id in enumerate(ids):
        dump(root / "glossary" / f"{term_id}.yaml", make_term(rng, term_id, ids, position))
    tactics = [
        {
            "id": f"tactic-{i:04d}",
            "name": f"Tactic {i}",
            "classification": rng.choice(["lead_generation", "demand_generation", "both"]),
            "rationale": sentence(rng, 20),
            "sources": [{"source": "source-0"}],
            "terms": rng.sample(ids, 2),
        }
        for i in range(max(2, n // 10))
    ]
    dump(root / "playbooks" / "tactics.yaml", {"tactics": tactics})
    rows = [[{"tactic": t["id"]}] for t in tactics[:50]]
    dump(
        root / "playbooks" / "tactic-tables.yaml",
        {
            "tables": [
                {
                    "id": "every-tactic",
                    "title": "All tactics",
                    "columns": [{"heading": "Tactic", "classification": "both"}],
                    "rows": rows,
                }
            ]
        },
    )
    for i in range(max(1, n // 100)):
        dump(
            root / "playbooks" / f"playbook-{i:04d}.yaml",
            {
                "id": f"playbook-{i:04d}",
                "title": f"Playbook {i}",
                "goal": sentence(rng, 15),
                "steps": [{"title": "Step", "text": sentence(rng, 15)}],
                "funnel": [{"stage": "Leads", "count": 100, "term": FUNNEL[0]}],
                "terms": rng.sample(ids, 3),
                "tactics": [rng.choice(tactics)["id"]],
                "sources": [{"source": "source-1"}],
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("terms", type=int, help="number of terms (at least 10)")
    parser.add_argument("output", type=Path, nargs="?", help="folder to (re)create (default: benchmarks/out/corpus-N)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    output = args.output or Path(__file__).parent / "out" / f"corpus-{args.terms}"
    make_corpus(max(10, args.terms), output, args.seed)
    print(f"wrote {args.terms} terms to {output}")


if __name__ == "__main__":
    main()
