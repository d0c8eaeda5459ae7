"""Markdown source -> Document: markdown-it-py tokens become the typed model.

Grammar (see README): optional YAML front matter; a title (front matter `title`, a role-card
preamble's first free line, or the first `#` heading); a lede; prose; and one or more tables
(GFM or HTML), each read one of three ways (`reading`). Raw HTML is never interpreted as
markup: comments and `<style>`/`<script>` are left out, `<br>` breaks a line, an HTML table
is read as a table, and any other tag stays as the text typed, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit
from markdown_it.token import Token

from . import cards, pipe_lookalikes, raw_html, reading, tables
from .errors import Diagnostic, SourceError
from .html_table import Report, read_html_table, table_extent, table_start
from .inline import HtmlListener, rich_text, split_lines
from .limits import output_diagnostics
from .model import (
    Block,
    CodeBlock,
    Comparison,
    Document,
    Heading,
    Layout,
    ListBlock,
    Metadata,
    Paragraph,
    Quote,
    RichText,
    Role,
    Rule,
    Span,
    TableRef,
    located_texts,
    map_text,
)
from .source import DEFAULT_MAX_BYTES, SourceText, decode_source, read_source
from .text import CONTROL


@dataclass(frozen=True)
class Parsed:
    """A parsed document, the warnings met on the way, and notes on what was left out."""

    document: Document
    warnings: tuple[Diagnostic, ...]
    notes: tuple[Diagnostic, ...] = ()


MAX_NESTING = 20  # markdown-it's own default: lists, items and quotes it reads into


# In a file name: control characters, and the surrogates that stand for undecodable bytes.
_UNSAFE_IN_NAMES = re.compile(f"{CONTROL.pattern}|[\ud800-\udfff]")
_TABLE_TAG = re.compile(r"<table[\s>/]", re.IGNORECASE)
# The front matter's `profiles:` values (YAML's and TOML's words for yes and no).
PROFILES_SWITCH = {"": True, "true": True, "yes": True, "on": True}
PROFILES_SWITCH |= {"false": False, "no": False, "off": False}


def markdown(max_nesting: int = MAX_NESTING) -> MarkdownIt:
    """The one Markdown dialect we read: CommonMark + GFM tables and strikethrough.

    Raw HTML is tokenised (so comments, `<br>` and tables can be told apart) but never
    passed on as markup: `_Builder` decides what each piece becomes.
    """
    options = {"html": True, "maxNesting": max_nesting}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"])


# Every format's limits apply unless a build names fewer formats.
ALL_FORMATS = ("docx", "xlsx", "pdf")


def parse_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse a source file into a Document; raise SourceError on any error."""
    return parse_source(Path(path), max_bytes).document


def parse_source(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, formats: Collection[str] = ALL_FORMATS
) -> Parsed:
    """Parse a source file, returning the Document with its warnings; the limits of
    `formats` (what a build of them could not write, or not in time) are errors."""
    return _Builder(read_source(path, max_bytes), formats).build()


def parse_bytes(data: bytes, path: str, formats: Collection[str] = ALL_FORMATS) -> Parsed:
    """Parse a source's bytes, already read (as if from `path`)."""
    return _Builder(decode_source(data, path), formats).build()


def parse_text(text: str, path: str = "<text>", formats: Collection[str] = ALL_FORMATS) -> Parsed:
    """Parse Markdown held in memory (as if read from `path`)."""
    return _Builder(decode_source(text.encode("utf-8"), path), formats).build()


def reading_notes(document: Document) -> list[Diagnostic]:
    """One note per table: which way it was read, and why (for `jobarch check`)."""
    return [
        Diagnostic(
            document.path,
            comparison.line,
            1,
            "note",
            reading.describe(comparison.reading),
            "" if comparison.reading.explicit else _other_readings(comparison.layout),
        )
        for comparison in document.comparisons
    ]


