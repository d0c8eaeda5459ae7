"""Raw WordprocessingML tweaks python-docx has no public API for, gathered in one place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import deepcopy
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shape import InlineShape
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..ooxml_package import EXTENDED_NS


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Schema order of the children we touch; Word rejects files whose children are out of order.
_PPR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
_TCPR_ORDER = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
)
_TBLPR_ORDER = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)
_STYLE_ORDER = _names(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
)
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_PBDR_SIDES = ("top", "left", "bottom", "right", "between", "bar")
# Only the Latin theme fonts give way to the brand's; East Asian and complex-script text
# keeps the theme's fonts for those scripts, which the brand fonts may not cover.
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme")
_CJK_LANGS = ("zh", "ja", "ko")

APP_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"


def _set_child(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Put `child` into `parent`, replacing one of its tag and keeping the schema order."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    local = tag.split("}")[-1]
    later = order[order.index(local) + 1 :] if local in order else ()
    for existing in parent:
        if existing.tag.split("}")[-1] in later:
            existing.addprevious(child)
            return
    parent.append(child)


def _child(parent: BaseOxmlElement, name: str, order: Sequence[str]) -> BaseOxmlElement:
    """The child `w:name` of `parent`, created in schema order when missing."""
    found: BaseOxmlElement | None = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    created: BaseOxmlElement = OxmlElement(f"w:{name}")
    _set_child(parent, created, order)
    return created


_VAL = qn("w:val")
_BREAKS = frozenset("\t\r\n")


def _first_child(parent: BaseOxmlElement, name: str) -> BaseOxmlElement:
    """The child `w:name` that the schema puts first in `parent`, created when missing."""
    first: BaseOxmlElement | None = parent[0] if len(parent) else None
    if first is not None and first.tag == qn(name):
        return first
    created: BaseOxmlElement = OxmlElement(name)
    parent.insert(0, created)
    return created


# python-docx's `style` setters find a property's place by looking up each of the thirty
# names that may follow it, a tenth of a DOCX's time; pPr and pStyle, rPr and rStyle
# always come first, so they go straight to the front.
def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Give a paragraph the style with id `style_id`."""
    properties = _first_child(paragraph._p, "w:pPr")
    _first_child(properties, "w:pStyle").set(_VAL, style_id)


def set_run_style(run: Run, style_id: str) -> None:
    """Give a run the character style with id `style_id`."""
    properties = _first_child(run._r, "w:rPr")
    _first_child(properties, "w:rStyle").set(_VAL, style_id)


def add_text_run(paragraph: Paragraph, text: str) -> Run:
    """Append a run holding `text`, as `paragraph.add_run(text)` does.

    python-docx reads the text one character at a time for tabs and line breaks; text
    without them becomes the one `w:t` it would have written, at once.
    """
    if text and _BREAKS.isdisjoint(text):
        run = paragraph.add_run()
        run._r.add_t(text)
        return run
    return paragraph.add_run(text)


def _border(side: str, colour: str, eighths: int, space: int = 0, val: str = "single") -> Any:
    element = OxmlElement(f"w:{side}")
    element.set(qn("w:val"), val)
    element.set(qn("w:sz"), str(eighths))
    element.set(qn("w:space"), str(space))
    element.set(qn("w:color"), colour)
    return element


def _shading(fill: str) -> Any:
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), fill)
    return element


# -- tables -----------------------------------------------------------------------------


def repeat_as_header(row: _Row) -> None:
    """Mark a row as a header row that Word repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))


def keep_row_together(row: _Row) -> None:
    """Forbid a row from breaking across pages (w:cantSplit)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))


def shade_cell(cell: _Cell, fill: str) -> None:
    """Fill a cell's background with an `RRGGBB` colour."""
    _set_child(cell._tc.get_or_add_tcPr(), _shading(fill), _TCPR_ORDER)


