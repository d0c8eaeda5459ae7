"""Rich text into Word runs: character styles, direct emphasis and hyperlinks."""

from __future__ import annotations

from itertools import groupby

from docx.text.paragraph import Paragraph

from ...model import RichText
from . import wordml
from .body import StyleIds
from .styles import CODE_CHAR, CODE_LINK, LINK, rgb
from .text import clean


def add_rich(
    paragraph: Paragraph,
    rich: RichText,
    ids: StyleIds,
    style: str | None = None,
    colour: str = "",
) -> None:
    """Append styled spans; consecutive spans with one target share one hyperlink.

    `ids` gives character styles by id: python-docx's lookup by name scans every style.
    """
    for href, group in groupby(rich.spans, key=lambda span: span.href):
        runs = []
        for span in group:
            text = clean(span.text)
            if not text:
                continue
            run = wordml.add_text_run(paragraph, text)
            if span.code:
                wordml.set_run_style(run, ids(CODE_LINK if href else CODE_CHAR))
            elif href:
                wordml.set_run_style(run, ids(LINK))
            elif style:
                wordml.set_run_style(run, ids(style))
            # Only what a span asks for: unset properties keep runs free of direct formatting.
            if span.bold:
                run.bold = True
            if span.italic:
                run.italic = True
            if span.strike:
                run.font.strike = True
            if colour and href:
                # A link on a coloured fill keeps the fill's text colour to stay legible.
                run.font.color.rgb = rgb(colour)
            runs.append(run)
        if href:
            wordml.add_hyperlink(paragraph, href, runs)
