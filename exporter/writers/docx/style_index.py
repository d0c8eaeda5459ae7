"""A document's styles by name, in a dict: python-docx scans every style on each lookup.

`name in doc.styles` and `doc.styles[name]` compare the name with each of the template's
hundred-odd styles, reading an XML attribute each time; the writer asks dozens of times
per document, which was a third of a small DOCX's time.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.styles import CT_Style
from docx.styles import BabelFish
from docx.styles.style import BaseStyle, StyleFactory


class StyleIndex:
    """The styles of one document by their names, kept up to date as styles are added."""

    def __init__(self, doc: DocxDocument) -> None:
        self.styles = doc.styles
        # By internal name ("heading 1"), as the XML holds it; callers use UI names. The
        # first of two styles with one name wins, as in python-docx.
        self.elements: dict[str, CT_Style] = {}
        for element in doc.styles.element.style_lst:
            self.elements.setdefault(element.name_val, element)

    def __contains__(self, name: str) -> bool:
        return BabelFish.ui2internal(name) in self.elements

    def __getitem__(self, name: str) -> BaseStyle:
        """The style called `name` (a KeyError if there is none)."""
        return StyleFactory(self.elements[BabelFish.ui2internal(name)])

    def add(self, name: str, kind: WD_STYLE_TYPE, builtin: bool = False) -> BaseStyle:
        """A new style called `name` of `kind`; a ValueError if there is one already."""
        internal = BabelFish.ui2internal(name)
        if internal in self.elements:
            raise ValueError(f"document already contains style {name!r}")
        # What Styles.add_style does after scanning every style for the name again.
        element = self.styles.element.add_style_of_type(internal, kind, builtin)
        self.elements[internal] = element
        return StyleFactory(element)
