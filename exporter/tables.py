"""A table as read from the source (Markdown or HTML) -> a Comparison, in its reading.

The readers hand over rectangular rows (every body row as wide as the header). Here the
header cells become roles or dimensions, the first cells of the rows become dimensions or
roles (or nothing, for lists), and the cells are arranged by role. Header cells name
columns and must be distinct; row labels may repeat (a grade table lists a role at several
grades): every row keeps its place and its text, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import names
from .model import Comparison, Dimension, Layout, Reading, RichText, Role

# Reports a problem: (line, column, severity, message, hint).
Report = Callable[[int, int, str, str, str], None]


@dataclass(frozen=True)
class Cell:
    """One cell as written: its text and the 1-based column where it starts."""

    text: RichText
    col: int


@dataclass(frozen=True)
class Row:
    """One table row: its source line and its cells."""

    line: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class SourceTable:
    """A table as the source has it: a header row and body rows of the same width."""

    header: Row
    body: tuple[Row, ...]


_WHAT = {
    Layout.ROLES_IN_COLUMNS: ("role", "dimension"),
    Layout.ROLES_IN_ROWS: ("dimension", "role"),
    Layout.LISTS: ("role", ""),
}


def comparison(table: SourceTable, reading: Reading, report: Report) -> Comparison | None:
    """The comparison a table holds in the given reading, or None after reporting errors."""
    header = table.header
    column_kind, row_kind = _WHAT[reading.layout]
    labelled = reading.layout is not Layout.LISTS
    if labelled and len(header.cells) < 2:
        report(
            header.line,
            1,
            "error",
            "a comparison table needs a column of labels and at least one more column",
            "to read a one-column table as a list of one role, put "
            "`<!-- jobarch: lists -->` right before it",
        )
        return None
    columns = _header_names(header, column_kind, labelled, report)
    labels = [_row_label(row, row_kind, report) for row in table.body] if labelled else []
    if labelled:
        _warn_repeated_labels(table.body, labels, row_kind, report)
    if columns is None:
        return None
    first = 1 if labelled else 0
    grid = [[cell.text for cell in row.cells[first:]] for row in table.body]
    corner = _clean(header.cells[0], header.line, "corner", report) if labelled else RichText()

    if reading.layout is Layout.ROLES_IN_ROWS:
        roles = tuple(
            Role(label, line=row.line) for label, row in zip(labels, table.body, strict=True)
        )
        dimensions = tuple(
            Dimension(name, tuple(cells[index] for cells in grid), header.line)
            for index, name in enumerate(columns)
        )
    else:
        roles = tuple(Role(name, line=header.line) for name in columns)
        row_names = labels or [RichText()] * len(table.body)
        dimensions = tuple(
            Dimension(name, tuple(cells), row.line)
            for name, cells, row in zip(row_names, grid, table.body, strict=True)
        )
    return Comparison("", corner, roles, dimensions, header.line, reading)


def _clean(cell: Cell, line: int, what: str, report: Report) -> RichText:
    """The cell's text as a name; a warning when cleaning changed it, or it deceives."""
    text, changes = names.clean(cell.text)
    if changes:
        report(line, cell.col, "warning", f"{what} {text.text[:60]!r}: {'; '.join(changes)}", "")
    deceptive = names.lookalikes(text.text)
    if deceptive:
        letters = ", ".join(
            f"{letter} (U+{ord(letter):04X}, {script.title()}) looks like {imitated}"
            for letter, script, imitated in deceptive
        )
        report(
            line,
            cell.col,
            "warning",
            f"{what} {text.text[:60]!r} mixes scripts with letters that look alike: {letters}",
            "retype the name in one script, or filters will tell it from its lookalike",
        )
    return text


def _header_names(header: Row, kind: str, labelled: bool, report: Report) -> list[RichText] | None:
    """The names the header gives its columns: non-empty and distinct, else errors."""
    result: list[RichText] = []
    seen: dict[str, int] = {}
    ok = True
    for number, cell in enumerate(header.cells[1:] if labelled else header.cells):
        column = number + (2 if labelled else 1)
        name = _clean(cell, header.line, f"{kind} name", report)
        key = names.lookalike_key(name.text)
        if not key:
            report(header.line, cell.col, "error", f"{kind} name in column {column} is empty", "")
            ok = False
        elif key in seen:
            report(
                header.line,
                cell.col,
                "error",
                f"{kind} {name.text!r} appears twice (columns {seen[key]} and {column})",
                f"each {kind} is one column: merge the two or rename one",
            )
            ok = False
        else:
            seen[key] = column
        result.append(name)
    return result if ok else None


def _row_label(row: Row, kind: str, report: Report) -> RichText:
    """A row's first cell as the name of its dimension or role (empty names are kept)."""
    cell = row.cells[0]
    name = _clean(cell, row.line, f"{kind} name", report)
    if not names.key(name.text):
        report(
            row.line,
            cell.col,
            "warning",
            f"the row's first cell, its {kind} name, is empty: the row is kept without a name",
            "if this row continues the one above, join the two",
        )
    return name


def _warn_repeated_labels(
    rows: tuple[Row, ...], labels: list[RichText], kind: str, report: Report
) -> None:
    seen: dict[str, int] = {}
    for row, label in zip(rows, labels, strict=True):
        key = names.lookalike_key(label.text)
        if not key:
            continue
        if key in seen:
            report(
                row.line,
                row.cells[0].col,
                "warning",
                f"{kind} {label.text!r} is named again (first at line {seen[key]}); "
                "both rows are kept",
                "",
            )
        else:
            seen[key] = row.line
