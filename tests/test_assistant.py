"""The tools of `glossary mcp` without the MCP SDK (generator/interop/assistant.py): resolving a term by
any of its names, not-found with did-you-mean, the site's search ranking, classification, listing,
input limits, and the same answers from a built site's data files as from the project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.interop.assistant import LIMITS, Assistant, AssistantError
from generator.interop.site_search import name_key, singular

from .conftest import FIXTURES
from .search_expectations import FIRST


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.from_project(FIXTURES / "site")


@pytest.mark.parametrize(
    "typed",
    ["marketing-qualified-lead", "Marketing qualified lead", "MQL", "mql", "marketing-ready lead", "M.Q.L.", "MQLs",
     "mqls", "marketing qualified leads", "  MQL  "],
)  # fmt: skip
def test_define_finds_a_term_by_id_name_abbreviation_alias_form_and_plural_in_any_case(
    assistant: Assistant, typed: str
) -> None:
    answer = assistant.define(typed)
    assert answer["found"] is True, answer
    assert answer["id"] == "marketing-qualified-lead"
    assert (
        answer["abbreviation"] == "MQL" and answer["summary"] and answer["url"] == "glossary/marketing-qualified-lead/"
    )


def test_a_plural_no_term_lists_as_a_form_is_found_by_its_singular(assistant: Assistant) -> None:
    for term_id in ("cost-per-lead", "prospect"):
        assert not assistant.records[term_id]["forms"], "the fixture must list no forms for these"
    assert assistant.define("CPLs")["id"] == "cost-per-lead"
    assert assistant.define("CPLs")["matched_by"] == "plural"
    assert assistant.define("Prospects")["id"] == "prospect"
    assert assistant.define("costs per lead")["found"] is False  # only the last word is made singular


def test_define_answers_with_what_the_team_wrote(assistant: Assistant) -> None:
    answer = assistant.define("MQL")
    assert answer["status"] == "approved"
    assert answer["owner"] == {"id": "marketing-ops", "name": "Marketing operations"}  # the team's name
    assert "[[" not in answer["definition"] and "See SQLs for the next stage" in answer["definition"]
    assert answer["sources"] and all("title" in s for s in answer["sources"])
    quoted = [s for r in assistant.records.values() for s in r["sources"] if s.get("quote")]
    assert quoted, "the fixture cites a quote somewhere"
    with_quote = next(r for r in assistant.records.values() if any(s.get("quote") for s in r["sources"]))
    assert any(s.get("quote") for s in assistant.define(with_quote["id"])["sources"])


def test_an_unknown_term_is_a_structured_not_found_with_did_you_mean(assistant: Assistant) -> None:
    answer = assistant.define("mlq")
    assert answer["found"] is False
    assert answer["did_you_mean"][0]["id"] == "marketing-qualified-lead"
    assert "did you mean 'Marketing qualified lead' (MQL)?" in answer["message"]
    asked = assistant.define("what counts as an MQL here")  # a question, not a name: what a search finds
    assert asked["found"] is False and asked["did_you_mean"][0]["id"] == "marketing-qualified-lead"
    nothing = assistant.define("zzzzqqqq")
    assert nothing == {**nothing, "found": False, "did_you_mean": []}


@pytest.mark.parametrize(("query", "kind", "item"), FIRST, ids=[q for q, _, _ in FIRST])
def test_search_lists_first_what_the_site_lists_first(assistant: Assistant, query: str, kind: str, item: str) -> None:
    results = assistant.search(query, 5)["results"]
    assert results and (results[0]["kind"], results[0]["id"]) == (kind, item), results[:3]


def test_search_marks_an_exact_name_and_tells_tactics_by_their_classification(assistant: Assistant) -> None:
    first = assistant.search("mql")["results"][0]
    assert first["exact_name"] is True and first["name"] == "Marketing qualified lead"
    webinar = assistant.search("webinar")["results"][0]
    assert webinar["kind"] == "tactic" and webinar["classification"] == "lead_generation"
    assert assistant.search("per")["results"] == []  # a short word is a separator, as on the site


def test_the_search_words_are_split_and_singular_as_the_site_splits_them() -> None:
    assert name_key("Cost per lead (CPL)") == "cost lead cpl"
    assert [singular(w) for w in ("mqls", "opportunities", "sales", "status", "analysis")] == [
        "mql", "opportunity", "sale", None, None,
    ]  # fmt: skip


def test_classify_gives_the_classifiers_outcome_with_reasons_and_views(assistant: Assistant) -> None:
    named = assistant.classify("trade show")
    assert named["classified"] and named["tactic"] == "trade-show" and named["disputed"] is True
    assert named["views"] and named["confidence"] and named["reasons"]
    assert "Why:" in named["explanation"]
    described = assistant.classify("an ungated webinar")
    assert described["classification"] == "demand_generation" and described["decided_by"] == "capture"
    unknown = assistant.classify("zzzz qqqq")
    assert unknown["classified"] is False and "nothing to classify" in unknown["message"]


def test_list_terms_by_category_id_or_name(assistant: Assistant) -> None:
    by_id = assistant.list_terms("metrics")
    by_name = assistant.list_terms("METRICS")
    assert by_id == by_name and by_id["total"] == 3
    assert {t["id"] for t in by_id["terms"]} == {"cost-per-lead", "lead-to-opportunity-conversion", "marketing-spend"}
    assert assistant.list_terms()["total"] == len(assistant.records)
    missing = assistant.list_terms("no such category")
    assert missing["found"] is False and "metrics" in missing["categories"]


@pytest.mark.parametrize(
    ("call", "argument"),
    [("define", "term"), ("search", "query"), ("classify", "description"), ("list_terms", "category")],
)
def test_every_text_argument_is_bounded(assistant: Assistant, call: str, argument: str) -> None:
    with pytest.raises(AssistantError, match=f"{argument} is {LIMITS[argument] + 1:,} characters long; the limit"):
        getattr(assistant, call)("x" * (LIMITS[argument] + 1))
    getattr(assistant, call)("x" * LIMITS[argument])  # the limit itself is allowed
    with pytest.raises(AssistantError, match="limit must be a whole number between 1 and 50"):
        assistant.search("lead", 51)


def test_the_term_resource_is_the_terms_markdown_copy(assistant: Assistant) -> None:
    text = assistant.term_markdown("MQLs")
    assert text is not None and text.startswith("# Marketing qualified lead (MQL)\n")
    assert assistant.term_markdown("no such term") is None


def test_a_built_site_answers_as_the_project_does(assistant: Assistant, built_site: Path) -> None:
    from_site = Assistant.from_site(built_site)
    for term in ("MQLs", "cpl", "Leads", "mlq"):
        project, site = assistant.define(term), from_site.define(term)
        if project["found"]:
            assert site["url"].endswith(project["url"])  # the site's terms.json has absolute URLs
            assert {**site, "url": "", "owner": None} == {**project, "url": "", "owner": None}
        else:
            assert site == project
    for text in ("trade show", "an ungated webinar", "gated ebook for a list of contacts"):
        assert from_site.classify(text)["classification"] == assistant.classify(text)["classification"]
    assert from_site.term_markdown("MQL") == (built_site / "glossary" / "marketing-qualified-lead.md").read_text()
    assert [h["id"] for h in from_site.search("lead")["results"]] == [
        h["id"] for h in assistant.search("lead")["results"]
    ]


def test_a_folder_that_is_no_built_site_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AssistantError, match="is .* a built site"):
        Assistant.from_site(tmp_path)
    (tmp_path / "terms.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(AssistantError, match="not a glossary's terms.json"):
        Assistant.from_site(tmp_path)


def test_a_tampered_site_cannot_make_the_server_read_outside_it(built_site: Path, tmp_path: Path) -> None:
    """terms.json from an untrusted artefact: an id that is a path is refused, and a Markdown copy that
    is a link to a file elsewhere is not read (attacker review, issue 31)."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (tmp_path / "secret.md").write_text("SECRET")
    terms = json.loads((site / "terms.json").read_text())
    original = json.dumps(terms)
    terms["terms"][0]["id"] = "../../secret"
    (site / "terms.json").write_text(json.dumps(terms))
    with pytest.raises(AssistantError, match="not slugs .*'../../secret'"):
        Assistant.from_site(site)
    (site / "terms.json").write_text(original)
    copy = site / "glossary" / "marketing-qualified-lead.md"
    copy.unlink()
    copy.symlink_to(tmp_path / "secret.md")
    served = Assistant.from_site(site)
    assert served.define("MQL")["found"]  # the term is still there, from terms.json
    assert "SECRET" not in (served.term_markdown("MQL") or "")
