"""Row heights that show every line of wrapped text, and where to cut a cell taller than a row.

Readers do not fit rows to wrapped text on opening a workbook (LibreOffice 7.4 keeps the
stored height, Excel keeps it when it is marked custom, as openpyxl marks it), so a row
holds what its stored height holds. The theme font is rarely installed where the workbook
is read, so the height is for the widest and tallest font a reader is likely to draw in
(`glyphs`), in the narrowest column a reader prints, with lines broken only where
every reader may break them: more lines than any reader shows, never fewer.
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

from ...model import RichText
from .glyphs import advance, pitch, wide
from .text import RunStyle

# Excel's ceiling for a row, in points.
MAX_ROW_HEIGHT = 409.0
# A column-width unit as narrow as it prints: Excel's 7 pixels (5.25 pt); LibreOffice's is
# 5.6 to 7.0 pt, after the font it takes for the workbook's default font.
PT_PER_UNIT = 5.25
# Left plus right cell margins, and one level of indent (the sheets indent every cell by
# one): three spaces of the widest default-font fallback, DejaVu Sans at 11 pt.
MARGINS_PT = 4.0
INDENT_PT = 10.5
# Screen advances are whole pixels and kerning may be off: each glyph gets 5 % more room.
WIDTH_SAFETY = 1.05
# Line pitch in font sizes: Noto Sans takes 1.36 printed (1.41 on screen), Source Sans 3
# 1.42. A line holding East Asian wide characters takes Noto Sans CJK's 1.45 (1.49 on
# screen); one in a script whose font is taller takes that font's pitch and 10 % more.
LINE_EM = 1.5
WIDE_LINE_EM = 1.6
TALL_MARGIN = 1.1
# Top plus bottom padding.
PADDING_PT = 4.0
# A tab moves to the next stop; LibreOffice's stops are 1.25 cm apart.
TAB_PT = 36.0
# Heights are whole pixels at 96 dpi, so no reader rounds one down.
PIXEL_PT = 0.75

_SPACES = " \t\u3000"
_PARAGRAPH_ENDS = "\n\r"
# Small kana may not start a line under strict Japanese rules.
_SMALL_KANA = frozenset(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ" + "".join(map(chr, range(0x31F0, 0x3200)))
)
# Inside a word too long for a line, LibreOffice breaks after these (checked with 7.4),
# Excel at the last character that fits: the estimate breaks where either would break first.
_BREAK_AFTER = frozenset("-/?!|\u2010\u2013\u2014")


@dataclass(frozen=True)
class Measured:
    """A cell's text with each character's advance, in em of the cell's font size."""

    text: str
    advances: tuple[float, ...]
    size: float


def measure(text: RichText, style: RunStyle) -> Measured:
    """The text as a cell in `style` sets it: bold and code spans take their own widths."""
    tab = TAB_PT / style.size
    ems: list[float] = []
    for span in text.spans:
        ems.extend(_advances(span.text, style.bold or span.bold, span.code))
    if "\t" in text.text:
        ems = [tab if char == "\t" else em for char, em in zip(text.text, ems, strict=True)]
    return Measured(text.text, tuple(ems), style.size)


# Per character, what the per-character rules below work out, kept per process: a cell's
# characters were looked up one call at a time, most of a workbook's time. Each memo is
# cleared when it grows past _MEMO_LIMIT distinct characters (a source of every script).
_MEMO_LIMIT = 65536
_T = TypeVar("_T")
_ADVANCES: dict[tuple[bool, bool], dict[str, float]] = {}  # per (bold, code)
_KINDS: dict[str, int] = {}
_PITCHES: dict[str, float] = {}


def _remembered(memo: dict[str, _T], text: str, rule: Callable[[str], _T]) -> list[_T]:
    """`rule` of each character of `text`, each distinct character worked out once."""
    missing = set(text).difference(memo)
    if len(memo) + len(missing) > _MEMO_LIMIT:
        memo.clear()
        missing = set(text)
    for char in missing:
        memo[char] = rule(char)
    return [memo[char] for char in text]


