"""Plain text for the DOCX writer: line ends Word reads, and the en width for sizing."""

from __future__ import annotations

EN_WIDTH = 0.62  # average advance of a bold glyph, in ems, for sizing columns to words


def clean(text: str) -> str:
    """Text with every line end a "\n", which python-docx turns into a line break.

    Characters XML cannot carry never get here: the presentation removed them.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def squash(text: str) -> str:
    """Text on one line, each run of whitespace turned into one space."""
    return " ".join(text.split())
