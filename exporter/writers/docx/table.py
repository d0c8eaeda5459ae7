"""A comparison's column group as a Word table: density tiers, widths, cells and shading."""

from __future__ import annotations

import math
from collections.abc import Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Twips
from docx.table import _Cell, _Row

from ...model import RichText
from ...presentation import ColumnGroup, Presentation, TableView
from ...text import display_width
from ...theme import Colours
from . import wordml
from .body import Body, StyleIds
from .inline import add_rich
from .page import Layout
from .styles import TABLE, Styles

CELL_PADDING_PT = 11.0  # left and right cell margins plus a little air
ROW_PADDING_PT = 6.0  # top and bottom cell margins (the table style's 60 twips each)
LINE_PITCH = 1.08 * 1.2  # the table text style's line spacing, times a font's own leading
# A table estimated to take less than this share of a page is kept on one page: Word moves
# it to the next page rather than split it. A longer one splits, but keeps its first two
# and its last two rows together, so that no row is left alone at a page's foot or head.
WHOLE_TABLE = 0.7

# Table density tiers: (fewest columns, suffix for the style names, font scale).
# The last tier starts at zero columns, so every table falls in one.
DENSITY = ((8, " Dense", 0.74), (5, " Compact", 0.84), (0, "", 0.95))


def density(columns: int) -> tuple[str, float]:
    """Style-name suffix and font scale for a table with this many value columns."""
    return next((suffix, scale) for fewest, suffix, scale in DENSITY if columns >= fewest)


def column_widths(group: ColumnGroup, total: int) -> list[int]:
    """The group's column widths (percentages) in twips that add up to `total`."""
    widths = [int(total * share / 100) for share in group.widths]
    # Rounding down leaves a few twips over; the last column takes them.
    widths[-1] += total - sum(widths)
    return widths


def _fill(
    cell: _Cell, width: int, style_id: str, rich: RichText, ids: StyleIds, colour: str = ""
) -> None:
    """Size a cell and write its text into its first paragraph in a named style."""
    cell.width = Twips(width)
    paragraph = cell.paragraphs[0]
    # Set the style id directly: python-docx's `paragraph.style = ...` searches every
    # style for the default one on each call, which made a 1,600-row table take 7 s.
    wordml.set_paragraph_style(paragraph, style_id)
    add_rich(paragraph, rich, ids, colour=colour)


def _row_height(texts: Sequence[str], widths: Sequence[int], font_pt: float) -> float:
    """A rough height in points of a row holding `texts` in columns `widths` twips wide."""
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        per_line = max(1.0, (width / 20 - CELL_PADDING_PT) / (font_pt * 0.5))
        count = sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, count)
    return lines * font_pt * LINE_PITCH + ROW_PADDING_PT


def keep_rows_together(rows: Sequence[_Row], heights: Sequence[float], page_pt: float) -> None:
    """Keep-with-next on each row (the header first) that must share a page with the next."""
    last = len(rows) - 1
    # A short table keeps every row but the last with the next, so it moves whole; a long
    # one keeps its header, first and second-to-last rows with the next.
    whole = sum(heights) < WHOLE_TABLE * page_pt
    kept = set(range(last)) if whole else {0, 1, last - 1} - {last}
    for index in sorted(kept):
        for cell in rows[index].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def add_table(
    body: Body,
    styles: Styles,
    view: TableView,
    group: ColumnGroup,
    presentation: Presentation,
    layout: Layout,
) -> None:
    """One column group of a comparison as a Word table: repeating shaded header, rows kept
    whole, the focus role tinted in whichever direction the table runs."""
    theme = presentation.theme
    c = theme.colours
    table = view.grid
    suffix, scale = density(len(group.columns))
    ids = body.ids
    text_style, header_style, label_style = map(ids, styles.table(suffix, scale))
    labelled = table.labelled
    first = 1 if labelled else 0
    text_width = layout.text_width
    word = body.table(1 + len(table.cells), first + len(group.columns), Twips(text_width))
    word.style = styles.doc.styles[TABLE]
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    word.autofit = False
    widths = column_widths(group, text_width)
    wordml.set_table_width(word, sum(widths))
    for column, width in zip(word.columns, widths, strict=True):
        column.width = Twips(width)
    header_fill = Colours.hex(c.primary)
    tints = presentation.tints

    def is_focus(role: int | None) -> bool:
        return role is not None and role == view.focus

    def fill(banded: bool) -> str:
        return Colours.hex(tints.focus_band if banded else tints.focus)

    rows = word.rows
    header = rows[0]
    wordml.repeat_as_header(header)
    wordml.keep_row_together(header)
    headers = [table.headers[index] for index in group.columns]
    titles = [table.corner, *headers] if table.corner is not None else headers
    for col, (cell, rich) in enumerate(zip(header.cells, titles, strict=True)):
        _fill(cell, widths[col], header_style, rich, ids, colour=c.on_primary)
        wordml.shade_cell(cell, header_fill)
        if col >= first and is_focus(table.column_roles[group.columns[col - first]]):
            wordml.set_cell_borders(cell, Colours.hex(c.accent), 24, ("bottom",))
    for number, row in enumerate(rows[1:]):
        wordml.keep_row_together(row)
        banded = number % 2 == 1
        cells = row.cells
        if table.labels is not None:
            _fill(cells[0], widths[0], label_style, table.labels[number], ids)
            if is_focus(table.row_roles[number]):
                wordml.shade_cell(cells[0], fill(banded))
            elif banded:
                wordml.shade_cell(cells[0], Colours.hex(c.band))
        for col, index in enumerate(group.columns):
            cell = cells[first + col]
            _fill(cell, widths[first + col], text_style, table.cells[number][index], ids)
            if is_focus(table.role_of(number, index)):
                wordml.shade_cell(cell, fill(banded))
            elif banded:
                wordml.shade_cell(cell, Colours.hex(c.band))
    font_pt = theme.fonts.size * scale
    texts = [[text.text for text in titles]]
    texts += [
        [
            *([table.labels[n].text] if table.labels is not None else []),
            *(row[index].text for index in group.columns),
        ]
        for n, row in enumerate(table.cells)
    ]
    heights = [_row_height(row, widths, font_pt) for row in texts]
    keep_rows_together(list(rows), heights, layout.text_height / 20)
