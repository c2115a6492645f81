"""What the pages show of ownership and reviews: a term page's "Ownership" line and the review status
page (``/review/``), worked out from the model so the templates only place it.

The review status page counts to the build's date (:func:`generator.core.clock.build_date`:
``GLOSSARY_TODAY``, else today); a term page's next review date needs no clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.core.clock import build_date
from generator.model.glossary import Glossary, Status, Team, Term
from generator.model.reviews import DEFAULT_REVIEW_INTERVAL_DAYS, next_review, reviews_due

#: The review status page, as a docs path (its URL is /review/).
REVIEW_PAGE = "review/index.md"

#: How each status reads on its badge.
STATUS_LABELS = {Status.APPROVED: "Approved", Status.DRAFT: "Draft", Status.DEPRECATED: "Deprecated"}


@dataclass(frozen=True)
class Ownership:
    """A term page's "Ownership" line: who owns it, its status, its last and next review."""

    owner: str | None  # the team's display name, else the free-text owner; None: no owner set
    team: Team | None
    status: Status
    last_reviewed: dt.date | None
    next_review: dt.date | None  # None for drafts and deprecated terms, and terms never reviewed

    @property
    def contact_href(self) -> str | None:
        return self.team.contact_href if self.team is not None else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def ownership_of(glossary: Glossary, term: Term) -> Ownership:
    team = glossary.team_of(term.owner)
    return Ownership(
        team.name if team is not None else term.owner,
        team,
        term.status,
        term.last_reviewed,
        next_review(glossary, term),
    )


def review_page_context(glossary: Glossary, today: dt.date | None = None) -> dict[str, Any]:
    """What review.md.j2 needs: the date counted to, the owners with reviews due by then, and the
    default interval (for the page's explanation)."""
    today = today or build_date()
    groups = reviews_due(glossary, today)
    return {
        "today": today,
        "groups": groups,
        "due_count": sum(len(group.reviews) for group in groups),
        "default_interval": DEFAULT_REVIEW_INTERVAL_DAYS,
    }
