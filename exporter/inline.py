"""markdown-it inline tokens -> RichText spans; only safe link targets survive.

Inline tokens are walked as a flat stream with a stack of styles, never recursively, so
thousands of nested emphasis markers cannot exhaust Python's stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import groupby
from urllib.parse import urlsplit

from markdown_it.token import Token

from .model import RichText, Span

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


def rich_text(inline: Token | None, softbreak: str = " ") -> RichText:
    """Flatten an `inline` token's children into merged, styled spans."""
    pieces: list[tuple[str, bool, _Style]] = []  # (text, is code, style)
    style = _PLAIN
    outer: list[_Style] = []
    for token in _flat(inline.children or [] if inline is not None else []):
        kind = token.type
        if kind in _OPENERS:
            outer.append(style)
            style = _OPENERS[kind](style, token)
        elif kind in _CLOSERS:
            style = outer.pop() if outer else _PLAIN
        elif kind == "softbreak":
            pieces.append((softbreak, False, style))
        elif kind == "hardbreak":
            pieces.append(("\n", False, style))
        elif kind == "code_inline":
            pieces.append((token.content, True, style))
        elif token.content:
            # text, text_special, html_inline (raw HTML is off, so this is literal text)
            # and any kind we do not know: keep the text rather than drop it.
            pieces.append((token.content, False, style))
    return RichText(tuple(_merge(pieces)))


def split_lines(inline: Token) -> list[RichText]:
    """An inline token cut at its soft and hard line breaks: one RichText per source line."""
    text = rich_text(inline, softbreak="\n")
    lines: list[list[Span]] = [[]]
    for span in text.spans:
        for index, part in enumerate(span.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(replace(span, text=part))
    return [RichText(tuple(line)) for line in lines]


def _flat(tokens: list[Token]) -> Iterator[Token]:
    """Tokens in order, an image replaced by its alt-text tokens (images are never fetched)."""
    pending: list[Iterator[Token]] = [iter(tokens)]
    while pending:
        for token in pending[-1]:
            if token.type == "image":
                pending.append(iter(token.children or []))
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
