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
import re

from generator.core.problems import GlossaryError

#: The environment variable that fixes the build's date.
ENV_VAR = "GLOSSARY_TODAY"


class ClockError(GlossaryError, ValueError):
    """GLOSSARY_TODAY holds something that is not a date."""


#: A day as YYYY-MM-DD exactly (Python also reads '20261205' and '2026-W49-6', which nobody means here).
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

#: The years a date may name: date arithmetic a century either way stays inside Python's calendar.
YEARS = range(1900, 9000)


def parse_day(text: str) -> dt.date | None:
    """``text`` as a date if it is one written YYYY-MM-DD in :data:`YEARS`, else None."""
    if not _DAY.fullmatch(text):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.year in YEARS else None


def build_date() -> dt.date:
    """``GLOSSARY_TODAY`` as a date, else today; :class:`ClockError` if it is not a date (never ignored).

    Every command that counts to today reads it (build, check, review-due), so one variable gives
    them all the same day."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return dt.date.today()
    day = parse_day(value)
    if day is None:
        raise ClockError(
            f"{ENV_VAR}='{value[:40]}' is not a date: write it as YYYY-MM-DD (years {YEARS.start}-{YEARS.stop - 1}), "
            "or unset it"
        )
    return day
