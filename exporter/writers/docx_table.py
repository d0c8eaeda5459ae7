"""The comparison as a Word table: density tiers, column widths, cells and shading."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Twips
from docx.table import _Cell

from ..model import Comparison, RichText
from ..text import display_width
from ..theme import Colours, Theme
from . import ooxml
from .docx_inline import add_rich
from .docx_styles import TABLE, Styles, tint
from .docx_text import EN_WIDTH

CELL_PADDING_PT = 11.0  # left and right cell margins plus a little air

# Table density tiers: (fewest roles, suffix for the style names, font scale).
# The last tier starts at zero roles, so every table falls in one.
DENSITY = ((8, " Dense", 0.74), (5, " Compact", 0.84), (0, "", 0.95))


def density(comparison: Comparison) -> tuple[str, float]:
    """Style-name suffix and font scale for a table with this many roles."""
    roles = len(comparison.roles)
    return next((suffix, scale) for fewest, suffix, scale in DENSITY if roles >= fewest)


def column_shares(comparison: Comparison, font_pt: float, width_pt: float) -> list[float]:
    """Fractions of the table width: the dimension column first, then one per role."""
    # Columns get room by the square root of the text they hold, so a long-winded role
    # gets more width without starving the terse ones; the label column stays narrow.
    # Each column then gets at least the width of its longest word, where that fits.
    columns = [[comparison.dimension_label.text, *(d.name.text for d in comparison.dimensions)]]
    for index, role in enumerate(comparison.roles):
        cells = (d.cells[index].text if index < len(d.cells) else "" for d in comparison.dimensions)
        columns.append([role.title.text, *cells])
    weights = [max(sum(display_width(t) for t in texts), 9) ** 0.5 for texts in columns]
    if len(weights) == 1:
        return [1.0]
    label = min(max(weights[0] / sum(weights), 0.10), 0.25)
    roles = weights[1:]
    even = sum(roles) / len(roles)
    roles = [min(max(w, even * 0.6), even * 2.0) for w in roles]
    shares = [label, *((1 - label) * w / sum(roles) for w in roles)]
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


def column_widths(comparison: Comparison, total: int, font_pt: float) -> list[int]:
    """Column widths in twips that add up to `total`."""
    shares = column_shares(comparison, font_pt, total / 20)
    widths = [int(total * share) for share in shares]
    # Rounding down leaves a few twips over; the last column takes them.
    widths[-1] += total - sum(widths)
    return widths


def _fill(cell: _Cell, width: int, style_id: str, rich: RichText, colour: str = "") -> None:
    """Size a cell and write its text into its first paragraph in a named style."""
    cell.width = Twips(width)
    paragraph = cell.paragraphs[0]
    # Set the style id directly: python-docx's `paragraph.style = ...` searches every
    # style for the default one on each call, which made a 1,600-row table take 7 s.
    paragraph._p.style = style_id
    add_rich(paragraph, rich, colour=colour)


def add_table(
    doc: DocxDocument,
    styles: Styles,
    comparison: Comparison,
    theme: Theme,
    text_width: int,
    focus: Sequence[bool],
) -> None:
    """The comparison as a Word table: repeating shaded header, unsplittable rows."""
    # `text_width` is the room between the margins in twips; `focus` flags each role.
    c = theme.colours
    suffix, scale = density(comparison)
    text_style, header_style, label_style = (
        doc.styles[name].style_id for name in styles.table(suffix, scale)
    )
    roles = comparison.roles
    table = doc.add_table(rows=1 + len(comparison.dimensions), cols=1 + len(roles))
    table.style = doc.styles[TABLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_widths(comparison, text_width, theme.fonts.size * scale)
    ooxml.set_table_width(table, sum(widths))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    header_fill = Colours.hex(c.primary)

    rows = table.rows
    header = rows[0]
    ooxml.repeat_as_header(header)
    ooxml.keep_row_together(header)
    titles = [comparison.dimension_label, *(role.title for role in roles)]
    for col, (cell, rich) in enumerate(zip(header.cells, titles, strict=True)):
        _fill(cell, widths[col], header_style, rich, colour=c.on_primary)
        ooxml.shade_cell(cell, header_fill)
        if col and focus[col - 1]:
            ooxml.set_cell_borders(cell, Colours.hex(c.accent), 24, ("bottom",))
    for number, (row, dimension) in enumerate(zip(rows[1:], comparison.dimensions, strict=True)):
        ooxml.keep_row_together(row)
        banded = number % 2 == 1
        cells = row.cells
        _fill(cells[0], widths[0], label_style, dimension.name)
        if banded:
            ooxml.shade_cell(cells[0], Colours.hex(c.band))
        for col, cell in enumerate(cells[1:], start=1):
            rich = dimension.cells[col - 1] if col - 1 < len(dimension.cells) else RichText()
            _fill(cell, widths[col], text_style, rich)
            if focus[col - 1]:
                ooxml.shade_cell(cell, tint(c.accent, 0.16 if banded else 0.09))
            elif banded:
                ooxml.shade_cell(cell, Colours.hex(c.band))
