"""Limits of the output formats, checked on the model so problems point at source lines."""

from __future__ import annotations

from .errors import Diagnostic
from .model import Document

# Excel refuses (and calls the file damaged) when a cell holds more characters than this.
EXCEL_CELL_LIMIT = 32_767


def output_warnings(document: Document) -> list[Diagnostic]:
    """Warnings for texts that an output can only carry by splitting them."""
    warnings = []
    for comparison in document.comparisons:
        for dimension in comparison.dimensions:
            for role, cell in zip(comparison.roles, dimension.cells, strict=True):
                if len(cell.text) > EXCEL_CELL_LIMIT:
                    warnings.append(
                        Diagnostic(
                            document.path,
                            dimension.line,
                            1,
                            "warning",
                            f"cell for {role.title.text!r} is {len(cell.text):,} characters, "
                            f"above Excel's limit of {EXCEL_CELL_LIMIT:,}: "
                            "the XLSX splits it over several rows",
                        )
                    )
    return warnings
