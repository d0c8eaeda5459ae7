"""The three kinds of sheet: a wide one per comparison, `Long` (one row per cell), `Roles`.

Each sheet's header and rows are an Excel Table (`tables`), named by the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl.styles import PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

from ...model import Comparison, Document, Layout, RichText
from ...presentation.grid import grid
from ...theme import Colours, Theme
from .heights import cuts, measure, one_line, row_height, text_height, wrap
from .layout import fit, longest_line, set_widths, shared_widths
from .split import cut_rich
from .style import Palette, page_setup, sheet_view
from .tables import add_table, column_names
from .text import RunStyle, cell_value, escape_ooxml, link_cell, links_of, put

LONG_HEADER = ("Comparison", "Role", "Dimension", "Text", "Links")
ROLES_HEADER = ("Role", "Summary", "Comparison", "Focus", "Links")
FOCUS_MARK = "yes"
# A table column needs a name: a blank corner cell is named for what its column lists.
CORNER_NAMES = {"roles": "Dimension", "dimensions": "Role"}
# (narrowest, widest) column widths in character units, per column of each sheet.
WIDE_LABEL_LIMITS = (14.0, 28.0)
WIDE_ROLE_LIMITS = (12.0, 60.0)
# Units of width the whole wide sheet aims at: about a landscape page at full size.
WIDE_BUDGET = 140.0
LONG_LIMITS = ((14.0, 30.0), (14.0, 28.0), (14.0, 28.0), (30.0, 70.0), (12.0, 45.0))
# A handbook's long sheet (`All`) names each row's source first.
SOURCE_HEADER = "Source"
SOURCE_LIMITS = (14.0, 30.0)
ROLES_LIMITS = ((16.0, 32.0), (30.0, 70.0), (14.0, 30.0), (8.0, 8.0), (12.0, 45.0))


def quoted(text: str) -> str:
    """A text quoted for an error message, cut short: the message must stay readable."""
    return repr(text if len(text) <= 40 else text[:39] + "\u2026")


@dataclass(frozen=True)
class _Cell:
    """A body cell waiting for its column's width."""

    text: RichText
    style: RunStyle
    where: str  # names the cell in an error message
    focus: bool = False
    fill: PatternFill | None = None  # instead of the band
    repeat: bool = False  # a key of the row, shown again on its continuation rows


