"""The three kinds of sheet: a wide one per comparison, `Long` (one row per cell), `Roles`."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...model import Comparison, Document, Layout, RichText
from ...presentation.grid import grid
from ...theme import Colours, Theme
from .layout import fit, longest_line, row_height, set_widths, shared_widths
from .style import Palette, page_setup, sheet_view
from .text import CellValue, RunStyle, cell_value, link_cell, links_of, plain_value, put

LONG_HEADER = ("Comparison", "Role", "Dimension", "Text", "Links")
ROLES_HEADER = ("Role", "Summary", "Comparison", "Focus", "Links")
FOCUS_MARK = "yes"
# (narrowest, widest) column widths in character units, per column of each sheet.
WIDE_LABEL_LIMITS = (14.0, 28.0)
WIDE_ROLE_LIMITS = (12.0, 60.0)
# Units of width the whole wide sheet aims at: about a landscape page at full size.
WIDE_BUDGET = 140.0
LONG_LIMITS = ((14.0, 30.0), (14.0, 28.0), (14.0, 28.0), (30.0, 70.0), (12.0, 45.0))
ROLES_LIMITS = ((16.0, 32.0), (30.0, 70.0), (14.0, 30.0), (8.0, 8.0), (12.0, 45.0))


def quoted(text: str) -> str:
    """A text quoted for an error message, cut short: the message must stay readable."""
    return repr(text if len(text) <= 40 else text[:39] + "\u2026")


class _Grid:
    """Writes styled cells into one sheet, keeping each cell's plain text to size rows."""

    def __init__(self, sheet: Worksheet, palette: Palette) -> None:
        self.sheet = sheet
        self.palette = palette
        self.texts: dict[int, dict[int, str]] = {}

    def header(self, column: int, value: CellValue, text: str, focus: bool = False) -> None:
        """A header cell: primary fill, bold on_primary text; accent fill for the focus role."""
        p = self.palette
        cell = self.sheet.cell(row=1, column=column)
        put(cell, value)
        cell.font = Palette.font(p.focus_header if focus else p.header)
        cell.fill = p.focus_fill if focus else p.header_fill
        cell.border = p.focus_border if focus else p.border
        cell.alignment = p.header_align
        self.texts.setdefault(1, {})[column] = text

    def body(
        self,
        row: int,
        column: int,
        value: CellValue,
        text: str,
        style: RunStyle,
        focus: bool = False,
    ) -> None:
        """A body cell: wrapped, top-aligned, bordered, banded on every other row."""
        p = self.palette
        cell = self.sheet.cell(row=row, column=column)
        put(cell, value)
        cell.font = Palette.font(style)
        cell.border = p.focus_border if focus else p.border
        cell.alignment = p.body_align
        # Shade the 2nd, 4th... data rows. Fills, not conditional formats, so every
        # reader (LibreOffice too) shows the bands.
        if row % 2 == 1:
            cell.fill = p.band_fill
        self.texts.setdefault(row, {})[column] = text

    def column(self, column: int) -> list[str]:
        """The plain texts of one column, header included."""
        return [row.get(column, "") for row in self.texts.values()]

    def fitted(self, limits: list[tuple[float, float]]) -> list[float]:
        """Per column, a width for its widest line within (narrowest, widest) limits."""
        return [
            fit(max(map(longest_line, self.column(column)), default=0), low, high)
            for column, (low, high) in enumerate(limits, start=1)
        ]

    def finish(self, widths: list[float], size: float) -> None:
        """Set widths, row heights that fit the wrapped text, and a filter over all."""
        set_widths(self.sheet, widths)
        # LibreOffice does not fit row heights to wrapped text when it opens a workbook
        # (checked with 7.4: prose showed one clipped line), so heights are set from an
        # estimate of the wrapped line count, erring towards a line too many.
        for row, cells in self.texts.items():
            pairs = [(text, widths[column - 1]) for column, text in cells.items()]
            self.sheet.row_dimensions[row].height = row_height(pairs, size)
        rows = max(self.texts, default=1)
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{rows}"


def _rich(
    grid: _Grid,
    row: int,
    column: int,
    text: RichText,
    style: RunStyle,
    where: str,
    focus: bool = False,
) -> None:
    """A body cell holding rich text, linked when the text holds one link."""
    grid.body(row, column, cell_value(text, style, where), text.text, style, focus)
    link_cell(grid.sheet.cell(row=row, column=column), text)


def _plain(grid: _Grid, row: int, column: int, text: str, style: RunStyle, where: str) -> None:
    grid.body(row, column, plain_value(text, where), text, style)


