"""Stage 2: every check on the raw records, collecting all problems.

Checks run in two passes. The schema pass judges each file on its own (types,
required and unknown fields, enums, id format) and notes the path of every field it
refuses. The project pass judges the files together (ids against file names,
duplicates across files, every cross-reference, names, links, the ``broader`` and
funnel graphs, formulas, statuses, review age) on every record, schema errors or
not, but skips each refused field and everything inside it: a file's other problems
are reported in the same run, while the consequences of a schema error (a list that
is a string has no references to check) are not reported a second time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from generator.checks.citations import check_citations
from generator.checks.classifier_file import check_classifier
from generator.checks.completeness import check_placeholders, warn_about_terms
from generator.checks.consistency import check_consistency
from generator.checks.ids import check_reserved_ids, hold_back_references_into, register_records
from generator.checks.markdown_limits import check_markdown_limits
from generator.checks.names import check_term_names
from generator.checks.owners import check_owners
from generator.checks.perspectives import check_perspectives
from generator.checks.records import CheckOptions, Index
from generator.checks.schema import check_schema, check_values
from generator.checks.tactics import check_playbooks, check_tables, check_tactics
from generator.checks.tactics_intro import check_tactics_intro, register_tactics_intro
from generator.checks.terms import (
    check_broader_cycles,
    check_formulas,
    check_funnel,
    check_statuses,
    check_term_references,
)
from generator.checks.wikilinks import check_wikilinks
from generator.content.document import RawProject
from generator.content.load import paused_gc
from generator.core.problems import ProblemList

_NOTHING_REFUSED: frozenset[tuple] = frozenset()


def _collector_paused(function: Callable[..., Index]) -> Callable[..., Index]:
    """Run ``function`` with the cyclic garbage collector paused (:func:`load.paused_gc`).

    The checks build many small objects and leave no garbage, while the collector's walks over
    the loaded project's millions of objects cost a fifth of validation at 10,000 terms (measured).
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Index:
        with paused_gc():
            return function(*args, **kwargs)

    return paused


@_collector_paused
def validate_project(raw: RawProject, problems: ProblemList, options: CheckOptions = CheckOptions()) -> Index:
    """Run every check, appending to ``problems``; return the index of the records.

    Records with schema errors are indexed too, with the fields the schema refused: the
    model may be built from the index only when ``problems`` holds no error.
    """
    index = Index()
    hold_back_references_into(raw.unreadable, index)
    for doc in raw.documents:
        if doc.matches_schema and not doc.may_hold_refused_value:  # what both checks find then: nothing
            invalid: frozenset[tuple] = _NOTHING_REFUSED
        else:
            invalid = frozenset(check_schema(doc, problems, index.suggester) | check_values(doc, problems))
        register_records(doc, invalid, index, problems)
        register_tactics_intro(doc, invalid, index)
    check_reserved_ids(index, problems)
    check_term_names(index, problems)
    check_term_references(index, problems)
    check_perspectives(index, problems)
    check_broader_cycles(index, problems)
    check_funnel(index, problems)
    check_formulas(index, problems)
    check_statuses(index, problems)
    check_tactics(index, problems)
    check_tactics_intro(index, problems)
    check_tables(index, problems)
    check_playbooks(index, problems)
    check_owners(index, problems)
    check_classifier(index, problems)
    check_consistency(index, problems)
    check_wikilinks(index, problems)
    check_markdown_limits(index, problems)
    check_placeholders(index, problems)
    index.citations = check_citations(raw.root, index, problems, options, raw.documents)
    warn_about_terms(index, problems, options)
    return index
