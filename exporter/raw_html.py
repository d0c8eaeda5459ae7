"""Raw HTML in a Markdown source, split by Python's HTML parser into what we do with it.

Renderers hide comments and never show `<style>` or `<script>` content; `<br>` breaks a
line. Everything else is kept as the literal text the author typed (tags included), so
nothing is lost and nothing is interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

# Elements whose content no renderer shows as text.
HIDDEN_ELEMENTS = frozenset({"script", "style"})

PieceKind = Literal["text", "break", "comment", "hidden", "tag"]


@dataclass(frozen=True)
class Piece:
    """One piece of raw HTML: literal text, a line break, or something hidden."""

    kind: PieceKind
    text: str  # the source text of the piece ("" for a break)
    name: str = ""  # the tag name for `tag` and `hidden` pieces
    line: int = 0  # 0-based line within the HTML where the piece starts


class _Splitter(HTMLParser):
    """Collects pieces; entities are left as typed (the Markdown parser decodes them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.pieces: list[Piece] = []
        self.hidden_depth: str | None = None

    def _add(self, kind: PieceKind, text: str, name: str = "") -> None:
        self.pieces.append(Piece(kind, text, name, self.getpos()[0] - 1))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag == "br":
            self._add("break", "")
        elif tag in HIDDEN_ELEMENTS:
            self.hidden_depth = tag
            self._add("hidden", raw, tag)
        else:
            self._add("tag", raw, tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # `</br>`: browsers break the line here too
            self._add("break", "")
        elif tag in HIDDEN_ELEMENTS:
            self.hidden_depth = None
            self._add("hidden", f"</{tag}>", tag)
        else:
            self._add("tag", f"</{tag}>", tag)

    def handle_data(self, data: str) -> None:
        self._add("hidden" if self.hidden_depth else "text", data, self.hidden_depth or "")

    def handle_comment(self, data: str) -> None:
        self._add("comment", f"<!--{data}-->")

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self._add("tag", f"<!{decl}>", "!doctype")

    def handle_pi(self, data: str) -> None:
        self._add("tag", f"<?{data}>", "?")

    def unknown_decl(self, data: str) -> None:
        self._add("tag", f"<![{data}]]>", "![")


def split(html: str) -> list[Piece]:
    """The pieces of a raw HTML fragment, in order; unfinished markup is kept as text."""
    splitter = _Splitter()
    splitter.feed(html)
    splitter.close()
    return splitter.pieces


def is_break(html: str) -> bool:
    """True for `<br>`, `<br/>`, `<br />` (and `</br>`): a line break."""
    pieces = split(html)
    return len(pieces) == 1 and pieces[0].kind == "break"


def is_comment(html: str) -> bool:
    """True for a lone HTML comment."""
    pieces = split(html)
    return len(pieces) == 1 and pieces[0].kind == "comment"
