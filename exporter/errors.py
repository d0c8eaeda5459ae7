"""Diagnostics and the exceptions the library raises for problems users cause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Control characters and the surrogates Python uses for undecodable bytes in file names.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters and undecodable bytes escaped.

    A file name may hold an escape sequence that would drive the terminal showing it.
    """
    return _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], text)


@dataclass(frozen=True)
class Diagnostic:
    """One problem (or, as a note, one remark) about a source, located as `path:line:col`."""

    path: str
    line: int
    col: int
    severity: Literal["error", "warning", "note"]
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = printable(self.path)
        text = f"{where}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class JobarchError(Exception):
    """Base class: a problem the user can fix, with a message fit to print."""


class SourceError(JobarchError):
    """A source that cannot be parsed; carries every problem found in it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        errors = [d for d in diagnostics if d.severity == "error"]
        if not errors:
            raise ValueError("SourceError needs at least one error")
        first = errors[0]
        super().__init__(str(first))
        # Every problem found, warnings included, in the order they stand in the file.
        self.diagnostics = tuple(sorted(diagnostics, key=lambda d: (d.line, d.col)))
        self.path = first.path
        self.line = first.line
        self.col = first.col
        self.message = first.message

    @classmethod
    def at(cls, path: str, line: int, col: int, message: str, hint: str = "") -> SourceError:
        """A SourceError holding one error."""
        return cls([Diagnostic(path, line, col, "error", message, hint)])


class ThemeError(JobarchError):
    """A theme that is missing, malformed or names a missing asset."""

    def __init__(
        self, where: str, message: str, hint: str = "", *, line: int = 0, col: int = 0
    ) -> None:
        """`line` and `col` (1-based) place the error in `where` when it can be told."""
        place = f"{where}:{line}:{col}" if line else where
        text = f"{place}: error: {message}"
        super().__init__(f"{text}\n  hint: {hint}" if hint else text)
        self.where = where
        self.message = message
        self.hint = hint
        self.line = line
        self.col = col
