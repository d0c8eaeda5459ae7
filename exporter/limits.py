"""Limits of the output formats, checked on the model so problems point at source lines."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import Diagnostic
from .model import Document, located_texts

# Excel refuses (and calls the file damaged) when a cell holds more characters than this.
EXCEL_CELL_LIMIT = 32_767
# Laying out an unbroken word takes WeasyPrint time that grows steeply with its length
# (about 4 s for 20,000 characters here, over 20 s for 130,000): longer ones are refused.
MAX_WORD = 20_000
# Each style change is a run in DOCX and XLSX and a box in the PDF; past this many in one
# text the writers take tens of seconds (cmark's 130,000 nested emphasis runs: 20 s).
MAX_RUNS = 5_000
# Table cells in one document: a PDF lays out about 1,000 cells a second here, so 5,000
# cells (say 1,000 dimensions of 5 roles) build in seconds; 30,000 took over a minute.
MAX_CELLS = 5_000


def _length(text: str) -> int:
    """Characters as Excel counts them: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def output_diagnostics(document: Document) -> list[Diagnostic]:
    """Errors for names no output can hold; warnings for cells that must be split."""
    return list(_diagnostics(document))


def _diagnostics(document: Document) -> Iterator[Diagnostic]:
    path = document.path
    cells = sum(len(c.roles) * len(c.dimensions) for c in document.comparisons)
    if cells > MAX_CELLS:
        largest = max(document.comparisons, key=lambda c: len(c.roles) * len(c.dimensions))
        yield Diagnostic(
            path,
            largest.line,
            1,
            "error",
            f"the tables hold {cells:,} cells; the limit is {MAX_CELLS:,} per source",
            "split the comparison over several sources",
        )
    for line, text in located_texts(document):
        longest = max(map(len, text.text.split()), default=0)
        if longest > MAX_WORD:
            yield Diagnostic(
                path,
                line,
                1,
                "error",
                f"a word of {longest:,} characters without a space; the limit is {MAX_WORD:,}",
                "long words take minutes to lay out in a PDF: break the text with spaces",
            )
        if len(text.spans) > MAX_RUNS:
            yield Diagnostic(
                path,
                line,
                1,
                "error",
                f"text changes style {len(text.spans):,} times; the limit is {MAX_RUNS:,}",
                "check the emphasis markers (*, _, ~~) and backticks around this line",
            )
    for comparison in document.comparisons:
        names = [(comparison.line, "comparison title", comparison.title)]
        names += [(role.line, "role title", role.title.text) for role in comparison.roles]
        names += [(role.line, "role summary", role.summary.text) for role in comparison.roles]
        names += [(d.line, "dimension name", d.name.text) for d in comparison.dimensions]
        for line, what, name in names:
            if _length(name) > EXCEL_CELL_LIMIT:
                yield Diagnostic(
                    path,
                    line,
                    1,
                    "error",
                    f"{what} is {_length(name):,} characters long; "
                    f"names are limited to {EXCEL_CELL_LIMIT:,} (Excel's cell limit)",
                )
        for dimension in comparison.dimensions:
            for role, cell in zip(comparison.roles, dimension.cells, strict=True):
                if _length(cell.text) > EXCEL_CELL_LIMIT:
                    yield Diagnostic(
                        path,
                        dimension.line,
                        1,
                        "warning",
                        f"cell for {role.title.text[:60]!r} is {_length(cell.text):,} characters, "
                        f"above Excel's limit of {EXCEL_CELL_LIMIT:,}: "
                        "the XLSX spreads it over continuation rows",
                    )
