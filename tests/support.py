"""Test oracles shared by the writer tests: what text a document must carry.

These walk the model on their own rather than through `exporter.model.located_texts`, so
a text that the exporter's own walk forgot would still be looked for in every output.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from exporter.errors import Diagnostic
from exporter.model import Block, Comparison, Document, Layout, ListBlock, Quote, RichText
from exporter.theme import Theme
from exporter.writers import get_writer

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Fold runs of white space (and no-break spaces) into one space, for comparing text."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def table_texts(document: Document) -> Iterator[str]:
    """Every non-empty text the comparison tables hold: labels, roles, summaries, cells."""
    for comparison in document.comparisons:
        yield comparison.title
        yield comparison.corner.text
        for role in comparison.roles:
            yield role.title.text
            yield role.summary.text
        for dimension in comparison.dimensions:
            yield dimension.name.text
            yield from (cell.text for cell in dimension.cells)


def prose_texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Every non-empty text of the prose blocks, nested lists and quotes included."""
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from prose_texts(item)
        elif isinstance(block, Quote):
            yield from prose_texts(block.blocks)
        elif hasattr(block, "content") and isinstance(block.content, RichText):
            yield block.content.text
        elif hasattr(block, "text"):
            yield str(block.text)


def document_texts(document: Document) -> list[str]:
    """All texts a DOCX or PDF of the document must show, squashed, empties dropped."""
    texts = [document.title, document.lede.text]
    texts += table_texts(document)
    texts += prose_texts(document.blocks)
    return [squash(text) for text in texts if squash(text)]


def write_as(fmt: str, document: Document, theme: Theme, folder: Path, name: str = "") -> Path:
    """Write a document through the writer registry, as the build does; return the file."""
    path = folder / (name or f"out.{fmt}")
    get_writer(fmt).write(document, theme, path)
    return path


def warnings_of(fmt: str, document: Document, theme: Theme, folder: Path) -> list[Diagnostic]:
    """The warnings a writer returns for a document (the file goes to `folder`)."""
    return get_writer(fmt).write(document, theme, folder / f"out.{fmt}")


def printed_shape(comparison: Comparison) -> tuple[int, int]:
    """(columns, rows) of the table as printed, header row included: as the source runs."""
    roles, dimensions = len(comparison.roles), len(comparison.dimensions)
    if comparison.layout is Layout.ROLES_IN_ROWS:
        return dimensions + 1, roles + 1
    if comparison.layout is Layout.LISTS:
        return roles, dimensions + 1
    return roles + 1, dimensions + 1
