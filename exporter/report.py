"""Problems as people and tools read them: editor lines, GitHub annotations, JSON.

A problem is an `errors.Diagnostic`; one about a whole file or folder, not a line of it,
has line 0 and reads `where: severity: message`.
"""

from __future__ import annotations

from typing import Literal

from .errors import Diagnostic, JobarchError, SourceError, ThemeError, printable

Severity = Literal["error", "warning", "note"]
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


class Failure(JobarchError):
    """A problem the user can fix, carried as diagnostics (safe to pickle across processes)."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__(*diagnostics)
        self.diagnostics = diagnostics

    def __str__(self) -> str:
        return "\n".join(text(diagnostic) for diagnostic in self.diagnostics)


def place(where: str, severity: Severity, message: str, hint: str = "") -> Diagnostic:
    """A problem about a whole file or folder (or the command, as `jobarch`)."""
    return Diagnostic(where, 0, 0, severity, message, hint)


def diagnostics_of(error: JobarchError) -> tuple[Diagnostic, ...]:
    """The diagnostics an error carries, whatever kind of JobarchError it is."""
    if isinstance(error, SourceError | Failure):
        return tuple(error.diagnostics)
    if isinstance(error, ThemeError):
        return (Diagnostic(error.where, error.line, error.col, "error", error.message, error.hint),)
    return (place("jobarch", "error", str(error)),)


def text(diagnostic: Diagnostic) -> str:
    """`path:line:col: severity: message` (or `where: severity: message`), then a hint line."""
    if diagnostic.line:
        return str(diagnostic)
    line = f"{printable(diagnostic.path)}: {diagnostic.severity}: {diagnostic.message}"
    return f"{line}\n  hint: {diagnostic.hint}" if diagnostic.hint else line


def github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the file (and line) at fault."""
    properties = []
    if diagnostic.path != "jobarch":
        properties.append(f"file={_escape_property(diagnostic.path)}")
    if diagnostic.line:
        properties.append(f"line={diagnostic.line}")
        properties.append(f"col={diagnostic.col}")
    properties.append("title=jobarch")
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    level = _GITHUB_LEVEL[diagnostic.severity]
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def data(diagnostic: Diagnostic) -> dict[str, object]:
    """The diagnostic as a JSON object; `line` and `col` are null for a whole file."""
    return {
        "path": diagnostic.path,
        "line": diagnostic.line or None,
        "col": diagnostic.col or None,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "hint": diagnostic.hint or None,
    }


def _escape_data(value: str) -> str:
    # The escapes the runner undoes (actions/toolkit, command.ts); a raw newline would end
    # the command and let source text start a command of its own.
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
