"""An HTML `<table>` in a Markdown source -> a SourceTable, read with Python's HTML parser.

Read: `table`, `caption`, `thead`/`tbody`/`tfoot`, `tr`, `th`/`td`; in cells text, `<br>`,
`b`/`strong`, `i`/`em`, `code`/`kbd`/`samp`/`tt`, `s`/`del`/`strike`, `a href` (the same
link rules as Markdown) and `img` (its alt text). Block elements inside a cell (`p`, `div`,
`li`, ...) start a new line. Any other element is read as its text, with a warning that
names it; `colspan` and `rowspan` are refused, since a spanned cell belongs to several
roles or dimensions at once. The first row is the header; a row of only `<br>` (a spacer)
is left out. Comments, `<style>` and `<script>` are left out, each with a note.

As on GitHub, text in a cell after a blank line is Markdown (a blank line ends an HTML
block; CommonMark reads what follows as Markdown until the next line that starts with a
tag): its emphasis, code and links become styled text, each paragraph or list item a line
of its own (list items keep the marker they were written with).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it.token import Token

from .inline import rich_text, safe_href
from .model import RichText, Span
from .raw_html import HIDDEN_ELEMENTS
from .tables import Cell, Row, SourceTable

Report = Callable[[int, int, str, str, str], None]
_Style = tuple[bool, bool, bool, bool, str | None]  # bold, italic, code, strike, link target
Markdown = Callable[[str], list[Token]]
# Characters to stand for inline HTML while Markdown styles are read: the first one the
# shown text does not hold (private use, then a noncharacter).
_MARKERS = ("\ue000", "\ue001", "\ufdd0")

_STYLES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "cite": "italic",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
}
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
)
_SECTIONS = frozenset({"thead", "tbody", "tfoot", "colgroup", "col"})
# Read as their text without a word: they only change how the text looks.
_QUIET = frozenset({"span", "font", "small", "big", "u", "mark", "sup", "sub", "abbr", "center"})
_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass
class _CellBuilder:
    line: int
    col: int
    pieces: list[tuple[str, _Style]] = field(default_factory=list)
    breaks: int = 0  # `<br>` tags met: a row of cells holding only these is a spacer
    # What the last piece that shows was: nothing yet, a line break, or text.
    last_shown: str = ""

    def add(self, text: str, style: _Style) -> None:
        """Append a piece of text ("\n" for a line break) in a style."""
        self.pieces.append((text, style))
        if text == "\n":
            self.last_shown = "\n"
        elif text.strip():
            self.last_shown = "text"

    def is_blank(self) -> bool:
        """True when the cell shows no text (line breaks aside)."""
        return not any(text.strip() for text, _ in self.pieces)

    def rich(self) -> RichText:
        """The cell's text with HTML white space collapsed, styles merged into spans."""
        spans: list[Span] = []
        for text, (bold, italic, code, strike, href) in self.pieces:
            collapsed = text if text == "\n" else _SPACE.sub(" ", text)
            if not collapsed:
                continue
            style = Span(collapsed, bold, italic, code, strike, href)
            last = spans[-1] if spans else None
            if last is not None and (last.bold, last.italic, last.code, last.strike, last.href) == (
                bold,
                italic,
                code,
                strike,
                href,
            ):
                spans[-1] = Span(last.text + collapsed, bold, italic, code, strike, href)
            else:
                spans.append(style)
        return _trim_lines(spans)


def _trim_lines(spans: list[Span]) -> RichText:
    """Drop spaces at the ends of the text and around line breaks, and empty lines at ends."""
    text = "".join(span.text for span in spans)
    keep = [True] * len(text)
    # Whether only spaces stand between each character and a line break (or the end).
    before_break = [False] * len(text)
    following = True
    for index in range(len(text) - 1, -1, -1):
        before_break[index] = following
        if text[index] != " ":
            following = text[index] == "\n"
    # Spaces next to a line break or at either end show nothing in HTML.
    for index, char in enumerate(text):
        if char == " " and (index == 0 or text[index - 1] in " \n" or before_break[index]):
            keep[index] = False
    stripped = "".join(c for c, k in zip(text, keep, strict=True) if k)
    lead = len(stripped) - len(stripped.lstrip("\n"))
    tail = len(stripped.rstrip("\n"))
    result: list[Span] = []
    position = 0
    out = 0
    for span in spans:
        chars = []
        for char in span.text:
            if keep[position]:
                if lead <= out < tail:
                    chars.append(char)
                out += 1
            position += 1
        if chars:
            result.append(
                Span("".join(chars), span.bold, span.italic, span.code, span.strike, span.href)
            )
    return RichText(tuple(result))