def set_cell_borders(cell: _Cell, colour: str, eighths: int, sides: Iterable[str]) -> None:
    """Draw the given sides of one cell (sizes in eighths of a point)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = _child(tc_pr, "tcBorders", _TCPR_ORDER)
    for side in sides:
        _set_child(borders, _border(side, colour, eighths), _BORDER_SIDES)


def set_table_width(table: Table, twips: int) -> None:
    """Give a table a fixed overall width in twentieths of a point."""
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")
    _set_child(table._tbl.tblPr, width, _TBLPR_ORDER)


def style_table_borders(style: BaseStyle, outer: str, inner: str, heavy: int, light: int) -> None:
    """Give a table style rules: `heavy` top and bottom, `light` lines between cells."""
    tbl_pr = _child(style.element, "tblPr", _STYLE_ORDER)
    borders = OxmlElement("w:tblBorders")
    for side in _BORDER_SIDES:
        if side in ("left", "right"):
            borders.append(_border(side, "auto", 0, val="nil"))
        elif side in ("top", "bottom"):
            borders.append(_border(side, outer, heavy))
        else:
            borders.append(_border(side, inner, light))
    _set_child(tbl_pr, borders, _TBLPR_ORDER)


def style_table_margins(style: BaseStyle, vertical: int, horizontal: int) -> None:
    """Set a table style's default cell padding in twips."""
    tbl_pr = _child(style.element, "tblPr", _STYLE_ORDER)
    margins = OxmlElement("w:tblCellMar")
    for side, size in (("top", vertical), ("left", horizontal), ("bottom", vertical)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(size))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    right = OxmlElement("w:right")
    right.set(qn("w:w"), str(horizontal))
    right.set(qn("w:type"), "dxa")
    margins.append(right)
    _set_child(tbl_pr, margins, _TBLPR_ORDER)


# -- pictures ---------------------------------------------------------------------------


def describe_picture(picture: InlineShape, text: str) -> None:
    """Give a picture its alternative text (wp:docPr descr), what screen readers say."""
    picture._inline.docPr.set("descr", text)


# -- paragraphs and styles --------------------------------------------------------------


def style_paragraph_border(
    style: BaseStyle, side: str, colour: str, eighths: int, space: int = 1
) -> None:
    """Draw one border side of every paragraph in a style (replacing any it had)."""
    p_pr = style.element.get_or_add_pPr()
    borders = _child(p_pr, "pBdr", _PPR_ORDER)
    _set_child(borders, _border(side, colour, eighths, space), _PBDR_SIDES)


def clear_paragraph_borders(style: BaseStyle) -> None:
    """Remove the borders a template style came with."""
    p_pr = style.element.pPr
    if p_pr is not None:
        for borders in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(borders)


def clear_character_spacing(style: BaseStyle) -> None:
    """Drop letter-spacing and kerning a template style came with."""
    r_pr = style.element.rPr
    if r_pr is not None:
        for tag in ("w:spacing", "w:kern"):
            for element in r_pr.findall(qn(tag)):
                r_pr.remove(element)


def style_paragraph_shading(style: BaseStyle, fill: str) -> None:
    """Fill the background of every paragraph in a style."""
    _set_child(style.element.get_or_add_pPr(), _shading(fill), _PPR_ORDER)


def use_explicit_fonts(style: BaseStyle) -> None:
    """Drop theme-font references so the font names python-docx sets take effect."""
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        return
    for attribute in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attribute), None)


def set_document_defaults(document: DocxDocument, font: str, half_points: int, lang: str) -> None:
    """Set the document-wide default font, size and language (w:docDefaults)."""
    styles = document.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is None:
        return
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is not None:
        for attribute in _THEME_FONT_ATTRS:
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:ascii"), font)
        fonts.set(qn("w:hAnsi"), font)
    for tag in ("w:sz", "w:szCs"):
        size = r_pr.find(qn(tag))
        if size is not None:
            size.set(qn("w:val"), str(half_points))
    language = r_pr.find(qn("w:lang"))
    if language is not None and lang:
        language.set(qn("w:val"), lang)
        # East Asian text gets its own language tag; only claim it for CJK documents.
        if lang.lower().startswith(_CJK_LANGS):
            language.set(qn("w:eastAsia"), lang)


