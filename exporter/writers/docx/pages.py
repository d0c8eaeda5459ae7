"""The page each bookmarked heading of a DOCX is estimated to fall on, for its contents.

A DOCX holds no pages: Word lays them out when it opens the file, with whatever fonts the
machine has. The contents' page numbers are estimated here from the written body, flowed
the way Word flows it: each paragraph in its style's size and spacing, its lines counted
from its text's width; tables row by row, rows never split, the header row repeated and a
short table kept whole; headings kept with what follows; page breaks before and section
breaks start a page, on the next section's paper. Forced breaks (every role profile starts
a page) are exact; what flows between them is an estimate.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.styles.style import ParagraphStyle

from ...text import display_width
from .styles import LIST_INDENT

EM_PER_CHAR = 0.5  # a Latin character's average advance in ems (East Asian wide ones: 1)
SPACE_EM = 0.26  # a space's advance
LEADING = 1.3  # a line's height per point of font size, at single spacing
LONE_LINES = 2  # widow and orphan control: a split paragraph keeps two lines each side
TWIP = 1 / 20  # points
CELL_SIDES_PT = 10.0  # the table style's left and right cell margins
CELL_ENDS_PT = 6.0  # its top and bottom cell margins

# Qualified tag and attribute names and paths, built once: the estimate reads every
# paragraph of the body, and building them per read was a tenth of its time.
_P, _TBL, _SECT_PR = qn("w:p"), qn("w:tbl"), qn("w:sectPr")
_T, _BR, _TAB = qn("w:t"), qn("w:br"), qn("w:tab")
_VAL, _NAME, _W = qn("w:val"), qn("w:name"), qn("w:w")
_BOOKMARK = qn("w:bookmarkStart")
_PPR, _IND = qn("w:pPr"), qn("w:ind")
_PPR_SECT_PR = f"{_PPR}/{_SECT_PR}"
_PPR_STYLE = f"{_PPR}/{qn('w:pStyle')}"
_PPR_BREAK = f"{_PPR}/{qn('w:pageBreakBefore')}"
_PPR_KEEP = f"{_PPR}/{qn('w:keepNext')}"
_NUM_LEVEL = f"{qn('w:numPr')}/{qn('w:ilvl')}"
_GRID_COL, _TR, _TC = qn("w:gridCol"), qn("w:tr"), qn("w:tc")
_HEADER_ROW = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
_GRID_SPAN = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
_INDENT_SIDES = (qn("w:left"), qn("w:right"))


@dataclass(frozen=True)
class _Look:
    """What the estimate needs of a paragraph style, inheritance resolved."""

    size: float  # points
    before: float
    after: float
    line: float  # a line's height in points
    keep: bool  # kept with the next paragraph
    break_before: bool
    indent: float  # left plus right indent, in points


@dataclass(frozen=True)
class _Paper:
    """A section's text area in points."""

    width: float
    height: float


class _Looks:
    """Paragraph styles by id, resolved once each."""

    def __init__(self, doc: DocxDocument) -> None:
        self.styles = {
            style.style_id: style for style in doc.styles if isinstance(style, ParagraphStyle)
        }
        defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
        size = defaults.find(f"{qn('w:rPr')}/{qn('w:sz')}") if defaults is not None else None
        self.default_size = int(size.get(qn("w:val"))) / 2 if size is not None else 11.0
        self.found: dict[str, _Look] = {}

    def __call__(self, style_id: str) -> _Look:
        if style_id not in self.found:
            self.found[style_id] = self._resolve(self.styles.get(style_id))
        return self.found[style_id]

    def _resolve(self, style: ParagraphStyle | None) -> _Look:
        chain = list(_chain(style))

        def first(name: str) -> object:
            """A paragraph-format property from the first style in the chain that sets it."""
            for link in chain:
                value: object = getattr(link.paragraph_format, name)
                if value is not None:
                    return value
            return None

        size = next((s.font.size.pt for s in chain if s.font.size is not None), None)
        points = size or self.default_size
        spacing = first("line_spacing")
        if isinstance(spacing, Length):
            line = spacing.pt
        else:
            line = points * LEADING * (float(spacing) if isinstance(spacing, float) else 1.0)
        before, after = first("space_before"), first("space_after")
        left, right = first("left_indent"), first("right_indent")
        return _Look(
            size=points,
            before=before.pt if isinstance(before, Length) else 0.0,
            after=after.pt if isinstance(after, Length) else 0.0,
            line=line,
            keep=bool(first("keep_with_next")),
            break_before=bool(first("page_break_before")),
            indent=sum(side.pt for side in (left, right) if isinstance(side, Length)),
        )


