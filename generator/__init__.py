"""gtm-glossary: a validated go-to-market vocabulary, published as a static site.

The pipeline, one package per stage (``pipeline.py`` runs the first three)::

    content/     YAML files -> raw records with the line of every value
    checks/      every rule -> problems with file:line (nothing is written when one is an error)
    model/       checked records -> the immutable, linked Glossary
    site/        Glossary -> pages (Jinja2) -> MkDocs, in memory through site/plugin.py (or build/docs for
                 Zensical, plain MkDocs and `glossary serve`) -> site/

Beside it: ``core/`` (what every stage shares: the one error type, text helpers, the project's
configuration), ``classifier/`` (the tactic classifier), ``interop/`` (exports, imports, diffs),
``scaffold/`` (new projects and terms) and ``commands/`` (the ``glossary`` command line).

``load_project`` runs load, check and model and is the API other tools should use;
``check_project`` runs the first two (``glossary check``). Both are in pipeline.py.
Names are imported on first use, so that importing one stage stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.checks.records import CheckOptions
    from generator.core.problems import ContentError, GlossaryError, Problem, Severity
    from generator.model.glossary import Glossary
    from generator.pipeline import CheckResult, LoadResult, check_project, load_project

_HOMES = {
    "CheckOptions": "checks.records",
    "CheckResult": "pipeline",
    "ContentError": "core.problems",
    "Glossary": "model.glossary",
    "GlossaryError": "core.problems",
    "LoadResult": "pipeline",
    "Problem": "core.problems",
    "Severity": "core.problems",
    "check_project": "pipeline",
    "load_project": "pipeline",
}

__all__ = [
    "CheckOptions",
    "CheckResult",
    "ContentError",
    "Glossary",
    "GlossaryError",
    "LoadResult",
    "Problem",
    "Severity",
    "check_project",
    "load_project",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{home}", __name__), name)
