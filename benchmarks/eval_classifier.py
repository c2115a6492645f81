"""How well the classifier reads practitioners' descriptions: accuracy, per-class precision and recall,
the confusion matrix and every miss, on tests/classifier_eval.yaml and the shipped playbooks/.

    python benchmarks/eval_classifier.py [--eval FILE] [--project DIR]
    python benchmarks/eval_classifier.py --eval FILE --calibration-yaml [--set-name NAME] [--measured DATE]

An item is right when its class is right and, where the item names a tactic, that tactic was
recognised. Its class is "none" when nothing was understood or the answer is only a guess
(one clue); "disputed" when the item expects a disagreement and the result shows one.

The confidence table says how often each confidence level is right, judging the answer the
classifier gave (a "low" guess is judged on its class too, not counted as "none"): a calibrated
classifier is right more often at "high" than at "low". Items that carry `kind:` (negation,
contrast, everyday...) are also counted per kind.

--calibration-yaml prints the `calibration:` block of playbooks/classifier.yaml instead: measured on
a set the tuning did not see, a maintainer pastes it there and the classifier page's methodology
section shows it (glossary check refuses counts that do not add up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import load_project  # noqa: E402
from generator.classifier.classify import classify  # noqa: E402
from generator.classifier.reading import ClassifyError  # noqa: E402
from generator.model.classifier_document import classifier_document  # noqa: E402

CLASSES = ("lead_generation", "demand_generation", "both", "disputed", "none")


def judge(document: dict, item: dict) -> dict:
    """The item's outcome: predicted class, tactic found, right or not, and the headline."""
    try:
        result = classify(document, item["text"])
    except ClassifyError:
        return {
            "predicted": "none",
            "tactic": None,
            "right": item["expect"] == "none",
            "headline": "Not understood",
            "confidence": "none",
            "answer_right": item["expect"] == "none",
        }
    if item["expect"] == "disputed" and result["disputed"]:
        answered = "disputed"
    else:
        answered = result["classification"]
    predicted = "none" if result["confidence"] == "low" else answered
    tactic = result["tactic"] or result["based_on"]
    tactic_right = not item.get("tactic") or tactic == item["tactic"]
    return {
        "predicted": predicted,
        "tactic": tactic,
        "right": predicted == item["expect"] and tactic_right,
        "headline": result["headline"],
        "confidence": result["confidence"],
        "answer_right": answered == item["expect"] and tactic_right,
    }


def evaluate(document: dict, items: list[dict]) -> dict:
    outcomes = [judge(document, item) for item in items]
    confusion = {e: {p: 0 for p in CLASSES} for e in CLASSES}
    for item, outcome in zip(items, outcomes, strict=True):
        confusion[item["expect"]][outcome["predicted"]] += 1
    per_class = {}
    for name in CLASSES:
        expected = [o for i, o in zip(items, outcomes, strict=True) if i["expect"] == name]
        predicted = [(i, o) for i, o in zip(items, outcomes, strict=True) if o["predicted"] == name]
        per_class[name] = {
            "recall": sum(o["right"] for o in expected) / len(expected) if expected else None,
            "precision": sum(o["right"] for _, o in predicted) / len(predicted) if predicted else None,
            "support": len(expected),
        }
    right = sum(o["right"] for o in outcomes)
    confident_nonsense = [
        i["text"] for i, o in zip(items, outcomes, strict=True) if i["expect"] == "none" and o["predicted"] != "none"
    ]
    misses = [(i, o) for i, o in zip(items, outcomes, strict=True) if not o["right"]]
    calibration = {}
    for level in ("high", "medium", "low", "none"):
        answered = [o for o in outcomes if o["confidence"] == level]
        calibration[level] = (len(answered), sum(o["answer_right"] for o in answered))
    kinds: dict[str, list[int]] = {}
    for item, outcome in zip(items, outcomes, strict=True):
        if item.get("kind"):
            row = kinds.setdefault(item["kind"], [0, 0])
            row[0] += 1
            row[1] += outcome["right"]
    confidently_wrong = sum(1 for o in outcomes if o["confidence"] == "high" and not o["right"])
    return {
        "calibration": calibration,
        "kinds": kinds,
        "confidently_wrong": confidently_wrong,
        "accuracy": right / len(items),
        "right": right,
        "total": len(items),
        "per_class": per_class,
        "confusion": confusion,
        "misses": misses,
        "confident_nonsense": confident_nonsense,
    }