def _chain(style: ParagraphStyle | None) -> Iterator[ParagraphStyle]:
    """The style, then the styles it is based on."""
    seen: set[str] = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        base = style.base_style
        style = base if isinstance(base, ParagraphStyle) else None


def _papers(body: BaseOxmlElement) -> Iterator[tuple[BaseOxmlElement, _Paper]]:
    """Each block of the body with the text area of the section it belongs to.

    A section's properties stand at its end: in its last paragraph, or (the last section)
    at the end of the body.
    """
    pending: list[BaseOxmlElement] = []
    for child in body:
        if child.tag == _SECT_PR:
            paper = _paper(child)
            yield from ((block, paper) for block in pending)
            pending = []
            continue
        if child.tag not in (_P, _TBL):
            continue
        pending.append(child)
        properties = child.find(_PPR_SECT_PR)
        if properties is not None:
            paper = _paper(properties)
            yield from ((block, paper) for block in pending)
            pending = []


def _paper(section: BaseOxmlElement) -> _Paper:
    size, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))

    def twips(element: BaseOxmlElement | None, name: str) -> float:
        return int(element.get(qn(f"w:{name}"), "0")) * TWIP if element is not None else 0.0

    return _Paper(
        twips(size, "w") - twips(margins, "left") - twips(margins, "right"),
        twips(size, "h") - twips(margins, "top") - twips(margins, "bottom"),
    )


@dataclass(frozen=True)
class _Rows:
    """A table's row heights, the height of its repeated header rows, and whether the table
    is kept whole (every row but the last kept with the next)."""

    heights: list[float]
    header: float
    kept: bool


class _Flow:
    """Blocks laid down page after page; `y` is the height used on the current page."""

    def __init__(self, looks: _Looks, blocks: list[tuple[BaseOxmlElement, _Paper]]) -> None:
        self.looks = looks
        self.blocks = blocks
        self.tables: dict[int, _Rows] = {}
        self.page = 1
        self.y = 0.0
        self.pages: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        """Lay down every block; the page of each bookmark, by name."""
        for index, (block, paper) in enumerate(self.blocks):
            if block.tag == _TBL:
                self.table(block, paper)
            else:
                self.paragraph(index, paper)
        return self.pages

    def new_page(self) -> None:
        self.page += 1
        self.y = 0.0

    def paragraph(self, index: int, paper: _Paper) -> None:
        element = self.blocks[index][0]
        look = self._look(element)
        own = element.find(_PPR_BREAK)
        breaks = look.break_before if own is None else own.get(_VAL, "1") != "0"
        if breaks and self.y > 0:
            self.new_page()
        lines = line_count(element, look, paper.width)
        height = look.before + lines * look.line + look.after
        kept = self.start_of(index + 1) if look.keep else 0.0
        if self.y > 0 and self.y + height + kept > paper.height:
            fits = math.floor((paper.height - self.y - look.before) / look.line)
            # Kept paragraphs move whole; others split between lines, two at least on each
            # side, or move whole when they cannot.
            if look.keep or min(fits, lines - fits) < LONE_LINES:
                self.new_page()
            else:
                self.mark(element)
                self.new_page()
                height = (lines - fits) * look.line + look.after
        self.mark(element)
        self._advance(height, paper)
        if element.find(_PPR_SECT_PR) is not None:
            self.new_page()

    def start_of(self, index: int) -> float:
        """How much of the block at `index` must share a page with a paragraph kept with it:
        a table kept whole, else its header and first row; a paragraph's first two lines,
        or all of it and the start of the next when it is kept too.

        A chain of kept paragraphs is followed only until it fills a page: Word breaks a
        longer chain anyway, and following it all would make a document of headings
        quadratic.
        """
        total = 0.0
        while index < len(self.blocks):
            block, paper = self.blocks[index]
            if block.tag == _TBL:
                rows = self.rows(block)
                whole = sum(rows.heights)
                return total + (
                    whole if rows.kept and whole <= paper.height else sum(rows.heights[:2])
                )
            look = self._look(block)
            height = _height(block, look, paper.width)
            if not look.keep:
                return total + min(height, look.before + LONE_LINES * look.line)
            total += height
            if total > paper.height:
                return total
            index += 1
        return total

    def mark(self, element: BaseOxmlElement) -> None:
        """Note the current page for the paragraph's bookmarks (the first page it is on)."""
        for bookmark in element.iter(_BOOKMARK):
            self.pages.setdefault(bookmark.get(_NAME, ""), self.page)

    def table(self, element: BaseOxmlElement, paper: _Paper) -> None:
        rows = self.rows(element)
        total = sum(rows.heights)
        if rows.kept and self.y > 0 and self.y + total > paper.height >= total:
            self.new_page()
        for height in rows.heights:
            if self.y + height > paper.height and self.y > rows.header:
                self.new_page()
                self.y = rows.header
            self._advance(height, paper)

    def rows(self, table: BaseOxmlElement) -> _Rows:
        """The table's rows, measured once."""
        if id(table) not in self.tables:
            widths = [int(column.get(_W, "0")) * TWIP for column in table.iter(_GRID_COL)]
            rows = table.findall(_TR)
            heights = [self._row_height(row, widths) for row in rows]
            header = sum(
                height
                for row, height in zip(rows, heights, strict=True)
                if row.find(_HEADER_ROW) is not None
            )
            kept = all(p.find(_PPR_KEEP) is not None for row in rows[:-1] for p in row.iter(_P))
            self.tables[id(table)] = _Rows(heights, header, kept)
        return self.tables[id(table)]

    def _row_height(self, row: BaseOxmlElement, widths: list[float]) -> float:
        tallest = 0.0
        column = 0
        for cell in row.findall(_TC):
            span = cell.find(_GRID_SPAN)
            count = int(span.get(_VAL, "1")) if span is not None else 1
            width = sum(widths[column : column + count]) - CELL_SIDES_PT
            column += count
            height = sum(_height(p, self._look(p), width) for p in cell.findall(_P))
            tallest = max(tallest, height)
        return tallest + CELL_ENDS_PT

    def _look(self, paragraph: BaseOxmlElement) -> _Look:
        style = paragraph.find(_PPR_STYLE)
        return self.looks(style.get(_VAL, "") if style is not None else "")

    def _advance(self, height: float, paper: _Paper) -> None:
        """Use `height` on the page; what does not fit runs on to the next pages."""
        self.y += height
        while self.y > paper.height:
            self.page += 1
            self.y -= paper.height


