"""The classifier measured on the whole development pool at once: each set's accuracy and "wrong with
confidence high", then the pooled totals, so that a change is judged on every set seen, not on one.

    python benchmarks/pool_eval.py [--misses] [--json FILE] [SET ...]

Without SET arguments the pool is tests/classifier_eval.yaml and every set under benchmarks/classifier/
except the newest held-out round, which only the lead measures (``HELD_BACK``). ``--misses`` lists each
set's misses; ``--json`` writes {set: {text: right}} so that two runs can be compared item by item
(``--compare FILE`` prints the items that changed against such a file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.eval_classifier import evaluate  # noqa: E402
from generator import load_project  # noqa: E402
from generator.model.classifier_document import classifier_document  # noqa: E402

#: Held-out sets nobody tunes on: never read here, not even listed.
HELD_BACK: frozenset[str] = frozenset()  # round 18's set is measured (before and after): a next round needs a new one


def pool() -> list[Path]:
    sets = [REPO / "tests" / "classifier_eval.yaml"]
    sets += sorted(p for p in (REPO / "benchmarks" / "classifier").glob("*.yaml") if p.name not in HELD_BACK)
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args(argv)
    sets = args.sets or pool()
    if any(p.name in HELD_BACK for p in sets):
        parser.error("a held-back set is measured by the lead only")
    document = classifier_document(load_project(REPO).require())
    right = total = high_wrong = 0
    outcomes: dict[str, dict[str, bool]] = {}
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else {}
    print(f"{'set':<24} {'right':>9} {'%':>6} {'high wrong':>10}")
    for path in sets:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
        figures = evaluate(document, items)
        right, total = right + figures["right"], total + figures["total"]
        high_wrong += figures["confidently_wrong"]
        print(
            f"{path.stem:<24} {figures['right']:>4}/{figures['total']:<4} {figures['accuracy']:>6.1%} "
            f"{figures['confidently_wrong']:>10}"
        )
        missed = {item["text"] for item, _outcome in figures["misses"]}
        outcomes[path.stem] = {item["text"]: item["text"] not in missed for item in items}
        if args.misses:
            for item, outcome in figures["misses"]:
                want = item["expect"] + (f" ({item['tactic']})" if item.get("tactic") else "")
                got = outcome["predicted"] + (f" ({outcome['tactic']})" if outcome["tactic"] else "")
                print(f"    - {item['text']!r}\n      expected {want}, got {got} [{outcome['confidence']}]")
    print(f"{'pooled':<24} {right:>4}/{total:<4} {right / total:>6.1%} {high_wrong:>10}")
    if before:
        for name, texts in outcomes.items():
            for text, ok in texts.items():
                was = before.get(name, {}).get(text)
                if was is not None and was != ok:
                    print(f"{'+' if ok else '-'} [{name}] {text}")
    if args.json:
        args.json.write_text(json.dumps(outcomes, indent=0, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
