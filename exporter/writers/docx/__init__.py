"""The DOCX writer: an editable, branded Word handbook (python-docx)."""

from .document import write

__all__ = ["write"]
