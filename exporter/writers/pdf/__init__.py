"""The PDF writer: the handbook laid out by WeasyPrint from the theme's own files."""

from .render import write

__all__ = ["write"]
