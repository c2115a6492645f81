"""Owners who approve changes to their definitions: the owners registry (glossary/_owners.yaml), owners
checked against it, `glossary codeowners`, `glossary review-due`, and what the site shows (a term's
"Ownership" line, the review status page), on a project built from tests/fixtures/base in tmp_path.

The clock is always injected: ``--today`` for review-due, ``GLOSSARY_TODAY`` for a build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.core.clock import build_date
from generator.core.problems import GlossaryError

from .conftest import FIXTURES, TODAY, check, site_project

REGISTRY = """\
teams:
  - id: marketing-ops
    name: Marketing operations
    handles: ["@acme/marketing-ops", "@jdoe"]
    contact: marketing-ops@example.com
    review_interval_days: 90
  - id: sales
    name: {sales_name}
    handles: ["@acme/sales"]
    contact: https://chat.example.com/sales
"""

#: A team name that tries every way out of plain text: a tag, a Markdown link, a mention, a heading.
HOSTILE_NAME = "'Sales <img src=x onerror=alert(1)> [x](javascript:alert(1)) @everyone # *team*'"

#: Who owns what, when it was last reviewed (None: never) and, where not approved, its status.
#: At TODAY (2026-02-01): lead due 2025-12-30 (90 days), sales-qualified-lead due 2026-01-15 (365 days),
#: prospect never reviewed; marketing-qualified-lead due 2026-02-18 (within 30 days); old-draft a draft.
OWNERSHIP = {
    "lead": ("marketing-ops", "2025-10-01"),
    "marketing-qualified-lead": ("marketing-ops", "2025-11-20"),
    "sales-qualified-lead": ("sales", "2025-01-15"),
}


def _owned(path: Path, owner: str | None, reviewed: str | None) -> None:
    text = re.sub(r"(?m)^last_reviewed: .*\n", "", path.read_text(encoding="utf-8"))
    text += (f"owner: {owner}\n" if owner else "") + (f"last_reviewed: {reviewed}\n" if reviewed else "")
    path.write_text(text, encoding="utf-8")


def make_project(root: Path, *, sales_name: str = "Sales team", registry: bool = True) -> Path:
    """tests/fixtures/base with owners: OWNERSHIP, a playbook owned by sales, an approved term with no
    owner that was never reviewed, and a draft with an old review (drafts owe none)."""
    shutil.copytree(FIXTURES / "base", root)
    glossary = root / "glossary"
    if registry:
        (glossary / "_owners.yaml").write_text(REGISTRY.format(sales_name=sales_name), encoding="utf-8")
    for term_id, (owner, reviewed) in OWNERSHIP.items():
        _owned(glossary / f"{term_id}.yaml", owner, reviewed)
    (glossary / "prospect.yaml").write_text(
        "id: prospect\nterm: Prospect\nsummary: Someone who may buy.\ndefinition: A possible [[lead]].\n"
        "related: [lead]\nsources:\n  - source: seed-a\n",
        encoding="utf-8",
    )
    (glossary / "old-draft.yaml").write_text(
        "id: old-draft\nterm: Old draft\nsummary: Still argued about.\ndefinition: Not agreed yet.\n"
        "status: draft\nrelated: [lead]\nsources:\n  - source: seed-b\nowner: sales\nlast_reviewed: 2024-01-01\n",
        encoding="utf-8",
    )
    _owned(root / "playbooks" / "webinar-play.yaml", "sales", None)
    return root


@pytest.fixture
def owned(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "repo")
    (root / ".git").mkdir()  # the project is its repository's root: CODEOWNERS paths start there
    return root


def glossary(*args: str, capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


# --- the registry and owners checked against it ------------------------------------------------


def test_the_owned_project_is_valid_and_its_model_knows_the_teams(owned: Path) -> None:
    result = check(owned)
    assert not result.errors, [p.as_text() for p in result.errors]
    model = result.glossary
    assert model.team_of("marketing-ops").handles == ("@acme/marketing-ops", "@jdoe")
    assert model.team_of("sales").contact_href == "https://chat.example.com/sales"
    assert model.team_of("marketing-ops").contact_href == "mailto:marketing-ops@example.com"


def test_an_unknown_owner_is_an_error_at_its_line_with_did_you_mean(owned: Path) -> None:
    term = owned / "glossary" / "lead.yaml"
    term.write_text(term.read_text().replace("owner: marketing-ops", "owner: marketing-opps"))
    result = check(owned)
    [problem] = [p for p in result.errors if p.path == "glossary/lead.yaml"]
    assert (problem.line, problem.column, problem.code) == (_line_of(term, "owner:"), 8, "unknown-reference")
    assert "'owner' refers to team 'marketing-opps', which is not in glossary/_owners.yaml" in problem.message
    assert problem.hint == "did you mean 'marketing-ops'?; valid: marketing-ops, sales"
    assert result.glossary is None


def test_a_display_name_as_owner_is_refused_with_the_id_to_use(owned: Path) -> None:
    playbook = owned / "playbooks" / "webinar-play.yaml"
    playbook.write_text(playbook.read_text().replace("owner: sales", "owner: sales TEAM"))
    result = check(owned)
    [problem] = [p for p in result.errors if p.path == "playbooks/webinar-play.yaml"]
    assert (problem.line, problem.code) == (_line_of(playbook, "owner:"), "unknown-reference")
    assert problem.hint.startswith("'sales TEAM' is the name of team 'sales': use the id 'sales'")


def test_a_handle_as_owner_is_refused_with_the_id_to_use(owned: Path) -> None:
    term = owned / "glossary" / "lead.yaml"
    term.write_text(
        term.read_text(encoding="utf-8").replace("owner: marketing-ops", "owner: '@jdoe'"), encoding="utf-8"
    )
    (problem,) = [p for p in check(owned).problems if p.code == "unknown-reference"]
    assert problem.hint.startswith("'@jdoe' is a code-host handle of team 'marketing-ops': use the id 'marketing-ops'")


def test_a_team_name_is_one_line(owned: Path) -> None:
    """A team's name is a heading of review-due's issue body and a line on term pages."""
    registry = owned / "glossary" / "_owners.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("name: Sales team", 'name: "Sales\\n# team"'), encoding="utf-8"
    )
    (problem,) = [p for p in check(owned).problems if p.code == "multi-line-name"]
    assert (problem.path, problem.line) == ("glossary/_owners.yaml", _line_of(registry, '    name: "Sales'))


def test_without_a_registry_owner_stays_free_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", registry=False)
    term = root / "glossary" / "lead.yaml"
    term.write_text(term.read_text().replace("owner: marketing-ops", "owner: Whoever runs the CRM"))
    result = check(root)
    assert not result.errors, [p.as_text() for p in result.errors]
    assert result.glossary.terms["lead"].owner == "Whoever runs the CRM"
    assert result.glossary.team_of("Whoever runs the CRM") is None


def test_a_handle_of_the_wrong_shape_is_refused_at_its_line(owned: Path) -> None:
    registry = owned / "glossary" / "_owners.yaml"
    registry.write_text(registry.read_text().replace('"@jdoe"', '"jdoe # not a handle"'))
    [problem] = check(owned).errors
    assert (problem.path, problem.line, problem.code) == ("glossary/_owners.yaml", 4, "invalid-value")
    assert "a handle is '@' and a user name" in problem.hint


# --- glossary codeowners ---------------------------------------------------------------------------

#: Without `maintainers`, the shared files and CODEOWNERS itself go to every team's handles.
EVERY_TEAM = "@acme/marketing-ops @jdoe @acme/sales"
EXPECTED_RULES = [
    f"/CODEOWNERS {EVERY_TEAM}",
    f"/glossary/_categories.yaml {EVERY_TEAM}",
    f"/glossary/_owners.yaml {EVERY_TEAM}",
    f"/glossary/_sources.lock {EVERY_TEAM}",
    f"/glossary/_sources.yaml {EVERY_TEAM}",
    "/glossary/lead.yaml @acme/marketing-ops @jdoe",
    "/glossary/marketing-qualified-lead.yaml @acme/marketing-ops @jdoe",
    "/glossary/old-draft.yaml @acme/sales",
    "/glossary/sales-qualified-lead.yaml @acme/sales",
    f"/playbooks/classifier.yaml {EVERY_TEAM}",
    f"/playbooks/tactic-tables.yaml {EVERY_TEAM}",
    f"/playbooks/tactics.yaml {EVERY_TEAM}",
    "/playbooks/webinar-play.yaml @acme/sales",
]


def _rules(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_codeowners_maps_each_owned_file_to_its_teams_handles(owned: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = glossary("codeowners", str(owned), capsys=capsys)
    assert code == 0, err
    text = (owned / "CODEOWNERS").read_text()
    assert _rules(text) == EXPECTED_RULES  # sorted; prospect.yaml (no owner) left out
    assert text.startswith("# CODEOWNERS generated by `glossary codeowners`")
    assert "run `glossary codeowners`" in text
    assert "wrote" in err and "13 files" in err


def test_codeowners_check_passes_after_writing_and_fails_after_an_owner_change(
    owned: Path, capsys: pytest.CaptureFixture
) -> None:
    assert glossary("codeowners", str(owned), capsys=capsys)[0] == 0
    code, _, err = glossary("codeowners", str(owned), "--check", capsys=capsys)
    assert code == 0 and err.strip().endswith("CODEOWNERS is up to date (13 files)")

    term = owned / "glossary" / "marketing-qualified-lead.yaml"
    term.write_text(term.read_text().replace("owner: marketing-ops", "owner: sales"))
    before = (owned / "CODEOWNERS").read_text()
    code, _, err = glossary("codeowners", str(owned), "--check", capsys=capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1  # one line, for CI and pre-commit
    assert "is out of date" in err and "/glossary/marketing-qualified-lead.yaml @acme/sales" in err
    assert (owned / "CODEOWNERS").read_text() == before  # --check writes nothing

    assert glossary("codeowners", str(owned), capsys=capsys)[0] == 0
    assert glossary("codeowners", str(owned), "--check", capsys=capsys)[0] == 0
    assert "/glossary/marketing-qualified-lead.yaml @acme/sales" in _rules((owned / "CODEOWNERS").read_text())


def test_codeowners_check_fails_when_the_file_is_missing(owned: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = glossary("codeowners", str(owned), "--check", capsys=capsys)
    assert code == 1 and "CODEOWNERS is missing" in err
    assert not (owned / "CODEOWNERS").exists()


def test_codeowners_paths_start_at_the_repository_root(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    project = make_project(tmp_path / "repo" / "docs" / "terms")
    assert glossary("codeowners", str(project), capsys=capsys)[0] == 0
    rules = _rules((tmp_path / "repo" / "CODEOWNERS").read_text())
    assert "/docs/terms/glossary/lead.yaml @acme/marketing-ops @jdoe" in rules
    assert f"/docs/terms/glossary/_owners.yaml {EVERY_TEAM}" in rules and f"/CODEOWNERS {EVERY_TEAM}" in rules
    assert not (project / "CODEOWNERS").exists()


def test_the_registry_the_shared_files_and_codeowners_itself_go_to_the_maintainers(
    owned: Path, capsys: pytest.CaptureFixture
) -> None:
    """Whoever approves the registry decides who approves every definition: with `maintainers`, only
    they own it, the other shared files and CODEOWNERS; an unknown maintainer is an error at its line."""
    registry = owned / "glossary" / "_owners.yaml"
    registry.write_text("maintainers: [sales]\n" + registry.read_text(encoding="utf-8"), encoding="utf-8")
    assert glossary("codeowners", str(owned), capsys=capsys)[0] == 0
    rules = _rules((owned / "CODEOWNERS").read_text())
    assert "/glossary/_owners.yaml @acme/sales" in rules and "/CODEOWNERS @acme/sales" in rules
    assert "/playbooks/tactics.yaml @acme/sales" in rules
    assert "/glossary/lead.yaml @acme/marketing-ops @jdoe" in rules  # a definition stays its team's

    registry.write_text(registry.read_text(encoding="utf-8").replace("[sales]", "[sale]"), encoding="utf-8")
    problems = [p for p in check(owned).problems if p.code == "unknown-reference"]
    assert [(p.path, p.line) for p in problems] == [("glossary/_owners.yaml", 1)]
    assert "did you mean 'sales'?" in problems[0].hint


def test_codeowners_check_fails_while_a_github_codeowners_hides_the_file(
    owned: Path, capsys: pytest.CaptureFixture
) -> None:
    assert glossary("codeowners", str(owned), capsys=capsys)[0] == 0
    (owned / ".github").mkdir()
    (owned / ".github" / "CODEOWNERS").write_text("* @someone\n")
    code, _, err = glossary("codeowners", str(owned), "--check", capsys=capsys)
    assert code == 1 and "GitHub reads" in err and ".github/CODEOWNERS" in err and "ignores" in err


def test_codeowners_refuses_a_folder_name_codeowners_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A space ends a CODEOWNERS path on GitHub and '#' starts a comment: the rule would silently own nothing."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    project = make_project(tmp_path / "repo" / "GTM glossary #1")
    code, _, err = glossary("codeowners", str(project), capsys=capsys)
    assert code == 1 and "CODEOWNERS cannot name 'GTM glossary #1'" in err
    assert not (tmp_path / "repo" / "CODEOWNERS").exists()


def test_codeowners_writes_nothing_on_content_errors_nor_over_a_foreign_file(
    owned: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    output = tmp_path / "out" / "CODEOWNERS"
    term = owned / "glossary" / "lead.yaml"
    term.write_text(term.read_text().replace("owner: marketing-ops", "owner: nobody"))
    code, out, _ = glossary("codeowners", str(owned), "--output", str(output), capsys=capsys)
    assert code == 1 and "glossary/lead.yaml" in out and not output.exists()

    term.write_text(term.read_text().replace("owner: nobody", "owner: marketing-ops"))
    output.parent.mkdir()
    output.write_text("* @someone-else\n")
    code, _, err = glossary("codeowners", str(owned), "--output", str(output), capsys=capsys)
    assert code == 1 and "was not written by `glossary codeowners`" in err
    assert output.read_text() == "* @someone-else\n"


def test_codeowners_needs_the_registry(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = make_project(tmp_path / "project", registry=False)
    code, _, err = glossary("codeowners", str(root), "--output", str(tmp_path / "CODEOWNERS"), capsys=capsys)
    assert code == 1 and "glossary/_owners.yaml is missing" in err
    assert not (tmp_path / "CODEOWNERS").exists()


# --- glossary review-due ---------------------------------------------------------------------------


def test_review_due_lists_exactly_the_overdue_terms_by_owner(owned: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = glossary("review-due", str(owned), "--today", TODAY.isoformat(), capsys=capsys)
    assert code == 0
    assert out.splitlines() == [
        "# Glossary reviews due by 2026-02-01",
        "",
        "3 approved terms are due for review on or before 2026-02-01. A term is due its category's "
        "`review_interval_days`, else its team's (365 where neither sets one), after its `last_reviewed`. "
        "Confirm or correct each definition, set `last_reviewed` to the day of the review and open a pull request.",
        "",
        "## Marketing operations",
        "",
        "Owners: @acme/marketing-ops @jdoe (reviews every 90 days)",
        "",
        "- [ ] **Lead** (`glossary/lead.yaml`): last reviewed 2025-10-01, due 2025-12-30 (33 days overdue)",
        "",
        "## Sales team",
        "",
        "Owners: @acme/sales (reviews every 365 days)",
        "",
        "- [ ] **Sales qualified lead** (`glossary/sales-qualified-lead.yaml`): last reviewed 2025-01-15, "
        "due 2026-01-15 (17 days overdue)",
        "",
        "## No owner",
        "",
        "- [ ] **Prospect** (`glossary/prospect.yaml`): never reviewed",
    ]


def test_review_due_json_and_within_widen_the_list(owned: Path, capsys: pytest.CaptureFixture) -> None:
    def due(*args: str) -> dict:
        code, out, _ = glossary(
            "review-due", str(owned), "--today", "2026-02-01", "--format", "json", *args, capsys=capsys
        )
        assert code == 0
        return json.loads(out)

    today = due()
    assert [(o["owner"], [t["id"] for t in o["terms"]]) for o in today["owners"]] == [
        ("marketing-ops", ["lead"]),
        ("sales", ["sales-qualified-lead"]),
        (None, ["prospect"]),
    ]
    lead = today["owners"][0]["terms"][0]
    assert lead == {
        "id": "lead",
        "term": "Lead",
        "path": "glossary/lead.yaml",
        "last_reviewed": "2025-10-01",
        "due": "2025-12-30",
        "days_overdue": 33,
        "interval_days": 90,
    }
    assert today["owners"][0]["handles"] == ["@acme/marketing-ops", "@jdoe"]

    month = due("--within", "30")
    assert month["until"] == "2026-03-03" and month["count"] == 4
    assert [t["id"] for t in month["owners"][0]["terms"]] == ["lead", "marketing-qualified-lead"]  # oldest first
    assert month["owners"][0]["terms"][1]["days_overdue"] == -17


def test_a_categorys_interval_comes_before_the_teams_in_review_due_and_check(
    owned: Path, capsys: pytest.CaptureFixture
) -> None:
    """review_interval_days on a category (30) beats the owning team's (90) and the default (365), in
    review-due, on the term's Markdown line, and in check's stale-review warning, which counts alike."""
    warnings = {p.code: p.message for p in check(owned).problems if p.code == "stale-review" and "'lead'" in p.message}
    assert warnings == {"stale-review": warnings["stale-review"]}
    assert warnings["stale-review"].endswith("the limit is 90 (team 'marketing-ops')")  # 123 days > the team's 90

    categories = owned / "glossary" / "_categories.yaml"
    categories.write_text(categories.read_text(encoding="utf-8") + "    review_interval_days: 30\n", encoding="utf-8")
    stale = [p.message for p in check(owned).problems if p.code == "stale-review"]
    assert any(m.startswith("term 'marketing-qualified-lead'") and m.endswith("(category 'leads')") for m in stale)

    code, out, _ = glossary("review-due", str(owned), "--today", "2026-02-01", "--format", "json", capsys=capsys)
    terms = {t["id"]: t for o in json.loads(out)["owners"] for t in o["terms"]}
    assert (terms["lead"]["due"], terms["lead"]["interval_days"]) == ("2025-10-31", 30)
    assert terms["marketing-qualified-lead"]["due"] == "2025-12-20"  # due within the category's 30 days
    assert terms["sales-qualified-lead"]["due"] == "2025-02-14"  # its team's 365 days give way too
    code, out, _ = glossary("review-due", str(owned), "--today", "2026-02-01", capsys=capsys)
    assert "(its category Leads: every 30 days)" in next(line for line in out.splitlines() if "**Lead**" in line)


def test_review_due_escapes_a_hostile_team_name(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = make_project(tmp_path / "project", sales_name=HOSTILE_NAME)
    code, out, _ = glossary("review-due", str(root), "--today", "2026-02-01", capsys=capsys)
    assert code == 0
    heading = next(line for line in out.splitlines() if "img" in line)
    assert heading.startswith("## Sales \\<img src=x onerror=alert(1)\\> \\[x\\](javascript:alert(1))")
    assert re.search(r"(?<!\\)[<>\[\]]", heading[3:]) is None  # every bracket escaped: no tag, no link
    assert "@&#8203;everyone" in heading and "\\# \\*team\\*" in heading  # no mention, heading or emphasis


def test_review_due_says_so_when_nothing_is_due(owned: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = glossary("review-due", str(owned), "--today", "2025-01-01", capsys=capsys)
    # prospect was never reviewed: it is due whatever the date
    assert code == 0 and "1 approved term is due" in out and "Prospect" in out
    prospect = owned / "glossary" / "prospect.yaml"
    prospect.write_text(prospect.read_text() + "last_reviewed: 2024-12-31\n")
    code, out, _ = glossary("review-due", str(owned), "--today", "2025-01-01", capsys=capsys)
    assert code == 0 and "No approved term is due for review on or before 2025-01-01." in out


# --- the site -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The owned project (the sales team with a hostile name) built with MkDocs on GLOSSARY_TODAY=TODAY."""
    from generator import CheckOptions
    from generator.site.build import build_site

    content = make_project(tmp_path_factory.mktemp("content") / "content", sales_name=HOSTILE_NAME)
    project = site_project(tmp_path_factory.mktemp("site") / "project", content)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GLOSSARY_TODAY", TODAY.isoformat())
        build_site(project, options=CheckOptions(today=TODAY))
    return project / "site"


