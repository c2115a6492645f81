"""The pipeline's entry points: load, validate and model a project in one call.

``generator`` re-exports these; they live here so that importing one stage (a parse
helper process imports only ``generator.content.load``) does not import them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.checks.prescan import SPEC as PRESCAN
from generator.checks.records import CheckOptions
from generator.content.load import load_raw_project, paused_gc
from generator.core.problems import ContentError, Problem, ProblemList

if TYPE_CHECKING:
    from generator.checks.records import Index
    from generator.model.glossary import Glossary


class _Problems:
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


@dataclass(frozen=True)
class LoadResult(_Problems):
    """Either a model (``glossary``) or the reason there is none; warnings come either way."""

    glossary: Glossary | None
    problems: tuple[Problem, ...]

    def require(self, *, strict: bool = False) -> Glossary:
        """The model, or :class:`ContentError` if there are errors (or warnings with ``strict``)."""
        if self.glossary is None or (strict and self.problems):
            raise ContentError(self.problems)
        return self.glossary


def load_project(
    path: str | Path = ".", options: CheckOptions = CheckOptions(), *, jobs: int | None = None
) -> LoadResult:
    """Load, validate and model the project at ``path``: the first three pipeline stages.

    ``jobs`` caps the processes that parse a large project (None: one per CPU, or the
    ``GLOSSARY_JOBS`` environment variable; 1: this process only).
    """
    from generator.checks.validate import validate_project  # see _import_the_checks

    problems = ProblemList()
    with paused_gc():
        raw = load_raw_project(Path(path), problems, jobs=jobs, meanwhile=_import_the_checks)
        index = validate_project(raw, problems, options)
        glossary = None if problems.has_errors() else _build_model(index)
    return LoadResult(glossary, problems.sorted())


@dataclass(frozen=True)
class CheckResult(_Problems):
    """What ``glossary check`` reports: the problems, and how many valid records of each kind."""

    problems: tuple[Problem, ...]
    counts: dict[str, int]
    #: How the quotes were verified ("copy", "lock", "none": how many each way), and where stored
    #: copies were looked for and not found ("" when they were, or none was named).
    quotes: dict[str, int] = field(default_factory=dict)
    copies_note: str = ""


def _import_the_checks() -> None:
    """Import the checks that run after loading (``checks/validate.py`` and every check it runs):
    the loader calls this once a parse helper works, so that their imports (~0.02 s, more without a
    bytecode cache) overlap with the helper's parsing instead of delaying the start of both."""
    import generator.checks.validate  # noqa: F401


def _build_model(index: Index) -> Glossary:
    """The model stage, imported here only: ``glossary check`` never needs it (~40 ms to import)."""
    from generator.model.assemble import build_model

    return build_model(index)


def check_project(
    path: str | Path = ".",
    options: CheckOptions = CheckOptions(),
    *,
    jobs: int | None = None,
    keep: list | None = None,
) -> CheckResult:
    """Load and validate, without building the model: every problem :func:`load_project` finds.

    The model adds no checks (it is built from validated records only), so ``glossary check``
    skips it: a tenth of the time at 10,000 terms.

    ``keep``: a list the loaded project (documents and index) is appended to, for a caller that
    decides when it is freed: ``glossary check`` never frees it, as the process ends right after
    (``commands/entry.py``), while freeing it object by object took 0.05 s at 10,000 terms.
    """
    problems = ProblemList()
    with paused_gc():
        raw = load_raw_project(Path(path), problems, jobs=jobs, prescan=PRESCAN, meanwhile=_import_the_checks)
        from generator.checks.validate import validate_project  # see _import_the_checks

        index = validate_project(raw, problems, options)
    if keep is not None:
        keep.append((raw, index))
    counts = {
        "terms": len(index.terms),
        "tactics": len(index.tactics),
        "tables": len(index.tables),
        "playbooks": len(index.playbooks),
    }
    report = index.citations
    quotes = report.counts() if report is not None else {}
    return CheckResult(problems.sorted(), counts, quotes, report.note if report is not None else "")
