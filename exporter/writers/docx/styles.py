"""The named Word styles the DOCX writer uses, built from the Theme's fonts and colours."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_UNDERLINE
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import CharacterStyle, ParagraphStyle

from ...theme import Colours, Theme
from . import wordml
from .style_index import StyleIndex

# Style names: Word's built-in names where one exists, so users restyle what they know;
# "Source Code" and "Verbatim Char" are the names pandoc and other tools read as code.
TITLE = "Title"
LEDE = "Lede"
META = "Document Meta"
BODY = "Normal"
CAPTION = "Caption"
QUOTE = "Quote"
CODE = "Source Code"
CODE_CHAR = "Verbatim Char"
LINK = "Hyperlink"
CODE_LINK = "Code Link"
RULE = "Horizontal Rule"
CARD = "Role Card"
CARD_FOCUS = "Role Card Focus"
CARD_GAP = "Role Card Gap"
ROLE_TITLE = "Role Title"
TABLE = "Comparison Table"
BULLETS = ("List Bullet", "List Bullet 2", "List Bullet 3")
NUMBERS = ("List Number", "List Number 2", "List Number 3")
CONTINUES = ("List Continue", "List Continue 2", "List Continue 3")

# Indents the styles set and the document builder repeats for blocks nested in lists.
CARD_INDENT = Mm(4)
QUOTE_INDENT = Mm(6)
CODE_INDENT = Mm(3)
LIST_INDENT, LIST_HANGING = 360, 270  # twips


def rgb(colour: str) -> RGBColor:
    """A theme colour (`#RRGGBB`) as python-docx's RGBColor."""
    return RGBColor.from_string(Colours.hex(colour))


