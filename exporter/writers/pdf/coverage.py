"""Which characters some installed font can draw, asked of fontconfig before any layout.

A character no font has makes WeasyPrint encode its font in a way PDF readers misread, so
the PDF writer prints such characters as their code points. Finding them only after a
layout meant laying a large document out twice; asking fontconfig (the library Pango
finds fonts with, through cffi) first finds them in milliseconds.
"""

from __future__ import annotations

import ctypes.util
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from cffi import FFI

_CDEF = """
typedef int FcBool;
typedef unsigned int FcChar32;
typedef struct _FcPattern FcPattern;
typedef struct _FcObjectSet FcObjectSet;
typedef struct _FcCharSet FcCharSet;
typedef struct _FcConfig FcConfig;
typedef struct { int nfont; int sfont; FcPattern **fonts; } FcFontSet;
typedef int FcResult;
FcPattern *FcPatternCreate (void);
void FcPatternDestroy (FcPattern *p);
FcObjectSet *FcObjectSetBuild (const char *first, ...);
void FcObjectSetDestroy (FcObjectSet *os);
FcFontSet *FcFontList (FcConfig *config, FcPattern *p, FcObjectSet *os);
void FcFontSetDestroy (FcFontSet *s);
FcResult FcPatternGetCharSet (const FcPattern *p, const char *object, int n, FcCharSet **c);
FcBool FcCharSetHasChar (const FcCharSet *fcs, FcChar32 ucs4);
FcPattern *FcFreeTypeQuery (const char *file, int id, void *blanks, int *count);
"""
_NAMES = ("libfontconfig.so.1", "fontconfig", "libfontconfig-1", "libfontconfig.1.dylib")
_MATCH = 0  # FcResultMatch


class _Fonts:
    """The character sets of every installed font, held for this process."""

    def __init__(self) -> None:
        self.ffi = FFI()
        self.ffi.cdef(_CDEF)
        self.library: Any = self._open()
        pattern = self.library.FcPatternCreate()
        objects = self.library.FcObjectSetBuild(b"charset", self.ffi.cast("char *", 0))
        self.fonts = self.library.FcFontList(self.ffi.NULL, pattern, objects)
        self.library.FcObjectSetDestroy(objects)
        self.library.FcPatternDestroy(pattern)
        charset = self.ffi.new("FcCharSet **")
        self.charsets: list[Any] = []
        self.patterns: list[Any] = []
        for index in range(self.fonts.nfont if self.fonts != self.ffi.NULL else 0):
            if (
                self.library.FcPatternGetCharSet(self.fonts.fonts[index], b"charset", 0, charset)
                == _MATCH
            ):
                self.charsets.append(charset[0])

    def add(self, path: Path) -> None:
        """Count a font file of the theme's (not installed, but the PDF uses it) too."""
        count = self.ffi.new("int *")
        pattern = self.library.FcFreeTypeQuery(str(path).encode(), 0, self.ffi.NULL, count)
        if pattern == self.ffi.NULL:
            return
        charset = self.ffi.new("FcCharSet **")
        if self.library.FcPatternGetCharSet(pattern, b"charset", 0, charset) == _MATCH:
            self.charsets.append(charset[0])
        self.patterns.append(pattern)  # the charset lives as long as its pattern

    def _open(self) -> Any:
        found = ctypes.util.find_library("fontconfig")
        for name in (found, *_NAMES) if found else _NAMES:
            try:
                return self.ffi.dlopen(name)
            except OSError:
                continue
        raise OSError("fontconfig is not installed; the PDF writer needs it too")

    def has(self, character: str) -> bool:
        """Whether any installed font draws `character`."""
        code = ord(character)
        return any(self.library.FcCharSetHasChar(charset, code) for charset in self.charsets)


@cache
def _fonts(theme_fonts: tuple[Path, ...]) -> _Fonts:
    fonts = _Fonts()
    for path in theme_fonts:
        fonts.add(path)
    return fonts


def missing(characters: Iterable[str], theme_fonts: tuple[Path, ...] = ()) -> set[str]:
    """The characters neither an installed font nor one of `theme_fonts` can draw.

    ASCII is taken as drawn (every system has a font for it); white space never counts.
    """
    wanted = {c for c in set(characters) if ord(c) > 0x7F and not c.isspace()}
    if not wanted:
        return set()
    fonts = _fonts(theme_fonts)
    return {character for character in wanted if not fonts.has(character)}
