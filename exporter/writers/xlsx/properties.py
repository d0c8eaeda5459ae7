"""The XLSX package's `docProps/app.xml`, which openpyxl cannot write as we need it."""

from __future__ import annotations

from xml.etree import ElementTree

from ..ooxml_package import EXTENDED_NS

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def extended_properties(company: str) -> bytes:
    """`docProps/app.xml` naming the organisation as the company.

    openpyxl's ExtendedProperties drops Company when it serialises, and fills Application
    with its own name; the document should name the organisation, not the library.
    """
    root = ElementTree.Element(f"{{{EXTENDED_NS}}}Properties")
    ElementTree.SubElement(root, f"{{{EXTENDED_NS}}}Company").text = company
    body = ElementTree.tostring(root, encoding="unicode", default_namespace=EXTENDED_NS)
    return (XML_DECLARATION + body).encode("utf-8")