def _advances(text: str, bold: bool, code: bool) -> list[float]:
    """Each character's advance in em (tabs too, as any other character)."""
    memo = _ADVANCES.setdefault((bold, code), {})
    # White space may be merged into a neighbouring run of another weight.
    return _remembered(memo, text, lambda char: advance(char, bold or char.isspace(), code))


def _room(width: float, size: float) -> float:
    """Room for text in a column `width` units wide, in em of the font size (with safety)."""
    return (width * PT_PER_UNIT - MARGINS_PT - INDENT_PT) / (size * WIDTH_SAFETY)


def _ideograph(char: str) -> bool:
    """A character every reader breaks a line on either side of (CJK ideographs and kana)."""
    return (
        wide(char)
        and unicodedata.category(char) == "Lo"
        and not _hangul(char)
        and char not in _SMALL_KANA
    )


def _hangul(char: str) -> bool:
    # Excel breaks Korean between words, LibreOffice between syllables.
    return "\uac00" <= char <= "\ud7a3"


# What _breaks needs to know of a character, as bits.
_SPACE, _PUNCTUATION, _OPENING, _IDEOGRAPH = 1, 2, 4, 8


def _kind(char: str) -> int:
    category = unicodedata.category(char)
    return (
        (_SPACE if char in _SPACES else 0)
        | (_PUNCTUATION if category.startswith("P") else 0)
        | (_OPENING if category == "Ps" else 0)
        | (_IDEOGRAPH if _ideograph(char) else 0)
    )


def _kinds(text: str) -> list[int]:
    """Each character's kind: white space, punctuation, opening bracket, ideograph."""
    return _remembered(_KINDS, text, _kind)


def _breaks(text: str, start: int, end: int) -> list[int]:
    """Where, in the paragraph text[start:end], every reader may start a new line (UAX #14).

    After white space, unless before punctuation or after an opening bracket (even with
    spaces between), and between two ideographs. Readers that find more places only show
    fewer lines, so leaving some out errs the safe way.
    """
    kinds = _kinds(text[start:end])
    found: list[int] = []
    for index in range(1, end - start):
        kind, before = kinds[index], kinds[index - 1]
        if kind & (_SPACE | _PUNCTUATION):
            continue
        if before & _SPACE:
            back = index - 1
            while back > 0 and kinds[back - 1] & _SPACE:
                back -= 1
            if back > 0 and not kinds[back - 1] & _OPENING:
                found.append(start + index)
        elif before & kind & _IDEOGRAPH:
            found.append(start + index)
    return found


def _inner_break(text: str, start: int, fits: int) -> int:
    """Where a word too long for a line breaks when its line starts at `start` and the
    characters up to `fits` fit: after the last hyphen, slash... that fits, or at `fits`."""
    for index in range(fits, start, -1):
        before = text[index - 1]
        if (before in _BREAK_AFTER and text[index] not in _SPACES) or (
            _hangul(before) and _hangul(text[index])
        ):
            return index
    return fits


