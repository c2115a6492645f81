"""The tactic classifier in Python: rules, search, descriptions, the CLI, and the shared vectors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.classifier.classify import classify
from generator.classifier.reading import ClassifyError, infer_answers
from generator.classifier.search import edit_distance, name_score, search
from generator.core.text import normalize_words
from generator.model.classifier_document import classifier_document

from .conftest import FIXTURES, check

#: The fixture with a classifier, tactics and disputes; the shipped playbooks/ are never read here.
SITE = FIXTURES / "site"

VECTORS = yaml.safe_load((Path(__file__).parent / "classifier_vectors.yaml").read_text(encoding="utf-8"))["vectors"]


@pytest.fixture(scope="module")
def document() -> dict:
    return classifier_document(check(SITE).require())


def run(*args: str, cwd: Path = SITE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "classify", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.get("text") or str(v["answers"]))
def test_shared_vectors(document: dict, vector: dict) -> None:
    result = classify(document, vector.get("text"), vector.get("answers"))
    assert {key: result[key] for key in vector["expect"]} == vector["expect"]


# --- search -------------------------------------------------------------------------------


def test_typos_are_forgiven_but_ranked_below_exact_matches(document: dict) -> None:
    assert search(document, "webnar")[0]["tactic"]["id"] == "webinar"
    assert search(document, "tradeshw")[0]["tactic"]["id"] == "trade-show"
    assert search(document, "wbeinar")[0]["tactic"]["id"] == "webinar"  # swapped letters
    exact, typo = search(document, "webinar")[0], search(document, "webnar")[0]
    assert exact["score"] > typo["score"] >= 60


def test_search_finds_aliases_and_reports_which_name_matched(document: dict) -> None:
    hit = search(document, "gated whitepaper")[0]
    assert (hit["tactic"]["id"], hit["matched"], hit["score"]) == ("gated-ebook", "gated whitepaper", 100)


def test_short_words_need_exact_letters(document: dict) -> None:
    """A three-letter word allows no typo: 'seo' finds SEO, 'sep' (one letter off) must not."""
    assert search(document, "seo")[0]["tactic"]["id"] == "search-optimization"
    assert "search-optimization" not in [hit["tactic"]["id"] for hit in search(document, "sep")]


def test_empty_and_unknown_queries_find_nothing(document: dict) -> None:
    assert search(document, "") == []
    assert search(document, "   ...  ") == []
    assert search(document, "xyzzy quux") == []


def test_results_are_ordered_by_score_then_name(document: dict) -> None:
    hits = search(document, "se")
    keys = [(-h["score"], h["matched"] != h["tactic"]["name"], h["tactic"]["name"].lower()) for h in hits]
    assert keys == sorted(keys) and len(hits) >= 2


def test_at_equal_scores_a_tactics_own_name_comes_before_an_alias() -> None:
    """An "ebook" starts "Ebook or whitepaper" and "ebook series", an alias of "Buyer persona ebook series":
    alphabetically the persona series came first, and a reader who typed "ebook" was told about buyer personas."""
    tactic = {"classification": "lead_generation", "signals": {}}
    document = {
        "tactics": [
            {**tactic, "id": "persona", "name": "Buyer persona ebook series", "aliases": ["ebook series"]},
            {**tactic, "id": "ebook", "name": "Ebook or whitepaper", "aliases": []},
        ]
    }
    for typed in ("ebook", "an ebook", "our ebook"):  # the words a search passes over change nothing
        hits = search(document, typed)
        assert [(h["tactic"]["id"], h["score"], h["matched"]) for h in hits] == [
            ("ebook", 90, "Ebook or whitepaper"),
            ("persona", 90, "ebook series"),
        ], typed


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [("webinar", "webinar", 2, 0), ("webnar", "webinar", 2, 1), ("wbeinar", "webinar", 2, 1), ("abc", "xyz", 1, 2)],
)
def test_edit_distance(a: str, b: str, limit: int, expected: int) -> None:
    assert edit_distance(a, b, limit) == expected


def test_name_score_levels() -> None:
    assert name_score("webinar or podcast", "webinar or podcast") == 100
    assert name_score("webi", "webinar or podcast") == 90
    assert name_score("podcast", "webinar or podcast") == 80
    assert name_score("webnar", "webinar or podcast") == 60
    assert name_score("webnar podcst", "webinar or podcast") == 50
    assert name_score("the", "webinar or podcast") == 0


def test_normalized_words_fold_case_accents_and_punctuation() -> None:
    assert normalize_words("  Trade-Show / ÉVÉNEMENT!! ") == "trade show evenement"


# --- descriptions -----------------------------------------------------------------------------


def test_the_longest_keyword_wins(document: dict) -> None:
    answers = infer_answers(document, "content that is not gated")
    assert answers["content_access"] == {"value": "ungated", "keywords": ["not gated"]}


def test_the_answer_with_more_keywords_wins(document: dict) -> None:
    answers = infer_answers(document, "a form to download the ebook, also shared on our blog")
    assert answers["content_access"]["value"] == "gated"
    assert answers["content_access"]["keywords"] == ["form", "download"]


def test_keywords_match_whole_words_only(document: dict) -> None:
    assert "content_access" not in infer_answers(document, "a formal team")  # "formed" is "form" stemmed


# --- known tactics and the rules ---------------------------------------------------------------


def test_a_known_tactic_keeps_its_own_classification_and_shows_every_view(document: dict) -> None:
    result = classify(document, "SEO")
    assert result["tactic"] == "search-optimization"
    assert result["disputed"] is True
    assert [view["by"] for view in result["views"]] == ["glossary", "field-guide"]
    assert [view["classification"] for view in result["views"]] == ["demand_generation", "lead_generation"]
    assert result["reasons"][0]["kind"] == "rationale"
    assert all(reason["sources"] for reason in result["reasons"])


def test_the_rules_are_reported_when_they_differ_from_the_data(document: dict) -> None:
    result = classify(document, "influencer outreach")
    assert result["classification"] == "lead_generation"  # as its source lists it
    assert result["rules_classification"] == "demand_generation"  # awareness, top of funnel


def test_unknown_answers_and_nothing_to_classify_are_errors(document: dict) -> None:
    with pytest.raises(ClassifyError, match="not an answer"):
        classify(document, answers={"content_access": "maybe"})
    with pytest.raises(ClassifyError, match="no question asks about 'colour'"):
        classify(document, answers={"colour": "blue"})
    with pytest.raises(ClassifyError, match="nothing to classify"):
        classify(document, "xyzzy")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_gives_a_result_or_a_clear_error(document: dict, text: str) -> None:
    try:
        result = classify(document, text)
    except ClassifyError as error:
        assert "nothing to classify" in str(error)
    else:
        assert result["classification"] in ("lead_generation", "demand_generation", "both")
        assert isinstance(result["score"], int)


# --- the command line ------------------------------------------------------------------------------


def test_cli_json_has_the_documented_fields() -> None:
    result = run("gated whitepaper", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"tactic", "classification", "disputed", "score", "reasons"} <= set(data)
    assert (data["tactic"], data["classification"], data["disputed"]) == ("gated-ebook", "lead_generation", False)
    assert data["reasons"][0]["sources"][0]["url"] == "sources/#field-guide"


def test_a_description_is_read_up_to_its_limit_and_the_cli_refuses_a_longer_one(document: dict) -> None:
    from generator.classifier.classify import MAX_DESCRIPTION

    filler = "x " * MAX_DESCRIPTION  # the limit reached before the capture step is typed
    assert classify(document, "a webinar with a sign up " + filler)["capture"]["present"] == ["sign up"]
    with pytest.raises(ClassifyError):  # the sign up is past the limit: not read
        classify(document, filler + " a sign up")
    result = run("a webinar with a sign up " + filler)
    assert result.returncode == 2 and result.stdout == ""
    assert f"{len(('a webinar with a sign up ' + filler).strip()):,} characters long" in result.stderr
    assert f"at most {MAX_DESCRIPTION:,}" in result.stderr


def test_a_description_all_called_off_says_so(document: dict) -> None:
    with pytest.raises(ClassifyError, match=r"what it names is called off \('on hold', 'cancelled'\)"):
        classify(document, "The webinar with the sign up is on hold; the booth was cancelled")
    with pytest.raises(ClassifyError) as plain:
        classify(document, "xyzzy plugh")
    assert "called off" not in str(plain.value)


def test_cli_answers_by_flag_with_friendly_values() -> None:
    result = run("--gated", "yes", "--goal", "awareness", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tactic"] is None
    assert data["answers"] == {"content_access": "gated", "goal": "build_awareness"}
    assert (data["classification"], data["score"]) == ("both", -1)
    same = run("--answer", "content_access=gated", "--goal=build_awareness", "--format", "json")
    assert json.loads(same.stdout)["score"] == -1


def test_cli_text_output_shows_the_disagreement() -> None:
    result = run("trade show")
    assert result.returncode == 0, result.stderr
    first, second, third = result.stdout.splitlines()[:3]
    assert first == "Trade show booth: Lead generation, by the sources (disputed: 1 source says demand generation)"
    # its row and its signals agree; only a source's dispute holds it back, and the words say so
    assert (
        second.strip()
        == "confidence: medium (fairly sure: the clues agree, but the sources disagree about this tactic)"
    )
    assert third.strip().startswith("score +4")
    assert "The sources disagree:" in result.stdout
    assert "A Demand Generation Primer: Demand generation" in result.stdout


def test_a_tactic_whose_row_capture_evidence_overrules_is_named_not_the_title() -> None:
    """As on the page: the first line never puts the tactic alone before a verdict its row does not give."""
    overruled = run("the whitepaper is ungated, anyone reads it anonymously").stdout.splitlines()[0]
    assert overruled.startswith(
        "What you describe (it names Gated ebook, listed as lead generation; contact details decide): Demand generation"
    )
    variant = run("a trade show series over a year").stdout.splitlines()[0]
    assert variant.startswith("Trade show booth, as you describe it: Both, by the signals")  # the page's title
    changed = run("webinar", "--gated", "no").stdout.splitlines()[0]  # on the page: a tactic picked, then answered
    assert changed.startswith("Webinar, with your answers: ")


def test_cli_usage_errors_exit_2_and_say_what_to_write() -> None:
    unknown_flag = run("--colour", "blue")
    assert unknown_flag.returncode == 2
    assert "no question is called 'colour'; the questions are: --goal, --gated" in unknown_flag.stderr
    bad_value = run("--gated", "maybe")
    assert bad_value.returncode == 2
    assert "choose one of: gated, ungated, not_applicable" in bad_value.stderr
    nothing = run()
    assert nothing.returncode == 2 and "nothing to classify" in nothing.stderr


def test_cli_list_shows_each_question_with_its_flag() -> None:
    result = run("--list")
    assert result.returncode == 0
    assert "--gated  Is the content behind a form?" in result.stdout


def test_cli_refuses_to_classify_with_invalid_content(project: Path) -> None:
    path = project / "playbooks" / "classifier.yaml"
    path.write_text(path.read_text().replace("signal: horizon", "signal: horizn"))
    result = run("--project", str(project), "--gated", "yes")
    assert result.returncode == 1
    assert "playbooks/classifier.yaml:26:13: error[unknown-signal]" in result.stdout


def test_cli_works_on_another_project(project: Path) -> None:
    result = run("--project", str(project), "a free series", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answers"] == {"content_access": "ungated", "horizon": "long_term_program"}
    assert data["classification"] == "demand_generation"


def test_a_reason_from_a_disputed_rule_says_who_disputes_it(document: dict) -> None:
    outcome = classify(document, answers={"goal": "nurture", "content_access": "gated"})
    goal = next(r for r in outcome["reasons"] if r["signal"] == "goal")
    assert [d["source"]["id"] for d in goal["disputes"]] == ["demand-primer"]
    gated = next(r for r in outcome["reasons"] if r["signal"] == "content_access")
    assert gated["disputes"] == []
    result = run("--goal", "nurture", "--gated", "yes")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    reason = next(i for i, line in enumerate(lines) if "Nurturing known leads" in line)
    assert "rule disputed by A Demand Generation Primer" in "\n".join(lines[reason : reason + 3])
    assert result.stdout.count("rule disputed by") == 1


def test_a_reason_from_a_disputed_answer_names_that_dissent_too(document: dict) -> None:
    outcome = classify(document, answers={"goal": "qualify"})
    [goal] = outcome["reasons"]
    assert [d["source"]["id"] for d in goal["disputes"]] == ["demand-primer", "field-guide"]
    nurture = classify(document, answers={"goal": "nurture"})["reasons"][0]
    assert [d["source"]["id"] for d in nurture["disputes"]] == ["demand-primer"]


def test_negation_reaches_the_end_of_its_clause_and_no_further(document: dict) -> None:
    # the comma ends the negated clause: the registration after it is read as it stands
    assert classify(document, "no sign up, registration for the replay")["capture"] == {
        "present": ["registration"],
        "absent": ["no sign up"],
    }
    assert infer_answers(document, "no form and no download")["content_access"] == {
        "value": "ungated",
        "keywords": ["not form", "not download"],
    }
    # a contrast cue starts afresh inside one sentence
    assert classify(document, "not gated but a sign up for the replay")["capture"] == {
        "present": ["sign up"],
        "absent": [],
    }


def test_capture_evidence_decides_before_a_tactic_row_and_says_so(document: dict) -> None:
    result = classify(document, "a webinar, watched anonymously")
    assert (result["classification"], result["decided_by"], result["based_on"]) == (
        "demand_generation",
        "capture",
        "webinar",
    )
    assert result["reasons"][0]["kind"] == "capture"
    # the row contradicts the capture evidence: not "high"
    assert result["confidence"] == "medium"
    # without capture evidence the row decides
    assert classify(document, "a webinar")["decided_by"] == "tactic"


def test_high_confidence_needs_two_agreeing_clues_and_no_dispute(document: dict) -> None:
    assert classify(document, "capture leads")["confidence"] == "low"
    assert classify(document, "capture leads behind a form")["confidence"] == "high"
    assert classify(document, "trade show")["confidence"] == "medium"  # a source disputes its row


def test_the_benchmark_prints_how_often_each_confidence_level_is_right(document: dict) -> None:
    from benchmarks.eval_classifier import evaluate, report

    items = [
        {"text": "capture leads behind a form", "expect": "lead_generation", "kind": "plain"},
        {"text": "capture leads", "expect": "lead_generation", "kind": "plain"},  # a right guess: counted as none
        {"text": "no form, no sign up", "expect": "lead_generation", "kind": "negation"},  # wrong
        {"text": "office party", "expect": "none", "kind": "none"},
    ]
    figures = evaluate(document, items)
    assert figures["calibration"]["high"] == (2, 1)  # two agreeing clues, but the item says otherwise
    assert figures["calibration"]["low"] == (1, 1)
    assert figures["calibration"]["none"] == (1, 1)
    assert figures["kinds"] == {"plain": [2, 1], "negation": [1, 0], "none": [1, 1]}
    printed = report(figures)
    assert "high           2      1      50%" in printed
    assert "negation           1      0       0%" in printed


def test_the_benchmark_prints_a_calibration_block_that_check_accepts(document: dict, tmp_path: Path) -> None:
    import datetime as dt
    import shutil

    from benchmarks.eval_classifier import calibration_yaml, evaluate

    items = [
        {"text": "capture leads behind a form", "expect": "lead_generation"},
        {"text": "capture leads", "expect": "lead_generation"},
        {"text": "no form, no sign up", "expect": "lead_generation"},
        {"text": "office party", "expect": "none"},
    ]
    block = calibration_yaml(evaluate(document, items), 'a "quoted" set', dt.date(2026, 1, 15))
    assert block.splitlines()[:7] == [
        "calibration:",
        '  set: "a \\"quoted\\" set"',
        "  items: 4",
        "  measured: 2026-01-15",
        "  right: 2",
        "  confidently_wrong: 1",
        "  levels:",
    ]
    project = shutil.copytree(SITE, tmp_path / "project")
    classifier = project / "playbooks" / "classifier.yaml"
    classifier.write_text(classifier.read_text() + block + "\n")
    result = check(project)
    assert [p for p in result.problems if p.severity.value == "error"] == []
    calibration = result.require().classifier.calibration
    assert (calibration.set, calibration.items, calibration.confidently_wrong) == ('a "quoted" set', 4, 1)
    assert [(row.level, row.answers, row.right) for row in calibration.levels] == [
        ("high", 2, 1),
        ("low", 1, 1),
        ("none", 1, 1),
    ]


def test_a_tactic_no_source_classifies_is_headed_as_the_teams_reading(document: dict) -> None:
    assert classify(document, "blog series")["headline"] == "Demand generation, the team's reading"
    assert classify(document, "gated ebook")["headline"] == "Lead generation, by the sources"


def test_an_answer_cites_its_own_passage_else_its_questions_sources(document: dict) -> None:
    reasons = {r["answer"]: r for r in classify(document, "", {"goal": "build_awareness"})["reasons"]}
    assert [s["id"] for s in reasons["build_awareness"]["sources"]] == ["demand-primer"]
    reasons = {r["answer"]: r for r in classify(document, "", {"goal": "capture_contacts"})["reasons"]}
    assert [s["id"] for s in reasons["capture_contacts"]["sources"]] == ["field-guide"]  # the question's


def test_a_dash_ends_a_clause_and_a_cue_after_and_negates_afresh(document: dict) -> None:
    # the dash ends "not running events": the sign up after it stands
    capture = classify(document, "we're not running events - a sign up for the replay")["capture"]
    assert capture["present"] == ["sign up"]
    # "and ... not" far from the first cue negates afresh instead of cancelling it
    capture = classify(document, "we don't take a form and we are never asking for registration")["capture"]
    assert capture == {"present": [], "absent": ["don't form", "never registration"]}


def test_one_word_is_one_clue_however_many_lists_hold_it(document: dict) -> None:
    # "form" is a capture phrase and a gated keyword: one clue alone, fairly sure (capture), never high
    alone = classify(document, "a form on the helpdesk portal")
    assert (alone["classification"], alone["confidence"]) == ("lead_generation", "medium")
    assert alone["evidence"] == [["form", "lead_generation"]]
    # two different words that agree earn "high"
    two = classify(document, "a form and a sign up for the replay")
    assert two["confidence"] == "high"


def test_the_confidence_words_say_why_the_level_was_earned() -> None:
    """A try-out found "the clues do not all agree" under an answer resting on one deciding clue with nothing
    against it, and "a single clue" under a task's two clues: the words now say which it is, as on the page."""
    one_clue = run("people leave a work email").stdout.splitlines()[1]
    assert one_clue.strip() == (
        "confidence: medium (fairly sure: one clue, but one that decides (what happens to contact details, "
        "or a listed tactic))"
    )
    task = run("rotate the api key of the webinar platform").stdout.splitlines()[1]
    assert task.strip() == "confidence: low (a guess: it reads like a task, not a tactic)"
    aim = run("more awareness for the bakery").stdout.splitlines()[1]
    assert aim.strip() == (
        "confidence: medium (fairly sure: one clue, but the one that defines demand generation (the aim of making "
        "people aware))"
    )
    parts = run("Tips in the parish newsletter, and separately a form for the sales team").stdout.splitlines()[1]
    assert (
        parts.strip() == "confidence: medium (fairly sure: each part of the plan is clear, and they lean opposite ways)"
    )


