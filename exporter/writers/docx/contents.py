"""The DOCX contents: a TOC field with its result written in, and bookmarks on its headings.

Word shows a field's last result until someone updates it, so the entries are written as
that result: a paragraph per entry in Word's own TOC 1 and TOC 2 styles, each a link to a
hidden bookmark on its heading, ending in a PAGEREF field whose result is the page the
heading is estimated to fall on (pages.py). The field lists the same two heading levels
(`\\o "1-2"`), so updating it in Word (F9) gives the same entries with Word's own page
numbers; LibreOffice shows the written result as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from ...presentation import Contents
from ...theme import Theme
from .named_styles import paragraph_style, set_font
from .style_index import StyleIndex
from .styles import BODY
from .text import clean

if TYPE_CHECKING:
    from .document import Builder

HEADING = "TOC Heading"  # Word's own: a Heading 1 look that no contents lists
LEVELS = (("toc 1", "TOC1"), ("toc 2", "TOC2"))  # Word's built-in names and style ids
INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
UNKNOWN_PAGE = "1"


def bookmark_name(anchor: str) -> str:
    """A hidden bookmark's name for a presentation anchor (`_Toc` marks contents targets)."""
    return "_Toc_" + anchor.replace("-", "_")


class Bookmarks:
    """Hidden bookmarks around whole headings, each with a new id."""

    def __init__(self) -> None:
        self.count = 0

    def mark(self, paragraph: Paragraph, anchor: str) -> None:
        """Bookmark the paragraph's text as `anchor`; an empty anchor marks nothing."""
        if not anchor:
            return
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.count))
        start.set(qn("w:name"), bookmark_name(anchor))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.count))
        self.count += 1
        element = paragraph._p
        properties = element.pPr
        if properties is None:
            element.insert(0, start)
        else:
            properties.addnext(start)
        element.append(end)


def define_styles(styles: StyleIndex, theme: Theme, text_width: int) -> None:
    """TOC 1 and TOC 2: entries in the body font, page numbers at the right after dots."""
    c, f, size = theme.colours, theme.fonts, theme.fonts.size
    heading = paragraph_style(styles, HEADING, "Heading 1").element.get_or_add_pPr()
    # Outline level 9 is body text: whatever the template, the contents never lists its own
    # heading, and the navigation pane leaves it out as the PDF's bookmarks do.
    for old in heading.findall(qn("w:outlineLvl")):
        heading.remove(old)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "9")
    heading.append(outline)
    for level, (name, style_id) in enumerate(LEVELS):
        style = paragraph_style(styles, name, BODY, style_id)
        set_font(style, f.body, size, c.text)
        style.font.bold = level == 0
        layout = style.paragraph_format
        layout.left_indent = Mm(6 * level)
        layout.space_before = Pt(size * (0.5 if level == 0 else 0))
        layout.space_after = Pt(size * 0.25)
        layout.tab_stops.clear_all()
        layout.tab_stops.add_tab_stop(Twips(text_width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


class ContentsField:
    """Writes the contents where the builder stands; numbers its pages once all is written."""

    def __init__(self, contents: Contents) -> None:
        self.contents = contents
        self.numbers: dict[str, BaseOxmlElement] = {}  # anchor -> the w:t of its page number

    def write(self, builder: Builder) -> None:
        """The contents' heading, then the field: its instruction and an entry per heading."""
        contents = self.contents
        builder.paragraph(HEADING).add_run(contents.title)
        for number, entry in enumerate(contents.entries):
            paragraph = builder.paragraph(LEVELS[entry.level - 1][0])
            if number == 0:
                _field_start(paragraph._p, INSTRUCTION)
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), bookmark_name(entry.anchor))
            link.set(qn("w:history"), "1")
            link.append(_run(clean(entry.text)))
            tab = OxmlElement("w:r")
            tab.append(OxmlElement("w:tab"))
            link.append(tab)
            _field_start(link, f"PAGEREF {bookmark_name(entry.anchor)} \\h")
            shown = _run(UNKNOWN_PAGE)
            link.append(shown)
            link.append(_field_char("end"))
            paragraph._p.append(link)
            self.numbers[entry.anchor] = shown[0]
        builder.paragraph(BODY)._p.append(_field_char("end"))

    def number_pages(self, pages: Mapping[str, int]) -> None:
        """Write each entry's page number (`pages` by bookmark name) as its field's result."""
        for anchor, text in self.numbers.items():
            text.text = str(pages.get(bookmark_name(anchor), UNKNOWN_PAGE))


def _run(text: str) -> BaseOxmlElement:
    """A run of plain text (spaces kept)."""
    run = OxmlElement("w:r")
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run.append(element)
    return run


def _field_char(kind: str) -> BaseOxmlElement:
    """A run holding a field's begin, separate or end mark."""
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _field_start(parent: BaseOxmlElement, instruction: str) -> None:
    """Open a field: begin, the instruction, then separate (its result follows)."""
    parent.append(_field_char("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    parent.append(run)
    parent.append(_field_char("separate"))
