"""The XLSX print header and footer: the theme's running texts as Excel header codes."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.worksheet import Worksheet

from ...presentation import Running
from ...presentation.running import Slot
from ...theme import Colours, Theme
from .header_logo import PICTURE_CODE

# Excel refuses a header or footer longer than this, formatting codes included.
MAX_CHARS = 255
_CODES = {"page": "&P", "pages": "&N", "section": "&A"}  # &A: the sheet's name
_POSITIONS = ("left", "center", "right")


@dataclass
class _Piece:
    """Literal text (its `&` doubled when written) or an Excel code written as it is."""

    text: str
    code: bool = False

    def written(self) -> str:
        return self.text if self.code else self.text.replace("&", "&&")


def header_footer(sheet: Worksheet, running: Running, theme: Theme, section: str = "") -> None:
    """The sheet's printed header and footer; `{section}` is `section`, else the sheet's name.

    The logo comes first in the header's left part (header_logo.py adds the picture). As
    in the PDF, the header's left text is bold in the primary colour and the footer's
    centre text bold in the accent; the rest is muted.
    """
    fonts, colours = theme.office_fonts, theme.colours
    size = max(6, round(theme.fonts.size))
    for item, band, (emphasis, font, colour) in (
        (sheet.oddHeader, running.header, ("left", f"{fonts.heading},Bold", colours.primary)),
        (sheet.oddFooter, running.footer, ("center", f"{fonts.body},Bold", colours.accent)),
    ):
        styles = {position: (fonts.body, Colours.hex(colours.muted)) for position in _POSITIONS}
        styles[emphasis] = (font, Colours.hex(colour))
        pieces = {position: _pieces(slot, section) for position, slot in band.slots}
        if item is sheet.oddHeader:
            pieces["left"][:0] = [_Piece(f"{PICTURE_CODE} ", code=True)]
        _fit(item, pieces, styles, size)


def _pieces(slot: Slot, section: str) -> list[_Piece]:
    pieces = []
    for piece in slot:
        if isinstance(piece, str):
            pieces.append(_Piece(piece))
        elif piece.name == "section" and section:
            pieces.append(_Piece(" ".join(section.split())))
        else:
            pieces.append(_Piece(_CODES[piece.name], code=True))
    return pieces


def _fit(
    item: HeaderFooterItem,
    pieces: dict[str, list[_Piece]],
    styles: dict[str, tuple[str, str]],
    size: int,
) -> None:
    """Set each part, cutting the longest literal text (with an ellipsis) until all fit."""
    while True:
        for position, parts in pieces.items():
            text = "".join(piece.written() for piece in parts)
            part = getattr(item, position)
            # An empty part would still write its formatting codes.
            part.text = text or None
            part.font, part.color = styles[position] if text else (None, None)
            part.size = size if text else None
        over = len(str(item)) - MAX_CHARS
        literals = [piece for parts in pieces.values() for piece in parts if not piece.code]
        longest = max(literals, key=lambda piece: len(piece.text), default=None)
        if over <= 0 or longest is None or len(longest.text) <= 1:
            return
        # Cut the text, not its written form, so no lone `&` is left to start a code.
        longest.text = longest.text[: max(0, len(longest.text) - over - 1)].rstrip() + "\u2026"
