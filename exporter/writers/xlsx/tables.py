"""Excel Tables over each sheet's data: valid unique names and header cells Excel accepts.

A Table lets a recruiter sort, filter, slice and write formulas by column name
(`=COUNTIFS(Long[Role], "CTO")`). Excel refuses the whole file unless every header cell
is a plain, non-empty string no longer than 255 characters, distinct from the others
ignoring case, and equal to its table column's name; and unless each table's name is a
valid name (a letter or underscore first; letters, digits, underscores; not a cell
reference) unique in the workbook. These functions make sure of both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ...distinct import distinct
from ...text import utf16_prefix

MAX_COLUMN_NAME = 255  # UTF-16 units, Excel's limit for a table column name
# Longer table names are legal but unwieldy in formulas.
MAX_TABLE_NAME = 40
FALLBACK_TABLE_NAME = "Comparison"
# Excel's own names (ECMA-376 18.2.5 built-ins) and the two booleans cannot name a table.
_RESERVED = frozenset(
    name.casefold()
    for name in (
        "Consolidate_Area",
        "Criteria",
        "Database",
        "Extract",
        "Print_Area",
        "Print_Titles",
        "Sheet_Title",
        "TRUE",
        "FALSE",
    )
)
_WORDS = re.compile(r"[A-Za-z0-9]+")
# A1 references (up to three letters, then a row) and R1C1 ones (R, C, R2, C3, R2C3, RC).
_A1 = re.compile(r"[A-Za-z]{1,3}[0-9]+")
_R1C1 = re.compile(r"[Rr][0-9]*([Cc][0-9]*)?|[Cc][0-9]*")
# No table style: our own fills, borders and fonts are the look, in every reader alike.
NO_STYLE = TableStyleInfo(
    name=None,
    showFirstColumn=False,
    showLastColumn=False,
    showRowStripes=False,
    showColumnStripes=False,
)


def _identifier(title: str) -> str:
    """The title's ASCII words joined by underscores, made a valid table name ("" if none)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    name = "_".join(_WORDS.findall(ascii_text))[:MAX_TABLE_NAME].rstrip("_")
    if not name:
        return ""
    if name[0].isdigit() or _A1.fullmatch(name) or _R1C1.fullmatch(name):
        name = f"Table_{name}"
    return name


def table_names(titles: Sequence[str]) -> list[str]:
    """One table name per sheet title: readable in formulas, valid, distinct ignoring case."""
    bases = [_identifier(title) or FALLBACK_TABLE_NAME for title in titles]
    return distinct(bases, lambda base, counter: f"{base}_{counter}", _RESERVED)


def _cut(text: str, room: int) -> str:
    """The text cut to `room` UTF-16 units, an ellipsis marking the cut."""
    cut = utf16_prefix(text, room)
    return cut if cut == text else utf16_prefix(text, room - 1) + "\u2026"


def column_names(texts: Sequence[str]) -> list[str]:
    """Header texts as table column names: cut to 255 units, numbered " (2)" where one
    would repeat another ignoring case, and a blank one named as Excel names it."""
    bases = [
        _cut(text, MAX_COLUMN_NAME) if text.strip() else f"Column{number}"
        for number, text in enumerate(texts, start=1)
    ]
    return distinct(bases, _numbered)


def _numbered(base: str, counter: int) -> str:
    suffix = f" ({counter})"
    return _cut(base, MAX_COLUMN_NAME - len(suffix)) + suffix


def add_table(sheet: Worksheet, name: str, columns: Sequence[str], last_row: int) -> None:
    """Make rows 1 to `last_row` a table whose header row holds `columns` (as written).

    The table carries its own filter, so the sheet has none. A table needs a data row:
    a sheet with only its header gets an empty one.
    """
    ref = f"A1:{get_column_letter(len(columns))}{max(last_row, 2)}"
    table = Table(
        displayName=name,
        ref=ref,
        tableStyleInfo=NO_STYLE,
        autoFilter=AutoFilter(ref=ref),
        tableColumns=[
            TableColumn(id=number, name=column) for number, column in enumerate(columns, start=1)
        ],
    )
    sheet.add_table(table)