class _Grid:
    """One sheet's cells, written once column widths are known so that rows fit their text.

    A cell too tall for one row (Excel's ceiling is 409 pt) is spread over continuation
    rows, cut where its lines start; the row's keys (its label, or the Long sheet's key
    columns) are repeated on them, so filters and pivots still find every piece.
    """

    def __init__(self, sheet: Worksheet, palette: Palette) -> None:
        self.sheet = sheet
        self.palette = palette
        self.headers: dict[int, tuple[RichText, RunStyle]] = {}
        self.rows: dict[int, dict[int, _Cell]] = {}
        # A body cell's look, by (run style, focus, fill): openpyxl looks each font, border
        # and fill up by hashing it, which was most of a large sheet's time; a cell whose
        # look was made once takes a copy of the first such cell's style indices instead.
        self.looks: dict[tuple[RunStyle, bool, int], StyleArray] = {}

    def header(self, column: int, text: RichText, focus: bool = False) -> None:
        """A header cell: primary fill, bold on_primary text; accent fill for the focus role.

        `finish` writes its text, as its table column's name.
        """
        p = self.palette
        style = p.focus_header if focus else p.header
        cell = self.sheet.cell(row=1, column=column)
        cell.font = Palette.font(style)
        cell.fill = p.focus_fill if focus else p.header_fill
        cell.border = p.focus_border if focus else p.border
        cell.alignment = p.header_align
        self.headers[column] = (text, style)

    def body(self, row: int, column: int, cell: _Cell) -> None:
        """A body cell of the `row`th row as the source has it (the first is 2)."""
        self.rows.setdefault(row, {})[column] = cell

    def column(self, column: int) -> list[str]:
        """The plain texts of one column, header included."""
        header = self.headers.get(column)
        body = [cells[column].text.text if column in cells else "" for cells in self.rows.values()]
        return [header[0].text if header else "", *body]

    def fitted(self, limits: list[tuple[float, float]]) -> list[float]:
        """Per column, a width for its widest line within (narrowest, widest) limits."""
        return [
            fit(max(map(longest_line, self.column(column)), default=0), low, high)
            for column, (low, high) in enumerate(limits, start=1)
        ]

    def finish(self, widths: list[float], table: str) -> None:
        """Set widths, write the body with rows tall enough for their text, and make the
        header and every row (continuation rows too) the table named `table`."""
        set_widths(self.sheet, widths)
        size = self.palette.body.size
        columns = sorted(self.headers)
        # Table header cells must be plain text equal to their column's name.
        names = column_names([self.headers[column][0].text for column in columns])
        written: list[str] = []
        heights = []
        for column, name in zip(columns, names, strict=True):
            text, style = self.headers[column]
            value = escape_ooxml(name)
            put(self.sheet.cell(row=1, column=column), value)
            written.append(value)
            heights.append(text_height(measure(RichText.plain(name), style), widths[column - 1]))
            self._link(1, column, text, style, widths[column - 1])
        # The header row cannot be split: a header taller than a row is cut at 409 pt.
        self.sheet.row_dimensions[1].height = row_height(heights, size)
        row = 2
        for number in sorted(self.rows):
            cells = self.rows[number]
            # Each whole cell is wrapped once: for where to cut it, and for its height.
            whole = {
                column: wrap(measure(cell.text, cell.style), widths[column - 1])
                for column, cell in cells.items()
            }
            pieces = {
                column: cut_rich(cell.text, cuts(whole[column])) for column, cell in cells.items()
            }
            for part in range(max(map(len, pieces.values()))):
                heights = []
                for column, cell in cells.items():
                    text = self._piece(cell, pieces[column], part)
                    self._write(row, column, cell, text, banded=number % 2 == 1)
                    self._link(row, column, text, cell.style, widths[column - 1])
                    # The one piece of a cell that fits a row is its whole text, wrapped.
                    if len(pieces[column]) == 1 and text is pieces[column][0]:
                        heights.append(whole[column].height)
                    else:
                        heights.append(text_height(measure(text, cell.style), widths[column - 1]))
                self.sheet.row_dimensions[row].height = row_height(heights, size)
                row += 1
        add_table(self.sheet, table, written, row - 1)

    @staticmethod
    def _piece(cell: _Cell, pieces: list[RichText], part: int) -> RichText:
        if part < len(pieces):
            return pieces[part]
        return pieces[0] if cell.repeat and len(pieces) == 1 else RichText()

    def _link(self, row: int, column: int, text: RichText, style: RunStyle, width: float) -> None:
        """Make the cell a hyperlink when it holds one link and shows on one line.

        LibreOffice draws a hyperlinked cell on one line, never wrapped (checked with 7.4),
        so longer text would be cut off at the cell's edge; it keeps its link's look, and
        the Links columns still list the target.
        """
        if len(links_of(text)) == 1 and one_line(measure(text, style), width):
            link_cell(self.sheet.cell(row=row, column=column), text)

    def _write(self, row: int, column: int, cell: _Cell, text: RichText, banded: bool) -> None:
        """Write one piece: wrapped, top-aligned, bordered, banded on every other source row."""
        p = self.palette
        target = self.sheet.cell(row=row, column=column)
        put(target, cell_value(text, cell.style, cell.where))
        # Fills, not conditional formats, so every reader (LibreOffice too) shows the bands;
        # continuation rows keep the band of the row they continue.
        fill = cell.fill or (p.band_fill if banded else None)
        key = (cell.style, cell.focus, id(fill))  # the fill lives as long as this grid
        look = self.looks.get(key)
        if look is not None:
            target._style = copy(look)
            return
        target.font = Palette.font(cell.style)
        target.border = p.focus_border if cell.focus else p.border
        target.alignment = p.body_align
        if fill is not None:
            target.fill = fill
        self.looks[key] = copy(target._style)


def _rich(
    grid: _Grid,
    row: int,
    column: int,
    text: RichText,
    style: RunStyle,
    where: str,
    focus: bool = False,
    repeat: bool = False,
) -> None:
    """A body cell holding rich text: styled runs, linked when it holds one link."""
    grid.body(row, column, _Cell(text, style, where, focus=focus, repeat=repeat))


def _plain(
    grid: _Grid, row: int, column: int, text: str, style: RunStyle, where: str, repeat: bool = False
) -> None:
    grid.body(row, column, _Cell(RichText.plain(text), style, where, repeat=repeat))


