"""Limits of the output formats, checked on the model so problems point at source lines."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import Diagnostic
from .model import Document

# Excel refuses (and calls the file damaged) when a cell holds more characters than this.
EXCEL_CELL_LIMIT = 32_767


def _length(text: str) -> int:
    """Characters as Excel counts them: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def output_diagnostics(document: Document) -> list[Diagnostic]:
    """Errors for names no output can hold; warnings for cells that must be split."""
    return list(_diagnostics(document))


def _diagnostics(document: Document) -> Iterator[Diagnostic]:
    path = document.path
    for comparison in document.comparisons:
        names = [(comparison.line, "comparison title", comparison.title)]
        names += [(role.line, "role title", role.title.text) for role in comparison.roles]
        names += [(role.line, "role summary", role.summary.text) for role in comparison.roles]
        names += [(d.line, "dimension name", d.name.text) for d in comparison.dimensions]
        for line, what, text in names:
            if _length(text) > EXCEL_CELL_LIMIT:
                yield Diagnostic(
                    path,
                    line,
                    1,
                    "error",
                    f"{what} is {_length(text):,} characters long; "
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