def tint(colour: str, strength: float) -> str:
    """`colour` laid over white at `strength` (0..1), as RRGGBB."""
    hexa = Colours.hex(colour)
    channels = (int(hexa[i : i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in channels)


class Styles:
    """Defines the document's named styles from the theme."""

    def __init__(self, doc: DocxDocument, theme: Theme, text_width: int) -> None:
        self.doc = doc
        self.colours = theme.colours
        # Office files name fonts the reader's machine has: the theme's Office fonts.
        self.fonts = theme.office_fonts
        self.size = theme.fonts.size
        # Width between the margins in twips: the running header's tab stops divide it.
        self.text_width = text_width
        self.index = StyleIndex(doc)

    def _paragraph(self, name: str, base: str | None = BODY) -> ParagraphStyle:
        """The paragraph style `name`, added if the template lacks it, based on `base`."""
        styles = self.index
        if name in styles:
            style = styles[name]
        else:
            style = styles.add(name, WD_STYLE_TYPE.PARAGRAPH)
            style.quick_style = True
        assert isinstance(style, ParagraphStyle)
        if base is not None and style.name != base:
            style.base_style = styles[base]
        return style

    def _character(self, name: str, builtin: bool = False) -> CharacterStyle:
        """The character style `name`, added if the template lacks it."""
        styles = self.index
        if name in styles:
            style = styles[name]
        else:
            style = styles.add(name, WD_STYLE_TYPE.CHARACTER, builtin=builtin)
        assert isinstance(style, CharacterStyle)
        return style

    def _font(self, style: CharacterStyle, family: str, scale: float, colour: str) -> None:
        """Family, size (`scale` times the body size, to the half point) and colour."""
        font = style.font
        font.name = family
        font.size = Pt(round(self.size * scale * 2) / 2)
        font.color.rgb = rgb(colour)
        wordml.use_explicit_fonts(style)

    def define(self, lang: str) -> None:
        """Create or restyle every style the writer uses."""
        c, f = self.colours, self.fonts
        wordml.set_document_defaults(self.doc, f.body, round(self.size * 2), lang)
        normal = self._paragraph(BODY, base=None)
        self._font(normal, f.body, 1.0, c.text)
        normal.paragraph_format.space_after = Pt(self.size * 0.6)
        normal.paragraph_format.line_spacing = 1.15
        self._titles()
        self._prose()
        self._cards()
        self._running()

    def _titles(self) -> None:
        """Title, lede, front-matter line, headings and table captions."""
        c, f = self.colours, self.fonts
        title = self._paragraph(TITLE)
        self._font(title, f.heading, 2.6, c.primary)
        title.font.bold = True
        wordml.clear_character_spacing(title)
        wordml.clear_paragraph_borders(title)
        wordml.style_paragraph_border(title, "bottom", Colours.hex(c.accent), 18, space=6)
        title.paragraph_format.space_before = Pt(self.size * 0.6)
        title.paragraph_format.space_after = Pt(self.size * 0.9)
        lede = self._paragraph(LEDE)
        self._font(lede, f.heading, 1.3, c.text)
        lede.paragraph_format.space_after = Pt(self.size * 0.6)
        lede.paragraph_format.line_spacing = 1.1
        meta = self._paragraph(META)
        self._font(meta, f.body, 0.9, c.muted)
        meta.paragraph_format.space_after = Pt(self.size)
        for level, scale in enumerate((1.7, 1.35, 1.15, 1.0, 1.0, 1.0), start=1):
            heading = self._paragraph(f"Heading {level}")
            self._font(heading, f.heading, scale, c.primary)
            heading.font.bold = True
            heading.font.italic = level >= 5
            heading.paragraph_format.space_before = Pt(self.size * (1.6 if level <= 2 else 1.1))
            heading.paragraph_format.space_after = Pt(self.size * 0.4)
            heading.paragraph_format.keep_with_next = True
        caption = self._paragraph(CAPTION)
        self._font(caption, f.heading, 1.0, c.muted)
        caption.font.bold = True
        caption.paragraph_format.keep_with_next = True

    def _prose(self) -> None:
        """Quotes, code, links, rules and lists."""
        c, f = self.colours, self.fonts
        quote = self._paragraph(QUOTE)
        self._font(quote, f.body, 1.0, c.muted)
        quote.font.italic = True
        quote.paragraph_format.left_indent = QUOTE_INDENT
        wordml.style_paragraph_border(quote, "left", Colours.hex(c.border), 18, space=8)
        code = self._paragraph(CODE)
        self._font(code, f.mono, 0.88, c.text)
        code.paragraph_format.line_spacing = 1.0
        code.paragraph_format.left_indent = CODE_INDENT
        code.paragraph_format.right_indent = Mm(3)
        wordml.style_paragraph_shading(code, Colours.hex(c.band))
        for side in ("top", "left", "bottom", "right"):
            wordml.style_paragraph_border(code, side, Colours.hex(c.band), 4, space=4)
        code_char = self._character(CODE_CHAR)
        code_char.font.name = f.mono
        wordml.use_explicit_fonts(code_char)
        link = self._character(LINK, builtin=True)  # Word's own Hyperlink style
        link.font.color.rgb = rgb(c.primary)
        link.font.underline = WD_UNDERLINE.SINGLE
        code_link = self._character(CODE_LINK)
        code_link.base_style = code_char
        code_link.font.color.rgb = rgb(c.primary)
        code_link.font.underline = WD_UNDERLINE.SINGLE
        rule = self._paragraph(RULE)
        wordml.style_paragraph_border(rule, "bottom", Colours.hex(c.border), 8, space=1)
        rule.paragraph_format.space_after = Pt(self.size)
        for name in BULLETS + NUMBERS + CONTINUES:
            style = self._paragraph(name)
            style.paragraph_format.space_after = Pt(self.size * 0.3)
            if name in CONTINUES:
                depth = CONTINUES.index(name) + 1
                style.paragraph_format.left_indent = Twips(LIST_INDENT * depth)

    def _cards(self) -> None:
        """Role cards (plain and focus), the gap between them and the role title."""
        c, f = self.colours, self.fonts
        for name, edge, fill in (
            (CARD, c.primary, Colours.hex(c.band)),
            (CARD_FOCUS, c.accent, tint(c.accent, 0.12)),
        ):
            card = self._paragraph(name, base=BODY if name == CARD else CARD)
            card.paragraph_format.left_indent = CARD_INDENT
            card.paragraph_format.right_indent = Mm(2)
            card.paragraph_format.space_after = Pt(0)
            card.paragraph_format.keep_with_next = True
            card.paragraph_format.keep_together = True
            wordml.style_paragraph_shading(card, fill)
            wordml.style_paragraph_border(card, "left", Colours.hex(edge), 24, space=8)
            for side in ("top", "bottom", "right"):
                wordml.style_paragraph_border(card, side, fill, 4, space=4)
        gap = self._paragraph(CARD_GAP)
        gap.paragraph_format.space_after = Pt(0)
        gap.paragraph_format.line_spacing = Pt(self.size * 0.6)
        gap.paragraph_format.keep_with_next = True
        gap.font.size = Pt(2)
        role_title = self._character(ROLE_TITLE)
        role_title.font.name = f.heading
        role_title.font.bold = True
        role_title.font.size = Pt(round(self.size * 1.1 * 2) / 2)
        role_title.font.color.rgb = rgb(c.primary)
        wordml.use_explicit_fonts(role_title)

    def table(self, suffix: str, scale: float) -> tuple[str, str, str]:
        """The table style plus text/header/label paragraph styles for one density."""
        c, f = self.colours, self.fonts
        names = (f"Table Text{suffix}", f"Table Header{suffix}", f"Table Dimension{suffix}")
        if names[0] in self.index:
            return names
        if TABLE not in self.index:
            table = self.index.add(TABLE, WD_STYLE_TYPE.TABLE)
            assert isinstance(table, ParagraphStyle)  # python-docx's table style is one
            # A template may lack Word's base table style; the table style then stands alone.
            if "Normal Table" in self.index:
                table.base_style = self.index["Normal Table"]
            wordml.style_table_borders(
                table, Colours.hex(c.primary), Colours.hex(c.border), heavy=12, light=4
            )
            wordml.style_table_margins(table, vertical=60, horizontal=100)
        text = self._paragraph(names[0])
        self._font(text, f.body, scale, c.text)
        text.paragraph_format.space_after = Pt(0)
        text.paragraph_format.line_spacing = 1.08
        header = self._paragraph(names[1], base=names[0])
        self._font(header, f.heading, scale, c.on_primary)
        header.font.bold = True
        label = self._paragraph(names[2], base=names[0])
        self._font(label, f.heading, scale, c.primary)
        label.font.bold = True
        return names

    def _running(self) -> None:
        """Running header and footer: small, muted, ruled off, tab stops centre and right."""
        c, f = self.colours, self.fonts
        for name in ("Header", "Footer"):
            style = self._paragraph(name)
            self._font(style, f.body, 0.85, c.muted)
            tabs = style.paragraph_format.tab_stops
            tabs.clear_all()
            tabs.add_tab_stop(Twips(self.text_width // 2), WD_TAB_ALIGNMENT.CENTER)
            tabs.add_tab_stop(Twips(self.text_width), WD_TAB_ALIGNMENT.RIGHT)
            side = "bottom" if name == "Header" else "top"
            wordml.style_paragraph_border(style, side, Colours.hex(c.border), 4, space=4)