def _ownership(site: Path, term_id: str) -> str:
    page = (site / "glossary" / term_id / "index.html").read_text()
    return re.search(r'<p class="glossary-ownership"[^>]*>(.*?)</p>', page, re.S).group(1)


def test_a_built_term_page_shows_owner_status_last_and_next_review(built_site: Path) -> None:
    line = _ownership(built_site, "lead")
    assert '<a href="mailto:marketing-ops@example.com">Marketing operations</a>' in line
    assert '<span class="glossary-status glossary-status-approved">Approved</span>' in line
    assert 'Last reviewed: <time datetime="2025-10-01">2025-10-01</time>' in line
    assert 'Next review due: <time datetime="2025-12-30">2025-12-30</time>' in line  # + the team's 90 days

    assert 'Next review due: <time datetime="2026-01-15">' in _ownership(built_site, "sales-qualified-lead")
    prospect = _ownership(built_site, "prospect")
    assert "Owner: not set" in prospect and "Last reviewed: never" in prospect and "Next review due: now" in prospect
    draft = _ownership(built_site, "old-draft")
    assert "glossary-status-draft" in draft and "Next review" not in draft


def test_the_review_page_lists_exactly_the_terms_due_at_the_builds_date(built_site: Path) -> None:
    page = (built_site / "review" / "index.html").read_text()
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    listed = re.findall(r'href="\.\./glossary/([a-z0-9-]+)/"', article)
    assert listed == ["lead", "sales-qualified-lead", "prospect"]
    assert '<time datetime="2026-02-01">2026-02-01</time>' in article
    assert "33 days overdue" in article and "never reviewed" in article
    az = (built_site / "glossary" / "index.html").read_text()
    assert 'href="../review/"' in az  # the A-Z leads to it