def wide_sheet(
    sheet: Worksheet,
    comparison: Comparison,
    label: str,
    document: Document,
    theme: Theme,
    palette: Palette,
    landscape: bool = True,
) -> None:
    """The comparison as it reads in the source: its header row, then its rows.

    `label` names the comparison in the running header, so a sheet name cut to Excel's 31
    characters loses nothing on paper.
    """
    sheet_grid = _Grid(sheet, palette)
    table = grid(comparison)
    where = f"{document.path}:{comparison.line}"
    focus = [document.is_focus(role) for role in comparison.roles]

    def is_focus(role: int | None) -> bool:
        return role is not None and focus[role]

    first = 1
    if table.corner is not None:
        corner = table.corner
        value = cell_value(corner, palette.header, f"{where}: header cell 1")
        sheet_grid.header(1, value, corner.text)
        link_cell(sheet.cell(row=1, column=1), corner)
        first = 2
    for offset, header in enumerate(table.headers):
        column = first + offset
        on_focus = is_focus(table.column_roles[offset])
        style = palette.focus_header if on_focus else palette.header
        value = cell_value(header, style, f"{where}: header {quoted(header.text)}")
        sheet_grid.header(column, value, header.text, focus=on_focus)
        link_cell(sheet.cell(row=1, column=column), header)

    for number, cells in enumerate(table.cells):
        row = number + 2
        at = f"{document.path}:{table.row_lines[number]}"
        if table.labels is not None:
            name = table.labels[number]
            at = f"{at}: row {quoted(name.text)}"
            on_focus = is_focus(table.row_roles[number])
            _rich(sheet_grid, row, 1, name, palette.label, at, focus=on_focus)
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
    sheet_grid.finish([label_width, *widths] if first == 2 else widths, theme.fonts.size)
    sheet_view(sheet, "B2" if first == 2 else "A2", Colours.hex(theme.colours.primary))
    page_setup(
        sheet,
        theme,
        header_title=label,
        footer_title=document.title,
        repeat_first_column=first == 2,
        landscape=landscape,
    )


def long_sheet(
    sheet: Worksheet, document: Document, labels: Sequence[str], theme: Theme, palette: Palette
) -> None:
    """One row per cell (Comparison, Role, Dimension, Text, Links), for filters and pivots."""
    grid = _Grid(sheet, palette)
    for column, heading in enumerate(LONG_HEADER, start=1):
        grid.header(column, heading, heading)
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
                _plain(grid, row, 1, label, palette.body, where)
                _plain(grid, row, 2, role.title.text, palette.body, where)
                _plain(grid, row, 3, dimension.name.text, palette.body, where)
                _rich(grid, row, 4, text, palette.body, where)
                # The dimension's own links travel with each of its rows, so a link in a
                # row label is listed even when that label holds several.
                urls = "\n".join(links_of(dimension.name, text))
                _plain(grid, row, 5, urls, palette.body, f"{where}: links")
    grid.finish(grid.fitted(list(LONG_LIMITS)), theme.fonts.size)
    sheet_view(sheet, "A2")
    page_setup(sheet, theme, document.title, sheet.title, repeat_first_column=False)


def roles_sheet(
    sheet: Worksheet, document: Document, labels: Sequence[str], theme: Theme, palette: Palette
) -> None:
    """One row per role of each comparison: title, summary, where it appears, focus, links."""
    grid = _Grid(sheet, palette)
    for column, heading in enumerate(ROLES_HEADER, start=1):
        grid.header(column, heading, heading)
    row = 1
    for comparison, label in zip(document.comparisons, labels, strict=True):
        for role in comparison.roles:
            row += 1
            where = f"{document.path}:{role.line}: role {quoted(role.title.text)}"
            focus = document.is_focus(role)
            # The focus role's name sits on the accent, as its column header does.
            _rich(grid, row, 1, role.title, palette.focus_header if focus else palette.label, where)
            if focus:
                sheet.cell(row=row, column=1).fill = palette.focus_fill
            _rich(grid, row, 2, role.summary, palette.body, where)
            _plain(grid, row, 3, label, palette.body, where)
            _plain(grid, row, 4, FOCUS_MARK if focus else "", palette.body, where)
            urls = "\n".join(links_of(role.title, role.summary))
            _plain(grid, row, 5, urls, palette.body, f"{where}: links")
    grid.finish(grid.fitted(list(ROLES_LIMITS)), theme.fonts.size)
    sheet_view(sheet, "A2")
    page_setup(sheet, theme, document.title, sheet.title, repeat_first_column=False)
