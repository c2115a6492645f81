"""The build's clock: the one place that reads "today" for output that depends on the date.

``GLOSSARY_TODAY=YYYY-MM-DD`` sets it, for tests and reproducible builds (two builds of one commit
on different days are then the same, byte for byte); unset or empty, it is the machine's date.
Everything date-dependent in a build (the review status page, the "What changed" window and its
feed) asks :func:`build_date`, so one variable moves them all. Commands that take ``--today``
(check, review-due) pass their date on instead and never read this.
"""

from __future__ import annotations

import datetime as dt
import os

from generator.core.problems import GlossaryError

#: The environment variable that fixes the build's date.
ENV_VAR = "GLOSSARY_TODAY"


class ClockError(GlossaryError, ValueError):
    """GLOSSARY_TODAY holds something that is not a date."""


def build_date() -> dt.date:
    """``GLOSSARY_TODAY`` as a date, else today; :class:`ClockError` if it is not a date (never ignored)."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ClockError(f"{ENV_VAR}='{value[:40]}' is not a date: write it as YYYY-MM-DD, or unset it") from None
