"""Build the wheel from this checkout and install it into a fresh virtual environment, in FOLDER.

For tests/test_wheel.py, which needs both and would otherwise spend half a minute at its turn:
`pytest` starts this in the background as the run begins (tests/conftest.py) and the test waits
for it. Both go through ``ensure_installed``, under a lock in FOLDER; FOLDER/venv/bin/.ready marks
success, so whoever comes second finds it, and a failure is raised again, with pip's output, there.

    python tests/tools/wheel_venv.py FOLDER
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: What the wheel is built from: the sources pyproject.toml reads, copied so that setuptools'
#: build/lib (which it never cleans) cannot carry stale files into the wheel or litter the checkout.
BUILD_INPUTS = ("pyproject.toml", "README.md", "generator", "site_config", "glossary", "playbooks")


def _timed(timings: dict[str, float], step: str, command: list[str], **kwargs) -> None:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    timings[step] = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{step}: {result.stdout[-2000:]}\n{result.stderr[-3000:]}")


def _build_and_install(work: Path) -> dict[str, float]:
    shutil.rmtree(work / "source", ignore_errors=True)
    shutil.rmtree(work / "dist", ignore_errors=True)
    source = work / "source"
    source.mkdir(parents=True)
    for name in BUILD_INPUTS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO / name, source / name)
    timings: dict[str, float] = {}
    wheels = work / "dist"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)]
    _timed(timings, "wheel", command, timeout=600)
    (wheel,) = wheels.glob("gtm_glossary-*.whl")
    venv = work / "venv"
    _timed(timings, "venv", [sys.executable, "-m", "venv", "--clear", str(venv)], timeout=300)
    _timed(timings, "install", [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], timeout=900)
    return timings


def ensure_installed(work: Path) -> Path:
    """FOLDER/venv/bin with the wheel installed: made here unless an earlier call already made it."""
    work.mkdir(parents=True, exist_ok=True)
    ready = work / "venv" / "bin" / ".ready"
    with open(work / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        if not ready.is_file():
            timings = _build_and_install(work)
            ready.write_text("wheel test timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    print(ready.read_text())
    return ready.parent


if __name__ == "__main__":
    ensure_installed(Path(sys.argv[1]))
