"""Valid, distinct Excel sheet names for the comparisons of a document."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...distinct import distinct
from ...text import utf16_prefix

MAX_SHEET_NAME = 31
RESERVED = ("Long", "All", "Roles")
SINGLE_NAME = "Comparison"
# Excel forbids these in sheet names; control characters cannot be typed into one either.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def _fits(name: str, room: int) -> str:
    """Cut a name to `room` UTF-16 units (Excel's unit), never splitting a character."""
    return utf16_prefix(name, room).rstrip()


def clean(title: str) -> str:
    """A title made legal as a sheet name (possibly blank)."""
    name = " ".join(_FORBIDDEN.sub(" ", title).split())
    # Excel also refuses a leading or trailing apostrophe; "History" is reserved by Excel.
    name = name.strip("'").strip()
    if name.casefold() == "history":
        name = f"{name} sheet"
    return _fits(name, MAX_SHEET_NAME)


def sheet_names(labels: Sequence[str]) -> list[str]:
    """One sheet name per comparison (given its label): `Comparison` for a lone one, else
    the labels made legal, distinct and short enough."""
    if len(labels) == 1:
        return [SINGLE_NAME]
    bases = [clean(label) or f"{SINGLE_NAME} {number}" for number, label in enumerate(labels, 1)]
    return distinct(bases, _numbered, RESERVED)


def _numbered(base: str, counter: int) -> str:
    suffix = f" ({counter})"
    return _fits(base, MAX_SHEET_NAME - len(suffix)) + suffix
