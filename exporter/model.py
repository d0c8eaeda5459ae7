"""The format-neutral document model: frozen dataclasses every writer reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import assert_never


@dataclass(frozen=True)
class Span:
    """A run of text with one style; `href` is set only for safe link targets."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    href: str | None = None


@dataclass(frozen=True)
class RichText:
    """Inline content: a sequence of styled spans; a newline in a span is a line break."""

    spans: tuple[Span, ...] = ()

    @property
    def text(self) -> str:
        """The plain text, with styling dropped."""
        return "".join(span.text for span in self.spans)

    def __bool__(self) -> bool:
        return any(span.text for span in self.spans)

    def strip(self) -> RichText:
        """The text without white space at either end (spans left empty are dropped)."""
        spans = list(self.spans)
        while spans and not spans[0].text.strip():
            spans.pop(0)
        while spans and not spans[-1].text.strip():
            spans.pop()
        if spans:
            spans[0] = replace(spans[0], text=spans[0].text.lstrip())
            spans[-1] = replace(spans[-1], text=spans[-1].text.rstrip())
        return RichText(tuple(spans))

    @classmethod
    def plain(cls, text: str) -> RichText:
        """Rich text holding one unstyled span (or nothing for an empty string)."""
        return cls((Span(text),) if text else ())


@dataclass(frozen=True)
class Role:
    """A role of a comparison (a column or a row of the source table) with an optional summary.

    `line` is where the role is named: the header row when roles run across, else its own row.
    """

    title: RichText
    summary: RichText = field(default_factory=RichText)
    line: int = 0


@dataclass(frozen=True)
class Dimension:
    """What is compared, with one cell per role (in role order).

    In a list comparison a dimension is one row of items and its name is empty. `line` is
    where the dimension is named: its own row when roles run across, else the header row.
    """

    name: RichText
    cells: tuple[RichText, ...]
    line: int = 0


class Layout(StrEnum):
    """Which way a source table runs."""

    ROLES_IN_COLUMNS = "roles-in-columns"  # header cells are roles, rows are dimensions
    ROLES_IN_ROWS = "roles-in-rows"  # each row is a role, header cells are dimensions
    LISTS = "lists"  # every column is a role, rows are items without a label


@dataclass(frozen=True)
class Reading:
    """How a table was read, and why: shown by `jobarch check` and `jobarch model`."""

    layout: Layout = Layout.ROLES_IN_COLUMNS
    reason: str = "the default reading"
    explicit: bool = False  # set by the author (a comment or the front matter), not guessed


@dataclass(frozen=True)
class Comparison:
    """One comparison table: roles, dimensions and a cell for each pair.

    `corner` is the source table's first header cell as written: it labels the dimensions
    when roles run across, the roles when they run down, and is empty for lists.
    """

    title: str
    corner: RichText
    roles: tuple[Role, ...]
    dimensions: tuple[Dimension, ...]
    line: int = 0
    reading: Reading = field(default_factory=Reading)
    source: str = ""  # in a handbook: the title of the source the comparison comes from
    focus: str = ""  # in a handbook: the focus role of the source it comes from

    @property
    def layout(self) -> Layout:
        """Which way the source table runs."""
        return self.reading.layout

    def cell_line(self, dimension: int, role: int) -> int:
        """The source line of one cell: the role's row or the dimension's row."""
        if self.layout is Layout.ROLES_IN_ROWS:
            return self.roles[role].line
        return self.dimensions[dimension].line


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1 to 6) in the document's prose."""

    level: int
    content: RichText
    line: int = 0


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose."""

    content: RichText
    line: int = 0


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a sequence of blocks."""

    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]
    line: int = 0


