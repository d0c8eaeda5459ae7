"""The DOCX writer: an editable, branded Word handbook assembled in source order."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.shared import Length, Mm, Pt, Twips
from docx.text.paragraph import Paragraph

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
)
from ...model import Paragraph as ProseParagraph
from ...reproducible import build_timestamp
from ...text import display_width
from ...theme import Theme
from ..ooxml_package import repack
from . import wordml
from .body import Body, StyleIds
from .inline import add_rich
from .page import Layout, page_layout, page_setup
from .properties import set_properties
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
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Quote):
            yield from _headings(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _headings(item)


class Builder:
    """Writes one Document's content into a python-docx document, in source order."""

    def __init__(self, doc: DocxDocument, document: Document, theme: Theme, layout: Layout) -> None:
        self.doc = doc
        self.document = document
        self.theme = theme
        self.layout = layout
        self.styles = Styles(doc, theme, layout.text_width)
        self.ids = StyleIds(doc)
        self.body_end = Body(doc, self.ids)
        self.numbering = wordml.ListNumbering(doc, LIST_INDENT, LIST_HANGING)
        headings = list(_headings(document.blocks))
        # The title consumed the source's top heading; the next level down becomes Heading 1.
        self.heading_offset = min((h.level for h in headings), default=1) - 1
        self.heading_texts = {squash(h.content.text) for h in headings}
        self.placed: set[int] = set()
        self.last_was_table = False

    def paragraph(self, style: str, rich: RichText | None = None) -> Paragraph:
        """A new body paragraph in a named style."""
        paragraph = self.body_end.paragraph(style)
        if rich is not None:
            add_rich(paragraph, rich, self.ids)
        self.last_was_table = False
        return paragraph

    # blocks ------------------------------------------------------------------------

    def title_block(self) -> None:
        """Title, lede and the front-matter facts worth printing."""
        document = self.document
        if squash(document.title):
            self.paragraph(TITLE).add_run(clean(document.title))
        if document.lede:
            self.paragraph(LEDE, document.lede)
        meta = document.meta
        facts = [
            f"{label}{squash(value)}"
            for label, value in (
                ("Owner: ", meta.owner),
                ("Version ", meta.version),
                ("Effective ", meta.effective),
                ("", meta.confidentiality),
            )
            if squash(value)
        ]
        if facts:
            self.paragraph(META).add_run("  \u00b7  ".join(facts))

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0, quoted: bool = False) -> None:
        """Render prose blocks; `depth` is the list nesting, `quoted` inside a block quote."""
        for block in blocks:
            self.block(block, depth, quoted)

    def block(self, block: Block, depth: int, quoted: bool) -> None:
        """Render one prose block."""
        if isinstance(block, Heading):
            level = min(max(block.level - self.heading_offset, 1), 6)
            self.paragraph(f"Heading {level}", block.content)
        elif isinstance(block, ProseParagraph):
            style = QUOTE if quoted else CONTINUES[min(depth, 3) - 1] if depth else BODY
            paragraph = self.paragraph(style, block.content)
            if quoted and depth:
                self.indent_in_list(paragraph, QUOTE_INDENT, depth)
        elif isinstance(block, ListBlock):
            self.list_block(block, depth, quoted)
        elif isinstance(block, Quote):
            self.blocks(block.blocks, depth, quoted=True)
        elif isinstance(block, CodeBlock):
            paragraph = self.paragraph(CODE)
            paragraph.add_run(clean(block.text.rstrip("\n")))
            if depth:
                self.indent_in_list(paragraph, CODE_INDENT, depth)
        elif isinstance(block, Rule):
            self.paragraph(RULE)
        elif isinstance(block, TableRef):
            self.comparison(block.index)

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
        """Role cards (when roles have summaries) and the comparison table."""
        if index in self.placed or not 0 <= index < len(self.document.comparisons):
            return
        self.placed.add(index)
        comparison = self.document.comparisons[index]
        title = squash(comparison.title)
        if title and title not in self.heading_texts and title != squash(self.document.title):
            self.paragraph(CAPTION).add_run(clean(comparison.title))
        if any(role.summary for role in comparison.roles):
            self.cards(comparison)
        elif self.last_was_table:
            # Word fuses two tables that touch; a paragraph keeps them apart.
            self.paragraph(BODY)
        focus = [self.document.is_focus(role) for role in comparison.roles]
        add_table(self.body_end, self.styles, comparison, self.theme, self.layout, focus)
        self.last_was_table = True

    def cards(self, comparison: Comparison) -> None:
        """One shaded card per role: its title, then its summary; the focus role in accent."""
        # Many roles get one-line cards, title and summary side by side, so the cards do
        # not push the table a page down.
        compact = len(comparison.roles) >= COMPACT_CARDS_FROM
        title_width = self.card_title_width(comparison) if compact else Mm(0)
        for number, role in enumerate(comparison.roles):
            if number:
                self.paragraph(CARD_GAP)
            card = self.paragraph(CARD_FOCUS if self.document.is_focus(role) else CARD)
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
        """Title block, prose in source order, then any comparison the prose never placed."""
        self.title_block()
        self.blocks(self.document.blocks)
        for index in range(len(self.document.comparisons)):
            self.comparison(index)
        if self.last_was_table:
            self.paragraph(BODY)


def build(document: Document, theme: Theme) -> DocxDocument:
    """The python-docx document for a Document, before packaging."""
    doc = docx.Document()
    layout = page_layout(document, theme)
    builder = Builder(doc, document, theme, layout)
    builder.styles.define(document.meta.lang or "en")
    page_setup(doc, document, theme, layout)
    builder.body()
    set_properties(doc, document, theme)
    return doc


def write(document: Document, theme: Theme, path: Path) -> None:
    """Write the document as a DOCX file at `path`."""
    buffer = io.BytesIO()
    build(document, theme).save(buffer)
    # python-docx dates every zip entry with the current time; fixed dates give equal bytes.
    path.write_bytes(repack(buffer.getvalue(), build_timestamp()))