def test_a_hostile_team_name_is_escaped_on_the_pages(built_site: Path) -> None:
    for page in (built_site / "glossary" / "sales-qualified-lead" / "index.html", built_site / "review" / "index.html"):
        html = page.read_text()
        assert "onerror" in html  # the name is shown...
        assert "<img src=x" not in html and 'href="javascript:' not in html  # ...as text
        assert "\uff1cimg src=x onerror=alert(1)\uff1e" in html
    line = _ownership(built_site, "sales-qualified-lead")
    assert '<a href="https://chat.example.com/sales">' in line


def test_the_builds_date_comes_from_glossary_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_TODAY", "2030-05-06")
    assert build_date() == dt.date(2030, 5, 6)
    monkeypatch.setenv("GLOSSARY_TODAY", "next week")
    with pytest.raises(GlossaryError, match="GLOSSARY_TODAY='next week' is not a date"):
        build_date()


def test_the_pre_commit_hook_checks_codeowners_when_owners_or_codeowners_change() -> None:
    import yaml

    from .conftest import REPO

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "glossary-codeowners")
    assert hook["entry"] == "glossary codeowners --check" and hook["pass_filenames"] is False
    for path in ("glossary/lead.yaml", "glossary/_owners.yaml", "playbooks/webinar.yaml", "CODEOWNERS"):
        assert re.search(hook["files"], path), path
    assert not re.search(hook["files"], "README.md")