@dataclass(frozen=True)
class Quote:
    """A block quote."""

    blocks: tuple[Block, ...]
    line: int = 0


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text shown verbatim."""

    text: str
    line: int = 0


@dataclass(frozen=True)
class Rule:
    """A thematic break."""

    line: int = 0


@dataclass(frozen=True)
class TableRef:
    """The place in the prose where `Document.comparisons[index]` stands."""

    index: int
    line: int = 0


Block = Heading | Paragraph | ListBlock | Quote | CodeBlock | Rule | TableRef


@dataclass(frozen=True)
class Metadata:
    """Facts about the document from front matter; empty strings when not given."""

    slug: str = ""
    version: str = ""
    owner: str = ""
    effective: str = ""
    confidentiality: str = ""
    lang: str = "en"
    order: int | None = None  # where a handbook puts this source's chapter
    profiles: bool = True  # a page per role after the comparisons (front matter `profiles`)


@dataclass(frozen=True)
class Document:
    """A parsed source: title, lede, prose blocks and the comparisons they hold.

    `focus_role` names the role the source is written about (the seed's first role
    card), or is empty. `blocks` holds the body in source order, with a `TableRef`
    where each comparison stands.
    """

    path: str
    title: str
    lede: RichText
    comparisons: tuple[Comparison, ...]
    blocks: tuple[Block, ...]
    meta: Metadata = field(default_factory=Metadata)
    focus_role: str = ""

    def is_focus(self, role: Role, comparison: Comparison | None = None) -> bool:
        """Whether `role` is the focus role: its title text is exactly the comparison's own
        focus role (a handbook's chapters keep theirs), else the document's `focus_role`."""
        focus = comparison.focus if comparison is not None and comparison.focus else ""
        focus = focus or self.focus_role
        return bool(focus) and role.title.text == focus

    @property
    def is_handbook(self) -> bool:
        """Whether it gathers several sources: a handbook's comparisons name their chapter."""
        return any(comparison.source for comparison in self.comparisons)


def walk(blocks: Sequence[Block]) -> Iterator[Block]:
    """Every block, those inside lists and quotes included, in document order."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, Quote):
            yield from walk(block.blocks)


def map_spans(
    document: Document, span: Callable[[Span], Span], text: Callable[[str], str]
) -> Document:
    """A copy of the document with every span mapped by `span` and every plain text
    (titles, code, metadata) by `text`."""

    def rich(value: RichText) -> RichText:
        return RichText(tuple(map(span, value.spans)))

    def block(item: Block) -> Block:
        match item:
            case Heading() | Paragraph():
                return replace(item, content=rich(item.content))
            case ListBlock():
                return replace(item, items=tuple(tuple(map(block, entry)) for entry in item.items))
            case Quote():
                return replace(item, blocks=tuple(map(block, item.blocks)))
            case CodeBlock():
                return replace(item, text=text(item.text))
            case Rule() | TableRef():
                return item
            case _:
                assert_never(item)

    comparisons = tuple(
        replace(
            comparison,
            title=text(comparison.title),
            corner=rich(comparison.corner),
            roles=tuple(
                replace(role, title=rich(role.title), summary=rich(role.summary))
                for role in comparison.roles
            ),
            dimensions=tuple(
                replace(d, name=rich(d.name), cells=tuple(map(rich, d.cells)))
                for d in comparison.dimensions
            ),
        )
        for comparison in document.comparisons
    )
    meta = document.meta
    return replace(
        document,
        title=text(document.title),
        lede=rich(document.lede),
        comparisons=comparisons,
        blocks=tuple(map(block, document.blocks)),
        meta=replace(
            meta,
            version=text(meta.version),
            owner=text(meta.owner),
            effective=text(meta.effective),
            confidentiality=text(meta.confidentiality),
        ),
        focus_role=text(document.focus_role),
    )


def map_text(document: Document, change: Callable[[str], str]) -> Document:
    """A copy of the document with `change` applied to every text it holds, metadata too."""
    return map_spans(document, lambda span: replace(span, text=change(span.text)), change)


def located_texts(document: Document) -> Iterator[tuple[int, RichText]]:
    """(source line, text) of every text in the document: tables first, then prose.

    The title, lede and the front matter's facts carry no line of their own; they are
    reported at line 1.
    """
    yield 1, RichText.plain(document.title)
    yield 1, document.lede
    meta = document.meta
    for fact in (meta.version, meta.owner, meta.effective, meta.confidentiality):
        yield 1, RichText.plain(fact)
    for comparison in document.comparisons:
        yield comparison.line, RichText.plain(comparison.title)
        yield comparison.line, comparison.corner
        for role in comparison.roles:
            yield role.line, role.title
            yield role.line, role.summary
        for row, dimension in enumerate(comparison.dimensions):
            yield dimension.line, dimension.name
            for column, cell in enumerate(dimension.cells):
                yield comparison.cell_line(row, column), cell
    yield from _block_texts(document.blocks)


def _block_texts(blocks: tuple[Block, ...]) -> Iterator[tuple[int, RichText]]:
    for block in blocks:
        match block:
            case ListBlock():
                for item in block.items:
                    yield from _block_texts(item)
            case Quote():
                yield from _block_texts(block.blocks)
            case Heading() | Paragraph():
                yield block.line, block.content
            case CodeBlock():
                yield block.line, RichText.plain(block.text)
            case Rule() | TableRef():
                pass
            case _:
                assert_never(block)
