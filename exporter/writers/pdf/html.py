"""Document + Theme -> the handbook's HTML (Jinja2, autoescaped), the input of the PDF writer."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from ...inline import safe_href
from ...model import (
    Block,
    Comparison,
    Document,
    Heading,
    ListBlock,
    Quote,
    RichText,
    Span,
    TableRef,
)
from ...page import PAGE_SIZES_MM
from ...presentation.grid import Grid, grid
from ...reproducible import build_timestamp
from ...text import display_width
from ...theme import Theme

TEMPLATE = "handbook.html.j2"

# Page geometry for choosing portrait or landscape: the margins handbook.css gives every
# page (the page sizes a theme may name come from exporter.page).
SIDE_MARGINS_MM = 36.0
VERTICAL_MARGINS_MM = 38.0
PT_TO_MM = 25.4 / 72
# A "unit" is half an em: about one Latin character of body text; a CJK character is two.
UNIT_EM = 0.5

# Column sizing, in units. A column needs room for its longest word (capped: longer words
# wrap anyway) and, for prose, at least PROSE_MIN units a line; widths follow PREFERRED.
PAD = 3
WORD_CAP = 20
PROSE_MIN = 20
PREFERRED_CAP = {"dimension": 28, "role": 48}
COMPACT_ROLE = 12  # role columns no wider than this (ticks, short words) pack densely
MAX_ROLES_PER_GROUP = 4  # prose columns per landscape table before splitting into groups
DIMENSION_SHARE = (0.18, 0.34)  # bounds of the dimension column's share of the width
# handbook.css sets table text at 0.95em with 1.32 line height. A row estimated taller than
# TALL_ROW of a page may split: WeasyPrint drops the repeated header on pages where a row
# that must split anyway has `break-inside: avoid`.
TABLE_SCALE = 0.95
TABLE_LEADING = 1.32
TALL_ROW = 0.8
ROW_PADDING_MM = 4.0  # handbook.css pads cells 2 mm above and below
# A table estimated to take less than this share of a page is kept on one page (it starts
# on the next page rather than split); a longer one splits, but never leaves a row alone.
WHOLE_TABLE = 0.7
CARDS_PER_ROW = {False: 3, True: 4}  # portrait, landscape

# Words longer than this get a <wbr> every WBR_EVERY characters: WeasyPrint lays out an
# unbreakable word again for every line it spills onto (quadratic time), break points
# keep a 20,000-character word to seconds instead of minutes.
LONG_WORD = 48
WBR_EVERY = 6
_WORDS = re.compile(r"\S+|\s+")
_GLUE = frozenset({"\u200d", "\ufe0e", "\ufe0f"})  # ZWJ and variation selectors


@dataclass(frozen=True)
class ColumnGroup:
    """One printed table of a comparison: the label column (if any) plus some columns."""

    columns: tuple[int, ...]  # indexes into Grid.headers
    widths: tuple[float, ...]  # percentages: the label column first (if any), then each column
    caption: str  # "Roles 1\u20133 of 9" when the comparison is split, else ""
    tall: frozenset[int]  # rows (indexes into Grid.cells) allowed to split
    whole: bool  # the table fits on one page: it moves to the next page rather than split


@dataclass(frozen=True)
class TablePlan:
    """How a comparison is printed: page orientation and column groups."""

    landscape: bool
    groups: tuple[ColumnGroup, ...]


@dataclass(frozen=True)
class ComparisonView:
    """A comparison with everything the template needs to print it."""

    comparison: Comparison
    grid: Grid
    plan: TablePlan
    focus: int | None  # index of the focus role, if the comparison has it
    show_title: bool  # False when the heading right above already says the same
    title_level: int
    cards: bool  # role cards are printed when any role has a summary
    card_columns: int  # cards per row


# ---------------------------------------------------------------- public API


def render_html(document: Document, theme: Theme) -> str:
    """The complete handbook HTML for a document, styled by the theme's stylesheet."""
    # The parser already took a leading `#` title heading out of the prose; like the DOCX
    # writer, print the rest as it stands.
    blocks = document.blocks
    levels = _HeadingLevels(blocks)
    views = _comparison_views(document, theme, blocks, levels)
    referenced = {block.index for block in _walk(blocks) if isinstance(block, TableRef)}
    created = build_timestamp().strftime("%Y-%m-%dT%H:%M:%SZ")
    every_table_wide = bool(views) and all(view.plan.landscape for view in views.values())
    return _template().render(
        heading_level=levels,
        document=document,
        theme=theme,
        blocks=blocks,
        views=views,
        unplaced=[views[i] for i in sorted(views) if i not in referenced],
        lang=document.meta.lang or "en",
        created=created,
        css_href=_theme_relative(theme, theme.css),
        logo_href=_theme_relative(theme, theme.logo),
        theme_css=Markup(theme_stylesheet(theme, landscape=every_table_wide)),
        # When every table is wide the whole document is landscape; otherwise wide tables
        # move to landscape pages of their own.
        wide_pages=not every_table_wide,
        facts=_facts(document),
    )


