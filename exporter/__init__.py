"""jobarch: job-architecture comparisons from Markdown to branded DOCX, XLSX and PDF."""

from .errors import Diagnostic, JobarchError, SourceError, ThemeError
from .parse import parse_file, parse_source, parse_text
from .theme import Theme, load_theme

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "JobarchError",
    "SourceError",
    "Theme",
    "ThemeError",
    "__version__",
    "load_theme",
    "parse_file",
    "parse_source",
    "parse_text",
]
