"""Which of a theme's fonts a build can find: declared by its stylesheets, or installed.

A font family the PDF cannot find is not an error to WeasyPrint: it quietly sets the text
in a fallback font. The writers turn that into a warning naming the font, and the key
of theme.toml that names it. Office files only name their fonts, which are looked up on
the reader's machine; what the build can know about that is narrower (see office_warnings).
"""

from __future__ import annotations

import ctypes.util
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import tinycss2
from cffi import FFI

from .errors import Diagnostic
from .theme import Theme

FAMILIES = ("body", "heading", "mono")
_CDEF = """
typedef unsigned char FcChar8;
typedef int FcBool;
typedef struct _FcPattern FcPattern;
typedef struct _FcConfig FcConfig;
typedef struct _FcObjectSet FcObjectSet;
typedef struct _FcFontSet { int nfont; int sfont; FcPattern **fonts; } FcFontSet;
FcPattern *FcPatternCreate (void);
FcBool FcPatternAddString (FcPattern *p, const char *object, const FcChar8 *s);
void FcPatternDestroy (FcPattern *p);
FcObjectSet *FcObjectSetCreate (void);
FcBool FcObjectSetAdd (FcObjectSet *os, const char *object);
void FcObjectSetDestroy (FcObjectSet *os);
FcFontSet *FcFontList (FcConfig *config, FcPattern *p, FcObjectSet *os);
void FcFontSetDestroy (FcFontSet *s);
"""
_NAMES = ("libfontconfig.so.1", "fontconfig-1", "libfontconfig-1.dll", "libfontconfig.1.dylib")


@cache
def _fontconfig() -> tuple[FFI, Any]:
    """Fontconfig, the library Pango (and so WeasyPrint) finds installed fonts with."""
    ffi = FFI()
    ffi.cdef(_CDEF)
    found = ctypes.util.find_library("fontconfig")
    for name in (found, *_NAMES) if found else _NAMES:
        try:
            return ffi, ffi.dlopen(name)
        except OSError:
            continue
    raise OSError("fontconfig is not installed; the PDF writer needs it too")


@cache
def installed(family: str) -> bool:
    """Whether a font of this family is installed, as `fc-list "FAMILY"` would list one.

    Only the family's own fonts count: fontconfig's substitutes (Liberation Sans for
    Arial) are other fonts, which is what the warning is about.
    """
    ffi, fc = _fontconfig()
    pattern = fc.FcPatternCreate()
    objects = fc.FcObjectSetCreate()
    try:
        fc.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
        fc.FcObjectSetAdd(objects, b"family")
        fonts = fc.FcFontList(ffi.NULL, pattern, objects)
        try:
            return bool(fonts != ffi.NULL and fonts.nfont > 0)
        finally:
            if fonts != ffi.NULL:
                fc.FcFontSetDestroy(fonts)
    finally:
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)


@cache
def declared(stylesheets: tuple[Path, ...]) -> frozenset[str]:
    """The font families the stylesheets declare with @font-face, case-folded."""
    families: set[str] = set()
    for stylesheet in stylesheets:
        rules = tinycss2.parse_stylesheet(
            stylesheet.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
        )
        for rule in rules:
            if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or not rule.content:
                continue
            for item in tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            ):
                if item.type == "declaration" and item.lower_name == "font-family":
                    families.add(_family(item.value))
    return frozenset(families)


def _family(tokens: Iterable[Any]) -> str:
    """A font-family value: one string, or identifiers joined by spaces (CSS's two forms)."""
    words = [token.value for token in tokens if token.type in ("string", "ident")]
    return " ".join(words).casefold()


def _grouped(keys: Iterable[str], families: Iterable[str]) -> dict[str, list[str]]:
    """Each family, once, with the keys that name it."""
    found: dict[str, list[str]] = {}
    for key, family in zip(keys, families, strict=True):
        found.setdefault(family, []).append(key)
    return found


def print_warnings(theme: Theme) -> list[Diagnostic]:
    """A warning for each print font neither declared by the theme's stylesheets nor installed."""
    names = ", ".join(path.name for path in theme.stylesheets)
    ours = declared(theme.stylesheets)
    keys = [f"fonts.{family}" for family in FAMILIES]
    fonts = [getattr(theme.fonts, family) for family in FAMILIES]
    warnings = []
    for family, named_by in _grouped(keys, fonts).items():
        if family.casefold() in ours or installed(family):
            continue
        file, line = theme.where(named_by[0])
        warnings.append(
            Diagnostic(
                file,
                line,
                1,
                "warning",
                f"{', '.join(named_by)}: font {family!r} is neither declared by an @font-face "
                f"rule in {names} nor installed; the PDF sets that text in a fallback font",
                "ship the font's files with the theme and declare them in its stylesheet, "
                "or install the font",
            )
        )
    return warnings


def font_warnings(theme: Theme, formats: Iterable[str]) -> list[Diagnostic]:
    """The warnings about fonts that writing these formats would give."""
    formats = set(formats)
    office = office_warnings(theme) if formats & {"docx", "xlsx"} else []
    return [*(print_warnings(theme) if "pdf" in formats else []), *office]


def office_warnings(theme: Theme) -> list[Diagnostic]:
    """A warning for each Office font that the theme ships for the PDF and is not installed.

    DOCX and XLSX name their fonts; the reader's machine draws them, or substitutes another
    font. The build cannot know that machine, so it warns only about what it can check: a
    font the theme must ship for its PDF to have it (and this machine lacks) is unlikely to
    be on a reader's machine either.
    """
    ours = declared(theme.stylesheets)
    keys = [f"fonts.office.{family}" for family in FAMILIES]
    fonts = [getattr(theme.office_fonts, family) for family in FAMILIES]
    warnings = []
    for family, named_by in _grouped(keys, fonts).items():
        if family.casefold() not in ours or installed(family):
            continue
        key = named_by[0]
        # Not set: the Office font is the print font, named by the print key.
        file, line = theme.where(key if theme.sets(key) else key.replace(".office", ""))
        warnings.append(
            Diagnostic(
                file,
                line,
                1,
                "warning",
                f"{', '.join(named_by)}: font {family!r} ships with the theme for the PDF only; "
                "DOCX and XLSX name their fonts without embedding them, so readers who lack "
                "it see another font",
                "name a font your readers have in [fonts.office] (for example Calibri, "
                "Arial or Georgia)",
            )
        )
    return warnings
