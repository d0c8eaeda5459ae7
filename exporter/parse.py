"""Markdown source -> Document: markdown-it-py tokens become the typed model.

Grammar (see README): optional YAML front matter; a title (front matter `title`, a role-card
preamble's first free line, or the first `#` heading); a lede; prose; and one or more GFM
tables whose first header cell labels the dimensions and whose other header cells are roles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit
from markdown_it.token import Token

from . import cards
from .errors import Diagnostic, SourceError
from .inline import rich_text, split_lines
from .limits import output_diagnostics
from .model import (
    Block,
    CodeBlock,
    Comparison,
    Dimension,
    Document,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Quote,
    RichText,
    Role,
    Rule,
    Span,
    TableRef,
)
from .source import DEFAULT_MAX_BYTES, SourceText, decode_source, read_source


@dataclass(frozen=True)
class Parsed:
    """A parsed document and the warnings met on the way."""

    document: Document
    warnings: tuple[Diagnostic, ...]


MAX_NESTING = 20  # markdown-it's own default: lists, items and quotes it reads into


def markdown(max_nesting: int = MAX_NESTING) -> MarkdownIt:
    """The one Markdown dialect we read: CommonMark + GFM tables and strikethrough, raw HTML off."""
    options = {"html": False, "maxNesting": max_nesting}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"])


def parse_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse a source file into a Document; raise SourceError on any error."""
    return parse_source(Path(path), max_bytes).document


def parse_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    """Parse a source file, returning the Document with its warnings."""
    return _Builder(read_source(path, max_bytes)).build()


def parse_text(text: str, path: str = "<text>") -> Parsed:
    """Parse Markdown held in memory (as if read from `path`)."""
    return _Builder(decode_source(text.encode("utf-8"), path)).build()


@dataclass
class _Table:
    """A comparison before the preamble has given its roles their summaries."""

    heading: str
    comparison: Comparison


