"""Paragraph styles the profiles and the contents add beside the theme's (styles.py)."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import ParagraphStyle

from . import wordml
from .style_index import StyleIndex
from .styles import rgb


def paragraph_style(styles: StyleIndex, name: str, base: str, style_id: str = "") -> ParagraphStyle:
    """The paragraph style `name`, added on `base` if the document lacks it.

    `style_id` names a built-in style the way Word does ("TOC1" for "toc 1"), so Word and
    other readers know it as their own.
    """
    if name in styles:
        found = styles[name]
        assert isinstance(found, ParagraphStyle)
        return found
    style = styles.add(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    if style_id:
        style.element.set(qn("w:styleId"), style_id)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def set_font(style: ParagraphStyle, family: str, points: float, colour: str) -> None:
    """Family, size (to the half point) and colour (`#RRGGBB`) of a style's text."""
    font = style.font
    font.name = family
    font.size = Pt(round(points * 2) / 2)
    font.color.rgb = rgb(colour)
    wordml.use_explicit_fonts(style)
