"""Text and rich text as HTML: escaped, line breaks as <br>, break points in long words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ...line_breaks import runs
from ...model import RichText, Span

# Words longer than this get a <wbr> every WBR_EVERY characters: WeasyPrint lays out an
# unbreakable word again for every line it spills onto (quadratic time), break points
# keep a 20,000-character word to seconds instead of minutes.
LONG_WORD = 48
WBR_EVERY = 6
# A heading's running text is cut after this many characters: about a line of the footer.
RUNNING_CHARS = 120
_WORDS = re.compile(r"\S+|\s+")
_GLUE = frozenset({"\u200d", "\ufe0e", "\ufe0f"})  # ZWJ and variation selectors
# The five characters that can end a text or a quoted attribute value, as the entities
# MarkupSafe writes: a source's text never becomes markup.
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def escape(value: object) -> str:
    """Any value as HTML text or as a quoted attribute value: nothing in it is markup."""
    return str(value).translate(_ENTITIES)


def text_html(value: str, *, preformatted: bool = False) -> str:
    """Plain text as HTML: line breaks as <br>, break points of long words as <wbr>."""
    return "".join(
        "<br>" if kind == "br" else "<wbr>" if kind == "wbr" else escape(part)
        for kind, part in inline_pieces(value, preformatted=preformatted)
    )


def running_text(value: str) -> str:
    """A heading's text as the running header or footer prints it (`data-section`).

    A long word keeps the heading's break points, as zero-width spaces: a page's margin
    box is never narrower than the longest word it holds (WeasyPrint sizes it so), and such
    a word ran off the page. A line break is a space. A text longer than RUNNING_CHARS is
    cut there and ends in an ellipsis: WeasyPrint sizes the margin boxes on every page by
    laying out each piece of their text between break points (a 20,000-letter heading took
    seven minutes).
    """
    cut = _cut(value, RUNNING_CHARS)
    text = "".join(
        "\u200b" if kind == "wbr" else " " if kind == "br" else part
        for kind, part in inline_pieces(cut)
    )
    return text if cut == value else text.rstrip() + "\u2026"


def _cut(text: str, limit: int) -> str:
    """The text's first `limit` characters, and the marks that go with the last one."""
    stop = min(limit, len(text))
    while stop < len(text) and (
        unicodedata.combining(text[stop]) or text[stop] in _GLUE or text[stop - 1] in _GLUE
    ):
        stop += 1
    return text[:stop]


def rich_html(value: RichText) -> str:
    """Rich text as HTML: each span in the tags of its marks, a link outermost."""
    return "".join(_span_html(span) for span in value.spans)


def _span_html(span: Span) -> str:
    opening, closing = [], []
    if span.href:
        opening.append(f'<a href="{escape(span.href)}">')
        closing.append("</a>")
    for marked, tag in (
        (span.bold, "strong"),
        (span.italic, "em"),
        (span.strike, "s"),
        (span.code, "code"),
    ):
        if marked:
            opening.append(f"<{tag}>")
            closing.append(f"</{tag}>")
    return "".join(opening) + text_html(span.text) + "".join(reversed(closing))


def inline_pieces(text: str, *, preformatted: bool = False) -> list[tuple[str, str]]:
    """Split text into ("text", s), ("br", "") and ("wbr", "") pieces."""
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
    """Neighbouring text pieces joined into one."""
    merged: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


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
