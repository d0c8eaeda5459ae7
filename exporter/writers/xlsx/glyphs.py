"""Glyph advances and line pitches no likely fallback font exceeds, for sizing XLSX rows.

A workbook names its font (the theme's) but cannot carry it, so LibreOffice and Excel draw
cells in whatever sans font the reader has. `glyphs.json` holds, per character, the
widest advance among the fonts they substitute on Linux, Windows and macOS (DejaVu Sans,
Noto Sans, Liberation Sans with Arial's metrics, and the brand's Source Sans 3; italics
included), and the line pitch of scripts whose fonts are taller than Latin ones. Rebuild
it from the repository root, with fonts-dejavu-core, fonts-liberation2, fonts-noto-core
and fonts-noto-cjk installed: `python -m exporter.writers.xlsx.glyphs`.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).with_name("glyphs.json")

# Where a table lacks a character: an East Asian wide ideograph or kana takes a full em in
# every CJK font; emoji and other wide symbols take Noto Color Emoji's 1.25 em; a letter
# of a script none of the fonts has is assumed to be no wider than an em.
WIDE_EM = 1.0
EMOJI_EM = 1.3
OTHER_EM = 1.0

_SANS = "/usr/share/fonts/truetype"
_THEME_FONTS = Path("exporter/themes/default/fonts")
# (regular faces, bold faces) measured for the table; italics share their weight's table.
SANS_FONTS = (
    [
        f"{_SANS}/dejavu/DejaVuSans.ttf",
        f"{_SANS}/dejavu/DejaVuSans-Oblique.ttf",
        f"{_SANS}/noto/NotoSans-Regular.ttf",
        f"{_SANS}/noto/NotoSans-Italic.ttf",
        f"{_SANS}/liberation2/LiberationSans-Regular.ttf",
        f"{_SANS}/liberation2/LiberationSans-Italic.ttf",
        *(
            str(_THEME_FONTS / f"source-sans-3-{s}-400-{k}.ttf")
            for s in ("latin", "latin-ext")
            for k in ("normal", "italic")
        ),
    ],
    [
        f"{_SANS}/dejavu/DejaVuSans-Bold.ttf",
        f"{_SANS}/dejavu/DejaVuSans-BoldOblique.ttf",
        f"{_SANS}/noto/NotoSans-Bold.ttf",
        f"{_SANS}/noto/NotoSans-BoldItalic.ttf",
        f"{_SANS}/liberation2/LiberationSans-Bold.ttf",
        f"{_SANS}/liberation2/LiberationSans-BoldItalic.ttf",
        *(
            str(_THEME_FONTS / f"source-sans-3-{s}-700-{k}.ttf")
            for s in ("latin", "latin-ext")
            for k in ("normal", "italic")
        ),
    ],
)
# Code spans are set in the theme's monospace font (DejaVu Sans Mono by default).
MONO_FONTS = [
    f"{_SANS}/dejavu/DejaVuSansMono.ttf",
    f"{_SANS}/dejavu/DejaVuSansMono-Bold.ttf",
    f"{_SANS}/liberation2/LiberationMono-Regular.ttf",
    f"{_SANS}/liberation2/LiberationMono-Bold.ttf",
]
# Fonts of other scripts, for their line pitch: a line holding Arabic or Myanmar is
# drawn in a font up to twice as tall as a Latin one.
SCRIPT_FONT_GLOBS = ["/usr/share/fonts/truetype/noto/*.ttf", "/usr/share/fonts/opentype/noto/*.ttc"]
# Pitches up to this many em are covered by the Latin line pitch and are not listed.
LISTED_PITCH = 1.43


@dataclass(frozen=True)
class Glyphs:
    """The table: advances (em) by code point per weight, monospace advance, tall scripts."""

    regular: dict[int, float]
    bold: dict[int, float]
    mono: float
    tall_firsts: list[int]
    tall: list[tuple[int, float]]  # per listed range: (last code point, pitch in em)


def _unpack(runs: list[list[Any]]) -> dict[int, float]:
    """[[first code point, [advance in thousandths of an em, ...]], ...] -> {code point: em}."""
    return {first + i: width / 1000 for first, widths in runs for i, width in enumerate(widths)}


@cache
def glyphs() -> Glyphs:
    """The table shipped beside this module."""
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    tall = sorted(data["tall"])
    return Glyphs(
        regular=_unpack(data["regular"]),
        bold=_unpack(data["bold"]),
        mono=data["mono"] / 1000,
        tall_firsts=[first for first, _last, _pitch in tall],
        tall=[(last, pitch / 1000) for _first, last, pitch in tall],
    )


def wide(char: str) -> bool:
    """Whether an East Asian reader's fonts draw the character a full em wide."""
    return unicodedata.east_asian_width(char) in "WF"


def _untabled(char: str) -> float:
    """The advance of a character the table lacks, in em."""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return 0.0  # combining marks and format characters take no room of their own
    if not wide(char):
        return OTHER_EM
    return EMOJI_EM if category == "So" else WIDE_EM