@dataclass
class HtmlTable:
    """What an HTML table gave: its rows (header first), caption, and text outside cells."""

    rows: list[tuple[int, list[_CellBuilder]]] = field(default_factory=list)
    caption: str = ""
    stray: str = ""


class _TableReader(HTMLParser):
    def __init__(self, first_line: int, report: Report) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.report = report
        self.table = HtmlTable()
        self.depth = 0
        self.cell: _CellBuilder | None = None
        self.in_caption = False
        self.hidden: str | None = None
        self.styles: list[tuple[str, str | None]] = []  # (tag, href) open inside the cell
        self.warned: set[str] = set()
        self.refused = False

    def where(self) -> tuple[int, int]:
        line, offset = self.getpos()
        return self.first_line + line - 1, offset + 1

    def _style(self) -> _Style:
        flags = {_STYLES[tag] for tag, _ in self.styles if tag in _STYLES}
        href = next((href for tag, href in reversed(self.styles) if tag == "a" and href), None)
        return ("bold" in flags, "italic" in flags, "code" in flags, "strike" in flags, href)

    def _text(self, text: str) -> None:
        if self.cell is not None:
            # A newline in HTML text is white space like any other, never a "\n" piece,
            # which is a line break (from <br>, or between blocks).
            self.cell.add(text.replace("\n", " "), self._style())

    def _break(self) -> None:
        """Start a new line for a block element, unless the cell is at a line's start."""
        if self.cell is None:
            return
        if self.cell.last_shown == "text":
            self.cell.add("\n", self._style())

    def _warn_once(self, tag: str) -> None:
        if tag in self.warned:
            return
        self.warned.add(tag)
        line, col = self.where()
        self.report(line, col, "warning", f"HTML <{tag}> in a table is read as its text", "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            return
        if tag in HIDDEN_ELEMENTS:
            self.hidden = tag
            line, col = self.where()
            self.report(line, col, "note", f"HTML <{tag}> left out", "")
            return
        if tag == "table":
            self.depth += 1
            if self.depth > 1:
                line, col = self.where()
                self.report(line, col, "error", "a table inside a table cell cannot be read", "")
                self.refused = True
            return
        if tag == "tr":
            self.table.rows.append((self.where()[0], []))
            return
        if tag in ("td", "th"):
            self._cell(attrs)
            return
        if tag == "caption":
            self.in_caption = True
            return
        if tag in _SECTIONS:
            return
        if tag == "br":
            if self.cell is not None:
                self.cell.add("\n", self._style())
                self.cell.breaks += 1
            return
        if tag == "img":
            alt = dict(attrs).get("alt") or ""
            self._text(f"[image: {alt}]" if alt.strip() else "[image]")
            return
        if tag in _BLOCKS:
            self._break()
        elif tag == "a":
            href = safe_href(dict(attrs).get("href") or "")
            self.styles.append((tag, href))
            return
        elif tag not in _STYLES and tag not in _QUIET:
            self._warn_once(tag)
        if tag in _STYLES:
            self.styles.append((tag, None))

    def _cell(self, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.where()
        for name, value in attrs:
            if name in ("colspan", "rowspan") and (value or "1").strip() not in ("", "1"):
                self.report(
                    line,
                    col,
                    "error",
                    f"a cell with {name}={value} spans several columns or rows, which jobarch "
                    "cannot give to one role and one dimension",
                    "write the text into each cell it covers",
                )
                self.refused = True
        if not self.table.rows:
            self.table.rows.append((line, []))
        self.cell = _CellBuilder(line, col)
        self.table.rows[-1][1].append(self.cell)
        self.styles = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<br/>` is one break, not a start and an end

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden:
                self.hidden = None
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "caption":
            self.in_caption = False
        elif tag in _BLOCKS:
            self._break()
        elif tag == "br":
            self.handle_starttag(tag, [])
        elif tag in _STYLES or tag == "a":
            for index in range(len(self.styles) - 1, -1, -1):
                if self.styles[index][0] == tag:
                    del self.styles[index]
                    break

    def handle_comment(self, data: str) -> None:
        line, col = self.where()
        self.report(line, col, "note", "HTML comment left out", "")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.in_caption:
            self.table.caption += data
        elif self.cell is not None:
            self._text(data)
        elif data.strip():
            self.table.stray += data

    def markdown_block(self, tokens: list[Token], lines: list[str]) -> bool:
        """Put a Markdown block (the tokens of `lines`) into the open cell, as GitHub shows
        it; False when no cell is open (the caller reads the lines as HTML text then).

        HTML inside the block (`<b>`, `</td>`) is HTML, as in a browser: it goes to the
        reader, placed at the line and column where it stands."""
        if self.cell is None or self.hidden or self.in_caption:
            return False
        markers: list[str] = []  # each open list item's marker not yet shown, innermost last
        for token in tokens:
            kind = token.type
            if kind == "list_item_open":
                markers.append(f"{token.info}{token.markup}")  # `-`, `*`, or `3.` / `3)`
                continue
            if kind == "list_item_close":
                if markers.pop():  # an empty item still shows its marker
                    self._break()
                    self._put(f"{token.info}{token.markup}")
                continue
            if kind not in ("inline", "fence", "code_block", "hr", "html_block"):
                continue
            self._break()
            if markers and markers[-1]:
                self._put(f"{markers[-1]} ")
                markers[-1] = ""  # an item's later paragraphs carry no marker
            first, last = token.map or (0, 0)
            if kind == "inline":
                self._inline(token, lines, first)
            elif kind == "html_block":
                self._feed_block(token.content, lines, first, last)
            elif kind == "hr":  # shown as typed
                self._put(" ".join(line.strip() for line in lines[first:last] if line.strip()))
            else:
                for number, line in enumerate(token.content.rstrip("\n").split("\n")):
                    if number:
                        self._put("\n")
                    self._put(line, Span(line, code=True))
        return True

    def _inline(self, token: Token, lines: list[str], first: int) -> None:
        """A paragraph's text with its Markdown styles; its inline HTML fed to the reader."""
        children = token.children or []
        html = [child.content for child in children if child.type == "html_inline"]
        spans = rich_text(token).spans
        # Each HTML piece becomes a marker no text holds, so the Markdown styles run on
        # across it (`**a <em>b</em> c**`) while the reader sees the tags between.
        shown = "".join(span.text for span in spans) if html else ""
        marker = next((m for m in _MARKERS if m not in shown), None)
        if not html or marker is None:  # (no text holds all three markers but a hostile one)
            for span in spans:
                self._put(span.text, span)
            line = first
            for piece in html:
                line = self._feed_at(piece, lines, line)
            return
        swapped = Token("inline", "", 0)
        swapped.children = [
            Token("text", "", 0, content=marker) if child.type == "html_inline" else child
            for child in children
        ]
        pieces = iter(html)
        line = first
        for span in rich_text(swapped).spans:
            for number, text in enumerate(span.text.split(marker)):
                if number:
                    piece = next(pieces, "")
                    line = self._feed_at(piece, lines, line)
                if text:
                    self._put(text, span)

    def _feed_block(self, html: str, lines: list[str], first: int, last: int) -> None:
        """Feed an HTML block of a list item: its source lines when only indentation was
        taken off them (so columns stay the source's), else the block as markdown-it has it."""
        own, source = html.rstrip("\n").split("\n"), lines[first:last]
        if len(own) == len(source) and all(
            line.endswith(text) and not line[: len(line) - len(text)].strip()
            for line, text in zip(source, own, strict=True)
        ):
            self.lineno, self.offset = first + 1, 0
            self.feed("".join(line + "\n" for line in source))
        else:
            self._feed_at(html, lines, first)

    def _feed_at(self, html: str, lines: list[str], start: int) -> int:
        """Feed a piece of HTML found on `lines[start]` or after, placed where it stands so
        what the reader reports names its line and column; return the line it ends on."""
        head = html.split("\n", 1)[0].strip()
        line = start
        while line < len(lines) and head not in lines[line]:
            line += 1
        if line == len(lines):  # not found as typed (entities, tabs): the block's first line
            line = start
            column = len(lines[line]) - len(lines[line].lstrip()) if line < len(lines) else 0
        else:
            column = lines[line].index(head)
        self.lineno, self.offset = line + 1, column
        self.feed(html)
        return line + html.count("\n")

    def _put(self, text: str, span: Span | None = None) -> None:
        """Text of a Markdown block, in its span's style within the HTML styles around it;
        outside any cell (an inline `</td>` closed it) it is stray text, as the reader's.
        A "\n" inside it is a line break (a Markdown hard break)."""
        if self.cell is None:
            self.handle_data(text)
            return
        if "\n" in text and text != "\n":
            for number, part in enumerate(text.split("\n")):
                if number:
                    self.cell.add("\n", self._style())
                if part:
                    self._put(part, span)
            return
        outer = self._style()
        if span is None:
            self.cell.add(text, outer)
            return
        style = (
            outer[0] or span.bold,
            outer[1] or span.italic,
            outer[2] or span.code,
            outer[3] or span.strike,
            span.href or outer[4],
        )
        self.cell.add(text, style)


class _Extent(HTMLParser):
    """Follows `<table>` nesting, to find the line where the first table closes."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.opened = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            self.opened = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1


class _Start(HTMLParser):
    """Finds where the first `<table>` tag starts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and self.found is None:
            self.found = self.getpos()


def table_start(html: str) -> tuple[int, int]:
    """(0-based line, 0-based column) of the first `<table>` tag in `html`; (0, 0) if none."""
    start = _Start()
    start.feed(html)
    start.close()
    line, col = start.found or (1, 0)
    return line - 1, col


def table_extent(lines: list[str], start: int) -> int:
    """The index of the line after the one that closes the table opened at `lines[start]`.

    Blank lines may stand inside an HTML table (GitHub reads Markdown in cells after one),
    so the table's end is found by parsing, not by Markdown's blank-line rule. An unclosed
    table runs to the end of the text.
    """
    extent = _Extent()
    for index in range(start, len(lines)):
        extent.feed(lines[index] + "\n")
        if extent.opened and not extent.depth:
            return index + 1
    return len(lines)


def _feed(reader: _TableReader, html: str, markdown: Markdown | None) -> None:
    """Feed the table to the reader: HTML as HTML, Markdown blocks into their cells.

    markdown-it splits the text as GitHub does: a blank line ends an HTML block, and what
    follows is Markdown until a line that starts one again. The reader is fed every line,
    a Markdown block's as blank lines, so the places it reports stay the source's.
    """
    if markdown is None:
        reader.feed(html)
        return
    lines = html.split("\n")
    tokens = markdown(html)
    fed = 0  # lines fed so far
    index = 0
    while index < len(tokens):
        token = tokens[index]
        close = index
        if token.nesting == 1:  # the whole block, to its closing token
            while tokens[close].level != token.level or tokens[close].nesting != -1:
                close += 1
        first, last = token.map or (fed, fed)
        if token.level == 0 and first >= fed:
            # Lines no block holds are blank, or link reference definitions, which show
            # nothing on GitHub either.
            reader.feed("\n" * (first - fed))
            if token.type != "html_block" and reader.markdown_block(
                tokens[index : close + 1], lines
            ):
                # The block's lines are done: the reader goes on from the line after it.
                reader.lineno, reader.offset = last + 1, 0
            else:
                reader.feed("".join(line + "\n" for line in lines[first:last]))
            fed = last
        index = close + 1


def read_html_table(
    html: str, first_line: int, report: Report, markdown: Markdown | None = None
) -> tuple[SourceTable | None, str]:
    """The table in `html` (which starts at `first_line`) and its caption, or None on errors.

    Rows shorter than the header are padded with empty cells (a warning); longer ones are an
    error, since their last cells would belong to no role.
    """
    reader = _TableReader(first_line, report)
    _feed(reader, html, markdown)
    reader.close()
    table = reader.table
    caption = " ".join(table.caption.split())
    if table.stray.strip():
        line, col = first_line, 1
        report(
            line,
            col,
            "error",
            f"text outside any cell of the HTML table: {' '.join(table.stray.split())[:60]!r}",
            "put it in a cell, or before or after the table",
        )
        return None, caption
    rows = [(line, cells) for line, cells in table.rows if cells]
    if reader.refused or not rows:
        if not rows and not reader.refused:
            report(first_line, 1, "error", "the HTML table has no cells", "")
        return None, caption
    (header_line, header), *body = rows
    width = len(header)
    ok = True
    result: list[Row] = []
    for line, cells in body:
        if all(cell.is_blank() for cell in cells) and any(cell.breaks for cell in cells):
            report(
                line, 1, "note", "row of only <br> left out: it spaces the table, holds no text", ""
            )
            continue
        if len(cells) > width:
            extra = cells[width]
            report(
                extra.line,
                extra.col,
                "error",
                f"row has {len(cells)} cells but the header has {width}: "
                "the extra cells would be lost",
                "add a column to the header row",
            )
            ok = False
            continue
        if len(cells) < width:
            report(
                line,
                1,
                "warning",
                f"row has {len(cells)} cell(s) but the header has {width}: "
                "the missing cells are left empty",
                "",
            )
        written = [Cell(cell.rich(), cell.col) for cell in cells]
        written += [Cell(RichText(), 1)] * (width - len(cells))
        result.append(Row(line, tuple(written)))
    if not ok:
        return None, caption
    head = Row(header_line, tuple(Cell(cell.rich(), cell.col) for cell in header))
    return SourceTable(head, tuple(result)), caption
