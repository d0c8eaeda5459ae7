"""Where Pango may break a line: the same UAX #14 rules the PDF's layout follows.

The long-word limit measures stretches of text with no break opportunity, because
WeasyPrint's layout time grows steeply with their length. Counting white space instead
(a regular expression's `\\s`) is wrong both ways: a no-break space joins words for Pango,
and CJK text breaks between characters. So the limit asks Pango itself, through cffi (a
dependency of WeasyPrint), without importing WeasyPrint.
"""

from __future__ import annotations

import ctypes.util
import itertools
from functools import cache
from typing import Any

from cffi import FFI

_CDEF = """
typedef struct _PangoLanguage PangoLanguage;
typedef struct {
    unsigned int is_line_break : 1;
    unsigned int is_mandatory_break : 1;
    unsigned int is_char_break : 1;
    unsigned int is_white : 1;
    unsigned int is_cursor_position : 1;
    unsigned int is_word_start : 1;
    unsigned int is_word_end : 1;
    unsigned int is_sentence_boundary : 1;
    unsigned int is_sentence_start : 1;
    unsigned int is_sentence_end : 1;
    unsigned int backspace_deletes_character : 1;
    unsigned int is_expandable_space : 1;
    unsigned int is_word_boundary : 1;
} PangoLogAttr;
PangoLanguage *pango_language_from_string (const char *language);
void pango_get_log_attrs (const char *text, int length, int level,
                          PangoLanguage *language, PangoLogAttr *attrs, int attrs_len);
"""
_NAMES = ("libpango-1.0.so.0", "pango-1.0", "libpango-1.0-0", "libpango-1.0.dylib")


@cache
def _pango() -> tuple[FFI, Any, Any]:
    ffi = FFI()
    ffi.cdef(_CDEF)
    found = ctypes.util.find_library("pango-1.0")
    for name in (found, *_NAMES) if found else _NAMES:
        try:
            library: Any = ffi.dlopen(name)
        except OSError:
            continue
        return ffi, library, library.pango_language_from_string(b"en")
    raise OSError("Pango (libpango-1.0) is not installed; the PDF writer needs it too")


def _breaks(text: str) -> list[int]:
    """The offsets (between 1 and len(text) - 1) where Pango may break a line."""
    ffi, pango, language = _pango()
    data = text.encode("utf-8")
    attrs = ffi.new("PangoLogAttr[]", len(text) + 1)
    pango.pango_get_log_attrs(data, len(data), -1, language, attrs, len(text) + 1)
    return [
        index
        for index in range(1, len(text))
        if attrs[index].is_line_break or attrs[index].is_mandatory_break
    ]


def runs(text: str) -> list[str]:
    """`text` cut where Pango may break a line: joined again, the runs are the text."""
    cuts = [0, *_breaks(text), len(text)] if text else []
    return [text[start:end] for start, end in itertools.pairwise(cuts)]


def longest_unbreakable(text: str) -> int:
    """Length, in characters, of the longest stretch of `text` Pango cannot break."""
    if not text:
        return 0
    ffi, pango, language = _pango()
    data = text.encode("utf-8")
    attrs = ffi.new("PangoLogAttr[]", len(text) + 1)
    pango.pango_get_log_attrs(data, len(data), -1, language, attrs, len(text) + 1)
    longest = start = 0
    for index in range(1, len(text) + 1):
        attr = attrs[index]
        if attr.is_line_break or attr.is_mandatory_break or index == len(text):
            longest = max(longest, index - start)
            start = index
    return longest