def report(figures: dict) -> str:
    pct = lambda x: "   -" if x is None else f"{x:4.0%}"  # noqa: E731
    lines = [f"accuracy: {figures['accuracy']:.1%} ({figures['right']}/{figures['total']})", ""]
    lines.append(f"{'class':<18} {'precision':>9} {'recall':>7} {'items':>6}")
    for name, row in figures["per_class"].items():
        lines.append(f"{name:<18} {pct(row['precision']):>9} {pct(row['recall']):>7} {row['support']:>6}")
    lines += ["", "confusion (rows: expected, columns: predicted)"]
    short = {
        "lead_generation": "lead",
        "demand_generation": "demand",
        "both": "both",
        "disputed": "disp",
        "none": "none",
    }
    lines.append(f"{'':<18}" + "".join(f"{short[p]:>7}" for p in CLASSES))
    for expected, row in figures["confusion"].items():
        lines.append(f"{expected:<18}" + "".join(f"{row[p]:>7}" for p in CLASSES))
    lines += ["", f"misses: {len(figures['misses'])}"]
    for item, outcome in figures["misses"]:
        want = item["expect"] + (f" ({item['tactic']})" if item.get("tactic") else "")
        got = outcome["predicted"] + (f" ({outcome['tactic']})" if outcome["tactic"] else "")
        lines.append(f"  - {item['text']!r}: expected {want}, got {got}; {outcome['headline']}")
    lines.append(f"nonsense classified with confidence: {len(figures['confident_nonsense'])}")
    lines += ["", "confidence (the answer given, a guess judged on its class)"]
    lines.append(f"{'level':<8} {'answers':>7} {'right':>6} {'% right':>8}")
    for level, (answered, right) in figures["calibration"].items():
        share = f"{right / answered:.0%}" if answered else "-"
        lines.append(f"{level:<8} {answered:>7} {right:>6} {share:>8}")
    lines.append(f"wrong with confidence high: {figures['confidently_wrong']} of {figures['total']}")
    if figures["kinds"]:
        lines += ["", f"{'kind':<14} {'items':>5} {'right':>6} {'% right':>8}"]
        for kind, (count, right) in sorted(figures["kinds"].items()):
            lines.append(f"{kind:<14} {count:>5} {right:>6} {right / count:>8.0%}")
    return "\n".join(lines)


def calibration_yaml(figures: dict, set_name: str, measured: dt.date) -> str:
    """The figures as playbooks/classifier.yaml's `calibration:` block, ready to paste (the levels
    that gave no answer are left out: the page has nothing to say about them)."""
    lines = [
        "calibration:",
        f"  set: {json.dumps(set_name, ensure_ascii=False)}",
        f"  items: {figures['total']}",
        f"  measured: {measured.isoformat()}",
        f"  right: {figures['right']}",
        f"  confidently_wrong: {figures['confidently_wrong']}",
        "  levels:",
    ]
    for level, (answered, right) in figures["calibration"].items():
        if answered:
            lines.append(f"    - {{level: {level}, answers: {answered}, right: {right}}}")
    return "\n".join(lines)


def set_name_of(path: Path) -> str:
    """The evaluation set as a reader may find it: its path in the repository, else its file name."""
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO / "tests" / "classifier_eval.yaml")
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument(
        "--calibration-yaml", action="store_true", help="print the calibration: block for playbooks/classifier.yaml"
    )
    parser.add_argument("--set-name", help="the set's name on the page (default: its path in the repository)")
    parser.add_argument("--measured", type=dt.date.fromisoformat, help="date measured, YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    items = yaml.safe_load(args.eval.read_text(encoding="utf-8"))["items"]
    document = classifier_document(load_project(args.project).require())
    figures = evaluate(document, items)
    if args.calibration_yaml:
        measured = args.measured or dt.date.today()
        print(calibration_yaml(figures, args.set_name or set_name_of(args.eval), measured))
    else:
        print(report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
