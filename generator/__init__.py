"""gtm-glossary: a validated go-to-market vocabulary, published as a static site.

The pipeline, one module per stage::

    load.py      YAML files -> raw records with line numbers
    validate.py  every check -> problems with file:line
    model.py     valid records -> immutable, linked Glossary

``load_project`` runs the three and is the API other tools should use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .load import load_raw_project, paused_gc
from .model import Glossary, build_model
from .problems import ContentError, GlossaryError, Problem, ProblemList, Severity
from .validate import CheckOptions, validate_project

__all__ = [
    "CheckOptions",
    "ContentError",
    "Glossary",
    "GlossaryError",
    "LoadResult",
    "Problem",
    "Severity",
    "load_project",
]


@dataclass(frozen=True)
class LoadResult:
    """Either a model (``glossary``) or the reason there is none; warnings come either way."""

    glossary: Glossary | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def require(self, *, strict: bool = False) -> Glossary:
        """The model, or :class:`ContentError` if there are errors (or warnings with ``strict``)."""
        if self.glossary is None or (strict and self.problems):
            raise ContentError(self.problems)
        return self.glossary


def load_project(path: str | Path = ".", options: CheckOptions = CheckOptions()) -> LoadResult:
    """Load, validate and model the project at ``path``: the first two pipeline stages."""
    problems = ProblemList()
    with paused_gc():
        raw = load_raw_project(Path(path), problems)
        index = validate_project(raw, problems, options)
        glossary = None if problems.has_errors() else build_model(index)
    return LoadResult(glossary, problems.sorted())
