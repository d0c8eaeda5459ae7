"""Placeholders in a theme's texts (`{title}`, `{page}`, ...): parsed and checked once."""

from __future__ import annotations

import string
from dataclasses import dataclass

# Known from the document and the theme when a document is presented.
DOCUMENT_VALUES = ("organisation", "title", "version", "date", "confidentiality")
# Known only once pages are laid out: each format fills them in itself.
PAGE_FIELDS = ("page", "pages", "section")
PLACEHOLDERS = DOCUMENT_VALUES + PAGE_FIELDS


@dataclass(frozen=True)
class Placeholder:
    """One `{name}` in a text."""

    name: str


Piece = str | Placeholder


def parse(text: str, allowed: tuple[str, ...] = PLACEHOLDERS) -> tuple[Piece, ...]:
    """Literal text and placeholders, in order; `{{` and `}}` are literal braces.

    Raises ValueError with a message fit for the user on an unknown name, a stray brace
    or a format specification.
    """
    pieces: list[Piece] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValueError(f"{error} (write {{{{ and }}}} for literal braces)") from None
    for literal, name, spec, conversion in parsed:
        if literal:
            pieces.append(literal)
        if name is None:
            continue
        if spec or conversion or name not in allowed:
            shown = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            known = ", ".join("{" + known + "}" for known in allowed)
            raise ValueError(f"unknown placeholder {shown}; known: {known}")
        pieces.append(Placeholder(name))
    return tuple(pieces)