def test_unrecognised_words_are_named_once_and_at_most_twelve() -> None:
    """A pasted list of a thousand numbers made a 3 KB error line; a word typed twice was named twice."""
    result = run(" ".join(["zqx", "zqx", "vbn"] + [f"w{n}" for n in range(30)]))
    assert result.returncode == 2
    assert "not recognised: zqx, vbn, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9 and 20 more)" in result.stderr


@pytest.mark.parametrize("text", ["s", "a, b", "h", "’s ’s"])
def test_a_letter_or_two_names_no_tactic(document: dict, text: str) -> None:
    """A letter begins many tactics' names ("s": Search optimization) and names none of them: nothing to classify."""
    with pytest.raises(ClassifyError):
        classify(document, text)


def test_a_name_typed_whole_still_names_its_tactic_however_short(document: dict) -> None:
    assert classify(document, "SEO")["tactic"] == "search-optimization"


def test_the_word_classes_are_the_teams_data(tmp_path: Path, document: dict) -> None:
    """reading.words in playbooks/classifier.yaml, not code: a team that adds "landlord" to the people a message may
    name makes "phone the landlords" the one-by-one follow-up it is (capture), with no change to the engine."""
    described = "phone the landlords before the open day"
    with pytest.raises(ClassifyError):
        classify(document, described)  # "landlord" is no people word of the fixture: nothing understood
    project = shutil.copytree(SITE, tmp_path / "project")
    classifier = project / "playbooks" / "classifier.yaml"
    added = classifier.read_text().replace("people: [anyone,", "people: [landlord, anyone,")
    assert added != classifier.read_text()
    classifier.write_text(added)
    outcome = classify(classifier_document(check(project).require()), described)
    assert outcome["classification"] == "lead_generation"
    assert outcome["capture"] == {"present": ["phone landlords"], "absent": []}


