"""Column widths estimated from the text the cells hold (row heights: `heights`)."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...text import display_width


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
