"""Definitions that travel: data files, exports, embed cards, links, new terms, hooks and workflows."""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from markdown import markdown as render_markdown

from generator.content.schema import load_schema
from generator.interop.export import EXPORTERS, ExportInput, UnknownFormatError, export_text, is_earlier_export

from .conftest import FIXTURES, REPO, check, site_project


@pytest.fixture(scope="module")
def site_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/site with mkdocs.yml (its site_url): where commands without a path run."""
    return site_project(tmp_path_factory.mktemp("site-fixture"))


@pytest.fixture
def run(site_fixture: Path):
    def run(*args: str, cwd: Path = site_fixture) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, timeout=60
        )

    return run


@pytest.fixture(scope="module")
def glossary(site_fixture: Path):
    return check(site_fixture).require()


# --- terms.json, tactics.json, glossary.csv on the site ---------------------------------------


def test_terms_json_follows_its_documented_format_and_matches_the_model(built_site: Path, glossary) -> None:
    data = json.loads((built_site / "terms.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(load_schema("terms-export"), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(data)] == []
    assert (data["format"], data["version"]) == ("gtm-glossary/terms", 1)
    records = {t["id"]: t for t in data["terms"]}
    assert list(records) == list(glossary.terms)
    for term in glossary.terms.values():
        record = records[term.id]
        assert record["term"] == term.term and record["summary"] == term.summary
        assert record["aliases"] == list(term.aliases) and record["abbreviation"] == term.abbreviation
        assert record["related"] == [t.id for t in term.related]
        assert record["broader"] == (term.broader.id if term.broader else None)
        assert record["category"] == (term.category.id if term.category else None)
        assert record["status"] == term.status.value
        assert [s["id"] for s in record["sources"]] == [c.source.id for c in term.sources]
        assert record["url"] == data["site_url"] + f"glossary/{term.id}/"
        assert (built_site / record["path"] / "index.html").is_file()
    mql = records["marketing-qualified-lead"]
    assert "<p>" in mql["definition_html"] and "<script" not in mql["definition_html"]


def test_tactics_json_lists_every_tactic_with_its_classification(built_site: Path, glossary) -> None:
    data = json.loads((built_site / "tactics.json").read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("gtm-glossary/tactics", 1)
    by_id = {t["id"]: t for t in data["tactics"]}
    assert set(by_id) == set(glossary.tactics)
    for tactic in glossary.tactics.values():
        assert by_id[tactic.id]["classification"] == tactic.classification.value
        assert [d["source"]["id"] for d in by_id[tactic.id]["disputes"]] == [d.source.id for d in tactic.disputes]


def test_glossary_csv_opens_cleanly_one_row_per_term(built_site: Path, glossary) -> None:
    raw = (built_site / "glossary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark, so spreadsheets read it as UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == list(glossary.terms)
    by_id = {r["id"]: r for r in rows}
    for term in glossary.terms.values():
        assert by_id[term.id]["definition"] == term.definition  # multi-line cells survive quoting
        assert by_id[term.id]["aliases"].split("; ") == (list(term.aliases) or [""])
    assert by_id["cost-per-lead"]["abbreviation"] == "CPL"


def test_csv_cells_never_become_formulas(project: Path, run) -> None:
    path = project / "glossary" / "lead.yaml"
    path.write_text(path.read_text().replace("summary: Someone who showed interest.", 'summary: "=HYPERLINK(\\"x\\")"'))
    result = run("export", str(project), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["lead"]["summary"] == '\'=HYPERLINK("x")'


def test_json_schemas_are_published(built_site: Path) -> None:
    for name in ("term.schema.json", "classifier.schema.json", "terms-export.schema.json"):
        published = json.loads((built_site / "schemas" / name).read_text())
        assert published == json.loads((REPO / "generator" / "schemas" / name).read_text())


# --- glossary export ---------------------------------------------------------------------------


def test_export_json_is_the_sites_terms_json(tmp_path: Path, built_site: Path, glossary, run) -> None:
    site_url = json.loads((built_site / "terms.json").read_text())["site_url"]
    out = tmp_path / "out" / "terms.json"
    result = run("export", "--format", "json", "--site-url", site_url, "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (built_site / "terms.json").read_text(encoding="utf-8")
    assert f"wrote {len(glossary.terms)} terms" in result.stderr


def test_export_csv_matches_the_site_and_md_is_one_glossary(built_site: Path, glossary, run) -> None:
    site_url = json.loads((built_site / "terms.json").read_text())["site_url"]
    exported = run("export", "--format", "csv", "--site-url", site_url).stdout
    assert exported == (built_site / "glossary.csv").read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    markdown = run("export", "--format", "md").stdout
    assert markdown.startswith("# Glossary\n")
    assert markdown.count("\n## ") == len(glossary.terms)
    rendered = render_markdown(markdown)  # names are literal text: rendered, they read as written
    term = next(t for t in glossary.terms.values() if t.abbreviation)
    assert f"<h2>{html.escape(term.term, quote=False)} ({html.escape(term.abbreviation, quote=False)})</h2>" in rendered
    assert "[Full definition](https://glossary.example.com/glossary/marketing-qualified-lead/)" in markdown
    assert "[[" not in markdown


def test_export_refuses_invalid_content_and_writes_nothing(project: Path, tmp_path: Path, run) -> None:
    (project / "glossary" / "lead.yaml").write_text("id: lead\nterm: Lead\n")
    out = tmp_path / "terms.json"
    result = run("export", str(project), "--output", str(out))
    assert result.returncode == 1
    assert "missing-field" in result.stdout and not out.exists()


def _export_format_choices() -> tuple[str, ...]:
    from generator.commands.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    export = commands.choices["export"]
    return tuple(next(a for a in export._actions if "--format" in a.option_strings).choices)


def test_every_export_format_is_a_choice_of_the_command_line() -> None:
    """EXPORTERS is the one list of formats: `glossary export --format` offers exactly its names."""
    assert {"json", "csv", "md", "datahub"} <= set(EXPORTERS)
    assert _export_format_choices() == tuple(EXPORTERS)


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_each_export_format_writes_its_own_file_from_the_command_line(fmt: str, tmp_path: Path, glossary, run) -> None:
    """Each format reaches its own writer through the command line (none falls back to another), and
    the file it writes is one ``--output`` may replace again (its ``starts`` pattern knows it)."""
    out = tmp_path / f"glossary.{fmt}"
    result = run("export", "--format", fmt, "--site-url", "https://g.example/", "--output", str(out))
    assert result.returncode == 0, result.stderr
    written = out.read_bytes().decode("utf-8")  # as written: CSV rows end in CRLF
    if fmt != "json":  # json's definition_html comes from the site's renderer, which the command line passes
        assert written == EXPORTERS[fmt].write(ExportInput(glossary, "https://g.example/"))
    others = [name for name in EXPORTERS if name != fmt]
    assert is_earlier_export(out, fmt) and not any(is_earlier_export(out, other) for other in others)
    again = run("export", "--format", fmt, "--site-url", "https://g.example/", "--output", str(out))
    assert again.returncode == 0, again.stderr


def test_the_site_publishes_the_formats_the_table_names(built_site: Path) -> None:
    published = {exporter.site_file for exporter in EXPORTERS.values() if exporter.site_file}
    assert published == {"terms.json", "glossary.csv"}
    assert all((built_site / name).is_file() for name in published)


def test_an_unknown_export_format_is_refused_not_written_as_markdown(glossary, run) -> None:
    with pytest.raises(UnknownFormatError, match="unknown export format 'xml'; one of json, csv, md, datahub"):
        export_text("xml", ExportInput(glossary))
    with pytest.raises(UnknownFormatError):
        is_earlier_export(Path("glossary.xml"), "xml")
    result = run("export", "--format", "xml")
    assert result.returncode == 2 and result.stdout == ""
    assert "invalid choice: 'xml'" in result.stderr


# --- embed cards ---------------------------------------------------------------------------------


def test_each_term_has_a_small_embed_card(built_site: Path, glossary) -> None:
    for term in glossary.terms.values():
        page = built_site / "embed" / term.id / "index.html"
        html = page.read_text(encoding="utf-8")
        assert page.stat().st_size < 4096, f"{term.id}: {page.stat().st_size} bytes is not light"
        assert f'href="../../glossary/{term.id}/"' in html and 'target="_blank" rel="noopener"' in html
        assert "<script" not in html
    mql = (built_site / "embed" / "marketing-qualified-lead" / "index.html").read_text()
    assert "Marketing qualified lead" in mql and "(MQL)" in mql


# --- glossary link ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["mql"], "https://glossary.example.com/glossary/marketing-qualified-lead/"),
        (["Marketing Qualified Lead", "--format", "md"],
         "[Marketing qualified lead](https://glossary.example.com/glossary/marketing-qualified-lead/)"),
        (["MQL", "--format", "md"], "[MQL](https://glossary.example.com/glossary/marketing-qualified-lead/)"),
        (["mql", "--format", "md"], "[MQL](https://glossary.example.com/glossary/marketing-qualified-lead/)"),
        (["marketing qualified leads", "--format", "md"],
         "[Marketing qualified lead](https://glossary.example.com/glossary/marketing-qualified-lead/)"),
        (["OPPORTUNITIES", "--format", "md"], "[Opportunity](https://glossary.example.com/glossary/opportunity/)"),
        (["cpl", "--site-url", "https://wiki.example.org/gtm/"], "https://wiki.example.org/gtm/glossary/cost-per-lead/"),
    ],
)  # fmt: skip
def test_link_resolves_names_aliases_and_abbreviations(args: list[str], expected: str, run) -> None:
    result = run("link", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_link_warns_once_when_site_url_is_the_example_address(run) -> None:
    result = run("link", "lead")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "glossary: warning: site_url is still the example address https://glossary.example.com/; "
        "links built from it lead nowhere; set site_url in mkdocs.yml"
    ]
    assert run("link", "lead", "--site-url", "https://wiki.example.org/").stderr == ""


def test_build_warns_when_site_url_is_the_example_address(tmp_path: Path, run) -> None:
    project = site_project(tmp_path / "project", FIXTURES / "base")  # the warning is the config's, not the content's
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "glossary: warning: site_url is still the example address https://glossary.example.com/; "
        "links built from it lead nowhere; set site_url in mkdocs.yml"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://glossary.example.com/", "https://wiki.example.org/"))
    assert "warning" not in run("build", cwd=project).stderr


def test_export_warns_when_site_url_is_missing(project: Path, run) -> None:
    result = run("export", "--format", "csv", "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert "glossary: warning: site_url is not set" in result.stderr
    assert "set site_url in mkdocs.yml" in result.stderr


def test_link_by_a_form_another_term_has_as_its_name_finds_the_name(project: Path, run) -> None:
    """Forms are not names: a form equal to another term's name never wins, and a form two
    terms share is refused rather than guessed."""
    lead = project / "glossary" / "lead.yaml"
    lead.write_text(lead.read_text().replace("forms: [leads]", "forms: [leads, MQL, prospects]"))
    sql = project / "glossary" / "sales-qualified-lead.yaml"
    sql.write_text(sql.read_text() + "forms: [prospects]\n")
    url = ["--site-url", "https://g.example/", "--project", str(project)]
    mql = run("link", "mql", *url)
    assert mql.stdout.strip() == "https://g.example/glossary/marketing-qualified-lead/"
    assert "also a form of 'Lead' (lead)" in mql.stderr
    shared = run("link", "prospects", *url)
    assert shared.returncode == 1
    assert "'prospects' is a form of more than one term" in shared.stderr


def test_link_html_and_embed_formats_escape_the_text(project: Path, run) -> None:
    path = project / "glossary" / "lead.yaml"
    path.write_text(path.read_text().replace("summary: Someone who showed interest.", "summary: 'Say \"hi\" <b>'"))
    html = run("link", "lead", "--format", "html", "--project", str(project), "--site-url", "https://g.example/")
    assert html.stdout.strip() == (
        '<a href="https://g.example/glossary/lead/" title="Say &quot;hi&quot; &lt;b&gt;">Lead</a>'
    )
    embed = run("link", "lead", "--format", "embed", "--project", str(project), "--site-url", "https://g.example/")
    assert 'src="https://g.example/embed/lead/"' in embed.stdout and "<iframe" in embed.stdout


def test_link_to_an_unknown_term_suggests_the_closest(run) -> None:
    result = run("link", "sales qualifed lead")
    assert result.returncode == 1
    assert "no term is called 'sales qualifed lead'; did you mean 'Sales qualified lead'" in result.stderr


# --- glossary new term -------------------------------------------------------------------------------


def test_new_term_scaffolds_a_valid_file_with_the_schema_comment(project: Path, run) -> None:
    result = run("new", "term", "Cost per opportunity", "--abbreviation", "CPO", "--project", str(project))
    assert result.returncode == 0, result.stderr
    path = project / "glossary" / "cost-per-opportunity.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert (data["id"], data["term"], data["abbreviation"], data["status"]) == (
        "cost-per-opportunity", "Cost per opportunity", "CPO", "draft"
    )  # fmt: skip
    assert check(project).errors == ()
    # the schema it points to holds on every clone: published, or a path inside the project
    # (the built site's copy; tests/test_new_team.py checks that it is there after a build)
    schema = text.splitlines()[0].split("$schema=")[1]
    assert schema.startswith("https://") or (path.parent / schema).resolve().is_relative_to(project.resolve())
    assert "file:" not in schema and not Path(schema).is_absolute()


def test_new_term_in_this_repository_points_at_the_local_schema(tmp_path: Path) -> None:
    from generator.scaffold.term import term_file

    _, text = term_file(REPO, "Anything", abbreviation=None, summary=None, site_url=None)
    assert text.startswith("# yaml-language-server: $schema=../generator/schemas/term.schema.json")


def test_new_term_never_overwrites_or_duplicates_a_name(project: Path, run) -> None:
    taken = run("new", "term", "MQL", "--project", str(project))
    assert taken.returncode == 2 and "already a name of the term 'marketing-qualified-lead'" in taken.stderr
    run("new", "term", "Pipeline", "--project", str(project))
    again = run("new", "term", "Pipeline", "--project", str(project))
    assert again.returncode == 2


# --- hooks and workflow examples ------------------------------------------------------------------------


def test_pre_commit_hook_runs_glossary_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "glossary-check")
    assert hook["entry"].startswith("glossary check") and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    import re

    assert re.search(hook["files"], "glossary/lead.yaml") and re.search(hook["files"], "playbooks/tactics.yaml")
    assert not re.search(hook["files"], "README.md")


def test_github_actions_example_checks_diffs_and_builds() -> None:
    workflow = yaml.safe_load((REPO / "examples" / "github-actions.yml").read_text())
    steps = workflow["jobs"]["glossary"]["steps"]
    commands = " | ".join(step.get("run", "") for step in steps)
    assert "glossary check --format github" in commands
    assert "glossary diff" in commands and "GITHUB_STEP_SUMMARY" in commands
    assert "glossary build" in commands
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # diff needs the base branch's history
