"""What the sources page says of each source's quotes: how they were checked for this build (against
the stored copy, against the lock, or not at all), said once per source, and whether each quote needs a
mark of its own (only where the source's quotes fared differently). Worked out here, so the template
only writes the words down."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from generator.model.glossary import Glossary


class QuoteSummary(NamedTuple):
    line: str  # "all checked against the copy in this build", "2 checked against the copy, 1 not checked"
    mark_each: bool  # whether each quote says how it was checked


def quote_summaries(glossary: Glossary) -> dict[str, QuoteSummary]:
    """Source id -> :class:`QuoteSummary`, for the sources with quotes."""
    summaries = {}
    for source_id, checks in glossary.quote_checks.items():
        if not checks:
            continue
        counts = Counter(check.how for check in checks)
        dates = sorted({check.verified for check in checks if check.verified is not None})
        if len(counts) == 1 and len(dates) <= 1:
            how = next(iter(counts))
            line = {
                "copy": "all checked against the copy in this build",
                "lock": f"all checked against the record: found in the copy on {dates[0].isoformat()}"
                if dates
                else "all checked against the record",
            }.get(how, "none checked yet")
            summaries[source_id] = QuoteSummary(line, False)
            continue
        said = [
            f"{counts[how]} {words}"
            for how, words in (
                ("copy", "checked against the copy"),
                ("lock", "against the record"),
                ("none", "not checked"),
            )
            if counts[how]
        ]
        summaries[source_id] = QuoteSummary(", ".join(said), True)
    return summaries


def quote_kinds(glossary: Glossary) -> frozenset[str]:
    """How any quote was checked for this build ("copy", "lock", "none"): the page explains those words."""
    return frozenset(check.how for checks in glossary.quote_checks.values() for check in checks)
