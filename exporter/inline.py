"""markdown-it inline tokens -> RichText spans; only safe link targets survive.

Inline tokens are walked as a flat stream with a stack of styles, never recursively, so
thousands of nested emphasis markers cannot exhaust Python's stack. Raw HTML in the text
is split by `raw_html`: `<br>` breaks the line, comments and `<style>`/`<script>` vanish,
every other tag stays as the text typed; the caller hears of each piece not shown as is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import groupby
from urllib.parse import urlsplit

from markdown_it.token import Token

from .model import RichText, Span
from .raw_html import Piece, split

# Told (line offset within the inline text, piece) of raw HTML hidden or shown as text.
HtmlListener = Callable[[int, Piece], None]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# A style is (bold, italic, strike, href); openers derive the style inside them.
_Style = tuple[bool, bool, bool, str | None]
_OPENERS: dict[str, Callable[[_Style, Token], _Style]] = {
    "strong_open": lambda style, token: (True, style[1], style[2], style[3]),
    "em_open": lambda style, token: (style[0], True, style[2], style[3]),
    "s_open": lambda style, token: (style[0], style[1], True, style[3]),
    "link_open": lambda style, token: (
        *style[:3],
        safe_href(str(token.attrs.get("href", ""))) or style[3],
    ),
}
_CLOSERS = frozenset({"strong_close", "em_close", "s_close", "link_close"})
_PLAIN: _Style = (False, False, False, None)


def safe_href(href: str) -> str | None:
    """The link target if its scheme is http, https or mailto, else None."""
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return None
    return href.strip() if scheme in SAFE_SCHEMES else None


def rich_text(
    inline: Token | None, softbreak: str = " ", on_html: HtmlListener | None = None
) -> RichText:
    """Flatten an `inline` token's children into merged, styled spans."""
    pieces: list[tuple[str, bool, _Style]] = []  # (text, is code, style)
    style = _PLAIN
    outer: list[_Style] = []
    line = 0
    for token in _flat(inline.children or [] if inline is not None else []):
        kind = token.type
        if kind in _OPENERS:
            outer.append(style)
            style = _OPENERS[kind](style, token)
        elif kind in _CLOSERS:
            style = outer.pop() if outer else _PLAIN
        elif kind == "softbreak":
            line += 1
            pieces.append((softbreak, False, style))
        elif kind == "hardbreak":
            line += 1
            pieces.append(("\n", False, style))
        elif kind == "code_inline":
            pieces.append((token.content, True, style))
        elif kind == "html_inline":
            for piece in split(token.content):
                if piece.kind == "break":
                    pieces.append(("\n", False, style))
                    continue
                if piece.kind == "text":
                    pieces.append((piece.text, False, style))
                    continue
                if piece.kind != "comment":
                    # Only whole HTML blocks of <style> or <script> are hidden: an inline
                    # tag, even <script>, is text the author typed, shown as typed.
                    pieces.append((piece.text, False, style))
                    piece = replace(piece, kind="tag")
                if on_html is not None:
                    on_html(line + piece.line, piece)
            line += token.content.count("\n")
        elif token.content:
            # text, text_special and any kind we do not know: keep the text, never drop it.
            pieces.append((token.content, False, style))
    return RichText(tuple(_merge(pieces)))


def split_lines(inline: Token, on_html: HtmlListener | None = None) -> list[RichText]:
    """An inline token cut at its soft and hard line breaks: one RichText per source line."""
    text = rich_text(inline, softbreak="\n", on_html=on_html)
    lines: list[list[Span]] = [[]]
    for span in text.spans:
        for index, part in enumerate(span.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(replace(span, text=part))
    return [RichText(tuple(line)) for line in lines]


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _flat(tokens: list[Token]) -> Iterator[Token]:
    """Tokens in order, an image replaced by `[image: ALT]` (images are never fetched)."""
    pending: list[Iterator[Token]] = [iter(tokens)]
    while pending:
        for token in pending[-1]:
            if token.type == "image":
                alt = token.children or []
                label = [_text("[image: "), *alt, _text("]")] if alt else [_text("[image]")]
                pending.append(iter(label))
                break
            yield token
        else:
            pending.pop()


def _merge(pieces: list[tuple[str, bool, _Style]]) -> Iterator[Span]:
    """One span per run of same-styled pieces, empty ones dropped (joined once: linear)."""
    for (code, (bold, italic, strike, href)), run in groupby(
        (piece for piece in pieces if piece[0]), key=lambda piece: (piece[1], piece[2])
    ):
        text = "".join(piece[0] for piece in run)
        yield Span(text, bold=bold, italic=italic, code=code, strike=strike, href=href)
