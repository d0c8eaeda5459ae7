"""Limits of the outputs and of build time, checked on the model so problems point at lines.

Each limit belongs to the formats that need it: the PDF's layout time (cells, long words,
style changes) and the spreadsheet's cell size (names, links, long cells). A build of
`-f xlsx` is never refused for a PDF layout limit, nor a PDF for Excel's cell size.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from . import layout_cost
from .errors import Diagnostic
from .line_breaks import longest_unbreakable
from .model import Comparison, Document, Heading, located_texts, walk
from .text import utf16_length

# Excel refuses (and calls the file damaged) when a cell holds more characters than this.
EXCEL_CELL_LIMIT = 32_767
# Names cannot be split over rows; the XLSX may add " (2)" to a repeated comparison title.
MAX_NAME = EXCEL_CELL_LIMIT - 100
# Laying out an unbroken word takes WeasyPrint time that grows steeply with its length
# (about 4 s for 20,000 characters here, over 20 s for 130,000): longer ones are refused.
MAX_WORD = 20_000
# Each style change is a box in the PDF; past this many in one text its layout slows down by
# seconds per thousand. (DOCX and XLSX write 10,000 runs in one or two seconds.)
MAX_RUNS = 5_000
# The formats whose limits these are.
PDF_LIMITS = frozenset({"pdf"})
XLSX_LIMITS = frozenset({"xlsx"})
OFFICE_LIMITS = frozenset({"docx", "xlsx"})
# Table cells in one DOCX or XLSX: 44,000 short cells took 27 s as DOCX (role profiles
# print each again) and 19 s as XLSX on the 2-core machine, time linear in the cells.
MAX_OFFICE_CELLS = 30_000
# Table cells (header cells included) in one source: a PDF of 2,403 cells took 2.1 s (short
# cells) to 2.9 s (twenty-word cells) on a 2-core machine (`make bench`), so 2,500 cells
# (200 roles by 11 rows, or 500 dimensions of 4 roles) build in a few seconds; 30,000 took
# over a minute. Far below Excel's 16,384 columns.
MAX_CELLS = 2_500
# The PDF's estimated layout time (layout_cost.py) past which a source is refused up front:
# every source `check` accepts then builds in well under 30 s per format on this machine.
MAX_LAYOUT_SECONDS = 25.0
# Each heading is a bookmark and a contents entry, whose page numbers take WeasyPrint more
# layouts: 1,000 headings took 11 s and 240 MB, 2,000 took 21 s and 400 MB.
MAX_HEADINGS = 2_000


def output_diagnostics(
    document: Document, formats: Collection[str] = ("docx", "xlsx", "pdf")
) -> list[Diagnostic]:
    """Errors for what one of `formats` cannot hold, or not in time; warnings for cells the
    spreadsheet must split."""
    found: list[Diagnostic] = []
    if PDF_LIMITS & set(formats):
        found += _layout(document)
    if XLSX_LIMITS & set(formats):
        found += _spreadsheet(document)
    office = sorted(OFFICE_LIMITS & set(formats))
    if office:
        found += _office(document, office)
    return found


def _cells(comparison: Comparison) -> int:
    return len(comparison.roles) * (len(comparison.dimensions) + 1)


def _error(document: Document, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(document.path, line, 1, "error", message, hint)


def _office(document: Document, formats: list[str]) -> Iterator[Diagnostic]:
    """What a Word file or a workbook could not be written with in seconds."""
    cells = sum(map(_cells, document.comparisons))
    if cells > MAX_OFFICE_CELLS:
        largest = max(document.comparisons, key=_cells)
        named = " and ".join(fmt.upper() for fmt in formats)
        yield _error(
            document,
            largest.line,
            f"the tables hold {cells:,} cells (header cells included); "
            f"the limit is {MAX_OFFICE_CELLS:,} per {named}",
            "split the comparison over several sources",
        )


def _layout(document: Document) -> Iterator[Diagnostic]:
    """What the PDF could not lay out in seconds."""
    cells = sum(map(_cells, document.comparisons))
    if cells > MAX_CELLS:
        largest = max(document.comparisons, key=_cells)
        yield _error(
            document,
            largest.line,
            f"the tables hold {cells:,} cells (header cells included); "
            f"the limit is {MAX_CELLS:,} per PDF",
            "split the comparison over several sources",
        )
    yield from _layout_time(document)
    for line, text in located_texts(document):
        # Only a text longer than the limit can hold a stretch longer than it.
        longest = longest_unbreakable(text.text) if len(text.text) > MAX_WORD else 0
        if longest > MAX_WORD:
            yield _error(
                document,
                line,
                f"{longest:,} characters with no place to break a line; the limit is {MAX_WORD:,}",
                "long words take minutes to lay out in a PDF: break the text with spaces "
                "(a no-break space, or a space right after an opening bracket, is no break)",
            )
        if len(text.spans) > MAX_RUNS:
            yield _error(
                document,
                line,
                f"text changes style {len(text.spans):,} times; the limit is {MAX_RUNS:,}",
                "check the emphasis markers (*, _, ~~) and backticks around this line",
            )


def _spreadsheet(document: Document) -> Iterator[Diagnostic]:
    """What a spreadsheet cell could not hold: names and links cannot be split, cells can."""
    for comparison in document.comparisons:
        # The XLSX lists the link targets of a row label with each of its cells (and of a
        # role's title with its summary) in one cell, which must fit.
        pairs = [(role.line, role.title, role.summary) for role in comparison.roles]
        pairs += [(d.line, d.name, cell) for d in comparison.dimensions for cell in d.cells]
        for line, first, second in pairs:
            spans = (*first.spans, *second.spans)
            targets = "\n".join(dict.fromkeys(span.href for span in spans if span.href))
            if utf16_length(targets) > EXCEL_CELL_LIMIT:
                yield _error(
                    document,
                    line,
                    f"the links here add up to {utf16_length(targets):,} characters; "
                    f"a spreadsheet cell holds {EXCEL_CELL_LIMIT:,}",
                )
        names = [(comparison.line, "comparison title", comparison.title)]
        names += [(comparison.line, "first header cell", comparison.corner.text)]
        names += [(role.line, "role title", role.title.text) for role in comparison.roles]
        names += [(role.line, "role summary", role.summary.text) for role in comparison.roles]
        names += [(d.line, "dimension name", d.name.text) for d in comparison.dimensions]
        for line, what, name in names:
            if utf16_length(name) > MAX_NAME:
                yield _error(
                    document,
                    line,
                    f"{what} is {utf16_length(name):,} characters long; the limit is {MAX_NAME:,}",
                )
        for row, dimension in enumerate(comparison.dimensions):
            for column, (role, cell) in enumerate(
                zip(comparison.roles, dimension.cells, strict=True)
            ):
                if utf16_length(cell.text) > EXCEL_CELL_LIMIT:
                    yield Diagnostic(
                        document.path,
                        comparison.cell_line(row, column),
                        1,
                        "warning",
                        f"cell for {role.title.text[:60]!r} is "
                        f"{utf16_length(cell.text):,} characters, "
                        f"above Excel's limit of {EXCEL_CELL_LIMIT:,}: "
                        "the XLSX spreads it over continuation rows",
                    )


def _layout_time(document: Document) -> Iterator[Diagnostic]:
    """Refuse, where the source grows past it, what would take the PDF too long."""
    over = next(
        (step for step in layout_cost.steps(document) if step.seconds > MAX_LAYOUT_SECONDS),
        None,
    )
    if over is not None:
        yield _error(
            document,
            over.line,
            f"from here on, a PDF of this source would take too long to lay out: about "
            f"{layout_cost.estimate(document):.0f} s in all (estimated from its text, tables "
            f"and blocks), and jobarch refuses more than {MAX_LAYOUT_SECONDS:.0f} s up front",
            "split the source in two, or build only the other formats (-f docx -f xlsx)",
        )
    headings = [block for block in walk(document.blocks) if isinstance(block, Heading)]
    if len(headings) > MAX_HEADINGS:
        yield _error(
            document,
            headings[MAX_HEADINGS].line,
            f"the source has {len(headings):,} headings; a PDF lays out at most "
            f"{MAX_HEADINGS:,} in seconds",
            "split the source in two, or build only the other formats (-f docx -f xlsx)",
        )
