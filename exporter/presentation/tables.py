"""How each comparison is printed: its page's orientation and its column groups.

Decided once here, so the PDF and the DOCX agree: a table that fits the portrait page
stays portrait; a wider one gets landscape pages and, when still too wide, is split into
column groups that each repeat the label column ("Roles 1-3 of 9"). Widths are estimated
from the text in units of half an em, about one Latin character of body text.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model import Comparison, RichText
from ..text import display_width
from ..theme import Theme
from .grid import Grid, grid
from .page import Page

PT_TO_MM = 25.4 / 72
UNIT_EM = 0.5
# Column sizing, in units. A column needs room for its longest word (capped: longer words
# wrap anyway) and, for prose, at least PROSE_MIN units a line; widths follow PREFERRED.
PAD = 3
WORD_CAP = 20
PROSE_MIN = 20
PREFERRED_CAP = {"label": 28, "value": 48}
COMPACT = 12  # value columns no wider than this (ticks, short words) pack densely
MAX_PROSE_COLUMNS = 4  # prose columns per landscape table before splitting into groups
LABEL_SHARE = (0.18, 0.34)  # bounds of the label column's share of the width
# Tables set their text at 0.95 of the body size with 1.32 line height (both formats).
TABLE_SCALE = 0.95
TABLE_LEADING = 1.32
ROW_PADDING_MM = 4.0  # cells are padded 2 mm above and below
# A row estimated taller than this share of a page may split: a renderer would otherwise
# drop the repeated header on pages where a row that must split anyway is kept whole.
TALL_ROW = 0.8
# A table estimated to take less than this share of a page is kept on one page (it starts
# on the next page rather than split); a longer one splits, but never leaves a row alone.
WHOLE_TABLE = 0.7


@dataclass(frozen=True)
class ColumnGroup:
    """One printed table of a comparison: the label column (if any) plus some columns."""

    columns: tuple[int, ...]  # indexes into Grid.headers
    widths: tuple[float, ...]  # percentages: the label column first (if any), then each column
    caption: str  # "Roles 1\u20133 of 9" when the comparison is split, else ""
    tall: frozenset[int]  # rows (indexes into Grid.cells) allowed to split
    whole: bool  # the table fits on one page: it moves to the next page rather than split


@dataclass(frozen=True)
class TablePlan:
    """How a comparison is printed: page orientation and column groups."""

    landscape: bool
    groups: tuple[ColumnGroup, ...]


@dataclass(frozen=True)
class _Area:
    """The printable area of a page: width in units, height in mm."""

    units: float
    height_mm: float


def plan_table(comparison: Comparison, theme: Theme, portrait: Page, landscape: Page) -> TablePlan:
    """The table's orientation (as the theme allows) and its column groups."""
    table = grid(comparison)
    unit_mm = theme.fonts.size * PT_TO_MM * UNIT_EM
    label: tuple[int, int] | None = None
    if table.corner is not None and table.labels is not None:
        label = _column_need([table.corner], table.labels, "label")
    columns = [
        _column_need([header], [row[index] for row in table.cells], "value")
        for index, header in enumerate(table.headers)
    ]
    label_units = label[0] if label else 0
    everything = tuple(range(len(columns)))
    tall = _Area(portrait.text_width_mm / unit_mm, portrait.text_height_mm)
    wide = _Area(landscape.text_width_mm / unit_mm, landscape.text_height_mm)
    orientation = theme.page.orientation
    fits = label_units + sum(need[0] for need in columns) <= tall.units or not columns
    if orientation == "portrait" or (orientation == "auto" and fits):
        turned, area = False, tall
        if fits:
            return TablePlan(False, (_group(table, everything, label, columns, area, theme),))
    else:
        turned, area = True, wide
    widest = max(need[0] for need in columns)
    per_group = max(1, math.floor((area.units - label_units) / widest))
    if widest > COMPACT:
        per_group = min(per_group, MAX_PROSE_COLUMNS)
    count = math.ceil(len(columns) / per_group)
    groups = tuple(
        _group(table, chunk, label, columns, area, theme) for chunk in _balanced(everything, count)
    )
    return TablePlan(turned, groups)


def _column_need(
    headers: Sequence[RichText], cells: Sequence[RichText], kind: str
) -> tuple[int, int]:
    """(comfortable, preferred) width of a column in units."""
    texts = [text.text for text in (*headers, *cells) if text]
    if not texts:
        return PAD + 4, PAD + 4
    word = min(WORD_CAP, max(display_width(w) for text in texts for w in text.split() or [""]))
    lengths = [display_width(text) for text in texts]
    longest = max(lengths)
    mean = sum(lengths) / len(lengths)
    comfortable = max(word, min(longest, PROSE_MIN)) + PAD
    preferred = max(word, min(PREFERRED_CAP[kind], round((longest + mean) / 2))) + PAD
    return comfortable, preferred


def _group(
    table: Grid,
    columns: tuple[int, ...],
    label: tuple[int, int] | None,
    needs: Sequence[tuple[int, int]],
    area: _Area,
    theme: Theme,
) -> ColumnGroup:
    preferred = [needs[i][1] for i in columns]
    rest = sum(preferred) or 1
    if label is None:
        widths = [100 * need / rest for need in preferred]
    else:
        low, high = LABEL_SHARE
        first = min(max(label[1] / (label[1] + rest), low), high) if columns else 1.0
        widths = [first * 100, *((1 - first) * 100 * need / rest for need in preferred)]
    caption = ""
    if len(columns) < len(table.headers):
        kind = table.columns_are.capitalize()
        caption = f"{kind} {columns[0] + 1}\u2013{columns[-1] + 1} of {len(table.headers)}"
    line_mm = theme.fonts.size * TABLE_SCALE * TABLE_LEADING * PT_TO_MM
    heights = [
        _row_height_mm(_row_texts(table, row, columns), widths, area, line_mm) + ROW_PADDING_MM
        for row in range(len(table.cells))
    ]
    headers = [table.headers[i] for i in columns]
    header = _row_height_mm(headers, widths[len(widths) - len(columns) :], area, line_mm)
    tall = frozenset(
        row for row, height in enumerate(heights) if height > TALL_ROW * area.height_mm
    )
    whole = header + ROW_PADDING_MM + sum(heights) < WHOLE_TABLE * area.height_mm
    rounded = tuple(round(width, 2) for width in widths)
    return ColumnGroup(columns, rounded, caption, tall, whole)


def _row_texts(table: Grid, row: int, columns: tuple[int, ...]) -> list[RichText]:
    """The texts one printed row holds: its label (if any), then the group's cells."""
    cells = [table.cells[row][i] for i in columns]
    return [table.labels[row], *cells] if table.labels is not None else cells


def _row_height_mm(
    cells: Sequence[RichText], widths: Sequence[float], area: _Area, line_mm: float
) -> float:
    """A generous estimate of a printed row's height, to spot rows taller than a page."""
    lines = 0
    for cell, width in zip(cells, widths, strict=True):
        per_line = max(1.0, width / 100 * area.units / TABLE_SCALE - PAD)
        count = sum(
            math.ceil(display_width(part) / per_line) or 1 for part in cell.text.split("\n")
        )
        lines = max(lines, count)
    return lines * line_mm


def _balanced(items: tuple[int, ...], count: int) -> Iterator[tuple[int, ...]]:
    """Split items into `count` consecutive runs whose sizes differ by at most one."""
    size, extra = divmod(len(items), count)
    start = 0
    for number in range(count):
        stop = start + size + (1 if number < extra else 0)
        yield items[start:stop]
        start = stop
