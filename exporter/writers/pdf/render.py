"""The PDF writer: the handbook HTML laid out by WeasyPrint, reading only the theme's files."""

from __future__ import annotations

import atexit
import gc
import json
import logging
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ...errors import Diagnostic
from ...model import Document, located_texts, map_text
from ...presentation import Presentation, present
from ...reproducible import build_timestamp
from ...serialize import document_data
from ...theme import Theme
from ...theme_fonts import print_warnings
from .. import DEFAULT_OPTIONS, SourceFile, WriteOptions
from . import coverage
from .brand import theme_stylesheet
from .fetcher import ThemeFetcher
from .html import render_html
from .theme_urls import theme_url
from .weasy import CSS, HTML, Attachment, FontConfiguration

_MAX_PASSES = 3
_CODE_POINT = re.compile(r"\(U\+([0-9A-F]{4,6})\)")
# Tagged, accessible PDF. WeasyPrint writes PDF/UA since version 57; before 70 its tags
# named table headers by memory address (no two builds alike) and failed on a table split
# over pages with a caption.
PDF_VARIANT = "pdf/ua-1"


@dataclass
class _Resources:
    """What WeasyPrint loads from a theme and can reuse: its fonts, its decoded images."""

    fonts: Any = field(default_factory=FontConfiguration)
    images: dict[str, Any] = field(default_factory=dict)
    # The theme's stylesheets, parsed once: parsing them again cost a tenth of each PDF.
    stylesheets: list[Any] = field(default_factory=list)

    def theme_sheets(self, theme: Theme, fetcher: ThemeFetcher) -> list[Any]:
        """The theme's stylesheets (parent themes' first), parsed on first use."""
        if not self.stylesheets:
            self.stylesheets = [
                CSS(url=theme_url(theme.folders, path), url_fetcher=fetcher, font_config=self.fonts)
                for path in theme.stylesheets
            ]
        return self.stylesheets


# Loading a theme's fonts (WeasyPrint copies each into a temporary folder) and images is a
# third of a PDF's time, so a process keeps them per theme for all its PDFs. Keyed by the
# temporary folder too: a worker process writes into its build's scratch folder, and must
# never drop (and so delete the files of) resources inherited from the process it was
# forked from. Released when this process exits normally.
_SHARED: dict[tuple[Path, str], _Resources] = {}


@atexit.register
def _release() -> None:
    # A font configuration sits in reference cycles (its layout caches): only the cycle
    # collector runs the finaliser that deletes its temporary folder.
    _SHARED.clear()
    gc.collect()


def _shared(theme: Theme) -> _Resources:
    """The resources this process uses for every PDF of `theme`."""
    key = (theme.root, tempfile.gettempdir())
    if key not in _SHARED:
        _SHARED[key] = _Resources()
    return _SHARED[key]