def _other_readings(taken: Layout) -> str:
    """How to force one of the readings not taken."""
    first, second = (layout.value for layout in Layout if layout is not taken)
    return (
        f"to read it another way, put `<!-- jobarch: {first} -->` (or {second}) "
        "on the line before it"
    )


@dataclass
class _Table:
    """A comparison before the preamble has given its roles their summaries."""

    heading: str
    comparison: Comparison


@dataclass
class _ShownTag:
    """Raw HTML tags of one name kept as text: where the first stands, and how many."""

    line: int
    col: int
    count: int = 0


@dataclass
class _Pending:
    """A `<!-- jobarch: LAYOUT -->` comment waiting for the table after it."""

    directive: reading.Directive
    line: int


class _Builder:
    """One pass over the token tree, collecting blocks, tables and diagnostics."""

    def __init__(self, source: SourceText, formats: Collection[str] = ALL_FORMATS) -> None:
        self.source = source
        self.formats = formats
        self.path = source.path
        self.lines = source.body.split("\n")
        self.errors: list[Diagnostic] = list(source.errors)
        self.warnings: list[Diagnostic] = list(source.warnings)
        self.notes: list[Diagnostic] = []
        self.tables: list[_Table] = []
        self.last_heading = ""
        self.shown_tags: dict[str, _ShownTag] = {}
        self.document_reading = self._front_matter_reading()
        self.profiles = self._front_matter_profiles()
        self.pending: _Pending | None = None
        self.consumed_until = 0  # body lines before this index belong to an HTML table
        self.unread_html_tables = 0
        self.lost_table_line = 0  # the first lines that look like a table but read as text
        self.warned_stem = False

    # -- locations -------------------------------------------------------------------

    def line_of(self, token: Token) -> int:
        """1-based line in the file (front matter included) where a token starts."""
        start = token.map[0] if token.map else 0
        return start + 1 + self.source.body_offset

    def raw_line(self, line: int) -> str:
        """The text of a file line (1-based, front matter included) of the body."""
        index = line - 1 - self.source.body_offset
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def error(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.errors.append(Diagnostic(self.path, line, col, "error", message, hint))

    def warn(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.warnings.append(Diagnostic(self.path, line, col, "warning", message, hint))

    def note(self, line: int, col: int, message: str) -> None:
        self.notes.append(Diagnostic(self.path, line, col, "note", message))

    def report(self, line: int, col: int, severity: str, message: str, hint: str) -> None:
        """Record a diagnostic of any severity (the table readers' callback)."""
        if severity == "note":
            self.note(line, col, message)
            return
        {"error": self.error, "warning": self.warn}.get(severity, self.warn)(
            line, col, message, hint
        )

    # -- the document ------------------------------------------------------------------

    def build(self) -> Parsed:
        tokens = markdown().parse(self.source.body)
        self._check_nesting(tokens)
        start = 0
        preamble_lines: list[cards.Line] = []
        if tokens and tokens[0].type == "paragraph_open":
            lines = self._paragraph_lines(tokens[0], tokens[1])
            if cards.is_preamble(lines):
                preamble_lines = lines
                start = 3
        blocks = self._blocks(tokens, start, len(tokens))
        self._drop_pending("the end of the file")
        self._report_shown_tags()
        if not self.tables and len(self.errors) == len(self.source.errors):
            self._no_table()
        if self.errors:
            raise SourceError(self.errors + self.warnings)

        role_titles = [role.title.text for role in self.tables[0].comparison.roles]
        preamble = cards.read_preamble(self.path, preamble_lines, role_titles)
        self.errors += preamble.errors
        if self.errors:
            raise SourceError(self.errors + self.warnings)

        front = self.source.front_matter
        title, lede, blocks = self._title_and_lede(front.get("title", ""), preamble, blocks)
        comparisons = tuple(
            replace(
                table.comparison,
                title=table.heading or title,
                roles=tuple(_with_summary(role, preamble) for role in table.comparison.roles),
            )
            for table in self.tables
        )
        meta = Metadata(
            slug=front.get("slug") or self._file_stem(),
            version=front.get("version", ""),
            owner=front.get("owner", ""),
            effective=front.get("effective", ""),
            confidentiality=front.get("confidentiality", ""),
            lang=front.get("lang") or "en",
            order=int(front["order"]) if front.get("order") else None,
            profiles=self.profiles,
        )
        document = Document(
            path=self.path,
            title=title,
            lede=lede,
            comparisons=comparisons,
            blocks=tuple(blocks),
            meta=meta,
            focus_role=preamble.focus_role,
        )
        document = self._without_control_characters(document)
        limits = output_diagnostics(document, self.formats)
        if any(d.severity == "error" for d in limits):
            raise SourceError(self.warnings + limits)
        warnings = sorted([*self.warnings, *limits], key=lambda d: (d.line, d.col))
        notes = sorted(self.notes, key=lambda d: (d.line, d.col))
        return Parsed(document, tuple(warnings), tuple(notes))

    def _without_control_characters(self, document: Document) -> Document:
        """Remove characters documents cannot hold that entities (`&#12;`) spelled out.

        The source's own control characters went before parsing; these appear only when
        markdown-it decodes a character reference.
        """
        found: dict[int, set[str]] = {}
        for line, text in located_texts(document):
            for character in CONTROL.findall(text.text):
                found.setdefault(line, set()).add(character)
        if not found:
            return document
        for line, characters in sorted(found.items()):
            codes = ", ".join(sorted(f"U+{ord(c):04X}" for c in characters))
            self.warn(
                line,
                1,
                f"removed character reference(s) to {codes}, which documents cannot show",
            )
        return map_text(document, lambda text: CONTROL.sub("", text))

    def _file_stem(self) -> str:
        """The file name without `.md`, as a title or slug: what documents cannot hold and
        bytes that are not UTF-8 become `_`, with a warning."""
        stem = Path(self.path).stem
        safe = _UNSAFE_IN_NAMES.sub("_", stem)
        if safe != stem and not self.warned_stem:
            self.warned_stem = True
            self.warn(
                1,
                1,
                f"the file name holds characters documents cannot show; it is read as {safe!r}",
                "rename the file, or set `slug:` and `title:` in the front matter",
            )
        return safe

    def _no_table(self) -> None:
        if self.unread_html_tables:
            # The HTML tables had errors of their own, reported where they stand.
            return
        if self.lost_table_line:
            # Not the plain "no table" of a README: a folder walk must not skip this file.
            self.error(
                self.lost_table_line,
                1,
                "no comparison table read: the lines here look like one but read as text",
                "fix the table as the warning says",
            )
            return
        self.error(
            1,
            1,
            "no comparison table found",
            "add a table: a header row `| Dimension | Role A | Role B |`, "
            "a delimiter row `|---|---|---|`, then one row per dimension",
        )

    def _front_matter_reading(self) -> reading.Directive | None:
        """The front matter's `tables:` reading for every table, if it gives one."""
        value = self.source.front_matter.get("tables", "")
        if not value:
            return None
        try:
            layout = reading.parse_layout(value)
        except ValueError as problem:
            line = self.source.front_matter_lines.get("tables", 1)
            self.error(line, 1, f"front matter `tables`: {problem}")
            return None
        return reading.Directive(layout, "the front matter's `tables`")

    def _front_matter_profiles(self) -> bool:
        """The front matter's `profiles:` switch: role profiles unless it says false."""
        value = self.source.front_matter.get("profiles", "").strip()
        if value.lower() in PROFILES_SWITCH:
            return PROFILES_SWITCH[value.lower()]
        line = self.source.front_matter_lines.get("profiles", 1)
        self.error(
            line,
            1,
            f"front matter `profiles`: {value!r} is not true or false",
            "write false to leave them out",
        )
        return True

    def _check_nesting(self, tokens: list[Token]) -> None:
        """markdown-it stops reading at its nesting limit and drops the rest: refuse instead.

        Only a parse that reached the limit can have lost text; it is parsed again with
        twice the room, and text is lost if that reading holds more, or reaches its limit too.
        """
        if not any(token.level >= MAX_NESTING - 1 for token in tokens):
            return
        deeper = markdown(2 * MAX_NESTING).parse(self.source.body)
        lost = _leaf_text(deeper) != _leaf_text(tokens) or any(
            token.level >= 2 * MAX_NESTING - 1 for token in deeper
        )
        if lost:
            deepest = next(t for t in tokens if t.level >= MAX_NESTING - 1 and t.map)
            self.error(
                self.line_of(deepest),
                1,
                "lists and quotes nested too deep for markdown-it here: "
                "the text nested deeper would be lost",
                "flatten the nesting",
            )

    def _title_and_lede(
        self, title: str, preamble: cards.Preamble, blocks: list[Block]
    ) -> tuple[str, RichText, list[Block]]:
        """Pick the title and lede; the blocks that supplied them leave the prose."""
        free = [line.text for line in preamble.free]
        if free and not title:
            title = free.pop(0).text.strip()
        lede = _join(free)
        if not preamble.free and blocks:
            first = blocks[0]
            # A `#` heading that opens the document is its title (or repeats the front
            # matter's); so is an opening `##` when it is the only heading of the top level.
            top = [block for block in blocks if isinstance(block, Heading)]
            if isinstance(first, Heading) and (
                first.level == 1
                or (
                    first.level == min(heading.level for heading in top)
                    and sum(heading.level == first.level for heading in top) == 1
                )
            ):
                heading = first.content.text.strip()
                if title in ("", heading):
                    title = heading
                    blocks = blocks[1:]
            if blocks and isinstance(blocks[0], Paragraph) and not lede:
                lede = blocks[0].content
                blocks = blocks[1:]
        return title or self._file_stem(), lede, blocks

    # -- raw HTML ------------------------------------------------------------------------

    def _inline_html(self, first_line: int) -> HtmlListener:
        """A listener for raw HTML met in inline text that starts on `first_line`."""

        def heard(offset: int, piece: raw_html.Piece) -> None:
            line = first_line + offset
            col = max(1, self.raw_line(line).find(piece.text) + 1) if piece.text else 1
            if piece.kind == "tag":
                self._shown(line, col, piece.name)
            elif piece.kind == "comment":
                self.note(line, col, "HTML comment left out")
            elif piece.kind == "hidden":
                self.note(line, col, f"HTML <{piece.name}> left out")

        return heard

    def _shown(self, line: int, col: int, name: str) -> None:
        tag = self.shown_tags.setdefault(name, _ShownTag(line, col))
        tag.count += 1

    def _report_shown_tags(self) -> None:
        for name, tag in self.shown_tags.items():
            times = f" ({tag.count} times; the first is here)" if tag.count > 1 else ""
            self.warn(
                tag.line,
                tag.col,
                f"raw HTML <{name}> is shown as text{times}",
                "jobarch reads <br> and HTML tables; write Markdown instead of other tags",
            )

    def _html_block(self, token: Token) -> list[Block]:
        """A raw HTML block: a table, a directive, something hidden, or literal text."""
        if _TABLE_TAG.search(token.content):
            return self._html_table(token)
        return self._html_text(token.content, self.line_of(token))

    def _html_text(self, html: str, line: int, before_table: bool = False) -> list[Block]:
        """Raw HTML outside tables: comments and `<style>`/`<script>` hidden, the rest text.

        `before_table`: the HTML leads into a table in the same block (`<div align=center>`),
        so a jobarch comment before it still belongs to that table.
        """
        pieces = raw_html.split(html)
        shown: list[str] = []
        for piece in pieces:
            where = line + piece.line
            if piece.kind == "comment":
                self._comment(where, piece.text)
            elif piece.kind == "hidden":
                if piece.text.startswith("<") and not piece.text.startswith("</"):
                    self.note(where, 1, f"HTML <{piece.name}> block left out")
            elif piece.kind == "break":
                shown.append("\n")
            else:
                if piece.kind == "tag":
                    col = max(1, self.raw_line(where).find(piece.text) + 1)
                    self._shown(where, col, piece.name)
                shown.append(piece.text)
        text = "".join(shown).strip()
        if not text:
            if any(piece.kind == "break" for piece in pieces):
                self.note(line, 1, "line of <br> left out: the layout spaces blocks itself")
            return []
        if not before_table:
            self._drop_pending(f"line {line}")
        return [Paragraph(RichText.plain(text), line)]

    def _comment(self, line: int, comment: str) -> None:
        """A comment: a `jobarch:` reading for the next table, or a note that it is hidden."""
        value = reading.directive_value(comment)
        if value is None:
            self.note(line, 1, "HTML comment left out")
            return
        try:
            layout = reading.parse_layout(value)
        except ValueError as problem:
            self.error(line, 1, f"jobarch comment: {problem}")
            return
        self._drop_pending(f"line {line}")
        self.pending = _Pending(reading.Directive(layout, f"the comment at line {line}"), line)

    def _drop_pending(self, where: str) -> None:
        """A jobarch comment that no table follows is reported, then forgotten."""
        if self.pending is not None:
            self.warn(
                self.pending.line,
                1,
                f"this jobarch comment is not followed by a table (next comes {where}); "
                "it is ignored",
                "put it on the line right before the table's header row",
            )
        self.pending = None

    def _html_table(self, token: Token) -> list[Block]:
        """An HTML table: read from the source lines it spans, which may hold blank lines."""
        start, block_end = token.map if token.map else (0, 0)
        lines = self._container_lines(token)
        end = table_extent(lines, 0)
        self.consumed_until = start + end
        first = start + 1 + self.source.body_offset
        at_line, at_col = table_start("\n".join(lines[:end]))
        # What the block holds before the table (`<div align="center">`, a comment, a
        # paragraph) is raw HTML like any other; the table's own lines keep their numbers.
        before = "\n".join([*lines[:at_line], lines[at_line][:at_col]])
        blocks: list[Block] = []
        if before.strip():
            blocks += self._html_text(before, first, before_table=True)
        html = "\n".join(
            [*[""] * at_line, " " * at_col + lines[at_line][at_col:], *lines[at_line + 1 : end]]
        )
        report = self._shifted(start, lines)
        table, caption = read_html_table(html, first, report, markdown().parse)
        if table is None:
            self.unread_html_tables += 1
            self.pending = None
            return blocks
        ref = self._add_table(table, caption or self.last_heading)
        blocks += [ref] if ref is not None else []
        if block_end > start + end:
            # What the HTML block holds after the table is raw HTML like any other.
            rest = "\n".join(lines[end : block_end - start])
            blocks += self._html_text(rest, start + end + 1 + self.source.body_offset)
        return blocks

    def _shifted(self, start: int, lines: list[str]) -> Report:
        """`report` for a reader of `lines` (body lines from `start`, without the markers of
        their quote or list item): columns move right past the markers, to the source's."""
        columns = [
            _source_columns(raw, line) for raw, line in zip(self.lines[start:], lines, strict=False)
        ]
        first = start + 1 + self.source.body_offset

        def report(line: int, col: int, severity: str, message: str, hint: str) -> None:
            index = line - first
            if 0 <= index < len(columns):
                col = columns[index](col)
            self.report(line, col, severity, message, hint)

        return report

    def _container_lines(self, token: Token) -> list[str]:
        """The lines from an HTML block to the end of the body, without the markers of the
        quotes and list items that hold it (`> `, indentation).

        The block's own lines come from markdown-it; the lines after it (a table may hold
        blank lines) lose the prefix its first line had, or as much of it as they have.
        """
        start, block_end = token.map if token.map else (0, 0)
        own = token.content.rstrip("\n").split("\n")[: block_end - start]
        raw = self.lines[start] if start < len(self.lines) else ""
        prefix = raw[: max(0, raw.find(own[0]))] if own[0] else ""
        rest = [_strip_prefix(line, prefix) for line in self.lines[start + len(own) :]]
        return [*own, *rest]

    # -- blocks --------------------------------------------------------------------------

    def _blocks(self, tokens: list[Token], start: int, end: int) -> list[Block]:
        """The blocks among tokens[start:end], a flat markdown-it stream."""
        blocks: list[Block] = []
        index = start
        while index < end:
            token = tokens[index]
            close = _closing(tokens, index) if token.nesting == 1 else index
            if token.map and token.map[0] < self.consumed_until:
                index = close + 1  # inside an HTML table already read
                continue
            if token.type == "html_block":
                blocks.extend(self._html_block(token))
            else:
                block = self._block(tokens, index, close)
                if block is not None:
                    blocks.append(block)
            index = close + 1
        return blocks

    def _block(self, tokens: list[Token], index: int, close: int) -> Block | None:
        token = tokens[index]
        line = self.line_of(token)
        kind = token.type
        if kind == "table_open":
            return self._table(tokens[index:close])
        self._drop_pending(f"line {line}")
        if kind == "heading_open":
            content = rich_text(tokens[index + 1], on_html=self._inline_html(line))
            self.last_heading = content.text.strip()
            return Heading(int(token.tag[1:]), content, line)
        if kind == "paragraph_open":
            self._check_lookalike(token)
            return Paragraph(rich_text(tokens[index + 1], on_html=self._inline_html(line)), line)
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = []
            item = index + 1
            while item < close:
                item_close = _closing(tokens, item)
                items.append(tuple(self._blocks(tokens, item + 1, item_close)))
                item = item_close + 1
            start = int(token.attrs.get("start", 1))
            return ListBlock(kind == "ordered_list_open", start, tuple(items), line)
        if kind == "blockquote_open":
            return Quote(tuple(self._blocks(tokens, index + 1, close)), line)
        if kind in ("fence", "code_block"):
            return CodeBlock(token.content.rstrip("\n"), line)
        if kind == "hr":
            return Rule(line)
        # No other block kinds reach here; keep any text all the same.
        text = " ".join(t.content for t in tokens[index : close + 1] if t.content)
        return Paragraph(RichText.plain(text), line) if text else None

    def _check_lookalike(self, paragraph: Token) -> None:
        """Warn of a paragraph that was meant as a table (or its rows) but reads as text."""
        if not paragraph.map:
            return
        first = self.line_of(paragraph)
        count = paragraph.map[1] - paragraph.map[0]
        lines = [self._raw_row(first + offset) for offset in range(count)]
        found = pipe_lookalikes.find(lines)
        if found is not None:
            self.warn(first + found.offset, 1, found.message, found.hint)
            self.lost_table_line = self.lost_table_line or first + found.offset

    def _paragraph_lines(self, opening: Token, inline: Token) -> list[cards.Line]:
        first = self.line_of(opening)
        lines = split_lines(inline, on_html=self._inline_html(first))
        return [cards.Line(text, first + offset) for offset, text in enumerate(lines)]

    # -- tables ----------------------------------------------------------------------------

    def _table(self, tokens: list[Token]) -> TableRef | None:
        """A GFM table: rows checked against the header's width, spacer rows left out."""
        rows = _rows(tokens)
        (head, header_cells), body = rows[0], rows[1:]
        header_line = self.line_of(head)
        width = len(header_cells)
        starts = self._cell_columns(header_line)
        header = tables.Row(
            header_line,
            tuple(
                tables.Cell(self._cell_text(cell, header_line), _col(starts, number))
                for number, cell in enumerate(header_cells)
            ),
        )
        errors_before = len(self.errors)
        body_rows: list[tables.Row] = []
        for row, cells in body:
            line = self.line_of(row)
            if _is_spacer(cells):
                self.note(line, 1, "row of only <br> left out: it spaces the table, holds no text")
                continue
            written = self._row_width(line, width)
            if written is None:
                continue
            columns = self._cell_columns(line)
            body_rows.append(
                tables.Row(
                    line,
                    tuple(
                        tables.Cell(self._cell_text(cell, line), _col(columns, number))
                        for number, cell in enumerate(cells)
                    ),
                )
            )
        self._check_table_end(tokens[0], [self.line_of(row) for row, _ in rows], width)
        # Read the table even after a bad row, so its header's problems are reported too.
        return self._add_table(
            tables.SourceTable(header, tuple(body_rows)),
            self.last_heading,
            failed=len(self.errors) > errors_before,
        )

    def _cell_text(self, inline: Token, line: int) -> RichText:
        # markdown-it trims cells; a comment left out can leave a space at an end.
        return rich_text(inline, on_html=self._inline_html(line)).strip()

    def _add_table(
        self, table: tables.SourceTable, heading: str, failed: bool = False
    ) -> TableRef | None:
        """Read a table the way its directive, the front matter or its header says.

        `failed` says a row was refused already: the table is still read, for its own
        problems to be reported, but does not join the document.
        """
        explicit = self.pending.directive if self.pending else self.document_reading
        self.pending = None
        header = [cell.text.text for cell in table.header.cells]
        chosen = reading.choose(header, explicit)
        comparison = tables.comparison(table, chosen, self.report)
        if comparison is None or failed:
            return None
        self.tables.append(_Table(heading, comparison))
        return TableRef(len(self.tables) - 1, table.header.line)

    def _row_width(self, line: int, width: int) -> int | None:
        """Cells written on a row; an error (None) for too many, a warning for too few."""
        starts = self._cell_columns(line)
        written = self._cell_count(line)
        if written > width:
            self.error(
                line,
                _col(starts, width),
                f"row has {written} cells but the header has {width}: "
                "the extra cells would be lost",
                "add a column to the header, or escape a literal pipe as \\|",
            )
            return None
        if written < width:
            self.warn(
                line,
                max(1, len(self.raw_line(line))),
                f"row has {written} cell(s) but the header has {width}: "
                "the missing cells are left empty",
                ""
                if self._raw_row(line).startswith("|")
                else "if this line continues the row above, join the two: a row is one line",
            )
        return written

    def _check_table_end(self, table: Token, row_lines: list[int], width: int) -> None:
        """Refuse a table that markdown-it cut short for padding too many missing cells."""
        end = table.map[1] if table.map else 0
        if end >= len(self.lines) or "|" not in self.lines[end]:
            return
        missing = sum(width - min(width, self._cell_count(line)) for line in row_lines)
        following = self._cell_count(end + 1 + self.source.body_offset)
        if missing + width - min(width, following) > MAX_AUTOCOMPLETED_CELLS:
            self.error(
                end + 1 + self.source.body_offset,
                1,
                f"the table stops here: its rows already miss {missing:,} cells, and markdown-it "
                f"fills in at most {MAX_AUTOCOMPLETED_CELLS:,} per table",
                "give every row one cell per column",
            )

    def _raw_row(self, line: int) -> str:
        """The row's text without container markers (`>` of block quotes, indentation)."""
        return self.raw_line(line).lstrip(" \t>")

    def _cell_count(self, line: int) -> int:
        """How many cells the author wrote on a row, counted as markdown-it splits them."""
        columns = escapedSplit(self._raw_row(line).strip())
        if columns and columns[0] == "":
            columns.pop(0)
        if columns and columns[-1] == "":
            columns.pop()
        return len(columns)

    def _cell_columns(self, line: int) -> list[int]:
        """1-based columns where each written cell's text starts, for diagnostics."""
        raw = self.raw_line(line)
        prefix = len(raw) - len(self._raw_row(line))
        bounds = [prefix - 1]  # an imaginary pipe before a row without a leading one
        escaped = False
        for offset in range(prefix, len(raw)):
            if raw[offset] == "|" and not escaped:
                bounds.append(offset)
            escaped = raw[offset] == "\\"  # markdown-it's escapedSplit rule
        if raw[prefix : prefix + 1] == "|":
            bounds.pop(0)
        columns = []
        for start, end in zip(bounds, [*bounds[1:], len(raw)], strict=True):
            cell = raw[start + 1 : end]
            # Point at the cell's text; at the spot after its pipe when it is blank.
            indent = len(cell) - len(cell.lstrip()) if cell.strip() else 0
            columns.append(start + 1 + indent + 1)
        return columns


def _source_columns(raw: str, line: str) -> Callable[[int], int]:
    """Column in `line` -> column in the source line `raw` it was cut from, its markers
    taken off. markdown-it may turn tabs of the indentation into spaces, so when `line`
    is not the end of `raw`, their text after the indentation is matched instead."""
    if raw.endswith(line):
        return lambda col: col + len(raw) - len(line)
    text = line.lstrip(" \t")
    if not text or not raw.endswith(text):
        return lambda col: col
    indent, raw_indent = len(line) - len(text), len(raw) - len(text)
    return lambda col: max(col - indent, 1) + raw_indent


def _strip_prefix(line: str, prefix: str) -> str:
    """`line` without the container markers `prefix` stands for: its `>` markers (each
    with a space after it) and indentation, as far as the line has them."""
    for marker in prefix:
        if marker == ">":
            line = line.lstrip(" ")
            if not line.startswith(">"):
                break
            line = line[1:]
        elif line.startswith((" ", "\t")):
            line = line[1:]
        elif marker != " ":
            break
    return line


def _leaf_text(tokens: list[Token]) -> str:
    """All the text a token stream holds, for comparing two readings of one source."""
    kinds = ("inline", "fence", "code_block", "html_block")
    return "".join(t.content for t in tokens if t.type in kinds)


def _closing(tokens: list[Token], index: int) -> int:
    """Index of the token that closes the one opened at `index`."""
    level = tokens[index].level
    for close in range(index + 1, len(tokens)):
        if tokens[close].level == level and tokens[close].nesting == -1:
            return close
    return len(tokens) - 1


def _rows(tokens: list[Token]) -> list[tuple[Token, list[Token]]]:
    """A table's rows: each `tr_open` token with the inline tokens of its cells."""
    rows: list[tuple[Token, list[Token]]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append((token, []))
        elif token.type == "inline" and rows:
            rows[-1][1].append(token)
    return rows


def _is_spacer(cells: list[Token]) -> bool:
    """A row holding nothing but `<br>` tags: authors use it for space between rows."""
    breaks = 0
    for cell in cells:
        for child in cell.children or []:
            if child.type == "html_inline" and raw_html.is_break(child.content):
                breaks += 1
            elif child.content.strip() or child.type not in ("text", "softbreak"):
                return False
    return breaks > 0


def _col(starts: list[int], index: int) -> int:
    return starts[index] if index < len(starts) else (starts[-1] if starts else 1)


def _join(lines: list[RichText]) -> RichText:
    """Join preamble lines into one RichText, a space between lines."""
    spans: list[Span] = []
    for index, line in enumerate(lines):
        if index:
            spans.extend(RichText.plain(" ").spans)
        spans.extend(line.spans)
    return RichText(tuple(spans))


def _with_summary(role: Role, preamble: cards.Preamble) -> Role:
    found = preamble.summaries.get(cards.normalise(role.title.text))
    return replace(role, summary=found[0]) if found else role
