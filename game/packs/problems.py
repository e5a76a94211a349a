"""Located problems found in a pack (errors and warnings), and the loader's error type."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

STRICT_STAYS_WARNING = frozenset({"unsourced"})
"""Codes `--strict` leaves as warnings: an unsourced question of a pack with no source (a
quote is required only where a source is given)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a pack, located at a line and column (both 1-based) of its file."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    """A stable, machine-readable name for the kind of problem, e.g. `unknown-key`."""
    message: str
    question: str | None = None
    """The id of the question the problem is in, when it is in one."""

    def format(self) -> str:
        """`FILE:LINE:COL: error: MESSAGE [question ID]`, the way compilers report."""
        where = f" [question {self.question}]" if self.question else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{where}"

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return asdict(self)

    def as_error(self) -> Problem:
        """The same problem, raised to an error (for `--strict`); an unsourced question of a
        pack without a source stays a warning (`--strict` needs quotes only where a source is
        given)."""
        if self.severity == "error" or self.code in STRICT_STAYS_WARNING:
            return self
        return Problem(
            self.file, self.line, self.column, "error", self.code, self.message, self.question
        )


class PackError(Exception):
    """A pack could not be loaded; `problems` says every reason, each with its location."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].format() if problems else "invalid pack"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)