def add_hyperlink(paragraph: Paragraph, url: str, runs: Sequence[Run]) -> None:
    """Wrap already-added runs of a paragraph in a clickable external hyperlink."""
    if not runs:
        return
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    runs[0].element.addprevious(link)
    for run in runs:
        link.append(run.element)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """Append a field (PAGE, NUMPAGES, ...) whose result Word and LibreOffice recompute."""

    def fld_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run().element.append(char)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run().element.append(instr)
    fld_char("separate")
    paragraph.add_run(shown)
    fld_char("end")


# -- numbering --------------------------------------------------------------------------


def _abstract_num(abstract_id: int, ordered: bool, indent: int, hanging: int) -> Any:
    bullets = ("\u2022", "\u25e6", "\u25aa")
    levels = []
    for level in range(9):
        fmt = "decimal" if ordered else "bullet"
        text = f"%{level + 1}." if ordered else bullets[level % len(bullets)]
        left = indent * (level + 1)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        )
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )


class ListNumbering:
    """Numbering definitions for bulleted and numbered lists; one w:num per list."""

    def __init__(self, document: DocxDocument, indent: int, hanging: int) -> None:
        self._numbering = document.part.numbering_part.element
        nums = self._numbering.findall(qn("w:num"))
        # Counted here once: searching the numbering part for each new list is quadratic.
        self._next_num = max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1
        ids = [int(n.get(qn("w:abstractNumId"))) for n in self._abstracts()]
        self._bullet_id = max(ids, default=-1) + 1
        self._ordered_id = self._bullet_id + 1
        for abstract_id, ordered in ((self._bullet_id, False), (self._ordered_id, True)):
            definition = _abstract_num(abstract_id, ordered, indent, hanging)
            existing = self._abstracts()
            if existing:
                existing[-1].addnext(definition)
            else:
                self._numbering.insert(0, definition)

    def _abstracts(self) -> list[Any]:
        return list(self._numbering.findall(qn("w:abstractNum")))

    def new_list(self, ordered: bool, level: int, start: int) -> int:
        """A fresh w:num for one list, so numbered lists restart; returns its numId."""
        num_id = self._next_num
        self._next_num += 1
        abstract = self._ordered_id if ordered else self._bullet_id
        self._numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract}"/>'
                f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
                f"</w:lvlOverride></w:num>"
            )
        )
        return num_id


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Attach a paragraph to a list at the given nesting level."""
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    _set_child(p_pr, num_pr, _PPR_ORDER)


# -- sections ---------------------------------------------------------------------------


def end_section(paragraph: Paragraph, last: BaseOxmlElement, landscape: bool) -> None:
    """Make `paragraph` end a section: a copy of the last section's properties (margins,
    header and footer), turned to landscape or portrait, starting the next on a new page.

    Word stores a section's properties at its end, so the document's own `sectPr` (the
    last section's) is copied once every block is in place.
    """
    properties = deepcopy(last)
    size = properties.find(qn("w:pgSz"))
    if size is not None:
        width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
        short, long = sorted((width, height))
        size.set(qn("w:w"), str(long if landscape else short))
        size.set(qn("w:h"), str(short if landscape else long))
        if landscape:
            size.set(qn("w:orient"), "landscape")
        else:
            size.attrib.pop(qn("w:orient"), None)
    _set_child(paragraph._p.get_or_add_pPr(), properties, _PPR_ORDER)


# -- package ----------------------------------------------------------------------------


def drop_thumbnail(document: DocxDocument) -> None:
    """Remove the template's preview image, which shows a page this document does not have."""
    rels = document.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[r_id]


def replace_app_properties(document: DocxDocument, company: str) -> None:
    """Swap the template's docProps/app.xml (it names another application) for our own."""
    package = document.part.package
    rels = package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.EXTENDED_PROPERTIES]:
        del rels[r_id]
    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{EXTENDED_NS}"><Application>jobarch</Application>'
        f"<Company>{escape(company)}</Company></Properties>"
    ).encode()
    part = Part(PackURI("/docProps/app.xml"), APP_CONTENT_TYPE, blob, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
