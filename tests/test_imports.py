"""`glossary import csv|datahub` and `glossary export --format datahub`: round trips and hostile input."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import build_site
from generator.export import datahub_document, terms_csv
from generator.imports import ImportError_
from generator.imports_csv import from_csv

from .conftest import FIXTURES, REPO, check

DATAHUB_FIXTURE = FIXTURES / "datahub" / "business_glossary.yml"


def glossary(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, timeout=120)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.fixture(scope="module")
def repo_glossary():
    return check(REPO).require()


def term_fields(term) -> dict:
    return {
        "term": term.term,
        "abbreviation": term.abbreviation,
        "aliases": term.aliases,
        "summary": term.summary,
        "definition": term.definition.strip(),
        "category": term.category.id if term.category else None,
        "broader": term.broader.id if term.broader else None,
        "related": [t.id for t in term.related],
        "status": term.status,
        "owner": term.owner,
        "last_reviewed": term.last_reviewed,
        "sources": [c.source.id for c in term.sources],
    }


# --- round trips on the repository's own content ------------------------------------------------------


def test_csv_export_then_import_gives_the_same_terms(tmp_path: Path, repo_glossary) -> None:
    exported = tmp_path / "glossary.csv"
    assert glossary("export", str(REPO), "--format", "csv", "--output", str(exported)).returncode == 0
    result = glossary("import", "csv", str(exported), "--output", str(tmp_path / "project"))
    assert result.returncode == 0, result.stdout + result.stderr
    imported = check(tmp_path / "project").require()
    assert list(imported.terms) == list(repo_glossary.terms)
    for term_id, term in repo_glossary.terms.items():
        assert term_fields(imported.terms[term_id]) == term_fields(term), term_id


def test_datahub_export_then_import_gives_the_same_terms_categories_and_relations(
    tmp_path: Path, repo_glossary
) -> None:
    exported = tmp_path / "business_glossary.yml"
    assert glossary("export", str(REPO), "--format", "datahub", "--output", str(exported)).returncode == 0
    result = glossary("import", "datahub", str(exported), "--output", str(tmp_path / "project"))
    assert result.returncode == 0, result.stdout + result.stderr
    imported = check(tmp_path / "project").require()
    assert list(imported.terms) == list(repo_glossary.terms)
    assert {c.id: c.name for c in imported.categories.values()} == {
        c.id: c.name for c in repo_glossary.categories.values()
    }
    for term_id, term in repo_glossary.terms.items():
        got, want = term_fields(imported.terms[term_id]), term_fields(term)
        del got["sources"], want["sources"]  # DataHub keeps sources as links: their ids come from the titles
        assert got == want, term_id


def test_datahub_export_has_the_documented_shape(repo_glossary) -> None:
    document = datahub_document(repo_glossary, site_url="https://g.example/")
    assert document["version"] == "1" and document["owners"]["groups"]
    terms = [t for node in document["nodes"] for t in node["terms"]] + document.get("terms", [])
    assert len(terms) == len(repo_glossary.terms)
    mql = next(t for t in terms if t["id"] == "gtm-glossary.marketing-qualified-lead")
    assert mql["inherits"] == ["Leads and lead types.Lead"]
    assert mql["source_url"] == "https://g.example/glossary/marketing-qualified-lead/"
    assert mql["custom_properties"]["abbreviation"] == "MQL"
    assert mql["owners"] == {"groups": ["Marketing operations"]}
    assert all(isinstance(v, str) for t in terms for v in t["custom_properties"].values())


# --- a hand-written DataHub glossary ------------------------------------------------------------------


def test_a_datahub_glossary_imports_into_a_project_that_checks_and_builds(tmp_path: Path) -> None:
    out = tmp_path / "project"
    result = glossary("import", "datahub", str(DATAHUB_FIXTURE), "--output", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    imported = check(out).require()
    assert set(imported.terms) == {"mql", "sales-qualified-lead", "lead", "cost-per-lead", "pipeline"}
    mql = imported.terms["mql"]
    assert mql.term == "Marketing Qualified Lead" and mql.abbreviation == "MQL"
    assert mql.category.id == "funnel-qualification" and mql.category.name == "Funnel / Qualification"
    assert mql.broader.id == "lead" and [t.id for t in mql.related] == ["sales-qualified-lead"]
    assert mql.owner == "marketing-ops"
    assert [c.source.title for c in mql.sources] == ["Scoring model"]
    assert mql.extensions["datahub"]["custom_properties"] == {"dashboard_metric": "mql_count"}
    sql = imported.terms["sales-qualified-lead"]
    assert sql.owner == "sales-ops, jdoe" and sql.extensions["datahub"]["owners"] == {
        "users": ["jdoe"], "groups": ["sales-ops"]
    }  # fmt: skip
    assert sql.extensions["datahub"]["term_source"] == "EXTERNAL"
    assert [c.source.title for c in sql.sources] == ["Sales playbook"]
    lead = imported.terms["lead"]
    assert {t.id for t in lead.related} == {"mql", "sales-qualified-lead"}
    assert lead.extensions["datahub"]["contains"] == ["mql", "sales-qualified-lead"]  # the kind is kept
    assert lead.extensions["datahub"]["domain"] == "urn:li:domain:marketing"
    cpl = imported.terms["cost-per-lead"]
    assert cpl.extensions["datahub"]["values"] == ["lead"]
    assert cpl.extensions["datahub"]["unresolved_related_terms"] == ["Metrics.Unknown Metric"]
    assert imported.terms["pipeline"].category is None
    # everything without a counterpart was reported
    assert "node Funnel: knowledge_links, owners not kept" in result.stderr
    assert "Metrics.Unknown Metric" in result.stderr
    report = build_site(out)
    assert (report.site_dir / "glossary" / "mql" / "index.html").is_file()


# --- CSV details -----------------------------------------------------------------------------------------


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_semicolons_bom_multiline_cells_and_column_names(tmp_path: Path) -> None:
    source = write(
        tmp_path / "excel.csv",
        "\ufeffName;Synonyms;Description;Owner;Kategorie\r\n"
        'Lead score;"score; points";"Points for\r\nengagement.";Marketing ops;Metrics\r\n',
    )
    result = glossary("import", "csv", str(source), "--output", str(tmp_path / "p"), "--map", "Kategorie=category")
    assert result.returncode == 0, result.stdout + result.stderr
    term = check(tmp_path / "p").require().terms["lead-score"]
    assert term.aliases == ("score", "points") and term.owner == "Marketing ops"
    assert term.definition.strip() == "Points for\nengagement."
    assert term.category.name == "Metrics"


def test_unknown_columns_are_kept_under_extensions(tmp_path: Path) -> None:
    source = write(tmp_path / "t.csv", "term,definition,Dashboard\nCPL,Spend over leads.,cpl_v2\n")
    result = glossary("import", "csv", str(source), "--output", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    assert check(tmp_path / "p").require().terms["cpl"].extensions == {"Dashboard": "cpl_v2"}
    assert "columns kept under extensions" in result.stderr and "Dashboard" in result.stderr


def test_ids_given_twice_are_made_unique_in_file_order_and_reported(tmp_path: Path) -> None:
    source = write(tmp_path / "t.csv", "id,term,definition\npipeline,Pipeline,A.\npipeline,Sales pipeline,B.\n")
    result = glossary("import", "csv", str(source), "--output", str(tmp_path / "p"))
    assert result.returncode == 0, result.stdout + result.stderr
    terms = check(tmp_path / "p").require().terms
    assert (terms["pipeline"].term, terms["pipeline-2"].term) == ("Pipeline", "Sales pipeline")
    assert "line 3: id 'pipeline' is taken; this term gets 'pipeline-2'" in result.stderr


def test_names_that_would_share_a_page_are_refused_with_both_lines(tmp_path: Path) -> None:
    source = write(tmp_path / "t.csv", "term,definition\nLead-score,A.\nLead score!,B.\n")
    result = glossary("import", "csv", str(source), "--output", str(tmp_path / "p"))
    assert result.returncode == 1
    assert "line 3: 'Lead score!' and 'Lead-score' (line 2) would share the page glossary/lead-score/" in result.stdout
    assert files_under(tmp_path / "p") == []


DUPLICATE_ACROSS_NODES = """version: "1"
owners: {groups: [data]}
nodes:
  - {name: Finance, description: F, terms: [{name: Revenue, description: Booked revenue.}]}
  - {name: Sales, description: S, terms: [{name: Revenue, description: Closed-won value.}]}
