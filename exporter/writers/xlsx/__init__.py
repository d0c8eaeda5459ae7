"""The XLSX writer: a wide sheet per comparison, a `Long` sheet and a `Roles` sheet (openpyxl)."""

from .workbook import write

__all__ = ["write"]
