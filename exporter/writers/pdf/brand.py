"""The theme as CSS for handbook.css to use: custom properties, the page, running texts."""

from __future__ import annotations

from ...placeholders import Placeholder
from ...presentation import Presentation, Running
from ...presentation.running import Slot

# How CSS prints what only the layout knows.
_FIELDS = {"page": "counter(page)", "pages": "counter(pages)", "section": "string(section)"}


def theme_stylesheet(presentation: Presentation) -> str:
    """CSS custom properties, page sizes and margins, for handbook.css to use."""
    theme = presentation.theme
    colours = theme.colours
    fonts = theme.fonts
    properties = {
        "--primary": colours.primary,
        "--accent": colours.accent,
        "--text": colours.text,
        "--muted": colours.muted,
        "--on-primary": colours.on_primary,
        "--band": colours.band,
        "--border": colours.border,
        # Derived tints keep the focus column readable on white and on banded rows.
        "--accent-soft": presentation.tints.focus,
        "--accent-soft-band": presentation.tints.focus_band,
        "--font-body": css_string(fonts.body),
        "--font-heading": css_string(fonts.heading),
        "--font-mono": css_string(fonts.mono),
        "--font-size": f"{fonts.size:g}pt",
    }
    lines = [":root {", *(f"  {name}: {value};" for name, value in properties.items()), "}"]
    # A line broken at a soft hyphen ends in WeasyPrint's hyphen, U+2010, which many fonts
    # lack (Source Sans 3 among them); a glyph missing from a font garbles the extracted
    # text of all that font sets. Every font has the ASCII hyphen-minus.
    lines.append('html { hyphenate-character: "-"; }')
    # var() is not allowed in `size` or `margin` of @page, so they are written out here.
    size = theme.page.size
    first = f"{size} landscape" if presentation.landscape_document else size
    margins = " ".join(f"{value:g}mm" for value in presentation.portrait.margins_mm)
    lines += [
        f"@page {{ size: {first}; margin: {margins}; }}",
        f"@page wide {{ size: {size} landscape; }}",
        *margin_boxes(presentation.running),
    ]
    return "\n".join(lines) + "\n"


def margin_boxes(running: Running) -> list[str]:
    """The running header and footer as the contents of the page's margin boxes.

    handbook.css styles the boxes; their texts come from the theme only, so a theme
    changes them without touching CSS. The first page's header is left to the title block.
    """
    lines = ["@page {"]
    for edge, band in (("top", running.header), ("bottom", running.footer)):
        for position, slot in band.slots:
            lines.append(f"  @{edge}-{position} {{ content: {_content(slot)}; }}")
    return [*lines, "}"]


def _content(slot: Slot) -> str:
    if not slot:
        return "none"
    return " ".join(
        _FIELDS[piece.name] if isinstance(piece, Placeholder) else css_string(piece)
        for piece in slot
    )


def css_string(text: str) -> str:
    """A CSS string literal for any text; `<` is escaped so it cannot close a <style>."""
    escaped = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\{ord(char):X} ")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
