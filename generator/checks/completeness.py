"""Warnings: placeholders left by ``glossary new term``, missing summaries and sources, orphan
terms and reviews that are too old (or in the future).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.checks.prose_facts import facts_of
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
        facts = facts_of(item)
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


def incoming_term_references(index: Index) -> dict[str, int]:
    """How many times each term is referred to by another term, a tactic or a playbook."""
    counts = dict.fromkeys(index.terms, 0)

    def count(target: Any, source_id: str | None = None) -> None:
        if isinstance(target, str) and target in counts and target != source_id:
            counts[target] += 1

    for term_id, item in index.terms.items():
        for field_name in ("related", "contrasts_with"):
            for _, target in item.entries(field_name):  # count(), inline: the most frequent reference
                if isinstance(target, str) and target in counts and target != term_id:
                    counts[target] += 1
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
        for _, target in item.entries("terms"):
            count(target)
        for number, _ in item.entries("funnel"):
            count(item.get("funnel", number, "term"))
    return counts


def warn_about_terms(index: Index, problems: ProblemList, options: CheckOptions) -> None:
    """Completeness warnings; a field the schema refused (or an unknown field probably meant as
    it) is not warned about again."""
    incoming = incoming_term_references(index)
    limits: dict[tuple, tuple[int, str]] = {}  # by (category, owner): the same few for every term
    for term_id, item in index.terms.items():
        if item.invalid:
            summary_missing = item.ok("summary") and item.get("summary") is None
            sources_missing = item.ok("sources") and not item.get("sources")
            status, reviewed = item.get("status"), item.text("last_reviewed")
        else:  # the usual case: what ok() and get() give when the schema refused nothing
            data = item.data
            summary_missing, sources_missing = data.get("summary") is None, not data.get("sources")
            status, reviewed = data.get("status"), data.get("last_reviewed")
            reviewed = reviewed if isinstance(reviewed, str) else None
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
        if incoming[term_id] == 0 and status != "deprecated" and not index.unreadable_kinds:
            problems.warn(
                item.doc.path,
                item.at("id"),
                "orphan-term",
                f"no other term, tactic or playbook refers to '{term_id}'",
                "list it under 'related' of a term it belongs with",
            )
        # only approved terms owe reviews (model/reviews.py): a draft is being written, a deprecated term retired
        if options.today and reviewed is not None and status in (None, "approved"):
            whose = (item.text("category"), item.text("owner"))
            limit = limits.get(whose)
            if limit is None:
                limit = limits[whose] = _review_limit(index, item, options)
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
