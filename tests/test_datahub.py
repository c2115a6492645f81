"""The DataHub export read by DataHub's own parser (acryl-datahub's BusinessGlossaryFileSource), offline.

acryl-datahub is large (about 140 MB with its dependencies, a minute to install), so it lives
in its own virtual environment under build/datahub-venv, made on first use. The test runs in
CI (CI=true) and locally only when asked: GLOSSARY_TEST_DATAHUB=1 make test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO
from .tools.datahub_venv import ensure_venv

pytestmark = pytest.mark.datahub
READER = Path(__file__).parent / "tools" / "datahub_read.py"


@pytest.fixture(scope="module")
def datahub_python() -> Path:
    if not (os.environ.get("CI") or os.environ.get("GLOSSARY_TEST_DATAHUB")):
        pytest.skip("installs acryl-datahub (~140 MB) into build/datahub-venv: run with GLOSSARY_TEST_DATAHUB=1")
    # Usually started in the background when the run began (conftest.py): this waits for it to finish.
    return ensure_venv()


def read_with_datahub(python: Path, path: Path) -> dict:
    result = subprocess.run([str(python), str(READER), str(path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_datahub_reads_our_export_and_resolves_every_relation(datahub_python: Path, tmp_path: Path) -> None:
    from generator import load_project

    export = tmp_path / "business_glossary.yml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "export",
            str(FIXTURES / "site"),
            "--format",
            "datahub",
            "--output",
            str(export),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    emitted = read_with_datahub(datahub_python, export)
    glossary = load_project(FIXTURES / "site").require()
    assert emitted["failures"] == [] and emitted["warnings"] == []
    expected = {f"urn:li:glossaryTerm:gtm-glossary.{term_id}" for term_id in glossary.terms}
    assert set(emitted["terms"]) == expected
    assert len(emitted["nodes"]) == len({t.category.id for t in glossary.terms.values() if t.category})
    relations = emitted["relations"]
    assert relations and all(target in expected for _, _, target in relations), "a relation points nowhere"
    mql = "urn:li:glossaryTerm:gtm-glossary.marketing-qualified-lead"
    assert [mql, "isRelatedTerms", "urn:li:glossaryTerm:gtm-glossary.lead"] in relations
    expected_related = sum(len(t.related) for t in glossary.terms.values())
    assert sum(1 for _, kind, _ in relations if kind == "relatedTerms") == expected_related
    assert emitted["terms"][mql]["properties"]["abbreviation"] == "MQL"


def test_datahub_reads_the_hand_written_fixture_too(datahub_python: Path) -> None:
    """Our fixture is a glossary DataHub itself accepts, so the import is tested on a real format."""
    emitted = read_with_datahub(datahub_python, REPO / "tests" / "fixtures" / "datahub" / "business_glossary.yml")
    assert emitted["failures"] == []
    assert len(emitted["terms"]) == 5
