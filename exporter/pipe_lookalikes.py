"""Paragraphs that look like pipe tables but are not: said, so a table is not lost quietly.

GitHub (and markdown-it) read a table only when a header row stands right above a
delimiter row with as many cells. A delimiter row one cell short, a comment line between
the header and the delimiter, or a comment line between two rows leaves the lines as a
paragraph of text: the reading GitHub shows too, but never what the author meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.rules_block.table import escapedSplit

# `|---|:--:|`, `--- | ---`: cells of dashes with optional colons, with at least one pipe.
_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")


@dataclass(frozen=True)
class Lookalike:
    """A line of a paragraph that was meant as part of a table: where, and what went wrong."""

    offset: int  # 0-based line within the paragraph
    message: str
    hint: str


def _cells(line: str) -> list[str]:
    """A row's cells as markdown-it splits them, outer pipes dropped."""
    columns = escapedSplit(line.strip())
    if columns and columns[0].strip() == "" and line.strip().startswith("|"):
        columns.pop(0)
    if columns and columns[-1].strip() == "" and line.strip().endswith("|"):
        columns.pop()
    return columns


def is_delimiter_row(line: str) -> bool:
    """True for a GFM delimiter row: dashes (and colons) between pipes."""
    if "|" not in line:
        return False
    cells = _cells(line)
    return bool(cells) and all(_DELIMITER_CELL.match(cell) for cell in cells)


def _is_row(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|")


def find(lines: list[str]) -> Lookalike | None:
    """The first sign, in a paragraph's source lines (container markers removed), of a
    table that was not read as one; None when the paragraph is plain prose."""
    for offset, line in enumerate(lines):
        if not is_delimiter_row(line):
            continue
        if offset == 0:
            return Lookalike(
                offset,
                "a table's delimiter row with no header row right above it: "
                "these lines are read as text, not as a table",
                "put the header row on the line right above the delimiter row "
                "(a comment or a blank line between them ends the table)",
            )
        header, delimiter = len(_cells(lines[offset - 1])), len(_cells(line))
        if header != delimiter:
            return Lookalike(
                offset,
                f"the delimiter row has {delimiter} cell(s) but the header row above has "
                f"{header}: these lines are read as text, not as a table",
                "give the delimiter row one `---` per header cell",
            )
    if lines and all(_is_row(line) for line in lines):
        return Lookalike(
            0,
            "these lines look like table rows but no table is open here: they are read as text",
            "a blank line or an HTML comment on its own line ends a table; "
            "remove it, or give these rows a header row and a delimiter row",
        )
    return None
