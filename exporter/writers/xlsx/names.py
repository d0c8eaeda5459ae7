"""Unique labels and valid Excel sheet names for the comparisons of a document."""

from __future__ import annotations

import re

from ...model import Comparison
from ...text import utf16_length

MAX_SHEET_NAME = 31
RESERVED = ("Long", "Roles")
SINGLE_NAME = "Comparison"
# Excel forbids these in sheet names; control characters cannot be typed into one either.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def _fits(name: str, room: int) -> str:
    """Cut a name to `room` UTF-16 units (Excel's unit), never splitting a character."""
    while utf16_length(name) > room:
        name = name[:-1]
    return name.rstrip()


def clean(title: str) -> str:
    """A title made legal as a sheet name (possibly blank)."""
    name = " ".join(_FORBIDDEN.sub(" ", title).split())
    # Excel also refuses a leading or trailing apostrophe; "History" is reserved by Excel.
    name = name.strip("'").strip()
    if name.casefold() == "history":
        name = f"{name} sheet"
    return _fits(name, MAX_SHEET_NAME)


def labels(comparisons: tuple[Comparison, ...]) -> list[str]:
    """Distinct labels for the comparisons, used in the Comparison columns of Long and Roles.

    A label is the comparison's title; a title met again gets " (2)", " (3)"... so rows of
    two tables under the same heading stay apart in filters and pivots, and an untitled
    table is called `Comparison` (numbered when there are several).
    """
    seen: set[str] = set()
    result: list[str] = []
    for number, comparison in enumerate(comparisons, start=1):
        title = " ".join(comparison.title.split())
        base = title or (SINGLE_NAME if len(comparisons) == 1 else f"{SINGLE_NAME} {number}")
        label, counter = base, 1
        while label in seen:
            counter += 1
            label = f"{base} ({counter})"
        seen.add(label)
        result.append(label)
    return result


def sheet_names(comparisons: tuple[Comparison, ...]) -> list[str]:
    """One sheet name per comparison: `Comparison` for a lone one, else cleaned labels."""
    if len(comparisons) == 1:
        return [SINGLE_NAME]
    taken = {name.casefold() for name in RESERVED}
    names: list[str] = []
    for number, label in enumerate(labels(comparisons), start=1):
        base = clean(label) or f"{SINGLE_NAME} {number}"
        name, counter = base, 1
        while name.casefold() in taken:
            counter += 1
            suffix = f" ({counter})"
            name = _fits(base, MAX_SHEET_NAME - len(suffix)) + suffix
        taken.add(name.casefold())
        names.append(name)
    return names
