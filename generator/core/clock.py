"""The build's clock: the one place that reads "today" for output that depends on the date.

``GLOSSARY_TODAY=YYYY-MM-DD`` sets it (tests, reproducible builds: the same commit and the same
date build the same site); unset or empty, it is the machine's date. Everything date-dependent
(the "What changed" window, its feed's date) asks :func:`today`, so one variable moves them all.
"""

from __future__ import annotations

import datetime as dt
import os

from generator.core.problems import GlossaryError

#: The environment variable that sets the build's date.
ENV_VAR = "GLOSSARY_TODAY"


class ClockError(GlossaryError, ValueError):
    """GLOSSARY_TODAY holds something that is not a date."""


def today() -> dt.date:
    """The build's date: GLOSSARY_TODAY if set, else the machine's; :class:`ClockError` if it is not a date."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ClockError(f"{ENV_VAR}={value!r} is not a date: write it as YYYY-MM-DD, or unset it") from None
