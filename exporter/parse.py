"""Markdown source -> Document: markdown-it-py tokens become the typed model.

Grammar (see README): optional YAML front matter; a title (front matter `title`, a role-card
preamble's first free line, or the first `#` heading); a lede; prose; and one or more GFM
tables whose first header cell labels the dimensions and whose other header cells are roles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.tree import SyntaxTreeNode

from . import cards
from .errors import Diagnostic, SourceError
from .inline import rich_text, split_lines
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


def markdown() -> MarkdownIt:
    """The one Markdown dialect we read: CommonMark + GFM tables and strikethrough, raw HTML off."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


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
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = list(source.warnings)
        self.tables: list[_Table] = []
        self.last_heading = ""

    # -- locations -------------------------------------------------------------------

    def line_of(self, node: SyntaxTreeNode) -> int:
        """1-based line in the file (front matter included) where a node starts."""
        start = node.map[0] if node.map else 0
        return start + 1 + self.source.body_offset

    def error(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.errors.append(Diagnostic(self.path, line, col, "error", message, hint))

    def warn(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.warnings.append(Diagnostic(self.path, line, col, "warning", message, hint))

    # -- the document ------------------------------------------------------------------

    def build(self) -> Parsed:
        root = SyntaxTreeNode(markdown().parse(self.source.body))
        top = list(root.children)
        preamble_lines: list[cards.Line] = []
        if top and top[0].type == "paragraph":
            lines = self._paragraph_lines(top[0])
            if cards.is_preamble(lines):
                preamble_lines = lines
                top = top[1:]
        blocks = list(self._blocks(top))
        if not self.tables and not self.errors:
            self.error(
                1,
                1,
                "no comparison table found",
                "add a table: a header row `| Dimension | Role A | Role B |`, "
                "a delimiter row `|---|---|---|`, then one row per dimension",
            )
        if self.errors:
            raise SourceError(self.errors)

        role_titles = [role.title.text for role in self.tables[0].comparison.roles]
        preamble = cards.read_preamble(self.path, preamble_lines, role_titles)
        self.errors += preamble.errors
        if self.errors:
            raise SourceError(self.errors)

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
        return Parsed(document, tuple(self.warnings))

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

    def _blocks(self, nodes: list[SyntaxTreeNode]) -> list[Block]:
        blocks: list[Block] = []
        for node in nodes:
            block = self._block(node)
            if block is not None:
                blocks.append(block)
        return blocks

    def _block(self, node: SyntaxTreeNode) -> Block | None:
        line = self.line_of(node)
        kind = node.type
        if kind == "heading":
            content = rich_text(node.children[0] if node.children else None)
            self.last_heading = content.text.strip()
            return Heading(int(node.tag[1:]), content, line)
        if kind == "paragraph":
            return Paragraph(rich_text(node.children[0] if node.children else None), line)
        if kind in ("bullet_list", "ordered_list"):
            start = node.attrs.get("start", 1)
            items = tuple(tuple(self._blocks(list(item.children))) for item in node.children)
            return ListBlock(kind == "ordered_list", int(start), items, line)
        if kind == "blockquote":
            return Quote(tuple(self._blocks(list(node.children))), line)
        if kind in ("fence", "code_block"):
            return CodeBlock(node.content.rstrip("\n"), line)
        if kind == "hr":
            return Rule(line)
        if kind == "table":
            return self._table(node)
        # Raw HTML is off, so no other block kinds reach here; keep any text all the same.
        return Paragraph(RichText.plain(node.content), line) if node.content else None

    def _paragraph_lines(self, node: SyntaxTreeNode) -> list[cards.Line]:
        first = self.line_of(node)
        return [
            cards.Line(text, first + offset)
            for offset, text in enumerate(split_lines(node.children[0]))
        ]

    # -- tables ----------------------------------------------------------------------------

    def _table(self, node: SyntaxTreeNode) -> TableRef | None:
        head, body = _table_parts(node)
        header_line = self.line_of(head)
        header = [rich_text(cell.children[0] if cell.children else None) for cell in head.children]
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
        for row in body:
            dimension = self._dimension(row, len(header), seen_dimensions)
            if dimension is not None:
                dimensions.append(dimension)
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

    def _dimension(self, row: SyntaxTreeNode, width: int, seen: dict[str, int]) -> Dimension | None:
        line = self.line_of(row)
        cells = [rich_text(cell.children[0] if cell.children else None) for cell in row.children]
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


def _table_parts(node: SyntaxTreeNode) -> tuple[SyntaxTreeNode, list[SyntaxTreeNode]]:
    """The header row and the body rows of a table node."""
    head = node.children[0].children[0]
    body = list(node.children[1].children) if len(node.children) > 1 else []
    return head, body


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
