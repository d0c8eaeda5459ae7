"""The DOCX running header and footer: the logo and the theme's texts, left, centre, right."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from ...model import Heading, walk
from ...placeholders import Placeholder
from ...presentation import Band, Presentation
from ...presentation.running import Slot
from . import wordml
from .styles import rgb

LOGO_HEIGHT = Mm(6)


def has_content(part: _Header | _Footer) -> bool:
    """Whether a header or footer (a template's) shows any text or picture."""
    element = part._element
    if any(text.text and text.text.strip() for text in element.iter(qn("w:t"))):
        return True
    return any(next(element.iter(qn(tag)), None) is not None for tag in ("w:drawing", "w:pict"))


def write_header(header: _Header, presentation: Presentation) -> None:
    """The logo, then the theme's header texts: left, a tab, centre, a tab, right."""
    theme = presentation.theme
    paragraph = header.paragraphs[0]
    logo = theme.logo
    shape = paragraph.add_run().add_picture(
        str(logo.office), width=round(LOGO_HEIGHT * logo.ratio), height=LOGO_HEIGHT
    )
    wordml.describe_picture(shape, presentation.logo_alt)
    if presentation.running.header.left:
        # An en space, not a tab stop: LibreOffice skips tab stops this close to an image.
        paragraph.add_run("\u2002")
    _band(paragraph, presentation.running.header, presentation, {"left": theme.colours.primary})


def write_footer(footer: _Footer, presentation: Presentation) -> None:
    """The theme's footer texts: left, a tab, centre, a tab, right."""
    accent = presentation.theme.colours.accent
    _band(footer.paragraphs[0], presentation.running.footer, presentation, {"center": accent})


def _band(
    paragraph: Paragraph, band: Band, presentation: Presentation, emphasis: dict[str, str]
) -> None:
    """Left, centre and right slots set at the style's tab stops.

    As in the PDF, one slot stands out (`emphasis`: its position and colour, set bold): the
    header's left text in the primary colour, the footer's centre one in the accent.
    """
    for number, (position, slot) in enumerate(band.slots):
        if number:
            paragraph.add_run("\t")
        _slot(paragraph, slot, presentation, emphasis.get(position))


def _slot(paragraph: Paragraph, slot: Slot, presentation: Presentation, colour: str | None) -> None:
    for piece in slot:
        if isinstance(piece, Placeholder):
            _field(paragraph, piece.name, presentation)
            continue
        run = paragraph.add_run(piece)
        if colour is not None:
            run.bold = True
            run.font.color.rgb = rgb(colour)


def _field(paragraph: Paragraph, name: str, presentation: Presentation) -> None:
    """PAGE, NUMPAGES or the nearest top-level heading, as fields Word recomputes.

    A document without headings gets no heading field: Word would print "Error! No text
    of specified style in document." where the PDF prints nothing.
    """
    if name == "page":
        wordml.add_field(paragraph, "PAGE", "1")
    elif name == "pages":
        wordml.add_field(paragraph, "NUMPAGES", "1")
    else:
        headings = [b for b in walk(presentation.document.blocks) if isinstance(b, Heading)]
        if headings:
            top = min(heading.level for heading in headings)
            first = next(h.content.text for h in headings if h.level == top)
            wordml.add_field(paragraph, 'STYLEREF "Heading 1"', " ".join(first.split()))
