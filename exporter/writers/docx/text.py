"""Plain text for the DOCX writer: strings XML can carry, and the en width for sizing."""

from __future__ import annotations

from ...text import CONTROL

EN_WIDTH = 0.62  # average advance of a bold glyph, in ems, for sizing columns to words


def clean(text: str) -> str:
    """Text XML can carry; "\n" stays (python-docx turns it into a line break).

    The parser already removed the `CONTROL` characters with a warning; they are dropped
    again here so a model built some other way cannot make lxml fail.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text)


def squash(text: str) -> str:
    """Clean text on one line, each run of whitespace turned into one space."""
    return " ".join(clean(text).split())
