"""The comparison as a Word table: density tiers, column widths, cells and shading."""

from __future__ import annotations

import math
from collections.abc import Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Twips
from docx.table import _Cell, _Row

from ...model import Comparison, RichText
from ...presentation.grid import Grid, grid
from ...text import display_width
from ...theme import Colours, Theme
from . import wordml
from .body import Body, StyleIds
from .inline import add_rich
from .page import Layout
from .styles import TABLE, Styles, tint
from .text import EN_WIDTH

CELL_PADDING_PT = 11.0  # left and right cell margins plus a little air
ROW_PADDING_PT = 6.0  # top and bottom cell margins (the table style's 60 twips each)
LINE_PITCH = 1.08 * 1.2  # the table text style's line spacing, times a font's own leading
# A table estimated to take less than this share of a page is kept on one page: Word moves
# it to the next page rather than split it. A longer one splits, but keeps its first two
# and its last two rows together, so that no row is left alone at a page's foot or head.
WHOLE_TABLE = 0.7

# Table density tiers: (fewest roles, suffix for the style names, font scale).
# The last tier starts at zero roles, so every table falls in one.
DENSITY = ((8, " Dense", 0.74), (5, " Compact", 0.84), (0, "", 0.95))


def density(table: Grid) -> tuple[str, float]:
    """Style-name suffix and font scale for a table with this many value columns."""
    columns = len(table.headers)
    return next((suffix, scale) for fewest, suffix, scale in DENSITY if columns >= fewest)


def _column_texts(table: Grid) -> list[list[str]]:
    """The texts of each printed column, header first: the label column (if any) first."""
    columns = []
    if table.corner is not None and table.labels is not None:
        columns.append([table.corner.text, *(label.text for label in table.labels)])
    for index, header in enumerate(table.headers):
        columns.append([header.text, *(row[index].text for row in table.cells)])
    return columns


def column_shares(table: Grid, font_pt: float, width_pt: float) -> list[float]:
    """Fractions of the table width: the label column (if any) first, then the others."""
    # Columns get room by the square root of the text they hold, so a long-winded role
    # gets more width without starving the terse ones; the label column stays narrow.
    # Each column then gets at least the width of its longest word, where that fits.
    columns = _column_texts(table)
    weights = [max(sum(display_width(t) for t in texts), 9) ** 0.5 for texts in columns]
    if len(weights) == 1:
        return [1.0]
    if table.labelled:
        label = [min(max(weights[0] / sum(weights), 0.10), 0.25)]
        values = weights[1:]
    else:
        label, values = [], weights
    even = sum(values) / len(values)
    values = [min(max(w, even * 0.6), even * 2.0) for w in values]
    room = 1 - sum(label)
    shares = [*label, *(room * w / sum(values) for w in values)]
    longest = [
        max((display_width(w) for t in texts for w in t.split()), default=0) for texts in columns
    ]
    floors = [min((n * font_pt * EN_WIDTH + CELL_PADDING_PT) / width_pt, 0.4) for n in longest]
    raised = [max(share, floor) for share, floor in zip(shares, floors, strict=True)]
    excess = sum(raised) - 1
    slack = [r - f for r, f in zip(raised, floors, strict=True)]
    if excess <= 0 or sum(slack) <= excess:
        # Nothing to make room for, or too many long words: keep the text-based shares.
        return shares if excess > 0 else raised
    return [r - excess * s / sum(slack) for r, s in zip(raised, slack, strict=True)]


def column_widths(table: Grid, total: int, font_pt: float) -> list[int]:
    """Column widths in twips that add up to `total`."""
    shares = column_shares(table, font_pt, total / 20)
    widths = [int(total * share) for share in shares]
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
    paragraph._p.style = style_id
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
    comparison: Comparison,
    theme: Theme,
    layout: Layout,
    focus: Sequence[bool],
) -> None:
    """The comparison as a Word table: repeating shaded header, unsplittable rows."""
    # `layout` gives the room between the margins; `focus` flags each role.
    text_width = layout.text_width
    c = theme.colours
    table = grid(comparison)
    suffix, scale = density(table)
    ids = body.ids
    text_style, header_style, label_style = map(ids, styles.table(suffix, scale))
    labelled = table.labelled
    first = 1 if labelled else 0
    word = body.table(1 + len(table.cells), first + len(table.headers), Twips(text_width))
    word.style = styles.doc.styles[TABLE]
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    word.autofit = False
    widths = column_widths(table, text_width, theme.fonts.size * scale)
    wordml.set_table_width(word, sum(widths))
    for column, width in zip(word.columns, widths, strict=True):
        column.width = Twips(width)
    header_fill = Colours.hex(c.primary)

    def is_focus(role: int | None) -> bool:
        return role is not None and focus[role]

    rows = word.rows
    header = rows[0]
    wordml.repeat_as_header(header)
    wordml.keep_row_together(header)
    titles = [table.corner, *table.headers] if table.corner is not None else [*table.headers]
    for col, (cell, rich) in enumerate(zip(header.cells, titles, strict=True)):
        _fill(cell, widths[col], header_style, rich, ids, colour=c.on_primary)
        wordml.shade_cell(cell, header_fill)
        if col >= first and is_focus(table.column_roles[col - first]):
            wordml.set_cell_borders(cell, Colours.hex(c.accent), 24, ("bottom",))
    for number, row in enumerate(rows[1:]):
        wordml.keep_row_together(row)
        banded = number % 2 == 1
        cells = row.cells
        if table.labels is not None:
            _fill(cells[0], widths[0], label_style, table.labels[number], ids)
            if is_focus(table.row_roles[number]):
                wordml.shade_cell(cells[0], tint(c.accent, 0.16 if banded else 0.09))
            elif banded:
                wordml.shade_cell(cells[0], Colours.hex(c.band))
        for col, text in enumerate(table.cells[number]):
            cell = cells[first + col]
            _fill(cell, widths[first + col], text_style, text, ids)
            if is_focus(table.role_of(number, col)):
                wordml.shade_cell(cell, tint(c.accent, 0.16 if banded else 0.09))
            elif banded:
                wordml.shade_cell(cell, Colours.hex(c.band))
    font_pt = theme.fonts.size * scale
    texts = [[text.text for text in titles]]
    texts += [
        [*([table.labels[n].text] if table.labels is not None else []), *(t.text for t in row)]
        for n, row in enumerate(table.cells)
    ]
    heights = [_row_height(row, widths, font_pt) for row in texts]
    keep_rows_together(list(rows), heights, layout.text_height / 20)
