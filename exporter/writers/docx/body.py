"""The DOCX body, appended to in constant time per block.

python-docx finds a style by scanning every style on each `style=` it is given, and inserts
each paragraph and table by scanning the body for its final section properties: both grow
with the document, which made large documents quadratic. Here a style's id is looked up once
per name and new blocks go straight before the section properties.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import wordml


class StyleIds:
    """Style name -> style id, each name looked up in the document once."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.ids: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        """The id of the style called `name` (which must exist)."""
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = self.doc.styles[name].style_id
        return found


class Body:
    """Appends paragraphs and tables to the end of a document's body."""

    def __init__(self, doc: DocxDocument, ids: StyleIds) -> None:
        self.container = doc._body
        self.element = doc.element.body
        self.end = self.element.sectPr  # the body's last child, when the template has one
        self.ids = ids

    def _append(self, element: BaseOxmlElement) -> None:
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.element.append(element)

    def paragraph(self, style: str) -> Paragraph:
        """A new empty paragraph in the named style."""
        element = OxmlElement("w:p")
        self._append(element)
        paragraph = Paragraph(element, self.container)
        wordml.set_paragraph_style(paragraph, self.ids(style))
        return paragraph

    def table(self, rows: int, cols: int, width: Length) -> Table:
        """A new table of `rows` by `cols` empty cells, `width` wide."""
        element = CT_Tbl.new_tbl(rows, cols, width)
        self._append(element)
        return Table(element, self.container)