class _MissingGlyphs(logging.Handler):
    """Collects the characters WeasyPrint found in no font, and keeps its log quiet."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        # The formatted message names the missing code point as "(U+XXXX)".
        message = record.getMessage()
        if message.startswith(".notdef glyph") and (match := _CODE_POINT.search(message)):
            self.characters.add(chr(int(match.group(1), 16)))


@contextmanager
def _captured() -> Iterator[_MissingGlyphs]:
    """Route WeasyPrint's warnings to a collector instead of the user's terminal."""
    logger = logging.getLogger("weasyprint")
    handler = _MissingGlyphs()
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [handler], False
    try:
        yield handler
    finally:
        logger.handlers, logger.propagate = saved


def _render(
    presentation: Presentation,
    fetcher: ThemeFetcher,
    resources: _Resources,
    options: WriteOptions = DEFAULT_OPTIONS,
) -> tuple[bytes, set[str]]:
    theme = presentation.theme
    # The theme folder is the base URL: the HTML names its stylesheet and logo relative
    # to it, and the stylesheet names its fonts relative to itself.
    html = HTML(
        string=render_html(presentation),
        base_url=theme_url(theme.folders, theme.root) + "/",
        url_fetcher=fetcher,
    )
    with _captured() as missing:
        # No pdf_identifier: WeasyPrint then writes no /ID, and the dates come from the
        # HTML (build_timestamp), so identical input gives identical bytes. PDF/UA-1 tags
        # the structure (headings, lists, tables with header cells, the logo's alt text)
        # for screen readers and writes XMP metadata; it takes no randomness either.
        # The theme's sheets, then the generated one (brand values and page geometry), as
        # the cascade wants them; an inherited theme's sheets live in their own folders.
        sheets = [
            *resources.theme_sheets(theme, fetcher),
            CSS(string=theme_stylesheet(presentation), font_config=resources.fonts),
        ]
        pdf: bytes = html.write_pdf(
            stylesheets=sheets,
            font_config=resources.fonts,
            cache=resources.images,
            pdf_variant=options.pdf_variant or PDF_VARIANT,
            pdf_tags=True,  # an archival PDF stays tagged, as the default one is
            attachments=(
                _attachments(presentation.document, options.sources)
                if options.pdf_variant
                else None
            ),
        )
    return pdf, missing.characters


def render_pdf(
    document: Document,
    theme: Theme,
    fetcher: ThemeFetcher | None = None,
    options: WriteOptions = DEFAULT_OPTIONS,
) -> tuple[bytes, list[Diagnostic]]:
    """The handbook as PDF bytes, and warnings; `fetcher` (default: a fresh one) serves assets.

    A font the theme names that neither its stylesheets declare nor is installed is a
    warning naming the font: WeasyPrint would set the text in a fallback font unnoticed.

    A given fetcher gets fonts and images loaded afresh, so it sees every request; by
    default the theme's fonts and images, once loaded, serve every PDF this process writes.

    A character no installed font can draw is printed as its code point, `[U+XXXX]`, with a
    warning: WeasyPrint encodes a font holding a missing glyph in a way pypdf and poppler
    misread, which garbles the extracted text of everything else set in that font.
    (Pango treats U+FFFD itself as a missing glyph, so it cannot stand in.)
    """
    resources = _shared(theme) if fetcher is None else _Resources()
    fetcher = fetcher or ThemeFetcher(*theme.folders)
    names: dict[str, str] = {}
    warnings = print_warnings(theme)

    def print_code_points(characters: set[str]) -> Document:
        for character in sorted(characters):
            names[character] = f"[U+{ord(character):04X}]"
            warnings.append(
                Diagnostic(
                    document.path,
                    _first_line_with(document, character),
                    1,
                    "warning",
                    f"no installed font can show U+{ord(character):04X}; "
                    "the PDF prints its code point",
                )
            )
        return map_text(document, _Translate(str.maketrans(names)))

    # Ask fontconfig first, so a large document is not laid out twice.
    texts = "".join(text.text for _, text in located_texts(document))
    unknown = coverage.missing(texts, _theme_fonts(theme))
    shown = print_code_points(unknown) if unknown else document
    pdf, missing = _render(present(shown, theme), fetcher, resources, options)
    # Pango may still miss a glyph fontconfig promised: lay out again until none is missing.
    for _ in range(_MAX_PASSES):
        if not missing:
            break
        shown = print_code_points(missing - set(names))
        pdf, missing = _render(present(shown, theme), fetcher, resources, options)
    return pdf, warnings


def _theme_fonts(theme: Theme) -> tuple[Path, ...]:
    """The font files the theme's stylesheets may use (they count as drawing their glyphs),
    in every folder of its chain: an inheriting theme uses its parent's fonts."""
    suffixes = {".ttf", ".otf", ".woff", ".woff2"}
    return tuple(
        sorted(
            path
            for folder in theme.folders
            for path in folder.rglob("*")
            if path.suffix.lower() in suffixes
        )
    )


class _Translate:
    """A text mapping that applies one `str.translate` table."""

    def __init__(self, table: dict[int, str]) -> None:
        self.table = table

    def __call__(self, text: str) -> str:
        return text.translate(self.table)


def _first_line_with(document: Document, character: str) -> int:
    """The source line of the first text holding `character` (else 1)."""
    return next((line for line, text in located_texts(document) if character in text.text), 1)


def _attachments(document: Document, sources: tuple[SourceFile, ...]) -> list[Attachment]:
    """What an archival PDF carries: the sources it was made from, as read, and the model.

    Dated with the build's timestamp, and named relative to the sources' root, so the
    same inputs give the same bytes wherever they are built.
    """
    stamp = build_timestamp()
    found = [
        Attachment(
            string=source.data,
            name=source.name,
            description="A Markdown source this document was made from",
            created=stamp,
            modified=stamp,
            relationship="Source",
        )
        for source in sources
    ]
    # A source's model names it as its attachment does, not by the build's own path; a
    # handbook keeps its own name, even with one chapter.
    one = len(sources) == 1 and not document.is_handbook
    named = replace(document, path=sources[0].name) if one else document
    model = json.dumps(document_data(named), ensure_ascii=False, indent=2, sort_keys=True)
    found.append(
        Attachment(
            string=model.encode("utf-8"),
            name=f"{document.meta.slug or 'document'}.model.json",
            description="The document as jobarch read it (jobarch model)",
            created=stamp,
            modified=stamp,
            relationship="Data",
        )
    )
    return found


def write(
    document: Document, theme: Theme, path: Path, options: WriteOptions = DEFAULT_OPTIONS
) -> list[Diagnostic]:
    """Write the document as a branded PDF handbook to `path`; return the warnings."""
    pdf, warnings = render_pdf(document, theme, options=options)
    path.write_bytes(pdf)
    return warnings