class _Builder:
    """One pass over the token tree, collecting blocks, tables and diagnostics."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.path = source.path
        self.lines = source.body.split("\n")
        self.errors: list[Diagnostic] = list(source.errors)
        self.warnings: list[Diagnostic] = list(source.warnings)
        self.tables: list[_Table] = []
        self.last_heading = ""

    # -- locations -------------------------------------------------------------------

    def line_of(self, token: Token) -> int:
        """1-based line in the file (front matter included) where a token starts."""
        start = token.map[0] if token.map else 0
        return start + 1 + self.source.body_offset

    def error(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.errors.append(Diagnostic(self.path, line, col, "error", message, hint))

    def warn(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.warnings.append(Diagnostic(self.path, line, col, "warning", message, hint))

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
        if not self.tables and len(self.errors) == len(self.source.errors):
            self.error(
                1,
                1,
                "no comparison table found",
                "add a table: a header row `| Dimension | Role A | Role B |`, "
                "a delimiter row `|---|---|---|`, then one row per dimension",
            )
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
            slug=front.get("slug") or Path(self.path).stem,
            version=front.get("version", ""),
            owner=front.get("owner", ""),
            effective=front.get("effective", ""),
            confidentiality=front.get("confidentiality", ""),
            lang=front.get("lang") or "en",
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
        limits = output_diagnostics(document)
        if any(d.severity == "error" for d in limits):
            raise SourceError(self.warnings + limits)
        return Parsed(document, (*self.warnings, *limits))

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
            # A leading `#` heading is the title (or repeats the front matter's title).
            if isinstance(first, Heading) and first.level == 1:
                heading = first.content.text.strip()
                if title in ("", heading):
                    title = heading
                    blocks = blocks[1:]
            if blocks and isinstance(blocks[0], Paragraph) and not lede:
                lede = blocks[0].content
                blocks = blocks[1:]
        return title or Path(self.path).stem, lede, blocks

    # -- blocks --------------------------------------------------------------------------

    def _blocks(self, tokens: list[Token], start: int, end: int) -> list[Block]:
        """The blocks among tokens[start:end], a flat markdown-it stream."""
        blocks: list[Block] = []
        index = start
        while index < end:
            token = tokens[index]
            close = _closing(tokens, index) if token.nesting == 1 else index
            block = self._block(tokens, index, close)
            if block is not None:
                blocks.append(block)
            index = close + 1
        return blocks

    def _block(self, tokens: list[Token], index: int, close: int) -> Block | None:
        token = tokens[index]
        line = self.line_of(token)
        kind = token.type
        if kind == "heading_open":
            content = rich_text(tokens[index + 1])
            self.last_heading = content.text.strip()
            return Heading(int(token.tag[1:]), content, line)
        if kind == "paragraph_open":
            return Paragraph(rich_text(tokens[index + 1]), line)
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
        if kind == "table_open":
            return self._table(tokens[index:close])
        # Raw HTML is off, so no other block kinds reach here; keep any text all the same.
        text = " ".join(t.content for t in tokens[index : close + 1] if t.content)
        return Paragraph(RichText.plain(text), line) if text else None

    def _paragraph_lines(self, opening: Token, inline: Token) -> list[cards.Line]:
        first = self.line_of(opening)
        return [cards.Line(text, first + offset) for offset, text in enumerate(split_lines(inline))]

    # -- tables ----------------------------------------------------------------------------

    def _table(self, tokens: list[Token]) -> TableRef | None:
        rows = _rows(tokens)
        (head, header), body = rows[0], rows[1:]
        header_line = self.line_of(head)
        starts = self._cell_columns(header_line)
        errors_before = len(self.errors)
        if len(header) < 2:
            self.error(
                header_line,
                1,
                "a comparison table needs a dimension column and at least one role column",
            )
        roles: list[Role] = []
        seen_roles: dict[str, int] = {}
        for index, title in enumerate(header[1:], start=1):
            col = _col(starts, index)
            key = cards.normalise(title.text)
            if not key:
                self.error(header_line, col, f"role name in column {index + 1} is empty")
            elif key in seen_roles:
                self.error(
                    header_line,
                    col,
                    f"role {title.text.strip()!r} appears twice "
                    f"(columns {seen_roles[key]} and {index + 1})",
                    "each role is one column: merge the two or rename one",
                )
            else:
                seen_roles[key] = index + 1
            roles.append(Role(title, line=header_line))

        dimensions: list[Dimension] = []
        seen_dimensions: dict[str, int] = {}
        for row, cells in body:
            dimension = self._dimension(self.line_of(row), cells, len(header), seen_dimensions)
            if dimension is not None:
                dimensions.append(dimension)
        self._check_table_end(tokens[0], [self.line_of(row) for row, _ in rows], len(header))
        if len(self.errors) > errors_before:
            return None
        comparison = Comparison(
            title="",
            dimension_label=header[0],
            roles=tuple(roles),
            dimensions=tuple(dimensions),
            line=header_line,
        )
        self.tables.append(_Table(self.last_heading, comparison))
        return TableRef(len(self.tables) - 1, header_line)

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

    def _dimension(
        self, line: int, cells: list[RichText], width: int, seen: dict[str, int]
    ) -> Dimension | None:
        starts = self._cell_columns(line)
        written = self._cell_count(line)
        if written > width:
            self.error(
                line,
                _col(starts, width),
                f"row has {written} cells but the header has {width}: "
                "the extra cells would be lost",
                "add a role column to the header, or escape a literal pipe as \\|",
            )
            return None
        if written < width:
            self.warn(
                line,
                max(1, len(self.lines[line - 1 - self.source.body_offset])),
                f"row has {written} cell(s) but the header has {width}: "
                "the missing cells are left empty",
                ""
                if self._raw_row(line).startswith("|")
                else "if this line continues the row above, join the two: a row is one line",
            )
        name = cells[0]
        key = cards.normalise(name.text)
        if not key:
            self.error(line, _col(starts, 0), "dimension name (the row's first cell) is empty")
            return None
        if key in seen:
            self.error(
                line,
                _col(starts, 0),
                f"dimension {name.text.strip()!r} appears twice (lines {seen[key]} and {line})",
                "merge the two rows or rename one",
            )
            return None
        seen[key] = line
        return Dimension(name, tuple(cells[1:]), line)

    def _raw_row(self, line: int) -> str:
        """The row's text without container markers (`>` of block quotes, indentation)."""
        raw = self.lines[line - 1 - self.source.body_offset]
        stripped = raw.lstrip(" \t>")
        return stripped

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
        raw = self.lines[line - 1 - self.source.body_offset]
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


def _leaf_text(tokens: list[Token]) -> str:
    """All the text a token stream holds, for comparing two readings of one source."""
    return "".join(t.content for t in tokens if t.type in ("inline", "fence", "code_block"))


def _closing(tokens: list[Token], index: int) -> int:
    """Index of the token that closes the one opened at `index`."""
    level = tokens[index].level
    for close in range(index + 1, len(tokens)):
        if tokens[close].level == level and tokens[close].nesting == -1:
            return close
    return len(tokens) - 1


def _rows(tokens: list[Token]) -> list[tuple[Token, list[RichText]]]:
    """A table's rows: each `tr_open` token with the rich text of its cells."""
    rows: list[tuple[Token, list[RichText]]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append((token, []))
        elif token.type == "inline" and rows:
            rows[-1][1].append(rich_text(token))
    return rows


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
