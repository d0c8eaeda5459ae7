"""The writer registry: format name -> module, imported only when that format is used."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import Diagnostic
from ..model import Document
from ..theme import Theme

# Heavy libraries (WeasyPrint above all) load only when their format is asked for.
FORMATS: dict[str, str] = {
    "docx": "exporter.writers.docx",
    "xlsx": "exporter.writers.xlsx",
    "pdf": "exporter.writers.pdf",
}
# The formats by the time one source usually takes to write, slowest first.
SLOWEST_FIRST: tuple[str, ...] = ("pdf", "docx", "xlsx")


# PDF variants a build may ask for besides the default, PDF/UA-1 (tagged, accessible).
ARCHIVAL = "pdf/a-3b"
PDF_VARIANTS: tuple[str, ...] = (ARCHIVAL,)


@dataclass(frozen=True)
class SourceFile:
    """A source's bytes as read for the build, under the name an archival PDF gives them."""

    name: str  # relative to the sources' root ("eng/sre.md"): no absolute path leaks out
    data: bytes


@dataclass(frozen=True)
class WriteOptions:
    """How to write, beyond the document and the theme (only the PDF has options yet)."""

    pdf_variant: str = ""  # "" for PDF/UA-1, or one of PDF_VARIANTS
    # What an archival PDF carries: the bytes parsed, not the file as it is at write time.
    sources: tuple[SourceFile, ...] = ()


DEFAULT_OPTIONS = WriteOptions()


class Writer(Protocol):
    """What every writer module provides: a file at `path`, and its warnings."""

    def write(
        self, document: Document, theme: Theme, path: Path, options: WriteOptions = ...
    ) -> list[Diagnostic]: ...


def get_writer(fmt: str) -> Writer:
    """The writer module for a format name (one of FORMATS)."""
    module: Writer = importlib.import_module(FORMATS[fmt])
    return module
