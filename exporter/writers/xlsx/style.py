"""The theme turned into openpyxl styles, and the sheet set-up every XLSX sheet shares."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from ...theme import Colours, Theme
from .text import RunStyle

PAPER_SIZES = {"A4": Worksheet.PAPERSIZE_A4, "Letter": Worksheet.PAPERSIZE_LETTER}
# Excel rejects a header or footer longer than 255 characters in all, formatting codes
# included: each of the two texts in a header gets a share that keeps the sum below it.
_HEADER_TITLE_CHARS = 80


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two RRGGBB colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class Palette:
    """Every font, fill, border and alignment the sheets use, derived from one Theme."""

    body: RunStyle
    header: RunStyle
    focus_header: RunStyle
    label: RunStyle
    header_fill: PatternFill
    focus_fill: PatternFill
    band_fill: PatternFill
    border: Border
    focus_border: Border
    header_align: Alignment
    body_align: Alignment

    @staticmethod
    def from_theme(theme: Theme) -> Palette:
        """Build the palette; no colour or font below comes from anywhere but the theme."""
        hexes = {name: Colours.hex(value) for name, value in asdict(theme.colours).items()}
        body = RunStyle(
            font=theme.fonts.body,
            mono=theme.fonts.mono,
            size=theme.fonts.size,
            colour=hexes["text"],
            link_colour=hexes["primary"],
        )
        on_primary = hexes["on_primary"]
        header = RunStyle(
            font=theme.fonts.heading,
            mono=theme.fonts.mono,
            size=theme.fonts.size,
            colour=on_primary,
            link_colour=on_primary,
            bold=True,
        )
        # The accent may be light (amber) or dark: set the focus header in whichever of the
        # two theme text colours reads better on it.
        accent = hexes["accent"]
        on_accent = max((on_primary, hexes["text"]), key=lambda ink: contrast(ink, accent))
        focus_header = replace(header, colour=on_accent, link_colour=on_accent)
        label = replace(header, colour=hexes["primary"], link_colour=hexes["primary"])
        thin = Side(style="thin", color=hexes["border"])
        accent_side = Side(style="medium", color=accent)
        return Palette(
            body=body,
            header=header,
            focus_header=focus_header,
            label=label,
            header_fill=PatternFill(fill_type="solid", fgColor=hexes["primary"]),
            focus_fill=PatternFill(fill_type="solid", fgColor=accent),
            band_fill=PatternFill(fill_type="solid", fgColor=hexes["band"]),
            border=Border(left=thin, right=thin, top=thin, bottom=thin),
            focus_border=Border(left=accent_side, right=accent_side, top=thin, bottom=thin),
            header_align=Alignment(wrap_text=True, vertical="center", horizontal="left", indent=1),
            body_align=Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1),
        )

    @staticmethod
    def font(style: RunStyle) -> Font:
        """The cell font for a run style (plain strings in the cell take this font)."""
        return Font(name=style.font, size=style.size, bold=style.bold, color=style.colour)


def _header_text(text: str) -> str:
    """Text safe inside a header/footer: one line, `&` escaped, within its share of 255."""
    one_line = " ".join(text.split())
    escaped = one_line.replace("&", "&&")
    while len(escaped) > _HEADER_TITLE_CHARS:
        # Cut the text, not the escaped form, so no lone `&` is left to start a code.
        one_line = one_line[:-1]
        escaped = one_line.rstrip().replace("&", "&&") + "\u2026"
    return escaped


def page_setup(
    sheet: Worksheet,
    theme: Theme,
    header_title: str,
    footer_title: str,
    repeat_first_column: bool,
    landscape: bool = True,
) -> None:
    """Orientation, fit to width, repeated header row, margins, running header and footer."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = PAPER_SIZES[theme.page_size]
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(
        left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3
    )
    sheet.print_title_rows = "1:1"
    if repeat_first_column:
        sheet.print_title_cols = "A:A"

    muted = Colours.hex(theme.colours.muted)
    size = max(6, round(theme.fonts.size))
    header, footer = sheet.oddHeader, sheet.oddFooter
    header.left.text = _header_text(theme.organisation)
    header.left.font = f"{theme.fonts.heading},Bold"
    header.center.text = _header_text(header_title)
    header.center.font = f"{theme.fonts.heading},Bold"
    footer.left.text = _header_text(footer_title)
    footer.right.text = "Page &P of &N"
    for part in (header.left, header.center, footer.left, footer.right):
        part.size = size
        part.color = muted
        # An empty part would still write its formatting codes.
        part.text = part.text or None


def sheet_view(sheet: Worksheet, freeze: str, tab_colour: str | None = None) -> None:
    """Freeze panes at `freeze`, hide gridlines (cells carry borders), colour the tab."""
    sheet.freeze_panes = freeze
    sheet.sheet_view.showGridLines = False
    if tab_colour:
        sheet.sheet_properties.tabColor = tab_colour
