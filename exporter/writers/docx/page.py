"""The DOCX page: size, orientation and margins, and the running header and footer."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Length, Mm

from ...presentation import Page, Presentation
from .running import has_content, write_footer, write_header


@dataclass(frozen=True)
class Layout:
    """One page geometry, in python-docx lengths."""

    landscape: bool
    width: Length
    height: Length
    left: Length
    right: Length
    top: Length
    bottom: Length

    @property
    def text_width(self) -> int:
        """The width between the margins in twips."""
        # Lengths are EMU: 635 of them make a twip.
        return round((self.width - self.left - self.right) / 635)

    @property
    def text_height(self) -> int:
        """The height between the margins in twips."""
        return round((self.height - self.top - self.bottom) / 635)


def layout_of(page: Page) -> Layout:
    """The presentation's page in python-docx lengths."""
    top, right, bottom, left = page.margins_mm
    return Layout(
        page.landscape,
        Mm(page.width_mm),
        Mm(page.height_mm),
        Mm(left),
        Mm(right),
        Mm(top),
        Mm(bottom),
    )


def page_setup(doc: DocxDocument, presentation: Presentation, layout: Layout) -> None:
    """Page size and orientation, margins, the running header (with the logo) and footer.

    This is the last section's set-up, which earlier sections copy (`wordml.section_break`).
    A header or footer of the theme's Word template stays as the template has it: the
    template's look wins over the theme's texts, as its styles win over ours.
    """
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if layout.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = layout.width, layout.height
    section.left_margin, section.right_margin = layout.left, layout.right
    section.top_margin, section.bottom_margin = layout.top, layout.bottom
    templated = presentation.theme.word_template is not None
    if not templated:
        section.header_distance = section.footer_distance = Mm(8)
    if not (templated and has_content(section.header)):
        write_header(section.header, presentation)
    if not (templated and has_content(section.footer)):
        write_footer(section.footer, presentation)