def line_starts(measured: Measured, width: float) -> list[int]:
    """Offsets where each line of the cell starts, as wrapped in a column `width` units wide.

    Greedy, as readers wrap: a line takes words while they fit; a word longer than a line
    is broken inside. Every paragraph (after a line break) starts a line; the first is 0.
    """
    text = measured.text
    room = _room(width, measured.size)
    edge = list(accumulate(measured.advances, initial=0.0))  # edge[i]: em before text[i]
    starts: list[int] = []
    start = 0
    while True:
        end = start
        while end < len(text) and text[end] not in _PARAGRAPH_ENDS:
            end += 1
        starts.append(start)
        line = start  # where the current line starts
        breaks = _breaks(text, start, end)
        for cut, after in zip([start, *breaks], [*breaks, end], strict=True):
            content = after
            while content > cut and text[content - 1] in _SPACES:
                content -= 1  # trailing spaces may hang past the edge
            if cut > line and edge[content] - edge[line] <= room:
                continue  # the word fits on the current line
            if cut > line:
                starts.append(cut)
                line = cut
            # A word longer than a line fills lines of its own.
            while edge[content] - edge[line] > room:
                fits = bisect_right(edge, edge[line] + room, line + 1, content + 1) - 1
                fits = max(fits, line + 1)  # a glyph wider than the column still takes a line
                while fits < content and measured.advances[fits] == 0:
                    fits += 1  # a combining mark stays with its letter
                if fits >= content:
                    break  # one glyph wider than the column: it overflows a line of its own
                line = _inner_break(text, line, fits)
                starts.append(line)
        if end == len(text):
            return starts
        start = end + 1


def _pitch(char: str) -> float:
    """The pitch in em of a line holding `char`: taller for wide or tall-script text."""
    return max(LINE_EM, WIDE_LINE_EM if wide(char) else 0.0, pitch(char) * TALL_MARGIN)


def line_pitches(measured: Measured, starts: list[int]) -> list[float]:
    """Per line, its pitch in em of the font size: taller for wide or tall-script text."""
    text = measured.text
    pitches = _remembered(_PITCHES, text, _pitch)
    return [
        max(pitches[start:end], default=LINE_EM)
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True)
    ]


@dataclass(frozen=True)
class Wrapped:
    """A cell's text wrapped in a column: where each line starts, and its pitch in em."""

    measured: Measured
    starts: list[int]
    pitches: list[float]

    @property
    def height(self) -> float:
        """Points the cell needs to show every line."""
        return sum(self.pitches) * self.measured.size + PADDING_PT


def wrap(measured: Measured, width: float) -> Wrapped:
    """The text wrapped in a column `width` units wide, as readers wrap it."""
    starts = line_starts(measured, width)
    return Wrapped(measured, starts, line_pitches(measured, starts))


def text_height(measured: Measured, width: float) -> float:
    """Points a cell needs to show every line of its text in a column `width` units wide."""
    return wrap(measured, width).height


def one_line(measured: Measured, width: float) -> bool:
    """Whether the text fits on one line of a column `width` units wide, in every reader."""
    return len(line_starts(measured, width)) == 1


def row_height(heights: list[float], size: float) -> float:
    """A row's height for cells needing `heights` points: at least one line, whole pixels."""
    need = max([LINE_EM * size + PADDING_PT, *heights])
    return min(math.ceil(need / PIXEL_PT - 1e-9) * PIXEL_PT, MAX_ROW_HEIGHT)


def cuts(wrapped: Wrapped, limit: float = MAX_ROW_HEIGHT) -> list[int]:
    """Offsets where to cut wrapped text so that each piece fits a row of `limit` points.

    Cuts fall where lines start, so each piece wraps as it did in the whole. A piece that
    ends with a line break shows an empty last line, which is counted. One piece, starting
    at 0, when the text fits.
    """
    text, size, starts = wrapped.measured.text, wrapped.measured.size, wrapped.starts
    heights = [em * size for em in wrapped.pitches]
    cuts = [0]
    used = PADDING_PT
    for index, (start, height) in enumerate(zip(starts, heights, strict=True)):
        # Should the piece end after this line, and the next line start a paragraph, the
        # piece ends with the line break: room for the empty line it shows.
        following = starts[index + 1] if index + 1 < len(starts) else 0
        empty_line = LINE_EM * size if text[following - 1 : following] in ("\n", "\r") else 0.0
        # The empty line after a final line break belongs to the piece before it.
        if cuts[-1] < start < len(text) and used + height + empty_line > limit:
            cuts.append(start)
            used = PADDING_PT
        used += height
    return cuts
