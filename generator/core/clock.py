"""The date a build is made on: what the site's date-dependent pages (the review status) count to.

``GLOSSARY_TODAY=YYYY-MM-DD`` sets it, for tests and reproducible builds (two builds of one commit
on different days are then the same, byte for byte); without it, the real date. Commands that take
``--today`` (check, review-due) pass their date on instead and never read this.
"""

from __future__ import annotations

import datetime as dt
import os

from generator.core.problems import GlossaryError

#: The environment variable that fixes the build's date.
ENV_VAR = "GLOSSARY_TODAY"


def build_date() -> dt.date:
    """``GLOSSARY_TODAY`` as a date, else today; a malformed value is an error, not ignored."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if not configured:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(configured)
    except ValueError:
        raise GlossaryError(f"{ENV_VAR}='{configured[:40]}' is not a date; write YYYY-MM-DD") from None
