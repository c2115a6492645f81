"""The package works outside this checkout: a wheel built from it, installed into a fresh virtual
environment, runs `glossary init`, `check --strict` and `build` in an empty folder elsewhere.

Installing pulls the dependencies from PyPI (or pip's cache): about ten seconds with a warm cache,
a minute or so without. The test runs in CI (CI=true) and locally only when asked:
GLOSSARY_TEST_WHEEL=1 make test.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import REPO, WHEEL_DIR
from .tools.wheel_venv import ensure_installed

pytestmark = pytest.mark.wheel
STARTER_DATE = "2026-12-01"


def _timed(timings: dict[str, float], step: str, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    timings[step] = time.perf_counter() - start
    assert result.returncode == 0, f"{step}: {result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment with the wheel built from this checkout.

    Usually built in the background since the run began (conftest.py names the folder in
    GLOSSARY_TEST_WHEEL_DIR): this waits for it; run alone, it builds it here."""
    if not (os.environ.get("CI") or os.environ.get("GLOSSARY_TEST_WHEEL")):
        pytest.skip("builds a wheel and installs it with its dependencies: run with GLOSSARY_TEST_WHEEL=1")
    started = os.environ.get(WHEEL_DIR)
    return ensure_installed(Path(started) if started else tmp_path_factory.mktemp("wheel"))


def _environment() -> dict[str, str]:
    """The user's environment without anything that could lead back to this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def _mentions_checkout(folder: Path) -> list[Path]:
    needle = str(REPO.resolve()).encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.mark.parametrize("starter", [False, True], ids=["skeleton", "starter"])
def test_installed_wheel_makes_and_builds_a_glossary_outside_the_checkout(
    installed: Path, tmp_path: Path, starter: bool
) -> None:
    folder = tmp_path / "my-glossary"
    folder.mkdir()
    assert not folder.resolve().is_relative_to(REPO.resolve())
    env = _environment()
    timings: dict[str, float] = {}
    outputs = [
        _timed(
            timings,
            "init",
            [str(installed / "glossary"), "init", *(["--starter"] if starter else [])],
            cwd=folder,
            env=env,
            timeout=120,
        ),
        _timed(
            timings,
            "check",
            [str(installed / "glossary"), "check", "--strict", "--today", STARTER_DATE],
            cwd=folder,
            env=env,
            timeout=120,
        ),
        _timed(timings, "build", [str(installed / "glossary"), "build"], cwd=folder, env=env, timeout=300),
    ]
    print("outside the checkout: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in timings.items()))
    assert (folder / "site" / "index.html").is_file()
    assert (folder / "site" / "assets" / "glossary" / "classifier.js").is_file()
    where = _timed(
        timings,
        "locate",
        [str(installed / "python"), "-c", "import generator.core.package_data as p; print(p.site_config())"],
        cwd=folder,
        env=env,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), where  # the package's own copy, not the checkout's
    checkout = str(REPO.resolve())
    assert not any(checkout in result.stdout + result.stderr for result in outputs)
    assert _mentions_checkout(folder) == []