def test_a_phrase_among_the_word_classes_is_refused_where_it_stands(tmp_path: Path) -> None:
    """Word classes are compared word by word (by stem): a phrase there would never match, so it is an error at its
    line, not a rule that silently reads nothing."""
    project = shutil.copytree(SITE, tmp_path / "project")
    classifier = project / "playbooks" / "classifier.yaml"
    text = classifier.read_text()
    classifier.write_text(text.replace("reach: [call,", "reach: [call round,"))
    line = next(n for n, row in enumerate(classifier.read_text().splitlines(), 1) if "call round" in row)
    problems = [p for p in check(project).problems if p.severity.value == "error"]
    assert len(problems) == 1, [p.as_text() for p in problems]
    assert problems[0].as_text().startswith(f"playbooks/classifier.yaml:{line}:"), problems[0].as_text()
    assert "call round" in problems[0].as_text() and "one word per entry" in problems[0].as_text()


def test_a_person_word_that_is_also_a_task_word_is_named_as_doing_nothing(tmp_path: Path) -> None:
    """An off-topic word makes a description a task first: the same word among the people does nothing, and a team
    that adds it there is told so at its line, not left wondering why its reading did not change."""
    project = shutil.copytree(SITE, tmp_path / "project")
    classifier = project / "playbooks" / "classifier.yaml"
    classifier.write_text(classifier.read_text().replace("people: [anyone,", "people: [invoice, anyone,"))
    rows = classifier.read_text().splitlines()
    line = next(n for n, row in enumerate(rows, 1) if "people: [invoice" in row)
    task_line = next(n for n, row in enumerate(rows, 1) if row.strip().startswith("off_topic:"))
    found = [p for p in check(project).problems if p.code == "word-class-overruled"]
    assert [p.as_text() for p in found] == [
        f"playbooks/classifier.yaml:{line}:14: warning[word-class-overruled]: 'invoice' is in reading.words.people and "
        f"is an off-topic word (reading.off_topic, line {task_line}): a description naming it reads as a task first, "
        "so here it does nothing; remove it from one of the two lists"
    ]


def test_an_open_activity_may_be_a_tactic_a_source_calls_demand_generation(tmp_path: Path, document: dict) -> None:
    """The trade show is lead generation by its row and demand generation by a recorded dispute: listed among the
    open activities, its word before a capture step set beside it is the open part of the plan ("both"), where the
    fixture as it stands reads the same description as the booth's own capture."""
    described = "a booth at the expo, and a form for the raffle"
    assert classify(document, described)["classification"] == "lead_generation"
    project = shutil.copytree(SITE, tmp_path / "project")
    classifier = project / "playbooks" / "classifier.yaml"
    listed = classifier.read_text().replace(
        "open_activities: [search-optimization]", "open_activities: [search-optimization, trade-show]"
    )
    assert listed != classifier.read_text()
    classifier.write_text(listed)
    result = check(project)
    assert [p.code for p in result.problems if p.severity.value == "error"] == []
    outcome = classify(classifier_document(result.require()), described)
    assert outcome["classification"] == "both"
    assert outcome["capture"] == {"present": ["form"], "absent": ["booth"]}
