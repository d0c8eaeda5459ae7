"""Cells longer than Excel holds are split over continuation rows, so no text is lost."""

from __future__ import annotations

from dataclasses import replace

from ...limits import EXCEL_CELL_LIMIT
from ...model import Comparison, Dimension, Document, RichText, Span
from ...text import utf16_length

# Prefer to cut at white space when one stands in the last fifth of a chunk.
_SOFT_CUT = 0.8


def split_rich(text: RichText, limit: int = EXCEL_CELL_LIMIT) -> list[RichText]:
    """Cut rich text into chunks Excel can hold; joined again they are the text exactly."""
    if utf16_length(text.text) <= limit:
        return [text]
    chunks: list[RichText] = []
    current: list[Span] = []
    used = 0
    for span in text.spans:
        rest = span.text
        while rest:
            piece = _prefix(rest, limit - used)
            if piece:
                current.append(replace(span, text=piece))
                used += utf16_length(piece)
                rest = rest[len(piece) :]
            if rest:  # the chunk is full
                chunks.append(RichText(tuple(current)))
                current, used = [], 0
    if current:
        chunks.append(RichText(tuple(current)))
    return chunks


def cut_rich(text: RichText, starts: list[int]) -> list[RichText]:
    """Cut rich text at the given offsets (the first being 0), keeping each span's style."""
    ends = [*starts[1:], len(text.text)]
    chunks: list[list[Span]] = [[] for _ in starts]
    index = offset = 0
    for span in text.spans:
        done = 0
        while done < len(span.text):
            while offset + done >= ends[index]:
                index += 1
            upto = min(len(span.text), ends[index] - offset)
            chunks[index].append(replace(span, text=span.text[done:upto]))
            done = upto
        offset += len(span.text)
    return [RichText(tuple(spans)) for spans in chunks]


def _prefix(text: str, room: int) -> str:
    """The longest start of `text` within `room` UTF-16 units, cut after white space if near."""
    if room <= 0:
        return ""
    piece = text[:room]
    while utf16_length(piece) > room:  # characters outside the BMP count twice
        piece = piece[: -max(1, (utf16_length(piece) - room) // 2)]
    if len(piece) == len(text):
        return piece
    space = max(piece.rfind(" "), piece.rfind("\n"))
    return piece[: space + 1] if space >= len(piece) * _SOFT_CUT else piece


def _split_dimension(dimension: Dimension) -> list[Dimension]:
    parts = [split_rich(cell) for cell in dimension.cells]
    rows = max((len(chunks) for chunks in parts), default=1)
    if rows == 1:
        return [dimension]
    # Continuation rows repeat the dimension's name, so filters and pivots still find them.
    return [
        replace(
            dimension,
            cells=tuple(chunks[row] if row < len(chunks) else RichText() for chunks in parts),
        )
        for row in range(rows)
    ]


def fit_cells(document: Document) -> Document:
    """The document with every over-long cell spread over continuation rows."""
    comparisons: list[Comparison] = []
    for comparison in document.comparisons:
        dimensions = [part for d in comparison.dimensions for part in _split_dimension(d)]
        comparisons.append(replace(comparison, dimensions=tuple(dimensions)))
    return replace(document, comparisons=tuple(comparisons))
