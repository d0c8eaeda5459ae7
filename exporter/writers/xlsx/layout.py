"""Column widths and row heights estimated from the text the cells hold."""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...text import display_width

# Excel's ceiling for a row, in points.
MAX_ROW_HEIGHT = 409.0
# Line pitch as a multiple of the font size, and the cell's top+bottom padding, in points.
_LINE_PITCH = 1.28
_PADDING = 4.0
# How many characters of body text fit one unit of column width. A unit is a digit of the
# default 11pt font; body text is smaller, but bold, capitals and font fallbacks take room,
# so this errs towards one line too many rather than a clipped line.
_CHARS_PER_UNIT = 1.3


def longest_line(text: str) -> int:
    """Width of the longest line of the text, in cells."""
    return max(map(display_width, text.split("\n")), default=0)


def fit(longest: int, low: float, high: float) -> float:
    """A column width for content whose longest line is `longest` cells wide."""
    return min(max(longest * 1.1 + 2, low), high)


def shared_widths(columns: list[list[str]], low: float, high: float, budget: float) -> list[float]:
    """Widths for prose columns sharing `budget` units in proportion to how much each holds.

    A column never gets more than its longest line needs, nor leaves [low, high]; what a
    capped column does not use goes to the others. So a column of short entries stays
    narrow and one of long prose takes the room, which keeps rows short on the page.
    """
    totals = [float(sum(map(display_width, texts))) for texts in columns]
    caps = [fit(max(map(longest_line, texts), default=0), low, high) for texts in columns]
    widths: dict[int, float] = {}
    while len(widths) < len(columns):
        free = [j for j in range(len(columns)) if j not in widths]
        room = budget - sum(widths.values())
        weight = sum(totals[j] for j in free) or 1.0
        shares = {j: room * totals[j] / weight for j in free}
        # Settle the columns that hit a bound, then share again among the rest.
        bounded = {j: caps[j] for j in free if shares[j] >= caps[j]}
        if not bounded:
            bounded = {j: low for j in free if shares[j] <= low}
        if not bounded:
            widths.update(shares)
            break
        widths.update(bounded)
    return [round(widths[j], 1) for j in range(len(columns))]


def set_widths(sheet: Worksheet, widths: list[float]) -> None:
    """Set column widths (in character units), first column first."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 1)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines the text takes when word-wrapped in a column `width` units wide."""
    room = max(1.0, (width - 2.5) * _CHARS_PER_UNIT)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            size = display_width(word)
            need = size if used == 0 else used + 1 + size
            if need <= room:
                used = need
                continue
            if used:
                lines += 1
            # A word wider than the column (or a run of CJK, which has no spaces) breaks
            # anywhere, filling whole lines.
            extra = math.ceil(size / room) - 1 if size > room else 0
            lines += extra
            used = size - extra * room
        total += lines
    return total


def row_height(texts: list[tuple[str, float]], size: float) -> float:
    """Points for a row whose cells hold `texts` as (text, column width) pairs."""
    lines = max((wrapped_lines(text, width) for text, width in texts if text), default=1)
    return min(MAX_ROW_HEIGHT, round(lines * size * _LINE_PITCH + _PADDING, 1))
