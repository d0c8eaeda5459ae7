"""markdown-it inline nodes -> RichText spans; only safe link targets survive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

from markdown_it.tree import SyntaxTreeNode

from .model import RichText, Span

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_STYLED: dict[str, Callable[[Span], Span]] = {
    "strong": lambda span: replace(span, bold=True),
    "em": lambda span: replace(span, italic=True),
    "s": lambda span: replace(span, strike=True),
}


def safe_href(href: str) -> str | None:
    """The link target if its scheme is http, https or mailto, else None."""
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return None
    return href.strip() if scheme in SAFE_SCHEMES else None


def rich_text(inline: SyntaxTreeNode | None, softbreak: str = " ") -> RichText:
    """Flatten an `inline` node's children into merged, styled spans."""
    spans: list[Span] = []
    if inline is not None:
        _collect(inline.children, Span(""), spans, softbreak)
    return RichText(tuple(_merge(spans)))


def split_lines(inline: SyntaxTreeNode) -> list[RichText]:
    """An inline node cut at its soft and hard line breaks: one RichText per source line."""
    text = rich_text(inline, softbreak="\n")
    lines: list[list[Span]] = [[]]
    for span in text.spans:
        parts = span.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append(replace(span, text=part))
    return [RichText(tuple(line)) for line in lines]


def _collect(nodes: list[SyntaxTreeNode], style: Span, out: list[Span], softbreak: str) -> None:
    for node in nodes:
        kind = node.type
        if kind in ("text", "text_special", "html_inline"):
            out.append(replace(style, text=node.content))
        elif kind == "softbreak":
            out.append(replace(style, text=softbreak))
        elif kind == "hardbreak":
            out.append(replace(style, text="\n"))
        elif kind == "code_inline":
            out.append(replace(style, text=node.content, code=True))
        elif kind in _STYLED:
            _collect(node.children, _STYLED[kind](style), out, softbreak)
        elif kind == "link":
            href = safe_href(str(node.attrs.get("href", "")))
            _collect(node.children, replace(style, href=href or style.href), out, softbreak)
        elif kind == "image":
            # Images are never fetched: their alt text stands in their place.
            _collect(node.children, style, out, softbreak)
        else:
            # Any other inline kind still carries text: keep it rather than drop it.
            if node.children:
                _collect(node.children, style, out, softbreak)
            elif node.content:
                out.append(replace(style, text=node.content))


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