def theme_stylesheet(theme: Theme, *, landscape: bool = False) -> str:
    """CSS custom properties and page sizes from the theme, for handbook.css to use."""
    colours = theme.colours
    fonts = theme.fonts
    properties = {
        "--primary": colours.primary,
        "--accent": colours.accent,
        "--text": colours.text,
        "--muted": colours.muted,
        "--on-primary": colours.on_primary,
        "--band": colours.band,
        "--border": colours.border,
        # Derived tints keep the focus column readable on white and on banded rows.
        "--accent-soft": mix(colours.accent, "#FFFFFF", 0.09),
        "--accent-soft-band": mix(colours.accent, colours.band, 0.12),
        "--font-body": css_string(fonts.body),
        "--font-heading": css_string(fonts.heading),
        "--font-mono": css_string(fonts.mono),
        "--font-size": f"{fonts.size:g}pt",
    }
    lines = [":root {", *(f"  {name}: {value};" for name, value in properties.items()), "}"]
    # var() is not allowed in `size`, so the page sizes are written out here.
    first = f"{theme.page_size} landscape" if landscape else theme.page_size
    lines += [f"@page {{ size: {first}; }}", f"@page wide {{ size: {theme.page_size} landscape; }}"]
    return "\n".join(lines) + "\n"


def css_string(text: str) -> str:
    """A CSS string literal for any text; `<` is escaped so it cannot close a <style>."""
    escaped = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\{ord(char):X} ")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def mix(colour: str, base: str, amount: float) -> str:
    """`amount` of `colour` over `base` (both #RRGGBB), as #RRGGBB."""
    ours = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    theirs = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    blended = (round(a * amount + b * (1 - amount)) for a, b in zip(ours, theirs, strict=True))
    return "#" + "".join(f"{value:02X}" for value in blended)


def link_target(span: Span) -> str | None:
    """The span's href if it is a safe link (`inline.safe_href`), else None."""
    return safe_href(span.href) if span.href else None


def inline_pieces(text: str, *, preformatted: bool = False) -> list[tuple[str, str]]:
    """Split text into ("text", s), ("br", "") and ("wbr", "") pieces for the template."""
    pieces: list[tuple[str, str]] = []
    lines = [text] if preformatted else text.split("\n")
    for number, line in enumerate(lines):
        if number:
            pieces.append(("br", ""))
        for word in _WORDS.findall(line):
            if len(word) <= LONG_WORD or word.isspace():
                pieces.append(("text", word))
                continue
            for index, chunk in enumerate(_chunks(word)):
                if index:
                    pieces.append(("wbr", ""))
                pieces.append(("text", chunk))
    return pieces


