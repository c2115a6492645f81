"""Warnings: placeholders left by ``glossary new term``, missing summaries and sources, orphan
terms and reviews that are too old (or in the future).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.checks.records import CheckOptions, Index, Item
from generator.core.problems import ProblemList
from generator.core.text import find_placeholder

# --- warnings ----------------------------------------------------------------------------


def check_placeholders(index: Index, problems: ProblemList) -> None:
    """A summary or definition that still holds what ``glossary new term`` wrote is not ready.

    A warning, so ``glossary check --strict`` (which ``make site`` and CI run) refuses it. A term
    whose placeholders the parse already looked for (``prose_facts``) is reported from those.
    """
    for item in index.terms.values():
        facts = item.facts
        found = facts.placeholders if facts is not None else term_placeholders(item)
        for field_name, needle, line_in_value in found:
            problems.warn(
                item.doc.path,
                item.doc.locate_text(item.base + (field_name,), needle, line_in_value),
                "placeholder",
                f"'{field_name}' of term '{item.data['id']}' is still the placeholder `glossary new term` wrote",
                "replace it with the term's own words; check --strict refuses it, so it is never published",
            )


def term_placeholders(item: Item) -> tuple:
    """(field, first word, line in the value) of each placeholder in a term's summary and definition."""
    found = []
    for field_name in ("summary", "definition"):
        text = item.text(field_name)
        match = find_placeholder(text) if text is not None else None
        if match is not None:
            found.append((field_name, match.group(0).split()[0], text.count("\n", 0, match.start())))
    return tuple(found)


def referred_terms(index: Index) -> set[str]:
    """The ids each referred to by another term, a tactic or a playbook (with ids of no term too)."""
    referred: set[str] = set()

    def count(target: Any, source_id: str | None = None) -> None:
        if isinstance(target, str) and target != source_id:
            referred.add(target)

    for term_id, item in index.terms.items():
        facts = item.facts
        references = facts.references if facts is not None else None
        if references is not None and term_id not in references[0] and term_id not in references[1]:
            referred.update(references[0], references[1])  # worked out in the parse, no reference to itself
            continue
        for field_name in ("related", "contrasts_with"):
            for _, target in item.entries(field_name):
                count(target, term_id)
        for key in ("broader", "stage_after", "superseded_by"):
            count(item.get(key), term_id)
        inputs = item.get("formula", "inputs") if "formula" in item.data else None
        for name in inputs if isinstance(inputs, dict) else ():
            count(item.get("formula", "inputs", name), term_id)
        for e, _ in item.entries("examples"):
            for m, _ in item.entries("examples", e, "metrics"):
                count(item.get("examples", e, "metrics", m, "term"), term_id)
    for item in index.tactics.values():
        for _, target in item.entries("terms"):
            count(target)
    for item in index.playbooks.values():
        facts = item.facts
        if facts is not None and facts.references is not None:
            referred.update(facts.references[1])
            continue
        for _, target in item.entries("terms"):
            count(target)
        for number, _ in item.entries("funnel"):
            count(item.get("funnel", number, "term"))
    return referred


def warn_about_terms(index: Index, problems: ProblemList, options: CheckOptions) -> None:
    """Completeness warnings; a field the schema refused (or an unknown field probably meant as
    it) is not warned about again."""
    referred = referred_terms(index)
    limits: dict[tuple, tuple[int, str]] = {}  # by (category, owner): the same few for every term
    ages: dict[str, int] = {}  # by last_reviewed: the same few hundred dates
    for term_id, item in index.terms.items():
        if item.invalid:
            summary_missing = item.ok("summary") and item.get("summary") is None
            sources_missing = item.ok("sources") and not item.get("sources")
            status, reviewed = item.get("status"), item.text("last_reviewed")
            whose = (item.text("category"), item.text("owner"))
        else:  # the usual case: what ok(), get() and text() give when the schema refused nothing
            data = item.data
            summary_missing, sources_missing = data.get("summary") is None, not data.get("sources")
            status, reviewed = data.get("status"), data.get("last_reviewed")
            reviewed = reviewed if isinstance(reviewed, str) else None
            category, owner = data.get("category"), data.get("owner")
            whose = (category if isinstance(category, str) else None, owner if isinstance(owner, str) else None)
        if summary_missing:
            problems.warn(
                item.doc.path,
                item.at("term"),
                "missing-summary",
                f"term '{term_id}' has no summary",
                "add one plain sentence under 'summary:' for tooltips and embeds",
            )
        if sources_missing:
            problems.warn(
                item.doc.path,
                item.at("definition"),
                "no-sources",
                f"term '{term_id}' cites no source",
                "add 'sources:' with the documents it rests on",
            )
        if term_id not in referred and status != "deprecated" and not index.unreadable_kinds:
            problems.warn(
                item.doc.path,
                item.at("id"),
                "orphan-term",
                f"no other term, tactic or playbook refers to '{term_id}'",
                "list it under 'related' of a term it belongs with",
            )
        # only approved terms owe reviews (model/reviews.py): a draft is being written, a deprecated term retired
        if options.today and reviewed is not None and status in (None, "approved"):
            limit = limits.get(whose)
            if limit is None:
                limit = limits[whose] = _review_limit(index, item, options)
            age = ages.get(reviewed)
            if age is None:
                age = ages[reviewed] = (options.today - dt.date.fromisoformat(reviewed)).days
            if not 0 <= age <= limit[0]:
                _warn_review_age(item, term_id, limit, options, problems)


def _review_limit(index: Index, item: Item, options: CheckOptions) -> tuple[int, str]:
    """(days, whose): the review interval of a term, as ``glossary review-due`` and the term page
    count it (model/reviews.py): its category's, else its owning team's, else ``--max-review-age``."""
    category = index.categories.get(item.text("category") or "")
    if category is not None and isinstance(category.get("review_interval_days"), int):
        return category.get("review_interval_days"), f" (category '{category.data['id']}')"
    team = index.teams.get(item.text("owner") or "")
    if team is not None and isinstance(team.get("review_interval_days"), int):
        return team.get("review_interval_days"), f" (team '{team.data['id']}')"
    return options.max_review_age_days, ""


def _warn_review_age(
    item: Item, term_id: str, limit: tuple[int, str], options: CheckOptions, problems: ProblemList
) -> None:
    reviewed = dt.date.fromisoformat(item.text("last_reviewed"))
    age = (options.today - reviewed).days
    days, whose = limit
    if age > days:
        problems.warn(
            item.doc.path,
            item.at("last_reviewed"),
            "stale-review",
            f"term '{term_id}' was last reviewed {age} days ago ({reviewed}); the limit is {days}{whose}",
            "ask its owner to confirm the definition and update last_reviewed",
        )
    elif age < 0:
        problems.warn(
            item.doc.path,
            item.at("last_reviewed"),
            "future-review",
            f"term '{term_id}' has last_reviewed in the future ({reviewed})",
        )
