"""Problems found in content, collected rather than raised, and reported all at once."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        text = f"{where}: {self.severity.value}:{field} {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


def error(file: str | Path, line: int, field: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(str(file), line, field, message, hint, Severity.ERROR)


def warning(file: str | Path, line: int, field: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(str(file), line, field, message, hint, Severity.WARNING)


def promote_warnings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """`--strict`: every warning becomes an error."""
    return [
        Diagnostic(d.file, d.line, d.field, d.message, d.hint, Severity.ERROR) for d in diagnostics
    ]


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def sorted_for_report(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.field, d.message))