def plan_table(comparison: Comparison, theme: Theme) -> TablePlan:
    """Portrait when the table fits the page, else landscape, split into column groups."""
    table = grid(comparison)
    short, long = PAGE_SIZES_MM.get(theme.page_size, PAGE_SIZES_MM["A4"])
    unit_mm = theme.fonts.size * PT_TO_MM * UNIT_EM
    label: tuple[int, int] | None = None
    if table.corner is not None and table.labels is not None:
        label = _column_need([table.corner], table.labels, "dimension")
    columns = [
        _column_need([header], [row[index] for row in table.cells], "role")
        for index, header in enumerate(table.headers)
    ]
    label_units = label[0] if label else 0
    everything = tuple(range(len(columns)))
    portrait = _Page((short - SIDE_MARGINS_MM) / unit_mm, long - VERTICAL_MARGINS_MM)
    if label_units + sum(need[0] for need in columns) <= portrait.units or not columns:
        group = _group(table, everything, label, columns, portrait, theme)
        return TablePlan(False, (group,))

    landscape = _Page((long - SIDE_MARGINS_MM) / unit_mm, short - VERTICAL_MARGINS_MM)
    widest = max(need[0] for need in columns)
    per_group = max(1, math.floor((landscape.units - label_units) / widest))
    if widest > COMPACT_ROLE:
        per_group = min(per_group, MAX_ROLES_PER_GROUP)
    count = math.ceil(len(columns) / per_group)
    groups = tuple(
        _group(table, chunk, label, columns, landscape, theme)
        for chunk in _balanced(everything, count)
    )
    return TablePlan(True, groups)


# ---------------------------------------------------------------- helpers