def wide_sheet(
    sheet: Worksheet,
    comparison: Comparison,
    document: Document,
    theme: Theme,
    palette: Palette,
    table_name: str,
    landscape: bool = True,
) -> None:
    """The comparison as it reads in the source: its header row, then its rows; `table_name`
    names the sheet's Excel Table."""
    sheet_grid = _Grid(sheet, palette)
    table = grid(comparison)
    focus = [document.is_focus(role, comparison) for role in comparison.roles]

    def is_focus(role: int | None) -> bool:
        return role is not None and focus[role]

    first = 1
    if table.corner is not None:
        blank = not table.corner.text.strip()
        corner = RichText.plain(CORNER_NAMES[table.columns_are]) if blank else table.corner
        sheet_grid.header(1, corner)
        first = 2
    for offset, header in enumerate(table.headers):
        sheet_grid.header(first + offset, header, focus=is_focus(table.column_roles[offset]))

    for number, cells in enumerate(table.cells):
        row = number + 2
        at = f"{document.path}:{table.row_lines[number]}"
        if table.labels is not None:
            name = table.labels[number]
            at = f"{at}: row {quoted(name.text)}"
            on_focus = is_focus(table.row_roles[number])
            _rich(sheet_grid, row, 1, name, palette.label, at, focus=on_focus, repeat=True)
        for offset, (header, text) in enumerate(zip(table.headers, cells, strict=True)):
            _rich(
                sheet_grid,
                row,
                first + offset,
                text,
                palette.body,
                f"{at}, column {quoted(header.text)}",
                focus=is_focus(table.role_of(number, offset)),
            )

    # The label column only names rows; the other columns carry prose and get the room.
    label_width = sheet_grid.fitted([WIDE_LABEL_LIMITS])[0] if first == 2 else 0.0
    values = [sheet_grid.column(column) for column in range(first, first + len(table.headers))]
    low, high = WIDE_ROLE_LIMITS
    widths = shared_widths(values, low, high, WIDE_BUDGET - label_width)
    sheet_grid.finish([label_width, *widths] if first == 2 else widths, table_name)
    sheet_view(sheet, "B2" if first == 2 else "A2", Colours.hex(theme.colours.primary))
    page_setup(sheet, theme, repeat_first_column=first == 2, landscape=landscape)


def long_sheet(
    sheet: Worksheet,
    document: Document,
    labels: Sequence[str],
    theme: Theme,
    palette: Palette,
    table_name: str,
) -> None:
    """One row per cell (Comparison, Role, Dimension, Text, Links), for filters and pivots;
    a handbook's comparisons come from several sources, named first in a Source column."""
    grid = _Grid(sheet, palette)
    sources = document.is_handbook
    first = 2 if sources else 1
    headers = (SOURCE_HEADER, *LONG_HEADER) if sources else LONG_HEADER
    for column, heading in enumerate(headers, start=1):
        grid.header(column, RichText.plain(heading))
    row = 1
    for comparison, label in zip(document.comparisons, labels, strict=True):
        lists = comparison.layout is Layout.LISTS
        for number, dimension in enumerate(comparison.dimensions):
            for index, (role, text) in enumerate(
                zip(comparison.roles, dimension.cells, strict=True)
            ):
                if lists and not text:
                    continue  # a shorter list ends here: no item, no row
                row += 1
                line = comparison.cell_line(number, index)
                where = (
                    f"{document.path}:{line}: dimension {quoted(dimension.name.text)}, "
                    f"role {quoted(role.title.text)}"
                )
                if sources:
                    _plain(grid, row, 1, comparison.source, palette.body, where, repeat=True)
                _plain(grid, row, first, label, palette.body, where, repeat=True)
                _plain(grid, row, first + 1, role.title.text, palette.body, where, repeat=True)
                name = dimension.name.text
                _plain(grid, row, first + 2, name, palette.body, where, repeat=True)
                _rich(grid, row, first + 3, text, palette.body, where)
                # The dimension's own links travel with each of its rows, so a link in a
                # row label is listed even when that label holds several.
                urls = "\n".join(links_of(dimension.name, text))
                _plain(grid, row, first + 4, urls, palette.body, f"{where}: links")
    limits = [SOURCE_LIMITS, *LONG_LIMITS] if sources else list(LONG_LIMITS)
    grid.finish(grid.fitted(limits), table_name)
    sheet_view(sheet, "A2")
    page_setup(sheet, theme, repeat_first_column=False)


def roles_sheet(
    sheet: Worksheet,
    document: Document,
    labels: Sequence[str],
    theme: Theme,
    palette: Palette,
    table_name: str,
) -> None:
    """One row per role of each comparison: title, summary, where it appears, focus, links."""
    grid = _Grid(sheet, palette)
    for column, heading in enumerate(ROLES_HEADER, start=1):
        grid.header(column, RichText.plain(heading))
    row = 1
    for comparison, label in zip(document.comparisons, labels, strict=True):
        for role in comparison.roles:
            row += 1
            where = f"{document.path}:{role.line}: role {quoted(role.title.text)}"
            focus = document.is_focus(role, comparison)
            # The focus role's name sits on the accent, as its column header does.
            title_style = palette.focus_header if focus else palette.label
            fill = palette.focus_fill if focus else None
            grid.body(row, 1, _Cell(role.title, title_style, where, fill=fill, repeat=True))
            _rich(grid, row, 2, role.summary, palette.body, where)
            _plain(grid, row, 3, label, palette.body, where, repeat=True)
            _plain(grid, row, 4, FOCUS_MARK if focus else "", palette.body, where, repeat=True)
            urls = "\n".join(links_of(role.title, role.summary))
            _plain(grid, row, 5, urls, palette.body, f"{where}: links")
    grid.finish(grid.fitted(list(ROLES_LIMITS)), table_name)
    sheet_view(sheet, "A2")
    page_setup(sheet, theme, repeat_first_column=False)
