"""The classifier's benchmark (tests/classifier_eval.yaml) on a vocabulary the tests own.

tests/fixtures/classifier-eval holds the tactics and classifier rules the set was written against
(copied from playbooks/ on 2026-12-04; its terms keep only their names and summaries, which is all the
classifier reads of them). So these tests judge the classifier's code, and a team that renames, adds or
rewords a tactic in playbooks/ keeps `make test` green. How the shipped vocabulary reads the same set is
a figure for the team, not a test: `python benchmarks/eval_classifier.py` prints it with every miss.
The level is asserted, not each item; the page's JavaScript must give the CLI's answer on every item.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from benchmarks.eval_classifier import evaluate
from generator import load_project
from generator.classifier.classify import classify
from generator.classifier.reading import ClassifyError
from generator.model.classifier_document import classifier_document

from .conftest import FIXTURES

ITEMS = yaml.safe_load((Path(__file__).parent / "classifier_eval.yaml").read_text(encoding="utf-8"))["items"]
#: The vocabulary of the items: its own tactics, never the shipped playbooks/.
VOCABULARY = FIXTURES / "classifier-eval"
#: The accuracy reached when the set was written (100%); a change to the classifier may cost an item or two.
MINIMUM_ACCURACY = 0.95


@pytest.fixture(scope="module")
def vocabulary() -> dict:
    return classifier_document(load_project(VOCABULARY).require())


def test_the_eval_set_is_as_the_issue_asks(vocabulary: dict) -> None:
    assert len(ITEMS) >= 60
    assert all(item["expect"] in ("lead_generation", "demand_generation", "both", "disputed", "none") for item in ITEMS)
    assert all(item.get("seed") for item in ITEMS), "every expectation names the seed passage it rests on"
    tactics = {tactic["id"] for tactic in vocabulary["tactics"]}
    assert not [item["tactic"] for item in ITEMS if item.get("tactic") and item["tactic"] not in tactics]


def test_the_classifier_reads_practitioners_descriptions(vocabulary: dict) -> None:
    figures = evaluate(vocabulary, ITEMS)
    misses = [(i["text"], i["expect"], o["predicted"], o["tactic"]) for i, o in figures["misses"]]
    assert figures["accuracy"] >= MINIMUM_ACCURACY, misses
    assert figures["confident_nonsense"] == []
    # no tactic's exact name is an item: the set measures descriptions, not search
    names = {n.lower() for t in vocabulary["tactics"] for n in (t["name"], *t["aliases"])}
    assert not [i["text"] for i in ITEMS if i["text"].lower() in names]


def test_the_page_gives_the_cli_answer_on_every_item(page, site_url: str, vocabulary: dict) -> None:
    page.goto(f"{site_url}/classifier/")
    page.wait_for_selector(".gc[data-ready]")
    texts = [item["text"] for item in ITEMS]
    got = page.evaluate(
        """([doc, texts]) => {
            doc = window.gtmClassifier.prepare(doc);
            return texts.map(text => {
                const r = window.gtmClassifier.classify(doc, text, {});
                return r.classification === null ? null : [r.tactic, r.based_on, r.classification, r.score,
                    r.disputed, r.headline, r.confidence, r.unrecognised, r.also.map(a => a.id)];
            });
        }""",
        [vocabulary, texts],
    )
    want = []
    for text in texts:
        try:
            r = classify(vocabulary, text)
        except ClassifyError:
            want.append(None)
            continue
        want.append(
            [
                r["tactic"],
                r["based_on"],
                r["classification"],
                r["score"],
                r["disputed"],
                r["headline"],
                r["confidence"],
                r["unrecognised"],
                [a["id"] for a in r["also"]],
            ]
        )
    mismatches = [(t, w, g) for t, w, g in zip(texts, want, got, strict=True) if w != g]
    assert mismatches == [], json.dumps(mismatches[:3], indent=1)
