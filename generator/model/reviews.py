"""When a term is next due for review, and which terms are due by a date, grouped by owner.

A term's next review is due ``review_interval_days`` after its ``last_reviewed``: its category's
(glossary/_categories.yaml) where it sets one, else its owner's (glossary/_owners.yaml), else
:data:`DEFAULT_REVIEW_INTERVAL_DAYS` (the review age ``glossary check`` warns after; check applies the
same intervals). Only approved terms owe reviews
(a draft is still being written, a deprecated term is no longer used); an approved term with no
``last_reviewed`` was never reviewed and is due at once.

Nothing here reads the clock: callers pass the date (``glossary review-due --today``, the build's
:func:`generator.core.clock.build_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.checks.records import DEFAULT_MAX_REVIEW_AGE_DAYS
from generator.model.glossary import Glossary, Status, Team, Term

#: A term's review interval where its owner sets none: the age `glossary check` warns after.
DEFAULT_REVIEW_INTERVAL_DAYS = DEFAULT_MAX_REVIEW_AGE_DAYS


def team_interval_days(glossary: Glossary, owner: str | None) -> int:
    """How many days after a review the next one is due for terms ``owner`` owns, categories aside."""
    team = glossary.team_of(owner)
    if team is not None and team.review_interval_days:
        return team.review_interval_days
    return DEFAULT_REVIEW_INTERVAL_DAYS


def review_interval_days(glossary: Glossary, term: Term) -> int:
    """How many days after a review of ``term`` the next one is due: its category's interval, else
    its owner's, else the default."""
    if term.category is not None and term.category.review_interval_days:
        return term.category.review_interval_days
    return team_interval_days(glossary, term.owner)


def next_review(glossary: Glossary, term: Term) -> dt.date | None:
    """The date ``term``'s next review is due (``last_reviewed`` + its owner's interval); None for a
    term never reviewed or not approved (no review is scheduled for drafts and deprecated terms)."""
    if term.status is not Status.APPROVED or term.last_reviewed is None:
        return None
    return term.last_reviewed + dt.timedelta(days=review_interval_days(glossary, term))


@dataclass(frozen=True)
class DueReview:
    """An approved term due for review: ``due`` is None when it was never reviewed."""

    term: Term
    due: dt.date | None
    #: Days between this term's reviews (its category's, else its owner's, else the default).
    interval_days: int = DEFAULT_REVIEW_INTERVAL_DAYS

    def days_overdue(self, today: dt.date) -> int | None:
        """Days since the review fell due (0: due today; negative: due in that many days); None if never reviewed."""
        return None if self.due is None else (today - self.due).days


@dataclass(frozen=True)
class OwnerReviews:
    """The reviews one owner owes: ``owner`` is the terms' ``owner`` value (a team's id, or free
    text without a registry; None: no owner), ``team`` the registered team it names, if any."""

    owner: str | None
    team: Team | None
    interval_days: int
    reviews: tuple[DueReview, ...]

    @property
    def name(self) -> str:
        """The owner as readers know it: the team's display name, else the free text, else "No owner"."""
        if self.team is not None:
            return self.team.name
        return self.owner or "No owner"


def reviews_due(glossary: Glossary, until: dt.date) -> tuple[OwnerReviews, ...]:
    """Every approved term whose next review is due on or before ``until`` (never reviewed ones
    included), grouped by owner: owners by name (no owner last), each owner's terms oldest first
    (never reviewed, then by due date, then by name)."""
    groups: dict[str | None, list[DueReview]] = {}
    for term in glossary.terms.values():
        if term.status is not Status.APPROVED:
            continue
        due = next_review(glossary, term)
        if due is None or due <= until:
            groups.setdefault(term.owner, []).append(DueReview(term, due, review_interval_days(glossary, term)))
    owners = [
        OwnerReviews(
            owner,
            glossary.team_of(owner),
            team_interval_days(glossary, owner),
            tuple(sorted(reviews, key=_oldest_first)),
        )
        for owner, reviews in groups.items()
    ]
    return tuple(sorted(owners, key=lambda group: (group.owner is None, group.name.casefold(), group.owner or "")))


def _oldest_first(review: DueReview) -> tuple:
    return (review.due is not None, review.due or dt.date.min, review.term.term.casefold(), review.term.id)
