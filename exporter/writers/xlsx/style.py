"""The theme turned into openpyxl styles, and the sheet set-up every XLSX sheet shares."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from ...theme import Colours, Theme
from .text import RunStyle

PAPER_SIZES = {
    "A4": Worksheet.PAPERSIZE_A4,
    "Letter": Worksheet.PAPERSIZE_LETTER,
    "Legal": Worksheet.PAPERSIZE_LEGAL,
}
MM_PER_INCH = 25.4
# Where the running header and footer sit, in inches from the paper's edge, at most
# half the margin they print in.
HEADER_DISTANCE = 0.3


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
        # Office files name fonts the reader's machine has: the theme's Office fonts.
        fonts = theme.office_fonts
        body = RunStyle(
            font=fonts.body,
            mono=fonts.mono,
            size=theme.fonts.size,
            colour=hexes["text"],
            link_colour=hexes["primary"],
        )
        on_primary = hexes["on_primary"]
        header = RunStyle(
            font=fonts.heading,
            mono=fonts.mono,
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


def page_setup(
    sheet: Worksheet, theme: Theme, repeat_first_column: bool, landscape: bool = True
) -> None:
    """The theme's paper and margins, orientation, fit to width, repeated header row."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = PAPER_SIZES[theme.page_size]
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    top, right, bottom, left = (mm / MM_PER_INCH for mm in theme.page.margins_mm)
    sheet.page_margins = PageMargins(
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        header=min(HEADER_DISTANCE, top / 2),
        footer=min(HEADER_DISTANCE, bottom / 2),
    )
    sheet.print_title_rows = "1:1"
    if repeat_first_column:
        sheet.print_title_cols = "A:A"


def sheet_view(sheet: Worksheet, freeze: str, tab_colour: str | None = None) -> None:
    """Freeze panes at `freeze`, hide gridlines (cells carry borders), colour the tab."""
    sheet.freeze_panes = freeze
    sheet.sheet_view.showGridLines = False
    if tab_colour:
        sheet.sheet_properties.tabColor = tab_colour
