"""The XLSX writer: a wide sheet per comparison, a `Long` sheet and a `Roles` sheet."""

from __future__ import annotations

import io
from datetime import UTC
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.core import DocumentProperties
from openpyxl.xml.functions import tostring

from ...errors import Diagnostic
from ...model import Document
from ...presentation import Presentation, Properties, present
from ...theme import Theme
from ...theme_fonts import office_warnings
from .. import DEFAULT_OPTIONS, WriteOptions
from ..ooxml_package import repack
from .header_logo import header_logo_parts
from .names import sheet_names
from .properties import extended_properties
from .running import header_footer
from .sheets import long_sheet, roles_sheet, wide_sheet
from .split import fit_cells
from .style import Palette
from .tables import table_names

CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
_PROPERTY_CHARS = 255


def _properties(properties: Properties) -> DocumentProperties:
    # openpyxl writes these dates as UTC but wants them without a zone.
    naive = properties.created.astimezone(UTC).replace(tzinfo=None)
    return DocumentProperties(
        title=properties.title or None,
        subject=properties.subject or None,
        creator=properties.author,
        lastModifiedBy=properties.author,
        created=naive,
        modified=naive,
        language=properties.language or None,
        # The roles, joined and cut as the DOCX's keywords are, so both list the same.
        keywords="; ".join(properties.keywords)[:_PROPERTY_CHARS] or None,
        identifier=properties.identifier or None,
        version=properties.version or None,
        contentStatus=properties.status or None,
    )


def build(presentation: Presentation) -> Workbook:
    """The workbook for a presentation, before it is packaged."""
    theme = presentation.theme
    document = presentation.document
    palette = Palette.from_theme(theme)
    labels = [view.label for view in presentation.tables]
    names = sheet_names(labels)
    # A handbook gathers several sources: its long sheet holds them all, each row named.
    handbook = document.is_handbook
    long_name = "All" if handbook else "Long"
    # The long and Roles sheets name their tables first, so formulas can always say
    # Long[Role] (All[Role] in a handbook) and Roles[Focus].
    long_table, roles_table, *tables = table_names([long_name, "Roles", *names])
    workbook = Workbook()
    default = workbook.active
    for name, table, view in zip(names, tables, presentation.tables, strict=True):
        landscape = presentation.page_of(view).landscape
        sheet = workbook.create_sheet(name)
        wide_sheet(sheet, view.comparison, document, theme, palette, table, landscape)
        # The comparison's whole label: a sheet name is cut to Excel's 31 characters.
        header_footer(sheet, presentation.running, theme, section=view.label)
    long_sheet(workbook.create_sheet(long_name), document, labels, theme, palette, long_table)
    roles_sheet(workbook.create_sheet("Roles"), document, labels, theme, palette, roles_table)
    workbook.remove(default)
    for sheet in workbook.worksheets[len(presentation.tables) :]:
        header_footer(sheet, presentation.running, theme)
    workbook.active = 0
    workbook.properties = _properties(presentation.properties)
    return workbook


def write(
    document: Document, theme: Theme, path: Path, options: WriteOptions = DEFAULT_OPTIONS
) -> list[Diagnostic]:
    """Write the document as an XLSX workbook at `path`; return the warnings (about its fonts)."""
    # Cells longer than Excel holds are spread over continuation rows first.
    presentation = present(fit_cells(document), theme)
    workbook = build(presentation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Saving stamps `modified` with now(): put the build time back.
    properties = presentation.properties
    package = buffer.getvalue()
    parts = {
        CORE_PART: tostring(_properties(properties).to_tree()),
        APP_PART: extended_properties(properties.author),
        **header_logo_parts(package, theme.logo),
    }
    path.write_bytes(repack(package, properties.created, parts))
    return office_warnings(theme)
