"""The running header and footer: the theme's texts with the document's values filled in.

Values the document and theme know (`{title}`, `{organisation}`, ...) become text here;
`{page}`, `{pages}` and `{section}` stay fields, which each format fills in as it lays out
pages (a CSS counter, a Word field, an Excel header code).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..placeholders import PAGE_FIELDS, Placeholder, parse
from ..theme import RunningTexts

Piece = str | Placeholder  # a Placeholder left here is one of PAGE_FIELDS
Slot = tuple[Piece, ...]


@dataclass(frozen=True)
class Band:
    """The left, centre and right of a running header or footer; an empty slot prints nothing."""

    left: Slot
    center: Slot
    right: Slot

    @property
    def slots(self) -> tuple[tuple[str, Slot], ...]:
        """(position, slot) for left, center and right."""
        return (("left", self.left), ("center", self.center), ("right", self.right))


@dataclass(frozen=True)
class Running:
    """The running header and footer of every page."""

    header: Band
    footer: Band


def running(header: RunningTexts, footer: RunningTexts, values: Mapping[str, str]) -> Running:
    """Fill the theme's running texts with the document's `values` (one line each)."""
    return Running(_band(header, values), _band(footer, values))


def _band(texts: RunningTexts, values: Mapping[str, str]) -> Band:
    return Band(*(_slot(text, values) for text in (texts.left, texts.center, texts.right)))


def _slot(text: str, values: Mapping[str, str]) -> Slot:
    """A text's pieces with values filled in; nothing when every value it names is empty.

    "Version {version}" prints nothing for a document without a version, rather than a
    label with nothing after it.
    """
    pieces = parse(text)
    named = [piece for piece in pieces if isinstance(piece, Placeholder)]
    if named and all(p.name not in PAGE_FIELDS and not values[p.name] for p in named):
        return ()
    filled: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Placeholder) and piece.name not in PAGE_FIELDS:
            piece = " ".join(values[piece.name].split())
        if isinstance(piece, str) and filled and isinstance(filled[-1], str):
            filled[-1] += piece
        elif piece != "":
            filled.append(piece)
    return tuple(filled)