"""


def test_one_name_in_two_datahub_nodes_is_qualified(tmp_path: Path) -> None:
    source = write(tmp_path / "g.yml", DUPLICATE_ACROSS_NODES)
    result = glossary("import", "datahub", str(source), "--output", str(tmp_path / "p"))
    assert result.returncode == 0, result.stdout + result.stderr
    terms = check(tmp_path / "p").require().terms
    assert terms["revenue"].term == "Revenue" and terms["revenue-sales"].term == "Revenue (Sales)"
    assert "the name 'Revenue' is taken; this term is 'Revenue (Sales)'" in result.stderr


def test_related_terms_by_name_become_ids(tmp_path: Path) -> None:
    source = write(tmp_path / "t.csv", "term,abbreviation,definition,related\nLead,,A lead.,MQL\n"
                   "Marketing qualified lead,MQL,An MQL.,lead\n")  # fmt: skip
    assert glossary("import", "csv", str(source), "--output", str(tmp_path / "p")).returncode == 0
    imported = check(tmp_path / "p").require()
    assert [t.id for t in imported.terms["lead"].related] == ["marketing-qualified-lead"]


def test_formula_cells_round_trip_when_escaped_and_are_refused_when_not(tmp_path: Path) -> None:
    glossary_model = check(FIXTURES / "base").require()
    exported = terms_csv(glossary_model)
    rows = list(csv.DictReader(io.StringIO(exported.removeprefix("\ufeff"))))
    assert rows  # the base fixture exports
    escaped = write(tmp_path / "escaped.csv", "term,definition,summary\nMargin,Revenue minus cost.,'=A1-B1\n")
    result = glossary("import", "csv", str(escaped), "--output", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    assert check(tmp_path / "p").require().terms["margin"].summary == "=A1-B1"
    raw = write(tmp_path / "raw.csv", 'term,definition\nEvil,=HYPERLINK("http://x")\n')
    refused = glossary("import", "csv", str(raw), "--output", str(tmp_path / "q"))
    assert refused.returncode == 1
    assert "line 2: the definition cell starts with '='" in refused.stdout
    assert files_under(tmp_path / "q") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("term,definition\n", "only a header row"),
        ("definition,owner\nA.,me\n", "no column holds the term's name"),
        ("term,owner\nLead,me\n", "no column holds the definition"),
        ("term,definition\nLead,A.\nlead,B.\n", "line 3: 'lead' is already defined on line 2"),
        ("term,definition\nLead,\n", "line 2: 'Lead' has no definition"),
        ("term,definition,status\nLead,A.,final\n", "line 2: status 'final' is not one of"),
        ("term,definition\n!!!,A.\n", "has no letters or digits"),
    ],
)
def test_odd_csv_gets_a_clear_message_and_nothing_is_written(tmp_path: Path, content: str, message: str) -> None:
    source = write(tmp_path / "odd.csv", content)
    result = glossary("import", "csv", str(source), "--output", str(tmp_path / "p"))
    assert result.returncode == 1
    assert message in result.stdout + result.stderr
    assert files_under(tmp_path / "p") == []


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes("term,definition\nCafé,A place.\n".encode("latin-1"))
    result = glossary("import", "csv", str(source), "--output", str(tmp_path / "p"))
    assert result.returncode == 1
    assert "latin1.csv:2: not UTF-8" in result.stderr and "CSV UTF-8" in result.stderr


def test_a_name_that_is_an_existing_file_is_refused_without_force(tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "base", project)
    before = (project / "glossary" / "lead.yaml").read_text()
    source = write(tmp_path / "t.csv", "term,definition\nLead,Replaced.\n")
    result = glossary("import", "csv", str(source), "--output", str(project))
    assert result.returncode == 1
    assert "glossary/lead.yaml already exists (from line 2); use --force" in result.stdout
    assert (project / "glossary" / "lead.yaml").read_text() == before
    forced = glossary("import", "csv", str(source), "--output", str(project), "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "Replaced." in (project / "glossary" / "lead.yaml").read_text()


def test_a_name_that_clashes_with_an_existing_alias_is_refused_with_its_line(tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "base", project)
    source = write(tmp_path / "t.csv", "term,definition\nWebinar lead,A.\nMQL,Clash.\n")
    before = files_under(project)
    result = glossary("import", "csv", str(source), "--output", str(project))
    assert result.returncode == 1
    assert "line 3:" in result.stdout and "duplicate-name" in result.stdout
    assert files_under(project) == before


def test_keep_going_writes_the_good_rows_and_lists_the_rest(tmp_path: Path) -> None:
    source = write(tmp_path / "t.csv", "term,definition,status\nGood,A.,draft\nBad,B.,final\nAlso good,C.,\n")
    result = glossary("import", "csv", str(source), "--output", str(tmp_path / "p"), "--keep-going")
    assert result.returncode == 1  # something was left out
    assert "line 3: status 'final'" in result.stdout
    assert set(check(tmp_path / "p").require().terms) == {"good", "also-good"}


def test_a_20_mb_file_is_refused_quickly_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w") as handle:
        handle.write("term,definition\n")
        row = "Term {n}," + "x" * 200 + "\n"
        for n in range(100_000):
            handle.write(row.format(n=n))
    assert big.stat().st_size > 20_000_000
    with pytest.raises(ImportError_, match="split the file"):
        from_csv(big)
    result = glossary("import", "csv", str(big), "--output", str(tmp_path / "p"))
    assert result.returncode == 1 and files_under(tmp_path / "p") == []


def test_import_output_never_leaves_yaml_that_other_parsers_read_differently(tmp_path: Path) -> None:
    source = write(tmp_path / "t.csv", 'term,definition,summary\n"What? A: term",Text: with? marks.,"yes"\n')
    assert glossary("import", "csv", str(source), "--output", str(tmp_path / "p")).returncode == 0
    for path in (tmp_path / "p" / "glossary").glob("*.yaml"):
        text = path.read_text()
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader)
    assert check(tmp_path / "p").require().terms["what-a-term"].summary == "yes"