def advance(char: str, bold: bool = False, mono: bool = False) -> float:
    """The widest advance of `char` in any likely fallback font, in em."""
    table = glyphs()
    em = (table.bold if bold else table.regular).get(ord(char))
    if em is None:
        em = _untabled(char)
    return max(em, table.mono) if mono else em


def pitch(char: str) -> float:
    """The line pitch (em) of the tallest font likely to draw `char`; 0 when a Latin one."""
    table = glyphs()
    if ord(char) in table.regular:
        return 0.0
    index = bisect_right(table.tall_firsts, ord(char)) - 1
    if index >= 0:
        last, em = table.tall[index]
        if ord(char) <= last:
            return em
    return 0.0


# ------------------------------------------------------------------ building the table


def _font_pitch(font: Any) -> float:
    """A font's line pitch in em: the larger of its hhea and Windows metrics."""
    upm = font["head"].unitsPerEm
    hhea = font["hhea"]
    os2 = font["OS/2"]
    tallest = max(hhea.ascent - hhea.descent + hhea.lineGap, os2.usWinAscent + os2.usWinDescent)
    return float(tallest / upm)


def _open(path: str) -> Any:
    from fontTools.ttLib import TTFont

    return TTFont(path, fontNumber=0, lazy=True)


def _advances(paths: Iterable[str]) -> dict[int, float]:
    """Per code point, the widest advance among the fonts (em); wide and control ones left out."""
    widths: dict[int, float] = {}
    for path in paths:
        font = _open(path)
        upm = font["head"].unitsPerEm
        metrics = font["hmtx"]
        for code, glyph in font.getBestCmap().items():
            char = chr(code)
            if wide(char) or unicodedata.category(char) in ("Cc", "Cs"):
                continue
            widths[code] = max(widths.get(code, 0.0), metrics[glyph][0] / upm)
    return widths


def _thousandths(em: float) -> int:
    return math.ceil(round(em * 1000, 6))  # rounded up: the table must never be narrower


def _pack(widths: dict[int, float]) -> list[list[Any]]:
    runs: list[list[Any]] = []
    for code in sorted(widths):
        if runs and runs[-1][0] + len(runs[-1][1]) == code:
            runs[-1][1].append(_thousandths(widths[code]))
        else:
            runs.append([code, [_thousandths(widths[code])]])
    return runs


def _tall_ranges(paths: Iterable[str], latin: set[int]) -> list[list[int]]:
    """[first, last, pitch in thousandths] for code points whose fonts are taller than Latin."""
    tallest: dict[int, float] = {}
    for path in paths:
        font = _open(path)
        font_pitch = _font_pitch(font)
        if font_pitch <= LISTED_PITCH:
            continue
        for code in font.getBestCmap():
            if code not in latin and unicodedata.category(chr(code)) not in ("Cc", "Zs"):
                tallest[code] = max(tallest.get(code, 0.0), font_pitch)
    ranges: list[list[int]] = []
    for code in sorted(tallest):
        value = _thousandths(tallest[code])
        # A range may span code points no font has: `pitch` asks the sans table first.
        if ranges and ranges[-1][2] == value:
            ranges[-1][1] = code
        else:
            ranges.append([code, code, value])
    return ranges


def build(
    regular: list[str], bold: list[str], mono: list[str], scripts: list[str]
) -> dict[str, Any]:
    """The table's JSON content, measured from the given font files."""
    regular_widths, bold_widths = _advances(regular), _advances(bold)
    mono_em = max(max(_advances([path]).values()) for path in mono) if mono else 0.0
    # A character the sans fonts draw keeps their pitch, whatever else also has it.
    latin = set(regular_widths) | set(bold_widths)
    return {
        "about": sys.modules[__name__].__doc__,
        "fonts": sorted(Path(path).name for path in [*regular, *bold, *mono]),
        "mono": _thousandths(mono_em),
        "regular": _pack(regular_widths),
        "bold": _pack(bold_widths),
        "tall": _tall_ranges(scripts, latin),
    }


def _lines(data: dict[str, Any]) -> Iterator[str]:
    """JSON with one run per line, so a rebuild's diff shows what changed."""
    yield "{"
    keys = list(data)
    for position, key in enumerate(keys):
        comma = "," if position < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list) and value and isinstance(value[0], list):
            yield f"  {json.dumps(key)}: ["
            for index, item in enumerate(value):
                tail = "," if index < len(value) - 1 else ""
                yield f"    {json.dumps(item, separators=(',', ':'))}{tail}"
            yield f"  ]{comma}"
        else:
            yield f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}"
    yield "}"


def main() -> None:
    """Rebuild the table from the installed fonts and the theme's (run from the repository)."""
    import glob

    scripts = sorted(path for pattern in SCRIPT_FONT_GLOBS for path in glob.glob(pattern))
    data = build(SANS_FONTS[0], SANS_FONTS[1], MONO_FONTS, scripts)
    TABLE.write_text("\n".join(_lines(data)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
