"""The XLSX writer: a wide sheet per comparison, a `Long` sheet and a `Roles` sheet."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.core import DocumentProperties
from openpyxl.xml.functions import tostring

from ...model import Document
from ...reproducible import build_timestamp
from ...theme import Theme
from ..ooxml_package import repack
from .names import labels, sheet_names
from .properties import extended_properties
from .sheets import long_sheet, roles_sheet, wide_sheet
from .split import fit_cells
from .style import Palette

CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"


def _properties(document: Document, theme: Theme, stamp: datetime) -> DocumentProperties:
    meta = document.meta
    # openpyxl writes these dates as UTC but wants them without a zone.
    naive = stamp.astimezone(UTC).replace(tzinfo=None)
    return DocumentProperties(
        title=document.title or None,
        subject=document.lede.text or None,
        creator=theme.organisation,
        lastModifiedBy=theme.organisation,
        created=naive,
        modified=naive,
        language=meta.lang or None,
        identifier=meta.slug or None,
        version=meta.version or None,
        contentStatus=meta.confidentiality or None,
    )


def build(document: Document, theme: Theme, stamp: datetime) -> Workbook:
    """The workbook for a document, before it is packaged."""
    palette = Palette.from_theme(theme)
    document = fit_cells(document)
    workbook = Workbook()
    default = workbook.active
    comparisons = document.comparisons
    for name, label, comparison in zip(
        sheet_names(comparisons), labels(comparisons), comparisons, strict=True
    ):
        wide_sheet(workbook.create_sheet(name), comparison, label, document, theme, palette)
    long_sheet(workbook.create_sheet("Long"), document, theme, palette)
    roles_sheet(workbook.create_sheet("Roles"), document, theme, palette)
    workbook.remove(default)
    workbook.active = 0
    workbook.properties = _properties(document, theme, stamp)
    return workbook


def write(document: Document, theme: Theme, path: Path) -> None:
    """Write the document as an XLSX workbook at `path`."""
    stamp = build_timestamp()
    workbook = build(document, theme, stamp)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Saving stamps `modified` with now(): put the build time back.
    properties = _properties(document, theme, stamp)
    parts = {
        CORE_PART: tostring(properties.to_tree()),
        APP_PART: extended_properties(theme.organisation),
    }
    path.write_bytes(repack(buffer.getvalue(), stamp, parts))
