"""Problems found in content, collected rather than raised, and reported all at once."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

# Characters a diagnostic never prints as they are: it echoes values from records, and a line
# break in one would print a line that looks like another diagnostic, a control character
# (an escape sequence) could rewrite the terminal, a bidirectional control reorder the line.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with each character of _UNPRINTABLE written as an escape, such as \\n or \\u202e."""
    return _UNPRINTABLE.sub(lambda found: "\\n" if found[0] == "\n" else f"\\u{ord(found[0]):04x}", text)


# Where a value sits in a parsed file: keys and list positions from the top, as ('rows', 3, 'status').
FieldPath = tuple[str | int, ...]


def dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # information, such as a reference to a minute outside the archive: never an error


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """The diagnostic as printed: `file:line: error: field: message`, its hint on a line of
        its own; whatever it echoes from a record cannot break or reorder those lines."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        text = printable(f"{where}: {self.severity.value}:{field} {self.message}")
        return f"{text}\n    hint: {printable(self.hint)}" if self.hint else text


def error(file: str | Path, line: int, field: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(str(file), line, field, message, hint, Severity.ERROR)


def warning(file: str | Path, line: int, field: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(str(file), line, field, message, hint, Severity.WARNING)


def note(file: str | Path, line: int, field: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(str(file), line, field, message, hint, Severity.NOTE)


def promote_warnings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """`--strict`: every warning becomes an error; notes stay notes."""
    return [
        d if d.severity is Severity.NOTE else Diagnostic(d.file, d.line, d.field, d.message, d.hint, Severity.ERROR)
        for d in diagnostics
    ]


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    notes = sum(d.severity is Severity.NOTE for d in diagnostics)
    warnings = len(diagnostics) - errors - notes
    counted = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return counted + (f", {notes} note{'s' * (notes != 1)}" if notes else "")


def sorted_for_report(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.field, d.message))