def test_check_review_due_and_the_build_count_to_the_same_day_and_only_approved_terms_owe_reviews(
    owned: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GLOSSARY_TODAY is the day of every command that counts to today, and a draft's old review
    (old-draft, 2024-01-01) is no stale-review for check, as it is no review due for review-due."""
    monkeypatch.setenv("GLOSSARY_TODAY", "2026-02-01")
    code, out, _ = glossary("review-due", str(owned), "--format", "json", capsys=capsys)
    assert code == 0 and json.loads(out)["today"] == "2026-02-01"
    code, out, err = glossary("check", str(owned), "--max-review-age", "400", capsys=capsys)
    stale = [line for line in (out + err).splitlines() if "stale-review" in line]
    assert stale == [line for line in stale if "'lead'" in line] and len(stale) == 1  # lead: 123 days > its team's 90
    monkeypatch.setenv("GLOSSARY_TODAY", "2025-10-02")
    code, out, err = glossary("check", str(owned), capsys=capsys)
    assert "stale-review" not in out + err  # a day after lead's review, by the same variable


@pytest.mark.parametrize("value", ["20261205", "2026-W49-6", "0001-01-01", "9999-12-31"])
def test_a_date_is_written_yyyy_mm_dd_in_a_year_the_calendar_can_count_from(
    value: str, owned: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python would read the first two; the last two overflowed date arithmetic into a traceback."""
    with pytest.raises(SystemExit) as usage:
        glossary("review-due", str(owned), "--today", value, capsys=capsys)
    assert usage.value.code == 2 and "is not a date; write YYYY-MM-DD" in capsys.readouterr().err
    monkeypatch.setenv("GLOSSARY_TODAY", value)
    with pytest.raises(GlossaryError, match=f"GLOSSARY_TODAY='{value}' is not a date"):
        build_date()
    with pytest.raises(SystemExit) as usage:
        glossary("review-due", str(owned), "--today", "2026-02-01", "--within", "99999999999", capsys=capsys)
    assert usage.value.code == 2 and "give 0 to 36500 days" in capsys.readouterr().err
