"""Text measures shared by the parser's limits and the writers."""

from __future__ import annotations

import unicodedata


def utf16_length(text: str) -> int:
    """The length Excel counts: UTF-16 code units (a character beyond the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def display_width(text: str) -> int:
    """Width of text in half-width cells: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
