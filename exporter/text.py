"""Text measures and character classes shared by the parser, its limits and the writers."""

from __future__ import annotations

import re
import unicodedata

# Control characters and noncharacters: XML 1.0 cannot carry the C0 ones (tab, LF and CR
# are fine), so DOCX and XLSX would fail; no font draws the C1 ones or the noncharacters,
# and a glyph missing from every font breaks the PDF's text layer in common readers.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)


def utf16_length(text: str) -> int:
    """The length Excel counts: UTF-16 code units (a character beyond the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def utf16_prefix(text: str, room: int) -> str:
    """The longest start of `text` within `room` UTF-16 units, never splitting a character."""
    if utf16_length(text) <= room:
        return text
    used = 0
    for index, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > room:
            return text[:index]
    return text


def display_width(text: str) -> int:
    """Width of text in half-width cells: East Asian wide and full-width characters count 2."""
    if text.isascii():  # most text, measured per cell by every writer: no lookups needed
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