def _height(paragraph: BaseOxmlElement, look: _Look, width: float) -> float:
    """The paragraph's height in points: spacing before, its lines, spacing after."""
    return look.before + line_count(paragraph, look, width) * look.line + look.after


def line_count(paragraph: BaseOxmlElement, look: _Look, width: float) -> int:
    """The paragraph's lines: each line of its text (as `w:br` ends them) wrapped at `width`
    less its indents."""
    room = max(1.0, (width - _indent(paragraph, look)) / look.size)
    return sum(_wrapped(text, room) for text in _lines(paragraph))


def _wrapped(text: str, room: float) -> int:
    """How many lines a text takes, `room` ems wide: words wrap whole at spaces; a word
    wider than a line, or one of East Asian text, breaks anywhere."""
    lines, used = 1, 0.0
    for word in text.split(" "):
        width = _ems(word)
        gap = SPACE_EM if used else 0.0
        if used + gap + width <= room:
            used += gap + width
            continue
        if width <= room and display_width(word) == len(word):
            lines, used = lines + 1, width
            continue
        # Broken within the word: it fills this line, then whole lines, then part of one.
        spill = used + gap + width - room
        lines += math.ceil(spill / room)
        used = spill - (math.ceil(spill / room) - 1) * room
    return lines


def _ems(text: str) -> float:
    """The width of a text in ems: East Asian wide characters take one, others less."""
    wide = 0 if text.isascii() else display_width(text) - len(text)
    return wide + (len(text) - wide) * EM_PER_CHAR


def _indent(paragraph: BaseOxmlElement, look: _Look) -> float:
    """Left plus right indent in points: the paragraph's own, its list level's, or its style's."""
    properties = paragraph.find(_PPR)
    own = properties.find(_IND) if properties is not None else None
    if own is not None:
        return sum(int(own.get(side, "0")) for side in _INDENT_SIDES) * TWIP
    level = properties.find(_NUM_LEVEL) if properties is not None else None
    if level is not None:
        return (int(level.get(_VAL, "0")) + 1) * LIST_INDENT * TWIP
    return look.indent


def _lines(paragraph: BaseOxmlElement) -> Iterator[str]:
    """The paragraph's text, split where a line break stands (no field instructions)."""
    line: list[str] = []
    for node in paragraph.iter(_T, _BR, _TAB):
        if node.tag == _BR:
            yield "".join(line)
            line = []
        else:
            line.append((node.text or "") if node.tag == _T else "    ")
    yield "".join(line)


def estimate(doc: DocxDocument) -> dict[str, int]:
    """The estimated page (from 1) of every bookmark in the body, by bookmark name."""
    return _Flow(_Looks(doc), list(_papers(doc.element.body))).run()
