"""gtm-glossary: a validated go-to-market vocabulary, published as a static site.

The pipeline, one module per stage::

    load.py      YAML files -> raw records with line numbers
    validate.py  every check -> problems with file:line
    model.py     valid records -> immutable, linked Glossary
    render.py    Glossary -> Markdown, HTML and data files (Jinja2 templates)
    build.py     rendered files -> build/docs -> MkDocs -> site/

``load_project`` runs the first three and is the API other tools should use;
``check_project`` runs the first two (``glossary check``). Both are in pipeline.py.
Names are imported on first use, so that importing one stage stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Glossary
    from .pipeline import CheckResult, LoadResult, check_project, load_project
    from .problems import ContentError, GlossaryError, Problem, Severity
    from .validate import CheckOptions

_HOMES = {
    "CheckOptions": "validate",
    "CheckResult": "pipeline",
    "ContentError": "problems",
    "Glossary": "model",
    "GlossaryError": "problems",
    "LoadResult": "pipeline",
    "Problem": "problems",
    "Severity": "problems",
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
