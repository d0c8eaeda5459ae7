"""The raw-package step openpyxl lacks: fixed zip dates and replaced parts, for repeatable bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from xml.etree import ElementTree

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

# The zip format cannot date anything before 1980.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _zip_date(stamp: datetime) -> tuple[int, int, int, int, int, int]:
    fields = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    return max(fields, _ZIP_EPOCH)


def repack(package: bytes, parts: dict[str, bytes], stamp: datetime) -> bytes:
    """Rewrite a zip package with every entry dated `stamp` and `parts` replaced by name.

    openpyxl dates each entry with the current time and stamps `modified` with now(), so
    the same input would never give the same bytes twice without this pass.
    """
    date = _zip_date(stamp)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # fixed, not the platform we happen to build on
            info.external_attr = 0
            target.writestr(info, parts.get(entry.filename, source.read(entry)))
    return out.getvalue()


def extended_properties(company: str) -> bytes:
    """`docProps/app.xml` naming the organisation as the company.

    openpyxl's ExtendedProperties drops Company when it serialises, and fills Application
    with its own name; the document should name the organisation, not the library.
    """
    root = ElementTree.Element(f"{{{EXTENDED_NS}}}Properties")
    ElementTree.SubElement(root, f"{{{EXTENDED_NS}}}Company").text = company
    body = ElementTree.tostring(root, encoding="unicode", default_namespace=EXTENDED_NS)
    return (XML_DECLARATION + body).encode("utf-8")
