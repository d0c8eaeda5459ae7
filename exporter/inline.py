"""markdown-it inline tokens -> RichText spans; only safe link targets survive.

Inline tokens are walked as a flat stream with a stack of styles, never recursively, so
thousands of nested emphasis markers cannot exhaust Python's stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from urllib.parse import urlsplit

from markdown_it.token import Token

from .model import RichText, Span

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_OPENERS: dict[str, Callable[[Span, Token], Span]] = {
    "strong_open": lambda span, token: replace(span, bold=True),
    "em_open": lambda span, token: replace(span, italic=True),
    "s_open": lambda span, token: replace(span, strike=True),
    "link_open": lambda span, token: replace(
        span, href=safe_href(str(token.attrs.get("href", ""))) or span.href
    ),
}
_CLOSERS = frozenset({"strong_close", "em_close", "s_close", "link_close"})


def safe_href(href: str) -> str | None:
    """The link target if its scheme is http, https or mailto, else None."""
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return None
    return href.strip() if scheme in SAFE_SCHEMES else None


def rich_text(inline: Token | None, softbreak: str = " ") -> RichText:
    """Flatten an `inline` token's children into merged, styled spans."""
    spans: list[Span] = []
    style = Span("")
    outer: list[Span] = []
    for token in _flat(inline.children or [] if inline is not None else []):
        kind = token.type
        if kind in _OPENERS:
            outer.append(style)
            style = _OPENERS[kind](style, token)
        elif kind in _CLOSERS:
            style = outer.pop() if outer else Span("")
        elif kind == "softbreak":
            spans.append(replace(style, text=softbreak))
        elif kind == "hardbreak":
            spans.append(replace(style, text="\n"))
        elif kind == "code_inline":
            spans.append(replace(style, text=token.content, code=True))
        elif token.content:
            # text, text_special, html_inline (raw HTML is off, so this is literal text)
            # and any kind we do not know: keep the text rather than drop it.
            spans.append(replace(style, text=token.content))
    return RichText(tuple(_merge(spans)))


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


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbouring spans of the same style, drop empty ones."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and replace(merged[-1], text="") == replace(span, text=""):
            merged[-1] = replace(span, text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged
