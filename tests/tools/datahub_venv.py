"""Make build/datahub-venv (acryl-datahub for tests/test_datahub.py) unless it is already there.

Installing takes a minute, so `pytest` starts this script in the background as the run begins
(tests/conftest.py) and the DataHub tests wait for it rather than install at their turn. Both go
through here, under one lock: whoever comes second waits for the first and finds the stamp.

    python tests/tools/datahub_venv.py
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

DATAHUB = "acryl-datahub[datahub-business-glossary]==1.7.0.17"
VENV = Path(__file__).resolve().parents[2] / "build" / "datahub-venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed"


def installed() -> bool:
    return STAMP.is_file() and STAMP.read_text() == DATAHUB


def ensure_venv() -> Path:
    """The venv's python, installing acryl-datahub first if the stamp is missing or names another version."""
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / "datahub-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        if not installed():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
            subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", DATAHUB], check=True, timeout=900)
            STAMP.write_text(DATAHUB)
    return PYTHON


if __name__ == "__main__":
    ensure_venv()
