"""Document + Theme -> the handbook's HTML (Jinja2, autoescaped), the input of the PDF writer."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import assert_never

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

from ...line_breaks import runs
from ...model import (
    Block,
    CodeBlock,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    TableRef,
    walk,
)
from ...presentation import Presentation, TableView

TEMPLATE = "handbook.html.j2"
CARDS_PER_ROW = {False: 3, True: 4}  # portrait, landscape

# Words longer than this get a <wbr> every WBR_EVERY characters: WeasyPrint lays out an
# unbreakable word again for every line it spills onto (quadratic time), break points
# keep a 20,000-character word to seconds instead of minutes.
LONG_WORD = 48
WBR_EVERY = 6
_WORDS = re.compile(r"\S+|\s+")
_GLUE = frozenset({"\u200d", "\ufe0e", "\ufe0f"})  # ZWJ and variation selectors


# ---------------------------------------------------------------- public API


def render_html(presentation: Presentation) -> str:
    """The complete handbook HTML for a presentation, styled by the theme's stylesheet."""
    document, theme = presentation.document, presentation.theme
    # The parser already took a leading `#` title heading out of the prose; like the DOCX
    # writer, print the rest as it stands.
    blocks = document.blocks
    levels = _HeadingLevels(blocks)
    created = presentation.properties.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return _template().render(
        heading_level=levels,
        title_levels=_title_levels(document, levels),
        document=document,
        theme=theme,
        blocks=blocks,
        views=presentation.tables,
        unplaced=[presentation.tables[index] for index in presentation.unplaced],
        lang=presentation.properties.language,
        created=created,
        logo_href=theme.logo.file.as_uri(),
        logo_alt=presentation.logo_alt,
        # When every table is wide the whole document is landscape; otherwise wide tables
        # move to landscape pages of their own.
        wide_pages=not presentation.landscape_document,
        facts=presentation.facts,
        contents=presentation.contents,
        profiles=presentation.profiles,
    )


def card_columns(view: TableView) -> int:
    """Role cards per row: fewer on a portrait page."""
    return max(1, min(len(view.comparison.roles), CARDS_PER_ROW[view.landscape]))


def inline_pieces(text: str, *, preformatted: bool = False) -> list[tuple[str, str]]:
    """Split text into ("text", s), ("br", "") and ("wbr", "") pieces for the template."""
    pieces: list[tuple[str, str]] = []
    lines = [text] if preformatted else text.split("\n")
    for number, line in enumerate(lines):
        if number:
            pieces.append(("br", ""))
        for word in _WORDS.findall(line):
            if len(word) <= LONG_WORD or word.isspace():
                pieces.append(("text", word))
                continue
            # Only stretches Pango cannot break get <wbr>s: each is a box of its own, and
            # a long run of text that breaks by itself ("[a](b[a](b...") would otherwise
            # become tens of thousands of them (49 s and 1.3 GB for 250,000 characters).
            for run in runs(word):
                if len(run) <= LONG_WORD:
                    pieces.append(("text", run))
                    continue
                for index, chunk in enumerate(_chunks(run)):
                    if index:
                        pieces.append(("wbr", ""))
                    pieces.append(("text", chunk))
    return _merged(pieces)


def _merged(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Neighbouring text pieces joined into one, so the template writes fewer pieces."""
    merged: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


# ---------------------------------------------------------------- helpers


@functools.cache
def _template() -> Template:
    """The handbook template, compiled once per process (compiling costs more than rendering)."""
    environment = Environment(
        loader=PackageLoader("exporter.writers.pdf", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["pieces"] = inline_pieces
    environment.globals["kind"] = _kind
    environment.globals["card_columns"] = card_columns
    return environment.get_template(TEMPLATE)


def _kind(block: Block) -> str:
    """The template's name for a kind of block; mypy checks that every kind has one."""
    match block:
        case Heading():
            return "Heading"
        case Paragraph():
            return "Paragraph"
        case ListBlock():
            return "ListBlock"
        case Quote():
            return "Quote"
        case CodeBlock():
            return "CodeBlock"
        case Rule():
            return "Rule"
        case TableRef():
            return "TableRef"
        case _:
            assert_never(block)


def _title_levels(document: Document, levels: _HeadingLevels) -> dict[int, int]:
    """Each comparison's title level: one below the nearest heading above it."""
    found: dict[int, int] = {}
    level = 1
    for block in walk(document.blocks):
        if isinstance(block, Heading):
            level = levels(block.level)
        elif isinstance(block, TableRef):
            found.setdefault(block.index, min(level + 1, 6))
    return found


class _HeadingLevels:
    """Source heading level -> HTML level: the document's top prose level becomes <h2>.

    The title is the only <h1>; sources that start their sections at `##` (the title
    being `#`) and sources that start at `#` both get <h2> sections, so the outline nests
    under the title and the stylesheet's section styles apply.
    """

    def __init__(self, blocks: Sequence[Block]) -> None:
        levels = [block.level for block in walk(blocks) if isinstance(block, Heading)]
        self.top = min(levels, default=1)

    def __call__(self, level: int) -> int:
        return min(max(level - self.top + 2, 2), 6)


def _chunks(word: str) -> Iterator[str]:
    """Cut a long word every WBR_EVERY characters, never inside a combining sequence."""
    start = 0
    while start < len(word):
        stop = min(start + WBR_EVERY, len(word))
        while stop < len(word) and (
            unicodedata.combining(word[stop]) or word[stop] in _GLUE or word[stop - 1] in _GLUE
        ):
            stop += 1
        yield word[start:stop]
        start = stop
