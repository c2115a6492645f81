"""The package's layers hold: each stage imports only from the stages below it (pyproject.toml's
[tool.importlinter] contract, which `make test` runs as `lint-imports`), and the contract does catch
a stage importing upwards. The check runs on a copy of the package, so the deliberate break never
touches the checkout."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def copy_of_the_package(target: Path) -> Path:
    shutil.copytree(REPO / "generator", target / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    return target


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=120)


def test_the_layers_contract_is_kept(tmp_path: Path) -> None:
    result = lint_imports(copy_of_the_package(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout  # the stages, and the checks inside generator.checks


def test_an_import_from_a_lower_stage_up_to_a_higher_one_breaks_the_contract(tmp_path: Path) -> None:
    folder = copy_of_the_package(tmp_path)
    text = folder / "generator" / "core" / "text.py"
    line = len(text.read_text(encoding="utf-8").splitlines()) + 1
    with text.open("a", encoding="utf-8") as file:
        file.write("from generator.site import build  # noqa: E402  a deliberate upward import\n")
    result = lint_imports(folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "generator.core is not allowed to import generator.site" in result.stdout
    assert f"generator.core.text -> generator.site.build (l.{line})" in result.stdout


def test_a_circle_between_two_stages_breaks_the_contract(tmp_path: Path) -> None:
    """checks -> classifier is allowed; adding classifier -> checks closes a circle, which the layers
    refuse whichever side is written last."""
    folder = copy_of_the_package(tmp_path)
    engine = folder / "generator" / "classifier" / "classify.py"
    with engine.open("a", encoding="utf-8") as file:
        file.write("from generator.checks import consistency  # noqa: E402  closes a circle\n")
    result = lint_imports(folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "generator.classifier is not allowed to import generator.checks" in result.stdout


def test_a_check_importing_the_orchestrator_breaks_the_checks_contract(tmp_path: Path) -> None:
    """Inside generator.checks, validate runs the checks and every check reads records: records
    importing validate (the circle the package had before) is refused."""
    folder = copy_of_the_package(tmp_path)
    records = folder / "generator" / "checks" / "records.py"
    with records.open("a", encoding="utf-8") as file:
        file.write("from generator.checks import validate  # noqa: E402  closes a circle\n")
    result = lint_imports(folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "generator.checks.records is not allowed to import generator.checks.validate" in result.stdout


def python_files() -> list[Path]:
    return sorted((REPO / "generator").rglob("*.py"))


def test_only_the_configuration_module_names_mkdocs_yml() -> None:
    """mkdocs.yml is read once, by generator/core/config.py (ProjectConfig); every other module takes the
    file's name or its settings from there (docstrings may mention it)."""
    naming = []
    for path in python_files():
        if path == REPO / "generator" / "core" / "config.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() == "mkdocs.yml":
                naming.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert naming == []


def test_no_module_imports_another_modules_private_names() -> None:
    private = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
                private += [
                    f"{path.relative_to(REPO)}:{node.lineno} {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert private == []


def circles_in(folder: Path) -> list[tuple[str, str]]:
    """Pairs of modules of the package in ``folder`` that import each other, directly or through others
    (grimp, the import graph import-linter builds; imports inside functions count too)."""
    script = (
        "import grimp, json\n"
        "g = grimp.build_graph('generator', cache_dir=None)\n"
        "pairs = {tuple(sorted((a, b))) for a in g.modules for b in g.find_modules_directly_imported_by(a)\n"
        "         if g.chain_exists(importer=b, imported=a)}\n"
        "print(json.dumps(sorted(pairs)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [tuple(pair) for pair in json.loads(done.stdout)]


def test_no_module_imports_itself_through_others(tmp_path: Path) -> None:
    assert circles_in(copy_of_the_package(tmp_path)) == []


def test_a_circle_inside_a_stage_is_found(tmp_path: Path) -> None:
    folder = copy_of_the_package(tmp_path)
    with (folder / "generator" / "site" / "staging.py").open("a", encoding="utf-8") as file:
        file.write("from generator.site import build  # noqa: E402  closes a circle: build imports staging\n")
    assert ("generator.site.build", "generator.site.staging") in circles_in(folder)
