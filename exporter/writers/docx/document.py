"""The DOCX writer: an editable, branded Word handbook assembled in source order."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import assert_never

from docx.document import Document as DocxDocument
from docx.shared import Length, Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from ...errors import Diagnostic
from ...model import (
    Block,
    CodeBlock,
    Comparison,
    Document,
    Heading,
    ListBlock,
    Quote,
    RichText,
    Rule,
    TableRef,
    walk,
)
from ...model import Paragraph as ProseParagraph
from ...presentation import Presentation, TableView, present
from ...text import display_width
from ...theme import Theme
from ...theme_fonts import office_warnings
from .. import DEFAULT_OPTIONS, WriteOptions
from ..ooxml_package import repack
from . import pages, profiles, wordml
from .body import Body, StyleIds
from .contents import Bookmarks, ContentsField
from .inline import add_rich
from .page import Layout, layout_of, page_setup
from .properties import set_properties
from .styled import styled_document
from .styles import (
    BODY,
    BULLETS,
    CAPTION,
    CARD,
    CARD_FOCUS,
    CARD_GAP,
    CARD_INDENT,
    CODE,
    CODE_INDENT,
    CONTINUES,
    LEDE,
    LIST_HANGING,
    LIST_INDENT,
    META,
    NUMBERS,
    QUOTE,
    QUOTE_INDENT,
    ROLE_TITLE,
    RULE,
    TITLE,
    Styles,
)
from .table import CELL_PADDING_PT, add_table
from .text import EN_WIDTH, clean, squash

COMPACT_CARDS_FROM = 5  # roles; from here on a card is one line, not two


def _headings(blocks: tuple[Block, ...]) -> Iterator[Heading]:
    """Every heading in the blocks, including those inside quotes and list items."""
    return (block for block in walk(blocks) if isinstance(block, Heading))


class Builder:
    """Writes a presentation's content into a python-docx document, in source order.

    A table the presentation prints on landscape pages gets a landscape section of its own
    (with the heading right above it), as the PDF gives it landscape pages.
    """

    def __init__(self, doc: DocxDocument, presentation: Presentation) -> None:
        self.doc = doc
        self.presentation = presentation
        self.document = presentation.document
        self.theme = presentation.theme
        self.layouts = {
            False: layout_of(presentation.portrait),
            True: layout_of(presentation.landscape),
        }
        self.landscape = presentation.landscape_document  # the section being written
        self.section_ends: list[tuple[Paragraph, bool]] = []
        self.styles = Styles(doc, self.theme, self.layout.text_width)
        self.ids = StyleIds(doc)
        self.body_end = Body(doc, self.ids)
        self.numbering = wordml.ListNumbering(doc, LIST_INDENT, LIST_HANGING)
        # The title consumed the source's top heading; the next level down becomes Heading 1.
        levels = [heading.level for heading in _headings(self.document.blocks)]
        self.heading_offset = min(levels, default=1) - 1
        self.placed: set[int] = set()
        self.last_was_table = False
        # Headings the contents lists get bookmarks; the contents numbers its pages last.
        self.bookmarks = Bookmarks()
        self.toc = ContentsField(presentation.contents)

    @property
    def layout(self) -> Layout:
        """The geometry of the section being written."""
        return self.layouts[self.landscape]

    def paragraph(self, style: str, rich: RichText | None = None) -> Paragraph:
        """A new body paragraph in a named style."""
        paragraph = self.body_end.paragraph(style)
        if rich is not None:
            add_rich(paragraph, rich, self.ids)
        self.last_was_table = False
        return paragraph

    def turn(self, landscape: bool) -> None:
        """End the current section if the next one must turn the other way."""
        if landscape != self.landscape:
            # The empty paragraph holding the section's end keeps two tables apart too.
            self.section_ends.append((self.paragraph(BODY), self.landscape))
            self.landscape = landscape

    def wants_landscape(self, block: Block) -> bool:
        """Whether a block is a comparison printed on landscape pages."""
        presentation = self.presentation
        return (
            isinstance(block, TableRef)
            and 0 <= block.index < len(presentation.tables)
            and presentation.page_of(presentation.tables[block.index]).landscape
        )

    # blocks ------------------------------------------------------------------------

    def title_block(self) -> None:
        """Title, lede and the front-matter facts worth printing."""
        document = self.document
        if squash(document.title):
            self.paragraph(TITLE).add_run(clean(document.title))
        if document.lede:
            self.paragraph(LEDE, document.lede)
        facts = [f"{fact.label}: {squash(fact.value)}" for fact in self.presentation.facts]
        if facts:
            self.paragraph(META).add_run("  \u00b7  ".join(facts))

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0, quoted: bool = False) -> None:
        """Render prose blocks; `depth` is the list nesting, `quoted` inside a block quote."""
        for number, block in enumerate(blocks):
            if depth == 0 and not quoted and not self.presentation.landscape_document:
                following = blocks[number + 1] if number + 1 < len(blocks) else None
                # A heading right above a wide table turns the page with it.
                if isinstance(block, Heading) and following and self.wants_landscape(following):
                    self.turn(True)
                elif not isinstance(block, TableRef):
                    self.turn(False)
            self.block(block, depth, quoted)

    def block(self, block: Block, depth: int, quoted: bool) -> None:
        """Render one prose block."""
        match block:
            case Heading():
                level = min(max(block.level - self.heading_offset, 1), 6)
                heading = self.paragraph(f"Heading {level}", block.content)
                self.bookmarks.mark(heading, self.presentation.contents.anchor(block))
            case ProseParagraph():
                style = QUOTE if quoted else CONTINUES[min(depth, 3) - 1] if depth else BODY
                paragraph = self.paragraph(style, block.content)
                if quoted and depth:
                    self.indent_in_list(paragraph, QUOTE_INDENT, depth)
            case ListBlock():
                self.list_block(block, depth, quoted)
            case Quote():
                self.blocks(block.blocks, depth, quoted=True)
            case CodeBlock():
                paragraph = self.paragraph(CODE)
                paragraph.add_run(clean(block.text.rstrip("\n")))
                if depth:
                    self.indent_in_list(paragraph, CODE_INDENT, depth)
            case Rule():
                self.paragraph(RULE)
            case TableRef():
                self.comparison(block.index)
            case _:
                assert_never(block)

    @staticmethod
    def indent_in_list(paragraph: Paragraph, own: Length, depth: int) -> None:
        """Shift a block inside a list item to the item's text, keeping its own indent."""
        paragraph.paragraph_format.left_indent = Length(Twips(LIST_INDENT * depth) + own)

    def list_block(self, block: ListBlock, depth: int, quoted: bool) -> None:
        """A list: the first paragraph of each item carries the bullet or number."""
        level = min(depth, 8)
        styles = NUMBERS if block.ordered else BULLETS
        num_id = self.numbering.new_list(block.ordered, level, max(block.start, 0))
        for item in block.items:
            first = item[0] if item and isinstance(item[0], ProseParagraph) else None
            paragraph = self.paragraph(styles[min(depth, 2)], first.content if first else None)
            wordml.set_numbering(paragraph, num_id, level)
            self.blocks(item[1:] if first else item, depth + 1, quoted)

    # comparisons -------------------------------------------------------------------

    def comparison(self, index: int) -> None:
        """Role cards (when roles have summaries) and the comparison's tables, one per group."""
        if index in self.placed or not 0 <= index < len(self.presentation.tables):
            return
        self.placed.add(index)
        view = self.presentation.tables[index]
        if not self.presentation.landscape_document:
            self.turn(self.presentation.page_of(view).landscape)
        comparison = view.comparison
        if view.show_title:
            self.paragraph(CAPTION).add_run(clean(comparison.title))
        if view.cards:
            self.cards(view)
        for group in view.plan.groups:
            if group.caption:
                self.paragraph(CAPTION).add_run(group.caption)
            elif self.last_was_table:
                # Word fuses two tables that touch; a paragraph keeps them apart.
                self.paragraph(BODY)
            add_table(self.body_end, self.styles, view, group, self.presentation, self.layout)
            self.last_was_table = True

    def cards(self, view: TableView) -> None:
        """One shaded card per role: its title, then its summary; the focus role in accent."""
        comparison = view.comparison
        # Many roles get one-line cards, title and summary side by side, so the cards do
        # not push the table a page down.
        compact = len(comparison.roles) >= COMPACT_CARDS_FROM
        title_width = self.card_title_width(comparison) if compact else Mm(0)
        for number, role in enumerate(comparison.roles):
            if number:
                self.paragraph(CARD_GAP)
            card = self.paragraph(CARD_FOCUS if number == view.focus else CARD)
            add_rich(card, role.title, self.ids, style=ROLE_TITLE)
            if compact:
                # A hanging indent lines every summary up in a second column.
                layout = card.paragraph_format
                layout.left_indent = CARD_INDENT + title_width
                layout.first_line_indent = -title_width
                layout.tab_stops.add_tab_stop(CARD_INDENT + title_width)
                if role.summary:
                    card.add_run("\t")
            elif role.summary and role.title:
                card.add_run().add_break()
            add_rich(card, role.summary, self.ids)
        self.paragraph(CARD_GAP)

    def card_title_width(self, comparison: Comparison) -> Length:
        """Room for the longest role title in one-line cards, within a third of the page."""
        longest = max((display_width(role.title.text) for role in comparison.roles), default=0)
        # Role titles are set 1.1 times the body size (the Role Title style).
        points = longest * self.theme.fonts.size * 1.1 * EN_WIDTH + CELL_PADDING_PT
        return Length(min(Pt(points), Twips(self.layout.text_width // 3)))

    def body(self) -> None:
        """Title block, contents, prose in source order, any comparison the prose never placed,
        then the role profiles."""
        self.title_block()
        if self.presentation.contents.shown:
            self.toc.write(self)
        self.blocks(self.document.blocks)
        for index in self.presentation.unplaced:
            self.comparison(index)
        profiles.add_profiles(self)
        if self.last_was_table:
            self.paragraph(BODY)

    def close_sections(self) -> None:
        """Give each section that ends early the last section's set-up, turned its way."""
        last = self.doc.element.body.sectPr
        for paragraph, landscape in self.section_ends:
            wordml.end_section(paragraph, last, landscape)


def build(presentation: Presentation) -> DocxDocument:
    """The python-docx document for a presentation, before packaging."""
    text_width = layout_of(presentation.first_page).text_width
    doc, template_look = styled_document(
        presentation.theme, presentation.properties.language, text_width
    )
    builder = Builder(doc, presentation)
    builder.body()
    # The document's own section set-up is the last section's: the way it ended up.
    page_setup(doc, presentation, builder.layout)
    builder.close_sections()
    template_look.restore(doc)
    # Page numbers are estimated from the styles as they finally are (a template's too).
    builder.toc.number_pages(pages.estimate(doc))
    set_properties(doc, presentation.properties)
    return doc


def write(
    document: Document, theme: Theme, path: Path, options: WriteOptions = DEFAULT_OPTIONS
) -> list[Diagnostic]:
    """Write the document as a DOCX file at `path`; return the warnings (about its fonts)."""
    presentation = present(document, theme)
    buffer = io.BytesIO()
    build(presentation).save(buffer)
    # python-docx dates every zip entry with the current time; fixed dates give equal bytes.
    path.write_bytes(repack(buffer.getvalue(), presentation.properties.created))
    return office_warnings(theme)
