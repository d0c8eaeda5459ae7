"""Plain text for the DOCX writer: strings XML can carry, and their widths in ens."""

from __future__ import annotations

import re
import unicodedata

# Characters XML 1.0 cannot carry; lxml refuses them, so they are dropped, not written.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EN_WIDTH = 0.62  # average advance of a bold glyph, in ems, for sizing columns to words


def clean(text: str) -> str:
    """Text XML can carry; "\n" stays (python-docx turns it into a line break)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_UNSAFE.sub("", text)


def squash(text: str) -> str:
    """Clean text on one line, each run of whitespace turned into one space."""
    return " ".join(clean(text).split())


def width_in_ens(text: str) -> int:
    """Width of text in en units: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