@functools.cache
def _template() -> Template:
    """The handbook template, compiled once per process (compiling costs more than rendering)."""
    environment = Environment(
        loader=PackageLoader("exporter.writers.pdf", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["pieces"] = inline_pieces
    environment.globals["link_target"] = link_target
    environment.globals["kind"] = _kind
    return environment.get_template(TEMPLATE)


def _kind(block: object) -> str:
    """The model class name of a block, for the template's dispatch."""
    return type(block).__name__


def _theme_relative(theme: Theme, path: Path) -> str:
    """A theme asset as a URL relative to the theme folder (the PDF's base URL)."""
    return quote("/".join(path.relative_to(theme.root).parts))


def _walk(blocks: Sequence[Block]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from _walk(item)
        elif isinstance(block, Quote):
            yield from _walk(block.blocks)


def _comparison_views(
    document: Document, theme: Theme, blocks: tuple[Block, ...], levels: _HeadingLevels
) -> dict[int, ComparisonView]:
    """Each comparison's view; its title shows only when no heading above already says it."""
    above: dict[int, tuple[str, int]] = {}
    heading, level = document.title, 1
    for block in _walk(blocks):
        if isinstance(block, Heading):
            heading, level = block.content.text, levels(block.level)
        elif isinstance(block, TableRef):
            above.setdefault(block.index, (heading, level))
    views: dict[int, ComparisonView] = {}
    for index, comparison in enumerate(document.comparisons):
        heading, level = above.get(index, ("", 1))
        roles = enumerate(comparison.roles)
        focus = next((number for number, role in roles if document.is_focus(role)), None)
        plan = plan_table(comparison, theme)
        views[index] = ComparisonView(
            comparison=comparison,
            grid=grid(comparison),
            plan=plan,
            focus=focus,
            show_title=bool(comparison.title.strip()) and not _same(comparison.title, heading),
            title_level=min(level + 1, 6),
            cards=any(role.summary for role in comparison.roles),
            card_columns=max(1, min(len(comparison.roles), CARDS_PER_ROW[plan.landscape])),
        )
    return views


class _HeadingLevels:
    """Source heading level -> HTML level: the document's top prose level becomes <h2>.

    The title is the only <h1>; sources that start their sections at `##` (the title
    being `#`) and sources that start at `#` both get <h2> sections, so the outline nests
    under the title and the stylesheet's section styles apply.
    """

    def __init__(self, blocks: Sequence[Block]) -> None:
        levels = [block.level for block in _walk(blocks) if isinstance(block, Heading)]
        self.top = min(levels, default=1)

    def __call__(self, level: int) -> int:
        return min(max(level - self.top + 2, 2), 6)


def _same(left: str, right: str) -> bool:
    return " ".join(left.split()).casefold() == " ".join(right.split()).casefold()


def _facts(document: Document) -> list[tuple[str, str, str]]:
    """(css class, label, value) for the front-matter facts the title block lists."""
    meta = document.meta
    facts = [
        ("version", "Version", meta.version),
        ("owner", "Owner", meta.owner),
        ("effective", "Effective", meta.effective),
        ("confidentiality", "Confidentiality", meta.confidentiality),
    ]
    return [fact for fact in facts if fact[2].strip()]


def _column_need(
    headers: Sequence[RichText], cells: Sequence[RichText], kind: str
) -> tuple[int, int]:
    """(comfortable, preferred) width of a column in units."""
    texts = [text.text for text in (*headers, *cells) if text]
    if not texts:
        return PAD + 4, PAD + 4
    word = min(WORD_CAP, max(display_width(w) for text in texts for w in text.split() or [""]))
    lengths = [display_width(text) for text in texts]
    longest = max(lengths)
    mean = sum(lengths) / len(lengths)
    comfortable = max(word, min(longest, PROSE_MIN)) + PAD
    preferred = max(word, min(PREFERRED_CAP[kind], round((longest + mean) / 2))) + PAD
    return comfortable, preferred


@dataclass(frozen=True)
class _Page:
    """The printable area of a page: width in units, height in mm."""

    units: float
    height_mm: float


def _group(
    table: Grid,
    columns: tuple[int, ...],
    label: tuple[int, int] | None,
    needs: Sequence[tuple[int, int]],
    page: _Page,
    theme: Theme,
) -> ColumnGroup:
    preferred = [needs[i][1] for i in columns]
    rest = sum(preferred) or 1
    if label is None:
        widths = [100 * need / rest for need in preferred]
    else:
        low, high = DIMENSION_SHARE
        first = min(max(label[1] / (label[1] + rest), low), high) if columns else 1.0
        widths = [first * 100, *((1 - first) * 100 * need / rest for need in preferred)]
    caption = ""
    if len(columns) < len(table.headers):
        kind = table.columns_are.capitalize()
        caption = f"{kind} {columns[0] + 1}\u2013{columns[-1] + 1} of {len(table.headers)}"
    line_mm = theme.fonts.size * TABLE_SCALE * TABLE_LEADING * PT_TO_MM
    heights = [
        _row_height_mm(_row_texts(table, row, columns), widths, page, line_mm) + ROW_PADDING_MM
        for row in range(len(table.cells))
    ]
    headers = [table.headers[i] for i in columns]
    header = _row_height_mm(headers, widths[len(widths) - len(columns) :], page, line_mm)
    tall = frozenset(
        row for row, height in enumerate(heights) if height > TALL_ROW * page.height_mm
    )
    whole = header + ROW_PADDING_MM + sum(heights) < WHOLE_TABLE * page.height_mm
    rounded = tuple(round(width, 2) for width in widths)
    return ColumnGroup(columns, rounded, caption, tall, whole)


def _row_texts(table: Grid, row: int, columns: tuple[int, ...]) -> list[RichText]:
    """The texts one printed row holds: its label (if any), then the group's cells."""
    cells = [table.cells[row][i] for i in columns]
    return [table.labels[row], *cells] if table.labels is not None else cells


def _row_height_mm(
    cells: Sequence[RichText], widths: Sequence[float], page: _Page, line_mm: float
) -> float:
    """A generous estimate of a printed row's height, to spot rows taller than a page."""
    lines = 0
    for cell, width in zip(cells, widths, strict=True):
        per_line = max(1.0, width / 100 * page.units / TABLE_SCALE - PAD)
        count = sum(
            math.ceil(display_width(part) / per_line) or 1 for part in cell.text.split("\n")
        )
        lines = max(lines, count)
    return lines * line_mm


def _balanced(items: tuple[int, ...], count: int) -> Iterator[tuple[int, ...]]:
    """Split items into `count` consecutive runs whose sizes differ by at most one."""
    size, extra = divmod(len(items), count)
    start = 0
    for number in range(count):
        stop = start + size + (1 if number < extra else 0)
        yield items[start:stop]
        start = stop


def _chunks(word: str) -> Iterator[str]:
    """Cut a long word every WBR_EVERY characters, never inside a combining sequence."""
    start = 0
    while start < len(word):
        stop = min(start + WBR_EVERY, len(word))
        while stop < len(word) and (
            unicodedata.combining(word[stop]) or word[stop] in _GLUE or word[stop - 1] in _GLUE
        ):
            stop += 1
        yield word[start:stop]
        start = stop
