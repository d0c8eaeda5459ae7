"""Model text -> safe XLSX cell values: strings never formulas, rich text runs, links, limits."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeAlias

from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ...inline import safe_href
from ...limits import EXCEL_CELL_LIMIT
from ...model import RichText, Span
from ...text import utf16_length

# Excel refuses longer hyperlink targets; the URL still reaches the Links column.
MAX_HYPERLINK_CHARS = 2_079

# OOXML reads `_xHHHH_` inside any string as an escaped character, so a literal one in the
# source must itself be escaped (`_x005F_` is the underscore) to show as typed.
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")

# openpyxl ships no type hints, so CellRichText is Any to mypy; the alias still documents.
CellValue: TypeAlias = str | CellRichText | None


@dataclass(frozen=True)
class RunStyle:
    """The font a cell's text is set in; rich runs restate all of it so nothing is guessed."""

    font: str
    mono: str
    size: float
    colour: str  # RRGGBB
    link_colour: str  # RRGGBB
    bold: bool = False


def check_text(text: str, where: str) -> None:
    """Raise ValueError, naming `where`, for text longer than an Excel cell holds.

    Characters XML cannot carry never get here: the presentation removed them.
    """
    length = utf16_length(text)
    if length > EXCEL_CELL_LIMIT:
        raise ValueError(
            f"{where}: text is {length:,} characters long; an Excel cell holds at most "
            f"{EXCEL_CELL_LIMIT:,}. Shorten it or split it in the source."
        )


def escape_ooxml(text: str) -> str:
    """Protect literal `_xHHHH_` sequences so Excel shows them as typed."""
    return _OOXML_ESCAPE.sub(r"_x005F_\1", text)


def links_of(*texts: RichText) -> list[str]:
    """The distinct safe link targets in the texts, in order of appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for span in text.spans:
            # The model only keeps safe links; checked again because a click runs them.
            if span.text and span.href and safe_href(span.href):
                seen.setdefault(span.href, None)
    return list(seen)


def _styled(span: Span) -> bool:
    return span.bold or span.italic or span.code or span.strike or bool(span.href)


def _run(span: Span, style: RunStyle) -> TextBlock:
    linked = bool(span.href and safe_href(span.href))
    font = InlineFont(
        rFont=style.mono if span.code else style.font,
        sz=style.size,
        color=style.link_colour if linked else style.colour,
        b=style.bold or span.bold,
        i=span.italic or None,
        strike=span.strike or None,
        u="single" if linked else None,
    )
    return TextBlock(font, escape_ooxml(span.text))


def cell_value(text: RichText, style: RunStyle, where: str) -> CellValue:
    """A cell value for rich text: None when empty, a string when unstyled, else runs."""
    check_text(text.text, where)
    spans = [span for span in text.spans if span.text]
    if not spans:
        return None
    if not any(_styled(span) for span in spans):
        return escape_ooxml(text.text)
    # Every run restates the whole font: a run without properties would fall back to the
    # workbook default in some readers rather than to the cell's font.
    rich: CellValue = CellRichText([_run(span, style) for span in _absorb_blank_runs(spans)])
    return rich


def _absorb_blank_runs(spans: list[Span]) -> list[Span]:
    """Fold runs of only white space into a neighbour.

    openpyxl marks a run `xml:space="preserve"` only when it holds something besides white
    space, so a lone " " or "\\n" run would be read back empty and glue words together.
    """
    merged: list[Span] = []
    pending = ""
    for span in spans:
        if not span.text.strip():
            if merged:
                merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
            else:
                pending += span.text
            continue
        merged.append(replace(span, text=pending + span.text))
        pending = ""
    if pending:  # the whole text is white space
        merged.append(Span(pending))
    return merged


def plain_value(text: str, where: str) -> CellValue:
    """A cell value for plain text (None when empty)."""
    check_text(text, where)
    return escape_ooxml(text) if text else None


def put(cell: Cell, value: CellValue) -> None:
    """Store a value as text: openpyxl would turn a string starting with `=` into a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def link_cell(cell: Cell, *texts: RichText) -> None:
    """Make the cell a hyperlink when its texts hold exactly one safe link."""
    links = links_of(*texts)
    if len(links) == 1 and len(links[0]) <= MAX_HYPERLINK_CHARS:
        cell.hyperlink = links[0]
