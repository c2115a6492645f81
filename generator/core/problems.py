"""Problems found in content, and the one exception type that carries them.

Every stage reports what is wrong as :class:`Problem` values instead of raising at
the first one, so an editor sees every mistake of a pull request in one run.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.core.text import counted, json_text, one_line


class Severity(str, enum.Enum):
    """How bad a problem is: errors stop a build, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as the YAML allows.

    ``line`` and ``column`` are 1-based, like an editor shows them; 0 means the
    problem concerns the whole file (for example: it is empty).
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"

    def as_text(self) -> str:
        """One line, whatever the message quotes: content's line breaks and controls are escaped."""
        text = f"{self.location()}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return one_line(text)

    def as_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the PR line.

        Always one line: a newline from content followed by '::' would be a command of its own.
        """
        level = "error" if self.is_error else "warning"
        where = f"file={_gh_escape_property(self.path)}"
        if self.line > 0:
            where += f",line={self.line},col={self.column}"
        body = f"{self.message}; {self.hint}" if self.hint else self.message
        title = _gh_escape_property(f"glossary {self.code}")
        return f"::{level} {where},title={title}::{_gh_escape_data(body)}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def _gh_escape_data(text: str) -> str:
    """GitHub's escaping of a command's message, after :func:`one_line` (so no line break is left)."""
    return one_line(text).replace("%", "%25")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


class ProblemList:
    """An append-only collector that each validation step writes into."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(
        self,
        path: str | Path,
        position: tuple[int, int],
        code: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        line, column = position
        self._items.append(Problem(str(path), line, column, severity, code, message, hint))

    def warn(self, path: str | Path, position: tuple[int, int], code: str, message: str, hint: str = "") -> None:
        self.add(path, position, code, message, hint, Severity.WARNING)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def has_errors(self) -> bool:
        return any(p.is_error for p in self._items)

    def sorted(self) -> tuple[Problem, ...]:
        # Sort by file then position so output reads like a compiler's; dedupe
        # identical reports that two checks may reach by different routes.
        return tuple(sorted(set(self._items), key=lambda p: (p.path, p.line, p.column, p.code, p.message)))

    def __len__(self) -> int:
        return len(self._items)


def format_problems(problems: Iterable[Problem], fmt: str) -> str:
    """Render problems as ``text`` (one per line), ``github`` annotations or ``json``."""
    problems = list(problems)
    if fmt == "json":
        return json_text([p.as_dict() for p in problems])
    if fmt == "github":
        return "\n".join(p.as_github() for p in problems)
    return "\n".join(p.as_text() for p in problems)


class GlossaryError(Exception):
    """Base of the package's exceptions; the CLI turns it into a message and exit code."""


class ContentError(GlossaryError):
    """Raised at an API boundary when content has errors; carries every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        self.errors = errors = [p for p in self.problems if p.is_error]
        if errors:
            super().__init__(f"{counted(len(errors), 'content error')}; first: {errors[0].as_text()}")
        else:  # require(strict=True): warnings fail too
            warnings = [p for p in self.problems if not p.is_error]
            first = warnings[0].as_text() if warnings else "none"
            super().__init__(f"{counted(len(warnings), 'content warning')} (strict); first: {first}")
